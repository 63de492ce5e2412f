#!/bin/sh
# `socialcap indicators` hands the network over to its snapshot (the ties
# freed) when nothing later needs the ties. Its files must be the same,
# byte for byte, as those of the tables computed with the network kept:
#   handover_test.sh SOCIALCAP_BINARY TABLES_REF SAMPLE_DATASET WORK_DIR
# TABLES_REF (tests/cli/tables_ref.c) runs the tool's own table code with
# the network kept ("later") or as the tool does ("done"), and says
# whether the ties were released.
set -u
bin="$1"; ref="$2"; sample="$3"; work="$4"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1

# Exact betweenness is most of the time; where it is not the point, a sample.
fast="--betweenness-samples 20 --seed 7"

fail() { echo "FAIL (handover): $*"; exit 1; }
run() { "$@" >out.txt 2>err.txt || { cat out.txt err.txt; fail "'$*' exited $?"; }; }

# same NAME INPUT released|kept [OPTIONS]: the tool's files equal the kept
# network's, and the tool's path releases or keeps the ties as expected.
same() {
	name="$1"; input="$2"; want="$3"; shift 3
	run "$ref" "$input" "$name.kept" later "$@"
	[ "$(cat out.txt)" = "ties kept" ] || fail "$name: the reference released the ties"
	run "$ref" "$input" "$name.ref" done "$@"
	[ "$(cat out.txt)" = "ties $want" ] || fail "$name: $(cat out.txt), expected ties $want"
	run "$bin" indicators "$input" --out "$name.cli" --quiet "$@"
	for f in actors neighbourhoods sectors network options; do
		[ -e "$name.kept/$f.csv" ] || [ ! -e "$name.cli/$f.csv" ] || fail "$name: extra $f.csv"
		[ -e "$name.kept/$f.csv" ] || continue
		cmp "$name.kept/$f.csv" "$name.cli/$f.csv" || fail "$name: $f.csv differs"
		cmp "$name.kept/$f.csv" "$name.ref/$f.csv" || fail "$name: $f.csv differs (ref)"
	done
	[ -s "$name.kept/network.csv" ] || fail "$name: no network.csv"
}

# The sample city has contacts and events: the growth columns of the area
# tables need the graph a window before, built from the ties: kept.
same timed "$sample" kept --at 2021-05-31
# Without area columns nothing needs the ties after the build.
same only "$sample" released --at 2021-05-31 \
	--only degree,strength,constraint,betweenness,hops_to_institution,component,transitivity
same only-now "$sample" released --only degree,effective_size,largest_component_share

# Without contacts, events or tie times the graph is the same at every
# time: the area tables need no second snapshot, so the ties go.
mkdir timeless
cp "$sample/actors.csv" "$sample/sectors.csv" "$sample/ties.csv" timeless/
same timeless timeless released --at 2021-05-31
same timeless-latest timeless released $fast
same timeless-months timeless released --at 2021-05-31 --window 90d --min-cell 5 $fast

# One tie with a since time makes the network timed again.
mkdir since
cp "$sample/actors.csv" "$sample/sectors.csv" since/
awk 'NR == 2 { sub(/,$/, ",2020-06-01") } { print }' "$sample/ties.csv" >since/ties.csv
grep -q ',2020-06-01$' since/ties.csv || fail "since/ties.csv has no since time"
same since since kept --at 2021-05-31 $fast

# A state file hands over the same way; a store's network stays with its
# journal.
run "$bin" import timeless -o timeless.scap
same state timeless.scap released --at 2021-05-31 $fast
run "$bin" import timeless -o store.scap
run "$bin" record contact --journal store.scap --a Cen-0001 --b Cen-0002 --at 2021-05-01 --cost 5
same store store.scap kept --at 2021-05-31 --only degree,betweenness
echo "PASS (handover)"
