#!/bin/sh
# Browser journeys: for each journeys*.mjs file, a fresh demo store and
# `kaoping serve` on a free loopback port, Playwright (playwright-core from
# npm) driving Debian's chromium. Called by make test with KAOPING_BIN set;
# each file prints "browser: N passed, M failed" (test/run.sh adds them up).
# Screenshots go to $KAOPING_SHOTS (default build/screenshots/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${KAOPING_BIN:-$here/../../kaoping}
if ! command -v node >/dev/null 2>&1 || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "browser: node or chromium missing (tools/deps.sh installs them)"
	echo "browser: 0 passed, 1 failed"
	exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --silent)
fi
work=$(mktemp -d)
pid=
store="$work/b.db"
# Under KAOPING_TEST_PG (a postgresql:// URL, as tools/pg-test.sh sets it)
# the store is a database of that server, made afresh by init --force.
case "${KAOPING_TEST_PG:-}" in
postgres://* | postgresql://*)
	pgdb=kaoping_browser_$$
	psql "$KAOPING_TEST_PG" -qc "CREATE DATABASE $pgdb" >/dev/null
	store=$(printf '%s' "$KAOPING_TEST_PG" | sed "s|^\(postgres[a-z]*://[^/?]*\)/*[^?]*|\1/$pgdb|")
	KAOPING_FILES="$work/b.files"
	export KAOPING_FILES
	;;
esac
cleanup() {
	kill $pid 2>/dev/null || true
	[ -z "${pgdb:-}" ] || psql "$KAOPING_TEST_PG" -qc "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
status=0
nfile=0
for file in "$here"/journeys*.mjs; do
	nfile=$((nfile + 1))
	name=$(basename "$file" .mjs)
	rm -rf "$work/b.db" "$work/b.db.files" "$work/b.db-wal" "$work/b.db-shm" "$work/b.files"
	"$bin" --db "$store" init --demo --force >/dev/null
	# A port picked from the process id may be taken (another test run, a
	# client's port): when the server cannot listen, the next one is tried. Up
	# is when it says it listens (a /healthz answer might be another server's).
	up=
	for try in 1 2 3 4 5; do
		# each journey file on ports of its own: nothing the last file's
		# server left behind can answer for this one
		port=$((20000 + ($$ + try * 4099 + nfile * 211) % 20000))
		"$bin" --db "$store" serve --listen "127.0.0.1:$port" --threads 2 2>"$work/serve.log" &
		pid=$!
		i=0
		# (up to 30 s: in full runs on a loaded machine, a start that had
		# printed nothing after 10 s was seen; the report says more now)
		while kill -0 $pid 2>/dev/null && ! grep -q "listening on" "$work/serve.log" && [ $i -le 300 ]; do
			i=$((i + 1))
			sleep 0.1
		done
		if grep -q "listening on" "$work/serve.log" && curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
			up=1
			break
		fi
		if kill -0 $pid 2>/dev/null; then
			# where it waits, for the report
			state="not answering after 30 s, waiting in $(cat /proc/$pid/wchan 2>/dev/null || echo '?')"
		else
			state="it exited"
		fi
		kill $pid 2>/dev/null || true
		rc=0
		wait $pid 2>/dev/null || rc=$?
		state="$state, status $rc"
		grep -q "cannot listen" "$work/serve.log" || break
	done
	if [ -z "$up" ]; then
		echo "browser: $name: server did not start ($state):"; cat "$work/serve.log"
		echo "browser: 0 passed, 1 failed"
		status=1
		continue
	fi
	node "$file" "http://127.0.0.1:$port" || status=1
	# The server must stop cleanly on SIGTERM (under ASan: without leaks).
	kill -TERM $pid
	if ! wait $pid; then
		echo "browser: $name: the server did not stop cleanly:"
		tail -20 "$work/serve.log"
		echo "browser: 0 passed, 1 failed"
		status=1
	fi
	pid=
done
exit $status
