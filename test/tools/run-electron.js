#!/usr/bin/env node
// Desktop variant of the integration run: the same suite (out/test/integration/index.js) in desktop
// VS Code through @vscode/test-electron. Needs either VSCODE_PATH (an installed VS Code executable)
// or a network that reaches update.code.visualstudio.com (it downloads VS Code stable then).
// Here and in CI use run-integration.js instead (no download needed).
//
//   npm run build && npm run compile && node test/tools/run-electron.js
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const REPO = path.resolve(__dirname, '..', '..');

async function main() {
  const extensionTestsPath = path.join(REPO, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) throw new Error('out/test/integration/index.js is missing: run `npm run compile`');
  // Tests may write into the workspace: give them a copy.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-viewer-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(REPO, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath: process.env.VSCODE_PATH || undefined,
      extensionDevelopmentPath: REPO,
      extensionTestsPath,
      extensionTestsEnv: { NPY_IT_MODE: 'dev', NPY_IT_REPO: REPO, NPY_IT_GREP: process.env.NPY_IT_GREP || '' },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
        '--user-data-dir', path.join(tmp, 'user-data')],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => { console.error(`run-electron: ${err && err.message ? err.message : err}`); process.exit(1); },
);
