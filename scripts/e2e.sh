#!/usr/bin/env bash
# The real-editor suite: installs code-server and Chromium once (cached), packages the
# extension, and drives a real VS Code workbench with playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."
CODE_SERVER_DIR="$(bash scripts/setup-e2e.sh)"
npm run package --silent
SYNOPTIC_CODE_SERVER="$CODE_SERVER_DIR" npx mocha --require tsx/cjs --timeout 180000 'test/e2e/**/*.e2e.ts'
