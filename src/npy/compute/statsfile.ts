/**
 * Statistics of a view that is one run of bytes of a regular file (a whole .npy in C or Fortran
 * order, a contiguous slice of one, a raw file), by threads that each open the file, take chunks
 * from a shared counter, read each with positional reads into their own buffer and sum it at
 * once, while its bytes are still in that core's cache. Every core then both copies from the page
 * cache and sums. The streaming pass (stats.ts) copies on libuv's threads and sums on the calling
 * thread, so the bytes cross from core to core: on 2 cores, 1 GiB took 294 ms that way against
 * 254 ms this way (the calling thread and one worker; medians of 7).
 *
 * The parts come back with their chunk's number and stats.ts merges them in chunk order: the
 * answer does not depend on which thread did what, or on how many there were.
 *
 * - `inline`: the calling thread takes chunks too, blocking (the CLI); otherwise it only waits,
 *   shows progress and can cancel (the extension host), and at least one worker is started.
 * - A cancel stops every thread within one chunk (4 MiB).
 * - A file that is not the one opened any more (rewritten, replaced, truncated) is refused with
 *   NpyError('changed'), as the streaming pass's reads would.
 */
import { NpyError } from '../errors';
import type { ArrayView } from '../format/array';
import { fileChanged } from '../io/filesource';
import type { PlainFile } from '../io/source';
import { WorkerPool } from '../workers';
import { simdInstance, simdModule, SIMD_LAYOUT, type WasmModule } from './simdfloat';
import { chunkValues, KERNELS, statsKernels, type KernelKind, type Kernels, type Part } from './statskernel';

/**
 * Bytes a chunk: a thread's buffer. 1 MiB (in a core's cache between copy and sum) was no
 * faster than 4 MiB on 2 cores, and every chunk is a part for the calling thread to merge.
 */
export const FILE_CHUNK_BYTES = 4 * 1024 * 1024;

/** What every thread of a pass is given (plain data: it is posted to the workers). */
export interface FileJob {
  file: PlainFile;
  /** Byte offset in the file of the view's first element, and the view's element count. */
  start: number;
  total: number;
  itemsize: number;
  kind: KernelKind;
  /** The typed array the values are read as (a name, as it is posted), or 'bytes' for long doubles. */
  ctor: string;
  big: boolean;
  /** Elements a chunk (the last may be shorter), and the number of chunks. */
  chunkElems: number;
  chunks: number;
  /** [next chunk to take, cancelled (1), chunks done]: shared by every thread. */
  shared: SharedArrayBuffer;
  /** The compiled SIMD module for float64 in this machine's order, else null. */
  simd: WasmModule | null;
  layout: typeof SIMD_LAYOUT;
}

/** A thread's answer: its parts by chunk number, or why it stopped. */
export type FileReply = { parts: [number, Part][] } | { changed: string } | { failed: string };

/**
 * The job for a view read this way, or null when it is not one run of a regular file in the
 * kernels' native order (then stats.ts streams it). `view` is in storage order.
 */
export function fileJob(view: ArrayView, kind: KernelKind, chunkBytes = FILE_CHUNK_BYTES): FileJob | null {
  const file = view.array.source.plainFile?.() ?? null;
  const dt = view.dtype;
  if (!file || view.size === 0) return null;
  let expect = dt.itemsize;
  for (let i = view.ndim - 1; i >= 0; i--) {
    if (view.shape[i] !== 1 && view.strides[i] !== expect) return null;
    expect *= view.shape[i];
  }
  // Only values the loops read where they are: no byte swap, no float16 widening.
  const probe = new Uint8Array(dt.itemsize * 2);
  const values = chunkValues(kind, dt, probe);
  if (values.buffer !== probe.buffer) return null;
  const chunkElems = Math.max(1, Math.floor(chunkBytes / dt.itemsize));
  const useSimd = kind === 'float' && values instanceof Float64Array;
  return {
    file, start: view.array.header.dataOffset + view.offset, total: view.size, itemsize: dt.itemsize, kind,
    ctor: kind === 'long' ? 'bytes' : values.constructor.name, big: dt.order === '>',
    chunkElems, chunks: Math.ceil(view.size / chunkElems),
    shared: new SharedArrayBuffer(12), simd: useSimd ? simdModule() : null, layout: SIMD_LAYOUT,
  };
}

/**
 * A thread's side of a pass: opens the file, checks it is the one opened, then takes chunks
 * until there are none or the pass is cancelled. Self-contained (no imports, no outside names),
 * so that workers run it from its source text; `onChunk` is the calling thread's (progress).
 */
export function fileStatsThread(kernels: Kernels, makeSimd: typeof simdInstance) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs from source text in workers too
  const fs = require('fs') as typeof import('fs');
  const CTORS: Record<string, new (b: ArrayBuffer, o: number, n: number) => ArrayLike<number | bigint>> = {
    Float64Array, Float32Array, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array,
  };

  function run(job: FileJob, onChunk?: (done: number) => void): FileReply {
    let fd: number;
    try {
      fd = fs.openSync(job.file.path, 'r');
    } catch (e) {
      return { changed: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it was deleted' : String((e as Error).message) };
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.dev !== job.file.dev || st.ino !== job.file.ino) return { changed: 'it was replaced by another file' };
      if (st.size !== job.file.size) return { changed: `it ${st.size < job.file.size ? 'shrank' : 'grew'} from ${job.file.size} to ${st.size} bytes` };
      if (st.mtimeMs !== job.file.mtimeMs) return { changed: 'it was rewritten' };
      const bytes = job.chunkElems * job.itemsize;
      const simd = job.simd ? makeSimd(job.simd, bytes, 1, job.layout) : null;
      const buf = simd ? new Uint8Array(simd.memory, simd.head, bytes) : new Uint8Array(bytes);
      const shared = new Int32Array(job.shared);
      const parts: [number, Part][] = [];
      for (;;) {
        if (Atomics.load(shared, 1) !== 0) break;
        const k = Atomics.add(shared, 0, 1);
        if (k >= job.chunks) break;
        const n = Math.min(job.chunkElems, job.total - k * job.chunkElems);
        const len = n * job.itemsize;
        const at = job.start + k * bytes;
        for (let done = 0; done < len;) {
          const got = fs.readSync(fd, buf, done, len - done, at + done);
          if (got === 0) return { changed: `it is shorter than the ${job.file.size} bytes it had` };
          done += got;
        }
        const values = job.ctor === 'bytes' ? buf.subarray(0, len) : new CTORS[job.ctor](buf.buffer as ArrayBuffer, buf.byteOffset, n);
        parts.push([k, kernels.run(job.kind, values, job.itemsize, job.big, simd)]);
        const done = Atomics.add(shared, 2, 1) + 1;
        onChunk?.(done);
      }
      return { parts };
    } catch (e) {
      return { failed: String((e as Error).message) };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The worker's handler (WorkerPool). */
  function handle(job: FileJob): { value: FileReply } {
    return { value: run(job) };
  }

  return { run, handle };
}

const HANDLER_SOURCE = `(${fileStatsThread.toString()})((${statsKernels.toString()})(), ${simdInstance.toString()}).handle`;

let mine: ReturnType<typeof fileStatsThread> | undefined;

export interface FilePassOptions {
  /** Worker threads: besides the calling thread when inline, else at least 1. */
  workers: number;
  inline: boolean;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

/** How often a waiting calling thread reports progress and looks for a cancel (ms). */
const POLL_MS = 50;

/** Runs the pass: every chunk's part, in chunk order. */
export async function fileParts(job: FileJob, opts: FilePassOptions): Promise<Part[]> {
  const shared = new Int32Array(job.shared);
  const n = opts.inline ? opts.workers : Math.max(1, opts.workers);
  const pool = n > 0 ? new WorkerPool(HANDLER_SOURCE, n, 'statistics') : null;
  const progress = (chunks: number) => opts.onProgress?.(Math.min(job.total, chunks * job.chunkElems), job.total);
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    const replies = pool ? Array.from({ length: n }, () => pool.run<FileReply>(job)) : [];
    replies.forEach((r) => r.catch(() => undefined)); // awaited below; a failure surfaces there
    const all: FileReply[] = [];
    if (opts.inline) {
      if (opts.signal?.aborted) throw new NpyError('cancelled', 'cancelled');
      mine ??= fileStatsThread(KERNELS, simdInstance);
      const own = mine.run(job, progress);
      all.push(own);
      // Workers that had not started when this thread took the last chunk hold no part: stop them.
      if (!('parts' in own) || own.parts.length < job.chunks) all.push(...await Promise.all(replies));
    } else {
      const cancelled = new Promise<never>((_, reject) => {
        timer = setInterval(() => {
          if (opts.signal?.aborted) reject(new NpyError('cancelled', 'cancelled'));
          else progress(Atomics.load(shared, 2));
        }, POLL_MS);
        opts.signal?.addEventListener('abort', () => reject(new NpyError('cancelled', 'cancelled')), { once: true });
      });
      cancelled.catch(() => undefined);
      if (opts.signal?.aborted) throw new NpyError('cancelled', 'cancelled');
      all.push(...await Promise.race([Promise.all(replies), cancelled]));
    }
    const parts = new Array<Part>(job.chunks);
    for (const r of all) {
      if ('changed' in r) throw fileChanged(job.file.path, r.changed);
      if ('failed' in r) throw new NpyError('io', `${job.file.path}: read failed: ${r.failed}`);
      for (const [k, p] of r.parts) parts[k] = p;
    }
    for (let k = 0; k < job.chunks; k++) if (!parts[k]) throw new NpyError('io', `${job.file.path}: chunk ${k} of the statistics pass was not read`);
    progress(job.chunks);
    return parts;
  } finally {
    Atomics.store(shared, 1, 1);
    if (timer) clearInterval(timer);
    // Not awaited: stopping a thread takes ~10 ms, and nothing here needs it stopped.
    pool?.close().catch(() => undefined);
  }
}
