/**
 * The comparison engine's API for the comparison view: next/previous mismatch from a position,
 * per-element differences of a block, progress and cancel, a JSON-serialisable result, and the
 * pairing of files (npy/npz, members on one side only). Values were checked against NumPy in
 * diff.test.ts; here the searches and blocks must agree with one full pass.
 */
import * as assert from 'assert';
import { zipSync } from 'fflate';
import { NpyArray, type ArrayView } from '../../../src/npy/format/array';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openSource } from '../../../src/npy/format/open';
import { compareBlock, comparePair, findMismatch } from '../../../src/npy/compute/diff/pair';
import { compareFiles, type DiffSide } from '../../../src/npy/compute/diff/files';
import { roundHalf } from '../../../src/npy/compute/diff/numeric';
import { rawNpy } from '../../support/corefixtures';
import { rng } from '../../support/npzfixtures';

function npyBytes(descr: string, shape: number[], values: ArrayLike<number>, fortran = false): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(n * 8);
  const dv = new DataView(data.buffer);
  // values are given in C order; a Fortran file stores them column-major
  const cStr = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const fStr = shape.map((_, i) => shape.slice(0, i).reduce((a, b) => a * b, 1));
  for (let c = 0; c < n; c++) {
    let at = c;
    if (fortran) {
      at = 0;
      let rest = c;
      for (let i = 0; i < shape.length; i++) { const k = Math.floor(rest / cStr[i]); rest %= cStr[i]; at += k * fStr[i]; }
    }
    if (descr === '<f8') dv.setFloat64(at * 8, values[c], true);
    else dv.setFloat64(at * 8, values[c], false);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return rawNpy(`{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`, data);
}

async function array(descr: string, shape: number[], values: ArrayLike<number>, fortran = false): Promise<NpyArray> {
  return NpyArray.open(new BufferSource(npyBytes(descr, shape, values, fortran)));
}

/** A (6, 7, 5) pair with mismatches at `where` (C-order flat positions), B stored big-endian in Fortran order. */
async function pairWith(where: number[]): Promise<{ a: ArrayView; b: ArrayView; n: number }> {
  const shape = [6, 7, 5];
  const n = 210;
  const r = rng(7);
  const va = Float64Array.from({ length: n }, () => r() * 100 - 50);
  const vb = Float64Array.from(va);
  for (const w of where) vb[w] = w % 3 === 0 ? NaN : va[w] + 1;
  return { a: (await array('<f8', shape, va)).view(), b: (await array('>f8', shape, vb, true)).view(), n };
}

describe('comparison engine: searches, blocks, progress', () => {
  it('findMismatch finds the next and previous mismatch from every position, with any chunk size', async () => {
    const where = [0, 3, 4, 57, 58, 120, 209];
    const { a, b, n } = await pairWith(where);
    let checked = 0;
    for (const chunkBytes of [8, 24, 200, 1 << 20]) {
      for (let p = 0; p <= n; p += chunkBytes === 8 ? 3 : 7) {
        const next = await findMismatch(a, b, p, 'next', { chunkBytes });
        const prev = await findMismatch(a, b, p, 'previous', { chunkBytes });
        const wantNext = where.find((w) => w >= p) ?? null;
        const wantPrev = [...where].reverse().find((w) => w < p) ?? null;
        assert.strictEqual(next?.flat ?? null, wantNext, `next from ${p} (chunk ${chunkBytes})`);
        assert.strictEqual(prev?.flat ?? null, wantPrev, `previous from ${p} (chunk ${chunkBytes})`);
        if (next) assert.deepStrictEqual(next.index, [Math.floor(next.flat / 35), Math.floor(next.flat / 5) % 7, next.flat % 5]);
        checked++;
      }
    }
    assert.strictEqual(checked, 71 + 3 * 31);
    // none at all
    const same = await pairWith([]);
    assert.strictEqual(await findMismatch(same.a, same.b, 0, 'next'), null);
    assert.strictEqual(await findMismatch(same.a, same.b, 210, 'previous'), null);
  });

  it('findMismatch works on strided views and refuses pairs that cannot be compared', async () => {
    const { a, b } = await pairWith([57, 120]);
    const va = a.index('::-1, 1:, ::2');
    const vb = b.index('::-1, 1:, ::2');
    const full = await comparePair(va, vb, { maxFirst: 100 });
    const flats = full.first.map((e) => e.index.reduce((f, i, k) => f * va.shape[k] + i, 0));
    assert.ok(flats.length >= 1);
    assert.strictEqual((await findMismatch(va, vb, 0, 'next', { chunkBytes: 16 }))?.flat, flats[0]);
    assert.strictEqual((await findMismatch(va, vb, va.size, 'previous', { chunkBytes: 16 }))?.flat, flats[flats.length - 1]);
    await assert.rejects(findMismatch(a, b.index('1:'), 0, 'next'), (e: unknown) => e instanceof NpyError && e.code === 'usage' && /different shapes/.test(e.message));
  });

  it('two Fortran-order arrays are read in file order, and still report the first mismatches in C order', async () => {
    const shape = [6, 7, 5];
    const r = rng(3);
    const va = Float64Array.from({ length: 210 }, () => r());
    const vb = Float64Array.from(va);
    const where = [209, 0, 71, 5, 140, 36, 8, 100, 35, 150, 1, 180];
    for (const w of where) vb[w] += 1;
    const a = (await array('<f8', shape, va, true)).view();
    const b = (await array('>f8', shape, vb, true)).view();
    let runs = 0;
    for (const chunkBytes of [8, 56, 400, undefined]) {
      for (const maxFirst of [0, 4, 10, 20]) {
        const stats = (a.array.source as BufferSource).stats;
        const before = stats.bytes;
        const got = await comparePair(a, b, { chunkBytes, maxFirst });
        // In file order every chunk is one contiguous read: each byte once (C order would gather
        // each small chunk from across the file).
        assert.strictEqual(stats.bytes - before, 210 * 8, `bytes read with chunk ${chunkBytes}`);
        const flats = got.first.map((e) => e.index.reduce((f, i, k) => f * shape[k] + i, 0));
        assert.deepStrictEqual(flats, [...where].sort((x, y) => x - y).slice(0, maxFirst), `chunk ${chunkBytes}, first ${maxFirst}`);
        assert.strictEqual(got.mismatches, where.length);
        assert.strictEqual(got.first[0]?.a, maxFirst ? String(va[0]) : undefined);
        runs++;
      }
    }
    assert.strictEqual(runs, 16);
  });

  it('a Fortran-order array against a C-order one is read in tiles, with the first mismatches in C order', async () => {
    const shape = [40, 50];
    const r = rng(5);
    const va = Float64Array.from({ length: 2000 }, () => r());
    const vb = Float64Array.from(va);
    const where = [1999, 0, 49, 50, 51, 1000, 77, 1525, 3, 1950, 999, 12];
    for (const w of where) vb[w] = NaN;
    const a = (await array('<f8', shape, va, true)).view();
    const b = (await array('<f8', shape, vb, false)).view();
    let runs = 0;
    for (const chunkBytes of [8, 800, 8000, undefined]) {
      const reads = [(a.array.source as BufferSource).stats, (b.array.source as BufferSource).stats];
      const before = reads.map((x) => x.bytes);
      const got = await comparePair(a, b, { chunkBytes, maxFirst: 10 });
      const flats = got.first.map((e) => e.index.reduce((f, i, k) => f * shape[k] + i, 0));
      assert.deepStrictEqual(flats, [...where].sort((x, y) => x - y).slice(0, 10), `chunk ${chunkBytes}`);
      assert.strictEqual(got.mismatches, where.length);
      // Both files read in runs (near runs merged): a few times the data at most, where a C-order
      // pass would read 16 KB of the Fortran file for every 800-byte chunk (320 KB).
      reads.forEach((x, i) => assert.ok(x.bytes - before[i] <= 5 * 16000, `side ${i}: ${x.bytes - before[i]} bytes with chunk ${chunkBytes}`));
      runs++;
    }
    assert.strictEqual(runs, 4);
  });

  it('compareBlock gives mismatch flags, A − B and |A − B| / |B| for a page', async () => {
    const { a, b } = await pairWith([57, 58, 120]);
    const start = [1, 2, 0];
    const count = [3, 4, 5];
    const page = await compareBlock(a, b, start, count);
    const ba = new DataView((await a.readBlock(start, count)).slice().buffer);
    const bb = new DataView((await b.readBlock(start, count)).slice().buffer);
    let flagged = 0;
    for (let k = 0; k < 60; k++) {
      const x = ba.getFloat64(8 * k, true);
      const y = bb.getFloat64(8 * k, false); // B is big-endian
      const flat = (1 + Math.floor(k / 20)) * 35 + (2 + Math.floor(k / 5) % 4) * 5 + (k % 5);
      assert.strictEqual(page.mismatch[k], [57, 58, 120].includes(flat) ? 1 : 0, `flag ${k}`);
      flagged += page.mismatch[k];
      assert.ok(Object.is(page.diff![k], x - y), `diff ${k}`);
      assert.ok(Object.is(page.rel![k], Math.abs(x - y) / Math.abs(y)), `rel ${k}`);
    }
    assert.strictEqual(flagged, 3);
    assert.strictEqual(page.diffImag, undefined);
  });

  it('reports progress to the total, stops when cancelled, and its result survives JSON', async () => {
    const { a, b } = await pairWith([3, 100]);
    const seen: number[] = [];
    const r = await comparePair(a, b, { chunkBytes: 400, onProgress: (d, t) => { assert.strictEqual(t, 210); seen.push(d); } });
    // chunks of at most 50 elements (A is C order, B Fortran order: tiles), up to the total
    assert.strictEqual(seen[seen.length - 1], 210);
    seen.forEach((d, i) => assert.ok(d - (seen[i - 1] ?? 0) > 0 && d - (seen[i - 1] ?? 0) <= 50, `step ${i}`));
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), r);
    assert.strictEqual(r.mismatches, 2);
    assert.deepStrictEqual(r.first.map((e) => e.index), [[0, 0, 3], [2, 6, 0]]);
    assert.deepStrictEqual(r.dtype, ['<f8', '>f8']);

    const ac = new AbortController();
    await assert.rejects(comparePair(a, b, { chunkBytes: 400, signal: ac.signal, onProgress: (d) => { if (d >= 100) ac.abort(); } }),
      (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
    await assert.rejects(findMismatch(a, b, 0, 'next', { signal: AbortSignal.abort() }), (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
  });

  it('roundHalf rounds to the nearest float16, ties to even, like NumPy', () => {
    // every half, the midpoints between neighbours (ties go to the even one), and overflow
    assert.strictEqual(roundHalf(65504), 65504);
    assert.strictEqual(roundHalf(65519.99), 65504);
    assert.strictEqual(roundHalf(65520), Infinity);
    assert.strictEqual(roundHalf(-65520), -Infinity);
    assert.strictEqual(roundHalf(2 ** -24), 2 ** -24);
    assert.strictEqual(roundHalf(2 ** -25), 0); // tie with 0: even
    assert.strictEqual(roundHalf(3 * 2 ** -25), 2 ** -23); // tie between 1 and 2 quanta: even is 2
    assert.strictEqual(roundHalf(1 + 2 ** -11), 1); // tie: 1 is even
    assert.strictEqual(roundHalf(1 + 3 * 2 ** -11), 1 + 2 ** -9);
    assert.ok(Object.is(roundHalf(-0), -0));
  });
});

function zip(members: Record<string, Uint8Array>, level: 0 | 6 = 0): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(members).map(([k, v]) => [k, [v, { level }]])));
}

async function side(bytes: Uint8Array, label: string): Promise<DiffSide> {
  return { file: await openSource(new BufferSource(bytes, label), label), label };
}

describe('comparison engine: pairing files', () => {
  const x = npyBytes('<f8', [3], [1, 2, 3]);
  const y = npyBytes('<f8', [3], [1, 2, 4]);
  const z = npyBytes('<f8', [2, 2], [1, 2, 3, 4]);

  it('two .npz: members by name, in A\'s order; members on one side only make them differ', async () => {
    const A = await side(zip({ 'x.npy': x, 'y.npy': y, 'only_a.npy': z, 'raw.txt': new TextEncoder().encode('hello') }), 'A.npz');
    const B = await side(zip({ 'y.npy': x, 'only_b.npy': z, 'x.npy': x, 'raw.txt': new TextEncoder().encode('hello') }, 6), 'B.npz');
    const r = await compareFiles(A, B);
    assert.deepStrictEqual(r.pairs.map((p) => [p.name, p.same, p.mismatches]), [['x', true, 0], ['y', false, 1], ['raw.txt', true, 0]]);
    assert.deepStrictEqual(r.pairs[2].shape, [null, null]);
    assert.deepStrictEqual([r.only_in_a, r.only_in_b, r.same], [['only_a'], ['only_b'], false]);
    const one = await compareFiles(A, B, { member: 'x' });
    assert.deepStrictEqual([one.pairs.map((p) => p.name), one.same, one.only_in_a], [['x'], true, []]);
    await assert.rejects(compareFiles(A, B, { member: 'only_a' }), (e: unknown) => e instanceof NpyError && e.message.includes('B.npz'));
  });

  it('an array against a non-array member differs; different non-array bytes differ', async () => {
    const A = await side(zip({ 'm.npy': x, 'raw': new Uint8Array([1, 2, 3]) }), 'A.npz');
    const B = await side(zip({ 'm.npy': new TextEncoder().encode('not an array'), 'raw': new Uint8Array([1, 2, 4]) }), 'B.npz');
    const r = await compareFiles(A, B);
    assert.deepStrictEqual(r.pairs.map((p) => [p.name, p.same]), [['m', false], ['raw', false]]);
    assert.match(r.pairs[0].reason!, /is an array in A\.npz and not an array in B\.npz/);
    assert.deepStrictEqual(r.pairs[0].shape, [[3], null]);
    assert.match(r.pairs[1].reason!, /differ from byte 2/);
  });

  it('.npy against .npz: the only array, or --member; several arrays need a member', async () => {
    const npy = await side(x, 'a.npy');
    const one = await side(zip({ 'only.npy': y, 'notes.txt': new Uint8Array([0]) }), 'one.npz');
    const two = await side(zip({ 'x.npy': x, 'y.npy': y }), 'two.npz');
    const r1 = await compareFiles(npy, one);
    assert.deepStrictEqual([r1.pairs[0].name, r1.pairs[0].mismatches], ['only', 1]);
    const r2 = await compareFiles(two, npy, { member: 'x' });
    assert.deepStrictEqual([r2.pairs[0].name, r2.same], ['x', true]);
    await assert.rejects(compareFiles(npy, two), (e: unknown) => e instanceof NpyError && /two\.npz: the archive holds 2 arrays \(x, y\); choose one with --member/.test(e.message));
    await assert.rejects(compareFiles(npy, await side(x, 'b.npy'), { member: 'x' }), (e: unknown) => e instanceof NpyError && e.code === 'usage');
  });

  it('different shapes: nothing compared, the pair differs with the reason', async () => {
    const r = await compareFiles(await side(x, 'a.npy'), await side(z, 'b.npy'));
    assert.deepStrictEqual([r.same, r.pairs[0].compared, r.pairs[0].reason], [false, 0, 'different shapes (3,) and (2, 2)']);
  });
});
