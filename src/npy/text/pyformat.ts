/**
 * Python's printf-style `fmt % tuple(args)` where the args are NumPy scalars — the heart of
 * np.savetxt. Errors are PyErrors carrying Python's exception type and message, raised in the
 * same order Python raises them (left to right, fetching each argument before converting it).
 */
import { DType, dtypeName } from '../format/dtype';
import { Complex, LongDouble, SubArray, Value, isSubArray } from '../format/decode';
import { formatE, formatF, formatG } from './floatfmt';
import { NAT, checkDatetimeStr, numpyRepr, numpyStr } from './scalarstr';
import { PyError } from '../py/pyerror';
import { floatOfBytes, intOfBytes } from '../py/pynumber';
import { asciiOf, pyLen, pySlice } from '../py/pyrepr';
import { arrayRepr, arrayStr } from './arraystr';
import { objectToChar, objectToFloat, objectToIndex, objectToInt, pyReprObj, pyStr } from './objectstr';
import type { PyObject } from '../py/pyobject';

/** A subarray field of a record arrives as an ndarray: only '%s'-like conversions accept it. */
function formatNdarray(spec: Spec, a: PyArg, sub: SubArray): string {
  if (spec.conv === 's' || spec.conv === 'r' || spec.conv === 'a') {
    let s = spec.conv === 's' ? arrayStr(a.dt, sub.shape, sub.values) : arrayRepr(a.dt, sub.shape, sub.values);
    if (spec.conv === 'a') s = asciiOf(s);
    if (spec.prec >= 0) s = pySlice(s, spec.prec);
    return padText(s, spec);
  }
  if (spec.conv === 'c') throw new PyError('TypeError', '%c requires int or char');
  throw new PyError('TypeError', 'only 0-dimensional arrays can be converted to Python scalars');
}

export { PyError, PyErrorType } from '../py/pyerror';

/** A NumPy scalar: its dtype and decoded value. */
export interface PyArg { dt: DType; v: Value }

export const F_MINUS = 1, F_PLUS = 2, F_SPACE = 4, F_ALT = 8, F_ZERO = 16;

/** One '%' conversion. width/prec: -1 absent, -2 '*'. */
export interface Spec {
  flags: number;
  width: number;
  prec: number;
  conv: string;
  /** Index of the conversion character in the format (for Python's error message). */
  convIndex: number;
  /** Set when parsing failed at this point ('incomplete format', mapping key): raised when reached. */
  error?: PyError;
}
export type Part = string | Spec;

const PY_SSIZE_T_MAX = 2n ** 63n - 1n;
const INT_MAX = 2n ** 31n - 1n;

/**
 * Longest field (width, or digits asked for by a precision) one conversion may produce. Python
 * allocates whatever the format asks for ('%.2147483647f' is a MemoryError there, '%999999999d'
 * a 1 GB string); the export streams bounded memory, so past this it fails with a clear message.
 */
export const MAX_FIELD = 1 << 24;

function checkField(spec: Spec, numeric: boolean): void {
  const asked = Math.max(spec.width, numeric ? spec.prec : -1);
  if (asked > MAX_FIELD) {
    const what = asked === spec.width ? `a field width of ${spec.width}` : `a precision of ${spec.prec}`;
    throw new PyError('MemoryError', `the format asks for ${what} characters; ` +
      `npyview formats values of at most ${MAX_FIELD} characters`);
  }
}

/** Splits a format into literal text and conversions, as Python's parser reads it. */
export function parsePyFormat(fmt: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const c = fmt[i];
    if (c !== '%') { lit += c; i++; continue; }
    i++;
    if (fmt[i] === '%') { lit += '%'; i++; continue; }
    if (lit) { parts.push(lit); lit = ''; }
    const spec: Spec = { flags: 0, width: -1, prec: -1, conv: '', convIndex: -1 };
    parts.push(spec);
    if (fmt[i] === '(') { spec.error = new PyError('TypeError', 'format requires a mapping'); return parts; }
    for (; i < n; i++) {
      const f = fmt[i];
      if (f === '-') spec.flags |= F_MINUS;
      else if (f === '+') spec.flags |= F_PLUS;
      else if (f === ' ') spec.flags |= F_SPACE;
      else if (f === '#') spec.flags |= F_ALT;
      else if (f === '0') spec.flags |= F_ZERO;
      else break;
    }
    if (fmt[i] === '*') { spec.width = -2; i++; } else {
      const at = i;
      while (i < n && fmt[i] >= '0' && fmt[i] <= '9') i++;
      if (i > at) {
        // Python parses into a Py_ssize_t and stops at the digit that would overflow it
        const w = BigInt(fmt.slice(at, i));
        if (w > PY_SSIZE_T_MAX) { spec.error = new PyError('ValueError', 'width too big'); return parts; }
        spec.width = Number(w);
      }
    }
    if (fmt[i] === '.') {
      i++;
      if (fmt[i] === '*') { spec.prec = -2; i++; } else {
        const at = i;
        while (i < n && fmt[i] >= '0' && fmt[i] <= '9') i++;
        // ... and the precision into a C int
        const p = at === i ? 0n : BigInt(fmt.slice(at, i));
        if (p > INT_MAX) { spec.error = new PyError('ValueError', 'precision too big'); return parts; }
        spec.prec = Number(p);
      }
    }
    if (i < n && (fmt[i] === 'h' || fmt[i] === 'l' || fmt[i] === 'L')) i++;
    if (i >= n) { spec.error = new PyError('ValueError', 'incomplete format'); return parts; }
    // one code point (a conversion character may be any character, even outside the BMP)
    const cp = fmt.codePointAt(i)!;
    spec.conv = String.fromCodePoint(cp);
    spec.convIndex = pyLen(fmt.slice(0, i));
    i += spec.conv.length;
  }
  if (lit) parts.push(lit);
  return parts;
}

/** Python's type name of the scalar, as in 'not numpy.float64'. */
export function pyTypeName(dt: DType): string {
  switch (dt.kind) {
    case 'b': return 'numpy.bool';
    case 'f': return dt.itemsize > 8 ? 'numpy.longdouble' : 'numpy.' + dtypeName(dt);
    case 'c': return dt.itemsize > 16 ? 'numpy.clongdouble' : 'numpy.' + dtypeName(dt);
    case 'S': return 'numpy.bytes_';
    case 'U': return 'numpy.str_';
    case 'V': case 'struct': return 'numpy.void';
    case 'M': return 'numpy.datetime64';
    case 'm': return 'numpy.timedelta64';
    default: return 'numpy.' + dtypeName(dt);
  }
}

// ---- what Python gets from int(x), operator.index(x), float(x) -------------------------

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/** datetime64/timedelta64 .item(): an int, or a Python object (date, datetime, timedelta, None). */
function timeItem(dt: DType & { kind: 'M' | 'm' }, v: bigint): bigint | string {
  const unit = dt.unit;
  // a generic-unit datetime64 has no date: its .item() is None, whatever the value
  if (v === NAT || (dt.kind === 'M' && unit === 'generic')) return 'NoneType';
  if (unit === 'generic' || unit === 'ns' || unit === 'ps' || unit === 'fs' || unit === 'as') return v;
  // NumPy multiplies by the unit's step (and weeks by 7) in int64, wrapping on overflow
  const total = BigInt.asIntN(64, v * BigInt(dt.step));
  const perDay: Record<string, bigint> = { D: 1n, h: 24n, m: 1440n, s: 86400n, ms: 86400000n, us: 86400000000n };
  const days = unit === 'W' ? BigInt.asIntN(64, total * 7n) : unit === 'Y' || unit === 'M' ? 0n : floorDiv(total, perDay[unit]);
  if (dt.kind === 'm') {
    if (unit === 'Y' || unit === 'M') return v;
    return days >= -999999999n && days <= 999999999n ? 'datetime.timedelta' : v;
  }
  const years = unit === 'Y' ? Number(total) : unit === 'M' ? Number(total) / 12 : Number(days) / 365.2425;
  const year = 1970 + Math.floor(years);
  if (year < 1 || year > 9999) return v;
  return unit === 'Y' || unit === 'M' || unit === 'W' || unit === 'D' ? 'datetime.date' : 'datetime.datetime';
}

function longToBigInt(x: LongDouble): bigint {
  if (x.isNaN()) throw new PyError('ValueError', 'cannot convert longdouble NaN to integer');
  if (x.isInfinite()) throw new PyError('OverflowError', 'cannot convert longdouble infinity to integer');
  const e = Math.max(x.exponent, 1) - 16383 - 63;
  const mag = e >= 0 ? x.mantissa << BigInt(e) : x.mantissa >> BigInt(-e);
  return x.sign ? -mag : mag;
}

function floatToBigInt(x: number): bigint {
  if (x !== x) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (x === Infinity || x === -Infinity) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}

/** int(x) for '%d'/'%i'/'%u'. */
function toInt(a: PyArg, conv: string): bigint {
  const { dt, v } = a;
  switch (dt.kind) {
    case 'b': return v ? 1n : 0n;
    case 'i': case 'u': return BigInt(v as number | bigint);
    case 'f': return typeof v === 'number' ? floatToBigInt(v) : longToBigInt(v as LongDouble);
    case 'c': { const re = (v as Complex).re; return typeof re === 'number' ? floatToBigInt(re) : longToBigInt(re); }
    case 'V': return intOfBytes(v as Uint8Array);
    case 'M': case 'm': {
      const it = timeItem(dt, v as bigint);
      if (typeof it === 'bigint') return it;
      break;
    }
  }
  throw new PyError('TypeError', `%${conv} format: a real number is required, not ${pyTypeName(dt)}`);
}

/** operator.index(x) for '%x'/'%X'/'%o' (only integer scalars have it). */
function toIndex(a: PyArg, conv: string): bigint {
  if (a.dt.kind === 'i' || a.dt.kind === 'u') return BigInt(a.v as number | bigint);
  throw new PyError('TypeError', `%${conv} format: an integer is required, not ${pyTypeName(a.dt)}`);
}

/** float(x) for '%e'/'%f'/'%g'. */
export function toFloat(a: PyArg): number {
  const { dt, v } = a;
  switch (dt.kind) {
    case 'b': return v ? 1 : 0;
    case 'i': case 'u': return Number(v as number | bigint);
    case 'f': return typeof v === 'number' ? v : (v as LongDouble).toNumber();
    case 'c': { const re = (v as Complex).re; return typeof re === 'number' ? re : re.toNumber(); }
    case 'S': case 'U': throw new PyError('TypeError', `must be real number, not ${pyTypeName(dt)}`);
    case 'V': return floatOfBytes(v as Uint8Array);
    case 'M': case 'm': {
      const it = timeItem(dt, v as bigint);
      if (typeof it === 'bigint') return Number(it);
      throw new PyError('TypeError', `float() argument must be a string or a real number, not '${it}'`);
    }
    case 'struct': throw new PyError('TypeError', "float() argument must be a string or a real number, not 'tuple'");
    case 'O': throw new PyError('TypeError', 'must be real number, not object');
  }
}

// ---- conversions ------------------------------------------------------------------------

/** Pads a formatted number: zeros go after the sign and 0x/0o prefix ('-0x00ff'). */
function padNumber(sign: string, prefix: string, body: string, spec: Spec): string {
  const len = sign.length + prefix.length + body.length;
  if (spec.width <= len) return sign + prefix + body;
  const fill = spec.width - len;
  if (spec.flags & F_MINUS) return sign + prefix + body + ' '.repeat(fill);
  if (spec.flags & F_ZERO) return sign + prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + prefix + body;
}

function padText(s: string, spec: Spec): string {
  checkField(spec, false);
  const len = pyLen(s);
  if (spec.width <= len) return s;
  const pad = ' '.repeat(spec.width - len);
  return spec.flags & F_MINUS ? s + pad : pad + s;
}

function signOf(neg: boolean, flags: number): string {
  return neg ? '-' : flags & F_PLUS ? '+' : flags & F_SPACE ? ' ' : '';
}

/** Python's default sys.get_int_max_str_digits(). */
const PY_INT_MAX_STR_DIGITS = 4300;

function formatInteger(n: bigint, spec: Spec): string {
  const neg = n < 0n;
  const mag = neg ? -n : n;
  const conv = spec.conv;
  let digits = conv === 'x' ? mag.toString(16) : conv === 'X' ? mag.toString(16).toUpperCase() : conv === 'o' ? mag.toString(8) : mag.toString();
  // Python refuses decimal strings of huge ints (a long double near its max has 4933 digits)
  if (digits.length > PY_INT_MAX_STR_DIGITS && conv !== 'x' && conv !== 'X' && conv !== 'o') {
    throw new PyError('ValueError', `Exceeds the limit (${PY_INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  }
  checkField(spec, true);
  if (spec.prec > digits.length) digits = '0'.repeat(spec.prec - digits.length) + digits;
  const prefix = spec.flags & F_ALT && conv !== 'd' && conv !== 'i' && conv !== 'u' ? '0' + conv : '';
  return padNumber(signOf(neg, spec.flags), prefix, digits, spec);
}

/** Python's '%e/%f/%g' of a double, with flags, width and precision. */
export function formatFloat(x: number, spec: Spec): string {
  // nan and inf ignore the precision (Python allocates nothing for it)
  checkField(spec, Number.isFinite(x));
  const conv = spec.conv;
  const upper = conv === 'E' || conv === 'F' || conv === 'G';
  const prec = spec.prec < 0 ? 6 : spec.prec;
  const alt = (spec.flags & F_ALT) !== 0;
  if (x !== x) return padNumber(signOf(false, spec.flags), '', upper ? 'NAN' : 'nan', spec);
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = Math.abs(x);
  let body: string;
  if (a === Infinity) body = upper ? 'INF' : 'inf';
  else if (conv === 'e' || conv === 'E') body = formatE(a, prec, upper, alt);
  else if (conv === 'f' || conv === 'F') body = formatF(a, prec, alt);
  else body = formatG(a, prec, upper, alt);
  return padNumber(signOf(neg, spec.flags), '', body, spec);
}

function formatChar(a: PyArg, spec: Spec): string {
  let ch: string;
  if (a.dt.kind === 'U' && pyLen(a.v as string) === 1) ch = a.v as string;
  else if (a.dt.kind === 'i' || a.dt.kind === 'u') {
    const n = BigInt(a.v as number | bigint);
    if (n < 0n || n > 0x10ffffn) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
    ch = String.fromCodePoint(Number(n));
  } else throw new PyError('TypeError', '%c requires int or char');
  return padText(ch, spec);
}

/** Formats one argument with one conversion (Python's unicode_format_arg_format). */
export function formatArg(spec: Spec, a: PyArg): string {
  if (a.dt.kind === 'O') return formatObject(spec, a.v as unknown as PyObject);
  if (isSubArray(a.v) && 'sraeEfFgGdiuxXoc'.includes(spec.conv)) return formatNdarray(spec, a, a.v);
  switch (spec.conv) {
    case 's': case 'r': case 'a': {
      if (a.dt.kind === 'M') checkDatetimeStr(a.dt, a.v as bigint);
      let s = spec.conv === 's' ? numpyStr(a.dt, a.v) : numpyRepr(a.dt, a.v);
      if (spec.conv === 'a') s = asciiOf(s);
      if (spec.prec >= 0) s = pySlice(s, spec.prec);
      return padText(s, spec);
    }
    case 'd': case 'i': case 'u': return formatInteger(toInt(a, spec.conv), spec);
    case 'x': case 'X': case 'o': return formatInteger(toIndex(a, spec.conv), spec);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return formatFloat(toFloat(a), spec);
    case 'c': return formatChar(a, spec);
    default: {
      const cp = spec.conv.codePointAt(0)!;
      const shown = cp >= 31 && cp <= 126 ? spec.conv : '?';
      throw new PyError('ValueError', `unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${spec.convIndex}`);
    }
  }
}

/** One Python object (an object array's element) with one conversion, as Python's % does it. */
function formatObject(spec: Spec, o: PyObject): string {
  const viaScalar = (r: { scalar: { dtype: DType }; value: Value }) => formatArg(spec, { dt: r.scalar.dtype, v: r.value });
  switch (spec.conv) {
    case 's': case 'r': case 'a': {
      let s = spec.conv === 's' ? pyStr(o) : pyReprObj(o);
      if (spec.conv === 'a') s = asciiOf(s);
      if (spec.prec >= 0) s = pySlice(s, spec.prec);
      return padText(s, spec);
    }
    case 'd': case 'i': case 'u': {
      const r = objectToInt(o, spec.conv);
      return typeof r === 'bigint' ? formatInteger(r, spec) : viaScalar(r);
    }
    case 'x': case 'X': case 'o': {
      const r = objectToIndex(o, spec.conv);
      return typeof r === 'bigint' ? formatInteger(r, spec) : viaScalar(r);
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
      const r = objectToFloat(o);
      return typeof r === 'number' ? formatFloat(r, spec) : viaScalar(r);
    }
    case 'c': {
      const r = objectToChar(o);
      return typeof r === 'string' ? padText(r, spec) : viaScalar(r);
    }
    default: return formatArg(spec, { dt: { kind: 'b', itemsize: 1, order: '|' }, v: false });
  }
}

/** `fmt % tuple(args)` for already-parsed parts. */
export function pyFormatParts(parts: Part[], args: PyArg[]): string {
  let out = '';
  let next = 0;
  const take = (): PyArg => {
    if (next >= args.length) throw new PyError('TypeError', 'not enough arguments for format string');
    return args[next++];
  };
  for (const p of parts) {
    if (typeof p === 'string') { out += p; continue; }
    if (p.error) throw p.error;
    // '*' needs a Python int; NumPy scalars never are one
    if (p.width === -2) { take(); throw new PyError('TypeError', '* wants int'); }
    if (p.prec === -2) { take(); throw new PyError('TypeError', '* wants int'); }
    out += formatArg(p, take());
  }
  if (next < args.length) throw new PyError('TypeError', 'not all arguments converted during string formatting');
  return out;
}

/** Python's `fmt % tuple(args)`. */
export function pyFormat(fmt: string, args: PyArg[]): string {
  return pyFormatParts(parsePyFormat(fmt), args);
}
