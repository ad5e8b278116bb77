#!/bin/sh
# pg-test.sh — runs a command against a throwaway PostgreSQL 15 server:
#   sh tools/pg-test.sh make test
# initdb in a temporary folder, the server listening only on a unix socket
# in that folder (no TCP), its default collation Chinese; the command run
# with KAOPING_TEST_PG set to a connection URL whose user may CREATE
# DATABASE (test/testutil.c makes one database per store); then the server
# stopped and the folder removed, on any exit. As root the server runs as the postgres user (runuser).
# Exits with the command's status.
set -eu
bindir=/usr/lib/postgresql/15/bin
[ -x "$bindir/initdb" ] || bindir=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$bindir/initdb" ]; then
	echo "pg-test.sh: PostgreSQL 15 is not installed (sh tools/deps.sh test installs it)" >&2
	exit 2
fi
[ $# -gt 0 ] || { echo "usage: sh tools/pg-test.sh COMMAND [ARG…]" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/kaoping-pg-XXXXXX")
as_server() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$dir"
	as_server() { runuser -u postgres -- "$@"; }
fi
stop() {
	as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM HUP

# The default collation Chinese (ICU zh-CN, pinyin order), as a Chinese
# office's server would have it: kaoping's order must not depend on it.
as_server "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
	--locale-provider=icu --icu-locale=zh-CN --no-sync >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 2; }
# A test server: no TCP, nothing made durable (the folder is thrown away).
as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
	-o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
	start >/dev/null || { cat "$dir/server.log" >&2; exit 2; }

KAOPING_TEST_PG="postgresql:///postgres?host=$dir&user=postgres"
export KAOPING_TEST_PG
echo "pg-test.sh: PostgreSQL $("$bindir/postgres" -V | awk "{print \$3}") at $dir"
status=0
"$@" || status=$?
exit $status
