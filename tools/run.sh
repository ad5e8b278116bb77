#!/bin/sh
# make run: create the demo store on first run, then show the campaign.
# (The web server comes with `kaoping serve`; until then this prints the
# campaign summary and the ranking.)
set -e
DB=${KAOPING_DB:-demo.db}
if [ ! -f "$DB" ]; then
	./kaoping --db "$DB" init --demo
fi
echo
./kaoping --db "$DB" unit list
echo
./kaoping --db "$DB" report ranking
echo
echo "store: $DB   try: ./kaoping --db $DB report unit 区审计局   (./kaoping help lists every command)"
