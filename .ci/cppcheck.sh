#!/bin/sh
# Static analysis of lib/ with cppcheck (Debian package cppcheck); any
# finding not suppressed in .ci/cppcheck-suppressions.txt fails the run.
#   usage: .ci/cppcheck.sh [BUILD_DIR]   (a configured build, for version.h)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/include/socialcap/version.h" ] ||
	cmake -S . -B "$build" >/dev/null
cppcheck --quiet --std=c11 --enable=warning,portability,performance \
	--inline-suppr --suppressions-list=.ci/cppcheck-suppressions.txt \
	--suppress=missingIncludeSystem \
	-I include -I "$build/include" -I lib \
	-D_POSIX_C_SOURCE=200809L -DSOCIALCAP_BUILDING \
	--error-exitcode=1 \
	--template='{file}:{line}: {severity}/{id}: {message}' lib/
echo "cppcheck: no findings"
