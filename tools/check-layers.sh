#!/bin/sh
# check-layers.sh — build-time check that the layers of src/ hold (see
# docs/architecture.md). Reports, as file:line, each
#   - #include "layer/x.h" of a layer the including file may not use
#     (the table below, read bottom-up: a layer uses only those beneath it);
#   - use of the store's statements (store_sql, st_int, st_text, st_step,
#     st_bind_*, st_exec, st_reset, store_begin, store_commit,
#     store_rollback, store_counter_bump) outside src/store/ and src/domain/;
#   - include of a library header outside the layer that owns it
#     (sqlite3.h and libpq-fe.h in store/, microhttpd.h in web/; zlib.h, xlsxwriter.h,
#     cairo, pango, libxml and zip.h in io/);
#   - C file directly in src/ other than main.c (every module has a layer).
# Checks the tree at ROOT (first argument; default: this checkout).
# Exits 1 when anything was reported. Reads the text; comments are not
# parsed, so a statement name inside a comment of web/ or cli/ counts too
# (say "the store's statements" instead).

cd "${1:-$(dirname "$0")/..}" || exit 2

# layer: the layers (and single headers) its files may include.
allowed() {
	case "$1" in
	core) echo "core" ;;
	io) echo "core io" ;;
	store) echo "core store" ;;
	domain) echo "core io store domain" ;;
	papers) echo "core io store/store.h store/blob.h domain papers" ;;
	web) echo "core io store/store.h store/blob.h domain papers web" ;;
	cli) echo "core io store/store.h store/blob.h domain papers web cli" ;;
	main) echo "cli" ;;
	esac
}

status=0
tmp=$(mktemp) || exit 2
report() {
	echo "$1: $2"
	status=1
}

for f in src/*.c src/*.h; do
	[ -e "$f" ] || continue
	[ "$f" = src/main.c ] || report "$f" "every module lives in a layer folder (src/core, src/io, src/store, src/domain, src/web, src/cli)"
done

for f in src/main.c src/*/*.c src/*/*.h; do
	[ -e "$f" ] || continue
	layer=${f#src/}
	layer=${layer%%/*}
	[ "$f" = src/main.c ] && layer=main
	ok=$(allowed "$layer")
	if [ -z "$ok" ]; then
		report "$f" "src/$layer/ is not a layer of docs/architecture.md"
		continue
	fi
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(echo "$line" | sed 's/.*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/')
		case "$inc" in
		*/*) ;;
		*) echo "$f:$n: #include \"$inc\" names no layer (write \"layer/$inc\")"; continue ;;
		esac
		to=${inc%%/*}
		fine=no
		for a in $ok; do
			if [ "$a" = "$to" ] || [ "$a" = "$inc" ]; then
				fine=yes
			fi
		done
		[ $fine = yes ] || echo "$f:$n: $layer/ may not include \"$inc\" (allowed: $ok)"
	done
	case "$layer" in
	store | domain) ;;
	*)
		grep -nE '\b(store_sql|st_int|st_text|st_step|st_bind_[a-z_]+|st_exec|st_reset|st_is_null|store_begin|store_try_begin|store_commit|store_rollback|store_counter_bump|store_changes)[[:space:]]*\(' "$f" |
			while IFS= read -r line; do
				echo "$f:${line%%:*}: $layer/ reads or writes the store directly; ask a domain function for typed rows"
			done
		;;
	esac
	grep -n '#[[:space:]]*include[[:space:]]*<\(sqlite3\|libpq-fe\|microhttpd\|zlib\|xlsxwriter\|zip\|cairo[a-z-]*\|pango/[a-z-]*\|libxml/[a-z]*\)\.h>' "$f" | while IFS= read -r line; do
		lib=$(echo "$line" | sed 's/.*<\([a-z0-9]*\)[/.-].*/\1/')
		case "$lib:$layer" in
		sqlite3:store | libpq:store | microhttpd:web | zlib:io | xlsxwriter:io | zip:io | cairo:io | pango:io | libxml:io) ;;
		*) echo "$f:${line%%:*}: <$lib.h> belongs to one layer (sqlite3, libpq: store, microhttpd: web; zlib, xlsxwriter, zip, cairo, pango, libxml: io)" ;;
		esac
	done
done >"$tmp"
if [ -s "$tmp" ]; then
	cat "$tmp"
	status=1
fi
rm -f "$tmp"
exit $status
