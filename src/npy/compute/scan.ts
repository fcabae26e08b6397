/**
 * Streaming passes over a whole view: the one way statistics, comparison and drawing code walk
 * many elements. A pass reads the view as packed chunks of bounded size (never the whole array),
 * keeps one read ahead so disk and CPU overlap, reports progress and stops when cancelled.
 *
 * Two orders:
 * - C order of the view (`scanView`): element k of chunk c is view element `c.start + k` in
 *   C order. Needed where order matters (first mismatches, line envelopes).
 * - storage order (`storageOrder` first, then `scanView` over the result): the axes permuted so
 *   the smallest stride is last, so a Fortran-order array or a transposed view is read in long
 *   runs instead of element by element. Order-free work (counts, sums, min/max) uses it and maps a
 *   position back to the view's own index with `StorageOrder.toViewIndex`.
 */
import { BULK_MERGE_GAP, ChunkGrid, MERGE_GAP, type ArrayView } from '../format/array';
import type { DType } from '../format/dtype';
import { NpyError } from '../errors';

/** Default bytes per chunk: big enough that per-chunk costs vanish, small enough to stay flat. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export interface ScanOptions {
  /** Largest chunk in bytes (at least one element is always read). Default CHUNK_BYTES. */
  chunkBytes?: number;
  /**
   * Largest chunk in elements, instead of chunkBytes. Chunk boundaries then depend only on the
   * shape, the range and this count, so two views of one shape scanned with the same
   * chunkElements are cut at the same elements whatever their itemsizes: a lockstep pass over
   * two arrays.
   */
  chunkElements?: number;
  /** Stops the pass: the generator throws NpyError('cancelled'). */
  signal?: AbortSignal;
  /** Elements done so far and the total, after each chunk. */
  onProgress?(done: number, total: number): void;
  /** Only the elements with flat C-order index in [from, to) (default: all of them). */
  from?: number;
  to?: number;
  /** Chunks being read while the caller works on one (default 1; more lets reads overlap). */
  readAhead?: number;
  /** Chunks from the last to the first (the elements inside a chunk stay in C order). */
  reverse?: boolean;
  /**
   * Where chunk bytes come from: a pass that gives each chunk's bytes back once done with them
   * (`ChunkBuffers.give`) reads without allocating. Without it every chunk is a new array.
   */
  buffers?: ChunkBuffers;
  /**
   * Where the packed bytes of the whole view go (view.size × itemsize bytes): each chunk's bytes
   * are then the part of it they belong in, read there without a copy (instead of `buffers`).
   */
  target?: Uint8Array;
}

/** A packed run of consecutive elements of the scanned view, in its C order. */
export interface ScanChunk {
  /** Packed element bytes, `count × itemsize` long. */
  bytes: Uint8Array;
  /** Flat C-order index (in the scanned view) of the first element (scanTiles: elements before it). */
  start: number;
  count: number;
  /** scanTiles: the box of the view these bytes are (its packed C order). */
  box?: { start: number[]; count: number[] };
}

/**
 * A few chunk-sized buffers handed round: a pass takes one per chunk and gives it back when done,
 * so reading a large view neither allocates nor faults in fresh pages per chunk. A buffer given
 * back may be a different view of the same memory (e.g. returned by a worker thread).
 */
export class ChunkBuffers {
  private free: ArrayBuffer[] = [];
  private size = 0;

  constructor(private readonly keep = 8) {}

  /** `bytes` of a buffer of at least `capacity` bytes (all of a pass's buffers are one size). */
  take(bytes: number, capacity = bytes): Uint8Array {
    const want = Math.max(bytes, capacity);
    if (want > this.size) { this.size = want; this.free = []; }
    const b = this.free.pop();
    return b ? new Uint8Array(b, 0, bytes) : new Uint8Array(new ArrayBuffer(this.size), 0, bytes);
  }

  /** Hands a buffer back for reuse (ignored when it is too small, detached, or enough are kept). */
  give(view: ArrayBufferView | ArrayBuffer): void {
    const b = view instanceof ArrayBuffer ? view : view.buffer;
    if (!(b instanceof ArrayBuffer) || b.byteLength !== this.size || this.free.length >= this.keep || this.free.includes(b)) return;
    this.free.push(b);
  }
}

/**
 * Longest stretch (ms) a cancellable pass runs without letting the event loop take other work:
 * over a source that answers without real I/O (an npz member in memory, a test's source) reads
 * resolve as microtasks, and the message that cancels the pass could not arrive until the end.
 */
const YIELD_MS = 40;

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new NpyError('cancelled', 'cancelled');
}

/**
 * Every element of `view` once (or those in [from, to)), in C order, as packed chunks of at most
 * `chunkBytes` or `chunkElements` (or one element, when a single element is bigger); with
 * `reverse`, the chunks come last first. The next chunk (`readAhead` chunks) is read while the
 * caller works on the current one; without `buffers`, a chunk's bytes are not reused, so a caller
 * may keep them (with `target`, they are the part of it the chunk fills).
 */
export function scanView(view: ArrayView, opts: ScanOptions = {}): AsyncGenerator<ScanChunk> {
  const item = view.dtype.itemsize;
  const from = Math.max(0, opts.from ?? 0);
  const to = Math.min(view.size, opts.to ?? view.size);
  if (opts.target && opts.target.length !== view.size * item) {
    throw new NpyError('usage', `scanView: the target holds ${opts.target.length} bytes, the view ${view.size * item}`);
  }
  const grid = opts.chunkElements !== undefined
    ? new ChunkGrid(view.shape, 1, Math.max(1, Math.floor(opts.chunkElements)))
    : new ChunkGrid(view.shape, item, opts.chunkBytes ?? CHUNK_BYTES);
  const first = to > from ? grid.blockOf(from) : 0;
  const last = to > from ? grid.blockOf(to - 1) : -1;
  let b = opts.reverse ? last : first;
  const next = (): Block | undefined => {
    if (b < first || b > last) return undefined;
    const blk = grid.block(b);
    b += opts.reverse ? -1 : 1;
    return blk;
  };
  return readBlocks(view, next, { from, to, capacity: grid.maxElements, mergeGap: BULK_MERGE_GAP, box: false }, opts);
}

/**
 * Every element of `view` once, in tiles: boxes that span up to about √chunkElements elements
 * along each of the two `axes` (one index along every other axis), so that two arrays stored in
 * different orders (one C, one Fortran) are both read in runs, where a C-order pass would
 * gather each chunk of one of them from across the whole file. Each chunk is the box's packed
 * C-order bytes; `box` says where it is; `start` counts elements in scan order.
 */
export function scanTiles(view: ArrayView, axes: [number, number],
  opts: Omit<ScanOptions, 'from' | 'to' | 'reverse' | 'target'> = {}): AsyncGenerator<ScanChunk> {
  const elems = opts.chunkElements !== undefined ? Math.max(1, Math.floor(opts.chunkElements))
    : Math.max(1, Math.floor((opts.chunkBytes ?? CHUNK_BYTES) / Math.max(1, view.dtype.itemsize)));
  const tiles = tileBlocks(view.shape, axes, elems);
  let flat = 0;
  const next = (): Block | undefined => {
    const r = tiles.next();
    if (r.done) return undefined;
    const size = r.value.count.reduce((x, y) => x * y, 1);
    flat += size;
    return { ...r.value, flat: flat - size, size };
  };
  // Boxes of separate runs: merge only runs a page apart, not the whole stride of a row.
  return readBlocks(view, next, { from: 0, to: view.size, capacity: elems, mergeGap: MERGE_GAP, box: true }, opts);
}

/** One read of a pass: a block of the view, and where its first element is in scan order. */
interface Block { start: number[]; count: number[]; flat: number; size: number }

/** Tiles of at most `elems` elements over two axes, in C order of the tile grid. */
function* tileBlocks(shape: readonly number[], [p, q]: [number, number], elems: number): Generator<{ start: number[]; count: number[] }> {
  if (shape.some((n) => n === 0)) return;
  let tp = Math.min(shape[p], Math.max(1, Math.floor(Math.sqrt(elems))));
  const tq = p === q ? 1 : Math.min(shape[q], Math.max(1, Math.floor(elems / tp)));
  tp = Math.min(shape[p], Math.max(1, Math.floor(elems / tq)));
  const step = shape.map((_, i) => (i === p ? tp : i === q ? tq : 1));
  const idx = shape.map(() => 0);
  for (;;) {
    yield { start: [...idx], count: idx.map((s, i) => Math.min(step[i], shape[i] - s)) };
    let i = shape.length - 1;
    for (; i >= 0; i--) {
      idx[i] += step[i];
      if (idx[i] < shape[i]) break;
      idx[i] = 0;
    }
    if (i < 0) return;
  }
}

/** How readBlocks reads one pass: the scan positions kept, buffer capacity (elements), merge gap. */
interface PassPlan { from: number; to: number; capacity: number; mergeGap: number; box: boolean }

/**
 * The engine of every scan: reads the blocks `next` hands out as chunks (the first and last
 * clipped to [from, to)), `readAhead` ahead, into the caller's buffers or target when given, with
 * progress and cancel.
 */
async function* readBlocks(view: ArrayView, next: () => Block | undefined, plan: PassPlan, opts: ScanOptions): AsyncGenerator<ScanChunk> {
  const item = view.dtype.itemsize;
  const { from, to } = plan;
  const total = Math.max(0, to - from);
  checkCancelled(opts.signal);
  if (total === 0) return;
  const fetch = (): Promise<ScanChunk> | undefined => {
    const blk = next();
    if (!blk) return undefined;
    const into = opts.target ? opts.target.subarray(blk.flat * item, (blk.flat + blk.size) * item)
      : opts.buffers?.take(blk.size * item, plan.capacity * item);
    const p = view.readBlock(blk.start, blk.count, { mergeGap: plan.mergeGap, into }).then((bytes) => {
      // The first and last blocks may stick out of [from, to).
      const lo = Math.max(from, blk.flat);
      const hi = Math.min(to, blk.flat + blk.size);
      const clipped = lo === blk.flat && hi === blk.flat + blk.size ? bytes : bytes.subarray((lo - blk.flat) * item, (hi - blk.flat) * item);
      const chunk: ScanChunk = { bytes: clipped, start: lo, count: hi - lo };
      if (plan.box) chunk.box = { start: blk.start, count: blk.count };
      return chunk;
    });
    p.catch(() => undefined); // handled when awaited; no unhandled rejection if the caller stops early
    return p;
  };
  let done = 0;
  const depth = Math.max(1, opts.readAhead ?? 1);
  const ahead: Promise<ScanChunk>[] = [];
  const fill = () => {
    while (ahead.length < depth) {
      const p = fetch();
      if (!p) return;
      ahead.push(p);
    }
  };
  fill();
  let turn = Date.now();
  while (ahead.length > 0) {
    const chunk = await ahead.shift()!;
    checkCancelled(opts.signal);
    fill();
    yield chunk;
    done += chunk.count;
    opts.onProgress?.(done, total);
    if (opts.signal && Date.now() - turn >= YIELD_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      turn = Date.now();
    }
    checkCancelled(opts.signal);
  }
}

/** A view with its axes permuted into storage order, and the way back to the view's indices. */
export interface StorageOrder {
  /** The permuted view: its C order is (close to) the order of the bytes in the file. */
  view: ArrayView;
  /** perm[i] = the axis of the original view that axis i of `view` is. */
  perm: number[];
  /** The permuted view's C order is the original view's (only axes of length 1 moved). */
  sameOrder: boolean;
  /** The original view's multi-index of element `flat` (C order of the permuted view). */
  toViewIndex(flat: number): number[];
  /** The original view's flat C-order index of element `flat` of the permuted view. */
  toViewFlat(flat: number): number;
}

/**
 * Axes sorted by decreasing |stride| (ties keep their order), so the innermost axis has the
 * smallest stride: a Fortran-order array scans like a C-order one. The identity for C order.
 */
export function storageOrder(view: ArrayView): StorageOrder {
  const nd = view.ndim;
  const perm = [...Array(nd).keys()].sort((a, b) => {
    // Axes of length 1 carry no order; keep them where they are relative to each other.
    const sa = view.shape[a] <= 1 ? Infinity : Math.abs(view.strides[a]);
    const sb = view.shape[b] <= 1 ? Infinity : Math.abs(view.strides[b]);
    return sb - sa || a - b;
  });
  const permuted = view.transpose(perm);
  const pshape = perm.map((a) => view.shape[a]);
  // Strides (in elements) of the original view's C order, per permuted axis.
  const cStride = new Array<number>(nd);
  let s = 1;
  for (let a = nd - 1; a >= 0; a--) { cStride[a] = s; s *= view.shape[a]; }
  const toViewIndex = (flat: number): number[] => {
    const out = new Array<number>(nd);
    for (let i = nd - 1; i >= 0; i--) {
      const n = pshape[i];
      out[perm[i]] = flat % n;
      flat = Math.floor(flat / n);
    }
    return out;
  };
  const toViewFlat = (flat: number): number => {
    let f = 0;
    for (let i = nd - 1; i >= 0; i--) {
      const n = pshape[i];
      f += (flat % n) * cStride[perm[i]];
      flat = Math.floor(flat / n);
    }
    return f;
  };
  const moved = perm.filter((a) => view.shape[a] > 1);
  const sameOrder = moved.every((a, i) => i === 0 || moved[i - 1] < a);
  return { view: permuted, perm, sameOrder, toViewIndex, toViewFlat };
}

/** The multi-index of C-order element `flat` of an array of `shape`. */
export function unravelIndex(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return out;
}

// ---------------------------------------------------------------- numbers out of chunks

/** The typed array that holds one numeric dtype's values natively. */
export type NumericArray =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | BigUint64Array | BigInt64Array | Float32Array | Float64Array;

/** True for the dtypes `typedValues` reads: bool, integers, float16/32/64 (either byte order). */
export function isNumeric(dt: DType): boolean {
  if (dt.kind === 'b') return dt.itemsize === 1;
  if (dt.kind === 'i' || dt.kind === 'u') return [1, 2, 4, 8].includes(dt.itemsize);
  if (dt.kind === 'f') return [2, 4, 8].includes(dt.itemsize);
  return false;
}

/** This machine stores numbers little-endian (the byte order typed arrays use). */
export const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The values of packed numeric elements as their native typed array: a zero-copy view when the
 * bytes are aligned and in host order, else a copy (byte-swapped for the other order). bool is
 * Uint8Array (non-zero = True); float16 is Float32Array (every half is exactly a float32).
 */
export function typedValues(dt: DType, bytes: Uint8Array): NumericArray {
  if (!isNumeric(dt)) throw new NpyError('unsupported', `dtype ${dt.kind}${dt.itemsize} is not numeric`);
  const size = dt.itemsize;
  const n = Math.floor(bytes.length / size);
  if (dt.kind === 'f' && size === 2) return halfsToFloat32(bytes, n, dt.order === '>');
  const Ctor = ctorOf(dt.kind, size);
  const swap = size > 1 && (dt.order === '>') === HOST_LITTLE;
  let src = bytes;
  if (swap) {
    src = new Uint8Array(n * size);
    for (let i = 0; i < n * size; i += size) for (let k = 0; k < size; k++) src[i + k] = bytes[i + size - 1 - k];
  } else if (bytes.byteOffset % size !== 0) {
    src = bytes.slice(0, n * size);
  }
  return new Ctor(src.buffer as ArrayBuffer, src.byteOffset, n);
}

type Ctor = new (b: ArrayBuffer, o: number, n: number) => NumericArray;

function ctorOf(kind: string, size: number): Ctor {
  if (kind === 'f') return (size === 4 ? Float32Array : Float64Array) as Ctor;
  const signed = kind === 'i';
  switch (size) {
    case 1: return (signed ? Int8Array : Uint8Array) as Ctor;
    case 2: return (signed ? Int16Array : Uint16Array) as Ctor;
    case 4: return (signed ? Int32Array : Uint32Array) as Ctor;
    default: return (signed ? BigInt64Array : BigUint64Array) as Ctor;
  }
}

let HALF_TABLE: Float32Array | undefined;

/** float16 bits → float32 (exact), by a 64 Ki-entry table built once. */
function halfsToFloat32(bytes: Uint8Array, n: number, big: boolean): Float32Array {
  if (!HALF_TABLE) {
    HALF_TABLE = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      const sign = h & 0x8000 ? -1 : 1;
      HALF_TABLE[h] = exp === 0 ? sign * frac * 2 ** -24
        : exp === 0x1f ? (frac ? NaN : sign * Infinity)
          : sign * (1024 + frac) * 2 ** (exp - 25);
    }
  }
  const out = new Float32Array(n);
  const t = HALF_TABLE;
  for (let i = 0, o = 0; i < n; i++, o += 2) {
    out[i] = t[big ? (bytes[o] << 8) | bytes[o + 1] : bytes[o] | (bytes[o + 1] << 8)];
  }
  return out;
}
