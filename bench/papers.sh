#!/usr/bin/env bash
# bench/papers.sh — the papers at a province's scale: a campaign of N units
# (default 5000) with the built-in rubric applied to every unit and one
# assessor score per unit per scoring slot, then the 汇总排名 written as
# XLSX and as PDF, a unit's 测评表 as PDF, and every unit's 催办单 as PDF,
# each timed (best of 3) with its peak RSS and file size; then the score
# sheet to fill in for every unit (score template, .xlsx) and that workbook
# read back by score import (--dry-run: every row checked, nothing stored).
#
#   bash bench/papers.sh [N]
#
# Everything it writes goes to bench/out/ (gitignored). Needs bash, awk and
# coreutils; /usr/bin/time (Debian package "time") for peak RSS; pdfinfo
# (poppler-utils) for page counts.
set -eu

N=${1:-5000}
case $N in
'' | *[!0-9]* | 0*) echo "usage: bash bench/papers.sh [N]   (N: number of units, default 5000)" >&2; exit 2 ;;
esac

bench=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$bench")
cd "$root"
[ -x ./kaoping ] || make
KP=$root/kaoping
out=$bench/out
mkdir -p "$out"
db=$out/papers.db
campaign=$out/campaign-$N.json
scores=$out/scores-$N.csv
ALL=区政府机关各单位
step=start
trap 'echo "bench/papers.sh: failed during: $step" >&2' ERR
. "$bench/lib.sh"

GNUTIME=
command -v /usr/bin/time > /dev/null 2>&1 && GNUTIME=/usr/bin/time || echo "note: /usr/bin/time missing (apt-get install time): no peak RSS figures" >&2

# best3 CMD… — best wall time of three runs (B, seconds) and the highest peak RSS (R, KB).
best3() {
	local i t0 t1 t
	B= R=
	for i in 1 2 3; do
		t0=$(date +%s%N)
		if [ -n "$GNUTIME" ]; then "$GNUTIME" -f '%M' -o "$out/.rss" "$@" > /dev/null 2>&1; else "$@" > /dev/null 2>&1; fi
		t1=$(date +%s%N)
		t=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }')
		B=$(awk -v a="${B:-1e99}" -v b="$t" 'BEGIN { print (b + 0 < a + 0) ? b : a }')
		[ -z "$GNUTIME" ] || R=$(awk -v a="${R:-0}" -v b="$(tail -n 1 "$out/.rss")" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
	done
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
pages() { command -v pdfinfo > /dev/null 2>&1 && pdfinfo "$1" | awk '/^Pages:/ { print $2 }' || echo "?"; }

echo "== kaoping papers benchmark: N=$N units ($(nproc) CPUs)"
step="generating the campaign"
campaign_of "$N" "$out" "$campaign"
step="kaoping init"
"$KP" --db "$db" init --campaign "$campaign" --force > /dev/null
step="scores"
awk -v n="$N" -f "$bench/scores.awk" "$out/slots.tsv" > "$scores"
"$KP" --db "$db" score import "$scores" --by bench > /dev/null
echo "store: $N units, $(($(wc -l < "$scores") - 1)) assessor scores"

report() { # NAME FILE CMD…
	local name=$1 file=$2
	shift 2
	step=$name
	best3 "$@"
	printf '%-34s %7s s  %8s KB%s%s\n' "$name" "$B" "$(du -k "$file" | cut -f1)" \
		"${R:+  peak RSS $(mb "$R") MB}" "$(case $file in *.pdf) echo "  $(pages "$file") pages" ;; esac)"
}
report "汇总排名 xlsx (report ranking)" "$out/ranking.xlsx" "$KP" --db "$db" report ranking --format xlsx --output "$out/ranking.xlsx"
report "汇总排名 pdf (report ranking)" "$out/ranking.pdf" "$KP" --db "$db" report ranking --format pdf --output "$out/ranking.pdf"
report "测评表 pdf (report unit)" "$out/unit.pdf" "$KP" --db "$db" report unit 单位000001 --format pdf --output "$out/unit.pdf"
report "测评内容 pdf (report criteria)" "$out/criteria.pdf" "$KP" --db "$db" report criteria --format pdf --output "$out/criteria.pdf"
report "催办单 pdf, every unit (due)" "$out/reminders.pdf" "$KP" --db "$db" due --reminders --as-of 2024-07-20 --format pdf --output "$out/reminders.pdf"
report "填报表 xlsx, every unit (score template)" "$out/template.xlsx" "$KP" --db "$db" score template --output "$out/template.xlsx"
report "填报表 read back (score import --dry-run)" "$out/template.xlsx" "$KP" --db "$db" score import "$out/template.xlsx" --by bench --dry-run
