import * as assert from 'assert';
import { ArrayView, NpyArray } from '../../../src/npy/format/array';
import { makeDecoder } from '../../../src/npy/format/decode';
import type { DType } from '../../../src/npy/format/dtype';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';
import { ChunkBuffers, isNumeric, scanTiles, scanView, storageOrder, typedValues, unravelIndex } from '../../../src/npy/compute/scan';
import { ChunkGrid } from '../../../src/npy/format/array';
import { rawNpy } from '../../support/corefixtures';

/** An in-memory array of `shape` whose element i (in storage order) is the int32 i. */
async function counting(shape: number[], fortran = false): Promise<NpyArray> {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(n * 4);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < n; i++) dv.setInt32(i * 4, i, true);
  const text = `{'descr': '<i4', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  return NpyArray.open(new BufferSource(rawNpy(text, data)));
}

async function all(view: ArrayView): Promise<number[]> {
  const bytes = await view.readBlock(view.shape.map(() => 0), [...view.shape]);
  return Array.from(new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
}

async function scanned(view: ArrayView, chunkBytes: number): Promise<{ values: number[]; chunks: number }> {
  const values: number[] = [];
  let chunks = 0;
  for await (const c of scanView(view, { chunkBytes })) {
    assert.strictEqual(c.start, values.length, 'chunks are consecutive');
    assert.strictEqual(c.bytes.length, c.count * 4);
    assert.ok(c.count * 4 <= Math.max(chunkBytes, 4), 'chunk within the bound');
    values.push(...new Int32Array(c.bytes.slice().buffer));
    chunks++;
  }
  return { values, chunks };
}

describe('scanView', () => {
  const cases: [number[], boolean, string][] = [
    [[7, 5, 3], false, '...'], [[7, 5, 3], true, '...'], [[7, 5, 3], false, '::-2, 1:4, ::-1'],
    [[7, 5, 3], true, '2, :, ::2'], [[1000], false, '::-7'], [[4, 0, 3], false, '...'], [[6], false, '3'],
  ];
  it('yields every element once, in the view\'s C order, for any chunk size', async () => {
    let runs = 0;
    for (const [shape, fortran, index] of cases) {
      const view = (await counting(shape, fortran)).view().index(index);
      const want = view.size === 0 ? [] : await all(view);
      for (const chunkBytes of [1, 4, 12, 40, 1 << 20]) {
        const got = await scanned(view, chunkBytes);
        assert.deepStrictEqual(got.values, want, `${shape} ${fortran} [${index}] chunk ${chunkBytes}`);
        runs++;
      }
    }
    assert.strictEqual(runs, cases.length * 5);
  });

  it('reports progress up to the total and stops when cancelled', async () => {
    const view = (await counting([100, 10])).view();
    const seen: number[] = [];
    for await (const _ of scanView(view, { chunkBytes: 400, onProgress: (d, t) => { assert.strictEqual(t, 1000); seen.push(d); } })) { /* drain */ }
    assert.deepStrictEqual(seen, Array.from({ length: 10 }, (_, i) => (i + 1) * 100));

    const ac = new AbortController();
    let chunks = 0;
    await assert.rejects(async () => {
      for await (const _ of scanView(view, { chunkBytes: 400, signal: ac.signal })) { if (++chunks === 3) ac.abort(); }
    }, (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
    assert.strictEqual(chunks, 3);
  });
});

describe('scanView over a range', () => {
  it('yields exactly the elements in [from, to), forwards or last chunk first, for any chunk size', async () => {
    let runs = 0;
    for (const [shape, fortran, index] of [[[7, 5, 3], false, '...'], [[7, 5, 3], true, '::-2, 1:4, ::-1'], [[1000], false, '::-3'], [[6], false, '3']] as [number[], boolean, string][]) {
      const view = (await counting(shape, fortran)).view().index(index);
      const want = await all(view);
      const n = view.size;
      for (const [from, to] of [[0, n], [1, n - 1], [n >> 1, n], [0, 1], [n - 1, n], [3, 3], [-5, n + 5]]) {
        for (const chunkBytes of [4, 12, 40, 1 << 20]) {
          for (const reverse of [false, true]) {
            const got: number[][] = [];
            let last = -1;
            for await (const c of scanView(view, { from, to, reverse, chunkBytes })) {
              assert.ok(c.count * 4 <= Math.max(chunkBytes, 4));
              const vals = [...new Int32Array(c.bytes.slice().buffer)];
              assert.deepStrictEqual(vals, want.slice(c.start, c.start + c.count));
              if (last >= 0) assert.strictEqual(reverse ? c.start + c.count : c.start, last, 'chunks are adjacent');
              last = reverse ? c.start : c.start + c.count;
              got.push(vals);
            }
            const flat = (reverse ? got.reverse() : got).flat();
            assert.deepStrictEqual(flat, want.slice(Math.max(0, from), Math.max(0, Math.min(n, to))), `${shape} [${index}] ${from}..${to} chunk ${chunkBytes} reverse ${reverse}`);
            runs++;
          }
        }
      }
    }
    assert.strictEqual(runs, 4 * 7 * 4 * 2);
  });

  it('reads into recycled buffers when the caller gives them back', async () => {
    const view = (await counting([64, 10])).view();
    const buffers = new ChunkBuffers();
    const seen = new Set<ArrayBufferLike>();
    let values = 0;
    for await (const c of scanView(view, { chunkBytes: 400, buffers })) {
      seen.add(c.bytes.buffer);
      values += new Int32Array(c.bytes.buffer, c.bytes.byteOffset, c.count).reduce((a, b) => a + b, 0);
      buffers.give(c.bytes);
    }
    assert.strictEqual(values, (640 * 639) / 2);
    assert.ok(seen.size <= 2, `${seen.size} buffers for 7 chunks (one read ahead)`);
  });

  it('numbers the blocks of a grid and finds the block of any element', () => {
    let checked = 0;
    for (const [shape, chunk] of [[[7, 5, 3], 12], [[7, 5, 3], 1000], [[4, 9], 8], [[10], 4], [[], 8], [[2, 0, 3], 8], [[3, 4, 5], 4]] as [number[], number][]) {
      const grid = new ChunkGrid(shape, 4, chunk);
      let flat = 0;
      for (let b = 0; b < grid.blocks; b++) {
        const blk = grid.block(b);
        assert.strictEqual(blk.flat, flat, `${shape} block ${b} starts where the last ended`);
        assert.strictEqual(blk.size, blk.count.reduce((x, y) => x * y, 1));
        assert.ok(blk.size <= grid.maxElements);
        for (let k = 0; k < blk.size; k++) assert.strictEqual(grid.blockOf(flat + k), b);
        flat += blk.size;
        checked++;
      }
      assert.strictEqual(flat, shape.reduce((x, y) => x * y, 1));
    }
    assert.ok(checked > 40);
  });
});

describe('scanView into a target', () => {
  it('reads each chunk in place: the same bytes, no copy, and a wrong-sized target is refused', async () => {
    let checked = 0;
    for (const [shape, fortran, index] of [[[7, 5, 3], false, '...'], [[7, 5, 3], true, '::-2, 1:4, ::-1'], [[1000], false, '::-7']] as [number[], boolean, string][]) {
      const view = (await counting(shape, fortran)).view().index(index);
      const target = new Uint8Array(view.size * 4);
      for await (const c of scanView(view, { chunkBytes: 40, target })) {
        assert.strictEqual(c.bytes.buffer, target.buffer, 'a part of the target');
        assert.strictEqual(c.bytes.byteOffset, c.start * 4);
      }
      assert.deepStrictEqual(Array.from(new Int32Array(target.buffer)), await all(view));
      checked++;
    }
    assert.strictEqual(checked, 3);
    const view = (await counting([4, 4])).view();
    await assert.rejects(async () => { for await (const _ of scanView(view, { target: new Uint8Array(63) })) { /* never */ } },
      /target holds 63 bytes, the view 64/);
    await assert.rejects(view.readBlock([0, 0], [2, 2], { into: new Uint8Array(15) }), /a block of 16 bytes does not fit in 15/);
  });
});

describe('scanView in element-count chunks', () => {
  it('scans a range of a strided view in C order by chunkElements, with progress over the range', async () => {
    let runs = 0;
    for (const [shape, fortran, index] of [[[7, 5, 3], false, '...'], [[7, 5, 3], true, '::-2, 1:4, ::-1'], [[1000], false, '::-7']] as [number[], boolean, string][]) {
      const view = (await counting(shape, fortran)).view().index(index);
      const want = await all(view);
      const n = view.size;
      for (const [from, to] of [[0, n], [1, n], [0, n - 1], [Math.floor(n / 3), Math.floor(n / 2) + 2], [n - 1, n], [5, 5], [-3, n + 10]]) {
        for (const chunkElements of [1, 2, 7, 1000]) {
          const got: number[] = [];
          let last = 0;
          for await (const c of scanView(view, { chunkElements, from, to, onProgress: (d, t) => { last = d; assert.strictEqual(t, Math.max(0, Math.min(to, n) - Math.max(from, 0))); } })) {
            assert.strictEqual(c.start, Math.max(from, 0) + got.length);
            assert.ok(c.count <= chunkElements);
            got.push(...new Int32Array(c.bytes.slice().buffer));
          }
          assert.deepStrictEqual(got, want.slice(Math.max(from, 0), Math.max(0, to)), `${shape} [${index}] [${from}, ${to}) by ${chunkElements}`);
          assert.strictEqual(last, got.length);
          runs++;
        }
      }
    }
    assert.strictEqual(runs, 3 * 7 * 4);
  });

  it('cuts two views of one shape at the same elements whatever their itemsizes', async () => {
    const text = (descr: string) => `{'descr': '${descr}', 'fortran_order': False, 'shape': (6, 7, 5), }`;
    const n = 6 * 7 * 5;
    const a = (await NpyArray.open(new BufferSource(rawNpy(text('<i2'), new Uint8Array(n * 2))))).view().index('::-1, 1:, :');
    const b = (await NpyArray.open(new BufferSource(rawNpy(text('<U3'), new Uint8Array(n * 12))))).view().index('::-1, 1:, :');
    assert.deepStrictEqual(a.shape, [6, 6, 5]);
    let compared = 0;
    for (const chunkElements of [1, 4, 13, 30, 31, 1000]) {
      for (const [from, to] of [[undefined, undefined], [17, 151]]) {
        const cuts = async (v: ArrayView) => { const out: [number, number][] = []; for await (const c of scanView(v, { chunkElements, from, to })) out.push([c.start, c.count]); return out; };
        assert.deepStrictEqual(await cuts(a), await cuts(b));
        compared++;
      }
    }
    assert.strictEqual(compared, 12);
  });
});

describe('scanTiles', () => {
  it('reads every element once, each chunk the packed C order of its box, boxes within the bound', async () => {
    let runs = 0;
    for (const [shape, fortran, index, axes] of [[[7, 5, 3], true, '...', [0, 2]], [[9, 11], true, '...', [0, 1]], [[9, 11], false, '::-1, 1:', [1, 0]],
      [[4, 1, 6], true, '...', [0, 2]], [[5], false, '...', [0, 0]]] as [number[], boolean, string, [number, number]][]) {
      const view = (await counting(shape, fortran)).view().index(index);
      const cOrder = await all(view);
      for (const chunkElements of [1, 4, 10, 1000]) {
        const seen = new Array<number>(view.size).fill(0);
        let done = 0;
        const buffers = new ChunkBuffers();
        for await (const c of scanTiles(view, axes, { chunkElements, buffers })) {
          assert.ok(c.box && c.count <= Math.max(chunkElements, 1) && c.start === done);
          const got = new Int32Array(c.bytes.slice().buffer);
          const want = await view.readBlock(c.box.start, c.box.count);
          assert.deepStrictEqual(got, new Int32Array(want.slice().buffer));
          // mark the box's elements by their C-order position in the view
          for (let k = 0; k < c.count; k++) {
            const local = unravelIndex(k, c.box.count);
            const flat = local.reduce((f, i, ax) => f * view.shape[ax] + c.box!.start[ax] + i, 0);
            assert.strictEqual(got[k], cOrder[flat]);
            seen[flat]++;
          }
          done += c.count;
          buffers.give(c.bytes);
        }
        assert.ok(seen.every((n) => n === 1), `${shape} ${index} by ${chunkElements}: every element once`);
        runs++;
      }
    }
    assert.strictEqual(runs, 5 * 4);
  });
});

describe('storageOrder', () => {
  it('says when the permuted order is still the view\'s C order', async () => {
    const c = (await counting([4, 1, 3])).view();
    const f = (await counting([4, 3], true)).view();
    assert.strictEqual(storageOrder(c).sameOrder, true);
    assert.strictEqual(storageOrder(c.index(':, :, 0:1')).sameOrder, true);
    assert.strictEqual(storageOrder(f).sameOrder, false);
    assert.strictEqual(storageOrder(f.index('0:1, :')).sameOrder, true);
  });

  it('scans a Fortran-order array in file order and maps each element back to its view index', async () => {
    let checked = 0;
    for (const [shape, fortran, index] of [[[4, 3, 5], true, '...'], [[4, 3, 5], false, '...'], [[6, 7], true, '::-1, 1::2'], [[5, 1, 4], true, '...']] as [number[], boolean, string][]) {
      const view = (await counting(shape, fortran)).view().index(index);
      const cOrder = await all(view);
      const so = storageOrder(view);
      const got = (await scanned(so.view, 1 << 20)).values;
      if (fortran && index === '...') assert.deepStrictEqual(got, got.slice().sort((a, b) => a - b), 'file order');
      for (let k = 0; k < got.length; k++) {
        const idx = so.toViewIndex(k);
        const flat = so.toViewFlat(k);
        assert.deepStrictEqual(unravelIndex(flat, view.shape), idx);
        assert.strictEqual(cOrder[flat], got[k]);
        checked++;
      }
    }
    assert.strictEqual(checked, 60 + 60 + 18 + 20);
  });
});

describe('typedValues', () => {
  it('gives every numeric dtype\'s values, both byte orders, aligned or not, as the decoder does', () => {
    const kinds: [DType['kind'], number][] = [['b', 1], ['i', 1], ['u', 1], ['i', 2], ['u', 2], ['i', 4], ['u', 4], ['i', 8], ['u', 8], ['f', 2], ['f', 4], ['f', 8]];
    let compared = 0;
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) & 0xff;
    for (const [kind, size] of kinds) {
      for (const order of (size === 1 ? ['|'] : ['<', '>']) as DType['order'][]) {
        const dt = { kind, itemsize: size, order } as DType;
        assert.ok(isNumeric(dt));
        for (const misalign of [0, 1]) {
          const n = 50;
          const buf = new Uint8Array(n * size + misalign);
          for (let i = 0; i < buf.length; i++) buf[i] = rnd();
          const bytes = buf.subarray(misalign);
          const got = typedValues(dt, bytes);
          const dec = makeDecoder(dt);
          assert.strictEqual(got.length, n);
          for (let i = 0; i < n; i++) {
            const want = dec(bytes, i * size);
            const g = got[i];
            if (kind === 'b') assert.strictEqual(g !== 0, want);
            else if (typeof want === 'number' && Number.isNaN(want)) assert.ok(Number.isNaN(g as number));
            else assert.strictEqual(g, want, `${kind}${size}${order} #${i}`);
            compared++;
          }
        }
      }
    }
    assert.strictEqual(compared, (3 + 9 * 2) * 2 * 50);
  });

  it('refuses non-numeric dtypes', () => {
    assert.ok(!isNumeric({ kind: 'c', itemsize: 16, order: '<' }));
    assert.ok(!isNumeric({ kind: 'f', itemsize: 16, order: '<' }));
    assert.throws(() => typedValues({ kind: 'U', itemsize: 4, order: '<' }, new Uint8Array(4)), NpyError);
  });
});
