/**
 * Random access to a deflated zip member (np.savez_compressed) without inflating all of it.
 *
 * Reading offset X inflates only up to X + length; later reads continue where inflation stopped.
 * Inflated output is kept in fixed-size blocks: the most recently used ones in memory up to a
 * budget, older ones spilled to a temporary file, so going back never re-inflates. Inflation
 * stops with NpyError('format') as soon as the output passes the member's declared size (zip
 * bomb), and the CRC-32 is verified once the member has been inflated through.
 */
import type { Inflate } from 'fflate';
import { unlinkSync, promises as fsp } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { crc32Update } from './crc32';
import { NpyError } from '../errors';
import { ByteSink } from './sink';
import { ByteSource } from './source';

/** Makes spill file names unique within the process ('wx' refuses an existing name anyway);
 * no crypto: loading it costs every CLI run ~5 ms. */
let tempCounter = 0;

/** Where a deflated member lives and what the archive says about it. */
export interface DeflatedMember {
  /** The archive file. */
  source: ByteSource;
  /** Offset of the deflate stream in `source`. */
  offset: number;
  compressedSize: number;
  /** Declared uncompressed size: inflation never goes past it. */
  size: number;
  crc32: number;
  /** Used in every message, e.g. "data.npz: member 'x'". */
  label: string;
}

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
}

const MIN_CHUNK = 4 * 1024;
// One push of n compressed bytes can inflate to ~1032·n, so the chunk size bounds the
// transient memory a hostile stream can make fflate allocate.
const MAX_CHUNK = 32 * 1024;
const PROGRESS_EVERY = 1 << 20;
// Compressed input that may be pushed without any output before we decide the deflate stream
// has ended and the rest is junk: fflate keeps unconsumed input after the end of the stream and
// re-copies it on every push, so feeding it megabytes of trailing data would take quadratic time.
const MAX_IDLE_INPUT = 1 << 20;

/**
 * One pass of fflate's streaming Inflate over the compressed bytes, with the size cap and the
 * running CRC. Output arrives synchronously from push(); step() returns it.
 */
export class InflateStream {
  consumed = 0;
  produced = 0;
  ended = false;
  private crc = 0;
  private readonly inflater: Inflate;
  private out: Uint8Array[] = [];
  private overflow = false;
  private idle = 0;

  constructor(private readonly m: DeflatedMember) {
    // fflate is loaded at the first inflation, not at start-up: building its tables costs every
    // run a millisecond or two, and a .npy never needs them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const { Inflate: InflateClass } = require('./inflater') as typeof import('./inflater');
    this.inflater = new InflateClass((chunk) => this.onData(chunk));
  }

  private onData(chunk: Uint8Array): void {
    const room = this.m.size - this.produced;
    if (chunk.length > room) {
      this.overflow = true;
      chunk = chunk.subarray(0, room);
    }
    if (chunk.length === 0) return;
    this.crc = crc32Update(this.crc, chunk);
    this.produced += chunk.length;
    this.out.push(chunk);
  }

  /** Feeds up to `chunkSize` more compressed bytes; returns what they inflated to. */
  async step(chunkSize: number): Promise<Uint8Array[]> {
    if (this.ended) return [];
    let n: number;
    let input: Uint8Array;
    if (this.idle > MAX_IDLE_INPUT) {
      // Treat the rest as trailing junk, unread: finish the stream with what it has had.
      input = new Uint8Array(0);
      n = this.m.compressedSize - this.consumed;
    } else {
      n = Math.min(chunkSize, this.m.compressedSize - this.consumed);
      input = n > 0 ? await this.m.source.read(this.m.offset + this.consumed, n) : new Uint8Array(0);
    }
    this.consumed += n;
    const final = this.consumed === this.m.compressedSize;
    const before = this.produced;
    try {
      this.inflater.push(input, final);
    } catch (e) {
      throw new NpyError('format', `${this.m.label}: corrupt deflate stream (${describeFlateError(e)})`);
    }
    this.idle = this.produced === before ? this.idle + n : 0;
    const out = this.out;
    this.out = [];
    if (this.overflow) {
      throw new NpyError('format',
        `${this.m.label} inflates past its declared size of ${this.m.size} bytes (corrupt archive or zip bomb); stopped there`);
    }
    if (final) {
      this.ended = true;
      if (this.produced !== this.m.size) {
        throw new NpyError('format',
          `${this.m.label}: deflate stream ends after ${this.produced} bytes but the archive declares ${this.m.size} (truncated or corrupt)`);
      }
      if (this.crc !== this.m.crc32) {
        throw new NpyError('format', `${this.m.label}: CRC mismatch (archive says ${hex(this.m.crc32)}, data gives ${hex(this.crc)}); the member is corrupt`);
      }
    }
    return out;
  }
}

function hex(n: number): string { return '0x' + n.toString(16).padStart(8, '0'); }

function describeFlateError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg === 'unexpected EOF' ? 'unexpected end of compressed data' : msg;
}

/** Inflates a whole member straight into a sink (no cache): "save member as .npy". */
export async function inflateToSink(m: DeflatedMember, sink: ByteSink, signal?: AbortSignal): Promise<void> {
  const s = new InflateStream(m);
  while (!s.ended) {
    if (signal?.aborted) throw new NpyError('cancelled', `${m.label}: cancelled`);
    for (const chunk of await s.step(MAX_CHUNK)) await sink.write(chunk);
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
  private failure: NpyError | null = null;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastProgress = 0;
  private _spillReads = 0;
  private _peak = 0;

  constructor(private readonly m: DeflatedMember, private readonly opts: InflateOptions = {}) {
    this.size = m.size;
    this.blockSize = Math.max(1024, opts.blockSize ?? 1 << 20);
    // At least two blocks: the one being filled and the one just completed.
    this.budget = Math.max(2 * this.blockSize, opts.memoryBudget ?? 64 << 20);
    this.stream = new InflateStream(m);
    this.current = new Uint8Array(Math.min(this.blockSize, m.size));
  }

  get inflatedBytes(): number { return this.stream.produced; }
  /** True once the member was inflated through and its size and CRC matched. */
  get crcVerified(): boolean { return this.stream.ended && this.failure === null; }
  get stats(): InflateStats {
    return {
      inflatedBytes: this.stream.produced,
      compressedBytesRead: this.stream.consumed,
      memoryBytes: this.memoryBytes(),
      peakMemoryBytes: this._peak,
      spilledBlocks: this.spilled.size,
      spillReads: this._spillReads,
      spillFile: this.temp !== null,
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
    if (this.failure) throw this.failure;
    this.readingFrom = Math.floor(offset / this.blockSize);
    try {
      // Reading the last byte means the member is read through: finish it to check the CRC.
      await this.inflateTo(offset + length >= this.size ? Infinity : offset + length);
    } catch (e) {
      if (e instanceof NpyError && e.code === 'format') this.failure = e;
      throw e;
    }
    return this.copyOut(offset, length, into);
  }

  private async inflateTo(target: number): Promise<void> {
    let chunk = MIN_CHUNK;
    while (!this.stream.ended && this.stream.produced < target) {
      // close() during a long inflation (a seek to the end of a huge member) stops it here.
      if (this.closed) throw new NpyError('cancelled', `${this.m.label}: closed while inflating`);
      const out = await this.stream.step(chunk);
      for (const c of out) await this.append(c);
      chunk = Math.min(chunk * 2, MAX_CHUNK);
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
      } else if (!this.spilled.has(idx)) {
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
