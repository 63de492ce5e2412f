#!/bin/sh
# Cost growth of every step of bench_igraph with the size of the city.
#
#   usage: bench/growth.sh BENCH_IGRAPH OUTDIR SIZE... [-- BENCH OPTIONS]
#   e.g.   bench/growth.sh build-rel/bench/bench_igraph /tmp/growth \
#              10000 100000 1000000 10000000 -- -r 1 -L
#
# For each SIZE it runs bench_igraph -n SIZE -d OUTDIR/city-SIZE (the city
# is generated on the first run and reused afterwards) and keeps its table
# in OUTDIR/SIZE.txt; a SIZE.txt that exists already is not run again, so
# a long series can be resumed or assembled from earlier runs. Then it
# prints two tables, libsocialcap's CPU seconds and peak RSS of each step
# at each size, with the growth exponent b of cost ~ n^b between each pair
# of consecutive sizes and as the least-squares slope over all sizes in
# log-log (sizes where a step took under 5 ms are left out: timer noise).
# The peak RSS of a step includes the network and snapshot held meanwhile.
set -eu
bench=$1
out=$2
shift 2
sizes=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	sizes="$sizes $1"
	shift
done
[ $# -gt 0 ] && shift
mkdir -p "$out"
for n in $sizes; do
	[ -s "$out/$n.txt" ] && continue
	reuse=
	[ -d "$out/city-$n" ] && reuse=-x
	"$bench" -n "$n" -d "$out/city-$n" $reuse "$@" >"$out/$n.tmp"
	mv "$out/$n.tmp" "$out/$n.txt"
done
# The table rows: "| step | lib wall | igraph wall | speed-up | lib CPU |
# igraph CPU | ratio | lib RSS | ..." -> step, lib CPU, lib RSS.
for n in $sizes; do
	awk -F'|' -v n="$n" '/^\| [a-z ]/ && $2 !~ /step|peak/ {
		s = $2; gsub(/^ +| +$/, "", s); print n "\t" s "\t" $6 + 0 "\t" $9 + 0 }' \
		"$out/$n.txt"
done >"$out/growth.tsv"
table() { # column of growth.tsv (3 CPU s, 4 RSS MB), its title, floor of the fit
	awk -F'\t' -v col="$1" -v title="$2" -v floor="$3" '
	{ if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 }
	  val[$2, $1] = $col; if (!($1 in ns)) { ns[$1] = 1; size[++m] = $1 } }
	END {
		printf "| step |"; for (j = 1; j <= m; j++) printf " %s at %s |", title, size[j]
		printf " exponent between sizes | fitted exponent |\n"
		printf "|---|"; for (j = 1; j <= m + 2; j++) printf "---|"; printf "\n"
		for (i = 1; i <= k; i++) {
			s = order[i]; printf "| %s |", s
			for (j = 1; j <= m; j++) printf (col == 3 ? " %.3f |" : " %.0f |"), val[s, size[j]]
			steps = ""; sx = sy = sxx = sxy = c = 0
			for (j = 1; j <= m; j++) {
				t = val[s, size[j]]
				if (t < floor) continue
				x = log(size[j]); y = log(t)
				sx += x; sy += y; sxx += x * x; sxy += x * y; c++
				if (j > 1 && val[s, size[j - 1]] >= floor)
					steps = steps sprintf("%s%.2f", steps == "" ? "" : ", ",
						(y - log(val[s, size[j - 1]])) / (x - log(size[j - 1])))
			}
			printf " %s |", steps == "" ? "-" : steps
			if (c >= 2) printf " %.2f |\n", (c * sxy - sx * sy) / (c * sxx - sx * sx)
			else printf " - |\n"
		}
	}' "$out/growth.tsv"
}
table 3 "CPU s" 0.005
echo
table 4 "peak RSS MB" 1
