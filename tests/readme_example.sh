#!/bin/sh
# The C example in README.md must compile against the public headers and
# run. Usage: readme_example.sh README C_COMPILER INCLUDE_DIRS... -- LIBS...
set -eu
readme="$1"; cc="$2"; work="$3"; shift 3
mkdir -p "$work"
awk '/^```c$/{on=1; next} /^```$/{if(on){exit}} on' "$readme" >"$work/readme_example.c"
[ -s "$work/readme_example.c" ] || { echo "no C example found in $readme"; exit 1; }
"$cc" -std=c11 -Wall -Wextra -Werror -o "$work/readme_example" "$work/readme_example.c" "$@"
"$work/readme_example"
