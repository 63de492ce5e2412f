#!/bin/sh
# ThreadSanitizer run: builds the library and the tests that start threads
# with -fsanitize=thread in BUILD_DIR (default build-tsan) and runs them;
# any data race report fails the run.
#   usage: tests/tsan.sh [BUILD_DIR]
# SOCIALCAP_THREADS_ITERATIONS (default 20 here) sets the passes per thread
# of tests/threads_test.c; CC picks the compiler.
set -eu
cd "$(dirname "$0")/.."
dir=${1:-build-tsan}
cmake -S . -B "$dir" -DSOCIALCAP_TSAN=ON -DSOCIALCAP_WERROR=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCIALCAP_BUILD_BENCH=OFF \
	-DSOCIALCAP_BUILD_EXAMPLES=OFF -DSOCIALCAP_BUILD_CLI=OFF >/dev/null
cmake --build "$dir" -j2 --target threads_test indicators_test indicators_columns_test areas_test \
	areas_threads_test snapshot_own_test chunks_test
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1"
export SOCIALCAP_TEST_DATA="$PWD/tests/data"
export SOCIALCAP_THREADS_ITERATIONS=${SOCIALCAP_THREADS_ITERATIONS:-20}
for t in threads_test indicators_test indicators_columns_test areas_test \
	areas_threads_test snapshot_own_test chunks_test; do
	echo "== $t under ThreadSanitizer"
	# setarch -R: TSan's shadow memory needs the classic address layout on
	# kernels with high mmap randomisation.
	if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
		setarch "$(uname -m)" -R "$dir/tests/$t"
	else
		"$dir/tests/$t"
	fi
done
echo "ThreadSanitizer: no reports"
