/**
 * Raw binary files (`ndarray.tofile`, C programs' dumps): no header, so the user gives the dtype,
 * the shape, a byte offset and the order. The array is exactly
 *   np.fromfile(FILE, dtype, offset=offset).reshape(shape, order=order)
 * — fromfile reads every whole element after the offset (a partial one at the end is ignored),
 * and the reshape must use them all (one -1 is inferred). Anything else is refused with the bytes
 * needed and present. The data is read by range like a .npy's.
 */
import { NpyArray } from './array';
import { DType, dtypeName, parseFormat } from './dtype';
import { NpyError } from '../errors';
import { layoutHeader } from './header';
import { PyTuple } from '../py/pyliteral';
import { ByteSource } from '../io/source';
import { shapeText } from '../../shared/format';

export interface RawLayout {
  /** A dtype as NumPy spells it ('<f4', '>i8', 'float32', 'uint8', 'complex64', 'i4,f8'), or a parsed one. */
  dtype: string | DType;
  /** The shape; one entry may be -1 (inferred, like reshape). */
  shape: number[];
  /** Bytes skipped at the start (fromfile's offset). Default 0. */
  offset?: number;
  /** 'C' (row-major, default) or 'F' (reshape(..., order='F')). */
  order?: 'C' | 'F';
}

const MAX_DIMS = 64;

function usage(why: string): never { throw new NpyError('usage', why); }

/**
 * A dtype as np.dtype(text) reads it: type strings ('<f4', 'u1', 'M8[ns]', 'U5'), names
 * ('float32', 'uint8', 'complex64', 'short'), comma lists of formats ('i4,f8' → fields f0, f1).
 * A byte order goes only before a one-letter code ('>f4', not '>float32', as NumPy).
 */
export function parseDTypeText(text: string): DType {
  const t = text;
  if (t.includes(',')) {
    const parts = t.split(',').map((s) => s.trim());
    if (parts.some((p) => p === '')) usage(`data type ${JSON.stringify(text)} not understood`);
    return parseFormat(parts.map((p, i) => new PyTuple([`f${i}`, p]))).dtype;
  }
  if (/^[<>=|][A-Za-z_]{2,}/.test(t) && !/^[<>=|][A-Za-z]\d*(\[[^\]]*\])?$/.test(t)) {
    usage(`data type ${JSON.stringify(text)} not understood (NumPy takes a byte order only before a type code, e.g. '>f4')`);
  }
  try {
    return parseFormat(t).dtype;
  } catch (e) {
    if (e instanceof NpyError && e.code === 'unsupported') throw e;
    return usage(`data type ${JSON.stringify(text)} not understood`);
  }
}

/** A shape as users type it: '3,4', '(3, 4)', '3x4', '-1,4', '()' or '' (0-d). */
export function parseShapeText(text: string): number[] {
  const inner = text.trim().replace(/^\(\s*(.*?)\s*\)$/, '$1').replace(/^\[\s*(.*?)\s*\]$/, '$1');
  if (inner === '') return [];
  const parts = inner.split(/\s*[,x\u00d7]\s*|\s+/).filter((p, i, all) => p !== '' || i < all.length - 1);
  const dims = parts.map((p) => (/^-?\d+$/.test(p) ? Number(p) : NaN));
  if (dims.some((d) => !Number.isSafeInteger(d))) usage(`bad shape ${JSON.stringify(text)}: expected integers like 3,4 (one may be -1)`);
  return dims;
}

/**
 * Elements fromfile reads after `offset` from a file of `size` bytes (whole elements only). Past
 * the end np.fromfile divides the negative byte count in C, truncating toward zero: less than one
 * element past the end reads an empty array, more is refused ("negative dimensions are not
 * allowed"). Here that count is -1 or less; resolveRaw refuses it.
 */
function itemsAfter(size: number, offset: number, itemsize: number): number {
  return Math.trunc((size - offset) / itemsize) || 0;
}

/** The checked dtype and shape (with -1 resolved) for a file of `size` bytes, or a usage error. */
export function resolveRaw(size: number, layout: RawLayout): { dtype: DType; shape: number[]; offset: number; fortran: boolean } {
  const dtype = typeof layout.dtype === 'string' ? parseDTypeText(layout.dtype) : layout.dtype;
  if (dtype.kind === 'O') usage('cannot read Python objects (dtype object) from a raw file (numpy: Cannot read into object array)');
  if (dtype.itemsize === 0) usage(`dtype ${dtypeName(dtype)} has 0-byte elements; give a size, e.g. S8 or U4`);
  const offset = layout.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) usage(`the offset must be a non-negative integer, not ${offset}`);
  const order = layout.order ?? 'C';
  if (order !== 'C' && order !== 'F') usage(`the order must be C or F, not ${String(order)}`);
  const shape = [...layout.shape];
  if (shape.length > MAX_DIMS) usage(`a shape has at most ${MAX_DIMS} dimensions, not ${shape.length}`);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < -1)) usage(`bad shape ${shapeText(shape)}: dimensions are non-negative integers (one may be -1)`);
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) usage(`bad shape ${shapeText(shape)}: only one dimension can be -1`);
  const n = itemsAfter(size, offset, dtype.itemsize);
  if (n < 0) usage(`the offset ${offset} is past the end of the file (${size} bytes) by ${offset - size} bytes, at least one whole ${dtypeName(dtype)} item (numpy: negative dimensions are not allowed)`);
  const have = `${Math.max(0, size - offset)} bytes after offset ${offset} (${n} whole ${dtypeName(dtype)} items of ${dtype.itemsize} bytes)`;
  const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
  if (unknown === 1) {
    if (known === 0 || n % known !== 0) usage(`shape ${shapeText(shape)} does not fit the file: it has ${have}, not a multiple of ${known} items`);
    shape[shape.indexOf(-1)] = n / known;
  } else if (known !== n) {
    usage(`shape ${shapeText(shape)} needs ${known} items (${known * dtype.itemsize} bytes) after offset ${offset}, but the file has ${have}`);
  }
  return { dtype, shape, offset, fortran: order === 'F' };
}

/** The file as an array with this layout (np.fromfile(...).reshape(shape, order=...)). */
export function openRaw(src: ByteSource, layout: RawLayout, label = 'file'): NpyArray {
  let r: ReturnType<typeof resolveRaw>;
  try {
    r = resolveRaw(src.size, layout);
  } catch (e) {
    if (e instanceof NpyError) throw new NpyError(e.code, `${label}: ${e.message}`);
    throw e;
  }
  return NpyArray.over(src, layoutHeader('raw', r.dtype, r.shape, r.fortran, r.offset), label);
}

// ---------------------------------------------------------------- shape suggestions

export interface ShapeSuggestion {
  shape: number[];
  /** Why it is offered: '1-D', 'near square', 'image H×W×3', ... */
  why: string;
}

/** Prime factors of n (trial division; n is an element count, at most ~2**53). */
function factorize(n: number): number[] {
  const out: number[] = [];
  let m = n;
  for (const p of [2, 3, 5]) while (m % p === 0) { out.push(p); m /= p; }
  // 6k ± 1 wheel
  for (let p = 7, step = 4; p * p <= m; p += step, step = 6 - step) {
    while (m % p === 0) { out.push(p); m /= p; }
  }
  if (m > 1) out.push(m);
  return out;
}

/** All divisors of n in increasing order, from its prime factors. */
export function divisors(n: number): number[] {
  if (n < 1) return [];
  let ds = [1];
  const f = factorize(n);
  for (let i = 0; i < f.length;) {
    const p = f[i];
    let k = 0;
    while (i < f.length && f[i] === p) { k++; i++; }
    const next: number[] = [];
    for (const d of ds) for (let j = 0, q = d; j <= k; j++, q *= p) next.push(q);
    ds = next;
  }
  return ds.sort((a, b) => a - b);
}

/** 2-D splits a × b = n (a ≤ b) closest to square first. */
function nearSquare(n: number, count: number): [number, number][] {
  const ds = divisors(n).filter((d) => d * d <= n && d > 1);
  return ds.reverse().slice(0, count).map((a) => [a, n / a]);
}

/** Width:height ratios of common pictures, most common first. */
const ASPECTS = [[4, 3], [16, 9], [1, 1], [3, 2], [16, 10], [5, 4], [2, 1]];

/** H × W splits of a pixel count with a common aspect ratio (landscape), else the one nearest square. */
function imageSizes(pixels: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of ASPECTS) {
    // pixels = (b k) × (a k)
    const k = Math.round(Math.sqrt(pixels / (a * b)));
    if (k > 0 && a * b * k * k === pixels) out.push([b * k, a * k]);
  }
  if (out.length) return out.slice(0, 2);
  const [hw] = nearSquare(pixels, 1);
  return hw && hw[0] * 4 >= hw[1] ? [hw] : [];
}

/**
 * Shapes that fit a file of `size` bytes read as `itemsize`-byte elements after `offset`: 1-D,
 * 2-D splits near square (both orientations), and image-like H×W×3 / H×W×4. For a dialog to
 * offer; the user can always type another.
 */
export function suggestShapes(size: number, itemsize: number, offset = 0, max = 12): ShapeSuggestion[] {
  if (itemsize <= 0 || offset > size) return [];
  const n = itemsAfter(size, offset, itemsize);
  const out: ShapeSuggestion[] = [{ shape: [n], why: '1-D' }];
  if (n <= 1) return out;
  const seen = new Set<string>([String(n)]);
  const add = (shape: number[], why: string) => {
    const key = shape.join(',');
    if (!seen.has(key) && out.length < max) { seen.add(key); out.push({ shape, why }); }
  };
  const squares = nearSquare(n, 4);
  if (squares.length && squares[0][0] === squares[0][1]) add([squares[0][0], squares[0][1]], 'square');
  for (const ch of [3, 4]) {
    if (n % ch !== 0) continue;
    for (const [h, w] of imageSizes(n / ch)) add([h, w, ch], `image H×W×${ch}`);
  }
  for (const [a, b] of squares) {
    add([a, b], 'near square');
    add([b, a], 'near square');
  }
  return out;
}
