/**
 * The values a heatmap (or an RGB image) draws: a grid of at most maxWidth × maxHeight cells over
 * a 2-D view (or an H×W×C view, channels kept whole), never the whole array when it does not fit.
 *
 * - One cell per element when the region fits ('full').
 * - Otherwise one integer factor k for both axes (square pixels), k = the smallest that fits, and
 *   a grid of ceil(rows / k) × ceil(cols / k) cells, each standing for a k×k block of elements:
 *   - 'stride': the block's first element, read as the view `r0:r1:k, c0:c1:k`. It reads about 1/k
 *     of the rows (each row whole, as the disk sees it), so a 4 GiB array at k = 8 costs 512 MiB of
 *     reads. Each cell is a real element: hover can show it as it is.
 *   - 'mean': the block's mean over its non-NaN values (np.nanmean of the block; ±Inf propagate;
 *     an all-NaN block is NaN). Nicer (no aliasing, every element counts) but it reads the whole
 *     region, so 'auto' uses it only when the region holds at most MEAN_BUDGET_BYTES.
 * - A region (a sub-rectangle of the view) draws just that part: zooming in asks for the visible
 *   rectangle with the canvas size and gets its detail, down to one cell per element.
 * Reads go in storage order (a Fortran-order array is read down its columns), one chunk ahead,
 * with progress and cancel (scan.ts).
 */
import { MERGE_GAP, type ArrayView } from '../format/array';
import type { AxisSel } from '../format/indexexpr';
import { NpyError } from '../errors';
import { scanView, storageOrder, unravelIndex, type ScanOptions } from './scan';
import { checkDrawable, chunkFloats, drawPass, floatArrayFor, isNativeFloat, writeFloats, type ComplexPart, type FloatArray } from './values';

/** 'auto' reads the whole region for block means only up to this many bytes (~50 ms warm). */
export const MEAN_BUDGET_BYTES = 64 * 1024 * 1024;

export type DownsampleMethod = 'stride' | 'mean';

/** A sub-rectangle of the view, in elements. */
export interface Region { row: number; col: number; rows: number; cols: number }

export interface GridOptions extends ScanOptions {
  maxWidth: number;
  maxHeight: number;
  /** The part of the view to draw (default: all of it). */
  region?: Region;
  /** How to downsample when the region does not fit (default 'auto'). */
  method?: DownsampleMethod | 'auto';
  /** For 'auto': the most bytes worth reading whole for block means (default MEAN_BUDGET_BYTES). */
  meanBudgetBytes?: number;
  /** What complex values are drawn as (default magnitude). */
  part?: ComplexPart;
}

export interface Grid {
  /** The region drawn (the whole view unless asked otherwise). */
  region: Region;
  /** Cells down and across; cell (i, j) covers view rows row + i·k … and cols col + j·k …. */
  rows: number;
  cols: number;
  /** 1 for a 2-D view, else the length of its last axis (RGB(A) images). */
  channels: number;
  /** Elements per cell along each axis: 1 = full detail, k > 1 = "downsampled ×k". */
  factor: number;
  method: 'full' | DownsampleMethod;
  /** rows × cols × channels values, C order (row 0 at the top). */
  values: FloatArray;
}

/** The smallest integer k with ceil(rows / k) ≤ maxHeight and ceil(cols / k) ≤ maxWidth. */
export function downsampleFactor(rows: number, cols: number, maxWidth: number, maxHeight: number): number {
  return Math.max(1, Math.ceil(rows / maxHeight), Math.ceil(cols / maxWidth));
}

function checkRegion(view: ArrayView, r: Region): void {
  const [h, w] = view.shape;
  const ok = [r.row, r.col, r.rows, r.cols].every((x) => Number.isInteger(x) && x >= 0) &&
    r.row + r.rows <= h && r.col + r.cols <= w;
  if (!ok) throw new NpyError('index', `region rows ${r.row}+${r.rows}, cols ${r.col}+${r.cols} is outside the ${h}×${w} view`);
}

const slice = (start: number, stop: number, step: number): AxisSel => ({ kind: 'slice', start, stop, step });

/** The heatmap grid of a 2-D view (or the image grid of an H×W×C view). */
export async function heatmapGrid(view: ArrayView, opts: GridOptions): Promise<Grid> {
  checkDrawable(view.dtype);
  if (view.ndim !== 2 && view.ndim !== 3) {
    throw new NpyError('usage', `a heatmap needs a 2-D view (or H×W×C for an image), not ${view.ndim}-D`);
  }
  const { maxWidth, maxHeight } = opts;
  if (!(Number.isInteger(maxWidth) && maxWidth >= 1 && Number.isInteger(maxHeight) && maxHeight >= 1)) {
    throw new NpyError('usage', `the grid size must be whole numbers ≥ 1 (got ${maxWidth}×${maxHeight})`);
  }
  const region = opts.region ?? { row: 0, col: 0, rows: view.shape[0], cols: view.shape[1] };
  checkRegion(view, region);
  const channels = view.ndim === 3 ? view.shape[2] : 1;
  const k = downsampleFactor(region.rows, region.cols, maxWidth, maxHeight);
  const rows = Math.ceil(region.rows / k), cols = Math.ceil(region.cols / k);
  const regionBytes = region.rows * region.cols * channels * view.dtype.itemsize;
  const method: Grid['method'] = k === 1 ? 'full' : opts.method === 'auto' || opts.method === undefined
    ? (regionBytes <= (opts.meanBudgetBytes ?? MEAN_BUDGET_BYTES) ? 'mean' : 'stride') : opts.method;
  const rest: AxisSel[] = view.ndim === 3 ? [slice(0, channels, 1)] : [];
  const grid = { region: { ...region }, rows, cols, channels, factor: k, method };
  if (rows === 0 || cols === 0 || channels === 0) {
    return { ...grid, values: floatArrayFor(view.dtype, 0, opts.part) };
  }
  if (method !== 'mean') {
    const sub = view.index([slice(region.row, region.row + region.rows, k), slice(region.col, region.col + region.cols, k), ...rest]);
    const values = floatArrayFor(view.dtype, sub.size, opts.part);
    if (!(await readRowsGathered(sub, values, opts))) await readInOrder(sub, values, opts);
    return { ...grid, values };
  }
  const sub = view.index([slice(region.row, region.row + region.rows, 1), slice(region.col, region.col + region.cols, 1), ...rest]);
  return { ...grid, values: await blockMeans(sub, k, rows, cols, channels, opts) };
}

/**
 * Reads `view` in storage order (storageOrder's permuted view, chunk by chunk) and calls `visit`
 * with each chunk's values, the permutation, the permuted shape and the permuted multi-index of
 * the chunk's first element (the visitor walks it on as an odometer, last axis fastest).
 */
async function forEachChunk(view: ArrayView, opts: GridOptions,
  visit: (values: FloatArray, perm: number[], pshape: number[], pindex: number[]) => void): Promise<void> {
  const so = storageOrder(view);
  const pshape = so.perm.map((a) => view.shape[a]);
  let scratch: FloatArray | undefined;
  const scan = drawPass(opts);
  for await (const c of scanView(so.view, scan)) {
    const got = chunkFloats(view.dtype, c.bytes, c.count, opts.part, scratch);
    scratch = got.scratch;
    visit(got.values, so.perm, pshape, unravelIndex(c.start, pshape));
    scan.buffers?.give(c.bytes);
  }
}

/** Bytes of a row's span above which readRowsGathered leaves the view to readInOrder. */
const GATHER_SPAN_MAX = 8 * 1024 * 1024;
/** Row reads in flight while readRowsGathered picks the elements out of an earlier row. */
const GATHER_DEPTH = 4;

/**
 * The common case of a downsampled picture, fast: a 2-D view of host-order float32/float64 from a
 * file (a source with parallel reads into the caller's memory) whose columns lie a few elements
 * apart (every k-th element of a row) in ascending order. Each row's span (first to last
 * element) is read whole into one of a few reused buffers, GATHER_DEPTH rows ahead, and its
 * elements are copied out as 32-bit words in a plain loop (so every bit, NaN payloads too, is
 * kept), instead of a general scatter per read. Progress and cancel as scanView's, per row.
 * False (nothing read) when the view is not of that kind.
 */
async function readRowsGathered(view: ArrayView, out: FloatArray, opts: GridOptions): Promise<boolean> {
  const src = view.array.source;
  const item = view.dtype.itemsize;
  if (view.ndim !== 2 || !isNativeFloat(view.dtype) || out.BYTES_PER_ELEMENT !== item || !src.readInto || src.parallelReads !== true) return false;
  const [rows, cols] = view.shape;
  const [rowStride, colStride] = view.strides;
  const span = (cols - 1) * colStride + item;
  if (rows < 2 || cols < 2 || colStride <= 0 || colStride % item !== 0 || colStride >= MERGE_GAP || span > GATHER_SPAN_MAX) return false;
  const readInto = src.readInto.bind(src);
  const base = view.array.header.dataOffset + view.offset;
  const words = item / 4; // 32-bit words per element
  const step = colStride / 4;
  const dst = new Uint32Array(out.buffer, out.byteOffset, out.length * words);
  const depth = Math.min(GATHER_DEPTH, rows);
  const bufs = Array.from({ length: depth }, () => new Uint32Array(Math.ceil(span / 4)));
  const pending: Promise<void>[] = [];
  const read = (r: number): Promise<void> => {
    const b = bufs[r % depth];
    const p = readInto(base + r * rowStride, new Uint8Array(b.buffer, 0, span));
    p.catch(() => undefined); // awaited below; no unhandled rejection when the pass stops early
    return p;
  };
  checkCancelled(opts.signal);
  for (let r = 0; r < depth; r++) pending.push(read(r));
  const total = rows * cols;
  for (let r = 0; r < rows; r++) {
    const slot = r % depth;
    await pending[slot];
    checkCancelled(opts.signal);
    const b = bufs[slot];
    let o = r * cols * words;
    if (words === 2) {
      for (let j = 0, s = 0; j < cols; j++, s += step, o += 2) { dst[o] = b[s]; dst[o + 1] = b[s + 1]; }
    } else {
      for (let j = 0, s = 0; j < cols; j++, s += step, o++) dst[o] = b[s];
    }
    if (r + depth < rows) pending[slot] = read(r + depth);
    opts.onProgress?.((r + 1) * cols, total);
  }
  return true;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new NpyError('cancelled', 'cancelled');
}

/** All of `view`'s values into out, in the view's C order. */
async function readInOrder(view: ArrayView, out: FloatArray, opts: GridOptions): Promise<void> {
  const nd = view.ndim;
  const cStride = new Array<number>(nd);
  for (let a = nd - 1, s = 1; a >= 0; a--) { cStride[a] = s; s *= view.shape[a]; }
  const so = storageOrder(view);
  if (so.perm.every((a, i) => a === i)) {
    // Storage order is the view's C order: chunks land where they are; host-order floats are
    // read straight into out.
    if (isNativeFloat(view.dtype) && out.BYTES_PER_ELEMENT === view.dtype.itemsize) {
      const target = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      for await (const _ of scanView(view, { ...opts, target })) { /* read in place */ }
      return;
    }
    for await (const c of scanView(view, opts)) writeFloats(view.dtype, c.bytes, out, c.start, opts.part);
    return;
  }
  await forEachChunk(view, opts, (vals, perm, pshape, idx) => {
    const ps = perm.map((a) => cStride[a]); // out stride of each permuted axis
    let pos = 0;
    for (let i = 0; i < nd; i++) pos += idx[i] * ps[i];
    const last = nd - 1;
    for (let e = 0; e < vals.length; e++) {
      out[pos] = vals[e];
      // Odometer over the permuted axes, last fastest.
      let i = last;
      idx[i]++; pos += ps[i];
      while (idx[i] === pshape[i] && i > 0) { pos -= ps[i] * pshape[i]; idx[i] = 0; i--; idx[i]++; pos += ps[i]; }
    }
  });
}

/** np.nanmean of each k×k block (per channel) of `view` (region-sized, rows × cols × channels cells). */
async function blockMeans(view: ArrayView, k: number, rows: number, cols: number, channels: number,
  opts: GridOptions): Promise<Float64Array> {
  const cells = rows * cols * channels;
  const sum = new Float64Array(cells);
  const count = new Float64Array(cells);
  const nd = view.ndim;
  await forEachChunk(view, opts, (vals, perm, pshape, pidx) => {
    if (nd === 2 && perm[0] === 0) {
      addRowMajor(vals, pidx[0], pidx[1], pshape[1], k, cols, sum, count);
      return;
    }
    // View index (r, c, ch) kept alongside the permuted odometer.
    const v = new Array<number>(3).fill(0);
    for (let i = 0; i < nd; i++) v[perm[i]] = pidx[i];
    const last = nd - 1;
    for (let e = 0; e < vals.length; e++) {
      const x = vals[e];
      if (x === x) {
        const cell = (Math.floor(v[0] / k) * cols + Math.floor(v[1] / k)) * channels + v[2];
        sum[cell] += x;
        count[cell]++;
      }
      let i = last;
      pidx[i]++; v[perm[i]]++;
      while (pidx[i] === pshape[i] && i > 0) { pidx[i] = 0; v[perm[i]] = 0; i--; pidx[i]++; v[perm[i]]++; }
    }
  });
  for (let i = 0; i < cells; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : NaN;
  return sum;
}

/**
 * blockMeans' loop for a 2-D view read in its own C order (the common case): the chunk's values
 * from element (r, c) on, width elements a row, added to their cells' sums and counts (NaN
 * skipped) in the same order as the general loop, without a division per element.
 */
function addRowMajor(vals: FloatArray, r: number, c: number, width: number, k: number, cols: number,
  sum: Float64Array, count: Float64Array): void {
  let rowCell = Math.floor(r / k) * cols;
  let cell = rowCell + Math.floor(c / k);
  let inBlock = c % k;
  for (let e = 0; e < vals.length; e++) {
    const x = vals[e];
    if (x === x) { sum[cell] += x; count[cell]++; }
    if (++c === width) {
      c = 0; inBlock = 0; r++;
      rowCell = Math.floor(r / k) * cols;
      cell = rowCell;
    } else if (++inBlock === k) {
      inBlock = 0; cell++;
    }
  }
}
