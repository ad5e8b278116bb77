#!/bin/sh
# make run: create the demo store on first run, then serve it on
# http://127.0.0.1:8080 (KAOPING_LISTEN to change) until Ctrl-C.
set -e
DB=${KAOPING_DB:-demo.db}
LISTEN=${KAOPING_LISTEN:-127.0.0.1:8080}
if [ ! -f "$DB" ]; then
	./kaoping --db "$DB" init --demo
fi
if [ "$(./kaoping --db "$DB" --json user list)" = "[]" ]; then
	echo "$DB has no accounts; remove it to get the demo accounts, or add one with ./kaoping --db $DB user add" >&2
fi
cat <<MSG

  kaoping is serving $DB on http://$LISTEN/

  Log in with one of the demo accounts (password: kaoping-demo-2024):
    office     领导小组办公室 (admin: everything)
    assessor1  测评人员 (scores units)
    assessor2–assessor4  more 测评人员 for spot-check draws (3: 区审计局, 4: 区工信局)
    shenji     区审计局 联络员 (its own unit only)
    gongxin    区工信局 联络员
    leader     领导 (reads everything)
    auditor    审计 (audit log)

  Ctrl-C stops the server. The same store from the command line:
    ./kaoping --db $DB report ranking      (./kaoping help lists every command)

MSG
exec ./kaoping --db "$DB" serve --listen "$LISTEN"
