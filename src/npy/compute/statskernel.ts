/**
 * The inner loops of statistics: one chunk of native values in, one partial result out (plain
 * data). Everything is inside one self-contained factory — no imports, no outside names — so the
 * worker threads of stats.ts can run it from its source text, the same in tsc output and in both
 * esbuild bundles (as floatpool.ts does with the float formatter).
 *
 * One pass per chunk computes everything. Per block of BLOCK values the sum and the sum of squares
 * are taken of x − K, K the block's first finite value (a shift inside the data: a block of equal
 * values gives exactly 0, and the sums cannot cancel badly), and the blocks are combined with
 * Chan's parallel update of (count, mean, M2). Values are compared as numbers where they are
 * exact (bool, ints up to 32 bits, floats); int64/uint64 as (high, low) 32-bit words; x87 long
 * doubles as (class, exponent, high, low) keys. A key is an array of numbers compared in order.
 */
import { NpyError } from '../errors';
import { LongDouble } from '../format/decode';
import { describeDType, dtypeName, type DType } from '../format/dtype';
import { floatStr, longDoubleStr } from '../text/scalarstr';
import { isNumeric, typedValues, type NumericArray } from './scan';

/** The partial statistics of a run of values; positions are indices into that run. */
export interface Part {
  count: number; finite: number; nan: number; posinf: number; neginf: number; zeros: number;
  /** Mean and sum of squared deviations of the finite values (as float64). */
  mean: number;
  m2: number;
  /** Index of the first smallest / largest finite value, -1 when there is none. */
  minAt: number;
  maxAt: number;
  minKey: number[];
  maxKey: number[];
  /** Another value equal to the min / max exists in the run. */
  minTie: boolean;
  maxTie: boolean;
}

/** The SIMD loops of simdfloat.ts, as floats() uses them (a type only: the factory stays self-contained). */
export interface BlockSums {
  sum(p: number, quads: number, k: number, o: number): void;
  /** Whole blocks of BLOCK values: block j's results from out[first + 24j], its k at + 20. */
  blocks(p: number, blocks: number): void;
  room: number;
  first: number;
  out: Float64Array;
  counts: Int32Array;
  memory: ArrayBuffer;
  /** Free room in the memory, for warming the loop. */
  scratch: Float64Array;
}

/** Which loop reads a chunk: by the dtype, not by the typed array (bool and uint8 share one). */
export type KernelKind = 'float' | 'int' | 'int64' | 'bool' | 'long';

export type Kernels = ReturnType<typeof statsKernels>;

export function statsKernels() {
  const BLOCK = 1024;
  /** Chunks from this size on are worth warming the loops for (a few ms, once per thread). */
  const WARM_FROM = 65536;
  const TWO32 = 4294967296;
  const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

  function emptyPart(count: number): Part {
    return {
      count, finite: 0, nan: 0, posinf: 0, neginf: 0, zeros: 0, mean: 0, m2: 0,
      minAt: -1, maxAt: -1, minKey: [], maxKey: [], minTie: false, maxTie: false,
    };
  }

  /**
   * A block's mean from its shift K and the sum s of its c values' x − K. A K below 2^-1022 goes
   * back into the sum: a mean of subnormals then rounds once, as NumPy's sum / n does (K + s / c
   * rounds twice: the mean of [5e-324, 0] is a tie, 0 in NumPy and 5e-324 that way).
   */
  function blockMean(K: number, s: number, c: number): number {
    return K > -2.2250738585072014e-308 && K < 2.2250738585072014e-308 ? (s + c * K) / c : K + s / c;
  }

  /** Chan et al.: the mean of two groups (n1, mean1) and (n2, mean2) together. A difference of
   * means too large for a double (huge values of both signs) falls back to a weighted mean. */
  function chanMean(n1: number, mean1: number, n2: number, mean2: number): number {
    if (n1 === 0) return mean2;
    if (n2 === 0) return mean1;
    const n = n1 + n2;
    const delta = mean2 - mean1;
    if (delta - delta !== 0) return mean1 * (n1 / n) + mean2 * (n2 / n);
    return mean1 + delta * (n2 / n);
  }

  /** Chan et al.: the sum of squared deviations of two groups together (scalars, so the loops allocate nothing). */
  function chanM2(n1: number, mean1: number, m21: number, n2: number, mean2: number, m22: number): number {
    if (n1 === 0) return m22;
    if (n2 === 0) return m21;
    const delta = mean2 - mean1;
    if (delta - delta !== 0) return Infinity;
    return m21 + m22 + delta * delta * (n1 * (n2 / (n1 + n2)));
  }

  /** (n, mean, m2) of two groups together. */
  function combine(n1: number, mean1: number, m21: number, n2: number, mean2: number, m22: number): [number, number, number] {
    return [n1 + n2, chanMean(n1, mean1, n2, mean2), chanM2(n1, mean1, m21, n2, mean2, m22)];
  }

  /** Mean and M2 of the finite values a[b..e) when the shifted sums overflowed: a scaled sum
   * (BLOCK values of at most MAX_VALUE × 2^-11 cannot overflow), then the squares (which may). */
  function wideBlock(a: ArrayLike<number>, b: number, e: number, c: number): [number, number] {
    let s = 0;
    for (let i = b; i < e; i++) { const x = a[i]; if (x - x === 0) s += x * 2 ** -11; }
    const m = (s / c) * 2 ** 11;
    let q = 0;
    for (let i = b; i < e; i++) { const x = a[i]; if (x - x === 0) q += (x - m) * (x - m); }
    return [m, q];
  }

  /**
   * Where the first `v` is in a[b..e), and whether it occurs again there (found again only for a
   * block that holds a new min or max: rare after the first blocks).
   */
  function firstOf(a: ArrayLike<number>, b: number, e: number, v: number): [number, boolean] {
    let i = b;
    while (a[i] !== v) i++;
    let j = i + 1;
    while (j < e && a[j] !== v) j++;
    return [i, j < e];
  }

  /**
   * What the float loops keep from block to block besides the running (count, mean, M2), which
   * they keep in locals (a double in an object's field is a new heap number at every store): the
   * extremes, and which block each is first in. Where in that block is looked up once, at the
   * end, not at every block that improves on them.
   */
  class FloatRun {
    mn = Infinity; mx = -Infinity; mb = -1; me = 0; xb = -1; xe = 0; mt = false; xt = false;

    /** The block a[b..e) has finite values, bmn and bmx their min and max. */
    extremes(b: number, e: number, bmn: number, bmx: number): void {
      if (bmn < this.mn) {
        this.mn = bmn; this.mb = b; this.me = e; this.mt = false;
      } else if (bmn === this.mn) this.mt = true;
      if (bmx > this.mx) {
        this.mx = bmx; this.xb = b; this.xe = e; this.xt = false;
      } else if (bmx === this.mx) this.xt = true;
    }

    part(a: Float32Array | Float64Array, n: number, nan: number, posinf: number, neginf: number, zeros: number, cnt: number, mean: number, m2: number): Part {
      const p = emptyPart(n);
      p.finite = cnt; p.nan = nan; p.posinf = posinf; p.neginf = neginf; p.zeros = zeros;
      p.mean = mean; p.m2 = m2;
      if (this.mb >= 0) {
        const [mi, mt] = firstOf(a, this.mb, this.me, this.mn);
        const [xi, xt] = firstOf(a, this.xb, this.xe, this.mx);
        // a[mi], not mn: the first of -0.0 and 0.0
        p.minAt = mi; p.maxAt = xi; p.minKey = [a[mi]]; p.maxKey = [a[xi]]; p.minTie = this.mt || mt; p.maxTie = this.xt || xt;
      }
      return p;
    }
  }

  /**
   * float16 (as float32), float32, float64: the hot loop of the benchmark. Per block, K is found
   * first; then four values a turn from the block's start into four sets of sums (shorter
   * dependency chains: place 4j + r of the block into set r; a non-finite value adds nothing;
   * the last values of a block that are not a whole turn into set 0), and only the block's min
   * and max in the loop; where they are is looked up afterwards in the blocks that improve on
   * them. With `simd` (simdfloat.ts) and values in its memory, floatsVector does the same with
   * its loops: the same answer to the bit.
   */
  function floats(a: Float32Array | Float64Array, simd?: BlockSums | null): Part {
    if (simd && inVector(a, simd)) return floatsVector(a as Float64Array, simd);
    const n = a.length;
    const run = new FloatRun();
    let nan = 0, posinf = 0, neginf = 0, zeros = 0;
    let cnt = 0, mean = 0, m2 = 0;
    for (let b = 0; b < n; b += BLOCK) {
      const e = b + BLOCK < n ? b + BLOCK : n;
      let K = 0;
      for (let j = b; j < e; j++) {
        const x = a[j];
        if (x - x === 0) { K = x; break; }
      }
      let i = b;
      let c = 0, s = 0, q = 0, s1 = 0, q1 = 0, s2 = 0, q2 = 0, s3 = 0, q3 = 0, bmn = Infinity, bmx = -Infinity;
      for (; i + 3 < e; i += 4) {
        const x = a[i], y = a[i + 1], z = a[i + 2], w = a[i + 3];
        if (x - x === 0) {
          const d = x - K;
          c++; s += d; q += d * d;
          if (x < bmn) bmn = x;
          if (x > bmx) bmx = x;
          if (x === 0) zeros++;
        } else if (x !== x) nan++; else if (x > 0) posinf++; else neginf++;
        if (y - y === 0) {
          const d = y - K;
          c++; s1 += d; q1 += d * d;
          if (y < bmn) bmn = y;
          if (y > bmx) bmx = y;
          if (y === 0) zeros++;
        } else if (y !== y) nan++; else if (y > 0) posinf++; else neginf++;
        if (z - z === 0) {
          const d = z - K;
          c++; s2 += d; q2 += d * d;
          if (z < bmn) bmn = z;
          if (z > bmx) bmx = z;
          if (z === 0) zeros++;
        } else if (z !== z) nan++; else if (z > 0) posinf++; else neginf++;
        if (w - w === 0) {
          const d = w - K;
          c++; s3 += d; q3 += d * d;
          if (w < bmn) bmn = w;
          if (w > bmx) bmx = w;
          if (w === 0) zeros++;
        } else if (w !== w) nan++; else if (w > 0) posinf++; else neginf++;
      }
      for (; i < e; i++) {
        const x = a[i];
        if (x - x === 0) {
          const d = x - K;
          c++; s += d; q += d * d;
          if (x < bmn) bmn = x;
          if (x > bmx) bmx = x;
          if (x === 0) zeros++;
        } else if (x !== x) nan++; else if (x > 0) posinf++; else neginf++;
      }
      if (c === 0) continue;
      run.extremes(b, e, bmn, bmx);
      s = s + s1 + s2 + s3;
      q = q + q1 + q2 + q3;
      let bm = blockMean(K, s, c), bq = q - (s * s) / c; // the block's mean and M2
      if (s - s !== 0 || q - q !== 0) [bm, bq] = wideBlock(a, b, e, c);
      else if (bq < 0) bq = 0;
      m2 = chanM2(cnt, mean, m2, c, bm, bq);
      mean = chanMean(cnt, mean, c, bm);
      cnt += c;
    }
    return run.part(a, n, nan, posinf, neginf, zeros, cnt, mean, m2);
  }

  /** The values are float64 in the SIMD module's memory, where its loops read them. */
  function inVector(a: Float32Array | Float64Array, simd: BlockSums): boolean {
    return a.buffer === simd.memory && a.BYTES_PER_ELEMENT === 8 && a.byteOffset % 8 === 0;
  }

  /**
   * floats() through simdfloat.ts's loops: whole blocks go through its block loop, up to `room`
   * a call (its results for blocks [lo, hi) in vector.out); a last, shorter block through its
   * turn loop, and its last values that are not a whole turn here, into set 0. A function apart
   * from floats(), so that V8 optimises this small one quickly.
   */
  function floatsVector(a: Float64Array, vector: BlockSums): Part {
    const n = a.length;
    const run = new FloatRun();
    let nan = 0, posinf = 0, neginf = 0, zeros = 0;
    let cnt = 0, mean = 0, m2 = 0;
    const whole = Math.floor(n / BLOCK);
    const o = vector.out, k = vector.counts;
    let lo = 0, hi = 0;
    for (let b = 0, blk = 0; b < n; b += BLOCK, blk++) {
      const e = b + BLOCK < n ? b + BLOCK : n;
      const quads = (e - b) >> 2;
      let K = 0, r = 0;
      if (blk < whole) {
        if (blk >= hi) {
          lo = blk;
          hi = blk + (whole - blk < vector.room ? whole - blk : vector.room);
          vector.blocks(a.byteOffset + 8 * b, hi - lo);
        }
        r = vector.first + 24 * (blk - lo);
        K = o[r + 20];
      } else {
        for (let j = b; j < e; j++) {
          const x = a[j];
          if (x - x === 0) { K = x; break; }
        }
        vector.sum(a.byteOffset + 8 * b, quads, K, 0);
      }
      const t = 2 * r;
      const na = k[t + 24] + k[t + 26], pi = k[t + 28] + k[t + 30], ni = k[t + 32] + k[t + 34];
      nan += na; posinf += pi; neginf += ni; zeros += k[t + 36] + k[t + 38];
      let c = 4 * quads - na - pi - ni;
      let s = 0, q = 0, bmn = Infinity, bmx = -Infinity;
      if (c > 0) {
        s = o[r]; q = o[r + 4]; // set 0: the last values go in here too, before the four are added
        bmn = o[r + 8] < o[r + 9] ? o[r + 8] : o[r + 9];
        bmx = o[r + 10] > o[r + 11] ? o[r + 10] : o[r + 11];
      }
      for (let i = b + 4 * quads; i < e; i++) {
        const x = a[i];
        if (x - x === 0) {
          const d = x - K;
          c++; s += d; q += d * d;
          if (x < bmn) bmn = x;
          if (x > bmx) bmx = x;
          if (x === 0) zeros++;
        } else if (x !== x) nan++; else if (x > 0) posinf++; else neginf++;
      }
      if (c === 0) continue;
      if (bmn <= run.mn || bmx >= run.mx) run.extremes(b, e, bmn, bmx);
      s = s + o[r + 1] + o[r + 2] + o[r + 3];
      q = q + o[r + 5] + o[r + 6] + o[r + 7];
      let bm = blockMean(K, s, c), bq = q - (s * s) / c; // the block's mean and M2
      if (s - s !== 0 || q - q !== 0) [bm, bq] = wideBlock(a, b, e, c);
      else if (bq < 0) bq = 0;
      m2 = chanM2(cnt, mean, m2, c, bm, bq);
      mean = chanMean(cnt, mean, c, bm);
      cnt += c;
    }
    return run.part(a, n, nan, posinf, neginf, zeros, cnt, mean, m2);
  }

  /** Integers of up to 32 bits: every value is an exact double, every block sum exact. */
  function ints(a: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array): Part {
    const n = a.length;
    let zeros = 0;
    let mn = Infinity, mx = -Infinity, mi = -1, xi = -1, mt = false, xt = false;
    let cnt = 0, mean = 0, m2 = 0;
    for (let b = 0; b < n; b += BLOCK) {
      const e = b + BLOCK < n ? b + BLOCK : n;
      const K = a[b];
      let s = 0, q = 0;
      for (let i = b; i < e; i++) {
        const x = a[i];
        const d = x - K;
        s += d; q += d * d;
        if (x < mn) { mn = x; mi = i; mt = false; } else if (x === mn) mt = true;
        if (x > mx) { mx = x; xi = i; xt = false; } else if (x === mx) xt = true;
        if (x === 0) zeros++;
      }
      const c = e - b;
      let bq = q - (s * s) / c;
      if (bq < 0) bq = 0;
      m2 = chanM2(cnt, mean, m2, c, K + s / c, bq);
      mean = chanMean(cnt, mean, c, K + s / c);
      cnt += c;
    }
    const p = emptyPart(n);
    p.finite = n; p.zeros = zeros; p.mean = mean; p.m2 = m2;
    if (n > 0) { p.minAt = mi; p.maxAt = xi; p.minKey = [mn]; p.maxKey = [mx]; p.minTie = mt; p.maxTie = xt; }
    return p;
  }

  /** int64 / uint64 as two 32-bit words each: exact comparisons without BigInt. */
  function int64s(a: BigInt64Array | BigUint64Array): Part {
    const n = a.length;
    const lo32 = new Uint32Array(a.buffer, a.byteOffset, n * 2);
    const hi32 = a instanceof BigInt64Array ? new Int32Array(a.buffer, a.byteOffset, n * 2) : lo32;
    const L = LITTLE ? 0 : 1;
    const H = 1 - L;
    let zeros = 0;
    let mnh = Infinity, mnl = 0, mxh = -Infinity, mxl = 0, mi = -1, xi = -1, mt = false, xt = false;
    let cnt = 0, mean = 0, m2 = 0;
    for (let b = 0; b < n; b += BLOCK) {
      const e = b + BLOCK < n ? b + BLOCK : n;
      const K = hi32[2 * b + H] * TWO32 + lo32[2 * b + L];
      let s = 0, q = 0;
      for (let i = b; i < e; i++) {
        const h = hi32[2 * i + H];
        const l = lo32[2 * i + L];
        const d = (h * TWO32 + l) - K;
        s += d; q += d * d;
        if (h < mnh || (h === mnh && l < mnl)) { mnh = h; mnl = l; mi = i; mt = false; } else if (h === mnh && l === mnl) mt = true;
        if (h > mxh || (h === mxh && l > mxl)) { mxh = h; mxl = l; xi = i; xt = false; } else if (h === mxh && l === mxl) xt = true;
        if (h === 0 && l === 0) zeros++;
      }
      const c = e - b;
      let bq = q - (s * s) / c;
      if (bq < 0) bq = 0;
      m2 = chanM2(cnt, mean, m2, c, K + s / c, bq);
      mean = chanMean(cnt, mean, c, K + s / c);
      cnt += c;
    }
    const p = emptyPart(n);
    p.finite = n; p.zeros = zeros; p.mean = mean; p.m2 = m2;
    if (n > 0) { p.minAt = mi; p.maxAt = xi; p.minKey = [mnh, mnl]; p.maxKey = [mxh, mxl]; p.minTie = mt; p.maxTie = xt; }
    return p;
  }

  /** bool (any non-zero byte is True, as NumPy reads it). */
  function bools(a: Uint8Array): Part {
    const n = a.length;
    let ones = 0, firstFalse = -1, firstTrue = -1;
    for (let i = 0; i < n; i++) {
      if (a[i] !== 0) { ones++; if (firstTrue < 0) firstTrue = i; } else if (firstFalse < 0) firstFalse = i;
    }
    const zeros = n - ones;
    const p = emptyPart(n);
    p.finite = n; p.zeros = zeros;
    if (n > 0) {
      p.mean = ones / n;
      p.m2 = (ones * zeros) / n; // Σ(x − p)² of n values of which `ones` are 1
      p.minAt = zeros > 0 ? firstFalse : firstTrue;
      p.maxAt = ones > 0 ? firstTrue : firstFalse;
      p.minKey = [zeros > 0 ? 0 : 1];
      p.maxKey = [ones > 0 ? 1 : 0];
      p.minTie = (zeros > 0 ? zeros : ones) > 1;
      p.maxTie = (ones > 0 ? ones : zeros) > 1;
    }
    return p;
  }

  /** The bits of an x87 long double in the low 10 bytes of a `size`-byte item at `o`. */
  function longBits(u8: Uint8Array, o: number, size: number, big: boolean): [number, number, number, number] {
    // byte k of the little-endian 10-byte value; a big-endian item is the whole item reversed
    const b0 = big ? o + size - 1 : o;
    const d = big ? -1 : 1;
    const se = u8[b0 + 8 * d] | (u8[b0 + 9 * d] << 8);
    const lo = (u8[b0] | (u8[b0 + d] << 8) | (u8[b0 + 2 * d] << 16)) + u8[b0 + 3 * d] * 0x1000000;
    const hi = (u8[b0 + 4 * d] | (u8[b0 + 5 * d] << 8) | (u8[b0 + 6 * d] << 16)) + u8[b0 + 7 * d] * 0x1000000;
    return [se >> 15, se & 0x7fff, hi, lo];
  }

  /**
   * Ordering key of a finite long double: [class, exponent, high, low], class 1 positive, -1
   * negative (then all words negated), ±0 for zero (so +0 and −0 compare equal, and the sign is
   * kept for the text). Exponent 0 (subnormal) counts as 1, as the value does.
   */
  function longKey(sign: number, exp: number, hi: number, lo: number): number[] {
    if (hi === 0 && lo === 0) return [sign ? -0 : 0, 0, 0, 0];
    const e = exp === 0 ? 1 : exp;
    return sign ? [-1, -e, -hi, -lo] : [1, e, hi, lo];
  }

  /** The nearest double of a finite long double key (±Infinity past the double range). */
  function longToDouble(k: number[]): number {
    if (k[0] === 0) return k[0];
    const neg = k[0] < 0;
    let x = (neg ? -k[2] : k[2]) * TWO32 + (neg ? -k[3] : k[3]);
    let e = (neg ? -k[1] : k[1]) - 16383 - 63;
    while (e > 600) { x *= 2 ** 600; e -= 600; }
    while (e < -600) { x *= 2 ** -600; e += 600; }
    x *= 2 ** e;
    return neg ? -x : x;
  }

  function keyLess(a: number[], b: number[]): boolean {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
  }

  function keyEqual(a: number[], b: number[]): boolean {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** x87 long doubles (12 or 16 bytes per item): exact keys, moments of their nearest doubles. */
  function longs(u8: Uint8Array, size: number, big: boolean): Part {
    const n = Math.floor(u8.length / size);
    const p = emptyPart(n);
    const finite = new Float64Array(n);
    let f = 0;
    let mn: number[] = [], mx: number[] = [];
    for (let i = 0; i < n; i++) {
      const [sign, exp, hi, lo] = longBits(u8, i * size, size, big);
      if (exp === 0x7fff) {
        // The explicit integer bit aside, a zero fraction is an infinity (LongDouble.isInfinite).
        if ((hi & 0x7fffffff) !== 0 || lo !== 0) p.nan++; else if (sign) p.neginf++; else p.posinf++;
        continue;
      }
      const k = longKey(sign, exp, hi, lo);
      finite[f++] = longToDouble(k);
      if (k[0] === 0) p.zeros++;
      if (p.minAt < 0 || keyLess(k, mn)) { mn = k; p.minAt = i; p.minTie = false; } else if (keyEqual(k, mn)) p.minTie = true;
      if (p.maxAt < 0 || keyLess(mx, k)) { mx = k; p.maxAt = i; p.maxTie = false; } else if (keyEqual(k, mx)) p.maxTie = true;
    }
    const m = floats(finite.subarray(0, f));
    p.finite = f; p.mean = m.mean; p.m2 = m.m2;
    // Finite long doubles past the double range become ±inf in float64, and so does NumPy's mean.
    // Then every deviation from that mean is infinite too (NaN when the mean is).
    if (m.posinf || m.neginf) {
      p.mean = m.posinf && m.neginf ? NaN : m.posinf ? Infinity : -Infinity;
      p.m2 = p.mean === p.mean ? Infinity : NaN;
    }
    p.minKey = mn; p.maxKey = mx;
    return p;
  }

  const CTORS: Record<string, new (b: ArrayBuffer, o: number, n: number) => ArrayLike<number | bigint>> = {
    Float64Array, Float32Array, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array,
    BigInt64Array, BigUint64Array,
  };

  /** One chunk, as sent to a worker: the values' buffer and how to read it. */
  interface Job { kind: KernelKind; ctor: string; buffer: ArrayBuffer; offset: number; length: number; size?: number; big?: boolean }

  function run(kind: KernelKind, values: ArrayLike<number | bigint>, size = 0, big = false, simd: BlockSums | null = null): Part {
    switch (kind) {
      case 'float': return floats(values as Float64Array, simd);
      case 'int': return ints(values as Int32Array);
      case 'int64': return int64s(values as BigInt64Array);
      case 'bool': return bools(values as Uint8Array);
      case 'long': return longs(values as Uint8Array, size, big);
    }
  }

  /** The worker's side: a job in, its part and the buffer (for reuse) out. */
  function handle(job: Job): { value: { part: Part; buffer: ArrayBuffer }; transfer: ArrayBuffer[] } {
    const values = new CTORS[job.ctor](job.buffer, job.offset, job.length);
    const part = runChunk(job.kind, values, job.size, job.big);
    return { value: { part, buffer: job.buffer }, transfer: [job.buffer] };
  }

  /**
   * Runs every loop once on small values that take every branch (NaN, ±inf and finite values at
   * even and odd places, ties, an all-NaN block, an overflowing block). Without this, V8 optimises
   * a loop on the first chunk, meets a branch it has not seen (the first NaN, say), throws the
   * optimised code away, runs unoptimised — boxing every double, a second of GC per GiB — and
   * compiles again, several times over.
   */
  function warm(loop: KernelKind | 'vector', simd: BlockSums | null): void {
    const v: number[] = [NaN, Infinity, -Infinity];
    for (let i = 0; i < BLOCK - 3; i++) v.push([1, -0, 0, NaN, 2, Infinity, -1, -Infinity, 1][i % 9] * (1 + (i % 5)));
    for (let i = 0; i < BLOCK; i++) v.push(NaN);
    for (let i = 0; i < BLOCK; i++) v.push([-1, 5, 1.7e308, -1.7e308, NaN, 0][i % 6]);
    v.push(3);
    const w = v.map((x, i) => (x === x && Math.abs(x) < 1e9 ? x : i % 3) + 1);
    switch (loop) {
      case 'float':
        for (const a of [new Float64Array(v), new Float32Array(v), new Float64Array(v.slice(0, 2 * BLOCK + 2)), new Float32Array([NaN, 1, NaN])]) floats(a);
        for (const t of [NaN, Infinity, -Infinity, 0, -5, 5]) { floats(new Float64Array([1, 2, t])); floats(new Float32Array([1, 2, t])); }
        break;
      case 'vector': // values in the SIMD module's memory: whole blocks, a last short one, a few values
        if (simd && simd.scratch.length >= v.length) {
          simd.scratch.set(v);
          for (const n of [v.length, 2 * BLOCK + 2, 5]) floats(simd.scratch.subarray(0, n), simd);
        }
        break;
      case 'int':
        for (const T of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array]) ints(new T(w));
        break;
      case 'int64':
        int64s(new BigInt64Array(w.map((x) => BigInt(x - 2))));
        int64s(new BigUint64Array(w.map((x) => BigInt(x))));
        break;
      case 'bool':
        bools(new Uint8Array(w.map((x) => x & 1)));
        break;
      case 'long':
        break;
    }
    combine(1, Infinity, 0, 1, -Infinity, 0);
    combine(0, 0, 0, 1, 1, 0);
    combine(1, 1, 0, 0, 0, 0);
  }
  /** The loops warmed on this thread: only those a pass uses (each costs a few ms, and V8's compiling of it). */
  const warmed = new Set<string>();

  /** The loop for one chunk (warming its loop first when the chunk is large). */
  function runChunk(kind: KernelKind, values: ArrayLike<number | bigint>, size = 0, big = false, simd: BlockSums | null = null): Part {
    if (values.length >= WARM_FROM) {
      const loop = kind === 'float' && simd && inVector(values as Float64Array, simd) ? 'vector' : kind;
      if (!warmed.has(loop)) { warmed.add(loop); warm(loop, simd); }
    }
    return run(kind, values, size, big, simd);
  }

  return { run: runChunk, handle, combine, keyLess, keyEqual, longBits, longKey, longToDouble };
}

// ---------------------------------------------------------------- dtypes (main thread only)

/**
 * The loop for a dtype, or NpyError('unsupported'): statistics are for bool, integer and float
 * arrays (x87 long doubles included); NumPy's nanmin & co. are not defined for the other kinds
 * in the way the statistics mean (complex values have no order, strings no mean).
 */
export function kernelOf(dt: DType): KernelKind {
  if (dt.kind === 'f' && (dt.itemsize === 12 || dt.itemsize === 16)) return 'long';
  if (isNumeric(dt)) return dt.kind === 'b' ? 'bool' : dt.kind === 'f' ? 'float' : dt.itemsize === 8 ? 'int64' : 'int';
  throw new NpyError('unsupported', `statistics are for bool, integer and float arrays; this array is ${dtypeName(dt)} (${describeDType(dt)})`);
}

/** A chunk's values as its loop reads them: a native typed array, or the raw bytes of long doubles. */
export function chunkValues(kind: KernelKind, dt: DType, bytes: Uint8Array): NumericArray {
  return kind === 'long' ? bytes : typedValues(dt, bytes);
}

/** The nearest double of the value with this key (for scales and colour domains). */
export function keyNumber(kind: KernelKind, key: readonly number[]): number {
  if (kind === 'int64') return key[0] * 4294967296 + key[1];
  if (kind === 'long') return KERNELS.longToDouble([...key]);
  return key[0];
}

/** The kernels of this thread (one instance: it warms once). */
export const KERNELS = statsKernels();

/** NumPy's str() of the value with this key, as a scalar of dtype dt. */
export function keyText(dt: DType, key: readonly number[]): string {
  switch (kernelOf(dt)) {
    case 'bool': return key[0] ? 'True' : 'False';
    case 'int': return String(key[0]);
    case 'int64': return (BigInt(key[0]) * 4294967296n + BigInt(key[1])).toString();
    case 'float': return floatStr(key[0], dt.itemsize * 8);
    case 'long': {
      const [c, e, hi, lo] = key;
      const neg = c < 0 || Object.is(c, -0);
      const mantissa = BigInt(Math.abs(hi)) * 4294967296n + BigInt(Math.abs(lo));
      return longDoubleStr(new LongDouble(neg ? 1 : 0, c === 0 ? 0 : Math.abs(e), mantissa));
    }
  }
}
