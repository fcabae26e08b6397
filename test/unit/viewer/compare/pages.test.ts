/**
 * The comparison panel's grid pages and mismatch search (src/viewer/compare/pages.ts) against
 * NumPy: pairs NumPy wrote (mixed widths and byte orders, NaN and inf, complex, ints, 0-d, 1-d,
 * N-d, C and Fortran order, strings); each page's flags are `~np.isclose(a, b, rtol, atol,
 * equal_nan=True)` of that slice (== for strings), its A − B and |A − B| / |B| are NumPy's on
 * float64 (complex128) values written with the grid's float64 formatter, its A and B texts the
 * viewer's cells; the next/previous mismatch follows `np.argwhere(~np.isclose(...))` in C order.
 */
import * as assert from 'assert';
import * as path from 'path';
import { NpyArray } from '../../../../src/npy/format/array';
import { dtypeFromDescr } from '../../../../src/npy/format/dtype';
import { FileSource } from '../../../../src/npy/io/filesource';
import { comparePage, diffHeatmap, findFrom, pageRequestError, PairCache, type PageRequest } from '../../../../src/viewer/compare/pages';
import { makeCellFormatter } from '../../../../src/viewer/display';
import { COMPARE_PAGE_LIMITS, gridShape } from '../../../../src/shared/compare';
import { tempDir } from '../../../support/cli-harness';
import { requireNumpy, runNumpy } from '../../../support/numpy';

const SETTINGS = { notation: 'auto', precision: 6 } as const;

/** Written by NumPy: name → (A, B, tolerances, the pages to ask for). */
const WRITER = `
import os
out = json.loads(sys.stdin.read())['dir']
rng = np.random.default_rng(7)
cases = []
def case(name, a, b, pages, rtol=1e-05, atol=1e-08):
    np.save(os.path.join(out, name + '_a.npy'), a)
    np.save(os.path.join(out, name + '_b.npy'), b)
    nd = a.ndim
    numeric = a.dtype.kind in 'biufc' and b.dtype.kind in 'biufc'
    if numeric:
        m = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
        cx = a.dtype.kind == 'c' or b.dtype.kind == 'c'
        t = np.complex128 if cx else np.float64
        with np.errstate(all='ignore'):
            fa = a.astype(t); fb = b.astype(t)
            diff = fa - fb
            rel = np.abs(diff) / np.abs(fb)
    else:
        m = a != b
        diff = rel = None
    expect = []
    for (lead, r0, c0, rows, cols) in pages:
        if nd == 0:
            sl = ()
        elif nd == 1:
            sl = (slice(r0, r0 + rows),)
        else:
            sl = tuple(lead) + (slice(r0, r0 + rows), slice(c0, c0 + cols))
        mm = np.asarray(m[sl])
        e = {'flags': ''.join('1' if x else '0' for x in mm.reshape(-1)), 'shape': list(mm.shape)}
        if diff is not None:
            k = len(expect)
            np.save(os.path.join(out, f'{name}_diff{k}.npy'), np.ascontiguousarray(np.asarray(diff[sl]).reshape(-1)))
            np.save(os.path.join(out, f'{name}_rel{k}.npy'), np.ascontiguousarray(np.asarray(rel[sl]).reshape(-1)))
        expect.append(e)
    where = [list(map(int, i)) for i in np.argwhere(m)]
    cases.append({'name': name, 'shape': list(a.shape), 'rtol': rtol, 'atol': atol, 'numeric': numeric,
                  'pages': [list(p) for p in pages], 'expect': expect, 'where': where})

a = rng.normal(size=(5, 7, 9))
b = a.copy()
b[0, 0, 3] += 1e-3; b[1, 2, 0] = np.nan; a[1, 2, 1] = np.nan; b[1, 2, 1] = np.nan
b[4, 6, 8] = np.inf; b[2, 3, 4] *= 1 + 2e-5; b[3, 0, 0] *= 1 + 5e-6
case('f8_3d', a, b.astype('>f8'), [([0], 0, 0, 7, 9), ([1], 1, 0, 3, 4), ([4], 5, 6, 10, 10), ([2], 3, 4, 1, 1)])
case('f4_vs_f8_fortran', np.asfortranarray(a[1].astype(np.float32)), b[1], [([], 0, 0, 7, 9), ([], 2, 1, 2, 3)])
case('tolerant', a[0], b[0], [([], 0, 0, 7, 9)], rtol=0.0, atol=1e-2)
ia = rng.integers(-1000, 1000, size=(6, 4)).astype(np.int16)
ib = ia.astype(np.int64); ib[2, 3] += 1; ib[5, 0] = 2**62
case('ints', ia, ib, [([], 0, 0, 6, 4), ([], 4, 2, 5, 5)])
ca = (rng.normal(size=(3, 4)) + 1j * rng.normal(size=(3, 4))).astype(np.complex64)
cb = ca.astype(np.complex128); cb[1, 1] += 1e-3j; cb[2, 3] = complex(np.nan, 0)
case('complex', ca, cb, [([], 0, 0, 3, 4)])
v = rng.normal(size=40); w = v.copy(); w[17] += 1; w[33] = -w[33]
case('vector', v, w, [([], 10, 0, 20, 1), ([], 0, 0, 40, 1)])
case('scalar', np.array(1.5), np.array(1.5 + 1e-3), [([], 0, 0, 1, 1)])
sa = np.array([['ab', 'c'], ['d', 'e']]); sb = np.array([['ab', 'x'], ['d', 'e']])
case('strings', sa, sb, [([], 0, 0, 2, 2)])
json.dump({'cases': cases}, sys.stdout)
`;

interface Case {
  name: string; shape: number[]; rtol: number; atol: number; numeric: boolean;
  pages: [number[], number, number, number, number][];
  expect: { flags: string; shape: number[] }[];
  where: number[][];
}

async function open(file: string): Promise<NpyArray> {
  return NpyArray.open(await FileSource.open(file), file);
}

describe('comparison grid pages and mismatch search vs NumPy', function () {
  this.timeout(120000);
  if (!requireNumpy()) return;
  let dir = '';
  let cases: Case[] = [];
  const opened: NpyArray[] = [];

  before(() => {
    dir = tempDir('npyview-compare-pages-');
    cases = (JSON.parse(runNumpy(WRITER, JSON.stringify({ dir }))) as { cases: Case[] }).cases;
  });
  after(async () => {
    for (const a of opened) await a.close();
  });

  async function pair(name: string): Promise<[NpyArray, NpyArray]> {
    const x = await open(path.join(dir, `${name}_a.npy`));
    const y = await open(path.join(dir, `${name}_b.npy`));
    opened.push(x, y);
    return [x, y];
  }

  it('gives each page\'s flags, A − B and |A − B| / |B| as NumPy computes them, and both sides\' cells', async () => {
    const f8 = makeCellFormatter(dtypeFromDescr('<f8'), SETTINGS);
    const c16 = makeCellFormatter(dtypeFromDescr('<c16'), SETTINGS);
    let pages = 0;
    let marked = 0;
    for (const c of cases) {
      const [x, y] = await pair(c.name);
      for (let k = 0; k < c.pages.length; k++) {
        const [lead, row0, col0, rows, cols] = c.pages[k];
        const req: PageRequest = { seq: k, pair: 0, lead, row0, col0, rows, cols };
        const page = await comparePage(x.view(), y.view(), req, { rtol: c.rtol, atol: c.atol }, SETTINGS);
        const want = c.expect[k];
        const what = `${c.name} page ${k}`;
        assert.strictEqual(page.mismatch, want.flags, `${what}: flags`);
        marked += [...page.mismatch].filter((f) => f === '1').length;
        const g = gridShape(c.shape);
        assert.strictEqual(page.rows, Math.min(rows, g.rows - row0), `${what}: rows`);
        assert.strictEqual(page.cols, Math.min(cols, g.cols - col0), `${what}: cols`);
        assert.strictEqual(page.a.length, page.rows * page.cols);
        // A and B: the viewer's own cell text of the same elements
        const fa = makeCellFormatter(x.dtype, SETTINGS);
        const nd = c.shape.length;
        for (let r = 0; r < page.rows; r++) {
          for (let q = 0; q < page.cols; q++) {
            const start = nd === 0 ? [] : nd === 1 ? [row0 + r] : [...lead, row0 + r, col0 + q];
            const bytes = await x.view().readBlock(start, start.map(() => 1));
            assert.strictEqual(page.a[r * page.cols + q], fa(bytes, 0).text, `${what}: A at ${start}`);
          }
        }
        if (!c.numeric) {
          assert.deepStrictEqual([page.diff, page.rel], [[], []], `${what}: no differences for strings`);
          continue;
        }
        const diff = await open(path.join(dir, `${c.name}_diff${k}.npy`));
        const rel = await open(path.join(dir, `${c.name}_rel${k}.npy`));
        opened.push(diff, rel);
        const db = await diff.view().readBlock([0], [diff.shape[0]]);
        const rb = await rel.view().readBlock([0], [rel.shape[0]]);
        const fd = diff.dtype.kind === 'c' ? c16 : f8;
        for (let i = 0; i < page.rows * page.cols; i++) {
          assert.strictEqual(page.diff[i], fd(db, i * diff.dtype.itemsize).text, `${what}: A − B at ${i}`);
          assert.strictEqual(page.rel[i], f8(rb, i * 8).text, `${what}: |A − B| / |B| at ${i}`);
        }
        pages++;
      }
    }
    assert.strictEqual(pages, 13, 'numeric pages checked');
    // the pages do hold mismatches (the flags are not all zeros)
    assert.strictEqual(marked, 14, 'mismatching cells on the pages');
  });

  it('finds the next and previous mismatch in C order as np.argwhere lists them, wrapping around', async () => {
    let steps = 0;
    for (const c of cases) {
      const [x, y] = await pair(c.name);
      const tol = { rtol: c.rtol, atol: c.atol, chunkBytes: 64 };
      const [a, b] = [x.view(), y.view()];
      let at: number[] | null = null;
      for (let i = 0; i < c.where.length; i++) {
        const r = await findFrom(a, b, at, 'next', tol);
        assert.deepStrictEqual(r, { index: c.where[i], wrapped: false }, `${c.name}: next #${i}`);
        at = r.index;
        steps++;
      }
      if (c.where.length === 0) {
        assert.deepStrictEqual(await findFrom(a, b, null, 'next', tol), { index: null, wrapped: false });
        continue;
      }
      // past the last one: around to the first
      assert.deepStrictEqual(await findFrom(a, b, at, 'next', tol), { index: c.where[0], wrapped: true }, `${c.name}: wrap`);
      // backwards from the end, then before the first: around to the last
      const last = c.where[c.where.length - 1];
      assert.deepStrictEqual(await findFrom(a, b, null, 'previous', tol), { index: last, wrapped: false }, `${c.name}: previous from the end`);
      if (c.where.length > 1) {
        assert.deepStrictEqual(await findFrom(a, b, last, 'previous', tol), { index: c.where[c.where.length - 2], wrapped: false });
      }
      assert.deepStrictEqual(await findFrom(a, b, c.where[0], 'previous', tol), { index: last, wrapped: true }, `${c.name}: previous wraps`);
      steps++;
    }
    assert.ok(steps >= 20, `steps: ${steps}`);
  });

  it('draws |A − B| of a slice as NumPy computes it, downsampled to block maxima (or by striding over the read budget)', async () => {
    const want = JSON.parse(runNumpy(`
a = np.load(sys.argv[1] + '/f8_3d_a.npy').astype(np.float64); b = np.load(sys.argv[1] + '/f8_3d_b.npy').astype(np.float64)
d = np.abs(a - b)
out = {}
import warnings
warnings.simplefilter('ignore')
s = d[1]
bmax = np.array([[np.nanmax(s[i:i + 3, j:j + 3]) for j in range(0, 9, 3)] for i in range(0, 7, 3)])
for key, sl in [('k3', d[1, ::3, ::3]), ('max3', bmax), ('k1', d[4]), ('c', np.abs(np.load(sys.argv[1] + '/complex_a.npy').astype(np.complex128) - np.load(sys.argv[1] + '/complex_b.npy')))]:
    out[key] = {'shape': list(sl.shape), 'values': [repr(float(x)) for x in sl.reshape(-1)]}
json.dump(out, sys.stdout)
`.replace(/sys\.argv\[1\]/g, JSON.stringify(dir)))) as Record<string, { shape: number[]; values: string[] }>;
    const decode = (b64: string): number[] => { const buf = Buffer.from(b64, 'base64'); return Array.from({ length: buf.length / 8 }, (_, i) => buf.readDoubleLE(8 * i)); };
    const asPy = (x: number): string => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));
    const check = async (name: string, lead: number[], w: number, h: number, key: string, factor: number, method: string, budget?: number): Promise<void> => {
      const [x, y] = await pair(name);
      const m = await diffHeatmap(x.view(), y.view(), lead, w, h, SETTINGS, budget);
      assert.deepStrictEqual([m.rows, m.cols, m.factor, m.method], [...want[key].shape, factor, method], key);
      const got = decode(m.values);
      assert.strictEqual(got.length, want[key].values.length);
      got.forEach((v, i) => {
        const py = want[key].values[i];
        const w8 = py === 'nan' ? NaN : py === 'inf' ? Infinity : Number(py);
        assert.ok(Object.is(v, w8) || (key === 'c' && Math.abs(v - w8) <= 4 * Number.EPSILON * w8), `${key}[${i}]: ${asPy(v)} vs ${py}`);
      });
    };
    // 7 x 9 into 4 x 3: the largest |A − B| of each 3 x 3 block (np.nanmax), or over the read
    // budget every 3rd row and column
    await check('f8_3d', [1], 4, 3, 'max3', 3, 'max');
    await check('f8_3d', [1], 4, 3, 'k3', 3, 'stride', 0);
    await check('f8_3d', [4], 100, 100, 'k1', 1, 'full'); // fits: every element (an Inf among them)
    await check('complex', [], 10, 10, 'c', 1, 'full');   // |complex difference|
    const [s1, s2] = await pair('strings');
    await assert.rejects(diffHeatmap(s1.view(), s2.view(), [], 10, 10, SETTINGS), /only numbers/);
  });

  it('refuses pages that do not fit the array or pass the size limits', () => {
    const ok: PageRequest = { seq: 0, pair: 0, lead: [1], row0: 0, col0: 0, rows: 10, cols: 10 };
    assert.strictEqual(pageRequestError([5, 7, 9], ok), null);
    const bad: Partial<PageRequest>[] = [
      { lead: [] }, { lead: [5] }, { lead: [-1] }, { rows: COMPARE_PAGE_LIMITS.rows + 1 }, { cols: COMPARE_PAGE_LIMITS.cols + 1 },
      { rows: 200, cols: 100 }, { row0: 8 }, { col0: -1 },
    ];
    for (const b of bad) assert.notStrictEqual(pageRequestError([5, 7, 9], { ...ok, ...b }), null, JSON.stringify(b));
  });

  it('keeps the pair shown open while paging and closes it for another pair', async () => {
    const log: string[] = [];
    const cache = new PairCache(async (pair) => {
      log.push(`open ${pair}`);
      const name = pair === 0 ? 'ints' : 'vector';
      const x = await open(path.join(dir, `${name}_a.npy`));
      const y = await open(path.join(dir, `${name}_b.npy`));
      return { a: x.view(), b: y.view(), close: async () => { log.push(`close ${pair}`); await x.close(); await y.close(); } };
    });
    await cache.views(0);
    await cache.views(0);
    await cache.views(1);
    await cache.close();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepStrictEqual(log, ['open 0', 'open 1', 'close 0', 'close 1']);
  });
});
