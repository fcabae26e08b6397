/**
 * The WebAssembly SIMD loop of float64 statistics (simdfloat.ts) against statskernel's
 * JavaScript loop on the same values: the same partial result to the bit (sums, counts, min/max
 * and where they are, ties), on random chunks with NaN, ±inf, ±0, values that overflow a block's
 * sums, all-NaN blocks, odd lengths and offsets that are not 16-byte aligned.
 */
import * as assert from 'assert';
import { statsKernels } from '../../../src/npy/compute/statskernel';
import { MODULE_BASE64, simdFloats } from '../../../src/npy/compute/simdfloat';
import { moduleBytes } from '../../../src/npy/compute/simdmodule';

/** A small deterministic generator (the seed is in the test's title). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('statistics: the SIMD float64 loop', () => {
  it('runs the module simdmodule.ts writes (the bytes kept in simdfloat.ts are the same)', () => {
    const built = Buffer.from(moduleBytes());
    assert.ok(built.length > 500, `${built.length} bytes`);
    assert.strictEqual(MODULE_BASE64, built.toString('base64'));
  });

  const SEED = 20261206;
  it(`gives the JavaScript loop's partial results to the bit (seed ${SEED})`, () => {
    const kernels = statsKernels();
    const simd = simdFloats(1 << 16, 2);
    assert.ok(simd, 'WebAssembly SIMD is available in this Node');
    let calls = 0;
    let whole = 0;
    const { sum, blocks } = simd;
    const counted = {
      ...simd,
      sum: (p: number, quads: number, k: number, o: number) => { calls++; sum(p, quads, k, o); },
      blocks: (p: number, n: number) => { whole += n; blocks(p, n); },
    };
    const rnd = lcg(SEED);
    let cases = 0;
    for (let t = 0; t < 600; t++) {
      const n = Math.floor(rnd() * 5000);
      const skip = Math.floor(rnd() * 3); // 0, 8 or 16 bytes in: not always 16-byte aligned
      const bytes = simd.buffers.take((n + skip) * 8, (n + skip) * 8);
      assert.strictEqual(bytes.buffer, simd.memory, 'the chunk buffer is in the module memory');
      const a = new Float64Array(bytes.buffer, bytes.byteOffset + skip * 8, n);
      const odd = rnd() * 0.3;
      for (let i = 0; i < n; i++) {
        const r = rnd();
        a[i] = r < odd / 3 ? NaN : r < odd / 2 ? Infinity : r < odd * 0.6 ? -Infinity
          : r < odd ? (rnd() < 0.5 ? 0 : -0)
            : t % 7 === 0 ? (rnd() - 0.5) * 3.4e308
              // full-precision values (every third case), whose sums round: the order of additions shows
              : t % 3 === 1 ? (rnd() - 0.3) * 1000 + rnd() * 1e-7 : Math.round((rnd() - 0.5) * 1000) / 8;
      }
      if (t % 11 === 0) a.fill(NaN, 0, Math.min(n, 1500));
      const js = kernels.run('float', Float64Array.from(a));
      // A small room (every other case): the whole blocks take several calls of the block loop.
      const vec = kernels.run('float', a, 8, false, t % 2 ? { ...counted, room: 2 } : counted);
      assert.deepStrictEqual(vec, js, `case ${t}: ${n} values from byte ${skip * 8}`);
      simd.buffers.give(bytes);
      cases++;
    }
    assert.strictEqual(cases, 600);
    assert.ok(calls > 300 && whole > 1000, `the SIMD loops ran (${calls} partial blocks, ${whole} whole ones)`);
  });

  it('leaves values outside its memory to the JavaScript loop', () => {
    const kernels = statsKernels();
    const simd = simdFloats(1 << 16, 1)!;
    let calls = 0;
    const counted = { ...simd, sum: () => { calls++; }, blocks: () => { calls++; } };
    const a = new Float64Array([1, 2, NaN, -Infinity, 0, 5]);
    const p = kernels.run('float', a, 8, false, counted);
    assert.strictEqual(calls, 0);
    assert.deepStrictEqual([p.finite, p.nan, p.neginf, p.zeros, p.minKey, p.maxKey], [4, 1, 1, 1, [0], [5]]);
  });
});
