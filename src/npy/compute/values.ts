/**
 * Numbers to draw: packed elements of a drawable dtype as floating point, the one form heatmaps,
 * line envelopes and histograms work on. Complex values are first mapped to one real number
 * (magnitude, phase, real or imaginary part), like np.abs, np.angle, .real and .imag.
 */
import { dtypeName, type DType } from '../format/dtype';
import { NpyError } from '../errors';
import { ChunkBuffers, HOST_LITTLE, isNumeric, typedValues, type ScanOptions } from './scan';

import type { ComplexPart } from '../../shared/protocol';

/** What a complex value is drawn as (NumPy: np.abs, np.angle, .real, .imag); the webview asks for one by name. */
export { COMPLEX_PARTS, type ComplexPart } from '../../shared/protocol';

/** The float arrays drawing data is held in. */
export type FloatArray = Float32Array | Float64Array;

/** bool, integers, float16/32/64 and complex64/128, in either byte order. */
export function isDrawable(dt: DType): boolean {
  return isNumeric(dt) || (dt.kind === 'c' && (dt.itemsize === 8 || dt.itemsize === 16));
}

/** Refuses dtypes that have no numbers to draw, with a message that names the dtype. */
export function checkDrawable(dt: DType): void {
  if (!isDrawable(dt)) {
    throw new NpyError('unsupported', `cannot draw dtype ${dtypeName(dt)}: only bool, integer, float (16/32/64-bit) ` +
      'and complex (64/128-bit) values have numbers to draw');
  }
}

/**
 * True when float32 holds every drawn value of dt exactly (bool, 8/16-bit integers, float16,
 * float32, and the real or imaginary part of complex64): grids of such data can be half the size.
 */
export function fitsFloat32(dt: DType, part: ComplexPart = 'magnitude'): boolean {
  if (dt.kind === 'b') return true;
  if (dt.kind === 'i' || dt.kind === 'u') return dt.itemsize <= 2;
  if (dt.kind === 'f') return dt.itemsize <= 4;
  if (dt.kind === 'c') return dt.itemsize === 8 && (part === 'real' || part === 'imag');
  return false;
}

/** True when dt's bytes are already floatArrayFor's values (float32/float64 in host byte order). */
export function isNativeFloat(dt: DType): boolean {
  return dt.kind === 'f' && (dt.itemsize === 4 || dt.itemsize === 8) && (dt.order === '<') === HOST_LITTLE;
}

/** A float array of n elements of the right width for dt. */
export function floatArrayFor(dt: DType, n: number, part?: ComplexPart): FloatArray {
  return fitsFloat32(dt, part) ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Writes the drawn values of the packed elements in `bytes` into out[at ..]; returns how many.
 * 64-bit integers are rounded to the nearest double (as float(x) does); `part` applies to complex
 * dtypes only (real dtypes are drawn as they are).
 */
export function writeFloats(dt: DType, bytes: Uint8Array, out: FloatArray, at: number, part: ComplexPart = 'magnitude'): number {
  checkDrawable(dt);
  if (dt.kind === 'c') return writeComplex(dt, bytes, out, at, part);
  const n = Math.floor(bytes.length / dt.itemsize);
  if (dt.itemsize === 8 && dt.kind !== 'f') writeInt64(bytes, n, dt.kind === 'i', dt.order === '>', out, at);
  else out.set(typedValues(dt, bytes) as Exclude<ReturnType<typeof typedValues>, BigInt64Array | BigUint64Array>, at);
  return n;
}

/**
 * Chunks of a drawing pass (line envelope, block means, histogram), smaller than scanView's
 * default: the kernel copies a chunk on another core, and a small one is still in the shared cache
 * when the loop reads it (1e7 float64 in a fresh process, load 10: 4 MiB chunks 240-470 ms,
 * 256 KiB 55-200 ms). A few are read ahead.
 */
const DRAW_CHUNK_BYTES = 512 * 1024;
const DRAW_READ_AHEAD = 3;

/**
 * The scan options of a drawing pass: DRAW_CHUNK_BYTES chunks unless the caller sized them, read
 * DRAW_READ_AHEAD ahead into a few reused buffers (unless the caller gave a target or buffers).
 * The pass gives each chunk's bytes back (`buffers.give`) once done with them, and reads them with
 * chunkFloats.
 */
export function drawPass<T extends ScanOptions>(opts: T): T {
  const sized = opts.chunkBytes === undefined && opts.chunkElements === undefined ? { chunkBytes: DRAW_CHUNK_BYTES } : {};
  const buffers = opts.target ? opts.buffers : opts.buffers ?? new ChunkBuffers(DRAW_READ_AHEAD + 2);
  return { ...sized, ...opts, buffers, readAhead: opts.readAhead ?? DRAW_READ_AHEAD };
}

/**
 * The drawn values of a chunk of `count` packed elements: a view of its bytes when they already
 * are those values (host-order float32/float64, aligned: no copy), else converted into `scratch`
 * (a new array when it is missing, too short or over the same memory). Returns the array and
 * the scratch to pass next time.
 */
export function chunkFloats(dt: DType, bytes: Uint8Array, count: number, part: ComplexPart | undefined,
  scratch?: FloatArray): { values: FloatArray; scratch?: FloatArray } {
  const item = dt.itemsize;
  if (isNativeFloat(dt) && bytes.byteOffset % item === 0) {
    const values = item === 8 ? new Float64Array(bytes.buffer, bytes.byteOffset, count) : new Float32Array(bytes.buffer, bytes.byteOffset, count);
    return { values, scratch };
  }
  if (!scratch || scratch.length < count || scratch.buffer === bytes.buffer) scratch = floatArrayFor(dt, count, part);
  writeFloats(dt, bytes, scratch, 0, part);
  return { values: scratch.length === count ? scratch : scratch.subarray(0, count), scratch };
}

/** The packed elements' drawn values as a new array. */
export function toFloats(dt: DType, bytes: Uint8Array, part: ComplexPart = 'magnitude'): FloatArray {
  const out = floatArrayFor(dt, Math.floor(bytes.length / dt.itemsize), part);
  writeFloats(dt, bytes, out, 0, part);
  return out;
}

function writeComplex(dt: DType, bytes: Uint8Array, out: FloatArray, at: number, part: ComplexPart): number {
  const half: DType = { kind: 'f', itemsize: dt.itemsize / 2, order: dt.order };
  const v = typedValues(half, bytes) as Float32Array | Float64Array; // re, im, re, im, …
  const n = v.length >> 1;
  // complex64's magnitude and phase are float32 in NumPy: rounded the same way here.
  const round = dt.itemsize === 8 ? Math.fround : (x: number) => x;
  switch (part) {
    case 'real': for (let i = 0; i < n; i++) out[at + i] = v[2 * i]; break;
    case 'imag': for (let i = 0; i < n; i++) out[at + i] = v[2 * i + 1]; break;
    case 'phase': for (let i = 0; i < n; i++) out[at + i] = round(Math.atan2(v[2 * i + 1], v[2 * i])); break;
    default: for (let i = 0; i < n; i++) out[at + i] = round(Math.hypot(v[2 * i], v[2 * i + 1]));
  }
  return n;
}

/**
 * int64/uint64 as doubles without BigInt: high × 2^32 + low is one correctly rounded addition of
 * two exact numbers, so it equals Number(bigint).
 */
function writeInt64(bytes: Uint8Array, n: number, signed: boolean, big: boolean, out: FloatArray, at: number): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !big;
  for (let i = 0, o = 0; i < n; i++, o += 8) {
    const lo = dv.getUint32(le ? o : o + 4, le);
    const hi = signed ? dv.getInt32(le ? o + 4 : o, le) : dv.getUint32(le ? o + 4 : o, le);
    out[at + i] = hi * 4294967296 + lo;
  }
}
