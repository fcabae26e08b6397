/**
 * Histograms of a view (streaming: one pass for the range when none is given, one for the counts)
 * or of values already in memory (a drawn grid). Counts are np.histogram's for the same bins:
 * equal-width bins over [low, high], each half-open except the last, values placed by NumPy's own
 * arithmetic (so a value on an edge lands where NumPy puts it). Without a range, float16 and
 * float32 data are binned in their own type's arithmetic, as np.histogram(a[np.isfinite(a)], bins)
 * does (its edges are then float16 / float32 values); with a range, and for every other dtype, in
 * float64, as np.histogram(a.astype(np.float64), bins, range) (complex parts: of the float64 part).
 * NaN, +Inf and −Inf are counted beside the bins, and so are finite values outside [low, high].
 *
 * Automatic bins (for a viewer, not np.histogram's 10): over the finite min/max, ceil(√n) bins
 * (n finite values), at most MAX_AUTO_BINS; integer and bool data get one bin per integer (edges
 * at k ± 0.5) when they span at most MAX_AUTO_BINS levels (a uint8 image: 256 bins), else bins a
 * whole number of levels wide. Log counts are a drawing choice, not here.
 */
import type { ArrayView } from '../format/array';
import { NpyError } from '../errors';
import { scanView, storageOrder, type ScanOptions } from './scan';
import { checkDrawable, chunkFloats, drawPass, type ComplexPart, type FloatArray } from './values';

export const MAX_AUTO_BINS = 256;
/** The most bins anyone may ask for. */
export const MAX_BINS = 1 << 16;

export interface HistogramOptions extends ScanOptions {
  /** A number of equal-width bins, or 'auto' (default). */
  bins?: number | 'auto';
  /** The histogram's range (default: the finite min/max of the values). low = high widens to ± 0.5, like NumPy. */
  range?: [number, number];
  part?: ComplexPart;
  /**
   * The values' finite min/max and count when already known (e.g. from cached statistics): no
   * first pass for the range then, and the bins are the ones that pass would have chosen.
   */
  extent?: { min: number; max: number; finite: number };
}

export interface Histogram {
  /** bins + 1 edges: linspace(low, high, bins + 1), as NumPy computes it. */
  edges: Float64Array;
  counts: Float64Array;
  /** Finite values counted in the bins. */
  inRange: number;
  /** Finite values below low and above high. */
  below: number;
  above: number;
  nan: number;
  posinf: number;
  neginf: number;
}

/** The bins for values whose finite min/max are given. */
export function autoBins(min: number, max: number, finite: number, integers: boolean): { low: number; high: number; bins: number } {
  const want = Math.max(1, Math.min(MAX_AUTO_BINS, Math.ceil(Math.sqrt(finite))));
  // Half-integer edges are exact only below 2^52.
  if (integers && Math.abs(min) < 2 ** 52 && Math.abs(max) < 2 ** 52) {
    const levels = max - min + 1;
    const width = levels <= MAX_AUTO_BINS ? 1 : Math.ceil(levels / want);
    const bins = Math.ceil(levels / width);
    return { low: min - 0.5, high: min - 0.5 + bins * width, bins };
  }
  return { low: min, high: max, bins: want };
}

/**
 * The floating type np.histogram computes its edges and bin indices in: float16 / float32 for
 * such data (its range=None path keeps the array's type), float64 for everything else.
 */
export type BinPrecision = 16 | 32 | 64;

/** Rounds a double to the nearest float16 (ties to even), as NumPy's float16 arithmetic does. */
export function roundHalf(x: number): number {
  const a = Math.abs(x);
  if (!(a > 0) || a === Infinity) return x;
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  let e = Math.max(-14, Math.floor(Math.log2(a)));
  if (e > -14 && 2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const q = 2 ** (e - 10);
  const y = a / q, f = Math.floor(y), d = y - f;
  const r = d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
  return Math.sign(x) * r * q;
}

const ROUND: Record<BinPrecision, (x: number) => number> = { 16: roundHalf, 32: Math.fround, 64: (x) => x };

/**
 * Counts values into equal-width bins, exactly like np.histogram's uniform-bin path, with its
 * arithmetic done at `precision` (each operation rounded to the type, as NumPy's float16 / float32
 * arithmetic rounds it).
 */
export class HistogramCounter {
  readonly hist: Histogram;
  private readonly low: number;
  private readonly high: number;
  private readonly n: number;
  private readonly denom: number;
  private readonly round: (x: number) => number;
  private readonly precision: BinPrecision;

  constructor(low: number, high: number, bins: number, precision: BinPrecision = 64) {
    if (!Number.isFinite(low) || !Number.isFinite(high)) throw new NpyError('usage', `the histogram range ${low}, ${high} is not finite`);
    if (low > high) throw new NpyError('usage', `the histogram range's low end ${low} is above its high end ${high}`);
    if (!(Number.isInteger(bins) && bins >= 1 && bins <= MAX_BINS)) throw new NpyError('usage', `bins must be a whole number from 1 to ${MAX_BINS} (got ${bins})`);
    const r = ROUND[precision];
    // np.histogram widens an empty range; its edges are np.linspace's: i·step + low, the last = high.
    if (low === high) { low = r(low - 0.5); high = r(high + 0.5); }
    const edges = new Float64Array(bins + 1);
    const delta = r(high - low);
    const step = r(delta / bins);
    for (let i = 0; i < bins; i++) edges[i] = r((step === 0 ? r(r(r(i) / bins) * delta) : r(r(i) * step)) + low);
    edges[bins] = high;
    for (let i = 0; i < bins; i++) {
      if (!(edges[i] < edges[i + 1])) throw new NpyError('usage', `Too many bins for data range. Cannot create ${bins} finite-sized bins.`);
    }
    this.low = low; this.high = high; this.n = bins; this.denom = delta;
    this.round = r; this.precision = precision;
    this.hist = { edges, counts: new Float64Array(bins), inRange: 0, below: 0, above: 0, nan: 0, posinf: 0, neginf: 0 };
  }

  add(values: ArrayLike<number>): void {
    const h = this.hist, edges = h.edges, counts = h.counts;
    const low = this.low, high = this.high, n = this.n, denom = this.denom;
    const r = this.round, native = this.precision !== 64, rn = r(n);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v >= low && v <= high) {
        // NumPy: trunc(((v − low) / (high − low)) · n), then fixed up against the edges.
        let b = native ? Math.trunc(r(r(r(v - low) / denom) * rn)) : Math.floor(((v - low) / denom) * n);
        if (!(b >= 0)) b = 0; // float16 overflow (a range wider than 65504): NumPy's indices are garbage then
        if (b >= n) b = n - 1;
        if (v < edges[b]) b--;
        else if (b !== n - 1 && v >= edges[b + 1]) b++;
        counts[b]++;
      } else if (v !== v) h.nan++;
      else if (v === Infinity) h.posinf++;
      else if (v === -Infinity) h.neginf++;
      else if (v < low) h.below++;
      else h.above++;
    }
  }

  /** The histogram so far (inRange is summed here rather than in the hot loop). */
  result(): Histogram {
    this.hist.inRange = this.hist.counts.reduce((a, b) => a + b, 0);
    return this.hist;
  }
}

function binsFor(opts: HistogramOptions, min: number, max: number, finite: number, integers: boolean) {
  if (opts.range) {
    const bins = opts.bins === undefined || opts.bins === 'auto'
      ? Math.max(1, Math.min(MAX_AUTO_BINS, Math.ceil(Math.sqrt(finite)))) : opts.bins;
    return { low: opts.range[0], high: opts.range[1], bins };
  }
  if (finite === 0) return { low: 0, high: 1, bins: typeof opts.bins === 'number' ? opts.bins : 1 };
  const auto = autoBins(min, max, finite, integers);
  return typeof opts.bins === 'number' ? { low: min, high: max, bins: opts.bins } : auto;
}

/** np.histogram's arithmetic for the data: the float type's own without a range, else float64. */
function precisionOf(dt: { kind: string; itemsize: number }, opts: HistogramOptions): BinPrecision {
  if (opts.range || dt.kind !== 'f') return 64;
  return dt.itemsize === 2 ? 16 : dt.itemsize === 4 ? 32 : 64;
}

/**
 * The counter for values with this finite extent. Where the data's type cannot tell the bins
 * apart, np.histogram refuses ('Too many bins'): so do we for bins asked for; automatic bins
 * are halved until they can be told apart. No finite value: NumPy's linspace(0, 1) in float64,
 * each edge then rounded to the type.
 */
function counterFor(opts: HistogramOptions, ext: { min: number; max: number; finite: number }, integers: boolean, precision: BinPrecision): HistogramCounter {
  const { low, high } = binsFor(opts, ext.min, ext.max, ext.finite, integers);
  let { bins } = binsFor(opts, ext.min, ext.max, ext.finite, integers);
  if (ext.finite === 0 && !opts.range && precision !== 64) {
    const c = new HistogramCounter(low, high, bins);
    const edges = c.hist.edges;
    for (let i = 0; i < edges.length; i++) edges[i] = ROUND[precision](edges[i]);
    for (let i = 0; i + 1 < edges.length; i++) {
      if (!(edges[i] < edges[i + 1])) throw new NpyError('usage', `Too many bins for data range. Cannot create ${bins} finite-sized bins.`);
    }
    return c;
  }
  const auto = typeof opts.bins !== 'number';
  for (;;) {
    try {
      return new HistogramCounter(low, high, bins, precision);
    } catch (e) {
      if (!auto || bins === 1 || !(e instanceof NpyError) || !/^Too many bins/.test(e.message)) throw e;
      bins = Math.ceil(bins / 2);
    }
  }
}

function finiteExtent(values: ArrayLike<number>, acc: { min: number; max: number; finite: number }): void {
  let { min, max, finite } = acc;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) continue; // NaN or ±Inf
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  acc.min = min; acc.max = max; acc.finite = finite;
}

/** Histogram of values in memory (e.g. a drawn grid). `integers`: the values are integer data. */
export function histogramOf(values: ArrayLike<number>, opts: HistogramOptions = {}, integers = false): Histogram {
  const ext = { min: Infinity, max: -Infinity, finite: 0 };
  finiteExtent(values, ext);
  const { low, high, bins } = binsFor(opts, ext.min, ext.max, ext.finite, integers);
  const counter = new HistogramCounter(low, high, bins);
  counter.add(values);
  return counter.result();
}

/**
 * Histogram of every element of a view, streaming: without a range (or extent), a first pass
 * finds the finite min/max (progress then runs to 2 × size). Counts do not depend on order, so
 * the view is read in storage order (a Fortran-order array in long runs).
 */
export async function histogramView(view: ArrayView, opts: HistogramOptions = {}): Promise<Histogram> {
  checkDrawable(view.dtype);
  const dt = view.dtype;
  const integers = dt.kind === 'b' || dt.kind === 'i' || dt.kind === 'u';
  const size = view.size;
  const stored = storageOrder(view).view;
  let scratch: FloatArray | undefined;
  const base = drawPass(opts);
  const pass = async (fn: (v: FloatArray) => void, offset: number, total: number) => {
    const progress = opts.onProgress;
    const scan = { ...base, onProgress: progress && ((done: number) => progress(offset + done, total)) };
    for await (const c of scanView(stored, scan)) {
      const got = chunkFloats(dt, c.bytes, c.count, opts.part, scratch);
      scratch = got.scratch;
      fn(got.values);
      base.buffers?.give(c.bytes);
    }
  };
  const ext = opts.extent ? { ...opts.extent } : { min: Infinity, max: -Infinity, finite: 0 };
  const twoPasses = !opts.extent && (!opts.range || opts.bins === undefined || opts.bins === 'auto');
  if (twoPasses) await pass((v) => finiteExtent(v, ext), 0, 2 * size);
  const counter = counterFor(opts, ext, integers, precisionOf(dt, opts));
  await pass((v) => counter.add(v), twoPasses ? size : 0, twoPasses ? 2 * size : size);
  return counter.result();
}
