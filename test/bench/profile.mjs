#!/usr/bin/env node
/**
 * Where does the CLI spend its time in one benchmark case? Builds the CLI unminified into a
 * temporary folder (`scripts/build.mjs cli --readable`: same bundles, with esbuild's `// src/...`
 * module markers), runs `node --cpu-prof cli.js …` on the case's input (--runs times) and prints
 * self time by source module and by function, averaged over the runs. Time is counted as
 * samples × sampling interval, not from timestamps, so that a busy machine (the process waiting
 * for a core) does not inflate whatever frame happened to be on the stack.
 *
 *   node test/bench/profile.mjs CASE [--keep DIR] [--top N] [--runs N]
 *   CASE: start | middle | end (4 GiB windows) | npz | export | startup (`--version`: loading the CLI)
 *         | render (the 4 GiB field.npy to PNG)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIG_ROWS, WINDOW, makeFieldInput, makeInputs, windowStarts } from './inputs.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

function cliArgs(name, dir, out) {
  const starts = windowStarts(BIG_ROWS);
  if (name in starts) return ['export', path.join(dir, 'big.npy'), '--index', `${starts[name]}:${starts[name] + WINDOW}`, '-o', out];
  if (name === 'npz') return ['export', path.join(dir, 'member.npz'), '--member', 'a', '--index', ':50', '-o', out];
  if (name === 'export') return ['export', path.join(dir, 'export.npy'), '-o', out];
  if (name === 'startup') return ['--version'];
  if (name === 'render') return ['render', path.join(dir, 'field.npy'), '-o', `${out}.png`];
  throw new Error(`unknown case ${name}: start, middle, end, npz, export, startup or render`);
}

/** Line ranges of a bundle's source modules, from esbuild's `// path` comments. */
function moduleRanges(bundle, label) {
  const ranges = [];
  bundle.split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(line);
    if (m) ranges.push({ line: i, name: m[1] });
  });
  return (lineNumber) => {
    let name = `${label} (bundle code)`;
    for (const r of ranges) { if (r.line <= lineNumber) name = r.name; else break; }
    return name;
  };
}

/** Source module of a line in any of the CLI's bundles (cli.js, cli/NAME.js), by the frame's URL. */
function bundleModules(dir) {
  const byUrl = new Map();
  return (url, lineNumber) => {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (!file.startsWith(dir + path.sep)) return null;
    let of = byUrl.get(file);
    if (!of) byUrl.set(file, of = moduleRanges(fs.readFileSync(file, 'utf8'), path.relative(dir, file)));
    return of(lineNumber);
  };
}

const INTERVAL_US = 200;

/** Adds one profile's self time (µs) per function and per module into the two maps. */
function accumulate(profile, moduleOf, byFunction, byModule) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (const id of profile.samples) selfUs.set(id, (selfUs.get(id) ?? 0) + INTERVAL_US);
  for (const [id, us] of selfUs) {
    const { callFrame: f } = byId.get(id);
    if (f.functionName === '(idle)') continue; // a thread waiting is not CPU time
    const inBundle = moduleOf(f.url, f.lineNumber);
    let where;
    if (inBundle) where = inBundle;
    else if (!f.url) where = f.functionName.startsWith('(') ? f.functionName : '(native)';
    else if (f.url.startsWith('[worker eval]')) where = 'worker thread (eval)';
    else where = f.url.startsWith('node:') ? 'node internals' : f.url;
    const fn = `${f.functionName || '(anonymous)'}  [${where}${inBundle ? `:${f.lineNumber + 1}` : ''}]`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byModule.set(where, (byModule.get(where) ?? 0) + us);
  }
}

function summarize(byFunction, byModule, runs, top) {
  const total = [...byModule.values()].reduce((a, b) => a + b, 0);
  const print = (title, map) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${(us / runs / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
    }
  };
  console.log(`\n${(total / runs / 1000).toFixed(0)} ms of samples per run, averaged over ${runs} run(s) `
    + `(from the start of the script; Node's own startup before it is not included)`);
  print('self time by module', byModule);
  print('self time by function', byFunction);
}

function main() {
  const argv = process.argv.slice(2);
  const name = argv[0];
  const keepAt = argv.indexOf('--keep');
  const topAt = argv.indexOf('--top');
  const top = topAt > 0 ? Number(argv[topAt + 1]) : 25;
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(argv[runsAt + 1]) : 5;
  const dir = keepAt > 0 ? path.resolve(argv[keepAt + 1]) : fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-prof-'));
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-cpuprof-'));
  try {
    if (name === 'render') makeFieldInput(dir); else makeInputs(dir);
    const args = cliArgs(name, dir, path.join(profDir, 'out.txt'));
    // The CLI's bundles, unminified, beside the profiles.
    const built = path.join(profDir, 'dist');
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'cli', '--readable', '--dist', built], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('scripts/build.mjs cli --readable failed');
    const CLI = path.join(built, 'cli.js');
    const moduleOf = bundleModules(built);
    // as bench.mjs runs it: without NODE_EXTRA_CA_CERTS (see oursEnv there)
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const byFunction = new Map();
    const byModule = new Map();
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', String(INTERVAL_US), '--cpu-prof-dir', profDir, CLI, ...args], { stdio: 'inherit', env });
      console.log(`node cli.js ${args.join(' ')}: exit ${r.status}, ${(performance.now() - t0).toFixed(0)} ms wall (with profiling)`);
      // One profile per thread: the main thread and any worker threads (summed).
      const files = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
      if (!files.length) throw new Error('no .cpuprofile was written');
      if (i === 0 && files.length > 1) console.log(`${files.length} threads profiled (main + workers), summed`);
      for (const file of files) {
        accumulate(JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')), moduleOf, byFunction, byModule);
        fs.rmSync(path.join(profDir, file));
      }
    }
    summarize(byFunction, byModule, runs, top);
  } finally {
    fs.rmSync(profDir, { recursive: true, force: true });
    if (keepAt < 0) fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`profile: ${err.message}`);
  process.exit(1);
}
