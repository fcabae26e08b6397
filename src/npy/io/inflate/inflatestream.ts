/**
 * One sequential pass of raw DEFLATE over a zip member's compressed bytes, through Node's zlib
 * (nativeinflate.ts): the same library Python's zipfile uses, so a stream zlib refuses (a bad
 * stored-block length, an invalid code set, a distance too far back) is refused here too, at the
 * same place in the output (fflate, which checks less, is the fallback where Node's zlib cannot
 * be stepped). The deflate block boundaries zlib passes are reported (onBoundary), for restart
 * points (restarts.ts). Output is cut at the member's declared size (zipfile hands out no more), a running
 * CRC-32 is kept, and where the stream stops early (it ends, its data runs out, or it is
 * corrupt) is recorded rather than thrown: whether np.load ever reads that far is for the
 * caller to decide (see format/npz/npzreach.ts).
 */
import type { Inflate } from 'fflate';
import { crc32Update } from '../crc32';
import { NpyError } from '../../errors';
import { NativeInflater, nativeCrc32, nativeInflateAvailable } from './nativeinflate';
import { ByteSource } from '../source';

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

/** A deflate block boundary passed during a push: `used` bytes of that push's input consumed, `emitted` output so far. */
interface Boundary { used: number; emitted: number }

/**
 * Raw inflation in steps: push() feeds compressed bytes and returns their output and how many of
 * them it used: it stops once it has about `maxOut` bytes of output (deflate expands up to
 * ~1032:1, so a small input can mean megabytes), and the caller feeds the rest again. `ended`
 * once the stream's last block is done (bytes after it are not consumed). Throws zlib's error
 * (the push's output is then lost). Native zlib also reports the block boundaries it passed
 * (where restarts.ts can later restart inflation); fflate reports none.
 */
interface RawInflater {
  push(input: Uint8Array, final: boolean, maxOut?: number): { outs: Uint8Array[]; used: number; boundaries: Boundary[] };
  readonly ended: boolean;
  /** The last push stopped at maxOut with output still pending: push again (input may be empty). */
  readonly more: boolean;
  close(): void;
}

/** Output one step hands out at most: what bounds a step's memory. */
const MAX_STEP_OUTPUT = 1 << 20;

/** Node's zlib through nativeinflate.ts (its native handle, stepped block by block). */
class ZlibInflater implements RawInflater {
  more = false;
  private outs: Uint8Array[] = [];
  private boundaries: Boundary[] = [];
  private readonly z: NativeInflater;
  constructor() {
    this.z = new NativeInflater((chunk) => { this.outs.push(chunk); },
      (used, produced) => { this.boundaries.push({ used, emitted: produced }); });
  }
  get ended(): boolean { return this.z.ended; }

  push(input: Uint8Array, final: boolean, maxOut = Infinity): { outs: Uint8Array[]; used: number; boundaries: Boundary[] } {
    this.outs = [];
    this.boundaries = [];
    const before = this.z.produced;
    const used = this.z.push(input, final, maxOut);
    this.more = !this.z.ended && this.z.produced - before >= maxOut;
    return { outs: this.outs, used, boundaries: this.boundaries };
  }

  close(): void { this.z.close(); }
}

/** fflate's inflater, for a runtime whose zlib cannot be driven step by step (more lenient). */
class FflateInflater implements RawInflater {
  ended = false;
  readonly more = false;
  private outs: Uint8Array[] = [];
  private readonly inflater: Inflate;
  constructor() {
    // fflate is loaded at the first inflation, not at start-up: a .npy never needs it, and every
    // npyview run would pay for building its tables.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const { Inflate: InflateClass } = require('./inflater') as typeof import('./inflater');
    this.inflater = new InflateClass((chunk) => { this.outs.push(chunk); });
  }
  push(input: Uint8Array, final: boolean): { outs: Uint8Array[]; used: number; boundaries: Boundary[] } {
    this.inflater.push(input, final);
    if (final) this.ended = true;
    const outs = this.outs;
    this.outs = [];
    return { outs, used: input.length, boundaries: [] };
  }
  close(): void { /* nothing held */ }
}

function newInflater(useFflate: boolean): RawInflater {
  return !useFflate && nativeInflateAvailable() ? new ZlibInflater() : new FflateInflater();
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
  /** Node's zlib inflates (and block boundaries are reported); false with the fflate fallback. */
  readonly native: boolean;
  /** Called with every piece of output, in order (views that stay valid), and at every deflate
   * block boundary passed within the output: `byteEnd` compressed bytes consumed (the boundary
   * lies in the last 8 bits of them), `produced` bytes of output before it. */
  onOutput: ((chunk: Uint8Array) => void) | null = null;
  onBoundary: ((byteEnd: number, produced: number) => void) | null = null;
  /** Output zlib has given so far (before the cut at the declared size). */
  private emitted = 0;
  /** Compressed bytes read but not yet used (a step stopped at its output bound): `consumed` onwards. */
  private unused: Uint8Array = new Uint8Array(0);
  private readonly z: RawInflater;
  private readonly crcUpdate: (crc: number, data: Uint8Array) => number;

  /** `useFflate`: inflate with fflate even where Node's zlib can be stepped (tests). */
  constructor(readonly m: DeflatedMember, private readonly useFflate = false) {
    this.z = newInflater(useFflate);
    this.native = this.z instanceof ZlibInflater;
    const fast = nativeCrc32();
    this.crcUpdate = fast ? (crc, data) => fast(data, crc) : crc32Update;
  }

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
    let boundaries: Boundary[];
    try {
      ({ outs, used, boundaries } = this.z.push(input, final, MAX_STEP_OUTPUT));
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
    const consumedBefore = this.consumed;
    const emittedBefore = this.emitted;
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
    this.take(out, boundaries.map((b) => ({ used: consumedBefore + b.used, emitted: b.emitted - emittedBefore })));
    return out.length ? [out] : [];
  }

  /**
   * Counts new output (CRC, produced) and hands it to onOutput, split at the block boundaries
   * (`used`: compressed bytes consumed in all, `emitted`: offset in `out`) so that each boundary
   * is reported after the output before it and before the output after it.
   */
  private take(out: Uint8Array, boundaries: readonly Boundary[] = []): void {
    const base = this.produced;
    if (out.length > 0) {
      this.crc = this.crcUpdate(this.crc, out);
      this.produced += out.length;
    }
    let from = 0;
    for (const b of boundaries) {
      if (b.emitted > out.length) break; // past the declared size: cut off
      if (b.emitted > from) this.onOutput?.(out.subarray(from, b.emitted));
      from = b.emitted;
      this.onBoundary?.(b.used, base + b.emitted);
    }
    if (out.length > from) this.onOutput?.(out.subarray(from));
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
    const z = newInflater(this.useFflate);
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
