/**
 * Numeric element pairs: `np.isclose(a, b, rtol, atol, equal_nan=True)` exactly as NumPy 2
 * computes it, chunk by chunk on doubles.
 *
 * NumPy's isclose first turns b into `y = asarray(b, dtype=result_type(b, 1.0))` (float64 for
 * bool and every integer, float16/32/64 and complex64/128 for themselves), then evaluates
 *
 *     |x − y| <= atol + rtol·|y|  and  isfinite(y),   or  x == y,   or  isnan(x) and isnan(y)
 *
 * with `x − y` (and `|x − y|`, and `x == y`) in `D = result_type(x, y)`, while rtol and atol are
 * Python floats, so `atol + rtol·|y|` is computed in y's own precision (NEP 50: a Python float
 * takes the array's type). So float32 pairs subtract in float32 and float16 ones in float16
 * (which NumPy computes in float32 and rounds to half). Every value involved is a double here:
 * integers of 64 bits are rounded to the nearest double exactly as NumPy's cast to float64 does,
 * and narrower precisions are applied by rounding each step (`rounder`), which gives NumPy's
 * correctly rounded float32 results (a double holds a float32 sum or product before rounding).
 *
 * Deliberate deviation: long double (float96/float128, clongdouble) values are compared as
 * doubles (JS has no 80-bit arithmetic), so differences below double precision are not seen.
 */
import type { DType } from '../../format/dtype';
import { makeDecoder, type Complex, type LongDouble } from '../../format/decode';
import { HOST_LITTLE, typedValues } from '../scan';

export interface Tolerance {
  /** Relative tolerance (np.isclose's rtol). */
  rtol: number;
  /** Absolute tolerance (np.isclose's atol). */
  atol: number;
}

/** np.isclose's defaults. */
export const DEFAULT_TOLERANCE: Readonly<Tolerance> = { rtol: 1e-5, atol: 1e-8 };

/** Bytes of the float a step is rounded to: float16, float32, float64 (and long double, as double). */
export type Precision = 2 | 4 | 8;

export function isNumericKind(dt: DType): boolean {
  return dt.kind === 'b' || dt.kind === 'i' || dt.kind === 'u' || dt.kind === 'f' || dt.kind === 'c';
}

/**
 * The float precision of `result_type(b, 1.0)`: what isclose turns the second array into.
 * bool and integers become float64; floats and complex keep their (component) width.
 */
function yPrecision(dt: DType): Precision {
  if (dt.kind === 'f') return clampPrecision(dt.itemsize);
  if (dt.kind === 'c') return clampPrecision(dt.itemsize / 2);
  return 8;
}

/** The smallest float precision `result_type` promotes x to when it meets a float. */
function xPrecision(dt: DType): Precision {
  if (dt.kind === 'b') return 2;
  if (dt.kind === 'i' || dt.kind === 'u') return dt.itemsize === 1 ? 2 : dt.itemsize === 2 ? 4 : 8;
  return yPrecision(dt);
}

function clampPrecision(bytes: number): Precision {
  return bytes <= 2 ? 2 : bytes <= 4 ? 4 : 8;
}

/** How isclose evaluates one pair of dtypes (see the module comment). */
export interface NumericPlan {
  /** Precision of x − y, |x − y| and x == y: result_type(a, result_type(b, 1.0)). */
  diff: Precision;
  /** Precision of atol + rtol·|y|. */
  y: Precision;
  /** Either side is complex. */
  complex: boolean;
}

export function numericPlan(a: DType, b: DType): NumericPlan {
  const y = yPrecision(b);
  return { diff: Math.max(xPrecision(a), y) as Precision, y, complex: a.kind === 'c' || b.kind === 'c' };
}

const roundNone = (x: number): number => x;
const roundHalfway = (x: number): number => roundHalf(Math.fround(x));

/** Rounds a double to the given precision (float16 via float32, as NumPy's half loops do). */
function rounder(p: Precision): (x: number) => number {
  return p === 8 ? roundNone : p === 4 ? Math.fround : roundHalfway;
}

/** The nearest float16 value (round half to even; ±inf past the largest half). */
export function roundHalf(x: number): number {
  if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
  const ax = Math.abs(x);
  if (ax >= 65520) return x > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(ax));
  if (2 ** e > ax) e--;
  else if (2 ** (e + 1) <= ax) e++;
  const q = 2 ** (Math.max(e, -14) - 10); // the spacing of halves around ax (subnormals below 2^-14)
  const v = ax / q;
  const f = Math.floor(v);
  const d = v - f;
  const r = (d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f) * q;
  return x < 0 ? -r : r;
}

// ---------------------------------------------------------------- values as doubles

/**
 * The values of `count` packed numeric elements as doubles: exactly what NumPy's cast to
 * float64 gives (64-bit integers rounded to nearest even), complex as interleaved re, im.
 * A zero-copy view for host-order float64; otherwise written into `scratch` when it is big enough.
 */
export function asDoubles(dt: DType, bytes: Uint8Array, count: number, scratch?: Float64Array): Float64Array {
  const perItem = dt.kind === 'c' ? 2 : 1;
  const n = count * perItem;
  if (dt.kind === 'c' || dt.kind === 'f') {
    const part = dt.kind === 'c' ? dt.itemsize / 2 : dt.itemsize;
    if (part > 8) return longDoubles(dt, bytes, count, out(n, scratch));
    const vals = typedValues({ kind: 'f', itemsize: part, order: dt.order }, bytes.subarray(0, count * dt.itemsize));
    if (vals instanceof Float64Array) return vals;
    const o = out(n, scratch);
    o.set(vals as Float32Array);
    return o;
  }
  const vals = typedValues(dt, bytes.subarray(0, count * dt.itemsize));
  const o = out(n, scratch);
  if (vals instanceof BigInt64Array || vals instanceof BigUint64Array) {
    // hi·2^32 is exact and adding lo rounds once: the correctly rounded double of the integer.
    const w = new Uint32Array(vals.buffer, vals.byteOffset, 2 * n);
    const hiAt = HOST_LITTLE ? 1 : 0;
    const signed = vals instanceof BigInt64Array;
    for (let i = 0; i < n; i++) {
      const hi = w[2 * i + hiAt];
      o[i] = (signed ? hi | 0 : hi) * 4294967296 + w[2 * i + 1 - hiAt];
    }
    return o;
  }
  if (dt.kind === 'b') {
    for (let i = 0; i < n; i++) o[i] = vals[i] ? 1 : 0;
    return o;
  }
  o.set(vals as unknown as ArrayLike<number>); // not 64-bit integers (handled above)
  return o;
}

function out(n: number, scratch: Float64Array | undefined): Float64Array {
  return scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
}

function longDoubles(dt: DType, bytes: Uint8Array, count: number, o: Float64Array): Float64Array {
  const dec = makeDecoder(dt);
  const num = (v: number | LongDouble): number => (typeof v === 'number' ? v : v.toNumber());
  for (let i = 0; i < count; i++) {
    const v = dec(bytes, i * dt.itemsize);
    if (dt.kind === 'c') {
      o[2 * i] = num((v as Complex).re);
      o[2 * i + 1] = num((v as Complex).im);
    } else {
      o[i] = num(v as LongDouble);
    }
  }
  return o;
}

// ---------------------------------------------------------------- chunk kernels

/** What one chunk contributed to the statistics over pairs where both values are finite. */
export interface ChunkStats {
  /** Largest |a − b| (in doubles) of the chunk, −1 when no pair was finite. */
  maxAbs: number;
  /** Largest |a − b| / |b| over finite pairs with b ≠ 0, −1 when none. */
  maxRel: number;
  /** Chunk position of the first pair reaching maxAbs, −1 when none. */
  worst: number;
}

/**
 * Compares `n` pairs of doubles (re, im interleaved when `ca`/`cb`) under `plan`; writes the
 * chunk positions of every mismatch, ascending, to `at` and returns how many there were.
 */
export function compareDoubles(
  x: Float64Array, y: Float64Array, n: number, ca: boolean, cb: boolean,
  plan: NumericPlan, tol: Tolerance, at: Uint32Array, stats: ChunkStats,
): number {
  if (plan.complex) return compareComplex(x, y, n, ca, cb, plan, tol, at, stats);
  if (plan.diff === 8 && plan.y === 8) return compareFloat64(x, y, n, tol, at, stats);
  return compareRounded(x, y, n, plan, tol, at, stats);
}

/** float64 against float64 (and everything isclose evaluates in float64): the hot loop. */
function compareFloat64(x: Float64Array, y: Float64Array, n: number, tol: Tolerance, at: Uint32Array, stats: ChunkStats): number {
  const { rtol, atol } = tol;
  let m = 0;
  let maxAbs = -1;
  let maxRel = -1;
  let worst = -1;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a === b) {
      // Equal (infinities included): a difference of 0 when finite.
      if ((maxAbs < 0 || (maxRel < 0 && b !== 0)) && a - a === 0) {
        if (maxAbs < 0) { maxAbs = 0; worst = i; }
        if (b !== 0 && maxRel < 0) maxRel = 0;
      }
      continue;
    }
    const d = Math.abs(a - b);
    if (!(d <= atol + rtol * Math.abs(b) && b - b === 0) && !(a !== a && b !== b)) at[m++] = i;
    if (a - a === 0 && b - b === 0) {
      if (d > maxAbs) { maxAbs = d; worst = i; }
      if (b !== 0) {
        const r = d / Math.abs(b);
        if (r > maxRel) maxRel = r;
      }
    }
  }
  stats.maxAbs = maxAbs;
  stats.maxRel = maxRel;
  stats.worst = worst;
  return m;
}

/** Real pairs where a step is float32 or float16 (or mixed). */
function compareRounded(x: Float64Array, y: Float64Array, n: number, plan: NumericPlan, tol: Tolerance, at: Uint32Array, stats: ChunkStats): number {
  const rd = rounder(plan.diff);
  const ry = rounder(plan.y);
  const rtol = ry(tol.rtol);
  const atol = ry(tol.atol);
  let m = 0;
  let maxAbs = -1;
  let maxRel = -1;
  let worst = -1;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    const close = a === b || (Math.abs(rd(a - b)) <= ry(atol + ry(rtol * Math.abs(b))) && b - b === 0) || (a !== a && b !== b);
    if (!close) at[m++] = i;
    const d = Math.abs(a - b);
    if (a - a === 0 && b - b === 0) {
      if (d > maxAbs) { maxAbs = d; worst = i; }
      if (b !== 0 && d / Math.abs(b) > maxRel) maxRel = d / Math.abs(b);
    }
  }
  stats.maxAbs = maxAbs;
  stats.maxRel = maxRel;
  stats.worst = worst;
  return m;
}

/** Pairs where either side is complex (a real side has imaginary part 0). abs is hypot, as NumPy's. */
function compareComplex(x: Float64Array, y: Float64Array, n: number, ca: boolean, cb: boolean,
  plan: NumericPlan, tol: Tolerance, at: Uint32Array, stats: ChunkStats): number {
  const rd = rounder(plan.diff);
  const ry = rounder(plan.y);
  const rtol = ry(tol.rtol);
  const atol = ry(tol.atol);
  let m = 0;
  let maxAbs = -1;
  let maxRel = -1;
  let worst = -1;
  for (let i = 0; i < n; i++) {
    const ar = ca ? x[2 * i] : x[i];
    const ai = ca ? x[2 * i + 1] : 0;
    const br = cb ? y[2 * i] : y[i];
    const bi = cb ? y[2 * i + 1] : 0;
    const equal = ar === br && ai === bi;
    const bFinite = br - br === 0 && bi - bi === 0;
    const absB = ry(Math.hypot(br, bi));
    const close = equal ||
      (bFinite && rd(Math.hypot(rd(ar - br), rd(ai - bi))) <= ry(atol + ry(rtol * absB))) ||
      ((ar !== ar || ai !== ai) && (br !== br || bi !== bi));
    if (!close) at[m++] = i;
    const d = Math.hypot(ar - br, ai - bi);
    if (bFinite && ar - ar === 0 && ai - ai === 0) {
      if (d > maxAbs) { maxAbs = d; worst = i; }
      const mb = Math.hypot(br, bi);
      if (mb !== 0 && d / mb > maxRel) maxRel = d / mb;
    }
  }
  stats.maxAbs = maxAbs;
  stats.maxRel = maxRel;
  stats.worst = worst;
  return m;
}

/** Per-element differences of a page, in doubles: A − B (re, im) and |A − B| / |B|. */
export interface Differences {
  /** A − B (its real part for complex pairs); NaN where undefined (NaN or inf − inf). */
  diff: Float64Array;
  /** Imaginary part of A − B, for complex pairs only. */
  diffImag?: Float64Array;
  /** |A − B| / |B| as IEEE division gives it: inf where only B is 0, NaN where both are 0 or either is NaN. */
  rel: Float64Array;
}

export function differences(x: Float64Array, y: Float64Array, n: number, ca: boolean, cb: boolean): Differences {
  const diff = new Float64Array(n);
  const rel = new Float64Array(n);
  if (!ca && !cb) {
    for (let i = 0; i < n; i++) {
      diff[i] = x[i] - y[i];
      rel[i] = Math.abs(diff[i]) / Math.abs(y[i]);
    }
    return { diff, rel };
  }
  const diffImag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const br = cb ? y[2 * i] : y[i];
    const bi = cb ? y[2 * i + 1] : 0;
    diff[i] = (ca ? x[2 * i] : x[i]) - br;
    diffImag[i] = (ca ? x[2 * i + 1] : 0) - bi;
    rel[i] = Math.hypot(diff[i], diffImag[i]) / Math.hypot(br, bi);
  }
  return { diff, diffImag, rel };
}
