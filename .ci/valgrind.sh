#!/bin/sh
# Valgrind memcheck over every cmocka test binary (Debian package valgrind):
# any memory error or definite/indirect leak fails the run. The programs
# run JOBS at a time (default: the number of cores); each one's time is
# printed, its output is in BUILD_DIR/tests/NAME.valgrind.log.
#   usage: .ci/valgrind.sh [BUILD_DIR]   (default build-valgrind)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-valgrind}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSOCIALCAP_BUILD_BENCH=OFF \
	-DSOCIALCAP_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j "$jobs" >/dev/null
export SOCIALCAP_TEST_DATA="$PWD/tests/data"
# Valgrind runs threads one at a time: fewer passes keep it short.
export SOCIALCAP_THREADS_ITERATIONS=2
summary=$build/valgrind-summary.txt
# shellcheck disable=SC2016
ls "$build"/tests/*_test | xargs -P "$jobs" -n 1 sh -c '
	t=$1
	start=$(date +%s)
	if valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --track-origins=yes \
		"$t" >"$t.valgrind.log" 2>&1; then
		r=ok
	else
		r=FAIL
	fi
	echo "$r $(basename "$t") $(($(date +%s) - start)) s"' sh >"$summary"
sort -k2 "$summary"
count=$(wc -l <"$summary")
failed=0
for t in $(awk '$1 == "FAIL" {print $2}' "$summary"); do
	echo "FAIL: $t (see $build/tests/$t.valgrind.log)"
	grep -E '^==[0-9]+==' "$build/tests/$t.valgrind.log" | head -40
	failed=$((failed + 1))
done
echo "valgrind: $count test programs, $failed with errors"
[ "$count" -gt 0 ] && [ "$failed" -eq 0 ]
