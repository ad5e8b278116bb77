#!/usr/bin/env bash
# bench/writes.sh — kaoping serve under concurrent writers, on a store of
# N units (default 5000, built as bench/http.sh builds it, one assessor
# score per unit per scoring slot; kept in bench/out/writes/ and reused):
#
#   1. one client, then 32 clients at once (one keep-alive connection, one
#      loopback address and one unit each; bench/loadgen.c drives them
#      with 2 threads, as wrk does), posting for SINGLE (10) and DURATION (30) seconds: of
#      every 10 requests 7 POST /api/v1/units/{id}/scores with one score, 2
#      the same with a batch (an array of 3), 1 uploads a small PDF to POST
#      /api/v1/units/{id}/criteria/{n}/evidence; latencies (p50/p99/max) for
#      each, requests over 1 s, writes/s; then 32 clients on 32 other units
#      for SINGLE seconds, each paced at PACE requests/s (an open loop:
#      latency counts from when a request was due, so the server's delays
#      are not hidden by clients waiting for it), to show the latency of
#      concurrent writers below saturation; the WAL's size sampled every 0.5 s
#      during the runs and after them; then every acknowledged write is
#      looked for in the store (`kaoping --json score history` and `report
#      unit`, GET …/evidence): each score in order, each file by its id;
#   2. a fresh server: one client keeps reading GET /api/v1/units/{id}
#      (from 127.0.0.1, a new connection each time) while 8 anonymous 50 MB
#      POST /login bodies and 600 slow sockets (a header byte every 0.5 s)
#      come from one other address (127.0.0.2): the reader's latencies and
#      errors, the server's peak RSS (VmHWM).
#
#   bash bench/writes.sh [N]      environment: DURATION=30, SINGLE=10,
#                                 THREADS=4 (kaoping serve --threads),
#                                 HOSTILE=20 (s of part 2; 0 skips it),
#                                 PACE=100 (requests/s of each paced writer)
#
# The load client is bench/loadgen.c, built here with cc and jansson (as
# kaoping is). Everything goes to bench/out/writes/ (gitignored); a snapshot
# of ./kaoping is run, so a rebuild meanwhile changes nothing. Loopback
# only; every server it starts is stopped on exit. Run time: about
# SINGLE + DURATION + HOSTILE + 40 s, plus a minute to build the store once.
#
# Targets: p99 at 32 clients within 40x the single-client p50; no request
# over 1 s; WAL below 64 MB during and after; every acknowledged write
# present; under the hostile load the server's RSS below 100 MB and the
# reader's p99 below 50 ms.
set -eu
set -E # the ERR trap below also for failures inside functions

N=${1:-5000}
case $N in
'' | *[!0-9]* | 0*) echo "usage: bash bench/writes.sh [N]   (N: units in the store, default 5000)" >&2; exit 2 ;;
esac
DURATION=${DURATION:-30}
SINGLE=${SINGLE:-10}
THREADS=${THREADS:-4}
HOSTILE=${HOSTILE:-20}
PACE=${PACE:-100}
CLIENTS=32
PASSWORD=kaoping-bench-2024
ALL=区政府机关各单位 # the collective name every indicator is given (as in scale.sh)

bench=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$bench")
cd "$root"
out=$bench/out/writes
mkdir -p "$out"
step=start
trap 'echo "bench/writes.sh: failed during: $step" >&2' ERR

step="checking tools"
for t in curl cc pkg-config awk; do
	command -v "$t" > /dev/null 2>&1 || { echo "bench/writes.sh: $t missing (make deps installs the build tools; apt-get install curl)" >&2; exit 1; }
done
pkg-config --exists jansson || { echo "bench/writes.sh: jansson missing (make deps)" >&2; exit 1; }
ulimit -n 4096 2> /dev/null || true # the 600 slow sockets

step="building kaoping and the load client"
make kaoping > "$out/make.log" 2>&1 || { echo "bench/writes.sh: make failed, see $out/make.log" >&2; exit 1; }
KP=$out/kaoping
cp ./kaoping "$KP.new" && mv "$KP.new" "$KP"
# shellcheck disable=SC2046 # pkg-config's words are meant to split
cc -std=c11 -O2 -Wall -pthread -o "$out/loadgen" bench/loadgen.c $(pkg-config --cflags --libs jansson)
LG=$out/loadgen

PIDS=()
cleanup() {
	local p i
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2> /dev/null || continue
		for i in $(seq 50); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2> /dev/null || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$bench/lib.sh"
# serve DB LOG — kaoping serve on a free port: SRV_PID, SRV_PORT.
serve() {
	SRV_PORT=$(free_port)
	"$KP" --db "$1" serve --listen "127.0.0.1:$SRV_PORT" --threads "$THREADS" 2> "$2" &
	SRV_PID=$!
	PIDS+=("$SRV_PID")
	wait_up "http://127.0.0.1:$SRV_PORT/healthz" "$SRV_PID" ||
		{ echo "bench/writes.sh: kaoping serve did not come up:" >&2; tail -n 5 "$2" >&2; return 1; }
}
wal_bytes() { stat -c %s "$1-wal" 2> /dev/null || echo 0; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
# sample_wal DB FILE — appends the WAL's size to FILE every 0.5 s until killed.
sample_wal() { while :; do wal_bytes "$1" >> "$2"; sleep 0.5; done; }
# field LINE KEY — the value after KEY in a loadgen line "… KEY VALUE …".
field() { awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' <<< "$1"; }

# ---- the store: N units, reused when it is there ----
base=$out/units-$N.db
if [ -s "$base" ] && [ -s "$out/slots.tsv" ] && "$KP" --db "$base" user list 2> /dev/null | grep -q bench-admin; then
	echo "store: reusing $base"
else
	step="building the $N-unit store"
	rm -f "$base" "$base-wal" "$base-shm" "$base.new"
	campaign_of "$N" "$out" "$out/campaign-$N.json"
	"$KP" --db "$base.new" init --campaign "$out/campaign-$N.json" --force > /dev/null
	awk -v n="$N" -f "$bench/scores.awk" "$out/slots.tsv" > "$out/scores-$N.csv"
	"$KP" --db "$base.new" score import "$out/scores-$N.csv" --by bench > /dev/null
	printf '%s\n' "$PASSWORD" | "$KP" --db "$base.new" user add bench-admin --role admin --password-stdin > /dev/null
	mv "$base.new" "$base"
	echo "store: built $base ($N units, $(($(wc -l < "$out/scores-$N.csv") - 1)) scores)"
fi
db=$out/run.db
rm -rf "$db" "$db-wal" "$db-shm" "$db.files"
cp "$base" "$db"
TOKEN=$("$KP" --db "$db" user token bench-admin --label bench | head -c 64)

echo "== kaoping writes benchmark: N=$N units, kaoping serve --threads $THREADS, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. writers: one client, then 32 ----
step="serving $db"
serve "$db" "$out/serve.log"
curl -sf --max-time 60 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$SRV_PORT/api/v1/units" |
	grep -o '"id": *[0-9]*' | grep -o '[0-9]*$' > "$out/units.txt"
[ "$(wc -l < "$out/units.txt")" -ge $((2 * CLIENTS + 1)) ] || { echo "bench/writes.sh: GET /api/v1/units lists too few units" >&2; exit 1; }
: > "$out/wal-during.txt"
sample_wal "$db" "$out/wal-during.txt" &
SAMPLER=$!
PIDS+=("$SAMPLER")

step="1 client for ${SINGLE}s"
"$LG" writes "$SRV_PORT" "$TOKEN" "$out/units.txt" "$out/slots.tsv" 0 1 "$SINGLE" "$out/acked-1.tsv" > "$out/run-1.txt"
step="$CLIENTS clients for ${DURATION}s"
"$LG" writes "$SRV_PORT" "$TOKEN" "$out/units.txt" "$out/slots.tsv" 1 "$CLIENTS" "$DURATION" "$out/acked-$CLIENTS.tsv" > "$out/run-$CLIENTS.txt"
step="$CLIENTS clients paced at $PACE requests/s each for ${SINGLE}s"
LOADGEN_RATE=$PACE "$LG" writes "$SRV_PORT" "$TOKEN" "$out/units.txt" "$out/slots.tsv" $((CLIENTS + 1)) "$CLIENTS" "$SINGLE" \
	"$out/acked-paced.tsv" > "$out/run-paced.txt"
stop "$SAMPLER"
sleep 2
WAL_IDLE=$(wal_bytes "$db")
WAL_MAX=$(sort -n "$out/wal-during.txt" | tail -n 1)

for n in 1 "$CLIENTS" paced; do
	[ "$n" = paced ] && echo "-- $CLIENTS clients, each paced at $PACE requests/s (latency counted from when each request was due):" ||
		echo "-- $n client(s), each sending as soon as its last request is answered:"
	sed 's/^/   /' "$out/run-$n.txt"
done

step="checking every acknowledged write"
cat "$out/acked-1.tsv" "$out/acked-$CLIENTS.tsv" "$out/acked-paced.tsv" > "$out/acked.tsv"
if "$LG" verify "$KP" "$db" "$SRV_PORT" "$TOKEN" "$out/acked.tsv" > "$out/verify.txt"; then VERIFIED=yes; else VERIFIED=no; fi
tail -n 5 "$out/verify.txt" | sed 's/^/   /'
RSS_WRITES=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SRV_PID/status")
stop "$SRV_PID"
WAL_STOPPED=$(wal_bytes "$db")
grep -c ' 503 ' "$out/serve.log" > "$out/503.txt" || true

# ---- 2. hostile load beside a reader ----
R_P99='' RSS_HOSTILE=''
if [ "$HOSTILE" -gt 0 ]; then
	step="hostile load"
	serve "$db" "$out/serve-hostile.log"
	uid=$(head -n 1 "$out/units.txt")
	"$LG" hostile "$SRV_PORT" "$TOKEN" "/api/v1/units/$uid" "$HOSTILE" 8 50 600 > "$out/hostile.txt"
	RSS_HOSTILE=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SRV_PID/status")
	stop "$SRV_PID"
	echo "-- hostile: a reader of /api/v1/units/$uid while 8 anonymous 50 MB POST /login and 600 slow sockets come from 127.0.0.2:"
	sed 's/^/   /' "$out/hostile.txt"
	R_P99=$(field "$(grep '^reader during' "$out/hostile.txt")" p99)
fi

# ---- summary ----
step="summary"
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
one=$(grep '^all ' "$out/run-1.txt") many=$(grep '^all ' "$out/run-$CLIENTS.txt")
head1=$(head -n 1 "$out/run-1.txt") headn=$(head -n 1 "$out/run-$CLIENTS.txt")
P50_1=$(field "$one" p50) P99_1=$(field "$one" p99) MAX_1=$(field "$one" max) SLOW_1=$(field "$one" over_1s)
P50_N=$(field "$many" p50) P99_N=$(field "$many" p99) MAX_N=$(field "$many" max) SLOW_N=$(field "$many" over_1s)
batch=$(grep '^batch ' "$out/run-$CLIENTS.txt")
BATCH_OK=$(field "$batch" ok)
paced=$(grep '^all ' "$out/run-paced.txt") headp=$(head -n 1 "$out/run-paced.txt")
RATIO=$(awk -v a="$P99_N" -v b="$P50_1" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
cat << EOF

==== summary: N=$N units, kaoping serve --threads $THREADS, loopback, $(nproc) CPUs ====
1 client           $(field "$head1" requests_per_s) requests/s, $(field "$head1" scores_per_s) scores/s; p50 $P50_1 ms, p99 $P99_1 ms, max $MAX_1 ms, over 1 s: $SLOW_1
$CLIENTS clients         $(field "$headn" requests_per_s) requests/s, $(field "$headn" scores_per_s) scores/s; p50 $P50_N ms, p99 $P99_N ms, max $MAX_N ms, over 1 s: $SLOW_N
batch writes       $([ "${BATCH_OK:-0}" -gt 0 ] && echo "accepted ($BATCH_OK)" || echo "REFUSED by this build: $(grep -A1 '^batch ' "$out/run-$CLIENTS.txt" | sed -n 's/.*last failure: //p' | head -n 1)")
at $CLIENTS clients     p99 $(awk -v a="$P99_N" -v b="$P50_N" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')x their own p50; their mean latency can be no less than $CLIENTS / requests/s = $(awk -v c="$CLIENTS" -v r="$(field "$headn" requests_per_s)" 'BEGIN { printf "%.2f", (r > 0 ? 1000 * c / r : 0) }') ms (Little's law: the server and the load share $(nproc) CPUs)
$CLIENTS paced        $(field "$headp" requests_per_s) requests/s ($PACE a client); p50 $(field "$paced" p50) ms, p99 $(field "$paced" p99) ms ($(awk -v a="$(field "$paced" p99)" -v b="$P50_1" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')x the 1-client p50), max $(field "$paced" max) ms
503 answers        $(cat "$out/503.txt")
WAL                at most $(mb "$WAL_MAX") MB during the runs, $(mb "$WAL_IDLE") MB 2 s after, $(mb "$WAL_STOPPED") MB once the server stopped
server peak RSS    $(awk -v k="$RSS_WRITES" 'BEGIN { printf "%.1f", k / 1024 }') MB (writers)${RSS_HOSTILE:+, $(awk -v k="$RSS_HOSTILE" 'BEGIN { printf "%.1f", k / 1024 }') MB (hostile load)}
targets:
  p99 at $CLIENTS clients <= 40x 1-client p50   $(verdict "$P99_N <= 40 * $P50_1")  ($RATIO x)
  no request over 1 s                 $(verdict "$SLOW_1 + $SLOW_N == 0")  ($((SLOW_1 + SLOW_N)))
  WAL < 64 MB during and after        $(verdict "$WAL_MAX < 67108864 && $WAL_IDLE < 67108864")
  every acknowledged write present    $([ "$VERIFIED" = yes ] && echo met || echo MISSED)  ($(tail -n 1 "$out/verify.txt"))
EOF
if [ "$HOSTILE" -gt 0 ]; then
	cat << EOF
  hostile: server RSS < 100 MB        $(verdict "$RSS_HOSTILE < 102400")  ($(awk -v k="$RSS_HOSTILE" 'BEGIN { printf "%.1f", k / 1024 }') MB)
  hostile: reader p99 < 50 ms         $(verdict "${R_P99:-1e9} < 50")  (${R_P99:-none} ms, $(grep '^reader errors' "$out/hostile.txt" | cut -d' ' -f3) errors)
EOF
fi
echo "raw figures, logs and the store: $out/"
