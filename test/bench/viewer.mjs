#!/usr/bin/env node
/**
 * The viewer rows of the benchmark (issue 6), run by `npm run bench -- --viewer`:
 * starts a real VS Code (test/tools/vscode-server.js: code-server's VS Code server + headless
 * chromium) with the extension from this repository and runs out/test/bench/viewer.bench.js in
 * its extension host (NPYVIEW_BENCH=1). Then runs the webview's own render benchmark
 * (`npm run bench:webview`, test/webview/bench.ts) when it is defined.
 *
 *   node test/bench/viewer.mjs [--keep DIR] [--pictures]
 *     DIR: reuse/keep the inputs (see inputs.mjs); --pictures: only the pictures' rows (Heatmap
 *     and Line plot, test/bench/viewer.pictures.ts), without the webview's own benchmark
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { makeFieldInput, makeInputs, makeLineInput } from './inputs.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const ENTRY = path.join(ROOT, 'out', 'test', 'bench', 'viewer.index.js');
// Workbench chatter forwarded with the suite's output (no network, no accounts here).
const WORKBENCH_NOISE = /^\[(ChatModelSelection|AgentHost)\]|ENOTFOUND|^\s+at /m;

function run(cmd, args) {
  return spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' }).status;
}

/** Extension, webview and compiled benchmark. tsc's exit code is ignored (others' type errors
 * elsewhere do not stop its output); the files we need must exist afterwards. */
function build() {
  if (run('npm', ['run', '--silent', 'build']) !== 0) throw new Error('npm run build failed');
  run('npx', ['tsc', '-p', '.']);
  for (const f of [ENTRY, path.join(ROOT, 'out', 'test', 'bench', 'viewer.bench.js'), path.join(ROOT, 'dist', 'extension.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing after the build`);
  }
}

async function runInVsCode(inputsDir, onlyPictures) {
  const vs = require('../tools/vscode-server.js');
  const tools = vs.setup();
  const root = vs.makeTempRoot('npyview-viewer-bench-');
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(workspace);
  const logFile = path.join(root, 'server.log');
  const resultFile = path.join(root, 'result.json');
  let server;
  let browser;
  let code = 1;
  try {
    // Env vars reach the extension host (a child of the server).
    server = await vs.startServer(tools, root, {
      logFile,
      smokeTestDriver: true,
      env: { NPYVIEW_BENCH: '1', NPYVIEW_BENCH_DIR: inputsDir, NPYVIEW_BENCH_OUT: resultFile, ...(onlyPictures ? { NPYVIEW_BENCH_ONLY: 'pictures' } : {}) },
    });
    browser = await vs.launchChromium(tools);
    const page = await browser.newPage();
    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args])); // mocha logs printf-style
      // Line by line: a failure report is one multi-line message, and must not go with its stack.
      const kept = text.split('\n').filter((line) => !WORKBENCH_NOISE.test(line));
      if (kept.some((line) => line.trim())) console.log(kept.join('\n'));
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => finish(exitCode));
    page.on('pageerror', (e) => console.log(`[browser pageerror] ${String(e).slice(0, 400)}`));
    page.on('crash', () => finish('the page crashed'));
    await page.goto(vs.workbenchUrl(server, workspace, { extensionDevelopmentPath: ROOT, extensionTestsPath: ENTRY }));
    const timeoutMs = 20 * 60_000;
    let timer;
    const result = await Promise.race([
      finished,
      new Promise((resolve) => { timer = setTimeout(() => resolve(`no result within ${timeoutMs / 1000} s`), timeoutMs); }),
    ]);
    clearTimeout(timer);
    code = typeof result === 'number' ? result : 1;
    if (typeof result !== 'number') console.log(`viewer benchmark: ${result}`);
    return fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : null;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) server.stop();
    vs.killGroups();
    if (code !== 0) console.log(`--- last lines of ${logFile} ---\n${vs.tail(logFile)}\n---`);
    else fs.rmSync(root, { recursive: true, force: true });
    process.exitCode = code === 0 ? 0 : 1;
  }
}

/** The webview's own render benchmark (headless chromium): `npm run bench:webview`, when defined. */
function runWebviewBench() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (!pkg.scripts?.['bench:webview']) {
    console.log('\nwebview render benchmark: no "bench:webview" script in package.json');
    return;
  }
  console.log('\nwebview render benchmark (npm run bench:webview), target ≤ 16 ms per newly visible page:');
  if (run('npm', ['run', '--silent', 'bench:webview']) !== 0) process.exitCode = 1;
}

async function main() {
  const keepAt = process.argv.indexOf('--keep');
  const onlyPictures = process.argv.includes('--pictures');
  const dir = keepAt > 0 ? path.resolve(process.argv[keepAt + 1]) : fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-bench-'));
  try {
    build();
    if (!onlyPictures) makeInputs(dir);
    makeFieldInput(dir, false);
    makeLineInput(dir);
    await runInVsCode(dir, onlyPictures);
  } finally {
    if (keepAt < 0) fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!onlyPictures) runWebviewBench();
}

main().catch((err) => {
  console.error(`viewer bench: ${err.message}`);
  process.exit(1);
});
