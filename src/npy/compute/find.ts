/**
 * Go to the next (or previous) NaN, infinity, minimum or maximum of a view: a streaming search in
 * the view's C order that stops at the first match, reads chunk by chunk (backwards too), reports
 * progress and can be cancelled. Its answer is plain data (JSON-serialisable) that a viewer may
 * keep while the file is unchanged.
 */
import type { ArrayView } from '../format/array';
import { NpyError } from '../errors';
import { ChunkBuffers, scanView, unravelIndex, type NumericArray } from './scan';
import { chunkValues, kernelOf, KERNELS, type KernelKind } from './statskernel';

const K = KERNELS;

/** What to look for: NaN, +inf, −inf, either infinity, or a value equal to the view's min / max. */
export type FindWhat = 'nan' | 'posinf' | 'neginf' | 'inf' | 'min' | 'max';

export interface FindOptions {
  signal?: AbortSignal;
  /** Elements searched so far and the most there are to search. */
  onProgress?(done: number, total: number): void;
  /**
   * When nothing matches before the end (or, backwards, the start), continue from the other end
   * up to and including `from` itself, as VS Code's find does. Default true.
   */
  wrap?: boolean;
  /** For 'min' and 'max': the view's statistics (computeStats), whose keys say what to match. */
  stats?: { minKey: number[] | null; maxKey: number[] | null };
  chunkBytes?: number;
}

/** A match: its flat C-order index in the view and its multi-index. */
export interface Found {
  flat: number;
  index: number[];
  /** The search passed the end (or start) and continued from the other end. */
  wrapped: boolean;
}

/** A target the chunk loops understand: a class of values, or a key (statskernel) to be equal to. */
type Target = 'nan' | 'posinf' | 'neginf' | 'inf' | { key: number[] };

/**
 * The next element after flat index `from` (direction 1) or the previous one before it (-1) that
 * is `what`, in the view's C order; null when there is none. `from` may be -1 (forwards from the
 * first element) or the view's size (backwards from the last). Integer and bool views hold no
 * NaN or infinity: those searches answer null without reading.
 */
export async function findNext(view: ArrayView, what: FindWhat, from: number, direction: 1 | -1,
  opts: FindOptions = {}): Promise<Found | null> {
  const kind = kernelOf(view.dtype);
  const size = view.size;
  if (!Number.isInteger(from) || from < -1 || from > size) throw new NpyError('usage', `find: position ${from} is outside -1..${size}`);
  if (direction !== 1 && direction !== -1) throw new NpyError('usage', `find: direction must be 1 or -1, not ${String(direction)}`);
  let target: Target;
  if (what === 'min' || what === 'max') {
    if (!opts.stats) throw new NpyError('usage', `find: searching for the ${what} needs the view's statistics`);
    const key = what === 'min' ? opts.stats.minKey : opts.stats.maxKey;
    if (key === null) return null;
    target = { key };
  } else if (['nan', 'posinf', 'neginf', 'inf'].includes(what)) {
    if (kind !== 'float' && kind !== 'long') return null;
    target = what;
  } else {
    throw new NpyError('usage', `find: unknown target '${String(what)}'`);
  }
  const wrap = opts.wrap ?? true;
  // Two legs: from `from` to the end in the direction of search, then the rest.
  const legs: [number, number, boolean][] = direction === 1
    ? [[from + 1, size, false], [0, Math.min(from, size - 1) + 1, true]]
    : [[0, from, false], [Math.max(from, 0), size, true]];
  const total = wrap ? size : legs[0][1] - legs[0][0];
  let before = 0;
  for (const [lo, hi, wrapped] of wrap ? legs : legs.slice(0, 1)) {
    if (hi <= lo) continue;
    const onProgress = opts.onProgress && ((done: number) => opts.onProgress!(before + done, total));
    const hit = await findIn(view, kind, target, lo, hi, direction === -1, { ...opts, onProgress });
    if (hit) return { flat: hit.flat, index: unravelIndex(hit.flat, view.shape), wrapped };
    before += hi - lo;
  }
  return null;
}

/**
 * The first (or, `reverse`, the last) element with flat index in [lo, hi) that matches, with its
 * key; null when none does.
 */
export async function findIn(view: ArrayView, kind: KernelKind, target: Target, lo: number, hi: number, reverse: boolean,
  opts: Pick<FindOptions, 'signal' | 'chunkBytes'> & { onProgress?(done: number, total: number): void } = {}): Promise<{ flat: number; key: number[] } | null> {
  const dt = view.dtype;
  const size = dt.itemsize;
  const big = dt.order === '>';
  const buffers = new ChunkBuffers(3);
  for await (const chunk of scanView(view, { from: lo, to: hi, reverse, buffers, signal: opts.signal, onProgress: opts.onProgress, chunkBytes: opts.chunkBytes })) {
    const values = chunkValues(kind, dt, chunk.bytes);
    const at = findInChunk(kind, values, target, reverse, size, big);
    if (at >= 0) return { flat: chunk.start + at, key: keyAt(kind, values, at, size, big) };
    buffers.give(chunk.bytes);
  }
  return null;
}

/** The key (statskernel) of element i of a chunk's values. */
function keyAt(kind: KernelKind, values: NumericArray, i: number, size: number, big: boolean): number[] {
  switch (kind) {
    case 'float': case 'int': return [values[i] as number];
    case 'bool': return [values[i] ? 1 : 0];
    case 'int64': {
      const v = values[i] as bigint;
      return [Number(v >> 32n), Number(BigInt.asUintN(32, v))];
    }
    case 'long': {
      const [sign, exp, hi, lo] = K.longBits(values as Uint8Array, i * size, size, big);
      if (exp === 0x7fff) return [NaN];
      return K.longKey(sign, exp, hi, lo);
    }
  }
}

/** Index of the first (last) matching value of a chunk, -1 when none. */
function findInChunk(kind: KernelKind, values: NumericArray, target: Target, reverse: boolean, size: number, big: boolean): number {
  const n = kind === 'long' ? Math.floor(values.length / size) : values.length;
  const step = reverse ? -1 : 1;
  const first = reverse ? n - 1 : 0;
  if (kind === 'float') return findFloat(values as Float64Array, target, first, step);
  if (typeof target === 'string' && kind !== 'long') return -1;
  if (kind === 'int' && typeof target !== 'string') {
    const a = values as Int32Array;
    const k = target.key[0];
    for (let i = first; i >= 0 && i < n; i += step) if (a[i] === k) return i;
    return -1;
  }
  // bool, int64 and long doubles: compare keys (slower, and rarely large)
  for (let i = first; i >= 0 && i < n; i += step) {
    const key = keyAt(kind, values, i, size, big);
    if (typeof target !== 'string') {
      if (K.keyEqual(key, target.key)) return i;
    } else if (key.length === 1 && key[0] !== key[0]) {
      const [sign, , hi, lo] = K.longBits(values as Uint8Array, i * size, size, big);
      const inf = (hi & 0x7fffffff) === 0 && lo === 0;
      if (target === 'nan' ? !inf : inf && (target === 'inf' || (target === 'posinf') === (sign === 0))) return i;
    }
  }
  return -1;
}

function findFloat(a: Float64Array | Float32Array, target: Target, first: number, step: number): number {
  const n = a.length;
  let i = first;
  if (typeof target !== 'string') {
    const k = target.key[0];
    for (; i >= 0 && i < n; i += step) if (a[i] === k) return i;
  } else if (target === 'nan') {
    for (; i >= 0 && i < n; i += step) if (a[i] !== a[i]) return i;
  } else if (target === 'inf') {
    for (; i >= 0 && i < n; i += step) if (a[i] === Infinity || a[i] === -Infinity) return i;
  } else {
    const inf = target === 'posinf' ? Infinity : -Infinity;
    for (; i >= 0 && i < n; i += step) if (a[i] === inf) return i;
  }
  return -1;
}
