#!/bin/sh
# Allocation call sites: present in lib/ and reached by the sweep.
#
#   sh tests/oom_sites.sh [--check <expected>] [--addresses <file>]
#                         <oom_sweep_test binary> [source dir]
#
# A site is a call of one of the allocation wrappers of lib/memory.c
# (socialcap__mem_alloc, _calloc, _realloc, socialcap__grow,
# socialcap__resize, and the macros SOCIALCAP__GROW and SOCIALCAP__COL_GROW
# that expand to socialcap__grow), outside memory.c itself; one line of
# source is one site. The sweep (tests/oom_sweep_test.c) records the return
# address above the wrappers at every injected failure; addr2line turns
# each address into the source line of the call (the innermost inlined
# frame). The script prints the counts and lists the sites the sweep did
# not reach, and the reached lines that are not sites (a wrapper called
# through a helper that was tail-called or inlined; see docs/reliability.md).
# With --check, a site not reached that is not listed in <expected> (one
# "file: code" line each, as printed below) fails the script: a new
# allocation that no sweep reaches must get a row in the sweep or a reason
# in that file.
set -eu

# With --addresses, the sites recorded by an earlier run of the sweep
# (SOCIALCAP_OOM_SITES=<file>) are used instead of running it again.
expected=
addresses=
while :; do
	case "${1:-}" in
	--check) expected=$2; shift 2 ;;
	--addresses) addresses=$2; shift 2 ;;
	*) break ;;
	esac
done
bin=$1
src=${2:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/oom-sites-XXXXXX")
trap 'rm -rf "$work"' EXIT

command -v addr2line >/dev/null || { echo "oom_sites: addr2line not found" >&2; exit 2; }

# Sites present: file:line of every wrapper call in lib/, where a call
# through a macro of the library (SOCIALCAP__GROW, a file's ALLOC_ARRAY)
# counts at the line that uses the macro, as the compiler sees it.
python3 - "$src" >"$work/present" <<'PY'
import glob, os, re, sys
src = sys.argv[1]
wrap = re.compile(r'\b(socialcap__mem_(alloc|calloc|realloc)|socialcap__(grow|resize))\s*\(')
files = sorted(glob.glob(os.path.join(src, 'lib', '*.[ch]')))
blocks = {}   # file -> list of (name, first, last, body)
for f in files:
    lines = open(f, encoding='utf-8').read().split('\n')
    out, i = [], 0
    while i < len(lines):
        m = re.match(r'\s*#\s*define\s+(\w+)', lines[i])
        if m:
            j = i
            while lines[j].rstrip().endswith('\\') and j + 1 < len(lines):
                j += 1
            out.append((m.group(1), i, j, '\n'.join(lines[i:j + 1])))
            i = j + 1
        else:
            i += 1
    blocks[f] = (lines, out)
macros = set()
while True:
    more = set()
    for f, (lines, defs) in blocks.items():
        for name, a, b, body in defs:
            body = body.split(name, 1)[1]
            if name not in macros and (wrap.search(body) or any(
                    re.search(r'\b%s\b' % m, body) for m in macros)):
                more.add(name)
    if not more:
        break
    macros |= more
use = re.compile(r'\b(%s)\b' % '|'.join(sorted(macros))) if macros else None
for f, (lines, defs) in blocks.items():
    if os.path.basename(f) in ('memory.c', 'memory.h'):
        continue
    inside = set()
    for name, a, b, body in defs:
        inside.update(range(a, b + 1))
    for n, line in enumerate(lines):
        if n in inside:
            continue
        code = re.sub(r'/\*.*?\*/', '', line.split('//')[0])
        if re.match(r'\s*(\*(\s|/|$)|/\*|#)', code):
            continue
        if wrap.search(code) or (use and use.search(code)):
            print('%s:%d' % (os.path.relpath(f, src), n + 1))
PY
sort -u -o "$work/present" "$work/present"

# Sites reached: run the sweep, name the recorded addresses.
if [ -n "$addresses" ]; then
	cp "$addresses" "$work/addresses"
else
	SOCIALCAP_TEST_DATA=${SOCIALCAP_TEST_DATA:-$src/tests/data} \
		SOCIALCAP_OOM_SITES="$work/addresses" "$bin" >"$work/log" 2>&1 ||
		{ cat "$work/log"; exit 1; }
	grep '^oom_sweep:' "$work/log"
fi
# A return address points after the call: look up the byte before it.
while read -r a; do
	printf '0x%x\n' $((a - 1))
done <"$work/addresses" >"$work/calls"
# With -a -i, addr2line prints each address, then its inline chain
# innermost first: the line after the address is the call itself.
addr2line -a -i -e "$bin" <"$work/calls" |
	awk '/^0x/ { want = 1; next } want { print; want = 0 }' >"$work/reached.raw"
sed -e "s|^$src/||" -e 's| (discriminator [0-9]*)||' "$work/reached.raw" |
	sort -u >"$work/reached"

total=$(wc -l <"$work/present")
hit=$(comm -12 "$work/present" "$work/reached" | wc -l)
naddr=$(wc -l <"$work/addresses")
echo "oom_sites: $total allocation call sites in lib/, $hit reached ($naddr distinct return addresses)"
echo "oom_sites: sites not reached:"
comm -23 "$work/present" "$work/reached" | while IFS=: read -r f l; do
	printf '%s: %s\n' "$f" "$(sed -n "${l}p" "$src/$f" | sed 's/^[[:space:]]*//')"
done >"$work/unreached"
sed 's/^/  /' "$work/unreached"
echo "oom_sites: reached lines that are not wrapper calls:"
comm -13 "$work/present" "$work/reached" | sed 's/^/  /'
if [ -n "$expected" ]; then
	grep -v '^#' "$expected" | sort -u >"$work/expected"
	sort -u "$work/unreached" >"$work/unreached.sorted"
	new=$(comm -23 "$work/unreached.sorted" "$work/expected")
	if [ -n "$new" ]; then
		echo "oom_sites: FAIL: sites not reached and not explained in $expected:"
		echo "$new" | sed 's/^/  /'
		exit 1
	fi
	stale=$(comm -13 "$work/unreached.sorted" "$work/expected")
	[ -z "$stale" ] || { echo "oom_sites: note: listed but now reached or gone:"; echo "$stale" | sed 's/^/  /'; }
fi
