/**
 * Comparing two arrays element by element: one streaming pass over both in lockstep (same shape,
 * both read in C order with the same chunk boundaries, so element k of a chunk of A pairs with
 * element k of the chunk of B), with progress and cancel; searches for the next / previous
 * mismatch from a position; and the per-element differences of one block (a page of a view).
 *
 * Numbers (bool, integers, floats, complex; any widths and byte orders) match as
 * `np.isclose(a, b, rtol, atol, equal_nan=True)` (numeric.ts); everything else by equality
 * (equality.ts). Memory is a few chunks whatever the sizes.
 */
import type { ArrayView } from '../../format/array';
import { makeDecoder } from '../../format/decode';
import { dtypeDescr, type DType } from '../../format/dtype';
import { NpyError } from '../../errors';
import { numpyStr } from '../../text/scalarstr';
import { CHUNK_BYTES, ChunkBuffers, scanTiles, scanView, storageOrder, unravelIndex, type ScanChunk, type StorageOrder } from '../scan';
import { shapeText } from '../../../shared/format';
import type { ElementPair, PairDiff } from '../../../shared/compare';
import { equalityRule, type ElementEquals } from './equality';
import {
  asDoubles, compareDoubles, DEFAULT_TOLERANCE, differences, isNumericKind, numericPlan,
  type ChunkStats, type Differences, type NumericPlan, type Tolerance,
} from './numeric';

export type { ElementPair, PairDiff };

/** The text of one element as a user should see it (the grid's cell text, NumPy's str()...). */
export type CellText = (dt: DType) => (bytes: Uint8Array, offset: number) => string;

/** NumPy's str() of the element: the engine's default text. */
export const numpyStrText: CellText = (dt) => {
  const dec = makeDecoder(dt);
  return (bytes, offset) => numpyStr(dt, dec(bytes, offset));
};

export interface CompareOptions extends Partial<Tolerance> {
  /** Stops the work: it rejects with NpyError('cancelled'). */
  signal?: AbortSignal;
  /** Elements compared so far and the total, after each chunk. */
  onProgress?(done: number, total: number): void;
  /** How many first mismatches to keep (default 10). */
  maxFirst?: number;
  /** Element text for `first` and `worst` (default: NumPy's str()). */
  cellText?: CellText;
  /** Largest chunk per side in bytes (default CHUNK_BYTES); tests use small ones. */
  chunkBytes?: number;
}

/** The chunk comparison for one pair of dtypes, with its scratch memory. */
interface ChunkComparer {
  numeric: boolean;
  /** Compares n pairs; writes the chunk positions of every mismatch (ascending) to `at`; returns how many. */
  compare(a: Uint8Array, b: Uint8Array, n: number, at: Uint32Array, stats: ChunkStats): number;
  /** Per-element differences (numeric pairs only). */
  differences?(a: Uint8Array, b: Uint8Array, n: number): Differences;
}

/** How elements of `a` and `b` compare, or why they cannot be compared. */
function comparerFor(a: DType, b: DType, tol: Tolerance): ChunkComparer | { reason: string } {
  if (isNumericKind(a) && isNumericKind(b)) return numericComparer(a, b, numericPlan(a, b), tol);
  const rule = equalityRule(a, b);
  if ('reason' in rule) return rule;
  return equalityComparer(a.itemsize, b.itemsize, rule.equals);
}

function numericComparer(da: DType, db: DType, plan: NumericPlan, tol: Tolerance): ChunkComparer {
  const ca = da.kind === 'c';
  const cb = db.kind === 'c';
  let sa: Float64Array | undefined;
  let sb: Float64Array | undefined;
  const values = (a: Uint8Array, b: Uint8Array, n: number): [Float64Array, Float64Array] => {
    const x = asDoubles(da, a, n, sa);
    const y = asDoubles(db, b, n, sb);
    // Keep converted buffers (not zero-copy views of the chunk) for the next chunk.
    if (x.buffer !== a.buffer && x.length > (sa?.length ?? 0)) sa = x;
    if (y.buffer !== b.buffer && y.length > (sb?.length ?? 0)) sb = y;
    return [x, y];
  };
  return {
    numeric: true,
    compare(a, b, n, at, stats) {
      const [x, y] = values(a, b, n);
      return compareDoubles(x, y, n, ca, cb, plan, tol, at, stats);
    },
    differences(a, b, n) {
      const [x, y] = values(a, b, n);
      return differences(x, y, n, ca, cb);
    },
  };
}

function equalityComparer(ia: number, ib: number, equals: ElementEquals): ChunkComparer {
  return {
    numeric: false,
    compare(a, b, n, at, stats) {
      let m = 0;
      for (let i = 0; i < n; i++) if (!equals(a, i * ia, b, i * ib)) at[m++] = i;
      stats.maxAbs = -1;
      stats.maxRel = -1;
      stats.worst = -1;
      return m;
    },
  };
}

function toleranceOf(opts: Partial<Tolerance>): Tolerance {
  return { rtol: opts.rtol ?? DEFAULT_TOLERANCE.rtol, atol: opts.atol ?? DEFAULT_TOLERANCE.atol };
}

/** Elements per chunk so that neither side's chunk passes `chunkBytes`. */
function chunkElementsOf(a: ArrayView, b: ArrayView, chunkBytes = CHUNK_BYTES): number {
  return Math.max(1, Math.floor(chunkBytes / Math.max(1, a.dtype.itemsize, b.dtype.itemsize)));
}

function sameShape(a: ArrayView, b: ArrayView): boolean {
  return a.shape.length === b.shape.length && a.shape.every((n, i) => n === b.shape[i]);
}

/** How a whole-pair pass reads the two views (see passOrder). */
type PassOrder =
  | { kind: 'c' }
  | { kind: 'storage'; so: StorageOrder }
  | { kind: 'tiles'; axes: [number, number] };

/** Options of one lockstep pass. */
interface LockstepOptions {
  chunkElements: number;
  signal?: AbortSignal;
  /** A flat C-order range (C-order passes only). */
  start?: number;
  end?: number;
  tiles?: [number, number];
}

/**
 * Both views' chunks in lockstep: the same element counts on both sides (C order over a range,
 * or the same tiles). The generators are closed when the caller stops early.
 */
async function* lockstep(a: ArrayView, b: ArrayView, opts: LockstepOptions): AsyncGenerator<[ScanChunk, ScanChunk]> {
  // Chunks are done with once the caller asks for the next pair: each side's buffers are then
  // given back, so a pass reads into a few recycled buffers per side.
  const [pa, pb] = [new ChunkBuffers(), new ChunkBuffers()];
  const scan = (v: ArrayView, buffers: ChunkBuffers) => (opts.tiles
    ? scanTiles(v, opts.tiles, { chunkElements: opts.chunkElements, signal: opts.signal, buffers })
    : scanView(v, { chunkElements: opts.chunkElements, from: opts.start, to: opts.end, signal: opts.signal, buffers }));
  const sa = scan(a, pa);
  const sb = scan(b, pb);
  try {
    for (;;) {
      const [ra, rb] = await Promise.all([sa.next(), sb.next()]);
      if (ra.done || rb.done) {
        if (!ra.done || !rb.done) throw new Error('lockstep scan: the two sides ended at different chunks');
        return;
      }
      if (ra.value.start !== rb.value.start || ra.value.count !== rb.value.count) {
        throw new Error('lockstep scan: chunks of the two sides do not line up');
      }
      yield [ra.value, rb.value];
      pa.give(ra.value.bytes);
      pb.give(rb.value.bytes);
    }
  } finally {
    await Promise.allSettled([sa.return(undefined), sb.return(undefined)]);
  }
}

/** The axis with the smallest |stride| among those longer than 1 (where a view's runs are). */
function fastestAxis(v: ArrayView): number {
  let best = -1;
  for (let i = 0; i < v.ndim; i++) {
    if (v.shape[i] > 1 && (best < 0 || Math.abs(v.strides[i]) < Math.abs(v.strides[best]))) best = i;
  }
  return best;
}

/**
 * The order of a whole-pair pass, so that both files are read in runs: C order when that is
 * both files' order; their shared storage order (two Fortran-order files); otherwise tiles over
 * the two axes the files run along (one C-order and one Fortran-order file).
 */
function passOrder(a: ArrayView, b: ArrayView): PassOrder {
  const sa = storageOrder(a);
  const sb = storageOrder(b);
  const identity = (p: number[]) => p.every((x, i) => x === i);
  if (identity(sa.perm) && identity(sb.perm)) return { kind: 'c' };
  if (sa.perm.every((x, i) => x === sb.perm[i])) return { kind: 'storage', so: sa };
  const fa = fastestAxis(a);
  const fb = fastestAxis(b);
  if (fa < 0 || fb < 0 || fa === fb) return { kind: 'storage', so: sa }; // the same innermost runs
  return { kind: 'tiles', axes: [fa, fb] };
}

/** Maps position k of a chunk of a pass in `order` to the flat C-order index in the views. */
function cOrderPosition(order: PassOrder, shape: readonly number[]): (c: ScanChunk, k: number) => number {
  if (order.kind === 'c') return (c, k) => c.start + k;
  if (order.kind === 'storage') return (c, k) => order.so.toViewFlat(c.start + k);
  const cStrides = shape.map((_, i) => shape.slice(i + 1).reduce((x, y) => x * y, 1));
  return (c, k) => {
    const { start, count } = c.box!;
    let f = 0;
    for (let i = count.length - 1; i >= 0; i--) {
      f += (start[i] + (k % count[i])) * cStrides[i];
      k = Math.floor(k / count[i]);
    }
    return f;
  };
}

/** The `max` mismatches with the smallest C-order positions, whatever order a pass meets them in. */
class FirstInCOrder {
  private readonly kept: { flat: number; pair: ElementPair }[] = [];
  constructor(private readonly max: number) {}

  get full(): boolean { return this.kept.length >= this.max; }
  get pairs(): ElementPair[] { return this.kept.map((x) => x.pair); }

  /** `pair` is only called (its text made) when the position is kept. */
  offer(flat: number, pair: () => ElementPair): void {
    if (this.full && (this.max === 0 || flat > this.kept[this.max - 1].flat)) return;
    let i = this.kept.length;
    while (i > 0 && this.kept[i - 1].flat > flat) i--;
    this.kept.splice(i, 0, { flat, pair: pair() });
    if (this.kept.length > this.max) this.kept.pop();
  }
}

/** The pair's description before any element is read. */
function header(name: string, a: ArrayView, b: ArrayView): Pick<PairDiff, 'name' | 'shape' | 'dtype'> {
  return { name, shape: [[...a.shape], [...b.shape]], dtype: [dtypeDescr(a.dtype), dtypeDescr(b.dtype)] };
}

/** A pair that differs without any element being compared. */
function uncompared(name: string, a: ArrayView, b: ArrayView, reason: string): PairDiff {
  return { ...header(name, a, b), compared: 0, mismatches: 0, max_abs: null, max_rel: null, first: [], worst: null, same: false, reason };
}

/** Why two views cannot be compared element by element, or null when they can. */
export function whyNotComparable(a: ArrayView, b: ArrayView, tol: Tolerance = DEFAULT_TOLERANCE): string | null {
  if (!sameShape(a, b)) return `different shapes ${shapeText(a.shape)} and ${shapeText(b.shape)}`;
  const c = comparerFor(a.dtype, b.dtype, tol);
  return 'reason' in c ? c.reason : null;
}

/**
 * Compares two views element by element (one streaming pass over both). Different shapes or
 * dtypes that cannot be compared give a differing pair with `reason` and nothing read.
 */
export async function comparePair(a: ArrayView, b: ArrayView, opts: CompareOptions & { name?: string } = {}): Promise<PairDiff> {
  const name = opts.name ?? '';
  const tol = toleranceOf(opts);
  const why = whyNotComparable(a, b, tol);
  if (why !== null) return uncompared(name, a, b, why);
  const comparer = comparerFor(a.dtype, b.dtype, tol) as ChunkComparer;

  const maxFirst = opts.maxFirst ?? 10;
  const textA = (opts.cellText ?? numpyStrText)(a.dtype);
  const textB = (opts.cellText ?? numpyStrText)(b.dtype);
  const ia = a.dtype.itemsize;
  const ib = b.dtype.itemsize;
  // Read both files in runs (passOrder), and map positions back to the views' C order.
  const order = passOrder(a, b);
  const [sa, sb] = order.kind === 'storage' ? [order.so.view, b.transpose(order.so.perm)] : [a, b];
  const cFlat = cOrderPosition(order, a.shape);
  const pairAt = (ca: ScanChunk, cb: ScanChunk, k: number): ElementPair => ({
    index: unravelIndex(cFlat(ca, k), a.shape), a: textA(ca.bytes, k * ia), b: textB(cb.bytes, k * ib),
  });

  const chunkElements = chunkElementsOf(a, b, opts.chunkBytes);
  const at = new Uint32Array(chunkElements);
  const stats: ChunkStats = { maxAbs: -1, maxRel: -1, worst: -1 };
  const first = new FirstInCOrder(maxFirst);
  let mismatches = 0;
  let maxAbs = -1;
  let maxRel = -1;
  let worst: ElementPair | null = null;
  const total = a.size;
  if (opts.signal?.aborted) throw new NpyError('cancelled', 'cancelled');
  const tiles = order.kind === 'tiles' ? order.axes : undefined;
  for await (const [ca, cb] of lockstep(sa, sb, { chunkElements, signal: opts.signal, tiles })) {
    const m = comparer.compare(ca.bytes, cb.bytes, ca.count, at, stats);
    mismatches += m;
    // A C-order pass meets mismatches in order: after the first few the rest cannot be earlier.
    for (let k = 0; k < m && maxFirst > 0 && (order.kind !== 'c' || !first.full); k++) first.offer(cFlat(ca, at[k]), () => pairAt(ca, cb, at[k]));
    if (stats.maxAbs > maxAbs) {
      maxAbs = stats.maxAbs;
      worst = pairAt(ca, cb, stats.worst);
    }
    if (stats.maxRel > maxRel) maxRel = stats.maxRel;
    opts.onProgress?.(ca.start + ca.count, total);
  }
  return {
    ...header(name, a, b),
    compared: total,
    mismatches,
    max_abs: maxAbs < 0 ? null : maxAbs,
    max_rel: maxRel < 0 ? null : maxRel,
    first: first.pairs,
    worst,
    same: mismatches === 0,
    reason: null,
  };
}

/** Where a search found a mismatch. */
export interface MismatchAt {
  /** Flat C-order index in the views. */
  flat: number;
  index: number[];
}

export interface FindOptions extends Partial<Tolerance> {
  signal?: AbortSignal;
  /** Elements searched so far and how many the search may have to look at. */
  onProgress?(done: number, total: number): void;
  chunkBytes?: number;
}

/**
 * The first mismatch at or after flat C-order position `from` ('next'), or the last one before
 * `from` ('previous'); null when there is none in that direction (the caller may wrap around).
 * Only the elements between `from` and the mismatch are read; a backward search reads windows
 * that grow from one chunk, so a near mismatch is found quickly. Throws NpyError('usage') when
 * the views cannot be compared.
 */
export async function findMismatch(a: ArrayView, b: ArrayView, from: number, direction: 'next' | 'previous',
  opts: FindOptions = {}): Promise<MismatchAt | null> {
  const why = whyNotComparable(a, b, toleranceOf(opts));
  if (why !== null) throw new NpyError('usage', why);
  const comparer = comparerFor(a.dtype, b.dtype, toleranceOf(opts)) as ChunkComparer;
  const chunkElements = chunkElementsOf(a, b, opts.chunkBytes);
  const at = new Uint32Array(chunkElements);
  const stats: ChunkStats = { maxAbs: -1, maxRel: -1, worst: -1 };
  const size = a.size;
  const found = (flat: number): MismatchAt => ({ flat, index: unravelIndex(flat, a.shape) });
  if (opts.signal?.aborted) throw new NpyError('cancelled', 'cancelled');

  if (direction === 'next') {
    const start = Math.min(Math.max(0, Math.floor(from)), size);
    for await (const [ca, cb] of lockstep(a, b, { start, chunkElements, signal: opts.signal })) {
      const m = comparer.compare(ca.bytes, cb.bytes, ca.count, at, stats);
      if (m > 0) return found(ca.start + at[0]);
      opts.onProgress?.(ca.start + ca.count - start, size - start);
    }
    return null;
  }

  let end = Math.min(Math.max(0, Math.floor(from)), size);
  const total = end;
  let window = chunkElements;
  while (end > 0) {
    const start = Math.max(0, end - window);
    let last = -1;
    for await (const [ca, cb] of lockstep(a, b, { start, end, chunkElements, signal: opts.signal })) {
      const m = comparer.compare(ca.bytes, cb.bytes, ca.count, at, stats);
      if (m > 0) last = ca.start + at[m - 1];
    }
    if (last >= 0) return found(last);
    opts.onProgress?.(total - start, total);
    end = start;
    window = Math.min(window * 2, 16 * chunkElements);
  }
  return null;
}

/** The comparison of one block of two views (a page of a comparison view). */
export interface BlockDifferences extends Partial<Differences> {
  /** 1 where the pair does not match, per element of the block in C order. */
  mismatch: Uint8Array;
  /** The block's bytes as read from each side (C order, each side's dtype): its cell text. */
  bytes: [Uint8Array, Uint8Array];
}

/**
 * Per-element results for the block start[i] .. start[i] + count[i] of both views: mismatch
 * flags, and for numbers A − B and |A − B| / |B| (doubles). Throws NpyError('usage') when the
 * views cannot be compared.
 */
export async function compareBlock(a: ArrayView, b: ArrayView, start: number[], count: number[],
  tol: Partial<Tolerance> = {}): Promise<BlockDifferences> {
  const t = toleranceOf(tol);
  const why = whyNotComparable(a, b, t);
  if (why !== null) throw new NpyError('usage', why);
  const comparer = comparerFor(a.dtype, b.dtype, t) as ChunkComparer;
  const [ba, bb] = await Promise.all([a.readBlock(start, count), b.readBlock(start, count)]);
  const n = count.reduce((x, y) => x * y, 1);
  const at = new Uint32Array(n);
  const m = comparer.compare(ba, bb, n, at, { maxAbs: -1, maxRel: -1, worst: -1 });
  const mismatch = new Uint8Array(n);
  for (let k = 0; k < m; k++) mismatch[at[k]] = 1;
  const bytes: [Uint8Array, Uint8Array] = [ba, bb];
  return comparer.differences ? { mismatch, bytes, ...comparer.differences(ba, bb, n) } : { mismatch, bytes };
}
