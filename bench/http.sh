#!/usr/bin/env bash
# bench/http.sh — kaoping serve under load: the demo store and a store of N
# units (default 5000, built the way bench/scale.sh builds its campaign, with
# one assessor score per unit per scoring slot), each served by
# `kaoping serve` on a loopback port and measured with wrk (32 connections,
# 2 threads, --latency) on five answers, logged in:
#
#   unit dashboard   GET /units/ID               as the unit's own account
#   criterion page   GET /units/ID/criteria/2    as the unit's own account
#   ranking page     GET /ranking                as an admin
#   ranking API      GET /api/v1/ranking         as an admin
#   the same, gzip   GET /api/v1/ranking         with Accept-Encoding: gzip
#
# In the same run nginx (worker_processes 2, access_log off, a config this
# script writes) serves a static copy of each of those responses, saved with
# curl, with the same wrk settings, each page right after its kaoping run (so
# both see the same load from the rest of the machine): each kaoping page's
# requests/s is given as a ratio of nginx's on the same bytes (for /ranking:
# the ranking page as a static file).
#
#   bench/http.sh [N]        environment: DURATION=10 (s per wrk run),
#                            THREADS=2 (kaoping serve --threads), KP_PERF=1
#                            (perf record --call-graph dwarf on the server
#                            for 5 s of each kaoping run, digested by
#                            bench/perfsum.awk into bench/out/http/perf-*.txt;
#                            it lowers the kaoping figures)
#
# Run time: about 20 x (DURATION + 1) s plus a few seconds to build the store.
#
# Everything it writes goes to bench/out/http/ (gitignored); it runs a
# snapshot of ./kaoping so that a rebuild during the run changes nothing.
# Needs bash, curl, awk, wrk, nginx; installs the missing ones with apt-get
# when run as root. Only loopback addresses; every server it starts is
# stopped on exit.
#
# Targets: every page >= 50% of nginx's requests/s on the static copy;
# p99 latency < 10 ms at 32 connections; kaoping serve peak RSS (VmHWM)
# < 50 MB.
set -eu
set -E # the ERR trap below also for failures inside functions

N=${1:-5000}
case $N in
'' | *[!0-9]* | 0*) echo "usage: bash bench/http.sh [N]   (N: units in the large store, default 5000)" >&2; exit 2 ;;
esac
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
KP_PERF=${KP_PERF:-0}
CONNS=32 WRK_THREADS=2
PASSWORD=kaoping-demo-2024 # the demo accounts' password; also used for the bench accounts
ALL=区政府机关各单位       # the collective name every indicator is given (as in scale.sh)

bench=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$bench")
cd "$root"
out=$bench/out/http
mkdir -p "$out"
step=start
trap 'echo "bench/http.sh: failed during: $step" >&2' ERR

# ---- 1. tools ----
step="checking tools"
need=()
command -v curl > /dev/null 2>&1 || need+=(curl)
command -v wrk > /dev/null 2>&1 || need+=(wrk)
command -v nginx > /dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
		echo "installing: ${need[*]}"
		# Wait for another apt/dpkg run rather than fail on its lock.
		apt-get -o DPkg::Lock::Timeout=600 update -qq > "$out/apt.log" 2>&1 || true
		if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >> "$out/apt.log" 2>&1; then
			# nginx-light is a transitional package on some releases: try nginx.
			need=("${need[@]/nginx-light/nginx}")
			DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >> "$out/apt.log" 2>&1 ||
				{ echo "bench/http.sh: apt-get install ${need[*]} failed, see $out/apt.log" >&2; exit 1; }
		fi
	else
		echo "bench/http.sh: missing ${need[*]}; as root run: apt-get install ${need[*]/nginx-light/nginx-light (or nginx)}" >&2
		exit 1
	fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PERF='' PERF_JOB='' PERF_DATA=''
if [ "$KP_PERF" = 1 ]; then
	PERF=$(command -v perf || true)
	[ -n "$PERF" ] || echo "note: KP_PERF=1 but no perf (apt-get install linux-perf): no profiles" >&2
	[ -z "$PERF" ] || echo "note: KP_PERF=1: perf runs during the kaoping runs and lowers their figures" >&2
fi

# ---- the program: a snapshot, so that others rebuilding ./kaoping mid-run change nothing ----
step="building kaoping"
tries=0
until [ -x ./kaoping ] || make > "$out/make.log" 2>&1; do
	tries=$((tries + 1))
	[ $tries -lt 3 ] || { echo "bench/http.sh: make failed 3 times, see $out/make.log" >&2; exit 1; }
	echo "make failed (src/ being edited?); retrying in 60 s" >&2
	sleep 60
done
KP=$out/kaoping
cp ./kaoping "$KP.new" && mv "$KP.new" "$KP"

# ---- servers, stopped on exit ----
PIDS=()
tmp=$(mktemp -d /tmp/kaoping-http.XXXXXX)
chmod 755 "$tmp" # nginx's workers (www-data) read the static copies in it
cleanup() {
	local p i
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2> /dev/null || continue
		for i in $(seq 50); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2> /dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$bench/lib.sh"
# serve DB LOG — starts kaoping serve on a free port: SRV_PID, SRV_BASE.
serve() {
	local port
	port=$(free_port)
	"$KP" --db "$1" serve --listen "127.0.0.1:$port" --threads "$THREADS" 2> "$2" &
	SRV_PID=$!
	PIDS+=("$SRV_PID")
	SRV_BASE=http://127.0.0.1:$port
	wait_up "$SRV_BASE/healthz" "$SRV_PID" || { echo "bench/http.sh: kaoping serve did not come up:" >&2; tail -n 5 "$2" >&2; return 1; }
}
# login BASE NAME — prints the kp_session cookie's value (GET /login for the
# kp_login cookie and the form's login_csrf, then POST /login).
login() {
	local jar=$tmp/jar.$2 csrf sess
	rm -f "$jar"
	csrf=$(curl -sf --max-time 10 -c "$jar" "$1/login" | sed -n 's/.*name="login_csrf" value="\([^"]*\)".*/\1/p')
	[ -n "$csrf" ] || { echo "bench/http.sh: no login_csrf on $1/login" >&2; return 1; }
	curl -s --max-time 10 -o /dev/null -b "$jar" -c "$jar" --data-urlencode "name=$2" --data-urlencode "password=$PASSWORD" \
		--data-urlencode "login_csrf=$csrf" --data-urlencode "next=/" "$1/login"
	sess=$(awk '$6 == "kp_session" { print $7 }' "$jar")
	[ -n "$sess" ] || { echo "bench/http.sh: log-in as $2 failed" >&2; return 1; }
	echo "$sess"
}
# unit_id BASE SESSION NAME — the id of unit NAME from GET /api/v1/units.
unit_id() {
	curl -sf --max-time 30 -H "Cookie: kp_session=$2" "$1/api/v1/units" |
		awk -v name="$3" 'BEGIN { RS = "{" } { gsub(/"[ \t\n]*:[ \t\n]*/, "\":") }
			match($0, /"id":[0-9]+/) { id = substr($0, RSTART + 5, RLENGTH - 5) }
			index($0, "\"name\":\"" name "\"") { print id; found = 1; exit } END { exit !found }'
}
# gzipped URL SESSION FILE — checks that URL, asked with Accept-Encoding:
# gzip, answers gzip that inflates to FILE.
gzipped() {
	local h=$tmp/gzip-headers
	curl -s --max-time 60 -D "$h" -H "Accept-Encoding: gzip" ${2:+-H "Cookie: kp_session=$2"} "$1" | gzip -dc | cmp -s - "$3" &&
		grep -qi '^Content-Encoding: gzip' "$h" ||
		{ echo "bench/http.sh: $1 does not answer gzip that inflates to $3" >&2; return 1; }
}
# fetch URL SESSION FILE — saves the page, checks 200.
fetch() {
	local code
	code=$(curl -s --max-time 60 -o "$3" -w '%{http_code}' -H "Cookie: kp_session=$2" "$1")
	[ "$code" = 200 ] || { echo "bench/http.sh: $1 answered $code, not 200" >&2; return 1; }
}

# wrk_run NAME URL [SESSION] [ENCODING] — one wrk run (with ENCODING: sent
# as Accept-Encoding); appends a row to $tmp/rows:
# NAME<TAB>req/s<TAB>p50 ms<TAB>p99 ms<TAB>errors (non-2xx + socket errors).
wrk_run() {
	local name=$1 url=$2 sess=${3:-} enc=${4:-} f hdr=()
	f=$out/wrk-$(printf '%s' "$name" | tr -cs 'A-Za-z0-9' _ | sed 's/_$//').txt
	[ -z "$sess" ] || hdr+=(-H "Cookie: kp_session=$sess")
	[ -z "$enc" ] || hdr+=(-H "Accept-Encoding: $enc")
	timeout $((DURATION + 60)) wrk -t$WRK_THREADS -c$CONNS -d"${DURATION}s" --timeout 5s --latency "${hdr[@]}" "$url" > "$f"
	awk -v name="$name" '
		function ms(s) {
			if (s ~ /us$/) return substr(s, 1, length(s) - 2) / 1000
			if (s ~ /ms$/) return substr(s, 1, length(s) - 2) + 0
			if (s ~ /s$/) return substr(s, 1, length(s) - 1) * 1000
			return s + 0
		}
		/^ +50% / { p50 = ms($2) } /^ +99% / { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { err += $NF }
		/Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) err += $i + 0 }
		END { printf "%s\t%.0f\t%.2f\t%.2f\t%d\n", name, rps, p50, p99, err }' "$f" >> "$tmp/rows"
	tail -n 1 "$tmp/rows" | awk -F'\t' '{ printf "  %-34s %9s req/s  p50 %6.2f ms  p99 %6.2f ms%s\n", $1, $2, $3, $4, ($5 > 0 ? "  ERRORS " $5 : "") }'
}

# start_nginx LABEL WWW — nginx on a free loopback port serving WWW with a
# minimal config: NGINX_PID, NGINX_BASE.
start_nginx() {
	local label=$1 www=$2 port dir=$tmp/nginx-$1 f
	port=$(free_port)
	mkdir -p "$dir"
	cat > "$dir/nginx.conf" <<-EOF
		worker_processes 2;
		daemon off;
		pid $dir/nginx.pid;
		error_log $dir/error.log warn;
		events { worker_connections 1024; }
		http {
		    access_log off;
		    sendfile on;
		    tcp_nopush on;
		    keepalive_requests 1000000;
		    types { text/html html; application/json json; }
		    default_type application/octet-stream;
		    gzip_static on;
		    client_body_temp_path $dir/body;
		    proxy_temp_path $dir/proxy;
		    fastcgi_temp_path $dir/fastcgi;
		    uwsgi_temp_path $dir/uwsgi;
		    scgi_temp_path $dir/scgi;
		    server {
		        listen 127.0.0.1:$port;
		        root $www;
		    }
		}
	EOF
	"$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" &
	NGINX_PID=$!
	PIDS+=("$NGINX_PID")
	NGINX_BASE=http://127.0.0.1:$port
	wait_up "$NGINX_BASE/" "$NGINX_PID" || { echo "bench/http.sh: nginx did not come up:" >&2; cat "$dir/error.log" >&2; return 1; }
	for f in "$www"/*; do
		curl -sf --max-time 10 "$NGINX_BASE/${f##*/}" | cmp -s - "$f" ||
			{ echo "bench/http.sh: nginx does not serve $f as it is:" >&2; cat "$dir/error.log" >&2; return 1; }
	done
}

# profile_start LABEL PID — with KP_PERF=1, perf record (DWARF call graphs) on
# PID for 5 s of the coming wrk run; profile_end writes a digest.
profile_start() {
	PERF_JOB=
	[ -n "$PERF" ] || return 0
	PERF_DATA=$out/perf-$(printf '%s' "$1" | tr -cs 'A-Za-z0-9' _ | sed 's/_$//')
	( sleep 1; "$PERF" record -q --call-graph dwarf,16384 -F 499 -o "$PERF_DATA.data" -p "$2" -- sleep $((DURATION > 7 ? 5 : 1)) ) > /dev/null 2>&1 &
	PERF_JOB=$!
}
profile_end() {
	[ -n "$PERF_JOB" ] || return 0
	wait "$PERF_JOB" || true
	"$PERF" script -i "$PERF_DATA.data" 2> /dev/null |
		awk -v funcs=handle,web_handle,campaign_load,report_results -f "$bench/perfsum.awk" > "$PERF_DATA.txt" || true
	echo "    profile: $PERF_DATA.txt"
}

# bench_store LABEL DB UNIT_ACCOUNT UNIT_NAME ADMIN_ACCOUNT — serves DB, saves
# the four pages, starts nginx on static copies of them, then measures each
# page on kaoping and right after on nginx (alternating, so that both see the
# same load from the rest of the machine); records kaoping's peak RSS.
bench_store() {
	local label=$1 db=$2 uacct=$3 uname=$4 aacct=$5 usess asess uid base pid www=$tmp/www-$1 i
	step="$label: kaoping serve"
	serve "$db" "$out/serve-$label.log"
	base=$SRV_BASE pid=$SRV_PID
	step="$label: logging in"
	usess=$(login "$base" "$uacct")
	asess=$(login "$base" "$aacct")
	uid=$(unit_id "$base" "$usess" "$uname") || { echo "bench/http.sh: unit $uname not in $base/api/v1/units" >&2; return 1; }
	echo "== store $label: $db ($(du -k "$db" | cut -f1) KB), kaoping serve --threads $THREADS on $base, pid $pid"
	echo "   unit account $uacct -> unit $uname (id $uid); admin account $aacct"
	step="$label: saving the pages"
	mkdir -p "$www"
	chmod 755 "$www"
	# the last: the API ranking asked for gzipped, as browsers and most
	# HTTP clients ask (nginx: gzip_static on a gzip -6 copy)
	local pages=("/units/$uid" "/units/$uid/criteria/2" /ranking /api/v1/ranking /api/v1/ranking)
	local names=(/units/ID /units/ID/criteria/2 /ranking /api/v1/ranking /api/v1/ranking+gzip)
	local files=(unit.html criterion.html ranking.html ranking.json ranking.json)
	local sess=("$usess" "$usess" "$asess" "$asess" "$asess")
	local encs=("" "" "" "" gzip)
	for i in 0 1 2 3; do
		fetch "$base${pages[i]}" "${sess[i]}" "$www/${files[i]}"
	done
	gzip -6 -n -k "$www/ranking.json"
	echo "   sizes: unit $(wc -c < "$www/unit.html") B, criterion $(wc -c < "$www/criterion.html") B, ranking $(wc -c < "$www/ranking.html") B, API ranking $(wc -c < "$www/ranking.json") B ($(wc -c < "$www/ranking.json.gz") B gzipped)"
	step="$label: nginx"
	start_nginx "$label" "$www"
	echo "   nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') (worker_processes 2) on $NGINX_BASE/, pid $NGINX_PID: static copies of the same responses"
	step="$label: gzip answers"
	gzipped "$base/api/v1/ranking" "$asess" "$www/ranking.json"
	gzipped "$NGINX_BASE/ranking.json" "" "$www/ranking.json"
	echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	for i in 0 1 2 3 4; do
		step="$label: wrk ${names[i]}"
		profile_start "$label ${names[i]}" "$pid"
		wrk_run "kaoping $label ${names[i]}" "$base${pages[i]}" "${sess[i]}" "${encs[i]}"
		profile_end
		wrk_run "nginx $label ${names[i]}" "$NGINX_BASE/${files[i]}" "" "${encs[i]}"
	done
	echo "   load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
	step="$label: peak RSS"
	awk '/^VmHWM:/ { h = $2 } /^VmRSS:/ { r = $2 } END { printf "%d\t%d\n", h, r }' "/proc/$pid/status" > "$tmp/rss-$label"
	printf '%s\t%s\n' "$label" "$(cat "$tmp/rss-$label")" >> "$tmp/rss"
	echo "   kaoping serve: VmHWM $(awk '{ printf "%.1f MB", $1 / 1024 }' "$tmp/rss-$label"), VmRSS now $(awk '{ printf "%.1f MB", $2 / 1024 }' "$tmp/rss-$label")"
	step="$label: stopping the servers"
	stop "$pid"
	stop "$NGINX_PID"
	! grep -q ' 5[0-9][0-9] [0-9]* [0-9]*us ' "$out/serve-$label.log" || echo "   note: 5xx answers in $out/serve-$label.log" >&2
}

echo "== kaoping HTTP benchmark: demo store and N=$N units  ($("$KP" version 2>/dev/null || echo kaoping), $(nproc) CPUs, wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s --latency)"
: > "$tmp/rows"
: > "$tmp/rss"

# ---- 2a. the demo store ----
step="creating the demo store"
rm -f "$out/demo.db" "$out/demo.db-wal" "$out/demo.db-shm"
"$KP" --db "$out/demo.db" init --demo > /dev/null
# Demo accounts: shenji is 区审计局's unit account, office an admin (办公室).
bench_store demo "$out/demo.db" shenji 区审计局 office

# ---- 2b. a store of N units, as bench/scale.sh builds it ----
step="generating the $N-unit campaign"
db=$out/units-$N.db
rm -f "$db" "$db-wal" "$db-shm"
campaign_of "$N" "$out" "$out/campaign-$N.json"
step="kaoping init ($N units)"
/usr/bin/time -f '%e s, peak RSS %M KB' -o "$tmp/time" "$KP" --db "$db" init --campaign "$out/campaign-$N.json" --force > /dev/null
echo "init ($N units): $(tail -n 1 "$tmp/time")"
step="kaoping score import ($N units)"
awk -v n="$N" -f "$bench/scores.awk" "$out/slots.tsv" > "$out/scores-$N.csv"
/usr/bin/time -f '%e s, peak RSS %M KB' -o "$tmp/time" "$KP" --db "$db" score import "$out/scores-$N.csv" --by bench > /dev/null
echo "score import ($(($(wc -l < "$out/scores-$N.csv") - 1)) scores): $(tail -n 1 "$tmp/time")"
step="kaoping user add ($N units)"
printf '%s\n' "$PASSWORD" | "$KP" --db "$db" user add bench-unit --role unit --unit 单位000001 --password-stdin > /dev/null
printf '%s\n' "$PASSWORD" | "$KP" --db "$db" user add bench-admin --role admin --password-stdin > /dev/null
bench_store "u$N" "$db" bench-unit 单位000001 bench-admin

# ---- 3. summary ----
step="summary"
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
echo
echo "==== summary: kaoping serve --threads $THREADS, wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s, loopback, $(nproc) CPUs ===="
# Join each kaoping row with the nginx row of the same store and page.
awk -F'\t' '
	{ split($1, k, " "); who = k[1]; store = k[2]; page = k[3]
	  key = store SUBSEP page
	  if (who == "nginx") { nrps[key] = $2; nerr[key] = $5 } else { n++; order[n] = key; rps[key] = $2; p50[key] = $3; p99[key] = $4; err[key] = $5 } }
	END {
		printf "%-24s %-7s %9s %8s %8s %9s %8s %7s\n", "page", "store", "req/s", "p50 ms", "p99 ms", "nginx r/s", "ratio", "errors (kaoping/nginx)"
		for (i = 1; i <= n; i++) {
			key = order[i]; split(key, a, SUBSEP)
			r = (nrps[key] > 0) ? rps[key] / nrps[key] : 0
			printf "%-24s %-7s %9d %8.2f %8.2f %9d %7.1f%% %7s\n", a[2], a[1], rps[key], p50[key], p99[key], nrps[key], 100 * r, err[key] "/" nerr[key]
		}
	}' "$tmp/rows" | tee "$out/summary.txt"
awk -F'\t' '{ printf "kaoping serve peak RSS (VmHWM), %-6s %6.1f MB\n", $1, $2 / 1024 }' "$tmp/rss" | tee -a "$out/summary.txt"
# Targets, counted over every kaoping row.
awk -F'\t' '
	{ split($1, k, " "); key = k[2] " " k[3] }
	k[1] == "nginx" { nrps[key] = $2; next }
	{ n++; keys[n] = key; rps[key] = $2; p99[key] = $4; err[key] = $5 }
	END {
		for (i = 1; i <= n; i++) {
			key = keys[i]
			if (!(nrps[key] > 0 && rps[key] >= 0.5 * nrps[key])) { rmiss++; rlist = rlist " " key }
			if (!(p99[key] < 10)) { pmiss++; plist = plist " " key }
			if (err[key] > 0) { emiss++; elist = elist " " key }
		}
		printf "R\t%d\t%d\t%s\nP\t%d\t%d\t%s\nE\t%d\t%d\t%s\n", n - rmiss, n, rlist, n - pmiss, n, plist, n - emiss, n, elist
	}' "$tmp/rows" > "$tmp/targets"
maxrss=$(awk -F'\t' '$2 > m { m = $2 } END { print m + 0 }' "$tmp/rss")
{
	echo "targets:"
	awk -F'\t' '
		$1 == "R" { printf "  pages >= 50%% of nginx req/s     %s  (%d of %d pages)%s\n", ($2 == $3 ? "met" : "MISSED"), $2, $3, ($4 != "" ? "; missed:" $4 : "") }
		$1 == "P" { printf "  p99 < 10 ms at %d connections    %s  (%d of %d pages)%s\n", c, ($2 == $3 ? "met" : "MISSED"), $2, $3, ($4 != "" ? "; missed:" $4 : "") }
		$1 == "E" && $2 != $3 { printf "  (errors: non-2xx or socket errors on:%s)\n", $4 }' c=$CONNS "$tmp/targets"
	echo "  server RSS < 50 MB               $(verdict "$maxrss < 51200")  (highest VmHWM $(awk -v k="$maxrss" 'BEGIN { printf "%.1f", k / 1024 }') MB)"
} | tee -a "$out/summary.txt"
echo "raw wrk output, server logs and stores: $out/"
