/**
 * Grid cell text: one formatter per dtype (or per flattened field of a structured dtype),
 * turning raw element bytes into { text, flag }. Integers stay exact, floats follow the user's
 * notation setting, everything else is spelled as NumPy spells it.
 */
import { DType, flattenFields } from '../npy/format/dtype';
import { Complex, LongDouble, SubArray, Value, isSubArray, makeDecoder } from '../npy/format/decode';
import { formatE, formatF, sigDigits, lastExp10 } from '../npy/text/floatfmt';
import { datetimeStr, floatStr, longDoubleStr, NAT, numpyStr, timedeltaStr } from '../npy/text/scalarstr';
import { shortestOf, shortestOfLong } from '../npy/text/dragon';
import { bytesRepr, voidStr } from '../npy/py/pyrepr';
import { showControls } from '../shared/visible';
import { pyStrClipped } from '../npy/text/objectstr';
import type { PyObject } from '../npy/py/pyobject';
import { clampPrecision, type FormatSettings } from '../shared/format';
import { CellFlag } from '../shared/protocol';

/** The cell flags of the protocol (CellFlag), by short names. */
export const FLAG_NONE = CellFlag.None, FLAG_NAN = CellFlag.NaN, FLAG_INF = CellFlag.Inf, FLAG_NAT = CellFlag.NaT,
  FLAG_NEGATIVE = CellFlag.Negative;

export type DisplaySettings = FormatSettings;
export interface Cell { text: string; flag: number }
export type CellFormatter = (bytes: Uint8Array, offset: number) => Cell;

/** Elements of a subarray field spelled out in one cell before '…'. */
const SUBARRAY_ITEMS = 8;

/**
 * 'auto': NumPy's str() when its shortest digits fit in `precision` significant digits;
 * otherwise rounded to `precision` digits, %g-style (scientific below 1e-4 or from 10^precision).
 */
function autoFloat(x: number | LongDouble, bits: number, precision: number, trimZero: boolean): string {
  const isNum = typeof x === 'number';
  const exact = isNum ? floatStr(x, bits, trimZero) : longDoubleStr(x, trimZero);
  const xd = isNum ? x : x.toNumber();
  if (!Number.isFinite(xd) || xd === 0) return exact;
  const digits = isNum ? shortestOf(x, bits).digits : shortestOfLong(x).digits;
  const P = Math.max(1, precision);
  if (digits.length <= P) return exact;
  const d = sigDigits(xd, P);
  const k = lastExp10();
  const sign = xd < 0 ? '-' : '';
  let body: string;
  if (k >= -4 && k < P) {
    const ip = k >= 0 ? d.slice(0, k + 1) : '0';
    const fp = (k >= 0 ? d.slice(k + 1) : '0'.repeat(-k - 1) + d).replace(/0+$/, '');
    body = fp ? ip + '.' + fp : trimZero ? ip : ip + '.0';
  } else {
    const fp = d.slice(1).replace(/0+$/, '');
    const ek = Math.abs(k);
    body = (fp ? d[0] + '.' + fp : d[0]) + (k < 0 ? 'e-' : 'e+') + (ek < 10 ? '0' : '') + ek;
  }
  return sign + body;
}

/** One float (part) as text under the settings; nan/inf spelled like NumPy. */
function floatText(x: number | LongDouble, bits: number, s: DisplaySettings, trimZero: boolean): string {
  const xd = typeof x === 'number' ? x : x.toNumber();
  if (xd !== xd) return 'nan';
  if (!Number.isFinite(xd) && typeof x === 'number') return xd > 0 ? 'inf' : '-inf';
  if (typeof x !== 'number' && x.isInfinite()) return x.sign ? '-inf' : 'inf';
  const p = clampPrecision(s.precision);
  if (s.notation === 'fixed') return formatF(xd, p);
  if (s.notation === 'scientific') return formatE(xd, p);
  return autoFloat(x, bits, p, trimZero);
}

function floatFlag(x: number | LongDouble): number {
  if (typeof x !== 'number') {
    if (x.isNaN()) return FLAG_NAN;
    if (x.isInfinite()) return FLAG_INF;
    return x.sign && (x.exponent !== 0 || x.mantissa !== 0n) ? FLAG_NEGATIVE : FLAG_NONE;
  }
  if (x !== x) return FLAG_NAN;
  if (x === Infinity || x === -Infinity) return FLAG_INF;
  return x < 0 ? FLAG_NEGATIVE : FLAG_NONE;
}

function isNegPart(x: number | LongDouble): boolean {
  if (typeof x === 'number') return x < 0 || (x === 0 && 1 / x < 0);
  return x.sign === 1 && !x.isNaN();
}

/** Complex as 'a+bj' (both parts under the settings). */
function complexText(c: Complex, bits: number, s: DisplaySettings): string {
  const re = floatText(c.re, bits, s, true);
  const im = floatText(c.im, bits, s, true);
  if (isNegPart(c.im)) return re + (im.startsWith('-') ? im : '-' + im) + 'j';
  return re + '+' + im + 'j';
}

function complexFlag(c: Complex): number {
  const a = floatFlag(c.re);
  const b = floatFlag(c.im);
  if (a === FLAG_NAN || b === FLAG_NAN) return FLAG_NAN;
  if (a === FLAG_INF || b === FLAG_INF) return FLAG_INF;
  return FLAG_NONE;
}

/**
 * Text shown verbatim, except what Python's repr escapes (src/shared/visible.ts): controls, bidi and
 * zero-width characters, odd spaces and lone surrogates ('\n', '\x1b', '\u202e', '\ud800').
 */
export const visibleText = showControls;

/** Formats one decoded value of dtype dt. */
export function cellOf(dt: DType, v: Value, s: DisplaySettings): Cell {
  switch (dt.kind) {
    case 'b': return { text: v ? 'True' : 'False', flag: FLAG_NONE };
    case 'i': case 'u': {
      const n = v as number | bigint;
      return { text: String(n), flag: n < 0 ? FLAG_NEGATIVE : FLAG_NONE };
    }
    case 'f': {
      const x = v as number | LongDouble;
      return { text: floatText(x, dt.itemsize * 8, s, false), flag: floatFlag(x) };
    }
    case 'c': return { text: complexText(v as Complex, dt.itemsize * 4, s), flag: complexFlag(v as Complex) };
    case 'S': return { text: bytesRepr(v as Uint8Array), flag: FLAG_NONE };
    case 'U': return { text: visibleText(v as string), flag: FLAG_NONE };
    case 'V': return { text: voidStr(v as Uint8Array), flag: FLAG_NONE };
    case 'M': return v === NAT ? { text: 'NaT', flag: FLAG_NAT } : { text: datetimeStr(dt, v as bigint), flag: FLAG_NONE };
    case 'm': {
      if (v === NAT) return { text: 'NaT', flag: FLAG_NAT };
      return { text: timedeltaStr(dt, v as bigint), flag: (v as bigint) < 0n ? FLAG_NEGATIVE : FLAG_NONE };
    }
    case 'O': return objectCell(v as unknown as PyObject);
    case 'struct': {
      const vals = v as Value[];
      const parts = dt.fields.map((f, i) => fieldText(f.dtype, vals[i], s));
      return { text: '(' + parts.join(', ') + (parts.length === 1 ? ',)' : ')'), flag: FLAG_NONE };
    }
  }
}

/** Longest text of one Python object in a cell (past it: '…'). */
const OBJECT_CELL_CHARS = 200;

/** An object array's element: Python's str(), as np.savetxt(fmt='%s') writes it; numbers flagged as numbers. */
function objectCell(o: PyObject): Cell {
  let text: string;
  try {
    text = visibleText(pyStrClipped(o, OBJECT_CELL_CHARS));
  } catch (e) {
    text = `<${e instanceof Error ? e.message : String(e)}>`;
  }
  const x = typeof o === 'number' ? o : typeof o === 'bigint' ? (o < 0n ? -1 : 1) : undefined;
  const flag = x === undefined ? FLAG_NONE : x !== x ? FLAG_NAN : !Number.isFinite(x) ? FLAG_INF : x < 0 ? FLAG_NEGATIVE : FLAG_NONE;
  return { text, flag };
}

/** A field's text inside a record or subarray. */
function fieldText(dt: DType, v: Value, s: DisplaySettings): string {
  if (isSubArray(v)) return compactSubArray(dt, v, s);
  return cellOf(dt, v, s).text;
}

/** '[1, 2, 3]', nested for more axes, elided with '…' after SUBARRAY_ITEMS values. */
function compactSubArray(dt: DType, sub: SubArray, s: DisplaySettings): string {
  if (sub.shape.length === 0) return cellOf(dt, sub.values[0], s).text;
  let idx = 0; // C-order position of the next value; after the limit only '…' is produced
  const rec = (axis: number): string => {
    const items: string[] = [];
    for (let i = 0; i < sub.shape[axis]; i++) {
      if (idx >= SUBARRAY_ITEMS) { items.push('…'); break; }
      items.push(axis === sub.shape.length - 1 ? cellOf(dt, sub.values[idx++], s).text : rec(axis + 1));
    }
    return '[' + items.join(', ') + ']';
  };
  return rec(0);
}

/** The grid's formatter for elements of dt. */
export function makeCellFormatter(dt: DType, settings: DisplaySettings): CellFormatter {
  const dec = makeDecoder(dt);
  const s: DisplaySettings = { notation: settings.notation, precision: settings.precision };
  return (bytes, offset) => cellOf(dt, dec(bytes, offset), s);
}

/** One formatter per flattened field ('a', 'b.c') of a structured dtype; [whole] for others. */
export function makeFieldFormatters(dt: DType, settings: DisplaySettings): { name: string; format: CellFormatter }[] {
  if (dt.kind !== 'struct') return [{ name: '', format: makeCellFormatter(dt, settings) }];
  const s: DisplaySettings = { notation: settings.notation, precision: settings.precision };
  return flattenFields(dt).map((f) => {
    const at = f.offset;
    const count = f.shape.reduce((a, b) => a * b, 1);
    const dec = makeDecoder(f.dtype);
    const size = f.dtype.itemsize;
    if (f.shape.length === 0) return { name: f.name, format: (b: Uint8Array, o: number) => cellOf(f.dtype, dec(b, o + at), s) };
    const format = (b: Uint8Array, o: number): Cell => {
      // only the values that will be shown are decoded
      const values: Value[] = [];
      for (let i = 0; i < Math.min(count, SUBARRAY_ITEMS); i++) values.push(dec(b, o + at + i * size));
      return { text: compactSubArray(f.dtype, { shape: [...f.shape], values }, s), flag: FLAG_NONE };
    };
    return { name: f.name, format };
  });
}

/** NumPy's str() of one element (used where the grid should show exactly what NumPy prints). */
export function numpyCellText(dt: DType, v: Value): string { return numpyStr(dt, v); }
