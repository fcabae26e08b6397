// The sample workspace of `npm start` and `npm run screenshots`: arrays written by NumPy
// (make-sample-workspace.py) when python3 has it, else the committed NumPy-written test fixtures.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');

/** The folder to open: NPY_SAMPLES when set, else .cache/samples/ (written once). */
function sampleWorkspace(say = console.log) {
  if (process.env.NPY_SAMPLES) return path.resolve(process.env.NPY_SAMPLES);
  const dir = path.join(REPO, '.cache', 'samples');
  if (fs.existsSync(path.join(dir, 'compressed_archive.npz'))) return dir;
  const r = spawnSync('python3', [path.join(__dirname, 'make-sample-workspace.py'), dir], { cwd: REPO, stdio: ['ignore', 'inherit', 'ignore'] });
  if (r.status === 0) return dir;
  say('python3 with numpy not found: using the committed fixtures (written by NumPy) instead');
  fs.mkdirSync(dir, { recursive: true });
  for (const from of ['test/fixtures', 'test/integration/workspace']) {
    if (fs.existsSync(path.join(REPO, from))) fs.cpSync(path.join(REPO, from), path.join(dir, path.basename(from)), { recursive: true });
  }
  return dir;
}

module.exports = { sampleWorkspace };
