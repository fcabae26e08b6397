// A real VS Code for tests and `npm start` on machines that cannot download VS Code: the VS Code
// server bundled in the npm package code-server, run by Node 24, opened by headless Debian chromium.
// Used by run-integration.js (tests), scripts/start.js (`npm start`) and scripts/screenshots.js.
// Plain Node (20+), no build step.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const t0 = Date.now();

/** Progress line with elapsed seconds since this process started. */
function say(msg) {
  console.log(`[vscode ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
}

/** Runs setup-vscode-server.sh (idempotent install) and returns the paths it reports. */
function setup() {
  const r = spawnSync('bash', [path.join(__dirname, 'setup-vscode-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`setup-vscode-server.sh failed (exit ${r.status})`);
  const last = r.stdout.trim().split('\n').pop() || '';
  const paths = Object.fromEntries(last.split(' ').map((kv) => kv.split('=')));
  for (const key of ['NODE24', 'SERVER_MAIN', 'CHROMIUM']) {
    if (!paths[key] || !fs.existsSync(paths[key])) throw new Error(`setup did not provide ${key} (got: ${last})`);
  }
  return { node: paths.NODE24, serverMain: paths.SERVER_MAIN, chromium: paths.CHROMIUM };
}

/** A port that was free a moment ago (the server binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode !== undefined && res.statusCode < 500); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

/** Fresh temporary folders for one run: HOME, user data, extensions. */
function makeTempRoot(prefix) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const d of ['home', 'data', 'extensions']) fs.mkdirSync(path.join(root, d));
  return root;
}

// Every server process group we started; killed on any kind of exit so no extension host lingers.
const groups = new Set();
function killGroups() {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  groups.clear();
}
process.on('exit', killGroups);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { say(`${sig}: stopping`); killGroups(); process.exit(sig === 'SIGINT' ? 130 : 143); });
}

function serverArgs(tools, root) {
  return [
    tools.serverMain,
    '--accept-server-license-terms', '--disable-telemetry', '--disable-workspace-trust',
    '--user-data-dir', path.join(root, 'data'),
    '--server-data-dir', path.join(root, 'data', 'server'),
    '--extensions-dir', path.join(root, 'extensions'),
  ];
}

function serverEnv(root, extraEnv) {
  // HOME in the temp folder: the server and extension host write under $HOME.
  return { ...process.env, HOME: path.join(root, 'home'), VSCODE_AGENT_FOLDER: path.join(root, 'data', 'agent'), ...extraEnv };
}

/** Installs a .vsix into the run's extensions folder with the server's own CLI; returns the installed folder. */
function installVsix(tools, root, vsix) {
  say(`install ${path.relative(REPO, vsix) || vsix} into the server's extensions folder`);
  const r = spawnSync(tools.node, [...serverArgs(tools, root), '--install-extension', path.resolve(vsix), '--force'],
    { env: serverEnv(root, {}), encoding: 'utf8', timeout: 120000 });
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  const dirs = fs.readdirSync(path.join(root, 'extensions')).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
  if (dirs.length !== 1) throw new Error(`expected one installed extension, found: ${dirs.join(', ') || 'none'}`);
  say(`installed: ${dirs[0]}`);
  return path.join(root, 'extensions', dirs[0]);
}

/**
 * Starts the VS Code server on 127.0.0.1 (free port) in its own process group.
 * Returns { url, host, stop() }; stop() kills the whole group (server + extension hosts).
 */
async function startServer(tools, root, { env = {}, logFile, smokeTestDriver = false, port: wanted } = {}) {
  const port = wanted || (await freePort());
  const host = `127.0.0.1:${port}`;
  const log = fs.openSync(logFile || path.join(root, 'server.log'), 'a');
  const args = [...serverArgs(tools, root), '--host', '127.0.0.1', '--port', String(port), '--without-connection-token'];
  // The smoke-test driver exposes the hooks (codeAutomationLog/Exit) that report test results.
  if (smokeTestDriver) args.push('--enable-smoke-test-driver');
  say(`start VS Code server (${path.relative(REPO, tools.serverMain)}) on http://${host}`);
  // detached = setsid: the server and every process it spawns share one group we can kill at once.
  const child = spawn(tools.node, args, { detached: true, stdio: ['ignore', log, log], env: serverEnv(root, env) });
  fs.closeSync(log);
  groups.add(child.pid);
  let exited = null;
  child.on('exit', (code, sig) => { exited = sig || code; });
  const stop = () => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    groups.delete(child.pid);
  };
  const deadline = Date.now() + 60000;
  while (!(await httpOk(`http://${host}/version`))) {
    if (exited !== null) throw new Error(`VS Code server exited (${exited}) before it listened; see ${logFile || path.join(root, 'server.log')}`);
    if (Date.now() > deadline) { stop(); throw new Error('VS Code server did not answer within 60 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  say('server is up');
  return { url: `http://${host}`, host, pid: child.pid, stop };
}

/** Builds the workbench URL: open `folder`, and pass extension development/test paths in the payload. */
function workbenchUrl(server, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://${server.host}${p}`;
  const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Launches headless chromium through playwright-core (downloads nothing: uses the Debian browser). */
async function launchChromium(tools) {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: tools.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** Copies a folder (the fixture workspace) so tests may write into it without touching the repo. */
function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

module.exports = { REPO, say, setup, makeTempRoot, installVsix, startServer, workbenchUrl, launchChromium, copyDir, tail, killGroups };
