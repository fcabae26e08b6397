/**
 * One element as the user asks for it in full: `fullValueText`, what NumPy prints for the element
 * at full precision (the shortest text that reads back as the same value: '0.30000000000000004',
 * '1.2345678901234567e+20', 'nan', '(1+2j)'; strings and bytes as Python reprs 'abc' / b'abc'),
 * and `literalItem` / `numpyLiteral`, Python source that NumPy evaluates to the same values and
 * dtype: np.array([[0.1, np.nan], [1e+300, -0.0]], dtype='<f8').
 */
import { DType, dtypeDescr } from '../format/dtype';
import { LongDouble, Value, half, isSubArray } from '../format/decode';
import { NpyError } from '../errors';
import type { PyObject } from './pyobject';
import { strRepr } from './pyrepr';
import { pyStrClipped } from '../text/objectstr';
import { NAT, floatStr, numpyRepr, numpyStr } from '../text/scalarstr';

/** Longest text of one Python object (an object array's element) given in full. */
const OBJECT_FULL_CHARS = 10_000;

/** An element at full precision: NumPy's str() of the scalar, strings and Python objects as reprs. */
export function fullValueText(dt: DType, v: Value): string {
  if (dt.kind === 'U') return strRepr(v as string);
  if (dt.kind === 'O') {
    const o = v as unknown as PyObject;
    return typeof o === 'string' ? strRepr(o.length > OBJECT_FULL_CHARS ? o.slice(0, OBJECT_FULL_CHARS) + '…' : o) : pyStrClipped(o, OBJECT_FULL_CHARS);
  }
  return numpyStr(dt, v);
}

/** Rounds a double to float16 as NumPy's cast does (to nearest, ties to even), by search. */
function toHalf(x: number): number {
  // Binary search over the ordered non-negative half bit patterns (0 .. 0x7c00 = inf).
  const a = Math.abs(x);
  let lo = 0;
  let hi = 0x7c00;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (half(mid) <= a) lo = mid; else hi = mid;
  }
  const dl = a - half(lo);
  const dh = half(hi) - a;
  const h = dl < dh || (dl === dh && (lo & 1) === 0) ? lo : hi;
  return x < 0 ? -half(h) : half(h);
}

/** A Python float literal for a finite part of `bits` that NumPy casts back to exactly x. */
function floatLiteral(x: number, bits: number): string {
  if (x !== x) return 'np.nan';
  if (x === Infinity) return 'np.inf';
  if (x === -Infinity) return '-np.inf';
  const short = floatStr(x, bits);
  if (bits === 64) return short;
  // The shortest digits of the narrow type are read as a double, then cast: where that double
  // rounding lands elsewhere, the double's own digits (exact: the narrow value is a double) do.
  const back = Number(short);
  const same = bits === 32 ? Math.fround(back) === x : toHalf(back) === x;
  return same ? short : floatStr(x, 64);
}

function isNegZero(x: number): boolean { return x === 0 && 1 / x < 0; }

/** A complex64/complex128 (parts are doubles). */
function complexLiteral(c: { re: number; im: number }, bits: number): string {
  const re = floatLiteral(c.re, bits);
  const im = floatLiteral(c.im, bits);
  if (Number.isFinite(c.re) && Number.isFinite(c.im) && !isNegZero(c.re) && !isNegZero(c.im)) {
    // Python's own complex spelling: '(1+2j)', '2j' (a +0 real part is left out).
    if (c.re === 0) return `${im}j`;
    return `(${re}${im.startsWith('-') ? '' : '+'}${im}j)`;
  }
  return `complex(${re}, ${im})`;
}

/** One element as Python source inside np.array([...], dtype=...) of its dtype. */
export function literalItem(dt: DType, v: Value): string {
  switch (dt.kind) {
    case 'b': return v ? 'True' : 'False';
    case 'i': case 'u': return String(v);
    case 'f':
      if (typeof v !== 'number') return `np.longdouble(${strRepr(numpyStr(dt, v as LongDouble))})`;
      return floatLiteral(v, dt.itemsize * 8);
    case 'c':
      if (dt.itemsize > 16) return numpyRepr(dt, v);
      return complexLiteral(v as { re: number; im: number }, dt.itemsize * 4);
    case 'S': case 'V': case 'U': return fullValueText(dt, v);
    case 'M': return v === NAT ? "'NaT'" : strRepr(numpyStr(dt, v));
    case 'm': return v === NAT ? "'NaT'" : String(v);
    case 'O': throw new NpyError('usage', 'an object array has no NumPy literal: its elements are Python objects');
    case 'struct': {
      const vals = v as Value[];
      const parts = dt.fields.map((f, i) => {
        const fv = vals[i];
        return isSubArray(fv) ? nested(fv.shape, fv.values.map((x) => literalItem(f.dtype, x))) : literalItem(f.dtype, fv);
      });
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    }
  }
}

/** Items in C order as nested Python lists of `shape` ('[[1, 2], [3, 4]]'; a 0-d shape: the item). */
function nested(shape: readonly number[], items: readonly string[]): string {
  let pos = 0;
  const rec = (axis: number): string => {
    const parts: string[] = [];
    for (let i = 0; i < shape[axis]; i++) parts.push(axis === shape.length - 1 ? items[pos++] : rec(axis + 1));
    return '[' + parts.join(', ') + ']';
  };
  return shape.length === 0 ? items[0] : rec(0);
}

/**
 * The source of np.array(...) holding `items` (literalItem texts, C order) in `shape`, with the
 * dtype spelled as the .npy header does ('<f8', "[('a', '<i4')]"): it evaluates to an array
 * equal to the one the items came from, value for value, of the same dtype.
 */
export function numpyLiteral(dt: DType, shape: readonly number[], items: readonly string[]): string {
  return `np.array(${nested(shape, items)}, dtype=${literalDType(dt)})`;
}

function literalDType(dt: DType): string {
  const d = dtypeDescr(dt);
  return dt.kind === 'struct' ? d : strRepr(d);
}
