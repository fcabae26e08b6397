/**
 * The .npy header: "\x93NUMPY", version, header length, then a Python dict literal
 * {'descr': ..., 'fortran_order': ..., 'shape': (...)} padded with spaces and a newline.
 * Format reference: NumPy's numpy/lib/format.py (read, not copied).
 */
import { DType, dtypeDescrValue, parseDescr } from './dtype';
import { NpyError } from '../errors';
import { PyDict, PyTuple, PyValue, parsePyLiteral, pyRepr } from '../py/pyliteral';
import { ByteSource } from '../io/source';

/**
 * The .npy format version, or where an array's layout came from when it has no .npy header
 * ('safetensors': a tensor entry; 'raw': dtype, shape and offset given by the user).
 */
export type HeaderVersion = '1.0' | '2.0' | '3.0' | 'safetensors' | 'raw';

export interface NpyHeader {
  version: HeaderVersion;
  dtype: DType;
  descr: PyValue;
  fortranOrder: boolean;
  shape: number[];
  /**
   * The exact shape when a dimension is past 2**53 (possible only in an empty array, e.g.
   * (0, 2**62 + 1)): `shape` then holds the nearest doubles.
   */
  bigShape?: bigint[];
  /**
   * The subarray dims of a top-level subarray descr like ('<f8', (1,)): NumPy 2.4 reads such a
   * file as `count` items of that subarray dtype and reshapes them to `shape`, which works only
   * when the subarray holds one element or the array none (NpyArray.open checks). `dtype` is the
   * subarray's base; [] for any other descr.
   */
  subShape: number[];
  /** File offset where the array data starts. */
  dataOffset: number;
  headerText: string;
}

export const MAGIC = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
/**
 * Generous on purpose: np.save writes >100 KB headers for wide structured dtypes. NumPy's own
 * 10000-byte default guards its slow literal_eval; our parser is linear.
 */
export const DEFAULT_MAX_HEADER_LEN = 64 * 1024 * 1024;
const MAX_DIMS = 64; // NumPy's NPY_MAXDIMS
const ALIGN = 64;
/** np.save leaves room so the first (C) / last (F) dimension can grow in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;

function hasMagic(b: Uint8Array): boolean {
  return MAGIC.every((m, i) => b[i] === m);
}

export async function readHeader(src: ByteSource, maxHeaderLen = DEFAULT_MAX_HEADER_LEN): Promise<NpyHeader> {
  if (src.size === 0) throw new NpyError('format', 'the file is empty (not a .npy file)');
  const pre = await src.read(0, Math.min(src.size, 12));
  if (pre.length < 6 || !hasMagic(pre)) {
    const zip = pre[0] === 0x50 && pre[1] === 0x4b;
    throw new NpyError('format', zip
      ? 'not a .npy file: this is a zip archive (an .npz?)'
      : 'not a .npy file (it does not start with the magic string \\x93NUMPY)');
  }
  if (pre.length < 10) throw new NpyError('format', `the file is truncated: only ${src.size} bytes, the .npy header is incomplete`);
  const major = pre[6];
  const minor = pre[7];
  if (minor !== 0 || major < 1 || major > 3) {
    throw new NpyError('unsupported', `unsupported .npy format version ${major}.${minor} (known: 1.0, 2.0, 3.0)`);
  }
  const lenBytes = major === 1 ? 2 : 4;
  if (pre.length < 8 + lenBytes) throw new NpyError('format', `the file is truncated: only ${src.size} bytes, the .npy header is incomplete`);
  const dv = new DataView(pre.buffer, pre.byteOffset, pre.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes;
  if (hlen > maxHeaderLen) {
    throw new NpyError('format', `the header claims to be ${hlen} bytes long, more than the limit of ${maxHeaderLen} bytes`);
  }
  if (start + hlen > src.size) {
    throw new NpyError('format', `the header length (${hlen} bytes) runs past the end of the file (${src.size} bytes): the file is truncated or not a .npy file`);
  }
  const raw = await src.read(start, hlen);
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
    } catch {
      throw new NpyError('format', 'the header is not valid UTF-8 text');
    }
  } else {
    // True ISO-8859-1 (every byte is one char), not the WHATWG 'latin1' label, which is cp1252.
    text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  }
  const version = `${major}.0` as HeaderVersion;
  return { version, ...parseHeaderText(text, major), dataOffset: start + hlen, headerText: text };
}

/** Validates the dict the way NumPy does, with messages a user can act on. */
export function parseHeaderText(text: string, major = 1): Omit<NpyHeader, 'version' | 'dataOffset' | 'headerText'> {
  // NumPy retries a failed parse as Python 2 text only for versions 1.0 and 2.0.
  const d = parsePyLiteral(text, { python2: major <= 2 });
  if (!(d instanceof PyDict)) throw new NpyError('format', `the header is not a dictionary: ${clip(pyRepr(d))}`);
  const keys = d.keys();
  const expected = ['descr', 'fortran_order', 'shape'];
  const missing = expected.filter(k => !keys.includes(k));
  const extra = keys.filter(k => typeof k !== 'string' || !expected.includes(k));
  if (missing.length || extra.length) {
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.map(k => `'${k}'`).join(', ')}`);
    if (extra.length) parts.push(`unexpected ${extra.map(k => clip(pyRepr(k))).join(', ')}`);
    throw new NpyError('format', `the header must have exactly the keys 'descr', 'fortran_order', 'shape' (${parts.join('; ')})`);
  }
  const fortranOrder = d.get('fortran_order');
  if (typeof fortranOrder !== 'boolean') {
    throw new NpyError('format', `fortran_order is not True or False: ${clip(pyRepr(fortranOrder ?? null))}`);
  }
  const descr = d.get('descr')!;
  const { dtype, shape: subShape } = parseDescr(descr);
  // NumPy makes the array as (count, *subShape) before reshaping it
  if (subShape.length + 1 > MAX_DIMS) throw new NpyError('format', `number of dimensions must be within [0, ${MAX_DIMS}] (the descr's subarray has ${subShape.length})`);
  // the byte size is checked with the base's itemsize: np.load reshapes the (count, *subShape) items of
  // the base to `shape`, so an empty array of a wider subarray passes where the subarray's size would not
  const { shape, big } = checkShape(d.get('shape')!, dtype.itemsize, fortranOrder);
  return { dtype, descr, fortranOrder, shape, ...(big ? { bigShape: big } : {}), subShape };
}

const INTP_MAX = 2n ** 63n - 1n;

/**
 * NumPy's rules for the shape: every dimension fits in an intp, and so does the byte size of
 * the non-zero dimensions (checked even when another dimension is 0). An empty array may thus
 * have dimensions past 2**53; any other array past 2**53 bytes cannot be in a file we can read.
 */
function checkShape(v: PyValue, itemsize: number, fortranOrder: boolean): { shape: number[]; big?: bigint[] } {
  if (!(v instanceof PyTuple)) throw new NpyError('format', `the shape is not a tuple of integers: ${clip(pyRepr(v))}`);
  if (v.items.length > MAX_DIMS) throw new NpyError('format', `the shape has ${v.items.length} dimensions; at most ${MAX_DIMS} are allowed`);
  const dims = v.items.map(x => {
    if (typeof x === 'bigint') return x;
    if (typeof x !== 'number' || !Number.isInteger(x)) throw new NpyError('format', `the shape is not a tuple of integers: ${clip(pyRepr(v))}`);
    return BigInt(x);
  });
  if (dims.some(x => x < 0n)) throw new NpyError('format', `the shape ${clip(pyRepr(v))} has a negative dimension`);
  if (dims.some(x => x > INTP_MAX)) {
    throw new NpyError('format', `the shape ${clip(pyRepr(v))} is too large: a dimension is past 2**63 - 1 (numpy: Maximum allowed dimension exceeded)`);
  }
  let bytes = BigInt(itemsize);
  for (const x of dims) if (x !== 0n) bytes *= x;
  if (bytes > INTP_MAX) {
    throw new NpyError('format', `the shape ${clip(pyRepr(v))} is too large (numpy: array is too big; \`arr.size * arr.dtype.itemsize\` is larger than the maximum possible size.)`);
  }
  // np.load then sets `array.shape = shape` (reversed for Fortran order); the reshape multiplies
  // the dimensions in that order and stops at a 0, so a product past 2**63 - 1 before the first 0
  // refuses the file (what the byte size above leaves open: zero-byte items, 'V0', 'S0', 'U0')
  let product = 1n;
  for (const x of fortranOrder ? [...dims].reverse() : dims) {
    if (x === 0n) break;
    product *= x;
    if (product > INTP_MAX) {
      const order = fortranOrder ? ' (Fortran order: reversed)' : '';
      throw new NpyError('format', `the shape ${clip(pyRepr(v))} is too large: its dimensions' product${order} passes 2**63 - 1 before its 0 (numpy: cannot reshape array of size 0 into shape ${clip(pyRepr(v))})`);
    }
  }
  const empty = dims.includes(0n);
  const elements = dims.reduce((a, b) => a * b, 1n);
  if (!empty && (bytes > BigInt(Number.MAX_SAFE_INTEGER) || elements > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw new NpyError('format', `the shape ${clip(pyRepr(v))} is too large (more than 2**53 bytes or elements)`);
  }
  const shape = dims.map(Number);
  const exact = dims.every(x => x <= BigInt(Number.MAX_SAFE_INTEGER));
  return exact ? { shape } : { shape, big: dims };
}

function clip(s: string): string {
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
}

/**
 * A header for an array laid out by another format: the dict np.save would write for it (so
 * headerText and descr read as for any .npy), data at `dataOffset` of its source.
 */
export function layoutHeader(version: HeaderVersion, dtype: DType, shape: number[], fortranOrder: boolean, dataOffset: number): NpyHeader {
  return {
    version, dtype, descr: dtypeDescrValue(dtype), fortranOrder, shape: [...shape], subShape: [], dataOffset,
    headerText: headerDictText(dtype, shape, fortranOrder),
  };
}

// ---------------------------------------------------------------- writing

/** The header text np.save builds: sorted keys, repr values, spare room to grow the shape. */
export function headerDictText(dtype: DType, shape: readonly (number | bigint)[], fortranOrder: boolean): string {
  const shapeRepr = pyRepr(new PyTuple([...shape]));
  let text = `{'descr': ${pyRepr(dtypeDescrValue(dtype))}, 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeRepr}, }`;
  if (shape.length > 0) {
    const growAxis = shape[fortranOrder ? shape.length - 1 : 0];
    text += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growAxis).length));
  }
  return text;
}

/** Exactly what np.save writes before the data: version 1.0, else 2.0 (long), else 3.0 (non-latin1). */
export function buildHeader(dtype: DType, shape: readonly (number | bigint)[], fortranOrder: boolean): Uint8Array {
  const text = headerDictText(dtype, shape, fortranOrder);
  const latin1 = !/[^\x00-\xff]/.test(text);
  const body = latin1 ? Uint8Array.from(text, c => c.charCodeAt(0)) : new TextEncoder().encode(text);
  const major = !latin1 ? 3 : wrappedLength(body.length, 2) <= 0xffff ? 1 : 2;
  const lenBytes = major === 1 ? 2 : 4;
  const total = wrappedLength(body.length, lenBytes);
  if (total > 0xffffffff) throw new NpyError('unsupported', 'the header is too large for any .npy version');
  const out = new Uint8Array(6 + 2 + lenBytes + total);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (lenBytes === 2) dv.setUint16(8, total, true);
  else dv.setUint32(8, total, true);
  const start = 8 + lenBytes;
  out.set(body, start);
  out.fill(0x20, start + body.length, out.length - 1);
  out[out.length - 1] = 0x0a;
  return out;
}

/**
 * Header length after padding: text + spaces + '\n' so the data starts on a 64-byte boundary.
 * Like NumPy, an already-aligned length still gets a full 64 bytes of padding.
 */
function wrappedLength(textLen: number, lenBytes: number): number {
  const hlen = textLen + 1;
  const pad = ALIGN - ((6 + 2 + lenBytes + hlen) % ALIGN);
  return hlen + pad;
}
