import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ArrayView, NpyArray } from '../../../src/npy/format/array';
import { makeDecoder } from '../../../src/npy/format/decode';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource, FileSource } from '../../../src/npy/io/filesource';
import { buildHeader } from '../../../src/npy/format/header';
import { ByteSource } from '../../../src/npy/io/source';
import { WindowSource } from '../../../src/npy/io/zip';
import { canon, expected, fixture, rawNpy } from '../../support/corefixtures';

async function open(name: string): Promise<NpyArray> {
  return NpyArray.open(new BufferSource(fs.readFileSync(fixture(name))));
}

function decodeBlock(v: ArrayView, bytes: Uint8Array, n: number): unknown[] {
  const dec = makeDecoder(v.dtype);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(canon(v.dtype, dec(bytes, i * v.dtype.itemsize)));
  return out;
}

async function readAll(v: ArrayView): Promise<unknown[]> {
  return decodeBlock(v, await v.readBlock(v.shape.map(() => 0), v.shape), v.size);
}

/** Deterministic PRNG (mulberry32) so the randomized checks are reproducible. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe('array views', () => {
  for (const c of expected.indexing) {
    it(`${c.file}[${c.expr}] matches NumPy`, async () => {
      const v = (await open(c.file)).view().index(c.expr);
      assert.deepStrictEqual(v.shape, c.shape);
      assert.deepStrictEqual(await readAll(v), c.values);
    });
  }

  it("gives NumPy's own messages for bad indices", async () => {
    for (const c of expected.index_errors) {
      const v = (await open(c.file)).view();
      assert.throws(() => v.index(c.expr), (e: unknown) => {
        assert.ok(e instanceof NpyError);
        assert.strictEqual(e.code, 'index');
        assert.strictEqual(e.message, c.message, `${c.file}[${c.expr}]`);
        return true;
      });
    }
  });

  for (const mode of ['memory', 'file, one read per run (parallel reads)']) {
  it(`reads any window of any view like an element-by-element reference (${mode})`, async () => {
    const rand = rng(12345);
    const gap = mode === 'memory' ? undefined : 1;
    let compared = 0;
    for (const name of ['c_2x3x4_u2.npy', 'f_2x3x4_i2be.npy', 'f_7x5_c16.npy', 'c_7x5_f4.npy', 'struct_2d_fortran.npy',
      'bytes_S5.npy', 'odd_f12.npy', 'int_i1_na.npy', 'struct_padded.npy']) {
      const arr = mode === 'memory' ? await open(name) : await NpyArray.open(await FileSource.open(fixture(name)));
      const flat = expected.files[name].values;
      const shape = arr.shape;
      const cStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
      for (let trial = 0; trial < 40; trial++) {
        // a random view: random slices (negative steps too), maybe a transpose
        const exprs = shape.map(n => {
          const step = [1, 2, -1, -2, 3][rand(5)];
          const a = rand(n + 1) - 1;
          return `${a < 0 ? '' : a}::${step}`;
        });
        let v = arr.view().index(exprs.join(','));
        // track the logical index of each view axis to compute the reference
        const sl = exprs.map((e, i) => {
          const [s, , st] = e.split(':');
          const step = Number(st);
          const n = shape[i];
          const start = s === '' ? (step > 0 ? 0 : n - 1) : Number(s);
          return { start, step };
        });
        let perm = shape.map((_, i) => i);
        if (rand(2) === 1 && shape.length > 1) {
          perm = [...perm].reverse();
          v = v.transpose(perm);
        }
        if (v.size === 0) continue;
        const start = v.shape.map(n => rand(n));
        const count = v.shape.map((n, i) => 1 + rand(n - start[i]));
        const bytes = await v.readBlock(start, count, { mergeGap: gap });
        const got = decodeBlock(v, bytes, count.reduce((a, b) => a * b, 1));
        // Into a caller's (dirty, larger) buffer: the same bytes, in a view of that buffer.
        const into = new Uint8Array(bytes.length + 5).fill(0xa5);
        const again = await v.readBlock(start, count, { mergeGap: gap, into });
        assert.ok(again.buffer === into.buffer && again.byteOffset === 0 && again.length === bytes.length);
        assert.deepStrictEqual(Buffer.from(again), Buffer.from(bytes), `into: ${name} ${exprs.join(',')}`);
        const want: unknown[] = [];
        const idx = new Array(count.length).fill(0);
        for (;;) {
          let lin = 0;
          idx.forEach((k, j) => {
            const ax = perm[j];
            lin += (sl[ax].start + (start[j] + k) * sl[ax].step) * cStrides[ax];
          });
          want.push(flat[lin]);
          let j = idx.length - 1;
          for (; j >= 0; j--) { if (++idx[j] < count[j]) break; idx[j] = 0; }
          if (j < 0) break;
        }
        assert.deepStrictEqual(got, want, `${name} ${exprs.join(',')} perm ${perm} block ${start}+${count}`);
        compared++;
      }
      await arr.close();
    }
    // 9 files × 40 random views; a view that came out empty has nothing to read
    assert.ok(compared > 300 && compared <= 360, `compared ${compared} of 360 random views`);
  });
  }

  it('checks block bounds and transpose axes', async () => {
    const v = (await open('c_3x4_i4.npy')).view();
    await assert.rejects(v.readBlock([0, 0], [4, 1]), /outside axis 0 with size 3/);
    await assert.rejects(v.readBlock([0], [1]), /needs 2 starts and counts/);
    assert.throws(() => v.transpose([0, 0]), /don't match/);
    assert.deepStrictEqual(v.transpose([-1, 0]).shape, [4, 3]);
    assert.deepStrictEqual((await v.readBlock([0, 0], [0, 4])).length, 0);
  });

  it('merges nearby rows into one read', async () => {
    // (1000, 100) float64, C order: rows are 800 bytes apart, so a 50x16 window is one read.
    const src = new BufferSource(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 100), }", new Uint8Array(800000)));
    const v = (await NpyArray.open(src)).view();
    const before = { ...src.stats };
    await v.readBlock([500, 40], [50, 16]);
    assert.strictEqual(src.stats.reads - before.reads, 1);
    assert.ok(src.stats.bytes - before.bytes <= 50 * 800);
  });

  it('reads a strided window (every third column) in one read, and reverse-strided too', async () => {
    const src = new BufferSource(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 100), }", new Uint8Array(800000)));
    const arr = await NpyArray.open(src);
    for (const expr of [':, ::3', '::-2, ::-3', '10:900:4, 5']) {
      const v = arr.view().index(expr);
      const before = src.stats.reads;
      await v.readBlock(v.shape.map(() => 0), v.shape.map(n => Math.min(n, 16)));
      assert.strictEqual(src.stats.reads - before, 1, expr);
    }
  });

  it('reports a file that shrank after opening as an error, not a crash', async () => {
    const tmp = path.join(os.tmpdir(), `npy-core-shrink-${process.pid}.npy`);
    fs.copyFileSync(fixture('c_7x5_f4.npy'), tmp);
    const src = await FileSource.open(tmp);
    try {
      const v = (await NpyArray.open(src)).view();
      fs.truncateSync(tmp, 130);
      await assert.rejects(v.readBlock([0, 0], [7, 5]), (e: unknown) => e instanceof NpyError && e.code === 'changed' && /changed on disk.*shorter than the/.test(e.message));
      await assert.rejects(v.index('::2, ::-1').readBlock([0, 0], [4, 5]), NpyError);
    } finally {
      await src.close();
      fs.rmSync(tmp, { force: true });
    }
  });

  describe('bounded reads on a huge sparse file', () => {
    const rows = 2_000_000, cols = 1000;
    const tmp = path.join(os.tmpdir(), `npy-core-sparse-${process.pid}`);
    const files: Record<string, string> = {};
    let dataStart: Record<string, number> = {};

    before(async () => {
      fs.mkdirSync(tmp, { recursive: true });
      for (const order of ['C', 'F']) {
        const header = buildHeader({ kind: 'f', itemsize: 8, order: '<' }, [rows, cols], order === 'F');
        const file = path.join(tmp, `big_${order}.npy`);
        const fd = fs.openSync(file, 'w');
        fs.writeSync(fd, header, 0, header.length, 0);
        fs.ftruncateSync(fd, header.length + rows * cols * 8); // 16 GB, sparse: no disk used
        // A few known values at the corners and in the middle.
        for (const [r, c] of [[0, 0], [rows / 2, cols / 2], [rows - 1, cols - 1], [rows - 50, cols - 16]]) {
          const off = order === 'C' ? (r * cols + c) * 8 : (c * rows + r) * 8;
          const b = Buffer.alloc(8);
          b.writeDoubleLE(r + c / 10000);
          fs.writeSync(fd, b, 0, 8, header.length + off);
        }
        fs.closeSync(fd);
        files[order] = file;
        dataStart = { ...dataStart, [order]: header.length };
      }
    });

    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    for (const order of ['C', 'F']) {
      it(`reads only a few KB for 50x16 windows of a (2e6, 1000) float64 ${order}-order array`, async () => {
        const src = await FileSource.open(files[order]);
        try {
          const arr = await NpyArray.open(src);
          assert.ok(src.stats.bytes < 1024, 'header only');
          const v = arr.view();
          for (const [r, c] of [[0, 0], [rows / 2, cols / 2], [rows - 50, cols - 16]]) {
            const before = { ...src.stats };
            const bytes = await v.readBlock([r, c], [50, 16]);
            const reads = src.stats.reads - before.reads;
            const read = src.stats.bytes - before.bytes;
            assert.ok(read <= 16 * 1024, `${read} bytes read at ${r},${c}`);
            assert.ok(reads <= (order === 'C' ? 50 : 16), `${reads} reads at ${r},${c}`);
            const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
            assert.strictEqual(dv.getFloat64(0, true), r + c / 10000);
          }
          // The same window read through a transposed view (columns as rows) is just as cheap.
          const t = v.transpose([1, 0]);
          const before = { ...src.stats };
          const b = await t.readBlock([cols - 16, rows - 50], [16, 50]);
          assert.ok(src.stats.bytes - before.bytes <= 16 * 1024);
          assert.strictEqual(new DataView(b.buffer, b.byteOffset).getFloat64(0, true), rows - 50 + (cols - 16) / 10000);
          // A view that reverses both axes still reads the window only.
          const rev = v.index('::-1, ::-1');
          const b2 = { ...src.stats };
          const last = await rev.readBlock([0, 0], [50, 16]);
          assert.ok(src.stats.bytes - b2.bytes <= 16 * 1024);
          assert.strictEqual(new DataView(last.buffer, last.byteOffset).getFloat64(0, true), rows - 1 + (cols - 1) / 10000);
        } finally {
          await src.close();
        }
        assert.ok(dataStart[order] > 0);
      });
    }
  });

  it('keeps several reads in flight only for sources that take parallel reads (files, windows over them)', async () => {
    const bytes = fs.readFileSync(fixture('f_7x5_c16.npy'));
    /** Counts the reads in flight at once; each read waits a tick so that overlapping ones show. */
    class Probe implements ByteSource {
      readonly size = bytes.length;
      inflight = 0;
      most = 0;
      constructor(readonly parallelReads?: boolean) {}
      async read(offset: number, length: number): Promise<Uint8Array> {
        this.most = Math.max(this.most, ++this.inflight);
        await new Promise((r) => setTimeout(r, 1));
        this.inflight--;
        return bytes.subarray(offset, offset + length);
      }
      async close(): Promise<void> { /* nothing */ }
    }
    const most = async (src: ByteSource, probe: Probe): Promise<number> => {
      const v = (await NpyArray.open(src)).view();
      const ref = (await open('f_7x5_c16.npy')).view();
      const want = decodeBlock(ref, await ref.readBlock([0, 0], [3, 5]), 15);
      probe.most = 0;
      // Fortran order: the top 3 rows are 5 separate runs, 3 items of each 7-item column.
      assert.deepStrictEqual(decodeBlock(v, await v.readBlock([0, 0], [3, 5], { mergeGap: 1 }), 15), want);
      return probe.most;
    };
    for (const flag of [undefined, false]) {
      const p = new Probe(flag);
      assert.strictEqual(await most(p, p), 1, `parallelReads ${flag}`);
      const w = new Probe(flag);
      assert.strictEqual(await most(new WindowSource(w, 0, bytes.length, 'member'), w), 1, `window, parallelReads ${flag}`);
    }
    const p = new Probe(true);
    assert.ok(await most(p, p) > 1);
    const w = new Probe(true);
    assert.strictEqual(new WindowSource(w, 0, bytes.length, 'member').parallelReads, true);
    assert.ok(await most(new WindowSource(w, 0, bytes.length, 'member'), w) > 1);
    const f = await FileSource.open(fixture('f_7x5_c16.npy'));
    try {
      assert.strictEqual(f.parallelReads, true);
    } finally {
      await f.close();
    }
  });
});
