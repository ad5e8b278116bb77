# bench/lib.sh — what the bash bench scripts share (sourced, not run):
# loopback ports, waiting for a server, stopping what a script started,
# and the campaign of N units they build their stores from.
#
# The sourcing script sets KP (the kaoping binary), bench (this folder),
# ALL (the collective name every indicator is given) and PIDS=() (what it
# started, stopped by stop and by its own exit trap).

# port_free PORT — true when nothing accepts on 127.0.0.1:PORT.
port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
# free_port — a loopback port nothing listens on, from a random start.
free_port() {
	local p=$((20000 + RANDOM % 20000)) i
	for i in $(seq 200); do
		port_free "$p" && { echo "$p"; return; }
		p=$((p + 1))
	done
	echo "bench/${0##*/}: no free loopback port found" >&2
	return 1
}
# wait_up URL PID — until URL answers and PID is alive, at most 15 s.
wait_up() {
	local i
	for i in $(seq 150); do
		kill -0 "$2" 2> /dev/null || return 1
		curl -s -o /dev/null --max-time 1 "$1" && return 0
		sleep 0.1
	done
	return 1
}
# stop PID — TERM, then KILL after 10 s; forgets PID.
stop() {
	local i p keep=()
	for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	PIDS=("${keep[@]}")
	kill -TERM "$1" 2> /dev/null || return 0
	for i in $(seq 100); do kill -0 "$1" 2> /dev/null || { wait "$1" 2> /dev/null || true; return 0; }; sleep 0.1; done
	kill -KILL "$1" 2> /dev/null || true
	wait "$1" 2> /dev/null || true
}
# campaign_of N DIR FILE — writes FILE: the header of data/campaign.json,
# N units "单位000001" …, the built-in rubric rewritten so that every
# indicator applies to all units; and DIR/slots.tsv, its scoring slots
# (bench/rubric.awk). Scratch files go to DIR.
campaign_of() {
	local n=$1 dir=$2 file=$3
	rm -f "$dir/builtin.db" "$dir/builtin.db-wal" "$dir/builtin.db-shm"
	"$KP" --db "$dir/builtin.db" init --force > /dev/null
	"$KP" --db "$dir/builtin.db" rubric export > "$dir/rubric-builtin.json"
	awk -v all="$ALL" -v slots="$dir/slots.tsv" -f "$bench/rubric.awk" "$dir/rubric-builtin.json" > "$dir/rubric-all.json"
	{
		# Everything of data/campaign.json before its units (format, title, dates,
		# collective_names), which is two-space indented, one member per line.
		awk '/^  "units": \[/ { found = 1; exit } { print } END { if (!found) exit 1 }' data/campaign.json
		echo '  "units": ['
		awk -v n="$n" 'BEGIN { for (u = 1; u <= n; u++) printf "    {\"name\": \"单位%06d\"}%s\n", u, (u < n ? "," : "") }'
		echo '  ],'
		printf '  "rubric": '
		cat "$dir/rubric-all.json"
		echo '}'
	} > "$file"
	grep -q "\"$ALL\"" "$file" || { echo "bench/${0##*/}: \"$ALL\" is not a collective name of data/campaign.json" >&2; return 1; }
}
