/**
 * The benchmark inputs (issue 6), shared by the CLI benchmark (bench.mjs) and the viewer
 * benchmark (viewer.bench.ts, which runs this file as a child process):
 *
 *   big.npy      (33_554_432, 16) float64 = 4 GiB, sparse on disk; data only in three 50-row
 *                windows (start, middle, end) so their output is meaningful
 *   member.npz   savez_compressed, member 'a' (1_562_500, 16) float64 = 200 MB raw, compressible
 *   export.npy   (200_000, 10) float64 = 2e6 full-precision values
 *   diff_a.npy, diff_b.npy   (67_108_864,) float64 = 512 MiB each, differing in 1000 places
 *   stats.npy    (131_072, 1024) float64 = 1 GiB of noise with 1% NaN, 0.1% each of +inf, -inf, 0
 *                (makeStatsInput: only written when a statistics case runs; ~1 min here)
 *
 * Written by NumPy (make_inputs.py) when python3 has numpy, else by plain Node (same shapes).
 *
 *   node test/bench/inputs.mjs DIR     writes (or reuses) the inputs in DIR
 *   node test/bench/inputs.mjs --pictures DIR   only field.npy (makeFieldInput) and line.npy
 *                (makeLineInput), the inputs of the pictures benchmark (test/webview/picturesbench.ts)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const WINDOW = 50;
export const BIG_COLS = 16;
export const BIG_ROWS = (4 * 2 ** 30) / (BIG_COLS * 8); // 4 GiB of float64 data
export const NPZ_ROWS = 1_562_500; // (1_562_500, 16) float64 = 200 MB raw
export const EXPORT_ROWS = 200_000; // (200000, 10) float64 = 2e6 values
export const DIFF_N = (512 * 2 ** 20) / 8; // 512 MiB of float64 per side
export const STATS_ROWS = 131_072; // (131072, 1024) float64 = 1 GiB
const INPUTS_STAMP = `v2 ${BIG_ROWS} ${NPZ_ROWS} ${EXPORT_ROWS} ${DIFF_N}`;

/** NumPy's child gets the machine's env minus the OpenBLAS tuning some machines set. */
export function numpyEnv() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export function hasNumpy() {
  return spawnSync('python3', ['-c', 'import numpy'], { env: numpyEnv(), stdio: 'ignore' }).status === 0;
}

/** First row of the start, middle and end windows (make_inputs.py uses the same formula). */
export function windowStarts(rows) {
  return { start: 0, middle: Math.floor(rows / 2), end: rows - WINDOW };
}

/** Writes the inputs into dir, or reuses them when a previous run left a matching stamp. */
export function makeInputs(dir, withNumpy = hasNumpy()) {
  fs.mkdirSync(dir, { recursive: true });
  const stampFile = path.join(dir, 'inputs.stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === INPUTS_STAMP) {
    console.log(`reusing inputs in ${dir}`);
    return;
  }
  const t0 = performance.now();
  if (withNumpy) {
    const r = spawnSync('python3', [path.join(HERE, 'make_inputs.py'), dir, String(BIG_ROWS), String(NPZ_ROWS), String(EXPORT_ROWS), String(DIFF_N)],
      { env: numpyEnv(), stdio: 'inherit' });
    if (r.status !== 0) throw new Error('make_inputs.py failed');
  } else {
    makeInputsWithoutNumpy(dir);
  }
  fs.writeFileSync(stampFile, INPUTS_STAMP);
  console.log(`inputs written to ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Writes (or reuses) the statistics input, DIR/stats.npy; its own stamp, so the others stay. */
export function makeStatsInput(dir, withNumpy = hasNumpy()) {
  const file = path.join(dir, 'stats.npy');
  const stampFile = path.join(dir, 'stats.stamp');
  const stamp = `v1 ${STATS_ROWS} ${withNumpy ? 'numpy' : 'node'}`;
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && fs.existsSync(file)) return file;
  const t0 = performance.now();
  if (withNumpy) {
    const r = spawnSync('python3', [path.join(HERE, 'make_inputs.py'), '--stats', file, String(STATS_ROWS)], { env: numpyEnv(), stdio: 'inherit' });
    if (r.status !== 0) throw new Error('make_inputs.py --stats failed');
  } else {
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, npyHeader([STATS_ROWS, 1024]));
    const rows = 1024;
    for (let r = 0; r < STATS_ROWS; r += rows) {
      const a = new Float64Array(rows * 1024);
      for (let i = 0; i < a.length; i++) {
        const u = Math.random();
        a[i] = u < 0.01 ? NaN : u < 0.011 ? Infinity : u < 0.012 ? -Infinity : u < 0.013 ? 0
          : 5 + 1e3 * Math.sqrt(-2 * Math.log(Math.random() || 1e-300)) * Math.cos(2 * Math.PI * Math.random());
      }
      fs.writeSync(fd, new Uint8Array(a.buffer));
    }
    fs.closeSync(fd);
  }
  fs.writeFileSync(stampFile, stamp);
  console.log(`stats input written to ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

/**
 * The render benchmark's input (issue 14): field.npy, a (32768, 16384) float64 array = 4 GiB,
 * sparse on disk like big.npy: a smooth pattern in its first FIELD_BAND rows (with a NaN patch),
 * zeros elsewhere. Kept apart from the other inputs (its own stamp) and written only when a render
 * case runs.
 */
export const FIELD_ROWS = 32768;
export const FIELD_COLS = 16384;
export const FIELD_BAND = 1024;
const FIELD_STAMP = `v1 ${FIELD_ROWS} ${FIELD_COLS} ${FIELD_BAND}`;

export function makeFieldInput(dir, withNumpy = hasNumpy()) {
  fs.mkdirSync(dir, { recursive: true });
  const stampFile = path.join(dir, 'field.stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === FIELD_STAMP) return;
  const file = path.join(dir, 'field.npy');
  if (withNumpy) {
    const r = spawnSync('python3', [path.join(HERE, 'make_inputs.py'), '--field', file, String(FIELD_ROWS), String(FIELD_COLS), String(FIELD_BAND)],
      { env: numpyEnv(), stdio: 'inherit' });
    if (r.status !== 0) throw new Error('make_inputs.py --field failed');
  } else {
    const header = npyHeader([FIELD_ROWS, FIELD_COLS]);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, header);
    fs.ftruncateSync(fd, header.length + FIELD_ROWS * FIELD_COLS * 8);
    const row = new Float64Array(FIELD_COLS);
    for (let y = 0; y < FIELD_BAND; y++) {
      for (let x = 0; x < FIELD_COLS; x++) row[x] = fieldValue(y, x);
      fs.writeSync(fd, new Uint8Array(row.buffer), 0, row.byteLength, header.length + y * FIELD_COLS * 8);
    }
    fs.closeSync(fd);
  }
  fs.writeFileSync(stampFile, FIELD_STAMP);
}

/** The band's pattern (make_inputs.py computes the same): ripples, and NaN in a 64×256 patch. */
function fieldValue(y, x) {
  if (y >= 100 && y < 164 && x >= 1000 && x < 1256) return NaN;
  return Math.sin(x / 700) * Math.cos(y / 90) * 100 + x / FIELD_COLS;
}

/**
 * The line-plot benchmark's input (issue 14): line.npy, 1e7 float64 (80 MB) of a noisy wave,
 * written whole (read from the page cache once written, like the other non-sparse inputs).
 */
export const LINE_N = 10_000_000;

export function makeLineInput(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'line.npy');
  const stampFile = path.join(dir, 'line.stamp');
  const stamp = `v1 ${LINE_N}`;
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && fs.existsSync(file)) return file;
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, npyHeader([LINE_N]));
  const PIECE = 1 << 20;
  for (let start = 0; start < LINE_N; start += PIECE) {
    const a = new Float64Array(Math.min(PIECE, LINE_N - start));
    for (let i = 0; i < a.length; i++) a[i] = Math.sin((start + i) / 50_000) + (Math.random() - 0.5) * 0.2;
    fs.writeSync(fd, a);
  }
  fs.closeSync(fd);
  fs.writeFileSync(stampFile, stamp);
  return file;
}

export const BIGNPZ_ROWS = 8_388_608; // (8_388_608, 16) float64 = a 1 GiB member

/** Writes (or reuses) DIR/bignpz.npz, savez_compressed of a 1 GiB member 'a' (needs NumPy; ~1 min). */
export function makeBigNpzInput(dir) {
  const file = path.join(dir, 'bignpz.npz');
  const stampFile = path.join(dir, 'bignpz.stamp');
  const stamp = `v1 ${BIGNPZ_ROWS}`;
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && fs.existsSync(file)) return file;
  const r = spawnSync('python3', [path.join(HERE, 'make_inputs.py'), '--bignpz', file, String(BIGNPZ_ROWS)], { env: numpyEnv(), stdio: 'inherit' });
  if (r.status !== 0) throw new Error('make_inputs.py --bignpz failed');
  fs.writeFileSync(stampFile, stamp);
  return file;
}

/** A version 1.0 .npy header for a C-order little-endian float64 array, as np.save writes it. */
function npyHeader(shape) {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

function makeInputsWithoutNumpy(dir) {
  const randoms = (n, f) => { const a = new Float64Array(n); for (let i = 0; i < n; i++) a[i] = f(); return Buffer.from(a.buffer); };
  const noisy = () => (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 16 - 8);

  const header = npyHeader([BIG_ROWS, BIG_COLS]);
  const fd = fs.openSync(path.join(dir, 'big.npy'), 'w');
  fs.writeSync(fd, header);
  fs.ftruncateSync(fd, header.length + BIG_ROWS * BIG_COLS * 8); // sparse: no blocks for the zeros
  for (const start of Object.values(windowStarts(BIG_ROWS))) {
    fs.writeSync(fd, randoms(WINDOW * BIG_COLS, noisy), 0, undefined, header.length + start * BIG_COLS * 8);
  }
  fs.closeSync(fd);

  fs.writeFileSync(path.join(dir, 'export.npy'),
    Buffer.concat([npyHeader([EXPORT_ROWS, 10]), randoms(EXPORT_ROWS * 10, noisy)]));

  // The diff pair: written in 8 MiB pieces; B differs in 1000 places (10 of them NaN).
  const fa = fs.openSync(path.join(dir, 'diff_a.npy'), 'w');
  const fb = fs.openSync(path.join(dir, 'diff_b.npy'), 'w');
  fs.writeSync(fa, npyHeader([DIFF_N]));
  fs.writeSync(fb, npyHeader([DIFF_N]));
  const changed = new Map(); // index → order of choice; the first 10 become NaN
  while (changed.size < 1000) changed.set(Math.floor(Math.random() * DIFF_N), changed.size);
  const PIECE = 1 << 20;
  for (let start = 0; start < DIFF_N; start += PIECE) {
    const a = new Float64Array(Math.min(PIECE, DIFF_N - start));
    for (let i = 0; i < a.length; i++) a[i] = noisy();
    fs.writeSync(fa, a);
    for (let i = 0; i < a.length; i++) {
      const k = changed.get(start + i);
      if (k !== undefined) a[i] = k < 10 ? NaN : a[i] + 1;
    }
    fs.writeSync(fb, a);
  }
  fs.closeSync(fa);
  fs.closeSync(fb);

  // fflate is a dependency of the engine already; holding 200 MB once is fine here.
  const { zipSync } = createRequire(import.meta.url)('fflate');
  const member = Buffer.concat([npyHeader([NPZ_ROWS, 16]), randoms(NPZ_ROWS * 16, () => Math.floor(Math.random() * 4096) / 64)]);
  fs.writeFileSync(path.join(dir, 'member.npz'), zipSync({ 'a.npy': [member, { level: 6 }] }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --pictures DIR: only the pictures benchmark's inputs (field.npy, line.npy; test/webview/picturesbench.ts).
  const pictures = process.argv[2] === '--pictures';
  const dir = process.argv[pictures ? 3 : 2];
  if (!dir) {
    console.error('usage: node test/bench/inputs.mjs [--pictures] DIR');
    process.exit(2);
  }
  if (pictures) {
    makeFieldInput(path.resolve(dir), false);
    makeLineInput(path.resolve(dir));
  } else {
    makeInputs(path.resolve(dir));
  }
}
