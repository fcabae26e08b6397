/**
 * One sequential pass of raw DEFLATE over a zip member's compressed bytes, through Node's zlib:
 * the same library Python's zipfile uses, so a stream zlib refuses (a bad stored-block length, an
 * invalid code set, a distance too far back) is refused here too, at the same place in the
 * output (fflate, which checks less, is the fallback where Node's zlib cannot be stepped). Output is cut at the member's declared size (zipfile hands out no more), a running
 * CRC-32 is kept, and where the stream stops early (it ends, its data runs out, or it is
 * corrupt) is recorded rather than thrown: whether np.load ever reads that far is for the
 * caller to decide (see format/npzreach.ts).
 */
import type { Inflate } from 'fflate';
import type * as Zlib from 'zlib';
import { crc32Update } from './crc32';
import { NpyError } from '../errors';
import { ByteSource } from './source';

/** Where a deflated member lives and what the archive says about it. */
export interface DeflatedMember {
  /** The archive file. */
  source: ByteSource;
  /** Offset of the deflate stream in `source`. */
  offset: number;
  /** Compressed bytes there (the archive's compressed size, cut at the end of the file). */
  compressedSize: number;
  /** Declared uncompressed size: output is cut there. */
  size: number;
  crc32: number;
  /** Used in every message, e.g. "data.npz: member 'x'". */
  label: string;
}

/**
 * Raw inflation in steps: push() feeds compressed bytes and returns their output and how many of
 * them it used: it stops once it has about `maxOut` bytes of output (deflate expands up to
 * ~1032:1, so a small input can mean megabytes), and the caller feeds the rest again. `ended`
 * once the stream's last block is done (bytes after it are not consumed). Throws zlib's error.
 */
interface RawInflater {
  push(input: Uint8Array, final: boolean, maxOut?: number): { outs: Uint8Array[]; used: number };
  readonly ended: boolean;
  /** The last push stopped at maxOut with output still pending: push again (input may be empty). */
  readonly more: boolean;
  close(): void;
}

/** Node's zlib engine driven synchronously, as zlib.inflateRawSync drives it, but kept open. */
interface ZlibEngine {
  _handle: { writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void } | null;
  _writeState: Uint32Array;
  errored: Error | null;
  on(event: 'error', fn: (e: Error) => void): void;
  close(): void;
}

/**
 * zlib (and fflate, the fallback) are loaded at the first inflation, not at start-up: a .npy
 * never needs them, and every npyview run would pay for loading them.
 */
let zlibModule: typeof Zlib | null = null;
function zlib(): typeof Zlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  return zlibModule ??= require('zlib') as typeof Zlib;
}

const OUT_CHUNK = 64 * 1024;
/** Output one step hands out at most (about: whole OUT_CHUNKs): what bounds a step's memory. */
const MAX_STEP_OUTPUT = 1 << 20;

class ZlibInflater implements RawInflater {
  ended = false;
  more = false;
  private readonly out = new Uint8Array(OUT_CHUNK);
  private constructor(private readonly z: ZlibEngine) {
    z.on('error', () => undefined); // reported through `errored`; the event itself comes later
  }

  static create(): ZlibInflater | null {
    const z = zlib().createInflateRaw() as unknown as ZlibEngine;
    if (typeof z._handle?.writeSync !== 'function' || !(z._writeState instanceof Uint32Array)) {
      z.close();
      return null;
    }
    return new ZlibInflater(z);
  }

  push(input: Uint8Array, final: boolean, maxOut = Infinity): { outs: Uint8Array[]; used: number } {
    const outs: Uint8Array[] = [];
    if (this.ended) return { outs, used: 0 };
    let inOff = 0;
    let total = 0;
    let inLen = input.length;
    this.more = false;
    const flush = final ? zlib().constants.Z_FINISH : zlib().constants.Z_SYNC_FLUSH;
    for (;;) {
      const h = this.z._handle;
      if (!h) throw this.z.errored ?? new Error('zlib stream closed');
      h.writeSync(flush, input, inOff, inLen, this.out, 0, OUT_CHUNK);
      // on an error zlib's handler has closed the handle (writing again would abort the process)
      if (this.z._handle === null || this.z.errored) throw this.z.errored ?? new Error('zlib error');
      const availOut = this.z._writeState[0];
      const availIn = this.z._writeState[1];
      const have = OUT_CHUNK - availOut;
      if (have > 0) outs.push(this.out.slice(0, have));
      total += have;
      inOff += inLen - availIn;
      inLen = availIn;
      if (availOut !== 0) {
        // room for output but input left: zlib stopped at the stream's end
        if (availIn > 0 || final) this.ended = true;
        return { outs, used: inOff };
      }
      if (total >= maxOut) {
        this.more = true;
        return { outs, used: inOff };
      }
    }
  }

  close(): void {
    try { this.z.close(); } catch { /* released */ }
  }
}

/** fflate's inflater, for a runtime whose zlib cannot be driven step by step (more lenient). */
class FflateInflater implements RawInflater {
  ended = false;
  readonly more = false;
  private outs: Uint8Array[] = [];
  private readonly inflater: Inflate;
  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see zlib()
    const { Inflate: InflateClass } = require('./inflater') as typeof import('./inflater');
    this.inflater = new InflateClass((chunk) => { this.outs.push(chunk); });
  }
  push(input: Uint8Array, final: boolean): { outs: Uint8Array[]; used: number } {
    this.inflater.push(input, final);
    if (final) this.ended = true;
    const outs = this.outs;
    this.outs = [];
    return { outs, used: input.length };
  }
  close(): void { /* nothing held */ }
}

function newInflater(): RawInflater {
  return ZlibInflater.create() ?? new FflateInflater();
}

function hex(n: number): string { return '0x' + n.toString(16).padStart(8, '0'); }

export class InflateStream {
  /** Compressed bytes fed to zlib so far. */
  consumed = 0;
  /** Output bytes so far (never past the declared size). */
  produced = 0;
  /** No more output will come (see streamEnded, cut, failure). */
  ended = false;
  /** The deflate stream's last block ended (compressed bytes after it are ignored, as zipfile does). */
  streamEnded = false;
  /** The output reached the declared size and was cut there. */
  cut = false;
  /**
   * The compressed bytes ran out before the stream's end: output stops at `produced`. zipfile
   * takes that quietly (its decompressor's flush() gives what there is) and then checks the CRC.
   */
  truncated = false;
  /** The stream is corrupt: output stops at `produced`, and zlib raises an error there. */
  failure: NpyError | null = null;
  /** CRC-32 of the output so far. */
  crc = 0;
  /** Output zlib has given so far (before the cut at the declared size). */
  private emitted = 0;
  /** Compressed bytes read but not yet used (a step stopped at its output bound): `consumed` onwards. */
  private unused: Uint8Array = new Uint8Array(0);
  private z: RawInflater = newInflater();

  constructor(readonly m: DeflatedMember) {}

  /** Feeds up to `chunkSize` more compressed bytes; returns what they inflated to. */
  async step(chunkSize: number): Promise<Uint8Array[]> {
    if (this.ended) return [];
    const n = this.unused.length || Math.min(chunkSize, this.m.compressedSize - this.consumed);
    if (n <= 0 && !this.z.more) {
      this.truncated = this.ended = true;
      return [];
    }
    const input = this.unused.length ? this.unused
      : n > 0 ? await this.m.source.read(this.m.offset + this.consumed, n) : new Uint8Array(0);
    this.unused = new Uint8Array(0);
    const final = this.consumed + n >= this.m.compressedSize;
    let outs: Uint8Array[];
    let used: number;
    try {
      ({ outs, used } = this.z.push(input, final, MAX_STEP_OUTPUT));
    } catch (e) {
      // The output of a failing chunk is lost: find exactly where the stream breaks.
      const out0 = await this.outputBefore(this.consumed, input, Math.max(0, this.m.size - this.produced));
      this.take(out0);
      if ((e as Error).message === 'unexpected end of file') {
        this.consumed += n;
        this.truncated = this.ended = true;
        this.z.close();
      } else {
        this.stop(new NpyError('format', `${this.m.label}: corrupt deflate stream (${(e as Error).message}) after ${this.produced} bytes of output`));
      }
      return out0.length ? [out0] : [];
    }
    this.consumed += used;
    if (used < input.length) this.unused = input.slice(used);
    if (this.z.ended) this.streamEnded = this.ended = true;
    let out: Uint8Array = outs.length === 1 ? outs[0] : Buffer.concat(outs);
    this.emitted += out.length;
    const room = this.m.size - this.produced;
    if (out.length >= room) {
      // zipfile hands out no more than the declared size, and its member ends there
      if (out.length > room || !this.streamEnded) this.cut = true;
      out = out.subarray(0, room);
      this.ended = true;
    }
    this.take(out);
    return out.length ? [out] : [];
  }

  private take(out: Uint8Array): void {
    if (out.length === 0) return;
    this.crc = crc32Update(this.crc, out);
    this.produced += out.length;
  }

  private stop(failure: NpyError): void {
    this.ended = true;
    this.failure = failure;
    this.z.close();
  }

  /**
   * The output not yet handed out (past `emitted`, at most `limit` bytes) that a failing chunk
   * gives before zlib refuses it: inflates again from the start (a zlib handle is dead after an
   * error), output before `emitted` counted and dropped, and feeds that chunk a byte at a time.
   */
  private async outputBefore(at: number, chunk: Uint8Array, limit: number): Promise<Uint8Array> {
    const z = newInflater();
    const parts: Uint8Array[] = [];
    let seen = 0;
    let kept = 0;
    const keep = (outs: Uint8Array[]): void => {
      for (const o of outs) {
        const from = Math.max(0, this.emitted - seen);
        seen += o.length;
        if (from >= o.length || kept >= limit) continue;
        const part = o.subarray(from, from + limit - kept);
        parts.push(part);
        kept += part.length;
      }
    };
    /** Feeds all of `input`, MAX_STEP_OUTPUT of output at a time (memory stays bounded). */
    const feed = (input: Uint8Array): void => {
      for (let off = 0; ;) {
        const r = z.push(input.subarray(off), false, MAX_STEP_OUTPUT);
        keep(r.outs);
        off += r.used;
        if ((off >= input.length && !z.more) || z.ended || kept >= limit) return;
      }
    };
    try {
      for (let pos = 0; pos < at && kept < limit;) {
        const n = Math.min(1 << 20, at - pos);
        feed(await this.m.source.read(this.m.offset + pos, n));
        pos += n;
      }
      for (let i = 0; i < chunk.length && !z.ended && kept < limit; i++) feed(chunk.subarray(i, i + 1));
    } catch {
      // zlib refused here: what was kept is the output before the error
    } finally {
      z.close();
    }
    return Buffer.concat(parts);
  }

  /** zipfile's check when a read reaches the member's end: the CRC of all the output. */
  checkCrc(): void {
    if (this.crc !== this.m.crc32) {
      throw new NpyError('format', `${this.m.label}: CRC mismatch (archive says ${hex(this.m.crc32)}, data gives ${hex(this.crc)}); the member is corrupt`);
    }
  }

  close(): void {
    this.ended = true;
    this.z.close();
  }
}
