#!/bin/sh
# Installs the Debian packages kaoping needs to build and test, when any is
# missing. Needs root (or sudo) only when something has to be installed.
set -e
PKGS="gcc make pkg-config libsqlite3-dev libjansson-dev libsodium-dev libcmocka-dev libmicrohttpd-dev zlib1g-dev sqlite3 curl chromium
  libxlsxwriter-dev libcairo2-dev libpango1.0-dev libzip-dev fonts-noto-cjk
  libreoffice-calc-nogui poppler-utils libxml2-utils unzip"
# The browser tests need Node.js with npm: Debian's, unless one is installed.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
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
