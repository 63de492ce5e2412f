#!/bin/sh
# Valgrind memcheck over every cmocka test binary (Debian package valgrind):
# any memory error or definite/indirect leak fails the run. The programs
# run JOBS at a time (default: the number of cores); each one's time is
# printed, its output is in BUILD_DIR/tests/NAME.valgrind.log.
#
# Built with -O1: the valgrind manual finds -O1 usually fine for memcheck
# (false reports come from -O2 and above), and the suite runs up to four
# times faster than at -O0 under valgrind.
#   usage: .ci/valgrind.sh [BUILD_DIR]   (default build-valgrind)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-valgrind}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" \
	-DSOCIALCAP_BUILD_BENCH=OFF -DSOCIALCAP_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j "$jobs" >/dev/null
export SOCIALCAP_TEST_DATA="$PWD/tests/data"
# Valgrind runs threads one at a time: fewer passes keep it short.
export SOCIALCAP_THREADS_ITERATIONS=2
summary=$build/valgrind-summary.txt
# Largest programs first: the allocation sweep, the longest run, is the
# largest, and starting it last would leave one core idle at the end.
# --track-origins doubles the time, so a program runs with it only when it
# failed without: its log then says where the uninitialised values came from.
# shellcheck disable=SC2016
ls -S "$build"/tests/*_test | xargs -P "$jobs" -n 1 sh -c '
	t=$1
	start=$(date +%s)
	memcheck() {
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$@" "$t" >"$t.valgrind.log" 2>&1
	}
	if memcheck; then
		r=ok
	else
		memcheck --track-origins=yes || true
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
