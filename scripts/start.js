#!/usr/bin/env node
// `npm start`: build and package the extension, write a sample workspace of NumPy arrays, start a
// real VS Code (the server from code-server) with the extension installed from the .vsix, and print
// the URL to open in a browser. Stays up until Ctrl+C, then stops the server and removes its temp folder.
//
// Env: PORT (default 8080, or a free port if taken), NPY_SAMPLES (workspace folder to open instead
// of the generated samples).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const vs = require('../test/tools/vscode-server');
const { sampleWorkspace } = require('./samples');
const { REPO, say } = vs;

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit', ...opts });
  return r.status === 0;
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main() {
  say('build and package the extension (npm run package)');
  if (!sh('npm', ['run', '--silent', 'package'])) throw new Error('npm run package failed');
  const { name, version } = require(path.join(REPO, 'package.json'));
  const vsix = path.join(REPO, `${name}-${version}.vsix`);

  say('sample workspace');
  const folder = sampleWorkspace(say);
  say(`workspace: ${folder}`);

  say('check/install the VS Code server, Node 24 and chromium');
  const tools = vs.setup();
  const root = vs.makeTempRoot('npy-viewer-start-');
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  vs.installVsix(tools, root, vsix);

  const wanted = Number(process.env.PORT || 8080);
  const port = (await portFree(wanted)) ? wanted : undefined;
  const server = await vs.startServer(tools, root, { port });
  console.log('');
  console.log(`  npy-viewer is running in VS Code at  ${server.url}/?folder=${encodeURI(folder)}`);
  console.log(`  (bound to 127.0.0.1; from another machine: ssh -L ${server.url.split(':').pop()}:127.0.0.1:${server.url.split(':').pop()} <this host>)`);
  console.log('  Open a .npy or .npz file from the explorer. Press Ctrl+C to stop.');
  console.log('');
  // Stay up until Ctrl+C (vscode-server.js kills the server's process group on SIGINT/SIGTERM).
  await new Promise(() => {});
}

main().catch((err) => {
  console.error(`npm start: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
