/**
 * Raw element bytes → JS values. The representation per kind (the contract everyone codes to):
 *   b → boolean; i/u of 1–4 bytes → number, 8 bytes → bigint (exact); f2/f4/f8 → number;
 *   f12/f16 → LongDouble (x87 80-bit); c → Complex; S → Uint8Array (trailing NULs stripped);
 *   U → string (UCS-4, trailing NULs stripped); V → Uint8Array (raw); M/m → bigint (NaT = -2**63);
 *   struct → Value[] (one per field; a subarray field → SubArray, C-order).
 */
import { DType, Field } from './dtype';
import { NpyError } from '../errors';

/**
 * An x87 80-bit extended float, kept bit-exact (a double would lose 11 bits of mantissa).
 *
 * The format has an explicit integer bit, so some patterns are not numbers the FPU accepts:
 * pseudo-NaN and pseudo-infinity (exponent 0x7fff, integer bit clear), unnormals (exponent
 * 1..0x7ffe, integer bit clear), and pseudo-denormals (exponent 0, integer bit set, which the FPU
 * does take as a denormal of exponent 1). NumPy on x86-64 meets them in two ways, and so do we:
 *  - arithmetic (np.isnan, float(), comparisons, array printing): the FPU's view: everything but
 *    pseudo-denormals is an invalid operand, i.e. NaN (isNaN, toNumber);
 *  - Dragon4 (str/repr of a scalar) reads the bits itself: exponent 0x7fff is inf when the 63
 *    fraction bits are 0 (else nan), exponent 0 means fraction × 2^-16445 with the integer bit
 *    dropped, and any other exponent sets the integer bit (dragonMantissa/dragonInfinite).
 */
export class LongDouble {
  constructor(
    readonly sign: 0 | 1,
    /** Raw biased 15-bit exponent (0x7fff: inf/nan). */
    readonly exponent: number,
    /** 64-bit significand including the explicit integer bit. */
    readonly mantissa: bigint,
  ) {}

  /** The integer bit is what the exponent says it must be (0 only for exponent 0). */
  private get valid(): boolean {
    return this.exponent === 0 || (this.mantissa & INTEGER_BIT) !== 0n;
  }

  /** np.isnan: a NaN or any invalid encoding except a pseudo-denormal. */
  isNaN(): boolean {
    if (!this.valid) return true;
    return this.exponent === 0x7fff && (this.mantissa & FRACTION_MASK) !== 0n;
  }

  /** np.isinf: only a real infinity (a pseudo-infinity is NaN to the FPU). */
  isInfinite(): boolean {
    return this.valid && this.exponent === 0x7fff && (this.mantissa & FRACTION_MASK) === 0n;
  }

  /** What Dragon4 (scalar str/repr) prints as inf: exponent 0x7fff and no fraction bits. */
  dragonInfinite(): boolean {
    return this.exponent === 0x7fff && (this.mantissa & FRACTION_MASK) === 0n;
  }

  /** What Dragon4 prints as nan: exponent 0x7fff with fraction bits. */
  dragonNaN(): boolean {
    return this.exponent === 0x7fff && (this.mantissa & FRACTION_MASK) !== 0n;
  }

  /** The significand Dragon4 prints (× 2^(max(exponent, 1) - 16446)): see the class comment. */
  dragonMantissa(): bigint {
    return this.exponent === 0 ? this.mantissa & FRACTION_MASK : this.mantissa | INTEGER_BIT;
  }

  /** Nearest double (round half to even), ±Infinity past the double range; NaN for what isNaN says. */
  toNumber(): number {
    const s = this.sign ? -1 : 1;
    if (this.isNaN()) return NaN;
    if (this.exponent === 0x7fff) return s * Infinity;
    if (this.mantissa === 0n) return s * 0;
    // value = mantissa × 2^e2; denormals use exponent 1 without the implicit bit (x87 rule).
    const e2 = Math.max(this.exponent, 1) - 16383 - 63;
    const bits = this.mantissa.toString(2).length;
    const top = e2 + bits - 1; // exponent of the leading bit
    if (top >= -1022) return s * scale(Number(this.mantissa), e2);
    // Subnormal double: round once, at the 2^-1074 quantum, to avoid double rounding.
    if (e2 >= -1074) return s * scale(Number(this.mantissa), e2); // exact, nothing to round
    const shift = BigInt(-1074 - e2);
    const q = this.mantissa >> shift;
    const rem = this.mantissa - (q << shift);
    const half = 1n << (shift - 1n);
    const rounded = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    return s * scale(Number(rounded), -1074);
  }
}

const FRACTION_MASK = (1n << 63n) - 1n;
const INTEGER_BIT = 1n << 63n;

/** x × 2^e, exact when the result is representable (the power is applied in steps that stay normal). */
function scale(x: number, e: number): number {
  while (e > 1000) { x *= 2 ** 1000; e -= 1000; }
  while (e < -1000) { x *= 2 ** -1000; e += 1000; }
  return x * 2 ** e;
}

export interface Complex { re: number | LongDouble; im: number | LongDouble }
export interface SubArray { shape: number[]; values: Value[] }

/** Whether a decoded value is a subarray field's ndarray (not bytes, a record, a complex or a long double). */
export function isSubArray(v: Value): v is SubArray {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) &&
    Array.isArray((v as SubArray).shape) && Array.isArray((v as SubArray).values);
}
export type Value = boolean | number | bigint | LongDouble | Complex | Uint8Array | string | Value[] | SubArray;

export type Decoder = (bytes: Uint8Array, offset: number) => Value;

export interface DecodeOptions {
  /**
   * For exact output (export): a U element NumPy itself cannot turn into a str (a code point
   * past U+10FFFF) or one a JS string cannot hold apart (a surrogate pair stored as two UCS-4
   * units, which Python keeps as two lone surrogates) throws instead of being shown as U+FFFD.
   */
  strictText?: boolean;
}

export function decodeValue(dt: DType, bytes: Uint8Array, offset: number): Value {
  return makeDecoder(dt)(bytes, offset);
}

/**
 * A decoder for one dtype. It keeps one DataView for the last buffer it saw, so decoding a whole
 * block allocates nothing per element for numbers.
 */
export function makeDecoder(dt: DType, opts: DecodeOptions = {}): Decoder {
  let lastBuf: Uint8Array | null = null;
  let dv: DataView = new DataView(new ArrayBuffer(0));
  const view = (b: Uint8Array): DataView => {
    if (b !== lastBuf) {
      lastBuf = b;
      dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    return dv;
  };
  const le = dt.order !== '>';
  switch (dt.kind) {
    case 'b': return (b, o) => b[o] !== 0;
    case 'i':
      switch (dt.itemsize) {
        case 1: return (b, o) => view(b).getInt8(o);
        case 2: return (b, o) => view(b).getInt16(o, le);
        case 4: return (b, o) => view(b).getInt32(o, le);
        default: return (b, o) => view(b).getBigInt64(o, le);
      }
    case 'u':
      switch (dt.itemsize) {
        case 1: return (b, o) => b[o];
        case 2: return (b, o) => view(b).getUint16(o, le);
        case 4: return (b, o) => view(b).getUint32(o, le);
        default: return (b, o) => view(b).getBigUint64(o, le);
      }
    case 'f': return floatDecoder(dt.itemsize, le, view);
    case 'c': {
      const half = dt.itemsize / 2;
      const part = floatDecoder(half, le, view) as (b: Uint8Array, o: number) => number | LongDouble;
      return (b, o) => ({ re: part(b, o), im: part(b, o + half) });
    }
    case 'S': {
      const n = dt.itemsize;
      return (b, o) => {
        let end = o + n;
        while (end > o && b[end - 1] === 0) end--;
        return b.slice(o, end);
      };
    }
    case 'U': return unicodeDecoder(dt.itemsize / 4, le, view, opts.strictText ?? false);
    case 'V': {
      const n = dt.itemsize;
      return (b, o) => b.slice(o, o + n);
    }
    case 'M':
    case 'm': return (b, o) => view(b).getBigInt64(o, le);
    case 'O': {
      // The safe unpickler's values; each element's bytes are its index among them.
      const objs = dt.objects;
      if (!objs) return () => { throw new NpyError('unsupported', 'the Python objects of this array were not read (only its header)'); };
      return (b, o) => objs[view(b).getUint32(o, true)] as Value;
    }
    case 'struct': {
      const parts = dt.fields.map((f) => fieldDecoder(f, opts));
      return (b, o) => parts.map(p => p(b, o));
    }
  }
}

function fieldDecoder(f: Field, opts: DecodeOptions): Decoder {
  const inner = makeDecoder(f.dtype, opts);
  const off = f.offset;
  if (f.shape.length === 0) return (b, o) => inner(b, o + off);
  const shape = [...f.shape];
  const n = shape.reduce((a, c) => a * c, 1);
  const step = f.dtype.itemsize;
  return (b, o) => {
    const values: Value[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = inner(b, o + off + i * step);
    return { shape, values };
  };
}

function floatDecoder(size: number, le: boolean, view: (b: Uint8Array) => DataView): Decoder {
  switch (size) {
    case 2: return (b, o) => half(view(b).getUint16(o, le));
    case 4: return (b, o) => view(b).getFloat32(o, le);
    case 8: return (b, o) => view(b).getFloat64(o, le);
    default: return (b, o) => longDouble(b, o, size, le);
  }
}

/** IEEE binary16 → double (exact: every half is a double). */
export function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/**
 * x87 extended precision in the low 10 bytes of a 12/16-byte item (little-endian layout).
 * A big-endian item is the whole item byte-reversed, so the 10 bytes sit at its end.
 */
function longDouble(b: Uint8Array, o: number, size: number, le: boolean): LongDouble {
  // byte(k) = k-th byte of the little-endian 10-byte x87 value.
  const at = le ? (k: number) => b[o + k] : (k: number) => b[o + size - 1 - k];
  const se = at(8) | (at(9) << 8);
  const lo = (at(0) | (at(1) << 8) | (at(2) << 16)) + at(3) * 0x1000000;
  const hi = (at(4) | (at(5) << 8) | (at(6) << 16)) + at(7) * 0x1000000;
  const mantissa = (BigInt(hi) << 32n) | BigInt(lo);
  return new LongDouble((se >> 15) as 0 | 1, se & 0x7fff, mantissa);
}

function unicodeDecoder(chars: number, le: boolean, view: (b: Uint8Array) => DataView, strict: boolean): Decoder {
  return (b, o) => {
    const dv = view(b);
    let n = chars;
    while (n > 0 && dv.getUint32(o + (n - 1) * 4, le) === 0) n--;
    let s = '';
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const cp = dv.getUint32(o + i * 4, le);
      if (cp > 0x10ffff) {
        // Past Unicode. NumPy loads the array; reading a one-character element fails, a longer one
        // becomes a str CPython should not allow (written as 4 bytes of non-UTF-8). A JS string
        // cannot hold it: exact output is impossible, so refuse.
        if (strict && n === 1) {
          throw new NpyError('format', `SystemError: invalid maximum character passed to PyUnicode_New ` +
            `(a str element is 0x${cp.toString(16)}, which is not a Unicode code point)`);
        }
        if (strict) {
          throw new NpyError('format', `a str element holds 0x${cp.toString(16)}, which is not a Unicode code point; ` +
            'it cannot be exported as text');
        }
        s += '\ufffd';
      } else if (cp >= 0xd800 && cp <= 0xdfff) {
        // A lone surrogate, kept as one (Python str can hold it; UTF-8 export refuses it).
        if (strict && cp >= 0xdc00 && prev >= 0xd800 && prev < 0xdc00) {
          throw new NpyError('format', `a str element holds the surrogates U+${prev.toString(16).toUpperCase()} ` +
            `U+${cp.toString(16).toUpperCase()} as two code points (two lone surrogates to NumPy); they cannot be exported exactly`);
        }
        s += String.fromCharCode(cp);
      } else {
        s += String.fromCodePoint(cp);
      }
      prev = cp;
    }
    return s;
  };
}
