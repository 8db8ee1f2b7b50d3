#!/usr/bin/env bash
# Runs the Neovim LSP client test; installs Debian's neovim (0.7) first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim-test: installing Debian's neovim" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq neovim >/dev/null
fi
[ -f dist/server.js ] || npm run build
npx mocha --require tsx/cjs --timeout 60000 'test/nvim/**/*.test.ts'
