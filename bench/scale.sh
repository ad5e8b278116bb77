#!/usr/bin/env bash
# bench/scale.sh — kaoping at scale: a campaign of N units (default 150000)
# with the built-in rubric applied to every unit, one assessor score per unit
# per scoring slot (3.75M rows at N=150000), then init, CSV import and the
# ranking report are timed, the ranking side by side with the sqlite3 shell
# running the equivalent query on the same store.
#
#   bench/scale.sh [N]
#
# Everything it writes goes to bench/out/ (gitignored): campaign-N.json,
# scores-N.csv, scale.db, logs. Needs bash, awk and coreutils; uses
# /usr/bin/time (Debian package "time") for peak RSS when present and the
# sqlite3 shell (package "sqlite3") for the comparison when present.
#
# Targets at N=150000: import >= 300,000 scores/s; ranking <= 1.5x sqlite3;
# peak RSS < 100 MB.
set -eu

N=${1:-150000}
case $N in
'' | *[!0-9]* | 0*) echo "usage: bash bench/scale.sh [N]   (N: number of units, default 150000)" >&2; exit 2 ;;
esac

bench=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$bench")
cd "$root"
[ -x ./kaoping ] || make
KP=$root/kaoping
out=$bench/out
mkdir -p "$out"
db=$out/scale.db
campaign=$out/campaign-$N.json
scores=$out/scores-$N.csv
ALL=区政府机关各单位 # the collective name every indicator is given
step=start
trap 'echo "bench/scale.sh: failed during: $step" >&2' ERR
. "$bench/lib.sh"

GNUTIME=
if command -v /usr/bin/time > /dev/null 2>&1; then
	GNUTIME=/usr/bin/time
else
	echo "note: /usr/bin/time missing (apt-get install time): no peak RSS figures" >&2
fi
SQLITE=
if command -v sqlite3 > /dev/null 2>&1; then
	SQLITE=sqlite3
else
	echo "note: sqlite3 shell missing (apt-get install sqlite3): no ranking comparison" >&2
fi

# timed OUTFILE CMD… — runs CMD with stdout to OUTFILE; sets T (wall seconds)
# and RSS (peak resident set, KB; empty without /usr/bin/time).
timed() {
	local o=$1 t0 t1
	shift
	t0=$(date +%s%N)
	if [ -n "$GNUTIME" ]; then
		"$GNUTIME" -f '%M' -o "$out/.rss" "$@" > "$o"
	else
		"$@" > "$o"
	fi
	t1=$(date +%s%N)
	T=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }')
	RSS=
	[ -z "$GNUTIME" ] || RSS=$(tail -n 1 "$out/.rss")
}
# race — best of three runs each of the kaoping ranking (KP_CMD) and of the
# sqlite3 query (SQL_CMD), alternated so that both see the same machine load:
# K_BEST, S_BEST (s), K_RSS (highest peak RSS seen, KB).
race() {
	local i
	K_BEST= S_BEST= K_RSS=
	for i in 1 2 3; do
		timed /dev/null "${KP_CMD[@]}"
		printf '    run %d: kaoping %s s%s' $i "$T" "${RSS:+ (peak RSS $(mb "$RSS") MB)}"
		K_BEST=$(min "$K_BEST" "$T")
		[ -z "$RSS" ] || K_RSS=$(awk -v a="${K_RSS:-0}" -v b="$RSS" 'BEGIN { m = (b + 0 > a + 0) ? b : a; print m }')
		if [ -n "$SQLITE" ]; then
			timed /dev/null "${SQL_CMD[@]}"
			printf ', sqlite3 %s s' "$T"
			S_BEST=$(min "$S_BEST" "$T")
		fi
		echo
	done
}
min() { awk -v a="${1:-1e99}" -v b="$2" 'BEGIN { m = (b + 0 < a + 0) ? b : a; print m }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# mbs KB — "12.3 MB", or "n/a" when KB is empty.
mbs() { if [ -n "$1" ]; then echo "$(mb "$1") MB"; else echo n/a; fi; }

echo "== kaoping scale benchmark: N=$N units  ($("$KP" version 2>/dev/null || echo kaoping), $(nproc) CPUs)"

# 1. The campaign: header of the built-in campaign, N units, built-in rubric
#    rewritten so that every indicator applies to all units.
step="generating the campaign"
campaign_of "$N" "$out" "$campaign"
nslots=$(wc -l < "$out/slots.tsv")
echo "campaign: $campaign ($(du -k "$campaign" | cut -f1) KB, $nslots scoring slots per unit: $(cut -f1 "$out/slots.tsv" | tr '\n' ' '))"

# 2. init
step="kaoping init"
timed "$out/init.log" "$KP" --db "$db" init --campaign "$campaign" --force
INIT_S=$T INIT_RSS=$RSS
echo "init: $INIT_S s${INIT_RSS:+, peak RSS $(mb "$INIT_RSS") MB}: $(cat "$out/init.log")"

# 3. The score sheet.
step="generating the score sheet"
t0=$(date +%s%N)
awk -v n="$N" -f "$bench/scores.awk" "$out/slots.tsv" > "$scores"
t1=$(date +%s%N)
ROWS=$(($(wc -l < "$scores") - 1))
echo "scores: $scores ($ROWS rows, $(du -m "$scores" | cut -f1) MB, generated in $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e9 }') s)"

# 4. Import.
step="kaoping score import"
timed "$out/import.log" "$KP" --db "$db" score import "$scores" --by bench
IMPORT_S=$T IMPORT_RSS=$RSS
RATE=$(awk -v r="$ROWS" -v t="$IMPORT_S" 'BEGIN { printf "%.0f", (t > 0 ? r / t : 0) }')
echo "import: $IMPORT_S s, $RATE scores/s${IMPORT_RSS:+, peak RSS $(mb "$IMPORT_RSS") MB}: $(cat "$out/import.log")"
stored=$(${SQLITE:-false} "$db" 'SELECT COUNT(*) FROM score WHERE kind = 1' 2>/dev/null || echo "?")
[ "$stored" = "?" ] || [ "$stored" = "$ROWS" ] || { echo "bench/scale.sh: $stored scores stored, expected $ROWS" >&2; exit 1; }

# 5. Ranking, kaoping against the sqlite3 shell, best of 3 each.
step="ranking: kaoping report ranking and the sqlite3 query"
"$KP" --db "$db" report ranking --format csv > "$out/ranking.csv" # warm-up, and a check
lines=$(wc -l < "$out/ranking.csv")
[ "$lines" -eq $((N + 1)) ] || { echo "bench/scale.sh: ranking has $lines lines, expected $((N + 1))" >&2; exit 1; }
QUERY='SELECT u.name, SUM(s.points), MAX(s.vetoed), COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE s.kind = 1 GROUP BY s.unit_id ORDER BY 2 DESC;'
KP_CMD=("$KP" --db "$db" report ranking --format csv)
SQL_CMD=("$SQLITE" "$db" "$QUERY")
[ -z "$SQLITE" ] || "${SQL_CMD[@]}" > /dev/null # warm-up
echo "ranking, best of 3, alternating: kaoping report ranking --format csv > /dev/null${SQLITE:+ | $SQLITE $($SQLITE --version | cut -d' ' -f1) with the equivalent query > /dev/null}:"
race
RANK_S=$K_BEST RANK_RSS=$K_RSS SQL_S=$S_BEST RATIO=
[ -z "$SQL_S" ] || RATIO=$(awk -v a="$RANK_S" -v b="$SQL_S" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')

# 6. Summary.
step="summary"
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
peak=$(awk -v a="${INIT_RSS:-0}" -v b="${IMPORT_RSS:-0}" -v c="${RANK_RSS:-0}" 'BEGIN { m = a; if (b > m) m = b; if (c > m) m = c; print m }')
cat <<EOF

==== summary: kaoping at N=$N ====
units (N)             $N
score rows            $ROWS  ($nslots slots per unit)
init                  $INIT_S s${INIT_RSS:+  (peak RSS $(mb "$INIT_RSS") MB)}
import                $IMPORT_S s
import rate           $RATE scores/s
import peak RSS       $(mbs "$IMPORT_RSS")
ranking (kaoping)     $RANK_S s  (best of 3)
ranking (sqlite3)     ${SQL_S:-n/a}${SQL_S:+ s  (best of 3)}
ratio kaoping/sqlite3 ${RATIO:-n/a}
ranking peak RSS      $(mbs "$RANK_RSS")
targets$([ "$N" -eq 150000 ] || echo " (set for N=150000; indicative only at N=$N)"):
  import >= 300000 scores/s   $(verdict "$RATE >= 300000")
  ranking <= 1.5x sqlite3     $([ -n "$RATIO" ] && verdict "$RATIO <= 1.5" || echo n/a)
  peak RSS < 100 MB           $([ -n "$GNUTIME" ] && verdict "$peak < 102400" || echo n/a)  (highest: $(mb "$peak") MB)
EOF
