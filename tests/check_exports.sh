#!/bin/sh
# Fails when the shared library exports a symbol outside the socialcap_
# namespace (internal helpers must stay hidden).
set -eu
lib="$1"
syms=$(nm -D --defined-only "$lib" | awk '{print $3}')
[ -n "$syms" ] || { echo "no exported symbols found in $lib"; exit 1; }
bad=$(printf '%s\n' "$syms" | grep -v '^socialcap_' || true)
if [ -n "$bad" ]; then
	echo "symbols exported outside socialcap_:"
	printf '%s\n' "$bad"
	exit 1
fi
internal=$(printf '%s\n' "$syms" | grep '^socialcap__' || true)
if [ -n "$internal" ]; then
	echo "internal socialcap__ symbols exported:"
	printf '%s\n' "$internal"
	exit 1
fi
echo "$(printf '%s\n' "$syms" | wc -l) exported symbols, all socialcap_*"
