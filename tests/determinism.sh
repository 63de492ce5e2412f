#!/bin/sh
# Determinism across compilers, optimisation levels and thread counts.
#
# Builds the static library and the `socialcap` tool with gcc and clang at
# -O0 and -O2 (and gcc -O2 -march=x86-64-v3, where FMA instructions are
# available to the compiler, when the machine has them), then requires
# byte-identical output from every build:
#   - `socialcap indicators` CSVs of the sample city with 1 and 2 threads,
#     exact betweenness and betweenness sampled with a fixed seed (the
#     neighbourhood and sector tables included: --threads reaches them);
#   - the state file written from the sample dataset with a fixed creation
#     time (tests/determinism/det_state.c), the same after a load/save round
#     trip, and the dataset exported from it.
# The 1- and 2-thread outputs of one build must be identical too.
#
#   usage: tests/determinism.sh [WORK_DIR]     (default build-determinism)
# Needs gcc, clang, cmake, pkg-config, libcbor-dev. Takes a few minutes.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$src/build-determinism}
data=$src/examples/data/havenstad
mkdir -p "$work"
work=$(cd "$work" && pwd)

variants="gcc:-O0 gcc:-O2 clang:-O0 clang:-O2"
if grep -qw fma /proc/cpuinfo 2>/dev/null && grep -qw avx2 /proc/cpuinfo; then
	variants="$variants gcc:-O2_-march=x86-64-v3"
fi

run() { # name, then the command
	name=$1
	shift
	if ! "$@" >"$out/$name.log" 2>&1; then
		echo "FAILED: $*" >&2
		cat "$out/$name.log" >&2
		exit 1
	fi
}

first=
for v in $variants; do
	cc=${v%%:*}
	flags=$(echo "${v#*:}" | tr _ ' ')
	tag=$(echo "$v" | tr -c 'A-Za-z0-9\n' '_')
	b=$work/build-$tag
	out=$work/out-$tag
	echo "== $cc $flags"
	cmake -S "$src" -B "$b" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=None \
		-DCMAKE_C_FLAGS="$flags" -DBUILD_SHARED_LIBS=OFF \
		-DSOCIALCAP_BUILD_TESTS=OFF -DSOCIALCAP_BUILD_EXAMPLES=OFF \
		-DSOCIALCAP_BUILD_BENCH=OFF -DSOCIALCAP_WERROR=ON >/dev/null
	cmake --build "$b" -j2 >/dev/null
	rm -rf "$out"
	mkdir -p "$out"
	# shellcheck disable=SC2086
	"$cc" $flags -std=c11 -D_POSIX_C_SOURCE=200809L -I"$src/include" -I"$b/include" \
		"$src/tests/determinism/det_state.c" "$b/lib/libsocialcap.a" \
		$(pkg-config --libs libcbor) -lm -pthread -o "$b/det_state"
	tool=$b/cli/socialcap
	run exact1 "$tool" indicators "$data" --quiet --threads 1 --out "$out/exact1"
	run exact2 "$tool" indicators "$data" --quiet --threads 2 --out "$out/exact2"
	run sampled1 "$tool" indicators "$data" --quiet --threads 1 \
		--betweenness-samples 250 --seed 4242 --out "$out/sampled1"
	run sampled2 "$tool" indicators "$data" --quiet --threads 2 \
		--betweenness-samples 250 --seed 4242 --out "$out/sampled2"
	run state "$b/det_state" "$data" "$out/state"
	rm -f "$out"/*.log
	diff -r "$out/exact1" "$out/exact2" >/dev/null ||
		{ echo "threads change the exact indicators ($v)" >&2; exit 1; }
	diff -r "$out/sampled1" "$out/sampled2" >/dev/null ||
		{ echo "threads change the sampled indicators ($v)" >&2; exit 1; }
	cmp "$out/state.scap" "$out/state.again.scap" ||
		{ echo "state file changes in a load/save round trip ($v)" >&2; exit 1; }
	if cmp -s "$out/exact1/actors.csv" "$out/sampled1/actors.csv"; then
		echo "sampling had no effect: the comparison would prove nothing" >&2
		exit 1
	fi
	if [ -z "$first" ]; then
		first=$out
	elif ! diff -r "$first" "$out"; then
		echo "output of $v differs from $(basename "$first")" >&2
		exit 1
	fi
done
n=$(find "$first" -type f | wc -l)
echo "determinism: $n files byte-identical across: $variants"
