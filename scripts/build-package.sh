#!/usr/bin/env bash
# The npm package's contents: the constructs compiled (tsconfig.build.json) and the committed
# reconciler zip beside them, where the Reconciler construct looks for it, twice:
#   dist/        for CDKTF apps        (package entry ".":       imports cdktf, @cdktf/provider-aws)
#   dist-cdktn/  for CDK Terrain apps  (package entry "./cdktn": imports cdktn, @cdktn/provider-aws)
# One source: every CDKTF import is in generator/cdktf.ts, and CDK Terrain (the fork) keeps the
# API and the module layout, so dist-cdktn/ is dist/ with those module specifiers renamed.
# Usage: npm run build:package   (npm pack runs it as prepack)
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist dist-cdktn
npx tsc -p tsconfig.build.json
mkdir -p dist/lambda/dist
cp lambda/dist/reconciler.zip dist/lambda/dist/reconciler.zip

# The one place: only generator/cdktf imports CDKTF, so the rename below touches only it.
others=$(grep -rlE "(from|import\\() *['\"](cdktf|@cdktf/)" dist | grep -vE '^dist/generator/cdktf\.(js|d\.ts)$' || true)
if [ -n "$others" ]; then
  echo "build-package: only generator/cdktf.ts may import cdktf or @cdktf/*; also: $others" >&2
  exit 1
fi
cp -R dist dist-cdktn
# 'cdktf' → 'cdktn' and '@cdktf/…' → '@cdktn/…' as module specifiers (from '…', import('…')) only.
find dist-cdktn -type f \( -name '*.js' -o -name '*.d.ts' \) -print0 |
  xargs -0 sed -i -E \
    -e "s#((from|import\\() *)(['\"])cdktf(['\"])#\\1\\3cdktn\\4#g" \
    -e "s#((from|import\\() *)(['\"])@cdktf/#\\1\\3@cdktn/#g"
if grep -rnE "(from|import\\() *['\"](cdktf|@cdktf/)" dist-cdktn; then
  echo "build-package: dist-cdktn still imports CDKTF (above)" >&2
  exit 1
fi
