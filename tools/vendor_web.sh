#!/bin/sh
# Install the web front-end libraries from npm (versions pinned in web/package-lock.json) in a scratch
# folder and copy the files the pages use into src/newsgraph/web/static/vendor/. Run it after changing
# web/package.json; commit the copied files: the server never loads anything from a CDN.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENDOR="$ROOT/src/newsgraph/web/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/web/package.json" "$ROOT/web/package-lock.json" "$WORK/"
(cd "$WORK" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
mkdir -p "$VENDOR"
M="$WORK/node_modules"
cp "$M/d3-array/dist/d3-array.min.js" "$VENDOR/"
cp "$M/d3-geo/dist/d3-geo.min.js" "$VENDOR/"
cp "$M/topojson-client/dist/topojson-client.min.js" "$VENDOR/"
cp "$M/world-atlas/countries-110m.json" "$VENDOR/"
for package in d3-array d3-geo topojson-client world-atlas; do
  cp "$M/$package/LICENSE" "$VENDOR/LICENSE.$package"
done
echo "vendored into $VENDOR:"
ls "$VENDOR"
