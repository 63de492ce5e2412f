#!/bin/sh
# Install the built tree to a temporary prefix, then build and run a small
# consumer four ways: pkg-config (shared, static) and find_package (shared,
# static). Usage: run.sh BUILD_DIR WORK_DIR C_COMPILER
set -eu
build="$1"
work="$2"
cc="$3"
here=$(cd "$(dirname "$0")" && pwd)

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"

pcdir=$(dirname "$(find "$prefix" -name libsocialcap.pc | head -n 1)")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_PATH="$pcdir"

echo "== pkg-config, shared"
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror -o "$work/consumer_pc" "$here/consumer.c" \
	$(pkg-config --cflags --libs libsocialcap)
LD_LIBRARY_PATH="$libdir" "$work/consumer_pc"
# It must really be the shared library that was linked.
LD_LIBRARY_PATH="$libdir" ldd "$work/consumer_pc" | grep -q 'libsocialcap.so.0'

echo "== pkg-config, static"
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror -o "$work/consumer_pc_static" "$here/consumer.c" \
	-Wl,-Bstatic $(pkg-config --cflags --libs-only-L libsocialcap) -lsocialcap -Wl,-Bdynamic \
	$(pkg-config --static --libs-only-l libsocialcap | sed 's/-lsocialcap//')
"$work/consumer_pc_static"
if ldd "$work/consumer_pc_static" | grep -q libsocialcap; then
	echo "static consumer still depends on libsocialcap.so"; exit 1
fi

for target in socialcap socialcap_static; do
	echo "== find_package, target socialcap::$target"
	cmake -S "$here" -B "$work/cmake_$target" -DCMAKE_PREFIX_PATH="$prefix" \
		-DCMAKE_C_COMPILER="$cc" -DSOCIALCAP_TARGET=$target >"$work/cmake_$target.log"
	cmake --build "$work/cmake_$target" >>"$work/cmake_$target.log"
	LD_LIBRARY_PATH="$libdir" "$work/cmake_$target/consumer"
done
echo "linkage: all four consumers built and ran"
