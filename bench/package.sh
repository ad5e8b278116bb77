#!/usr/bin/env bash
# bench/package.sh — the inspection package (迎检材料) at scale: a campaign of
# N units (default 5000) with FILES pieces of evidence per unit (default 2)
# of SIZE KB of random bytes each (default 200), uploaded through the API
# of a running `kaoping serve` (one curl, keep-alive); then `kaoping
# package --output` is timed, and the same again with files 4x larger, to
# show that peak RSS stays flat while the package grows: file contents are
# streamed from the store when the zip is written, never held in memory.
#
#   bash bench/package.sh [N]         (FILES=2 SIZE=200 bash bench/package.sh 5000)
#
# Everything it writes goes to bench/out/package/ (gitignored) and is removed
# at the end unless KEEP=1: about N*FILES*SIZE KB of store and as much zip
# for the first round, 4x that for the second (5000 units: 2 GB + 2 GB,
# then 8 GB + 8 GB). Needs bash, curl, awk, coreutils; /usr/bin/time
# (Debian package "time") for the peak RSS figures.
set -eu

N=${1:-5000}
FILES=${FILES:-2}
SIZE=${SIZE:-200}
for v in "$N" "$FILES" "$SIZE"; do
	case $v in
	'' | *[!0-9]* | 0*) echo "usage: [FILES=2] [SIZE=200] bash bench/package.sh [N]   (N units, default 5000)" >&2; exit 2 ;;
	esac
done

bench=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$bench")
cd "$root"
[ -x ./kaoping ] || make
KP=$root/kaoping
out=$bench/out/package
mkdir -p "$out"
ALL=区政府机关各单位
PIDS=()
step=start
. "$bench/lib.sh"
trap 'echo "bench/package.sh: failed during: $step" >&2' ERR
trap 'for p in "${PIDS[@]}"; do stop "$p"; done; [ "${KEEP:-0}" = 1 ] || rm -rf "$out"' EXIT

GNUTIME=
if command -v /usr/bin/time > /dev/null 2>&1; then
	GNUTIME=/usr/bin/time
else
	echo "note: /usr/bin/time missing (apt-get install time): no peak RSS figures" >&2
fi
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "== kaoping package benchmark: N=$N units, $FILES files per unit ($(nproc) CPUs)"
step="generating the campaign"
campaign_of "$N" "$out" "$out/campaign.json"

# round SIZE_KB — a fresh store with N*FILES files of SIZE_KB each, then the package.
round() {
	local kb=$1 db=$out/package.db files=$out/files port pid token t0 t1
	rm -rf "$db" "$db"-* "$db.files" "$files" "$out/p.zip"
	step="init ($kb KB files)"
	"$KP" --db "$db" init --campaign "$out/campaign.json" --force > /dev/null
	echo "bench-password-2024" | "$KP" --db "$db" user add office --role admin --password-stdin > /dev/null
	token=$("$KP" --db "$db" user token office | head -c 64)
	step="generating $((N * FILES)) files of $kb KB"
	mkdir -p "$files"
	t0=$(date +%s%N)
	# one random stream cut into files, each given a PDF header (the type is read from the content)
	head -c $((N * FILES * kb * 1024)) /dev/urandom |
		split -b $((kb * 1024)) -a 7 -d --filter='{ printf "%%PDF-1.4\n"; cat; } > "$FILE"' - "$files/f"
	step="uploading"
	port=$(free_port)
	"$KP" --db "$db" serve --listen "127.0.0.1:$port" --threads 2 2> "$out/serve.log" &
	pid=$!
	PIDS+=("$pid")
	wait_up "http://127.0.0.1:$port/healthz" "$pid"
	# unit u (store id u on a fresh store) gets files FILES*(u-1) … for criteria 1, 2, …
	awk -v n="$N" -v k="$FILES" -v dir="$files" -v port="$port" -v token="$token" 'BEGIN {
		for (u = 1; u <= n; u++)
			for (j = 0; j < k; j++) {
				printf "url = \"http://127.0.0.1:%d/api/v1/units/%d/criteria/%d/evidence\"\n", port, u, j % 3 + 1
				printf "header = \"Authorization: Bearer %s\"\n", token
				printf "form = \"file=@%s/f%07d;filename=单位%06d 佐证材料%d.pdf\"\n", dir, (u - 1) * k + j, u, j + 1
				printf "output = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n"
				if (u < n || j < k - 1) print "next"
			}
	}' > "$out/curl.conf"
	curl -s -K "$out/curl.conf" > "$out/codes"
	t1=$(date +%s%N)
	stop "$pid"
	local ok
	ok=$(grep -c '^201$' "$out/codes" || true)
	[ "$ok" -eq $((N * FILES)) ] || { echo "bench/package.sh: $ok of $((N * FILES)) uploads stored" >&2; sort "$out/codes" | uniq -c >&2; exit 1; }
	rm -rf "$files"
	echo "  store: $((N * FILES)) files of $kb KB generated and uploaded in $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e9 }') s ($(du -sm "$db.files" | cut -f1) MB kept)"
	step="kaoping package ($kb KB files)"
	t0=$(date +%s%N)
	if [ -n "$GNUTIME" ]; then
		"$GNUTIME" -f '%M' -o "$out/.rss" "$KP" --db "$db" package --output "$out/p.zip" > "$out/package.log"
	else
		"$KP" --db "$db" package --output "$out/p.zip" > "$out/package.log"
	fi
	t1=$(date +%s%N)
	T=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }')
	RSS=
	[ -z "$GNUTIME" ] || RSS=$(tail -n 1 "$out/.rss")
	ZIP=$(stat -c %s "$out/p.zip")
	echo "  package: $T s, zip $(awk -v b="$ZIP" 'BEGIN { printf "%.1f", b / 1048576 }') MB${RSS:+, peak RSS $(mb "$RSS") MB}: $(cat "$out/package.log")"
	rm -f "$out/p.zip"
}

echo "round 1: $FILES files of $SIZE KB per unit"
round "$SIZE"
T1=$T RSS1=$RSS ZIP1=$ZIP
echo "round 2: $FILES files of $((4 * SIZE)) KB per unit (4x the bytes)"
round $((4 * SIZE))
T2=$T RSS2=$RSS ZIP2=$ZIP

echo "== summary (N=$N, $((N * FILES)) files)"
printf '  %-16s %10s %10s %12s\n' "files" "seconds" "zip MB" "peak RSS MB"
printf '  %-16s %10s %10s %12s\n' "$SIZE KB each" "$T1" "$(awk -v b="$ZIP1" 'BEGIN { printf "%.0f", b / 1048576 }')" "${RSS1:+$(mb "$RSS1")}"
printf '  %-16s %10s %10s %12s\n' "$((4 * SIZE)) KB each" "$T2" "$(awk -v b="$ZIP2" 'BEGIN { printf "%.0f", b / 1048576 }')" "${RSS2:+$(mb "$RSS2")}"
