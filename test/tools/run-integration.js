#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index.js) inside a real VS Code: the VS Code
// server from code-server, opened by headless chromium. Exits with the suite's exit code.
//
//   node test/tools/run-integration.js              # extension loaded from the repo (development path)
//   node test/tools/run-integration.js --vsix [F]   # extension installed from the packaged .vsix F
//                                                   # (default: <name>-<version>.vsix of npm run package)
//
// Options: --workspace DIR (default test/integration/workspace, copied to a temp folder),
//          --keep (keep the temp folder and logs), --extension DIR and --tests FILE (another
//          extension / suite entry point, to try the runner itself). Env: NPY_IT_TIMEOUT_MS (default 1800000: the whole suite took over 300 s at load 25 on 2 cores, and a failing test now runs twice),
//          NPY_IT_GREP (mocha grep), VERBOSE=1 (all browser console output).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const util = require('util');
const vs = require('./vscode-server');
const { REPO, say } = vs;

/** The file `npm run package` (vsce) writes: <name>-<version>.vsix at the repo root. */
function defaultVsix() {
  const { name, version } = require(path.join(REPO, 'package.json'));
  return path.join(REPO, `${name}-${version}.vsix`);
}

function parseArgs(argv) {
  const opts = {
    vsix: null, keep: false, extension: REPO,
    workspace: path.join(REPO, 'test', 'integration', 'workspace'),
    tests: path.join(REPO, 'out', 'test', 'integration', 'index.js'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vsix') opts.vsix = argv[i + 1] && !argv[i + 1].startsWith('--') ? path.resolve(argv[++i]) : defaultVsix();
    else if (a === '--workspace') opts.workspace = path.resolve(argv[++i] || '');
    else if (a === '--keep') opts.keep = true;
    else if (a === '--extension') opts.extension = path.resolve(argv[++i] || '');
    else if (a === '--tests') opts.tests = path.resolve(argv[++i] || '');
    else throw new Error(`unknown argument: ${a}`);
  }
  return opts;
}

// Browser console noise that says nothing about the extension: no network here, no marketplace.
const NOISE = /ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|net::ERR_|Failed to load resource|marketplace|open-vsx|telemetry|authentication provider|Content Security Policy|\[Violation\]|serviceWorker\.js|bad HTTP response code \(404\) was received when fetching the script|^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin|^Creation of workbench contribution/i;
// Workbench components log with a "[Tag] " prefix (chat, accounts, ...); the suite's output never does.
const WORKBENCH_TAG = /^\[[A-Za-z][\w.:-]*\] /;

/** Prints what the workbench logs through the smoke-test driver: the suite's output and real errors. */
function printLog(level, args) {
  const text = util.format(...(Array.isArray(args) ? args : [args]));
  if (!process.env.VERBOSE && (WORKBENCH_TAG.test(text) || NOISE.test(text))) return;
  const line = level === 'error' || level === 'warn' ? `[${level}] ${text}` : text;
  printed.push(line);
  console.log(line);
}

/** What printLog printed, kept so that a failing run can repeat mocha's failure list last. */
const printed = [];
/** The test that started last ('npy-it:running <title>' from test/integration/index.ts), named if the suite never finishes. */
let running = '';

/**
 * Mocha's list of failures ("N failing" and the numbered reports after it), from what the suite
 * printed: repeated after the server log, so that the end of the output (all a CI page may keep)
 * names the failing tests.
 */
function failureReport() {
  const start = printed.findIndex((l) => /^\s*\d+ failing\b/.test(l));
  return start < 0 ? '' : printed.slice(start).join('\n');
}

/**
 * What the suite asks the runner to do as a user would, with the real keyboard (the extension
 * host has no way to press keys): it logs a line 'npy-it:<action> <argument>', which comes here
 * through the smoke-test driver's log, and the runner does it in the workbench page, in order.
 *   npy-it:press <key>         press a key or chord where the focus is (e.g. ArrowDown, Control+G)
 *   npy-it:quickinput <text>   wait for the quick input box, type the text, press Enter
 * The suite then waits for the effect it expects (see test/integration/viewerUtil.ts userInput).
 */
function userActions(page) {
  let queue = Promise.resolve();
  return (text) => {
    const m = /^npy-it:(press|quickinput) (.*)$/s.exec(text);
    if (!m) return false;
    const [, action, arg] = m;
    queue = queue.then(async () => {
      if (action === 'press') await page.keyboard.press(arg);
      else {
        const box = page.locator('.quick-input-widget .quick-input-box input');
        await box.waitFor({ state: 'visible', timeout: 120000 }); // a loaded machine can be slow to show it
        await page.keyboard.type(arg);
        await page.keyboard.press('Enter');
      }
    }).catch((e) => console.log(`[runner] ${action} ${JSON.stringify(arg)} failed: ${e && e.message ? e.message : e}`));
    return true;
  };
}

/**
 * The python3 with NumPy that this process finds (its full path), for the suite's NumPy checks
 * (test/support/numpy.ts): VS Code gives the extension host the PATH of a login shell, and
 * Debian's /etc/profile resets PATH there, so `python3` may be another Python (one without NumPy)
 * in the extension host. Empty when there is none: the suite then says NumPy is missing.
 */
function numpyPython() {
  const python = process.env.NPYVIEW_PYTHON || 'python3';
  const r = spawnSync(python, ['-c', 'import sys, numpy; print(sys.executable)'], { encoding: 'utf8', timeout: 60000 });
  return r.status === 0 ? r.stdout.trim() : '';
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const testsPath = opts.tests;
  const entry = require(path.join(opts.extension, 'package.json')).main || 'extension.js';
  for (const [file, how] of [[testsPath, 'npm run compile'], [path.join(opts.extension, entry), 'npm run build']]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO, file)} is missing: run \`${how}\` first`);
  }
  if (opts.vsix && !fs.existsSync(opts.vsix)) throw new Error(`${opts.vsix} is missing: run \`npm run package\` first`);

  say('check/install the VS Code server, Node 24 and chromium');
  const tools = vs.setup();

  const root = vs.makeTempRoot('npy-viewer-it-');
  const workspace = path.join(root, 'workspace');
  vs.copyDir(opts.workspace, workspace);
  say(`temp folder ${root} (workspace copied from ${path.relative(REPO, opts.workspace)})`);
  const logFile = path.join(root, 'server.log');

  let server;
  let browser;
  let code = 1;
  try {
    // --vsix: install it with the server's CLI, then load that installed copy as the development
    // extension (VS Code runs extensionTestsPath only in an extension development session).
    const extensionPath = opts.vsix ? vs.installVsix(tools, root, opts.vsix) : opts.extension;
    // Env vars reach the extension host (a child of the server); the suite reads them.
    server = await vs.startServer(tools, root, {
      logFile,
      smokeTestDriver: true,
      env: {
        NPY_IT_MODE: opts.vsix ? 'vsix' : 'dev', NPY_IT_REPO: opts.extension, NPY_IT_GREP: process.env.NPY_IT_GREP || '',
        NPYVIEW_PYTHON: numpyPython(),
      },
    });
    const url = vs.workbenchUrl(server, workspace, {
      // With --vsix nothing is loaded from the repo but the tests: the installed copy must work alone.
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsPath,
    });

    say(`launch chromium (${tools.chromium})`);
    browser = await vs.launchChromium(tools);
    const page = await browser.newPage();
    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    // The workbench's smoke-test driver calls these: suite output, then the suite's exit code.
    const act = userActions(page);
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      const started = /^npy-it:running (.*)$/s.exec(text);
      if (started) running = started[1];
      else if (!act(text)) printLog(level, args);
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => finish(exitCode));
    page.on('console', (m) => {
      // '%c  ERR' lines come from the workbench's logger and already arrived through codeAutomationLog.
      const text = m.text();
      if (process.env.VERBOSE || (m.type() === 'error' && !NOISE.test(text) && !text.startsWith('%c'))) {
        console.log(`[browser ${m.type()}] ${text.slice(0, 800)}`);
      }
    });
    page.on('pageerror', (e) => console.log(`[browser pageerror] ${String(e).slice(0, 800)}`));
    page.on('crash', () => finish('the page crashed'));

    say(`open workbench, run ${path.relative(REPO, testsPath)} (${opts.vsix ? 'installed .vsix' : 'extension from the repo'})`);
    await page.goto(url, { timeout: 120000 }); // a loaded 2-core machine can take over 30 s
    // The whole suite (each test has its own mocha timeout, and a failing one runs twice): generous,
    // a loaded 2-core CI machine runs it several times slower than a quiet one.
    const timeoutMs = Number(process.env.NPY_IT_TIMEOUT_MS || 1800000);
    let timer;
    const result = await Promise.race([
      finished,
      new Promise((resolve) => { timer = setTimeout(() => resolve(`no result within ${timeoutMs / 1000} s`), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (typeof result === 'number') {
      code = result;
      say(`suite finished with exit code ${code}`);
    } else {
      say(`FAILED: ${result}${running ? `; the test running then: ${running}` : ''}`);
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) server.stop();
    vs.killGroups();
    if (code !== 0) {
      console.log(`--- last lines of the VS Code server log (${logFile}) ---\n${vs.tail(logFile)}\n---`);
      const failures = failureReport();
      if (failures) console.log(`--- the suite's failures (repeated from above) ---\n${failures}\n---`);
      else if (running) console.log(`--- the suite did not finish; the test running then: ${running} ---`);
    }
    if (opts.keep || code !== 0) say(`kept ${root} for inspection`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => { console.error(`run-integration: ${err && err.message ? err.message : err}`); process.exit(2); },
);
