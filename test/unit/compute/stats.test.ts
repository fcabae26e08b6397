/**
 * Statistics and go-to searches against NumPy on arrays NumPy wrote (stats_cases.py): fixed
 * fixtures (every dtype and byte order, Fortran order, slices, npz members, all-NaN, empty, 0-d,
 * ±0, subnormals, overflow) and random ones (seed shown in the title; NPYVIEW_STATS_SEED=<seed>
 * replays, NPYVIEW_STATS_CASES=<n> sets the count). Counts, min/max text and argmin/argmax must be
 * exact; mean and std within 1e-9 relative (see checkMoments). Each case also runs in many small
 * chunks, and some on worker threads (which must give exactly the answer of the same chunks on
 * one thread).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray, type ArrayView } from '../../../src/npy/format/array';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openFile } from '../../../src/npy/format/open';
import { computeStats } from '../../../src/npy/compute/stats';
import { fileJob } from '../../../src/npy/compute/statsfile';
import { storageOrder } from '../../../src/npy/compute/scan';
import { kernelOf } from '../../../src/npy/compute/statskernel';
import { findNext, type FindWhat } from '../../../src/npy/compute/find';
import { requireNumpy } from '../../support/numpy';
import { checkStats, generate, toNumber, type StatsCase } from '../../support/statscases';
import { rawNpy } from '../../support/corefixtures';
import { tempDir } from '../../support/cli-harness';

async function withView<T>(dir: string, c: StatsCase, fn: (view: ArrayView) => Promise<T>): Promise<T> {
  const f = await openFile(path.join(dir, c.file));
  try {
    const arr = f.kind === 'npy' ? f.array : await f.npz.openArray(c.member!);
    return await fn(c.index === '' ? arr.view() : arr.view().index(c.index));
  } finally {
    if (f.kind === 'npz') await f.npz.close();
    await f.source.close();
  }
}

/** A chunk size that cuts the view into about `parts` chunks. */
function chunkFor(view: ArrayView, parts: number): number {
  return Math.max(1, Math.floor((view.size * view.dtype.itemsize) / parts));
}

describe('computeStats vs NumPy: fixed fixtures', function () {
  if (!requireNumpy()) return;
  const gen = generate(['fixed']);
  if ('error' in gen) { it('generates the fixtures', () => assert.fail(gen.error)); return; }
  const { dir, cases } = gen;
  let fileCases = 0;
  const WORKER_CASES = new Set(['f8', 'f8_fortran', 'f8_ties_fortran', 'i8_le', 'u8_fortran', 'bool_fortran', 'f16_be', 'chunks', 'chunks_fortran', 'deflated.npz:x', 'f2_be']);

  for (const c of cases) {
    it(`${c.id} ${c.dtype} [${c.shape}]${c.fortran ? 'F' : ''}${c.index ? ` [${c.index}]` : ''}`, async function () {
      this.timeout(60000);
      await withView(dir, c, async (view) => {
        const whole = await computeStats(view, { workers: 0, simd: true });
        checkStats(whole, c.expected, c.id);
        assert.ok(Object.is(whole.minNumber, toNumber(c.expected.minNumber)), `${c.id}: minNumber ${whole.minNumber}`);
        assert.ok(Object.is(whole.maxNumber, toNumber(c.expected.maxNumber)), `${c.id}: maxNumber ${whole.maxNumber}`);
        // A mean of subnormals is a tie NumPy rounds to even; the engine rounds it the same, to the bit.
        if (c.id.startsWith('subnormal_tie')) assert.ok(Object.is(whole.mean, toNumber(c.expected.mean)), `${c.id}: mean ${whole.mean}, NumPy ${c.expected.mean}`);
        const small = await computeStats(view, { workers: 0, simd: true, chunkBytes: chunkFor(view, 7) });
        checkStats(small, c.expected, `${c.id} in 7 chunks`);
        assert.deepStrictEqual(small.minKey, whole.minKey, `${c.id}: min key in 7 chunks`);
        // float64 through the WebAssembly loop (by default only from SIMD_FROM_BYTES): the JavaScript loop's answer to the bit
        assert.deepStrictEqual(await computeStats(view, { workers: 0, simd: false }), whole, `${c.id}: the same without SIMD`);
        assert.deepStrictEqual(await computeStats(view, { workers: 0, simd: false, chunkBytes: chunkFor(view, 7) }), small, `${c.id}: the same without SIMD in 7 chunks`);
        if (WORKER_CASES.has(c.id)) {
          const threaded = await computeStats(view, { workers: 2, chunkBytes: chunkFor(view, 9) });
          assert.deepStrictEqual(threaded, await computeStats(view, { workers: 0, chunkBytes: chunkFor(view, 9) }), `${c.id}: the same on 2 worker threads`);
        }
        // One run of the file (a whole .npy, C or Fortran, in this machine's order): threads that read it themselves.
        const job = fileJob(storageOrder(view).view, kernelOf(view.dtype));
        const native = !c.dtype.startsWith('>') && c.dtype !== '<f2' && !c.id.startsWith('f2_');
        if (c.member === null && c.index === '' && native && view.size > 0) assert.ok(job, `${c.id}: read by threads`);
        if (job) {
          fileCases++;
          const opts = { fileFrom: 0, chunkBytes: chunkFor(view, 9) };
          const inline = await computeStats(view, { ...opts, inline: true, workers: 0 });
          checkStats(inline, c.expected, `${c.id}: read by the calling thread in 9 chunks`);
          assert.deepStrictEqual(inline.minKey, whole.minKey, `${c.id}: min key read by the calling thread`);
          if (WORKER_CASES.has(c.id)) {
            assert.deepStrictEqual(await computeStats(view, { ...opts, workers: 2 }), inline, `${c.id}: the same read by 2 worker threads`);
            assert.deepStrictEqual(await computeStats(view, { ...opts, inline: true, workers: 1 }), inline, `${c.id}: the same read by the calling thread and a worker`);
          }
        }
        JSON.parse(JSON.stringify(whole)); // plain data
      });
    });
  }

  it('read the plain files among them by threads (statsfile.ts)', () => {
    assert.ok(fileCases >= 30, `only ${fileCases} cases were read by threads`);
  });

  it('finds every NaN, infinity, min and max in C order, forwards and backwards, with and without wrapping', async function () {
    this.timeout(120000);
    let searches = 0;
    for (const c of cases) {
      await withView(dir, c, async (view) => {
        const stats = await computeStats(view, { workers: 0 });
        const size = view.size;
        for (const what of ['nan', 'posinf', 'neginf', 'inf', 'min', 'max'] as FindWhat[]) {
          const list = what === 'inf' ? [...(c.positions.posinf ?? []), ...(c.positions.neginf ?? [])].sort((a, b) => a - b) : c.positions[what] ?? [];
          if (list.length >= 400 || (what === 'inf' && ((c.positions.posinf?.length ?? 0) >= 400 || (c.positions.neginf?.length ?? 0) >= 400))) continue;
          const froms = new Set([-1, 0, size >> 1, size - 1, size, ...list.slice(0, 3), ...list.slice(-2)].filter((f) => f >= -1 && f <= size));
          for (const from of froms) {
            for (const dir of [1, -1] as const) {
              for (const wrap of [true, false]) {
                const after = dir === 1 ? list.filter((p) => p > from) : list.filter((p) => p < from).reverse();
                const around = dir === 1 ? list.filter((p) => p <= from) : list.filter((p) => p >= from).reverse();
                const want = after.length ? { flat: after[0], wrapped: false } : wrap && around.length ? { flat: around[0], wrapped: true } : null;
                const got = await findNext(view, what, from, dir, { wrap, stats, chunkBytes: chunkFor(view, 5) });
                const where = `${c.id}: ${what} from ${from} dir ${dir} wrap ${wrap}`;
                assert.deepStrictEqual(got && { flat: got.flat, wrapped: got.wrapped }, want, where);
                if (got) assert.deepStrictEqual(got.index, unravel(got.flat, view.shape), where);
                searches++;
              }
            }
          }
        }
        if (stats.argmin) assert.deepStrictEqual((await findNext(view, 'min', -1, 1, { stats }))!.index, stats.argmin, `${c.id}: go to min`);
      });
    }
    assert.ok(searches > 2000, `only ${searches} searches ran`);
  });
});

function unravel(flat: number, shape: number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) { out[i] = flat % shape[i]; flat = Math.floor(flat / shape[i]); }
  return out;
}

const SEED = process.env.NPYVIEW_STATS_SEED ? Number(process.env.NPYVIEW_STATS_SEED) : Math.floor(Math.random() * 1e9);
const COUNT = process.env.NPYVIEW_STATS_CASES ? Number(process.env.NPYVIEW_STATS_CASES) : 300;

describe(`computeStats vs NumPy: random arrays (seed ${SEED}, ${COUNT} cases)`, function () {
  if (!requireNumpy()) return;
  it('agrees with NumPy on every case, in one chunk and in many', async function () {
    this.timeout(300000);
    const gen = generate(['random', String(SEED), String(COUNT)]);
    if ('error' in gen) assert.fail(gen.error);
    let ran = 0;
    let threaded = 0;
    for (const c of gen.cases) {
      await withView(gen.dir, c, async (view) => {
        const where = `seed ${SEED} case ${c.id}: ${c.dtype} [${c.shape}]${c.fortran ? ' Fortran' : ''} arr[${c.index}]`;
        // The WebAssembly loop for float64 in one chunk, the JavaScript one (the default for small views) in many.
        const whole = await computeStats(view, { workers: 0, simd: true });
        checkStats(whole, c.expected, where);
        const parts = 2 + (ran % 11);
        checkStats(await computeStats(view, { workers: 0, chunkBytes: chunkFor(view, parts) }), c.expected, `${where}: in ${parts} chunks`);
        // Views that are one run of the file: read by the calling thread (sometimes with a worker) in as many chunks.
        if (fileJob(storageOrder(view).view, kernelOf(view.dtype))) {
          const inline = await computeStats(view, { fileFrom: 0, inline: true, workers: ran % 25 === 0 ? 1 : 0, chunkBytes: chunkFor(view, parts) });
          checkStats(inline, c.expected, `${where}: read by threads in ${parts} chunks`);
          threaded++;
        }
      });
      ran++;
    }
    assert.strictEqual(ran, COUNT);
    assert.ok(threaded > COUNT / 5, `only ${threaded} cases were read by threads`);
  });
});

/** An in-memory .npy of `descr` and `shape` holding `data`. */
async function memView(descr: string, shape: number[], data: Uint8Array): Promise<ArrayView> {
  const text = `{'descr': ${descr.startsWith('[') ? descr : `'${descr}'`}, 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  return (await NpyArray.open(new BufferSource(rawNpy(text, data)))).view();
}

describe('computeStats and findNext: refusals, progress, cancel', () => {
  it('refuse dtypes without an order or a mean, naming the dtype', async () => {
    const cases: [string, number, string][] = [
      ['<c16', 16, 'complex128'], ['<U3', 12, 'str96'], ['|S4', 4, 'bytes32'], ['<M8[s]', 8, 'datetime64[s]'],
      ['<m8[D]', 8, 'timedelta64[D]'], ['|V4', 4, 'void32'], ["[('a', '<i4')]", 4, 'void32'],
    ];
    for (const [descr, size, name] of cases) {
      const view = await memView(descr, [3], new Uint8Array(3 * size));
      const refused = (e: unknown) => e instanceof NpyError && e.code === 'unsupported' && e.message.includes(name) && e.message.includes('bool, integer and float');
      await assert.rejects(computeStats(view), refused, descr);
      await assert.rejects(findNext(view, 'nan', -1, 1), refused, descr);
    }
  });

  it('report progress to the total, and stop when cancelled, on worker threads too', async function () {
    this.timeout(60000);
    const n = 200_000;
    const view = await memView('<f8', [n], new Uint8Array(new Float64Array(n).map((_, i) => i % 7).buffer));
    for (const workers of [0, 2]) {
      const seen: number[] = [];
      const s = await computeStats(view, { workers, chunkBytes: 80_000, onProgress: (d, t) => { assert.strictEqual(t, n); seen.push(d); } });
      assert.strictEqual(s.count, n);
      assert.strictEqual(seen.length, 20);
      assert.strictEqual(seen[seen.length - 1], n);
      const ac = new AbortController();
      let chunks = 0;
      await assert.rejects(computeStats(view, { workers, chunkBytes: 80_000, signal: ac.signal, onProgress: () => { if (++chunks === 3) ac.abort(); } }),
        (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
      assert.strictEqual(chunks, 3, `workers ${workers}: stopped at the chunk after the abort`);
    }
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(findNext(view, 'max', -1, 1, { stats: { minKey: [0], maxKey: [6] }, signal: ac.signal }), (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
  });

  it('findNext: integer views hold no NaN, and bad positions are refused', async () => {
    const view = await memView('<i4', [4], new Uint8Array(new Int32Array([3, 1, 3, 1]).buffer));
    assert.strictEqual(await findNext(view, 'nan', -1, 1), null);
    const stats = await computeStats(view);
    assert.deepStrictEqual(await findNext(view, 'min', 1, 1, { stats }), { flat: 3, index: [3], wrapped: false });
    assert.deepStrictEqual(await findNext(view, 'min', 3, 1, { stats }), { flat: 1, index: [1], wrapped: true });
    assert.strictEqual(await findNext(view, 'min', 3, 1, { stats, wrap: false }), null);
    assert.deepStrictEqual(await findNext(view, 'max', 0, -1, { stats }), { flat: 2, index: [2], wrapped: true });
    for (const from of [-2, 5, 1.5]) await assert.rejects(findNext(view, 'max', from, 1, { stats }), (e: unknown) => e instanceof NpyError && e.code === 'usage');
    await assert.rejects(findNext(view, 'max', 0, 1), (e: unknown) => e instanceof NpyError && e.code === 'usage' && /statistics/.test(e.message));
  });
});

describe('computeStats of 12-byte long doubles (x86-32 layout; NumPy on x86-64 has no f12 to compare)', () => {
  it('reads the same x87 values as in 16-byte items, both byte orders', async () => {
    for (const name of ['odd_f12.npy', 'odd_f12_be.npy']) {
      const f = await openFile(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'core', name));
      try {
        assert.strictEqual(f.kind, 'npy');
        const s = await computeStats((f as { array: NpyArray }).array.view());
        // the values are [1/3, -2.5, inf, the largest long double]
        assert.deepStrictEqual([s.count, s.finite, s.posinf, s.min, s.argmin, s.max, s.argmax],
          [4, 3, 1, '-2.5', [1], '1.189731495357231765e+4932', [3]], name);
        assert.strictEqual(s.mean, Infinity, 'the largest long double is inf as a float64');
      } finally {
        await f.source.close();
      }
    }
  });
});

describe('computeStats of a plain file by threads (statsfile.ts): progress, cancel, a changed file', () => {
  const n = 200_000;
  const values = new Float64Array(n).map((_, i) => (i === 123_456 ? -100 : i % 7));
  let file = '';
  beforeEach(() => {
    file = path.join(tempDir('npyview-statsfile-'), 'a.npy');
    fs.writeFileSync(file, rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (200000,), }", new Uint8Array(values.buffer)));
  });
  const withFile = async <T>(fn: (view: ArrayView) => Promise<T>): Promise<T> => {
    const f = await openFile(file);
    try {
      assert.strictEqual(f.kind, 'npy');
      return await fn(f.kind === 'npy' ? f.array.view() : assert.fail());
    } finally {
      await f.source.close();
    }
  };

  it('report progress to the total, on the calling thread and on workers', async function () {
    this.timeout(60000);
    await withFile(async (view) => {
      for (const [inline, workers] of [[true, 0], [true, 1], [false, 2]] as const) {
        const seen: number[] = [];
        const s = await computeStats(view, { fileFrom: 0, inline, workers, chunkBytes: 80_000, onProgress: (d, t) => { assert.strictEqual(t, n); seen.push(d); } });
        assert.deepStrictEqual([s.count, s.min, s.argmin], [n, '-100.0', [123_456]], `inline ${inline}, workers ${workers}`);
        assert.strictEqual(seen[seen.length - 1], n);
        assert.ok(seen.every((d, i) => i === 0 || d >= seen[i - 1]), `progress only grows: ${seen}`);
        if (inline && workers === 0) assert.strictEqual(seen.length, 21, 'a report per chunk and one at the end');
      }
    });
  });

  it('stop when cancelled, before the pass and while workers read', async function () {
    this.timeout(60000);
    await withFile(async (view) => {
      const cancelled = (e: unknown) => e instanceof NpyError && e.code === 'cancelled';
      for (const inline of [true, false]) {
        const ac = new AbortController();
        ac.abort();
        await assert.rejects(computeStats(view, { fileFrom: 0, inline, workers: 1, signal: ac.signal }), cancelled, `inline ${inline}`);
      }
      const ac = new AbortController();
      const pass = computeStats(view, { fileFrom: 0, workers: 2, chunkBytes: 8_000, signal: ac.signal });
      setTimeout(() => ac.abort(), 0); // long before a worker has started
      await assert.rejects(pass, cancelled);
    });
  });

  it('refuse a file changed after it was opened, as a streaming read does', async function () {
    this.timeout(60000);
    const changed = (how: RegExp) => (e: unknown) => e instanceof NpyError && e.code === 'changed' && how.test(e.message) && e.message.includes(file);
    await withFile(async (view) => {
      fs.truncateSync(file, 100_000);
      for (const inline of [true, false]) {
        await assert.rejects(computeStats(view, { fileFrom: 0, inline, workers: 1 }), changed(/shrank from 1600128 to 100000 bytes/), `inline ${inline}`);
      }
    });
    fs.writeFileSync(file, rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (200000,), }", new Uint8Array(values.buffer)));
    await withFile(async (view) => {
      fs.utimesSync(file, new Date(2000, 1, 1), new Date(2000, 1, 1));
      await assert.rejects(computeStats(view, { fileFrom: 0, inline: true, workers: 0 }), changed(/rewritten/));
    });
    await withFile(async (view) => {
      fs.renameSync(file, `${file}.old`);
      fs.writeFileSync(file, 'x'.repeat(1600128));
      await assert.rejects(computeStats(view, { fileFrom: 0, workers: 1 }), changed(/replaced by another file/));
    });
  });

  it('stream the file instead when worker threads cannot start, with the same figures', async function () {
    this.timeout(60000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object the engine loads its Worker from
    const wt = require('worker_threads') as { Worker: unknown };
    const real = wt.Worker;
    await withFile(async (view) => {
      const want = await computeStats(view, { fileFrom: 0, inline: true, workers: 0 });
      let tried = 0;
      wt.Worker = function Refused() { tried++; throw new Error('no threads in this host'); };
      try {
        for (const inline of [true, false]) {
          const got = await computeStats(view, { fileFrom: 0, inline, workers: 1 });
          const exact = (s: typeof got) => [s.count, s.finite, s.nan, s.posinf, s.neginf, s.zeros, s.min, s.max, s.argmin, s.argmax];
          assert.deepStrictEqual(exact(got), exact(want), `inline ${inline}`);
          for (const k of ['mean', 'std'] as const) {
            assert.ok(Math.abs(got[k]! - want[k]!) <= 1e-12 * Math.abs(want[k]!), `inline ${inline}: ${k} ${got[k]} vs ${want[k]}`);
          }
        }
      } finally {
        wt.Worker = real;
      }
      assert.strictEqual(tried, 2, 'each pass tried to start its thread');
    });
  });

  it('leave views that are not one run of the file to the streaming pass', async () => {
    await withFile(async (view) => {
      assert.ok(fileJob(view, 'float'));
      assert.strictEqual(fileJob(view.index('::2'), 'float'), null);
      assert.strictEqual(fileJob(view.index('::-1'), 'float'), null);
      assert.ok(fileJob(view.index('10:20'), 'float'));
      const s = await computeStats(view.index('::2'), { fileFrom: 0, inline: true });
      assert.deepStrictEqual([s.count, s.min, s.argmin], [n / 2, '-100.0', [61_728]]);
    });
    const mem = await memView('<f8', [4], new Uint8Array(new Float64Array([1, 2, 3, 4]).buffer));
    assert.strictEqual(fileJob(mem, 'float'), null, 'an in-memory source is not a file');
  });
});
