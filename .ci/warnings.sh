#!/bin/sh
# The whole tree (library, tests and their drivers, tool, examples,
# benchmarks, corpus replay programs and libFuzzer targets) built with clang
# and the project's warning set (-Wall -Wextra -Wpedantic -Wshadow
# -Wconversion -Wsign-conversion ...) as errors. The gcc side is the
# ordinary CI build with SOCIALCAP_WERROR=ON. bench_igraph is built only when
# libigraph-dev is installed; the script says whether it was.
#   usage: .ci/warnings.sh [BUILD_DIR]   (default build-warnings)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-warnings}
jobs=${SOCIALCAP_JOBS:-$(nproc)}
CC=clang CXX=clang++ cmake -S . -B "$build" -DSOCIALCAP_WERROR=ON \
	-DSOCIALCAP_BUILD_FUZZERS=ON >/dev/null
cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1 || {
	grep -E 'error:|warning:' "$build/build.log" | sort -u
	echo "warnings: clang build failed (details in $build/build.log)"
	exit 1
}
if [ -x "$build/bench/bench_igraph" ]; then
	igraph="bench_igraph included"
else
	igraph="bench_igraph not built (no libigraph-dev)"
fi
echo "warnings: clang $(clang -dumpversion) build clean with -Werror; $igraph"
