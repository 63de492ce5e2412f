#!/bin/sh
# I/O-error injection: every system call of a state save, of a journal
# append + sync, of a checkpoint, of the creation of a journalled store
# and of a dataset export (six files over an earlier export) is made to
# fail in turn with strace
# (-e inject=SYSCALL:error=EIO:when=N), and writes and flushes also with
# ENOSPC (a full disk). tests/io_faults/io_driver.c performs the operation
# and checks, after each failure, that the call reported SOCIALCAP_EIO (or
# succeeded, when the failure does not matter), that the previous contents
# are intact (or, on success, the new ones complete) and that no temporary
# file is left behind. The state file and the exported actors take several
# write(2) calls, so the full disk also strikes in the middle of a file.
#
#   usage: tests/io_faults.sh IO_DRIVER [WORK_DIR]
# Needs strace (Debian package strace).
set -eu
driver=$1
work=${2:-${TMPDIR:-/tmp}/socialcap-io-faults.$$}
command -v strace >/dev/null || { echo "io_faults: strace not found" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

calls="openat open creat write pwrite64 writev fsync fdatasync rename renameat renameat2
close fchmod ftruncate read pread64 fstat newfstatat lseek unlink unlinkat mkdir
getrandom fcntl"
set -- $calls
list=$(echo $calls | tr ' ' ',')

count() { # op mode -> per-syscall counts "name count" lines
	rm -rf "$work/c" "$work/c.expect"
	cp -a "$work/base-$1" "$work/c"
	cp -a "$work/base-$1.expect" "$work/c.expect"
	strace -qq -o "$work/log" -e trace="$list" "$driver" "$1" "$work/c" "$2" >/dev/null
	sed -n 's/^\([a-z0-9_]*\)(.*/\1/p' "$work/log" | sort | uniq -c |
		awk '{print $2, $1}'
}

runs=0
ignored=0
late=0
partial=0
bad=0
for op in save append checkpoint create export; do
	mkdir -p "$work/base-$op" "$work/base-$op.expect"
	"$driver" $op "$work/base-$op" prepare
	count $op setup >"$work/setup.cnt"
	count $op op >"$work/op.cnt"
	while read -r sys total; do
		before=$(awk -v s="$sys" '$1 == s {print $2}' "$work/setup.cnt")
		before=${before:-0}
		[ "$total" -gt "$before" ] || continue
		errors=EIO
		case $sys in write|pwrite64|writev|fsync|fdatasync) errors="EIO ENOSPC" ;; esac
		for e in $errors; do
			n=$((before + 1))
			while [ "$n" -le "$total" ]; do
				rm -rf "$work/r" "$work/r.expect"
				cp -a "$work/base-$op" "$work/r"
				cp -a "$work/base-$op.expect" "$work/r.expect"
				runs=$((runs + 1))
				if out=$(strace -qq -o /dev/null -e trace="$sys" \
					-e inject="$sys:error=$e:when=$n" \
					"$driver" $op "$work/r" check 2>"$work/err"); then
					case $out in
					rc=0\ *) ignored=$((ignored + 1))
						[ -z "${VERBOSE:-}" ] || echo "no effect: $op $sys $((n - before)) $e" ;;
					*outcome=late*) late=$((late + 1)) ;;
					*outcome=partial*) partial=$((partial + 1)) ;;
					esac
				else
					bad=$((bad + 1))
					echo "FAIL: $op, $sys call $((n - before)) of $((total - before)) -> $e: $out" >&2
					cat "$work/err" >&2
				fi
				n=$((n + 1))
			done
		done
	done <"$work/op.cnt"
	printf '%s: ' "$op"
	awk 'NR==FNR {b[$1]=$2; next} {d=$2-b[$1]; if (d > 0) printf "%s x%d ", $1, d} END {print ""}' \
		"$work/setup.cnt" "$work/op.cnt"
done
echo "io_faults: $runs injected failures, $ignored without effect on the result," \
	"$late after the rename (directory flush), $partial exports stopped after" \
	"replacing some of the six files, $bad wrong"
[ "$bad" -eq 0 ]
