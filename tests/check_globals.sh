#!/bin/sh
# The library keeps no writable global state: no object of the static
# archive may live in a writable data section (.data, .bss, thread-local
# or common). Read-only tables are fine, including .data.rel.ro, which
# only holds pointers the loader relocates once.
set -eu
lib="$1"
bad=$(objdump -t "$lib" | awk '
	$0 ~ / O / {
		for (i = 1; i <= NF; i++) if ($i == "O") { sec = $(i + 1); name = $NF }
		if (sec ~ /^\.(data|bss|tdata|tbss)/ && sec !~ /^\.data\.rel\.ro/ || sec == "*COM*")
			print sec " " name
	}')
if [ -n "$bad" ]; then
	echo "writable global or static variables in $lib:"
	printf '%s\n' "$bad"
	exit 1
fi
echo "no writable globals in $lib"
