/**
 * Percentiles of the finite values of a view (the robust 1–99 % domain of value-shaded cells),
 * np.percentile's default 'linear' method, i.e. np.nanpercentile of the view with ±Inf left out.
 *
 * Bounded memory either way:
 * - exact when the view has at most EXACT_LIMIT elements: one pass reads its finite values into
 *   a Float64Array (≤ 8 MB), sorted, interpolated as NumPy does;
 * - otherwise estimated in two streaming passes: the finite min/max, then a histogram of
 *   QUANTILE_BINS equal-width bins over them (HistogramCounter, np.histogram's binning); the
 *   values at the two ranks either side of the percentile's position are placed inside their
 *   bins (spread evenly over the bin, in rank order) and interpolated. Each such value is within
 *   one bin width of the true one, so the result is too: |error| ≤ (max − min) / QUANTILE_BINS.
 * Values are taken as float64 (int64 beyond 2^53 rounds, as np.percentile's float result does).
 */
import type { ArrayView } from '../format/array';
import { HistogramCounter } from './histogram';
import { scanView, type ScanOptions } from './scan';
import { checkDrawable, floatArrayFor, writeFloats, type FloatArray } from './values';

export const EXACT_LIMIT = 1_000_000;
export const QUANTILE_BINS = 1 << 16;

export interface Percentiles {
  /** One per requested percentile; null when the view has no finite value. */
  values: (number | null)[];
  /** Sorted exactly (small views) or estimated from the histogram (within `binWidth`). */
  exact: boolean;
  /** The histogram's bin width (0 when exact). */
  binWidth: number;
  finite: number;
}

/** Percentile p (0–100) of sorted values, NumPy's default linear interpolation. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const frac = pos - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

async function eachChunk(view: ArrayView, opts: ScanOptions, offset: number, total: number, fn: (v: FloatArray) => void): Promise<void> {
  const dt = view.dtype;
  const progress = opts.onProgress;
  const scan = { ...opts, onProgress: progress && ((done: number) => progress(offset + done, total)) };
  let tmp: FloatArray | undefined;
  for await (const c of scanView(view, scan)) {
    if (!tmp || tmp.length < c.count) tmp = floatArrayFor(dt, c.count);
    writeFloats(dt, c.bytes, tmp, 0);
    fn(tmp.subarray(0, c.count));
  }
}

/** The percentiles `ps` (each 0–100) of the view's finite values. */
export async function percentilesView(view: ArrayView, ps: readonly number[], opts: ScanOptions = {}): Promise<Percentiles> {
  checkDrawable(view.dtype);
  const size = view.size;
  if (size <= EXACT_LIMIT) {
    const all = new Float64Array(size);
    let n = 0;
    await eachChunk(view, opts, 0, size, (v) => {
      for (let i = 0; i < v.length; i++) { const x = v[i]; if (x - x === 0) all[n++] = x; }
    });
    const sorted = all.subarray(0, n).sort();
    return { values: ps.map((p) => (n === 0 ? null : percentileOfSorted(sorted, p))), exact: true, binWidth: 0, finite: n };
  }
  let min = Infinity, max = -Infinity, finite = 0;
  await eachChunk(view, opts, 0, 2 * size, (v) => {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x - x !== 0) continue;
      finite++;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  });
  if (finite === 0) return { values: ps.map(() => null), exact: false, binWidth: 0, finite };
  if (min === max) return { values: ps.map(() => min), exact: true, binWidth: 0, finite };
  const counter = new HistogramCounter(min, max, QUANTILE_BINS);
  await eachChunk(view, opts, size, 2 * size, (v) => counter.add(v));
  const { edges, counts } = counter.result();
  const cum = new Float64Array(counts.length + 1);
  for (let b = 0; b < counts.length; b++) cum[b + 1] = cum[b] + counts[b];
  /** The value of rank r (0-based) among the sorted finite values, placed inside its bin. */
  const valueAt = (r: number): number => {
    if (r <= 0) return min;
    if (r >= finite - 1) return max;
    let lo = 0, hi = counts.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid + 1] > r) hi = mid; else lo = mid + 1; }
    const within = (r - cum[lo] + 0.5) / counts[lo];
    return edges[lo] + (edges[lo + 1] - edges[lo]) * within;
  };
  const values = ps.map((p) => {
    const pos = (p / 100) * (finite - 1);
    const r = Math.floor(pos), frac = pos - r;
    const a = valueAt(r);
    return frac === 0 ? a : a + (valueAt(Math.min(finite - 1, r + 1)) - a) * frac;
  });
  return { values, exact: false, binWidth: (max - min) / QUANTILE_BINS, finite };
}
