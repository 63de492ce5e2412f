#!/bin/sh
# clang-tidy over lib/*.c and cli/*.c with the committed .clang-tidy
# (Debian package clang-tidy), one process per core; any finding fails the
# run.
#   usage: .ci/clang-tidy.sh [BUILD_DIR]   (default build-tidy)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-tidy}
jobs=${SOCIALCAP_JOBS:-$(nproc)}
cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_COMPILER=clang \
	-DSOCIALCAP_BUILD_TESTS=OFF -DSOCIALCAP_BUILD_BENCH=OFF \
	-DSOCIALCAP_BUILD_EXAMPLES=OFF >/dev/null
logs=$build/clang-tidy
rm -rf "$logs"
mkdir -p "$logs"
# One log per source file (lib/x.c -> lib_x.c.log), gathered at the end.
# shellcheck disable=SC2016
ls lib/*.c cli/*.c | xargs -P "$jobs" -n 1 sh -c \
	'clang-tidy -p "$0" --quiet "$1" >"$0/clang-tidy/$(echo "$1" | tr / _).log" 2>/dev/null || true' \
	"$build"
log=$build/clang-tidy.log
cat "$logs"/*.log >"$log"
n=$(grep -c ': warning: \|: error: ' "$log" || true)
if [ "$n" -ne 0 ]; then
	grep ': warning: \|: error: ' "$log" | sort -u
	echo "clang-tidy: $n findings (details in $log)"
	exit 1
fi
echo "clang-tidy: no findings in $(ls lib/*.c cli/*.c | wc -l) files"
