#!/usr/bin/env bash
# Regenerates package-lock.json from scratch in a scratch directory (no node_modules), so
# the lock records every platform's optional binaries (@swc/core-*, resolver bindings).
# npm drops them when it rewrites a lock over an existing node_modules, and `npm ci` on a
# clean machine then refuses the lock. Run after adding a dependency or a workspace package.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$root/package.json" "$scratch/"
for manifest in "$root"/packages/*/package.json; do
  dir="$scratch/packages/$(basename "$(dirname "$manifest")")"
  mkdir -p "$dir" && cp "$manifest" "$dir/"
done
(cd "$scratch" && npm install --package-lock-only --no-audit --no-fund >/dev/null)
cp "$scratch/package-lock.json" "$root/package-lock.json"
echo "relock: package-lock.json regenerated; run npm install to sync node_modules"
