#!/bin/sh
# Valgrind memcheck over every cmocka test binary (Debian package valgrind):
# any memory error or definite/indirect leak fails the run.
#   usage: .ci/valgrind.sh [BUILD_DIR]   (default build-valgrind)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-valgrind}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSOCIALCAP_BUILD_BENCH=OFF \
	-DSOCIALCAP_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
export SOCIALCAP_TEST_DATA="$PWD/tests/data"
# Valgrind runs threads one at a time: fewer passes keep it short.
export SOCIALCAP_THREADS_ITERATIONS=2
failed=0
count=0
for t in "$build"/tests/*_test; do
	count=$((count + 1))
	if ! valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --track-origins=yes \
		"$t" >"$t.valgrind.log" 2>&1; then
		echo "FAIL: $t (see $t.valgrind.log)"
		grep -E '^==[0-9]+==' "$t.valgrind.log" | head -40
		failed=$((failed + 1))
	fi
done
echo "valgrind: $count test programs, $failed with errors"
[ "$failed" -eq 0 ]
