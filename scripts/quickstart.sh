#!/bin/sh
# One-step set-up on a Debian machine: installs the build dependencies that
# are missing (apt-get, as root or through sudo), configures, builds, then
#   quickstart.sh demo   runs the main job on the bundled sample data
#   quickstart.sh test   runs the whole test suite
# Environment: BUILD_DIR (default build), JOBS (default: all cores),
# SOCIALCAP_WERROR=ON to turn warnings into errors (CI does).
set -eu
cd "$(dirname "$0")/.."

what="${1:-demo}"
case "$what" in
demo|test) ;;
*) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

build="${BUILD_DIR:-build}"
jobs="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
packages="cmake make gcc g++ pkg-config libcbor-dev libcmocka-dev python3 python3-networkx python3-igraph python3-numpy chromium strace"

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

cmake -S . -B "$build" -DSOCIALCAP_WERROR="${SOCIALCAP_WERROR:-OFF}" >/dev/null
cmake --build "$build" -j "$jobs"

if [ "$what" = demo ]; then
	"$build/cli/socialcap" demo
else
	ctest --test-dir "$build" --output-on-failure -j "$jobs"
fi
