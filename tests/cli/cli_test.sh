#!/bin/sh
# Tests of the `socialcap` command-line tool, one case per run:
#   cli_test.sh SOCIALCAP_BINARY SAMPLE_DATASET WORK_DIR CASE
# Each case checks outputs and exit codes (0 ok, 1 data error, 2 usage).
set -u
bin="$1"; sample="$2"; work="$3"; case_name="$4"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1

fail() { echo "FAIL ($case_name): $*"; exit 1; }
# expect CODE CMD...: run, capture stdout/stderr, check the exit code.
expect() {
	want="$1"; shift
	"$@" >out.txt 2>err.txt
	got=$?
	[ "$got" -eq "$want" ] || { cat out.txt err.txt; fail "'$*' exited $got, expected $want"; }
}
contains() { grep -q -- "$2" "$1" || { cat "$1"; fail "$1 lacks '$2'"; }; }
mode_600() { [ "$(stat -c %a "$1")" = 600 ] || fail "$1 has mode $(stat -c %a "$1"), not 600"; }

# A small dataset with one bad row in actors.csv (status 1.5 on line 3)
# and one unknown actor in ties.csv (line 2).
bad_dataset() {
	mkdir -p bad
	printf 'id,kind,sector,neighbourhood,status,groups\na1,resident,residents,N1,0.5,\na2,resident,residents,N1,1.5,\n' >bad/actors.csv
	printf 'a,b,layer,weight,since\na1,zz,family,1,\n' >bad/ties.csv
}

case "$case_name" in
general)
	expect 0 "$bin" --version; contains out.txt "socialcap 0\."
	expect 2 "$bin"; contains err.txt "usage:"
	expect 0 "$bin" --help; contains out.txt "indicators"
	expect 2 "$bin" frobnicate; contains err.txt "unknown command"
	for c in demo import export validate indicators series report record; do
		expect 0 "$bin" "$c" --help; contains out.txt "usage: socialcap $c"
	done
	;;
import)
	expect 0 "$bin" import "$sample" -o city.scap; contains out.txt "actors"
	mode_600 city.scap
	expect 2 "$bin" import "$sample"; contains err.txt "needs DATASET"
	expect 2 "$bin" import "$sample" -o; contains err.txt "needs a value"
	bad_dataset
	expect 1 "$bin" import bad -o bad.scap; contains err.txt "actors.csv:3:"
	[ ! -e bad.scap ] || fail "a failed import left bad.scap behind"
	expect 1 "$bin" import missing-folder -o x.scap; contains err.txt "missing-folder"
	;;
export)
	expect 0 "$bin" import "$sample" -o city.scap
	expect 0 "$bin" export city.scap -o again
	for f in actors sectors ties contacts events attendance; do
		cmp -s "$sample/$f.csv" "again/$f.csv" || fail "$f.csv differs after import and export"
		mode_600 "again/$f.csv"
	done
	printf 'not a state file' >junk.scap
	expect 1 "$bin" export junk.scap -o x; contains err.txt "junk.scap"
	expect 2 "$bin" export city.scap; contains err.txt "needs FILE.scap"
	;;
validate)
	expect 0 "$bin" validate "$sample"; contains out.txt "no problems"
	bad_dataset
	expect 1 "$bin" validate bad
	contains err.txt "actors.csv:3:"; contains err.txt "ties.csv:2:"; contains err.txt "2 problems"
	expect 0 "$bin" import "$sample" -o city.scap
	expect 0 "$bin" validate city.scap
	head -c 200 city.scap >cut.scap
	expect 1 "$bin" validate cut.scap; contains err.txt "cut.scap"
	expect 2 "$bin" validate; contains err.txt "needs DATASET"
	;;
indicators)
	expect 0 "$bin" indicators "$sample" --at 2021-05-31 --out ind --quiet
	for f in actors neighbourhoods sectors network options; do
		[ -s "ind/$f.csv" ] || fail "ind/$f.csv missing"; mode_600 "ind/$f.csv"
	done
	head -1 ind/actors.csv | grep -q '^id,degree,strength,' || fail "actors.csv header: $(head -1 ind/actors.csv)"
	head -1 ind/neighbourhoods.csv | grep -q '^neighbourhood,residents,' || fail "neighbourhoods.csv header"
	head -1 ind/sectors.csv | grep -q '^sector,' || fail "sectors.csv header"
	contains ind/network.csv "^transitivity,0\."
	contains ind/options.csv "^theta,0.10000000000000001"
	# --only: the asked column is filled, another stays empty.
	expect 0 "$bin" indicators "$sample" --at 2021-05-31 --out only --only clustering,hops_to_institution
	awk -F, 'NR > 1 && $2 != "" { bad = 1 } END { exit bad }' only/actors.csv ||
		fail "--only left degree filled"
	awk -F, 'NR > 1 && $13 != "" { n++ } END { exit !(n > 0) }' only/actors.csv ||
		fail "--only did not fill hops_to_institution"
	expect 2 "$bin" indicators "$sample" --out x --only no_such_column; contains err.txt "no_such_column"
	expect 2 "$bin" indicators "$sample" --out x --at 2021-13-01; contains err.txt "--at"
	expect 2 "$bin" indicators "$sample" --out x --half-life-physical 10q; contains err.txt "duration"
	expect 2 "$bin" indicators "$sample" --out x --threads 0
	expect 1 "$bin" indicators nowhere --out x; contains err.txt "nowhere"
	;;
series)
	expect 0 "$bin" series "$sample" --from 2020-01-01 --to 2020-06-01 --every 1m --out s.csv
	[ "$(head -1 s.csv)" = "time,neighbourhood,indicator,value" ] || fail "series header"
	[ "$(cut -d, -f1 s.csv | sort -u | grep -c '^20')" -eq 6 ] || fail "expected 6 monthly steps"
	contains s.csv "^2020-03-01T00:00:00Z,Westwijk,invested_stock,"
	mode_600 s.csv
	expect 2 "$bin" series "$sample" --from 2020-01-01 --to 2020-06-01 --every fortnight --out s.csv
	expect 2 "$bin" series "$sample" --from 2020-06-01 --to 2020-01-01 --out s.csv
	expect 2 "$bin" series "$sample" --to 2020-01-01 --out s.csv
	;;
report)
	expect 0 "$bin" report "$sample" --at 2021-05-31 --out r.html --title Havenstad --mark "2021-01-23=riot night"
	contains r.html "<svg"; contains r.html "Havenstad"; contains r.html "riot night"
	if grep -qi "<script" r.html; then fail "the report contains a script"; fi
	if grep -Eqi "(src|href)=\"https?:" r.html; then fail "the report loads something from the network"; fi
	mode_600 r.html
	expect 2 "$bin" report "$sample" --out r.html --mark "yesterday=x"
	expect 2 "$bin" report "$sample" --out r.html --only degree
	;;
record)
	expect 0 "$bin" import "$sample" -o city.scap
	expect 0 "$bin" record contact --journal city.scap --a Cen-0001 --b Cen-wijkagent-1 --at 2021-05-01 --cost 5
	contains out.txt "recorded contact"
	mode_600 city.scap-journal
	expect 0 "$bin" record event --journal city.scap --id new-event --at now --neighbourhood Centrum --kind dialogue --organiser mayor --participant Cen-0001,Cen-0002
	contains out.txt "3 attendees"
	expect 0 "$bin" export city.scap -o after
	[ "$(wc -l <after/contacts.csv)" -eq "$(($(wc -l <"$sample/contacts.csv") + 1))" ] ||
		fail "the recorded contact is not in the exported data"
	contains after/events.csv "^new-event,"
	expect 1 "$bin" record contact --journal city.scap --a Cen-0001 --b nobody; contains err.txt "nobody"
	expect 1 "$bin" record event --journal city.scap --id new-event --neighbourhood Centrum --kind x --organiser mayor
	contains err.txt "new-event"
	expect 2 "$bin" record contact --a x --b y; contains err.txt "--journal"
	expect 2 "$bin" record; contains err.txt "contact or event"
	;;
demo)
	expect 0 "$bin" demo --out d --quiet
	contains out.txt "^neighbourhood"; contains out.txt "Westwijk"; contains out.txt "Molenbuurt"
	for f in actors.csv neighbourhoods.csv sectors.csv network.csv options.csv report.html; do
		[ -s "d/$f" ] || fail "d/$f missing"
	done
	expect 2 "$bin" demo --bogus
	;;
*)
	fail "unknown case"
	;;
esac
echo "PASS ($case_name)"
