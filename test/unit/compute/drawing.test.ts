/**
 * Drawing data against NumPy: heatmap grids (full, strided, block means, regions; C and Fortran
 * order; every drawable dtype), line envelopes and histograms, on files NumPy wrote, with NumPy's
 * answers computed at test time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { BufferSource, FileSource } from '../../../src/npy/io/filesource';
import { downsampleFactor, heatmapGrid, type DownsampleMethod, type Region } from '../../../src/npy/compute/heatmap';
import { columnStart, lineEnvelope } from '../../../src/npy/compute/envelope';
import { histogramOf, histogramView } from '../../../src/npy/compute/histogram';
import type { ComplexPart } from '../../../src/npy/compute/values';
import { rawNpy } from '../../support/corefixtures';
import { PY_SPRINKLE, requireNumpy, runNumpy } from '../../support/numpy';

const FIXTURES = `
rng = np.random.default_rng(14)
${PY_SPRINKLE}
f8 = sprinkle(rng.standard_normal((37, 53)) * 10.0 ** rng.integers(-3, 4, size=(37, 53)), 20)
f8[5:9, 10:20] = np.nan  # a block that is all NaN at k = 2..4
np.save(d + '/f8c.npy', f8)
np.save(d + '/f8f.npy', np.asfortranarray(f8))
np.save(d + '/f8be.npy', f8.astype('>f8'))
np.save(d + '/f4.npy', sprinkle(rng.standard_normal((40, 31)).astype(np.float32), 20))
np.save(d + '/f2.npy', sprinkle(rng.standard_normal((13, 14)).astype(np.float16), 20))
i8 = rng.integers(-2**62, 2**62, size=(20, 30), dtype=np.int64); i8[0, 0] = 2**63 - 1; i8[0, 1] = -2**63
np.save(d + '/i8.npy', i8)
np.save(d + '/u8.npy', np.iinfo(np.uint64).max - rng.integers(0, 2**40, size=(9, 11), dtype=np.uint64))
np.save(d + '/i2.npy', rng.integers(-300, 300, size=(33, 17), dtype=np.int16))
np.save(d + '/rgb.npy', rng.integers(0, 256, size=(25, 33, 3), dtype=np.uint8))
np.save(d + '/rgbf.npy', np.asfortranarray(rng.random((21, 22, 4))))
c = rng.standard_normal((19, 23)) + 1j * rng.standard_normal((19, 23)); c[0, 0] = -2; c[0, 1] = complex(np.nan, 1)
np.save(d + '/c16.npy', c.astype('>c16'))
np.save(d + '/c8.npy', c.astype(np.complex64))
np.save(d + '/b.npy', rng.random((17, 18)) < 0.3)
line = rng.standard_normal(100003).cumsum(); line[500:1500] = np.nan; line[7] = np.inf; line[99999] = -np.inf; line[40000:40010] = np.nan
np.save(d + '/line.npy', line)
`;

const EXPECT = `
import warnings
warnings.simplefilter('ignore')
cases = json.load(open(d + '/cases.json'))
def drawn(a, part):
    if a.dtype.kind != 'c': return a.astype(np.float64)
    return {'magnitude': np.abs, 'phase': np.angle, 'real': np.real, 'imag': np.imag}[part](a).astype(np.float64)
for i, c in enumerate(cases):
    a = drawn(np.load(d + '/' + c['file']), c.get('part', 'magnitude'))
    if c['kind'] == 'grid':
        r, k = c['region'], c['k']
        sub = a[r['row']:r['row'] + r['rows'], r['col']:r['col'] + r['cols']]
        if c['method'] == 'mean':
            R, C = -(-sub.shape[0] // k), -(-sub.shape[1] // k)
            out = np.empty((R, C) + sub.shape[2:])
            for y in range(R):
                for x in range(C):
                    out[y, x] = np.nanmean(sub[y*k:(y+1)*k, x*k:(x+1)*k], axis=(0, 1))
        else:
            out = sub[::k, ::k]
    elif c['kind'] == 'envelope':
        s, e, P = c['start'], c['stop'], c['columns']; n = e - s; P = min(P, n)
        b = [s + (j * n) // P for j in range(P + 1)]
        out = np.array([[np.nanmin(a[b[j]:b[j+1]]), np.nanmax(a[b[j]:b[j+1]]), a[b[j]], a[b[j+1]-1], np.isnan(a[b[j]:b[j+1]]).sum()] for j in range(P)])
    else:
        f = a[np.isfinite(a)].ravel()
        if c.get('native'):
            # No range: NumPy bins float16 / float32 data in their own type.
            raw = np.load(d + '/' + c['file']).ravel()
            counts, edges = np.histogram(raw[np.isfinite(raw)], bins=c['bins'])
        else:
            counts, edges = np.histogram(f, bins=c['bins'], range=(float(c['low']), float(c['high'])))
        out = np.concatenate([edges, counts.astype(np.float64)])
    np.save(d + '/expect%d.npy' % i, np.ascontiguousarray(out, dtype=np.float64))
`;

async function open(file: string): Promise<NpyArray> {
  return NpyArray.open(await FileSource.open(file));
}

async function readAll(file: string): Promise<Float64Array> {
  const a = await open(file);
  const v = a.view();
  const bytes = await v.readBlock(v.shape.map(() => 0), [...v.shape]);
  await a.close();
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
}

function same(got: ArrayLike<number>, want: ArrayLike<number>, what: string, rel = 0, abs = 0): void {
  assert.strictEqual(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= Math.max(rel * Math.abs(w), abs);
    assert.ok(ok, `${what}: element ${i} is ${g}, NumPy says ${w}`);
  }
}

interface GridCase { kind: 'grid'; file: string; region: Region; k: number; method: DownsampleMethod | 'full'; part?: ComplexPart; maxW: number; maxH: number }
interface EnvCase { kind: 'envelope'; file: string; start: number; stop: number; columns: number }
interface HistCase { kind: 'hist'; file: string; bins: number; low: number; high: number; native: boolean; ours: import('../../../src/npy/compute/histogram').Histogram }
type Case = GridCase | EnvCase | HistCase;

describe('drawing data vs NumPy', function () {
  this.timeout(300000);
  if (!requireNumpy()) return;
  let dir = '';
  const cases: Case[] = [];

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-drawing-'));
    runNumpy(`d = ${JSON.stringify(dir)}\n${FIXTURES}`);
    // Grid requests: every file at several sizes and regions, both methods.
    const grids: [string, number, number, Region | undefined, ComplexPart?][] = [];
    for (const f of ['f8c', 'f8f', 'f8be', 'f4', 'f2', 'i8', 'u8', 'i2', 'rgb', 'rgbf', 'b']) {
      grids.push([f, 4096, 4096, undefined], [f, 10, 10, undefined], [f, 7, 12, undefined], [f, 3, 3, undefined], [f, 1, 1, undefined]);
      grids.push([f, 5, 5, { row: 2, col: 3, rows: 7, cols: 6 }], [f, 100, 100, { row: 1, col: 1, rows: 5, cols: 4 }]);
    }
    for (const part of ['magnitude', 'phase', 'real', 'imag'] as ComplexPart[]) {
      for (const f of ['c16', 'c8']) grids.push([f, 4096, 4096, undefined, part], [f, 6, 9, undefined, part]);
    }
    for (const [f, maxW, maxH, region, part] of grids) {
      const arr = await open(path.join(dir, `${f}.npy`));
      const [h, w] = arr.shape;
      await arr.close();
      const r = region ?? { row: 0, col: 0, rows: h, cols: w };
      const k = downsampleFactor(r.rows, r.cols, maxW, maxH);
      for (const method of (k === 1 ? ['full'] : ['stride', 'mean']) as GridCase['method'][]) {
        cases.push({ kind: 'grid', file: `${f}.npy`, region: r, k, method, part, maxW, maxH });
      }
    }
    for (const [start, stop, columns] of [[0, 100003, 640], [0, 100003, 1], [0, 100003, 7], [450, 1600, 100], [10, 30, 640], [99990, 100003, 3], [0, 100003, 100003]]) {
      cases.push({ kind: 'envelope', file: 'line.npy', start, stop, columns });
    }
    for (const f of ['f8c', 'f8f', 'f4', 'f2', 'i8', 'i2', 'u8', 'b', 'rgb', 'line']) {
      const a = await open(path.join(dir, `${f}.npy`));
      for (const opts of [{}, { bins: 7 }, { bins: 10, range: [-1, 1] as [number, number] }, { range: [0, 0] as [number, number] }]) {
        const ours = await histogramView(a.view(), { ...opts, chunkBytes: 4096 });
        const native = (f === 'f4' || f === 'f2') && !('range' in opts);
        cases.push({ kind: 'hist', file: `${f}.npy`, bins: ours.counts.length, low: ours.edges[0], high: ours.edges[ours.edges.length - 1], native, ours });
      }
      await a.close();
    }
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases.map((c) => (c.kind === 'hist' ? { ...c, ours: undefined } : c))));
    runNumpy(`d = ${JSON.stringify(dir)}\n${EXPECT}`);
  });

  after(() => { if (dir && !process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true }); });

  it('heatmap grids: full detail, strided (a[r0:r1:k, c0:c1:k]) and block means (np.nanmean per k×k block)', async () => {
    let checked = 0;
    for (const [i, c] of cases.entries()) {
      if (c.kind !== 'grid') continue;
      const arr = await open(path.join(dir, c.file));
      const grid = await heatmapGrid(arr.view(), {
        maxWidth: c.maxW, maxHeight: c.maxH, region: c.region, part: c.part, chunkBytes: 1000,
        method: c.method === 'full' ? undefined : c.method,
      });
      await arr.close();
      const what = `${c.file} ${c.maxW}×${c.maxH} ${JSON.stringify(c.region)} ${c.method} ${c.part ?? ''}`;
      assert.strictEqual(grid.factor, c.k, what);
      assert.strictEqual(grid.method, c.method, what);
      assert.strictEqual(grid.rows, Math.ceil(c.region.rows / c.k));
      assert.strictEqual(grid.cols, Math.ceil(c.region.cols / c.k));
      assert.ok(grid.rows <= c.maxH && grid.cols <= c.maxW, what);
      // hypot and atan2 may differ from the C library's in the last place (float32's for complex64).
      // Means of complex64 phases/magnitudes can cancel to near 0: compare those absolutely (values ≤ ~10).
      const libm = c.part === 'phase' || c.part === 'magnitude' ? (c.file === 'c8.npy' ? 1.2e-7 : 4.5e-16) : 0;
      const abs = libm > 1e-10 && c.method === 'mean' ? 1e-6 : 0;
      same(grid.values, await readAll(path.join(dir, `expect${i}.npy`)), what, Math.max(libm, c.method === 'mean' ? 1e-12 : 0), abs);
      checked++;
    }
    assert.strictEqual(checked, cases.filter((c) => c.kind === 'grid').length);
    assert.ok(checked >= 150, `${checked} grid cases`);
  });

  it('line envelopes: per column nanmin, nanmax, first, last and NaN count', async () => {
    let checked = 0;
    const arr = await open(path.join(dir, 'line.npy'));
    for (const [i, c] of cases.entries()) {
      if (c.kind !== 'envelope') continue;
      const env = await lineEnvelope(arr.view(), { columns: c.columns, start: c.start, stop: c.stop, chunkBytes: 8 * 999 });
      const want = await readAll(path.join(dir, `expect${i}.npy`));
      const P = Math.min(c.columns, c.stop - c.start);
      assert.strictEqual(env.columns, P);
      const cols = (j: number) => Array.from({ length: P }, (_, r) => want[r * 5 + j]);
      const what = `envelope ${c.start}:${c.stop} in ${c.columns}`;
      same(env.min, cols(0), `${what} min`);
      same(env.max, cols(1), `${what} max`);
      same(env.first, cols(2), `${what} first`);
      same(env.last, cols(3), `${what} last`);
      same(env.nan, cols(4), `${what} nan`);
      checked++;
    }
    await arr.close();
    assert.strictEqual(checked, 7);
  });

  it('histograms: np.histogram\'s edges and counts for the same bins; NaN, ±Inf and out-of-range beside', async () => {
    let checked = 0;
    for (const [i, c] of cases.entries()) {
      if (c.kind !== 'hist') continue;
      const want = await readAll(path.join(dir, `expect${i}.npy`));
      const n = c.bins;
      same(c.ours.edges, want.subarray(0, n + 1), `${c.file} edges`);
      same(c.ours.counts, want.subarray(n + 1), `${c.file} counts (${n} bins over ${c.low}..${c.high})`);
      const all = await readAll(path.join(dir, c.file)).catch(() => undefined);
      if (all && c.file.startsWith('f8')) {
        const nan = all.filter(Number.isNaN).length;
        assert.strictEqual(c.ours.nan, nan);
        assert.strictEqual(c.ours.posinf, all.filter((v) => v === Infinity).length);
        assert.strictEqual(c.ours.neginf, all.filter((v) => v === -Infinity).length);
        assert.strictEqual(c.ours.inRange + c.ours.below + c.ours.above + c.ours.nan + c.ours.posinf + c.ours.neginf, all.length);
      }
      checked++;
    }
    assert.strictEqual(checked, 40);
  });
});

describe('drawing data: rules', () => {
  it('downsample factor: the smallest k that fits both axes', () => {
    const cases: [number, number, number, number, number][] = [
      [100, 100, 100, 100, 1], [101, 100, 100, 100, 2], [32768, 16384, 4096, 4096, 8], [1, 1e6, 640, 480, 1563], [0, 0, 10, 10, 1],
    ];
    for (const [rows, cols, w, h, k] of cases) assert.strictEqual(downsampleFactor(rows, cols, w, h), k, `${rows}×${cols} in ${w}×${h}`);
  });

  it('envelope columns split n points into ⌊n/P⌋ or ⌈n/P⌉ each, exactly, even for huge n', () => {
    const n = 2 ** 52 + 12345, P = 1999;
    let prev = columnStart(5, n, P, 0);
    assert.strictEqual(prev, 5);
    for (let c = 1; c <= P; c++) {
      const s = columnStart(5, n, P, c);
      assert.ok(s - prev === Math.floor(n / P) || s - prev === Math.floor(n / P) + 1, `column ${c}`);
      prev = s;
    }
    assert.strictEqual(prev, 5 + n);
  });

  it('histogram bins: √n capped at 256 over the finite range; one bin per integer level when ≤ 256 levels', () => {
    const h = histogramOf([0, 1, 2, 3, 255, NaN, Infinity], {}, true);
    assert.strictEqual(h.counts.length, 256, 'a uint8 range: one bin per level');
    assert.deepStrictEqual([h.edges[0], h.edges[1], h.edges[256]], [-0.5, 0.5, 255.5]);
    assert.deepStrictEqual([h.counts[0], h.counts[3], h.counts[4], h.counts[255], h.inRange], [1, 1, 0, 1, 5]);
    assert.deepStrictEqual([h.nan, h.posinf, h.neginf], [1, 1, 0]);
    const wide = histogramOf([0, 1000, 5, 7], {}, true);
    assert.deepStrictEqual([wide.counts.length, wide.edges[0], wide.edges[1] - wide.edges[0]], [2, -0.5, 501], 'ceil(√4) = 2 bins, 501 levels wide');
    const levels = histogramOf(Array.from({ length: 10000 }, (_, i) => i % 256), {}, true);
    assert.strictEqual(levels.counts.length, 256);
    assert.ok(levels.counts.every((c, i) => c === (i < 10000 % 256 ? 40 : 39)));
    const big = histogramOf(Float64Array.from({ length: 1e6 }, (_, i) => i / 1e6));
    assert.strictEqual(big.counts.length, 256);
    assert.strictEqual(big.edges[0], 0);
    assert.strictEqual(big.edges[256], (1e6 - 1) / 1e6);
    const empty = histogramOf([NaN, NaN]);
    assert.strictEqual(empty.nan, 2);
    assert.strictEqual(empty.inRange, 0);
  });

  it('line envelope of 1e7 points: ~2P numbers that still cover the min and max', async () => {
    const N = 1e7, P = 1000;
    const data = new Float64Array(N);
    let s = 1;
    for (let i = 0; i < N; i++) { s = (s * 1103515245 + 12345) % 2147483648; data[i] = Math.sin(i / 5000) + s / 2147483648 * 0.01; }
    data[1234567] = 42.5; data[8765432] = -17.25; data[5] = NaN;
    const arr = await NpyArray.open(new BufferSource(rawNpy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${N},), }`,
      new Uint8Array(data.buffer))));
    const env = await lineEnvelope(arr.view(), { columns: P });
    assert.strictEqual(env.columns, P);
    assert.strictEqual(Math.max(...env.max), 42.5);
    assert.strictEqual(Math.min(...env.min), -17.25);
    assert.strictEqual(env.max[Math.floor((1234567 * P) / N)], 42.5, 'in the column that holds the point');
    assert.strictEqual(env.min[Math.floor((8765432 * P) / N)], -17.25);
    assert.strictEqual(env.nan[0], 1);
    // Zoom: the sub-range around the spike refines to one point per column.
    const zoom = await lineEnvelope(arr.view(), { columns: P, start: 1234000, stop: 1235000 });
    assert.strictEqual(zoom.columns, 1000);
    assert.strictEqual(zoom.max[567], 42.5);
    assert.strictEqual(zoom.first[566], data[1234566]);
  });
});
