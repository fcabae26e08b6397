/**
 * Statistics of a whole view in one streaming pass with bounded memory: counts of finite, NaN,
 * ±inf and zero values; the smallest and largest finite value (NumPy's str() of it, exact for
 * every dtype) and where it first occurs in C order; mean and population std (ddof=0) of the
 * finite values in float64, as np.mean / np.std of x[np.isfinite(x)] with dtype=np.float64.
 *
 * The view is read in storage order (a Fortran array or a transposed view in long runs), chunk
 * by chunk; each chunk goes through statskernel's loops, on the calling thread or, for large
 * views, also on worker threads; the partial results are merged in chunk order, so the answer
 * does not depend on which thread did what. A large view that is one run of a regular file (a
 * whole .npy, C or Fortran) is read by threads that each read and sum their own chunks instead
 * (statsfile.ts).
 *
 * For the viewer (statistics panel, go to min/max/NaN, value-shaded cells):
 *
 *   const ac = new AbortController();                       // cancel button: ac.abort()
 *   const stats = await computeStats(view, { signal: ac.signal, onProgress: (done, total) => … });
 *   const hit = await findNext(view, 'max', -1, 1, { stats }); // go to max: hit.index
 *   const next = await findNext(view, 'nan', flatOfCursor, 1);   // next NaN after the cursor
 *
 * - A cancelled pass rejects with NpyError('cancelled') within one chunk (4 MB) and stops its
 *   threads; an unsupported dtype rejects with NpyError('unsupported') and a message to show.
 * - Stats and Found are plain data: keep them (by file, mtime/size, member and view) while the
 *   file is unchanged, post them to the webview as they are. A mean/std of ±Infinity or NaN
 *   (float64 overflow, like NumPy) becomes null in JSON.stringify; show it before posting.
 * - min/max are text to show as is; minNumber/maxNumber are the nearest doubles, for a colour
 *   domain; minKey/maxKey are for findNext only.
 * - Memory stays flat whatever the size: a few chunks in flight, buffers reused.
 */
import type { StatsFigures } from '../../shared/stats';
import type { ArrayView } from '../format/array';
import { NpyError } from '../errors';
import { coreCount, forcedWorkers, inlineWorkers, WorkerPool } from '../workers';
import { findIn } from './find';
import { fileJob, fileParts } from './statsfile';
import { CHUNK_BYTES, ChunkBuffers, HOST_LITTLE, scanView, storageOrder, unravelIndex } from './scan';
import { simdFloats } from './simdfloat';
import { chunkValues, kernelOf, keyNumber, keyText, KERNELS, statsKernels, type KernelKind, type Part } from './statskernel';

/** Statistics of a view: the figures both sides share (src/shared/stats.ts), mean/std and find keys. */
export interface Stats extends StatsFigures {
  /** Mean and population std (ddof=0) of the finite values in float64; null when there are none. */
  mean: number | null;
  std: number | null;
  /** Exact keys of min and max (statskernel's order), for findNext(view, 'min' | 'max'). */
  minKey: number[] | null;
  maxKey: number[] | null;
}

export interface StatsOptions {
  signal?: AbortSignal;
  /** Elements read so far and the total. */
  onProgress?(done: number, total: number): void;
  chunkBytes?: number;
  /**
   * Worker threads besides the calling thread: 0 for none; by default some when the view is
   * large enough to pay for starting them (see autoWorkers, fileWorkers). NPYVIEW_WORKERS=n
   * overrides both. For statsfile.ts's pass without `inline`, all the threads (at least 1).
   */
  workers?: number;
  /**
   * The calling thread may block: it reads and sums chunks itself, beside the workers (the CLI).
   * Otherwise it only waits, reports progress and takes a cancel (the extension host).
   */
  inline?: boolean;
  /**
   * Bytes from which a view that is one run of a regular file is summed by threads that read it
   * themselves (statsfile.ts; default FILE_THREADS_FROM). Not with workers: 0 unless inline.
   */
  fileFrom?: number;
  /**
   * Float64 in this machine's byte order through the WebAssembly SIMD loop (simdfloat.ts) when
   * there are no workers: true or false; by default from SIMD_FROM_BYTES on. The same answer
   * either way. NPYVIEW_SIMD=0 turns it off.
   */
  simd?: boolean;
}

const K = KERNELS;

/** The worker's handler: statskernel's factory, from its own source text. */
const HANDLER_SOURCE = `(${statsKernels.toString()})().handle`;

/** Chunks read ahead of the one being summarised (two reads can run at once). */
const READ_AHEAD = 2;

/**
 * Bytes of float64 from which the SIMD loop is used by default: below, compiling its module and
 * its first runs cost more than they save (the JavaScript loop takes ~2.5 ns a value, it ~1).
 */
export const SIMD_FROM_BYTES = 4 * 1024 * 1024;

/** Bytes below which a thread does not pay for its start (tens of ms). */
const WORKERS_FROM_BYTES = 64 * 1024 * 1024;

/** Bytes from which a view that is one run of a regular file goes to statsfile.ts's threads. */
export const FILE_THREADS_FROM = WORKERS_FROM_BYTES;

/**
 * Threads worth starting for a view of `bytes` that the streaming pass reads (not one run of a
 * file). A pass is bound by reading (the kernel's copy from the page cache runs on libuv's
 * threads) about as much as by the loops, which do ~4 GB/s per thread. On 2 cores the calling
 * thread and one read already fill both: a worker added ~0.3 s of CPU to the 1 GiB benchmark and
 * no speed (README, benchmark notes). From 4 cores one worker shares the loops while two reads run.
 */
export function autoWorkers(bytes: number): number {
  return bytes >= WORKERS_FROM_BYTES && coreCount() >= 4 ? 1 : 0;
}

/**
 * Threads for statsfile.ts's pass over `bytes`: inline, those of inlineWorkers (workers.ts);
 * else one a core (the calling thread only waits), at most 4: the copies from the page cache
 * share the memory's bandwidth, and each thread is an isolate and a chunk buffer (~15 MB).
 */
function fileWorkers(inline: boolean, bytes: number): number {
  return inline ? inlineWorkers(bytes) : Math.max(1, Math.min(coreCount(), 4));
}

/** What the merge keeps of one extreme: its key, its position in scan order, and whether it repeats. */
interface Extreme { key: number[]; at: number; tie: boolean }

class Merged {
  count = 0; finite = 0; nan = 0; posinf = 0; neginf = 0; zeros = 0;
  n = 0; mean = 0; m2 = 0;
  min: Extreme | null = null;
  max: Extreme | null = null;

  /** Adds the part of the chunk starting at scan position `start`; parts must come in scan order. */
  add(p: Part, start: number): void {
    this.count += p.count; this.finite += p.finite; this.nan += p.nan;
    this.posinf += p.posinf; this.neginf += p.neginf; this.zeros += p.zeros;
    [this.n, this.mean, this.m2] = K.combine(this.n, this.mean, this.m2, p.finite, p.mean, p.m2);
    if (p.minAt < 0) return;
    // A later extreme replaces an earlier one only when better: the earlier wins ties (and repeats).
    const min = this.min, max = this.max;
    if (!min || K.keyLess(p.minKey, min.key)) this.min = { key: p.minKey, at: start + p.minAt, tie: p.minTie };
    else if (K.keyEqual(p.minKey, min.key)) min.tie = true;
    if (!max || K.keyLess(max.key, p.maxKey)) this.max = { key: p.maxKey, at: start + p.maxAt, tie: p.maxTie };
    else if (K.keyEqual(p.maxKey, max.key)) max.tie = true;
  }
}

/** Statistics of every element of `view` (see the module comment). */
export async function computeStats(view: ArrayView, opts: StatsOptions = {}): Promise<Stats> {
  const dt = view.dtype;
  const kind = kernelOf(dt);
  const so = storageOrder(view);
  const bytes = view.size * dt.itemsize;
  const inline = opts.inline ?? false;
  const forced = forcedWorkers() ?? opts.workers;
  const job = bytes >= (opts.fileFrom ?? FILE_THREADS_FROM) && (inline || forced !== 0)
    ? fileJob(so.view, kind, opts.chunkBytes) : null;
  const merged = new Merged();
  let parts: Part[] | null = null;
  if (job) {
    try {
      parts = await fileParts(job, { workers: forced ?? fileWorkers(inline, bytes), inline, signal: opts.signal, onProgress: opts.onProgress });
    } catch (e) {
      // A thread that could not start or run (not the file's fault, nor a cancel): stream instead.
      if (e instanceof NpyError) throw e;
    }
  }
  if (job && parts) {
    parts.forEach((p, k) => merged.add(p, k * job.chunkElems));
    // A file rewritten in place while the threads read it: refused like a streaming read's.
    await view.array.source.verify?.();
  } else {
    const nWorkers = job ? 0 : forced ?? autoWorkers(bytes); // after failing threads, none
    const pool = nWorkers > 0 && view.size > 0 ? new WorkerPool(HANDLER_SOURCE, nWorkers, 'statistics') : null;
    try {
      await pass(so.view, kind, merged, pool, opts);
    } finally {
      await pool?.close();
    }
  }
  // In storage order the first extreme found is not always the first in C order: when it
  // repeats, look for an equal value earlier in C order (a search that stops at the first).
  const place = async (e: Extreme | null): Promise<{ key: number[]; index: number[] } | null> => {
    if (!e) return null;
    const flat = so.toViewFlat(e.at);
    if (e.tie && !so.sameOrder && flat > 0) {
      const hit = await findIn(view, kind, { key: e.key }, 0, flat, false, { signal: opts.signal, chunkBytes: opts.chunkBytes });
      if (hit) return { key: hit.key, index: unravelIndex(hit.flat, view.shape) };
    }
    return { key: e.key, index: unravelIndex(flat, view.shape) };
  };
  const min = await place(merged.min);
  const max = await place(merged.max);
  const any = merged.finite > 0;
  let mean = merged.mean;
  let std = Math.sqrt(merged.m2 / merged.finite);
  // NumPy divides a float64 sum: a sum past the float64 range makes the mean ±inf (even when the
  // exact mean is not), and then every deviation from it is infinite.
  if (Number.isFinite(mean) && !Number.isFinite(mean * merged.finite)) mean *= merged.finite;
  if (!Number.isFinite(mean)) std = mean === mean ? Infinity : NaN;
  return {
    count: merged.count, finite: merged.finite, nan: merged.nan, posinf: merged.posinf, neginf: merged.neginf,
    zeros: merged.zeros,
    min: min && keyText(dt, min.key),
    max: max && keyText(dt, max.key),
    mean: any ? mean : null,
    std: any ? std : null,
    argmin: min && min.index,
    argmax: max && max.index,
    minNumber: min && keyNumber(kind, min.key),
    maxNumber: max && keyNumber(kind, max.key),
    minKey: min && min.key,
    maxKey: max && max.key,
  };
}

/**
 * Reads the view chunk by chunk and merges the parts in order. With a pool, a chunk goes to an
 * idle thread and the calling thread takes one itself when every thread is busy; a few chunks
 * are in flight at most, so memory stays bounded.
 */
async function pass(view: ArrayView, kind: KernelKind, merged: Merged, pool: WorkerPool | null, opts: StatsOptions): Promise<void> {
  const dt = view.dtype;
  const simd = !pool && (opts.simd ?? view.size * 8 >= SIMD_FROM_BYTES) && process.env.NPYVIEW_SIMD !== '0' && kind === 'float'
    && dt.itemsize === 8 && HOST_LITTLE && dt.order !== '>' && view.size > 0
    ? simdFloats(Math.min(view.size * 8, Math.max(opts.chunkBytes ?? CHUNK_BYTES, 65536)), READ_AHEAD + 2) : null;
  const buffers = simd?.buffers ?? new ChunkBuffers();
  const queue: { start: number; part: Part | Promise<Part> }[] = [];
  const maxQueue = pool ? 2 * pool.size + 1 : 0;
  const settle = async (): Promise<void> => {
    const { start, part } = queue.shift()!;
    merged.add(await part, start);
  };
  for await (const chunk of scanView(view, { buffers, readAhead: READ_AHEAD, signal: opts.signal, onProgress: opts.onProgress, chunkBytes: opts.chunkBytes })) {
    const values = chunkValues(kind, dt, chunk.bytes);
    if (pool && pool.leastBusy === 0) {
      const job = {
        kind, ctor: values.constructor.name, buffer: values.buffer as ArrayBuffer, offset: values.byteOffset,
        length: values.length, size: dt.itemsize, big: dt.order === '>',
      };
      if (values.buffer !== chunk.bytes.buffer) buffers.give(chunk.bytes);
      const part = pool.run<{ part: Part; buffer: ArrayBuffer }>(job, [job.buffer]).then((r) => {
        buffers.give(r.buffer);
        return r.part;
      });
      part.catch(() => undefined); // awaited in order by settle(); a failure surfaces there
      queue.push({ start: chunk.start, part });
    } else {
      queue.push({ start: chunk.start, part: K.run(kind, values, dt.itemsize, dt.order === '>', simd) });
      buffers.give(chunk.bytes);
    }
    while (queue.length > maxQueue) await settle();
  }
  while (queue.length > 0) await settle();
}
