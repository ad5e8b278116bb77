#!/bin/sh
# Installs the Debian packages kaoping needs, when any is missing:
#   sh tools/deps.sh        to build and run it (make run)
#   sh tools/deps.sh test   and to test it against the real readers (make test):
#                           cmocka, chromium and Node.js for the browser tests,
#                           LibreOffice for the workbooks and Word documents,
#                           poppler for the PDFs, PostgreSQL 15 for the second
#                           backend (tools/pg-test.sh)
# Needs root (or sudo) only when something has to be installed.
set -e
PKGS="gcc make pkg-config libsqlite3-dev libpq-dev libjansson-dev libsodium-dev libmicrohttpd-dev zlib1g-dev sqlite3
  libxlsxwriter-dev libcairo2-dev libpango1.0-dev libzip-dev libxml2-dev fonts-noto-cjk"
if [ "${1:-}" = test ]; then
	PKGS="$PKGS libcmocka-dev curl chromium libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils libxml2-utils unzip postgresql"
	# The browser tests need Node.js with npm: Debian's, unless one is installed.
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
elif command -v sudo >/dev/null 2>&1; then
	sudo apt-get update -qq
	sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
else
	echo "kaoping needs these Debian packages:$missing" >&2
	echo "run as root: apt-get install$missing" >&2
	exit 1
fi
