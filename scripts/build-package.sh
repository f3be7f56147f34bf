#!/usr/bin/env bash
# The npm package's contents in dist/: the constructs compiled (tsconfig.build.json) and the
# committed reconciler zip beside them, where the Reconciler construct looks for it.
# Usage: npm run build:package   (npm pack runs it as prepack)
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
npx tsc -p tsconfig.build.json
mkdir -p dist/lambda/dist
cp lambda/dist/reconciler.zip dist/lambda/dist/reconciler.zip
