#!/bin/sh
# clang-tidy over lib/*.c with the committed .clang-tidy (Debian package
# clang-tidy); any finding fails the run.
#   usage: .ci/clang-tidy.sh [BUILD_DIR]   (default build-tidy)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-tidy}
cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_COMPILER=clang \
	-DSOCIALCAP_BUILD_TESTS=OFF -DSOCIALCAP_BUILD_BENCH=OFF \
	-DSOCIALCAP_BUILD_EXAMPLES=OFF >/dev/null
log=$build/clang-tidy.log
: >"$log"
for f in lib/*.c; do
	clang-tidy -p "$build" --quiet "$f" >>"$log" 2>/dev/null || true
done
n=$(grep -c ': warning: \|: error: ' "$log" || true)
if [ "$n" -ne 0 ]; then
	grep ': warning: \|: error: ' "$log" | sort -u
	echo "clang-tidy: $n findings (details in $log)"
	exit 1
fi
echo "clang-tidy: no findings"
