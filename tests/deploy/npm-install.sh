#!/usr/bin/env bash
# Installs the npm packages of the deploy tests (package-lock.json, exact
# versions) under the build directory, not the source tree, with npm's cache
# there too; reruns cost a file comparison. The npm registry is the only
# network CI has.
#
#   tests/deploy/npm-install.sh <build dir>    → <build dir>/tests/deploy/node
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly BUILD="${1:?usage: npm-install.sh <build dir>}"
readonly DEST="$BUILD/tests/deploy/node"

command -v npm >/dev/null || {
  echo "npm-install: npm not found (tools/install-deps installs it)" >&2
  exit 1
}
if [[ -d "$DEST/node_modules" ]] &&
    cmp -s "$HERE/package-lock.json" "$DEST/package-lock.json"; then
  echo "npm-install: $DEST up to date"
  exit 0
fi
mkdir -p "$DEST"
cp "$HERE/package.json" "$HERE/package-lock.json" "$DEST/"
cd "$DEST"
# --ignore-scripts: nothing a package ships runs at install.
npm ci --cache "$BUILD/npm-cache" --ignore-scripts --no-audit --no-fund
echo "npm-install: installed into $DEST"
