#!/bin/sh
# docs-commands.sh — puts the command table's markdown (`kaoping help
# --markdown readme|cli`) between the <!-- commands:begin --> and
# <!-- commands:end --> markers of README.md and docs/cli.md, which
# test_cli checks. Run after changing src/cli/commands.c and building.
set -eu
cd "$(dirname "$0")/.."
for pair in README.md:readme docs/cli.md:cli; do
	file=${pair%%:*}
	kind=${pair#*:}
	tmp=$(mktemp)
	./kaoping help --markdown "$kind" > "$tmp"
	awk -v gen="$tmp" '
		/<!-- commands:begin/ { print; while ((getline line < gen) > 0) print line; skip = 1; next }
		/<!-- commands:end/ { skip = 0 }
		!skip { print }
	' "$file" > "$file.new"
	mv "$file.new" "$file"
	rm -f "$tmp"
done
