#!/bin/sh
# Installs code-server (which bundles VS Code 1.100.3) into a git-ignored cache folder, using only the npm registry:
# its own postinstall would download ripgrep from GitHub, so we run the equivalent steps by hand, take ripgrep from
# Debian's package and rebuild the native modules from source.
#   sh scripts/install-code-server.sh [DEST]     (default: .vscode-test/code-server)
set -eu
CS_VERSION="${CS_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-$ROOT/.vscode-test/code-server}"
BIN="$DEST/node_modules/.bin/code-server"
if [ -x "$BIN" ] && [ -f "$DEST/.installed-$CS_VERSION" ]; then
  echo "[code-server] $CS_VERSION already installed in $DEST"; exit 0
fi
RG="$(command -v rg || true)"
[ -n "$RG" ] || { echo "[code-server] ripgrep is missing: apt-get install -y ripgrep" >&2; exit 1; }
[ "$(node -p 'process.versions.node.split(".")[0]')" = 20 ] || { echo "[code-server] code-server $CS_VERSION needs Node 20 exactly (this is $(node -v))" >&2; exit 1; }
mkdir -p "$DEST" && cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
npm rebuild argon2 --loglevel=error          # prebuilt download fails here; falls back to a source build
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$RG" node_modules/@vscode/ripgrep/bin/rg
NATIVE="@parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty"
command -v krb5-config >/dev/null && NATIVE="$NATIVE kerberos"    # needs libkrb5-dev; only used for proxy auth
# node-pty's install runs `npx node-gyp configure`, which would stop at npx's prompt without npm_config_yes.
JOBS="$(nproc)" npm_config_yes=true npm rebuild $NATIVE --loglevel=error
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error)
touch "$DEST/.installed-$CS_VERSION"
echo "[code-server] installed: $("$BIN" --version | tail -1)"
