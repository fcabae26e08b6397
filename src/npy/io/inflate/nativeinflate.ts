/**
 * Raw inflate through Node's own zlib (C, several times faster than fflate's JavaScript), driven
 * call by call so that it stops at every deflate block boundary (flush Z_BLOCK): the places where
 * inflation can later restart from a saved 32 KiB window (see restarts.ts).
 *
 * Node's public zlib API cannot do this: its streams treat a Z_BLOCK stop as the end of the data,
 * and the one-shot functions close the stream after one call. So this drives the stream's native
 * handle (`_handle.writeSync`, the call Node's own zlibBufferSync makes, unchanged since Node 10)
 * and falls back to fflate where that handle is missing (nativeInflateAvailable()).
 */
import type * as zlibTypes from 'zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  close(): void;
  onerror: (message: string, errno: number) => void;
}
interface ZlibInternals { _handle?: ZlibHandle; _writeState?: Uint32Array }

let zlib: typeof zlibTypes | null | undefined;

/** Node's zlib, loaded at the first inflation (a .npy never needs it); null outside Node. */
function loadZlib(): typeof zlibTypes | null {
  if (zlib === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
      zlib = require('zlib') as typeof zlibTypes;
    } catch {
      zlib = null;
    }
  }
  return zlib;
}

let available: boolean | undefined;

/** True when Node's zlib and the native handle this module drives are there. */
export function nativeInflateAvailable(): boolean {
  if (available === undefined) {
    const z = loadZlib();
    let ok = false;
    if (z && !process.env.NPYVIEW_NO_NATIVE_INFLATE) {
      try {
        const s = z.createInflateRaw() as unknown as ZlibInternals & { close(): void };
        ok = typeof s._handle?.writeSync === 'function' && s._writeState instanceof Uint32Array;
        s.close();
      } catch { /* not usable */ }
    }
    available = ok;
  }
  return available;
}

/** Native CRC-32 (Node 20.15+/22.2+), or undefined. */
export function nativeCrc32(): ((data: Uint8Array, value?: number) => number) | undefined {
  const z = loadZlib() as { crc32?: (data: Uint8Array, value?: number) => number } | null;
  return typeof z?.crc32 === 'function' ? z.crc32 : undefined;
}

/** Output is handed out as views of buffers this size; a view is never overwritten. */
const OUT_SIZE = 256 * 1024;

/**
 * One raw inflate stream. push() feeds compressed bytes and reports, synchronously, the output
 * (onData: views the caller may keep) and every block boundary passed (onBoundary: how many bytes
 * of this push were consumed at that point, and the output so far).
 */
export class NativeInflater {
  /** The deflate stream's end (its final block) was reached; input after it is not consumed. */
  ended = false;
  produced = 0;
  private readonly stream: ZlibInternals & { close(): void };
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;
  private out = new Uint8Array(OUT_SIZE);
  private outPos = 0;
  private error: string | null = null;
  private closed = false;

  constructor(
    private readonly onData: (chunk: Uint8Array) => void,
    private readonly onBoundary: ((consumedOfPush: number, produced: number) => void) | null = null,
    dictionary?: Uint8Array,
  ) {
    const z = loadZlib()!;
    this.stream = z.createInflateRaw(dictionary && dictionary.length ? { dictionary } : {}) as unknown as ZlibInternals & { close(): void };
    this.handle = this.stream._handle!;
    this.state = this.stream._writeState!;
    // Errors arrive through this callback during writeSync; keep them instead of letting the
    // stream emit an 'error' event later.
    this.handle.onerror = (message) => { this.error = message; };
  }

  /**
   * Feeds `input`; `final` says no more input follows (a stream that has not ended then is
   * truncated). Stops early, leaving input unconsumed, when the deflate stream ends or when
   * `maxOutput` more bytes have been produced. Returns the bytes of `input` consumed.
   * Throws Error(zlib's message) on corrupt data.
   */
  push(input: Uint8Array, final: boolean, maxOutput = Infinity): number {
    if (this.closed) throw new Error('inflate stream closed');
    // zlib's state after an error is not to be written to again
    if (this.error !== null) throw new Error(this.error);
    const flush = loadZlib()!.constants.Z_BLOCK;
    const limit = this.produced + maxOutput;
    let off = 0;
    while (!this.ended && this.produced < limit) {
      if (this.outPos === this.out.length) { this.out = new Uint8Array(OUT_SIZE); this.outPos = 0; }
      const inLen = input.length - off;
      const room = Math.min(this.out.length - this.outPos, limit - this.produced);
      this.handle.writeSync(flush, input, off, inLen, this.out, this.outPos, room);
      if (this.error !== null) throw new Error(this.error);
      const availOut = this.state[0];
      const availIn = this.state[1];
      const used = inLen - availIn;
      const have = room - availOut;
      off += used;
      if (have > 0) {
        this.onData(this.out.subarray(this.outPos, this.outPos + have));
        this.outPos += have;
        this.produced += have;
      }
      if (availOut === 0) continue; // output full: more may come from the same input
      if (availIn === 0) break; // input used up (perhaps exactly at a boundary: not reported)
      // Stopped with input and room left: a block boundary, or the end of the stream (which
      // makes no progress on the next call).
      if (used === 0 && have === 0) { this.ended = true; break; }
      this.onBoundary?.(off, this.produced);
    }
    if (final && !this.ended && off === input.length && this.produced < limit) this.finish();
    return off;
  }

  /** No more input: the stream must be complete (zlib says "unexpected end of file" otherwise). */
  private finish(): void {
    const z = loadZlib()!;
    const room = this.out.length - this.outPos;
    this.handle.writeSync(z.constants.Z_FINISH, new Uint8Array(0), 0, 0, this.out, this.outPos, room);
    if (this.error !== null) throw new Error(this.error);
    const have = room - this.state[0];
    if (have > 0) {
      this.onData(this.out.subarray(this.outPos, this.outPos + have));
      this.outPos += have;
      this.produced += have;
    }
    this.ended = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try { this.stream.close(); } catch { /* already closed */ }
  }
}

/**
 * Raw inflate called exactly as Python's zlib.decompressobj().decompress(data, max_length) calls
 * it (flush Z_SYNC_FLUSH, output capped): zlib then consumes the same input as it does under
 * CPython, so the bytes it leaves (Python's unconsumed_tail) are the same. Used to replay
 * zipfile's reads (format/npz/zipextfile.ts). No output is kept.
 */
export class SyncInflater {
  private readonly stream: ZlibInternals & { close(): void };
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;
  private readonly scratch = new Uint8Array(1 << 20);
  private error: string | null = null;

  constructor() {
    const z = loadZlib()!;
    this.stream = z.createInflateRaw() as unknown as ZlibInternals & { close(): void };
    this.handle = this.stream._handle!;
    this.state = this.stream._writeState!;
    this.handle.onerror = (message) => { this.error = message; };
  }

  /**
   * Feeds input[0..] with room for maxOutput bytes; returns the output made and the input used.
   * Throws Error(zlib's message) on corrupt data.
   */
  decompress(input: Uint8Array, maxOutput: number): { produced: number; used: number } {
    if (this.error !== null) throw new Error(this.error);
    const flush = loadZlib()!.constants.Z_SYNC_FLUSH;
    let produced = 0;
    let used = 0;
    for (;;) {
      const room = Math.min(this.scratch.length, maxOutput - produced);
      const inLen = input.length - used;
      this.handle.writeSync(flush, input, used, inLen, this.scratch, 0, room);
      if (this.error !== null) throw new Error(this.error);
      const have = room - this.state[0];
      used += inLen - this.state[1];
      produced += have;
      // Python's loop: grow the output buffer while zlib fills it, up to max_length
      if (this.state[0] !== 0 || produced >= maxOutput) return { produced, used };
    }
  }

  close(): void {
    try { this.stream.close(); } catch { /* already closed */ }
  }
}
