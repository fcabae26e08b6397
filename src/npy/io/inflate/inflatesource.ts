/**
 * Random access to a deflated zip member (np.savez_compressed) without inflating all of it.
 *
 * Reading offset X inflates only up to X + length; later reads continue where inflation stopped.
 * Inflation runs in Node's native zlib where it can be stepped (inflatestream.ts), else in fflate.
 * Inflated output is kept in fixed-size blocks: the most recently used ones in memory up to a
 * budget. With native zlib older blocks are dropped and made again, when read, by inflating from
 * the nearest restart point before them (restarts.ts: a point every few MiB, at most 256); with
 * fflate they are spilled to a temporary file. Either way going back never re-inflates from the
 * start. The stream
 * (inflatestream.ts) stops at the member's declared size; a read past where the output really
 * ends (a short, truncated or corrupt stream) fails, reads before it succeed. Whether the CRC is
 * checked is the caller's decision (np.load checks it only when its reads reach the end).
 */
import { unlinkSync, promises as fsp } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NpyError } from '../../errors';
import { DeflatedMember, InflateStream } from './inflatestream';
import { Replay, RestartIndex } from './restarts';
import { ByteSink } from '../sink';
import { ByteSource } from '../source';

export { DeflatedMember, InflateStream } from './inflatestream';

/** Makes spill file names unique within the process ('wx' refuses an existing name anyway);
 * no crypto: loading it costs every CLI run ~5 ms. */
let tempCounter = 0;

export interface InflateOptions {
  /** Size of a cache block (default 1 MiB). */
  blockSize?: number;
  /** Inflated bytes kept in memory before older blocks go to the temp file (default 64 MiB). */
  memoryBudget?: number;
  /** Directory for the spill file (default os.tmpdir()). */
  tempDir?: string;
  /**
   * For a reader that only goes forward (a streaming pass over a C-order member): blocks past
   * the memory budget are dropped instead of written to a spill file, so a pass over gigabytes
   * writes nothing to disk. Reading a dropped block again fails with NpyError('io').
   */
  forwardOnly?: boolean;
  onProgress?(done: number, total: number): void;
  /** Called once when the source is closed (the archive tracks the sources it handed out). */
  onClose?(): void;
  /** Output between restart points, at least (default restarts.ts MIN_SPACING, 4 MiB). */
  restartSpacing?: number;
  /** Inflate with fflate even where native zlib is available (tests). */
  fflate?: boolean;
}

const MIN_CHUNK = 4 * 1024;
// One step of n compressed bytes can inflate to ~1032·n, so the chunk size bounds the
// transient memory a hostile stream can make zlib hand us at once.
const MAX_CHUNK = 32 * 1024;
// Native zlib bounds its output per step itself (inflatestream.ts: 1 MiB), so with restart
// points (any cached block may then be dropped) it can take bigger bites of compressed input:
// fewer reads and steps. A forwardOnly reader keeps the small bites: it cannot drop the blocks
// a step inflates past the read in progress, so a step's output is what its memory passes the
// budget by.
const NATIVE_CHUNK = 256 * 1024;
const PROGRESS_EVERY = 1 << 20;

/** Why a read past the end of the output fails. */
export function shortOutput(s: InflateStream, want: number): NpyError {
  if (s.failure) return s.failure;
  const how = s.truncated ? 'its deflate stream is cut short' : 'its data ends';
  return new NpyError('format', `${s.m.label}: ${how} after ${s.produced} bytes (wanted ${want}; the archive declares ${s.m.size})`);
}

/**
 * Streams a member's output straight into a sink (no cache): all of it (what zipfile's read()
 * gives: until the stream ends, or the declared size), or exactly `upTo` bytes (a read past the
 * real end of the output then fails). Returns the stream for the caller's checks (its CRC).
 */
export async function inflateToSink(m: DeflatedMember, sink: ByteSink, signal?: AbortSignal, upTo?: number): Promise<InflateStream> {
  const s = new InflateStream(m);
  const limit = upTo ?? m.size;
  let written = 0;
  try {
    while (written < limit && !s.ended) {
      if (signal?.aborted) throw new NpyError('cancelled', `${m.label}: cancelled`);
      for (const chunk of await s.step(MAX_CHUNK)) {
        const part = chunk.subarray(0, Math.max(0, limit - written));
        if (part.length) await sink.write(part);
        written += part.length;
      }
    }
    if (upTo !== undefined && written < upTo) throw shortOutput(s, upTo);
    if (upTo === undefined && s.failure) throw s.failure;
    return s;
  } finally {
    s.close();
  }
}

// Spill files of live sources, removed even if the process exits without closing them.
const liveTempFiles = new Set<string>();
let exitHookInstalled = false;
function trackTempFile(p: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const f of liveTempFiles) { try { unlinkSync(f); } catch { /* already gone */ } }
    });
  }
  liveTempFiles.add(p);
}

export interface InflateStats {
  /** Bytes of output inflated so far (a prefix of the member). */
  inflatedBytes: number;
  /** Compressed bytes read from the archive so far. */
  compressedBytesRead: number;
  /** Inflated bytes currently held in memory, and the most ever held. */
  memoryBytes: number;
  peakMemoryBytes: number;
  /** Blocks written to / read back from the spill file. */
  spilledBlocks: number;
  spillReads: number;
  /** Whether a spill file was created. */
  spillFile: boolean;
  /** Restart points kept (native zlib only; the start of the stream counts as one) and their bytes. */
  restartPoints: number;
  restartBytes: number;
  /** Blocks made again by inflating from a restart point. */
  replays: number;
}

export class InflateSource implements ByteSource {
  readonly size: number;
  private readonly blockSize: number;
  private readonly budget: number;
  private readonly stream: InflateStream;
  /** Completed blocks in memory, least recently used first (Map keeps insertion order). */
  private readonly blocks = new Map<number, Uint8Array>();
  /** The block being filled by inflation. */
  private current: Uint8Array;
  private readonly spilled = new Set<number>();
  /** forwardOnly: blocks below this index may have been dropped. */
  private dropped = 0;
  /** forwardOnly: the first block of the read in progress (kept until it is copied out). */
  private readingFrom = 0;
  private tempPath: string | null = null;
  private temp: fsp.FileHandle | null = null;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastProgress = 0;
  private _spillReads = 0;
  private _peak = 0;
  /** With native zlib: where inflation can restart, and the replay in progress. */
  private readonly restarts: RestartIndex | null = null;
  private replay: Replay | null = null;
  private _replays = 0;

  constructor(private readonly m: DeflatedMember, private readonly opts: InflateOptions = {}) {
    this.size = m.size;
    this.blockSize = Math.max(1024, opts.blockSize ?? 1 << 20);
    // At least two blocks: the one being filled and the one just completed.
    this.budget = Math.max(2 * this.blockSize, opts.memoryBudget ?? 64 << 20);
    this.stream = new InflateStream(m, opts.fflate);
    this.current = new Uint8Array(Math.min(this.blockSize, m.size));
    if (this.stream.native && !opts.forwardOnly) {
      const r = new RestartIndex(m.size, opts.restartSpacing);
      this.restarts = r;
      this.stream.onOutput = (chunk) => r.onOutput(chunk);
      this.stream.onBoundary = (byteEnd, out) => r.onBoundary(byteEnd, out, m.size);
    }
  }

  get inflatedBytes(): number { return this.stream.produced; }
  /** True once the stream has ended, in one piece, with the CRC the archive declares. */
  get crcVerified(): boolean { return this.stream.streamEnded && !this.stream.failure && this.stream.crc === this.m.crc32; }

  /**
   * Inflates up to `n` bytes of output (less where the output ends) and gives the stream, for
   * np.load's end-of-member checks (format/npz/npz.ts).
   */
  async inflatedTo(n: number): Promise<InflateStream> {
    const run = this.queue.then(() => this.inflateTo(n));
    this.queue = run.catch(() => undefined);
    await run;
    return this.stream;
  }
  get stats(): InflateStats {
    return {
      inflatedBytes: this.stream.produced,
      compressedBytesRead: this.stream.consumed,
      memoryBytes: this.memoryBytes(),
      peakMemoryBytes: this._peak,
      spilledBlocks: this.spilled.size,
      spillReads: this._spillReads,
      spillFile: this.temp !== null,
      restartPoints: this.restarts?.points.length ?? 0,
      restartBytes: this.restarts?.bytes ?? 0,
      replays: this._replays,
    };
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    return this.queued(offset, length);
  }

  /** Copies the bytes into `target` (a read across blocks then needs no buffer of its own). */
  async readInto(offset: number, target: Uint8Array): Promise<void> {
    await this.queued(offset, target.length, target);
  }

  private queued(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      return Promise.reject(new NpyError('io', `${this.m.label}: invalid read of ${length} bytes at ${offset}`));
    }
    if (offset + length > this.size) {
      return Promise.reject(new NpyError('format',
        `${this.m.label}: unexpected end of data (wanted ${length} bytes at offset ${offset}, size is ${this.size})`));
    }
    // Reads are serialised: inflation state and the cache are shared.
    const run = this.queue.then(() => this.readLocked(offset, length, into));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readLocked(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (this.closed) throw new NpyError('io', `${this.m.label}: read after close`);
    this.readingFrom = Math.floor(offset / this.blockSize);
    await this.inflateTo(offset + length);
    if (this.stream.produced < offset + length) throw shortOutput(this.stream, offset + length);
    return this.copyOut(offset, length, into);
  }

  private async inflateTo(target: number): Promise<void> {
    let chunk = MIN_CHUNK;
    while (!this.stream.ended && this.stream.produced < target) {
      // close() during a long inflation (a seek to the end of a huge member) stops it here.
      if (this.closed) throw new NpyError('cancelled', `${this.m.label}: closed while inflating`);
      const out = await this.stream.step(chunk);
      for (const c of out) await this.append(c);
      chunk = Math.min(chunk * 2, this.restarts ? NATIVE_CHUNK : MAX_CHUNK);
      const p = this.stream.produced;
      if (this.opts.onProgress && (p - this.lastProgress >= PROGRESS_EVERY || this.stream.ended)) {
        this.lastProgress = p;
        this.opts.onProgress(p, this.size);
      }
    }
    if (this.stream.ended && this.stream.produced % this.blockSize !== 0) {
      // The last, partial block: keep it as a normal block of its real length.
      const idx = Math.floor(this.stream.produced / this.blockSize);
      if (!this.blocks.has(idx) && !this.spilled.has(idx)) {
        await this.addBlock(idx, this.current.subarray(0, this.stream.produced % this.blockSize));
      }
    }
  }

  /** Bytes copied into blocks so far (trails stream.produced only while a step is appended). */
  private appended = 0;

  /** Copies freshly inflated bytes into the current block, completing blocks as they fill. */
  private async append(chunk: Uint8Array): Promise<void> {
    let pos = 0;
    while (pos < chunk.length) {
      const within = this.appended % this.blockSize;
      const n = Math.min(chunk.length - pos, this.blockSize - within);
      this.current.set(chunk.subarray(pos, pos + n), within);
      pos += n;
      this.appended += n;
      if (this.appended % this.blockSize === 0) {
        const idx = this.appended / this.blockSize - 1;
        const full = this.current;
        this.current = new Uint8Array(Math.max(0, Math.min(this.blockSize, this.size - this.appended)));
        await this.addBlock(idx, full);
      }
    }
  }

  private async addBlock(idx: number, data: Uint8Array): Promise<void> {
    this.blocks.set(idx, data);
    this._peak = Math.max(this._peak, this.memoryBytes());
    await this.enforceBudget(idx);
  }

  private memoryBytes(): number {
    let n = this.stream.ended ? 0 : this.current.length;
    for (const b of this.blocks.values()) n += b.length;
    return n;
  }

  /** Moves least recently used blocks out of memory (to the spill file) until under budget. */
  private async enforceBudget(keep: number): Promise<void> {
    while (this.memoryBytes() > this.budget && this.blocks.size > 1) {
      const [idx, data] = this.blocks.entries().next().value as [number, Uint8Array];
      if (idx === keep) break;
      if (this.opts.forwardOnly) {
        // Never a block of the read in progress: memory may pass the budget by that read.
        if (idx >= this.readingFrom) break;
        this.dropped = Math.max(this.dropped, idx + 1);
      } else if (!this.restarts && !this.spilled.has(idx)) {
        // (with restart points a dropped block is made again when read: no spill file)
        const fh = await this.tempFile();
        let done = 0;
        while (done < data.length) {
          const { bytesWritten } = await fh.write(data, done, data.length - done, idx * this.blockSize + done);
          done += bytesWritten;
        }
        this.spilled.add(idx);
      }
      this.blocks.delete(idx);
    }
  }

  private async tempFile(): Promise<fsp.FileHandle> {
    if (this.temp) return this.temp;
    const dir = this.opts.tempDir ?? tmpdir();
    const p = join(dir, `npyview-${process.pid}-${Date.now().toString(36)}-${(tempCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}.inflate`);
    try {
      this.temp = await fsp.open(p, 'wx+', 0o600);
    } catch (e) {
      throw new NpyError('io', `${this.m.label}: cannot create a temporary file in ${dir} for inflated data (${(e as Error).message})`);
    }
    // Unlink right away where the OS allows it (POSIX): the open handle keeps the data, and
    // nothing is left behind even if the process is killed. Elsewhere (Windows) remove it on
    // close, or at exit at the latest.
    try {
      await fsp.unlink(p);
    } catch {
      this.tempPath = p;
      trackTempFile(p);
    }
    return this.temp;
  }

  private async block(idx: number): Promise<Uint8Array> {
    const inMem = this.blocks.get(idx);
    if (inMem) {
      // Mark as most recently used.
      this.blocks.delete(idx);
      this.blocks.set(idx, inMem);
      return inMem;
    }
    const start = idx * this.blockSize;
    if (!this.stream.ended && start + this.blockSize > this.stream.produced) return this.current;
    if (idx < this.dropped && !this.spilled.has(idx)) {
      throw new NpyError('io', `${this.m.label}: bytes at ${start} were read already and not kept (this reader only goes forward)`);
    }
    if (this.restarts) return this.replayBlock(idx);
    if (!this.spilled.has(idx) || !this.temp) throw new Error(`inflate cache lost block ${idx}`);
    const len = Math.min(this.blockSize, this.stream.produced - start);
    const buf = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const { bytesRead } = await this.temp.read(buf, done, len - done, start + done);
      if (bytesRead === 0) throw new NpyError('io', `${this.m.label}: temporary file was truncated`);
      done += bytesRead;
    }
    this._spillReads++;
    await this.addBlock(idx, buf);
    return buf;
  }

  /** Makes block `idx` (already inflated once, since dropped) again from a restart point. */
  private async replayBlock(idx: number): Promise<Uint8Array> {
    const restarts = this.restarts!;
    const start = idx * this.blockSize;
    const len = Math.min(this.blockSize, this.stream.produced - start);
    let r = this.replay;
    // Reuse the replay in progress when the block is ahead of it and nearer than a new point.
    if (!r || r.pos > start || start - r.pos > restarts.spacing) {
      r?.close();
      r = null;
      this.replay = null;
      const read = (off: number, n: number): Promise<Uint8Array> => this.m.source.read(this.m.offset + off, n);
      for (let p = restarts.pointBefore(start); !r; p = restarts.pointBefore(p.out - 1)) {
        try {
          r = await restarts.open(p, read, this.m.compressedSize);
        } catch (e) {
          if (e instanceof NpyError) throw e;
          r = null; // (cannot happen for the start of the stream, which needs no bit search)
        }
        if (!r && p.out === 0) throw new NpyError('format', `${this.m.label}: cannot inflate again from the start`);
      }
      this.replay = r;
    }
    let data: Uint8Array;
    try {
      while (r.pos < start) await r.output(Math.min(start - r.pos, this.blockSize));
      data = await r.output(len);
    } catch (e) {
      this.replay?.close();
      this.replay = null;
      if (e instanceof NpyError) throw e;
      throw new NpyError('format', `${this.m.label}: corrupt deflate stream on inflating again (${(e as Error).message})`);
    }
    if (data.length !== len) throw new NpyError('format', `${this.m.label}: inflating again gave ${data.length} bytes where ${len} were before`);
    this._replays++;
    await this.addBlock(idx, data);
    return data;
  }

  /**
   * The bytes: a view of one cached block, or copied across blocks; with `into` (exactly `length`
   * long), copied there.
   */
  private async copyOut(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (length === 0) return into ?? new Uint8Array(0);
    const first = Math.floor(offset / this.blockSize);
    const inFirst = offset - first * this.blockSize;
    if (inFirst + length <= this.blockSize) {
      const view = (await this.block(first)).subarray(inFirst, inFirst + length);
      if (!into) return view;
      into.set(view);
      return into;
    }
    const out = into ?? new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = offset + done;
      const idx = Math.floor(at / this.blockSize);
      const within = at - idx * this.blockSize;
      const b = await this.block(idx);
      const n = Math.min(length - done, b.length - within);
      out.set(b.subarray(within, within + n), done);
      done += n;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.opts.onClose?.();
    // Let a read in flight notice `closed` and stop before the cache goes away under it.
    await this.queue;
    this.stream.close();
    this.replay?.close();
    this.replay = null;
    this.blocks.clear();
    this.current = new Uint8Array(0);
    const fh = this.temp;
    const p = this.tempPath;
    this.temp = null;
    this.tempPath = null;
    if (fh) await fh.close().catch(() => undefined);
    if (p) {
      liveTempFiles.delete(p);
      await fsp.unlink(p).catch(() => undefined);
    }
  }
}
