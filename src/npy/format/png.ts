/**
 * A streaming PNG writer (PNG 1.2 / ISO 15948): 8-bit grayscale, RGB, RGBA or palette images,
 * written to a ByteSink row batch by row batch, so only a few hundred KB of pixels exist at a time.
 *
 * - Chunks: IHDR, PLTE (palette images), IDAT (zlib stream, split into ≤ 256 KiB chunks), IEND;
 *   each with its CRC-32 over type and data.
 * - Filters: palette images use filter 0 (None), as the spec recommends; the others pick per row
 *   the filter (None, Sub, Up, Average, Paeth) with the least sum of absolute signed bytes, libpng's
 *   heuristic.
 * - Compression: fflate's zlib by default (works everywhere the engine runs); a caller may pass any
 *   zlib stream (the CLI passes Node's native zlib, several times faster).
 */
import { Zlib } from 'fflate';
import { crc32Update } from '../io/crc32';
import type { ByteSink } from '../io/sink';
import { NpyError } from '../errors';

export type PngColor = 'gray' | 'rgb' | 'rgba' | 'indexed';

export interface PngHeader {
  width: number;
  height: number;
  color: PngColor;
  /** 'indexed' only: RGB triples, at most 256 entries. */
  palette?: Uint8Array;
  /** Text chunks (iTXt, UTF-8), e.g. ['Software', 'npyview']; keywords are 1–79 Latin-1 letters. */
  text?: [string, string][];
}

/** A zlib (RFC 1950) stream: push raw bytes; compressed bytes come out through the onData given at creation. */
export interface ZlibStream {
  push(data: Uint8Array, final: boolean): void | Promise<void>;
}
export type ZlibFactory = (onData: (chunk: Uint8Array) => void) => ZlibStream;

/** fflate's zlib at a level (default 6, zlib's own default). */
export function fflateZlib(level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6): ZlibFactory {
  return (onData) => {
    const z = new Zlib({ level });
    z.ondata = (chunk) => onData(chunk);
    return { push: (data, final) => z.push(data, final) };
  };
}

const CHANNELS: Record<PngColor, number> = { gray: 1, rgb: 3, rgba: 4, indexed: 1 };
const COLOR_TYPE: Record<PngColor, number> = { gray: 0, rgb: 2, rgba: 6, indexed: 3 };
const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The PNG limit on width and height (2^31 − 1). */
const MAX_DIM = 0x7fffffff;
const IDAT_MAX = 256 * 1024;
/** Raw bytes filtered and compressed per batch. */
const BATCH_BYTES = 512 * 1024;

function be32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24; out[at + 1] = (v >>> 16) & 0xff; out[at + 2] = (v >>> 8) & 0xff; out[at + 3] = v & 0xff;
}

/** One chunk: length, type, data, CRC-32 of type and data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  be32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  be32(out, 8 + data.length, crc32Update(0, out.subarray(4, 8 + data.length)));
  return out;
}

/** Bytes per row of raw pixels (without the filter byte). */
export function pngRowBytes(h: PngHeader): number {
  return h.width * CHANNELS[h.color];
}

/**
 * Writes a PNG: `fillRows(y0, count, out)` puts the raw pixels of rows y0 … y0+count−1 into out
 * (count × pngRowBytes bytes: 1 byte per gray or palette pixel, 3 per RGB, 4 per RGBA), top row
 * first. Rows are asked for in order, in batches.
 */
export async function writePng(sink: ByteSink, header: PngHeader, fillRows: (y0: number, count: number, out: Uint8Array) => void,
  opts: { zlib?: ZlibFactory } = {}): Promise<void> {
  const { width, height, color } = header;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1 && width <= MAX_DIM && height <= MAX_DIM)) {
    throw new NpyError('usage', `a PNG must be between 1×1 and ${MAX_DIM}×${MAX_DIM} pixels (got ${width}×${height})`);
  }
  const pal = header.palette;
  if (color === 'indexed' && (!pal || pal.length === 0 || pal.length % 3 !== 0 || pal.length > 768)) {
    throw new NpyError('usage', 'a palette image needs 1 to 256 RGB palette entries');
  }
  const ihdr = new Uint8Array(13);
  be32(ihdr, 0, width);
  be32(ihdr, 4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE[color];
  // compression 0 (deflate), filter method 0, interlace 0: already zero
  const head = [SIGNATURE, pngChunk('IHDR', ihdr)];
  if (color === 'indexed') head.push(pngChunk('PLTE', pal!));
  for (const [key, value] of header.text ?? []) head.push(pngChunk('iTXt', itxt(key, value)));
  await sink.write(concat(head));

  // Compressed bytes arrive synchronously or not; gather them and write IDATs between batches.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const z = (opts.zlib ?? fflateZlib())((chunk) => { pending.push(chunk); pendingBytes += chunk.length; });
  const flush = async (all: boolean) => {
    while (pendingBytes >= IDAT_MAX || (all && pendingBytes > 0)) {
      const joined = concat(pending);
      const take = Math.min(IDAT_MAX, joined.length);
      await sink.write(pngChunk('IDAT', joined.subarray(0, take)));
      pending = take < joined.length ? [joined.subarray(take)] : [];
      pendingBytes = joined.length - take;
    }
  };

  const bpp = CHANNELS[color];
  const stride = width * bpp;
  const batchRows = Math.max(1, Math.floor(BATCH_BYTES / (stride + 1)));
  const raw = new Uint8Array(Math.min(batchRows, height) * stride);
  // Two batches of filtered rows: one is compressed (Node's zlib, on another thread) while the
  // next is filled and filtered.
  const batches = [0, 1].map(() => new Uint8Array(Math.min(batchRows, height) * (stride + 1)));
  let compressing: Promise<void> | undefined;
  let prev = new Uint8Array(stride); // the row above the first row is all zeros
  const prevCopy = new Uint8Array(stride);
  for (let y0 = 0, b = 0; y0 < height; y0 += batchRows, b ^= 1) {
    const count = Math.min(batchRows, height - y0);
    const filtered = batches[b];
    fillRows(y0, count, raw.subarray(0, count * stride));
    for (let r = 0; r < count; r++) {
      const row = raw.subarray(r * stride, (r + 1) * stride);
      const dst = filtered.subarray(r * (stride + 1), (r + 1) * (stride + 1));
      if (color !== 'indexed') filterRow(row, prev, bpp, dst);
      else { dst[0] = 0; dst.set(row, 1); }
      prev = row;
    }
    // The next batch reuses `raw`: keep its first row's "above" row.
    prevCopy.set(prev);
    prev = prevCopy;
    if (compressing) { await compressing; await flush(false); }
    compressing = Promise.resolve(z.push(filtered.subarray(0, count * (stride + 1)), y0 + count >= height));
    compressing.catch(() => undefined); // awaited on the next turn or below
  }
  await compressing;
  await flush(true);
  await sink.write(pngChunk('IEND', new Uint8Array(0)));
}

/** iTXt data: keyword, NUL, not compressed (0, 0), empty language tag and translated keyword, UTF-8 text. */
function itxt(key: string, value: string): Uint8Array {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(key) || /^ | $|  /.test(key)) throw new NpyError('usage', `bad PNG text keyword ${JSON.stringify(key)}`);
  const text = new TextEncoder().encode(value);
  const out = new Uint8Array(key.length + 5 + text.length);
  for (let i = 0; i < key.length; i++) out[i] = key.charCodeAt(i);
  // out[key.length .. +4]: NUL, compression flag 0, method 0, NUL (language), NUL (translated keyword)
  out.set(text, key.length + 5);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** |signed byte| of each byte value: the cost libpng's heuristic adds up. */
const COST = Uint8Array.from({ length: 256 }, (_, v) => (v < 128 ? v : 256 - v));

/** The heuristic looks at one pixel in this many (the filter is then applied to all of them). */
const SAMPLE_EVERY = 4;

/**
 * Filters one row into dst (filter byte first) with the filter whose output has the least sum of
 * |signed byte| (libpng's heuristic, summed over every SAMPLE_EVERY-th pixel to cost a quarter):
 * one pass adds up all five costs, a second writes the winner.
 */
function filterRow(row: Uint8Array, up: Uint8Array, bpp: number, dst: Uint8Array): void {
  const n = row.length;
  let sNone = 0, sSub = 0, sUp = 0, sAvg = 0, sPae = 0;
  for (let i = 0; i < n; i += ((i + 1) % bpp === 0 ? (SAMPLE_EVERY - 1) * bpp + 1 : 1)) {
    const x = row[i], b = up[i];
    const a = i >= bpp ? row[i - bpp] : 0, c = i >= bpp ? up[i - bpp] : 0;
    // Paeth's predictor (PNG spec 9.4), inline.
    const p = a + b - c;
    const pa = p > a ? p - a : a - p, pb = p > b ? p - b : b - p, pc = p > c ? p - c : c - p;
    const pr = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    sNone += COST[x]; sSub += COST[(x - a) & 0xff]; sUp += COST[(x - b) & 0xff];
    sAvg += COST[(x - ((a + b) >> 1)) & 0xff]; sPae += COST[(x - pr) & 0xff];
  }
  const best = Math.min(sNone, sSub, sUp, sAvg, sPae);
  const type = best === sNone ? 0 : best === sSub ? 1 : best === sUp ? 2 : best === sAvg ? 3 : 4;
  dst[0] = type;
  if (type === 0) { dst.set(row, 1); return; }
  // One plain loop per filter; the first pixel (no left neighbour: a = c = 0) apart.
  const m = Math.min(bpp, n);
  if (type === 1) {
    for (let i = 0; i < m; i++) dst[i + 1] = row[i];
    for (let i = m; i < n; i++) dst[i + 1] = (row[i] - row[i - bpp]) & 0xff;
  } else if (type === 2) {
    for (let i = 0; i < n; i++) dst[i + 1] = (row[i] - up[i]) & 0xff;
  } else if (type === 3) {
    for (let i = 0; i < m; i++) dst[i + 1] = (row[i] - (up[i] >> 1)) & 0xff;
    for (let i = m; i < n; i++) dst[i + 1] = (row[i] - ((row[i - bpp] + up[i]) >> 1)) & 0xff;
  } else {
    // Paeth with a = c = 0 predicts b.
    for (let i = 0; i < m; i++) dst[i + 1] = (row[i] - up[i]) & 0xff;
    for (let i = m; i < n; i++) {
      const a = row[i - bpp], b = up[i], c = up[i - bpp];
      const p = a + b - c;
      const pa = p > a ? p - a : a - p, pb = p > b ? p - b : b - p, pc = p > c ? p - c : c - p;
      dst[i + 1] = (row[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
    }
  }
}
