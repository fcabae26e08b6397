#!/usr/bin/env node
// `npm run package` (after the build): writes <name>-<version>.vsix at the repo root with vsce.
// vsce walks every file under its working folder before applying .vscodeignore, and the repo holds
// the cached VS Code server (.vscode-it/), .git and more: that walk made packaging take a minute.
// So vsce runs in a small staging folder with just the candidates for the package; .vscodeignore
// (copied along) still decides what goes in, and test/unit/package.test.ts checks the result.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const STAGE = path.join(REPO, '.cache', 'vsix-stage');
const CANDIDATES = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'dist', 'media', 'l10n'];

const { name, version } = require(path.join(REPO, 'package.json'));
const out = path.join(REPO, `${name}-${version}.vsix`);

fs.rmSync(STAGE, { recursive: true, force: true });
fs.mkdirSync(STAGE, { recursive: true });
const nls = fs.readdirSync(REPO).filter((f) => /^package\.nls(\..+)?\.json$/.test(f));
for (const f of [...CANDIDATES, ...nls]) {
  if (fs.existsSync(path.join(REPO, f))) fs.cpSync(path.join(REPO, f), path.join(STAGE, f), { recursive: true });
}
if (!fs.existsSync(path.join(STAGE, 'dist', 'extension.js'))) {
  console.error('package-vsix: dist/extension.js is missing: run `npm run build` first');
  process.exit(1);
}

// Everything the extension runs is bundled by esbuild, hence --no-dependencies. The package names
// no repository (we do not invent one): --allow-missing-repository, and the README's relative
// links (its pictures in media/screenshots/, CHANGELOG.md) stay relative to the installed
// extension, where VS Code's extension page finds them: --no-rewrite-relative-links.
const vsce = require.resolve('@vscode/vsce/vsce', { paths: [REPO] });
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out],
  { cwd: STAGE, stdio: 'inherit' });
fs.rmSync(STAGE, { recursive: true, force: true });
process.exit(r.status === null ? 1 : r.status);
