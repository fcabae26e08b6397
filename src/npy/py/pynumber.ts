/**
 * Python's float(b'...') and int(b'...') of a bytes object — what '%e'/'%d' get from a numpy.void
 * item (np.void(b' 5') % '%e' writes '5.000000e+00'). Python strips ASCII whitespace only
 * (space, \t \n \v \f \r), takes single underscores between digits, and for floats also
 * inf/infinity/nan in any case; anything else is a ValueError with the bytes' repr.
 */
import { PyError } from './pyerror';
import { bytesRepr } from './pyrepr';

const PY_SPACE = /^[ \t\n\v\f\r]*|[ \t\n\v\f\r]*$/g;
const DIGITS = '[0-9](?:_?[0-9])*';
const FLOAT_RE = new RegExp(`^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`, 'i');
const INT_RE = new RegExp(`^[+-]?${DIGITS}$`);
/** Python's default sys.get_int_max_str_digits(). */
const PY_INT_MAX_STR_DIGITS = 4300;

/** The bytes as text when every byte is ASCII, else null (Python refuses any other byte). */
function asciiText(b: Uint8Array): string | null {
  let s = '';
  for (const c of b) {
    if (c > 0x7f) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

/** float(b): the correctly rounded double of Python's float literal grammar. */
export function floatOfBytes(b: Uint8Array): number {
  const s = asciiText(b)?.replace(PY_SPACE, '');
  if (s === undefined || !FLOAT_RE.test(s)) throw new PyError('ValueError', `could not convert string to float: ${bytesRepr(b)}`);
  const t = s.toLowerCase().replace(/_/g, '');
  const body = t.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

/** int(b) (base 10). */
export function intOfBytes(b: Uint8Array): bigint {
  const s = asciiText(b)?.replace(PY_SPACE, '');
  if (s === undefined || !INT_RE.test(s)) throw new PyError('ValueError', `invalid literal for int() with base 10: ${bytesRepr(b)}`);
  const t = s.replace(/_/g, '');
  const ndigits = t.replace(/^[+-]/, '').length;
  if (ndigits > PY_INT_MAX_STR_DIGITS) {
    throw new PyError('ValueError', `Exceeds the limit (${PY_INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${ndigits} digits; use sys.set_int_max_str_digits() to increase the limit`);
  }
  return BigInt(t);
}
