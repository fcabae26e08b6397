/**
 * Line envelopes: a 1-D view of N points drawn in P pixel columns. When N > P each column gets the
 * min and max of its points (NaN skipped; ±Inf kept) and its first and last value (which join it
 * to its neighbours), so 1e7 points become ~4P numbers and every peak still shows. Computed in one
 * streaming pass over the range, with progress and cancel. Zooming in asks again for the visible
 * sub-range and gets finer columns, down to one point per column.
 *
 * Column c of an envelope over [start, stop) holds the points
 *   start + floor(c·n / P) … start + floor((c+1)·n / P) − 1,   n = stop − start,
 * so every column has ⌊n/P⌋ or ⌈n/P⌉ points. With n ≤ P there is one point per column
 * (P = n, min = max = first = last).
 */
import type { ArrayView } from '../format/array';
import { NpyError } from '../errors';
import { scanView, type ScanOptions } from './scan';
import { checkDrawable, chunkFloats, drawPass, type ComplexPart, type FloatArray } from './values';

export interface EnvelopeOptions extends ScanOptions {
  /** Pixel columns (P ≥ 1). */
  columns: number;
  /** Points start … stop − 1 of the view (default all). */
  start?: number;
  stop?: number;
  part?: ComplexPart;
}

export interface Envelope {
  start: number;
  stop: number;
  /** Columns used: min(P, n). */
  columns: number;
  /** Per column: least and greatest non-NaN value (NaN when all its points are NaN). */
  min: Float64Array;
  max: Float64Array;
  /** Per column: its first and last point's value (NaN included: the line breaks there). */
  first: Float64Array;
  last: Float64Array;
  /** Per column: how many of its points are NaN. */
  nan: Uint32Array;
}

/** The first point of column c (c = columns gives stop), exact for any n below 2^53. */
export function columnStart(start: number, n: number, columns: number, c: number): number {
  const q = Math.floor(n / columns), r = n % columns;
  return start + c * q + Math.floor((c * r) / columns);
}

export async function lineEnvelope(view: ArrayView, opts: EnvelopeOptions): Promise<Envelope> {
  checkDrawable(view.dtype);
  if (view.ndim !== 1) throw new NpyError('usage', `a line needs a 1-D view, not ${view.ndim}-D`);
  const size = view.shape[0];
  const start = opts.start ?? 0, stop = opts.stop ?? size;
  if (!(Number.isInteger(start) && Number.isInteger(stop) && start >= 0 && start <= stop && stop <= size)) {
    throw new NpyError('index', `points ${start} to ${stop} are outside the view of ${size}`);
  }
  if (!(Number.isInteger(opts.columns) && opts.columns >= 1)) throw new NpyError('usage', `columns must be a whole number ≥ 1 (got ${opts.columns})`);
  const n = stop - start;
  const P = Math.min(opts.columns, n);
  const env: Envelope = {
    start, stop, columns: P, min: new Float64Array(P).fill(NaN), max: new Float64Array(P).fill(NaN),
    first: new Float64Array(P), last: new Float64Array(P), nan: new Uint32Array(P),
  };
  if (n === 0) return env;
  const range = view.index([{ kind: 'slice', start, stop, step: 1 }]);
  let c = 0;
  let end = columnStart(0, n, P, 1); // first point (relative to start) of column c + 1
  let colFirst = true;
  let scratch: FloatArray | undefined;
  // Host-order floats are looked at where they landed in the pass's reused buffers (no copy, no
  // fresh memory per chunk); other dtypes are converted into one reused array.
  const scan = drawPass(opts);
  for await (const chunk of scanView(range, scan)) {
    const b = chunk.bytes;
    const got = chunkFloats(view.dtype, b, chunk.count, opts.part, scratch);
    const vals = got.values;
    scratch = got.scratch;
    let i = 0;
    let p = chunk.start; // relative point index of vals[i]
    while (i < chunk.count) {
      // Points p … min(end, chunk end) − 1 belong to column c.
      const upto = Math.min(chunk.count, i + (end - p));
      if (colFirst) { env.first[c] = vals[i]; colFirst = false; }
      foldColumn(env, c, vals, i, upto);
      p += upto - i;
      i = upto;
      if (p === end && c < P - 1) {
        c++;
        end = columnStart(0, n, P, c + 1);
        colFirst = true;
      }
    }
    scan.buffers?.give(b);
  }
  return env;
}

/**
 * Points vals[i … upto) into column c: its min, max (NaN skipped), NaN count and last value. A
 * function of its own so that the engine optimises this loop at once, not the whole pass.
 */
function foldColumn(env: Envelope, c: number, vals: FloatArray, i: number, upto: number): void {
  let lo = env.min[c], hi = env.max[c], nans = 0;
  for (let j = i; j < upto; j++) {
    const v = vals[j];
    if (v !== v) { nans++; continue; }
    // NaN compares false: the first non-NaN value replaces the NaN start.
    if (!(v >= lo)) lo = v;
    if (!(v <= hi)) hi = v;
  }
  env.min[c] = lo; env.max[c] = hi; env.nan[c] += nans;
  env.last[c] = vals[upto - 1];
}
