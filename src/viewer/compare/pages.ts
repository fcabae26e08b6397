/**
 * The comparison panel's grid on the host, without VS Code: one page of a pair (both sides' cells
 * read through the engine's block reads, the mismatch flags and differences from the engine's
 * compareBlock, i.e. the same np.isclose rule as the comparison itself) written as text, and the
 * next / previous mismatch from a cell (the engine's findMismatch: a streaming, cancellable
 * search). Nothing here reads more than the page asked for, or the elements up to a mismatch.
 */
import { compareBlock, findMismatch, type DiffResult, type Tolerance } from '../../npy/compute/diff';
import type { ArrayView, NpyArray } from '../../npy/format/array';
import type { OpenedFile } from '../../npy/format/open';
import { dtypeFromDescr } from '../../npy/format/dtype';
import { isNpyError, NpyError } from '../../npy/errors';
import { errorText } from '../../shared/errors';
import { COMPARE_PAGE_LIMITS, gridShape, type CompareFromWebview, type CompareHeatmap, type ComparePage, type CompareToWebview } from '../../shared/compare';
import type { FormatSettings } from '../../shared/format';
import { makeCellFormatter } from '../display';
import { encodeFloat64 } from '../pictures/heatmap';

/** What a page asks for (the page's fields without its texts). */
export type PageRequest = Pick<ComparePage, 'seq' | 'pair' | 'lead' | 'row0' | 'col0' | 'rows' | 'cols'>;

/** Why a page request does not fit the array, or null. */
export function pageRequestError(shape: readonly number[], req: PageRequest): string | null {
  const g = gridShape(shape);
  if (req.lead.length !== g.lead.length) return `the slice needs ${g.lead.length} leading indices`;
  for (let i = 0; i < g.lead.length; i++) {
    if (req.lead[i] < 0 || req.lead[i] >= g.lead[i]) return `index ${req.lead[i]} is out of bounds for axis ${i} with size ${g.lead[i]}`;
  }
  if (req.rows < 0 || req.cols < 0 || req.rows > COMPARE_PAGE_LIMITS.rows || req.cols > COMPARE_PAGE_LIMITS.cols
    || req.rows * req.cols > COMPARE_PAGE_LIMITS.cells) return 'the page is too large';
  if (req.row0 < 0 || req.col0 < 0 || req.row0 > g.rows || req.col0 > g.cols) return 'the page is outside the array';
  return null;
}

/** Formats doubles (or complex pairs) as the grid writes a float64 / complex128. */
function doublesText(settings: FormatSettings, complex: boolean): (re: Float64Array, im: Float64Array | undefined, n: number) => string[] {
  const f = makeCellFormatter(dtypeFromDescr(complex ? '<c16' : '<f8'), settings);
  const item = complex ? 16 : 8;
  return (re, im, n) => {
    const buf = new Uint8Array(n * item);
    const dv = new DataView(buf.buffer);
    for (let k = 0; k < n; k++) {
      dv.setFloat64(k * item, re[k], true);
      if (complex) dv.setFloat64(k * item + 8, im ? im[k] : 0, true);
    }
    const out: string[] = new Array(n);
    for (let k = 0; k < n; k++) out[k] = f(buf, k * item).text;
    return out;
  };
}

/**
 * One page of the grid of views `a` and `b` (same shape, comparable dtypes): rows × cols cells
 * from (row0, col0) of slice `lead`, clipped to the array. Throws NpyError('usage') for a request
 * that does not fit or views that cannot be compared.
 */
export async function comparePage(a: ArrayView, b: ArrayView, req: PageRequest, tol: Partial<Tolerance>,
  settings: FormatSettings): Promise<ComparePage> {
  const why = pageRequestError(a.shape, req);
  if (why !== null) throw new NpyError('usage', why);
  const g = gridShape(a.shape);
  const rows = Math.max(0, Math.min(req.rows, g.rows - req.row0));
  const cols = Math.max(0, Math.min(req.cols, g.cols - req.col0));
  const page: ComparePage = { seq: req.seq, pair: req.pair, lead: [...req.lead], row0: req.row0, col0: req.col0, rows, cols, a: [], b: [], diff: [], rel: [], mismatch: '' };
  if (rows === 0 || cols === 0) return page;
  const nd = a.shape.length;
  const start = nd === 0 ? [] : nd === 1 ? [req.row0] : [...req.lead, req.row0, req.col0];
  const count = nd === 0 ? [] : nd === 1 ? [rows] : [...req.lead.map(() => 1), rows, cols];
  const block = await compareBlock(a, b, start, count, tol);
  const n = rows * cols;
  const fa = makeCellFormatter(a.dtype, settings);
  const fb = makeCellFormatter(b.dtype, settings);
  const [ia, ib] = [a.dtype.itemsize, b.dtype.itemsize];
  for (let k = 0; k < n; k++) {
    page.a.push(fa(block.bytes[0], k * ia).text);
    page.b.push(fb(block.bytes[1], k * ib).text);
  }
  let flags = '';
  for (let k = 0; k < n; k++) flags += block.mismatch[k] ? '1' : '0';
  page.mismatch = flags;
  if (block.diff && block.rel) {
    page.diff = doublesText(settings, block.diffImag !== undefined)(block.diff, block.diffImag, n);
    page.rel = doublesText(settings, false)(block.rel, undefined, n);
  }
  return page;
}

/** A slice of at most this many bytes per side is read whole for block maxima (the heatmap's mean budget). */
export const DIFF_MAX_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * |A − B| of slice `lead` in at most maxWidth × maxHeight cells, with one factor k for both axes
 * (the smallest that fits, as the heatmap picks it). When the slice does not fit, each cell is a
 * k × k block: its largest |A − B| (NaN only when all are NaN; a lone mismatch stays visible) when
 * the slice holds at most `budgetBytes` per side, read in bands of k rows; else the element at
 * the block's top left, read as the strided views `lead, ::k, ::k` (about 1/k of the rows).
 */
export async function diffHeatmap(a: ArrayView, b: ArrayView, lead: number[], maxWidth: number, maxHeight: number,
  settings: FormatSettings, budgetBytes = DIFF_MAX_BUDGET_BYTES): Promise<Omit<CompareHeatmap, 'seq'>> {
  const why = pageRequestError(a.shape, { seq: 0, pair: 0, lead, row0: 0, col0: 0, rows: 0, cols: 0 });
  if (why !== null) throw new NpyError('usage', why);
  const g = gridShape(a.shape);
  const k = Math.max(1, Math.ceil(g.rows / maxHeight), Math.ceil(g.cols / maxWidth));
  const nd = a.shape.length;
  const rows = Math.ceil(g.rows / k);
  const cols = Math.ceil(g.cols / k);
  const values = new Float64Array(rows * cols);
  const sliceBytes = g.rows * g.cols * Math.max(a.dtype.itemsize, b.dtype.itemsize);
  const method: CompareHeatmap['method'] = k === 1 ? 'full' : sliceBytes <= budgetBytes ? 'max' : 'stride';
  const abs = (d: Awaited<ReturnType<typeof compareBlock>>): Float64Array => {
    if (!d.diff) throw new NpyError('usage', 'only numbers have a difference to draw');
    const out = new Float64Array(d.diff.length);
    for (let i = 0; i < out.length; i++) out[i] = d.diffImag ? Math.hypot(d.diff[i], d.diffImag[i]) : Math.abs(d.diff[i]);
    return out;
  };
  if (values.length > 0 && method === 'max') {
    values.fill(NaN);
    for (let i = 0; i < rows; i++) {
      const nr = Math.min(k, g.rows - i * k);
      const start = nd === 1 ? [i * k] : [...lead, i * k, 0];
      const count = nd === 1 ? [nr] : [...lead.map(() => 1), nr, g.cols];
      const band = abs(await compareBlock(a, b, start, count, {}));
      for (let r = 0; r < nr; r++) {
        for (let c = 0; c < g.cols; c++) {
          const v = band[r * g.cols + c];
          const j = i * cols + Math.floor(c / k);
          if (v === v && !(values[j] >= v)) values[j] = v;
        }
      }
    }
  } else if (values.length > 0) {
    const expr = nd === 0 ? '...' : nd === 1 ? `::${k}` : [...lead.map(String), `::${k}`, `::${k}`].join(',');
    const [va, vb] = [a.index(expr), b.index(expr)];
    values.set(abs(await compareBlock(va, vb, va.shape.map(() => 0), [...va.shape], {})));
  }
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] === 0 && values[i] > max) max = values[i];
  return {
    rows, cols, factor: k, method, values: encodeFloat64(values),
    maxText: max === -Infinity ? '' : doublesText(settings, false)(Float64Array.of(max), undefined, 1)[0],
  };
}

/** Flat C-order position of a full index. */
function flatOf(index: readonly number[], shape: readonly number[]): number {
  return index.reduce((f, i, k) => f * shape[k] + i, 0);
}

export interface FoundMismatch {
  /** Full index of the mismatch, or null when the pair has none. */
  index: number[] | null;
  /** The search went past the end (or the start) and went on from the other end. */
  wrapped: boolean;
}

/**
 * The next mismatch after cell `from` (C order; from the start when null), or the previous one
 * before it (from the end when null), wrapping around once. Streams through both views.
 */
export async function findFrom(a: ArrayView, b: ArrayView, from: number[] | null, direction: 'next' | 'previous',
  opts: Partial<Tolerance> & { signal?: AbortSignal; onProgress?(done: number, total: number): void }): Promise<FoundMismatch> {
  if (from !== null && (from.length !== a.shape.length || from.some((i, k) => !(i >= 0 && i < a.shape[k])))) {
    throw new NpyError('usage', 'the search starts outside the array');
  }
  const size = a.size;
  const here = from === null ? (direction === 'next' ? -1 : size) : flatOf(from, a.shape);
  const first = await findMismatch(a, b, direction === 'next' ? here + 1 : here, direction, opts);
  if (first) return { index: first.index, wrapped: false };
  // Around the end: the part not searched yet, up to and including the start cell.
  if (from === null) return { index: null, wrapped: false };
  const again = direction === 'next'
    ? await findMismatch(a, b, 0, 'next', opts)
    : await findMismatch(a, b, size, 'previous', opts);
  if (!again) return { index: null, wrapped: false };
  const f = flatOf(again.index, a.shape);
  if (direction === 'next' ? f > here : f < here) return { index: null, wrapped: false };
  return { index: again.index, wrapped: true };
}

/** The views of one pair, opened for the grid; close() gives back what opening took. */
export interface PairViews {
  a: ArrayView;
  b: ArrayView;
  close(): Promise<void>;
}

/**
 * The grid's pair views for one panel: the pair shown stays open while the user pages (opening a
 * compressed member again for each page would inflate it again); another pair closes it.
 */
export class PairCache {
  private current?: { pair: number; views: Promise<PairViews> };

  constructor(private readonly open: (pair: number) => Promise<PairViews>) {}

  views(pair: number): Promise<PairViews> {
    if (this.current?.pair !== pair) {
      const old = this.current;
      const views = this.open(pair);
      views.catch(() => undefined);
      this.current = { pair, views };
      if (old) void old.views.then((v) => v.close(), () => undefined);
    }
    return this.current.views;
  }

  async close(): Promise<void> {
    const old = this.current;
    this.current = undefined;
    if (old) await old.views.then((v) => v.close(), () => undefined);
  }
}

/** Opens pair `pair` of `result` from the two opened files (an npz side opens its member). */
export async function openPairViews(files: [OpenedFile, OpenedFile], result: DiffResult, pair: number): Promise<PairViews> {
  const name = result.pairs[pair].name;
  const opened: NpyArray[] = [];
  const side = async (f: OpenedFile): Promise<NpyArray> => {
    if (f.kind === 'npy') return f.array;
    const arr = await f.npz.openArray(name);
    opened.push(arr);
    return arr;
  };
  const close = async (): Promise<void> => { await Promise.allSettled(opened.map((x) => x.close())); };
  try {
    const a = await side(files[0]);
    const b = await side(files[1]);
    return { a: a.view(), b: b.view(), close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Whether pair `i` of a result has a grid (compared element by element). */
export function hasGrid(result: DiffResult | undefined, i: number): boolean {
  const p = result?.pairs[i];
  return !!p && p.reason === null && p.shape[0] !== null && p.shape[1] !== null;
}

export interface CompareGridOptions {
  /** Both files, opened once for the panel's grid (the caller closes them). */
  files(): Promise<[OpenedFile, OpenedFile]>;
  post(m: CompareToWebview): void;
  settings(): FormatSettings;
  tolerance(): Tolerance;
  /** The last comparison's result: its pairs are what the grid shows. */
  result(): DiffResult | undefined;
}

/**
 * The host side of the panel's grid: answers the page's getPage / find / cancelFind messages
 * (already schema-checked) from the files, one search at a time.
 */
export class CompareGrid {
  private readonly cache = new PairCache((pair) => this.opts.files().then((f) => openPairViews(f, this.opts.result()!, pair)));
  private search?: AbortController;
  private resultSeen?: DiffResult;

  constructor(private readonly opts: CompareGridOptions) {}

  async handle(msg: Extract<CompareFromWebview, { type: 'getPage' | 'find' | 'cancelFind' | 'getHeatmap' }>): Promise<void> {
    if (msg.type === 'cancelFind') { this.search?.abort(); return; }
    const result = this.opts.result();
    if (result !== this.resultSeen) {
      // A new comparison (other tolerances) may have replaced the pairs: reopen on demand.
      this.resultSeen = result;
      await this.cache.close();
    }
    if (msg.type === 'getPage') return this.page(msg, result);
    if (msg.type === 'getHeatmap') return this.heatmap(msg, result);
    return this.find(msg, result);
  }

  private async heatmap(msg: Extract<CompareFromWebview, { type: 'getHeatmap' }>, result: DiffResult | undefined): Promise<void> {
    try {
      if (!hasGrid(result, msg.pair)) throw new NpyError('usage', 'this pair has no grid');
      const v = await this.cache.views(msg.pair);
      const map = await diffHeatmap(v.a, v.b, msg.lead, msg.maxWidth, msg.maxHeight, this.opts.settings());
      this.opts.post({ type: 'heatmap', map: { seq: msg.seq, ...map } });
    } catch (e) {
      this.opts.post({ type: 'heatmapError', seq: msg.seq, message: errorText(e) });
    }
  }

  private async page(msg: Extract<CompareFromWebview, { type: 'getPage' }>, result: DiffResult | undefined): Promise<void> {
    try {
      if (!hasGrid(result, msg.pair)) throw new NpyError('usage', 'this pair has no grid');
      const v = await this.cache.views(msg.pair);
      const page = await comparePage(v.a, v.b, msg, this.opts.tolerance(), this.opts.settings());
      this.opts.post({ type: 'page', page });
    } catch (e) {
      this.opts.post({ type: 'pageError', seq: msg.seq, message: errorText(e) });
    }
  }

  private async find(msg: Extract<CompareFromWebview, { type: 'find' }>, result: DiffResult | undefined): Promise<void> {
    this.search?.abort();
    const abort = new AbortController();
    this.search = abort;
    let shown = -1;
    const onProgress = (done: number, total: number): void => {
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      if (pct !== shown) { shown = pct; this.opts.post({ type: 'finding', seq: msg.seq, done, total }); }
    };
    try {
      if (!hasGrid(result, msg.pair)) throw new NpyError('usage', 'this pair has no grid');
      const v = await this.cache.views(msg.pair);
      const r = await findFrom(v.a, v.b, msg.from, msg.direction, { ...this.opts.tolerance(), signal: abort.signal, onProgress });
      this.opts.post({ type: 'found', seq: msg.seq, index: r.index, wrapped: r.wrapped, cancelled: false, message: '' });
    } catch (e) {
      const cancelled = abort.signal.aborted || (isNpyError(e) && e.code === 'cancelled');
      this.opts.post({ type: 'found', seq: msg.seq, index: null, wrapped: false, cancelled, message: cancelled ? '' : errorText(e) });
    } finally {
      if (this.search === abort) this.search = undefined;
    }
  }

  async close(): Promise<void> {
    this.search?.abort();
    await this.cache.close();
  }
}
