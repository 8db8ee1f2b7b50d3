#!/usr/bin/env bash
# Installs what the real-editor tests need, outside the repository, once per machine:
# Debian's Chromium (and the build tools code-server's native modules need) and
# code-server, VS Code's own server and workbench, from npm. Recipe and the reason for
# each odd step: shared/e2e-real-vscode.md. Idempotent: a marker file is written only
# after a complete install, keyed by the version.
set -euo pipefail
VERSION="4.100.3"
CACHE="${SYNOPTIC_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/synoptic-e2e}"
DIR="$CACHE/code-server-$VERSION"
MARKER="$DIR/.installed"
LOG="$CACHE/install.log"
mkdir -p "$CACHE"

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
need=""
for pkg in chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
done
if [ -n "$need" ]; then
  echo "setup-e2e: installing Debian packages:$need" >&2
  $SUDO apt-get update -qq >>"$LOG" 2>&1
  $SUDO apt-get install -y -qq $need >>"$LOG" 2>&1 || { echo "setup-e2e: apt-get install failed; see $LOG" >&2; exit 1; }
fi

if [ -f "$MARKER" ]; then
  echo "setup-e2e: code-server $VERSION already installed in $DIR" >&2
  echo "$DIR"
  exit 0
fi

echo "setup-e2e: installing code-server $VERSION into $DIR (a few minutes; log: $LOG)" >&2
rm -rf "$DIR"
mkdir -p "$DIR"
(
  set -e
  cd "$DIR"
  echo '{"name":"synoptic-e2e-cache","private":true}' > package.json
  npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"
  cd node_modules/code-server/lib/vscode
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  (cd extensions && npm install --no-audit --no-fund --omit=dev)
  cd "$DIR" && npm rebuild argon2
) >>"$LOG" 2>&1 || { echo "setup-e2e: code-server install failed; see $LOG" >&2; exit 1; }
touch "$MARKER"
echo "setup-e2e: done" >&2
echo "$DIR"
