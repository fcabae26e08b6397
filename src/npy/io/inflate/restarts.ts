/**
 * Restart points into a deflate stream (the zran technique, after zlib's examples/zran.c): while
 * the member is inflated front to back, every `spacing` bytes of output the inflater's position
 * at a block boundary is saved with the 32 KiB of output before it. Later, any offset already
 * passed is reached by inflating from the nearest point before it (at most `spacing` bytes)
 * instead of from the start or from a spill file.
 *
 * Node's zlib reports where a block ended only to the byte: the boundary lies in the last 8 bits
 * consumed (zlib's data_type, which holds the exact bit, is not exposed, nor is inflatePrime).
 * The bit is settled the first time a point is used: inflation is tried from each of the 8
 * candidate bits, with the window as the dictionary, and the one whose output matches the CHECK
 * bytes saved after the point wins. Two candidates can only both match when they decode the same
 * way (the padding bits before a stored block), so either is right. To start k bits into a byte,
 * zlib is first fed an empty block crafted to end k bits into that same byte (primer()): unlike
 * shifting the input, this keeps every later byte boundary, which stored blocks align to.
 */
import { NativeInflater } from './nativeinflate';

/** History a deflate stream may refer back to. */
export const WINDOW = 32 * 1024;
/** Output saved after each point to recognise its exact bit. */
export const CHECK = 4 * 1024;
/** Points kept at most: each costs WINDOW + CHECK bytes (256 points ≈ 9 MiB). */
export const MAX_POINTS = 256;
/** Output between points, at least (the most a later jump inflates, plus one cache block). */
export const MIN_SPACING = 4 << 20;

export interface RestartPoint {
  /** Output offset of the block boundary. */
  out: number;
  /** The boundary lies in bits [8 * byteEnd - 8, 8 * byteEnd] of the compressed stream. */
  byteEnd: number;
  /** Exact bit offset, once settled; -1 while unknown; -2 if no candidate matched (unusable). */
  bit: number;
  /** The up to WINDOW bytes of output before `out`. */
  window: Uint8Array;
  /** The first CHECK bytes of output after `out` (shorter while they are still arriving or at the end). */
  check: Uint8Array;
  checkLen: number;
}

/** Reads compressed bytes: `length` bytes at `offset` of the deflate stream. */
export type CompressedReader = (offset: number, length: number) => Promise<Uint8Array>;

export class RestartIndex {
  readonly points: RestartPoint[];
  readonly spacing: number;
  /** Recent output views, newest last, covering at least WINDOW bytes (for the next point's window). */
  private recent: Uint8Array[] = [];
  private recentBytes = 0;
  /** Points whose CHECK bytes are still arriving. */
  private filling: RestartPoint[] = [];

  constructor(size: number, spacing?: number) {
    this.spacing = Math.max(spacing ?? MIN_SPACING, Math.ceil(size / MAX_POINTS));
    // The start of the stream is always a point: bit 0, empty window.
    const first: RestartPoint = { out: 0, byteEnd: 0, bit: 0, window: new Uint8Array(0), check: new Uint8Array(0), checkLen: 0 };
    this.points = [first];
  }

  /** Memory held by the points' windows and checks. */
  get bytes(): number {
    let n = 0;
    for (const p of this.points) n += p.window.length + p.check.length;
    return n;
  }

  /** Every output chunk of the front-to-back inflation, in order (views that stay valid). */
  onOutput(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    for (const p of this.filling) {
      const n = Math.min(chunk.length, CHECK - p.checkLen);
      p.check.set(chunk.subarray(0, n), p.checkLen);
      p.checkLen += n;
    }
    if (this.filling.length && this.filling[this.filling.length - 1].checkLen === CHECK) this.filling = [];
    this.recent.push(chunk);
    this.recentBytes += chunk.length;
    while (this.recent.length > 1 && this.recentBytes - this.recent[0].length >= WINDOW) {
      this.recentBytes -= this.recent.shift()!.length;
    }
  }

  /** A block boundary of the front-to-back inflation: `byteEnd` compressed bytes consumed, `out` produced. */
  onBoundary(byteEnd: number, out: number, size: number): void {
    const last = this.points[this.points.length - 1];
    if (out - last.out < this.spacing || out >= size || this.points.length >= MAX_POINTS + 1) return;
    const window = new Uint8Array(Math.min(WINDOW, out));
    let pos = window.length;
    for (let i = this.recent.length - 1; i >= 0 && pos > 0; i--) {
      const c = this.recent[i];
      const n = Math.min(pos, c.length);
      window.set(c.subarray(c.length - n), pos - n);
      pos -= n;
    }
    const p: RestartPoint = { out, byteEnd, bit: -1, window, check: new Uint8Array(CHECK), checkLen: 0 };
    this.points.push(p);
    this.filling.push(p);
  }

  /** The last usable point at or before output offset `at`. */
  pointBefore(at: number): RestartPoint {
    let lo = 0;
    let hi = this.points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.points[mid].out <= at) lo = mid; else hi = mid - 1;
    }
    while (lo > 0 && (this.points[lo].bit === -2 || this.points[lo].checkLen === 0)) lo--;
    return this.points[lo];
  }

  /**
   * An inflater positioned at `p` (its bit settled first if need be), and how it is fed: returns
   * null if no candidate bit reproduces the point's CHECK bytes (the point is then marked unusable).
   */
  async open(p: RestartPoint, read: CompressedReader, compressedSize: number): Promise<Replay | null> {
    if (p.bit >= 0) return new Replay(p, p.bit, read, compressedSize);
    for (let unused = 0; unused < 8; unused++) {
      const bit = 8 * p.byteEnd - unused;
      if (bit < 0) break;
      const r = new Replay(p, bit, read, compressedSize);
      try {
        const got = await r.output(p.checkLen);
        if (got.length === p.checkLen && equal(got, p.check.subarray(0, p.checkLen))) {
          p.bit = bit;
          // The trial's output was consumed: start over so the caller sees it all.
          r.close();
          return new Replay(p, bit, read, compressedSize);
        }
      } catch { /* a wrong bit usually makes an invalid block: next candidate */ }
      r.close();
    }
    p.bit = -2;
    return null;
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Compressed bytes fed per step of a replay. */
const FEED = 64 * 1024;

/** Inflation from a restart point: output from `point.out` on, in order. */
export class Replay {
  /** Output offset of the next byte output() returns. */
  pos: number;
  private readonly inflater: NativeInflater;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Fed first: the primer block and the byte the point starts in (null when it starts on a byte). */
  private head: Uint8Array | null = null;
  /** Next compressed byte to feed after the head. */
  private next: number;

  constructor(point: RestartPoint, private readonly bit: number, private readonly read: CompressedReader, private readonly compressedSize: number) {
    this.pos = point.out;
    this.next = Math.floor(bit / 8);
    this.inflater = new NativeInflater((c) => { this.pending.push(c); this.pendingBytes += c.length; }, null, point.window);
  }

  /** The next `n` bytes of output (fewer only where the stream ends). */
  async output(n: number): Promise<Uint8Array> {
    const skip = this.bit % 8;
    if (skip !== 0 && this.next === Math.floor(this.bit / 8) && this.head === null) {
      // The point starts `skip` bits into a byte: feed that byte with its first bits replaced by
      // the tail of an empty block, so that zlib passes over them and every later byte boundary
      // (stored blocks align to them) stays where it was in the original stream.
      const first = await this.read(this.next, 1);
      this.head = primer(skip, first[0]);
      this.next++;
    }
    while (this.pendingBytes < n && !this.inflater.ended) {
      let input: Uint8Array;
      if (this.head) {
        input = this.head;
      } else {
        const len = Math.min(FEED, this.compressedSize - this.next);
        if (len <= 0) break;
        input = await this.read(this.next, len);
      }
      const final = !this.head && this.next + input.length >= this.compressedSize;
      const used = this.inflater.push(input, final, n - this.pendingBytes);
      if (this.head) this.head = used >= this.head.length ? null : this.head.subarray(used);
      else this.next += used;
      if (used === 0 && !this.inflater.ended && this.pendingBytes < n) break;
    }
    const k = Math.min(n, this.pendingBytes);
    const out = new Uint8Array(k);
    let done = 0;
    while (done < k) {
      const c = this.pending[0];
      const m = Math.min(c.length, k - done);
      out.set(c.subarray(0, m), done);
      done += m;
      if (m === c.length) this.pending.shift(); else this.pending[0] = c.subarray(m);
    }
    this.pendingBytes -= k;
    this.pos += k;
    return out;
  }

  close(): void { this.inflater.close(); }
}

/** The order of the code length code lengths in a dynamic block header (RFC 1951, 3.2.7). */
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * An empty, non-final dynamic Huffman block whose length in bits is `skip` (1..7) modulo 8,
 * followed in the same last byte by the top 8 - skip bits of `byte`. Its literal/length code
 * gives symbols 0-254 8 bits and 255-256 9 bits (a complete code), no distance codes; the code
 * length code has symbols 8 (1 bit), 0 and 9 (2 bits). The header lists 7 to 14 code length code
 * lengths (3 bits each, the extra ones zero): that choice sets the block's length modulo 8.
 * The block outputs nothing, so the history (the point's window) is unchanged.
 */
export function primer(skip: number, byte: number): Uint8Array {
  let h = 3;
  while ((287 + 3 * (h + 4)) % 8 !== skip) h++;
  const bits: number[] = [];
  const put = (v: number, n: number): void => { for (let i = 0; i < n; i++) bits.push((v >> i) & 1); };
  const code = (c: number, len: number): void => { for (let i = len - 1; i >= 0; i--) bits.push((c >> i) & 1); };
  put(0, 1); // BFINAL: not the last block
  put(2, 2); // BTYPE: dynamic Huffman
  put(0, 5); // HLIT: 257 literal/length codes
  put(0, 5); // HDIST: 1 distance code
  put(h, 4); // HCLEN: h + 4 code length code lengths
  const clen: Record<number, number> = { 0: 2, 8: 1, 9: 2 };
  for (const sym of CLEN_ORDER.slice(0, h + 4)) put(clen[sym] ?? 0, 3);
  // Canonical codes of the code length code: 8 → 0, 0 → 10, 9 → 11.
  for (let i = 0; i < 255; i++) code(0, 1); // literals 0-254: length 8
  code(3, 2); code(3, 2); // 255 and 256 (end of block): length 9
  code(2, 2); // the one distance code: length 0 (none)
  code(511, 9); // end of block: the last of the 9-bit codes
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) out[i >> 3] |= bits[i] << (i & 7);
  out[out.length - 1] |= byte & ((0xff << skip) & 0xff);
  return out;
}
