/**
 * str() and repr() of NumPy scalars (NumPy 2 spelling), for every dtype: what '%s' and '%r'
 * print in np.savetxt, and what the grid shows by default.
 */
import { DType, FloatDType, TimeDType, dtypeStr, dtypeName } from '../format/dtype';
import { Complex, LongDouble, SubArray, Value, isSubArray } from '../format/decode';
import { Shortest, shortestOf, shortestOfLong } from './dragon';
import { bytesRepr, strRepr, voidStr } from '../py/pyrepr';
import { PyError } from '../py/pyerror';
import { complexWords } from './floatwords';

// ---- floats -----------------------------------------------------------------------------

/** Positional with at least one digit after the point: '100.0', '0.0001', '1.5'. */
function positional(sh: Shortest, trimZero: boolean): string {
  const d = sh.digits;
  const k = sh.exp10;
  let ip: string;
  let fp: string;
  if (k >= 0) {
    ip = d.length <= k + 1 ? d + '0'.repeat(k + 1 - d.length) : d.slice(0, k + 1);
    fp = d.length <= k + 1 ? '' : d.slice(k + 1);
  } else {
    ip = '0';
    fp = '0'.repeat(-k - 1) + d;
  }
  if (fp === '') return trimZero ? ip : ip + '.0';
  return ip + '.' + fp;
}

/** Scientific without trailing zeros, exponent of at least two digits: '1e+16', '1.5e-05'. */
function scientific(sh: Shortest): string {
  const d = sh.digits;
  const k = sh.exp10;
  const ek = Math.abs(k);
  return (d.length > 1 ? d[0] + '.' + d.slice(1) : d) + (k < 0 ? 'e-' : 'e+') + (ek < 10 ? '0' : '') + ek;
}

function isZeroLong(x: LongDouble): boolean { return x.exponent === 0 && x.mantissa === 0n; }

/** Upper bound of positional notation in str(): 10^precision of the type (float16 3, float32 6). */
function posLimit(bits: number): number { return bits === 16 ? 1e3 : bits === 32 ? 1e6 : 1e16; }

/** NumPy str() of a float of `bits` (16/32/64). trimZero: '1' not '1.0' (inside complex). */
export function floatStr(x: number, bits: number, trimZero = false): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const sign = x < 0 || (x === 0 && 1 / x < 0) ? '-' : '';
  if (x === 0) return sign + (trimZero ? '0' : '0.0');
  const a = Math.abs(x);
  const sh = shortestOf(a, bits);
  return sign + (a >= 1e-4 && a < posLimit(bits) ? positional(sh, trimZero) : scientific(sh));
}

/**
 * NumPy str() of a long double. Dragon4 reads the bits (see LongDouble), so an invalid x87
 * encoding prints as the number its bits spell; which notation is chosen is decided by the FPU,
 * for which such a value is not finite (positional), except pseudo-denormals (tiny: scientific).
 */
export function longDoubleStr(x: LongDouble, trimZero = false): string {
  if (x.dragonNaN()) return 'nan';
  if (x.dragonInfinite()) return x.sign ? '-inf' : 'inf';
  const sign = x.sign ? '-' : '';
  if (isZeroLong(x)) return sign + (trimZero ? '0' : '0.0');
  const sh = shortestOfLong(x);
  if (x.isNaN()) return sign + positional(sh, trimZero);
  // compared in long double precision; shortest digits are monotonic, so their exponent decides
  const pos = x.exponent !== 0 && sh.exp10 >= -4 && sh.exp10 < 16;
  return sign + (pos ? positional(sh, trimZero) : scientific(sh));
}

/** A part of a complex: NumPy tests isfinite/isnan first (the FPU's view), then Dragon4. */
function partStr(x: number | LongDouble, bits: number): string {
  if (typeof x === 'number') return floatStr(x, bits, true);
  if (x.isNaN()) return 'nan';
  if (x.isInfinite()) return x.sign ? '-inf' : 'inf';
  return longDoubleStr(x, true);
}
function isNegPart(x: number | LongDouble): boolean {
  return typeof x === 'number' ? x < 0 || (x === 0 && 1 / x < 0) : x.sign === 1 && !x.isNaN();
}
function isPosZero(x: number | LongDouble): boolean {
  return typeof x === 'number' ? x === 0 && 1 / x > 0 : isZeroLong(x) && x.sign === 0;
}

/** NumPy str() of a complex: '(1+2j)', '1j', '-0j', '(nan+nanj)'. `bits` of each part. */
export function complexStr(c: Complex, bits: number): string {
  const im = partStr(c.im, bits);
  if (isPosZero(c.re)) return im + 'j';
  const sep = isNegPart(c.im) ? '' : '+';
  return '(' + partStr(c.re, bits) + sep + im + 'j)';
}

// ---- datetime / timedelta ---------------------------------------------------------------

export const NAT = -(2n ** 63n);

const PER_DAY: Record<string, bigint> = {
  D: 1n, h: 24n, m: 1440n, s: 86400n, ms: 86400000n, us: 86400000000n, ns: 86400000000000n,
  ps: 86400000000000000n, fs: 86400000000000000000n, as: 86400000000000000000000n,
};
const FRACTION_DIGITS: Record<string, number> = { ms: 3, us: 6, ns: 9, ps: 12, fs: 15, as: 18 };

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** C's %0Nd: zero padded to width n, the sign counting in the width ('-005'). */
function cPad(n: bigint | number, width: number): string {
  const neg = n < 0;
  const s = (neg ? -n : n).toString();
  const w = neg ? width - 1 : width;
  return (neg ? '-' : '') + (s.length < w ? '0'.repeat(w - s.length) + s : s);
}

/** Proleptic Gregorian date of a day count from 1970-01-01 (Hinnant's civil_from_days). */
function civil(days: bigint): [bigint, number, number] {
  const z = days + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = Number(z - era * 146097n);
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [BigInt(yoe) + era * 400n + (m <= 2 ? 1n : 0n), m, d];
}

/**
 * NumPy does this arithmetic in int64 and lets extreme values wrap around (a value times its
 * unit multiple, 1970 + years, weeks * 7, days - 10957 in days_to_yearsdays); wrapping at the
 * same steps prints what NumPy prints.
 */
const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/**
 * NumPy cannot turn a generic-unit datetime other than NaT into a date, so str() and repr() of
 * such a scalar, or of an array showing one, raise this ValueError (checked by '%s'-like
 * formatting of scalars and, through arraystr's timeWords, of subarrays).
 */
export function checkDatetimeStr(dt: TimeDType, v: bigint): void {
  if (dt.kind === 'M' && dt.unit === 'generic' && v !== NAT) {
    throw new PyError('ValueError', 'Cannot convert a NumPy datetime value other than NaT with generic units');
  }
}

/** NumPy str() of a datetime64 count in the dtype's unit (step applied): '2020-01-01T00:00'. */
export function datetimeStr(dt: TimeDType, v: bigint): string {
  if (v === NAT) return 'NaT';
  const unit = dt.unit;
  const total = i64(v * BigInt(dt.step));
  if (unit === 'generic') return total.toString();
  if (unit === 'Y') return cPad(i64(1970n + total), 4);
  if (unit === 'M') return cPad(1970n + floorDiv(total, 12n), 4) + '-' + cPad(Number(total - floorDiv(total, 12n) * 12n) + 1, 2);
  const base = unit === 'W' ? 'D' : unit;
  const count = unit === 'W' ? i64(total * 7n) : total;
  const per = PER_DAY[base];
  const days = floorDiv(count, per);
  let rem = count - days * per;
  const [y, mo, d] = civil(i64(days - 10957n) + 10957n);
  let s = cPad(y, 4) + '-' + cPad(mo, 2) + '-' + cPad(d, 2);
  if (base === 'D') return s;
  const perHour = per / 24n;
  s += 'T' + cPad(rem / perHour, 2);
  rem %= perHour;
  if (base === 'h') return s;
  const perMin = perHour / 60n;
  s += ':' + cPad(rem / perMin, 2);
  rem %= perMin;
  if (base === 'm') return s;
  const perSec = perMin / 60n;
  s += ':' + cPad(rem / perSec, 2);
  rem %= perSec;
  if (base === 's') return s;
  return s + '.' + cPad(rem, FRACTION_DIGITS[base]);
}

const UNIT_PLURAL: Record<string, string> = {
  Y: 'years', M: 'months', W: 'weeks', D: 'days', h: 'hours', m: 'minutes', s: 'seconds',
  ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds', ps: 'picoseconds', fs: 'femtoseconds',
  as: 'attoseconds', generic: 'generic time units',
};

/** NumPy str() of a timedelta64: '5 seconds', 'NaT', '7 generic time units'. */
export function timedeltaStr(dt: TimeDType, v: bigint): string {
  if (v === NAT) return 'NaT';
  return i64(v * BigInt(dt.step)).toString() + ' ' + UNIT_PLURAL[dt.unit];
}

function unitMeta(dt: TimeDType): string { return dt.step === 1 ? dt.unit : `${dt.step}${dt.unit}`; }

// ---- any scalar -------------------------------------------------------------------------

function floatBits(dt: FloatDType | DType): number { return dt.kind === 'c' ? dt.itemsize * 4 : dt.itemsize * 8; }

/**
 * Element of a record as NumPy prints it inside the record tuple: numpy formats each field with
 * its array formatter, so strings and dates are quoted and timedeltas are bare counts.
 */
function fieldStr(dt: DType, v: Value): string {
  if (dt.kind === 'U') return strRepr(v as string);
  if (dt.kind === 'M') return v === NAT ? "'NaT'" : `'${datetimeStr(dt, v as bigint)}'`;
  if (dt.kind === 'm') return v === NAT ? "'NaT'" : (v as bigint).toString();
  if (dt.kind === 'c') return complexWords(dt, [v])[0]; // '1.+2.j', no parentheses
  return numpyStr(dt, v);
}

/**
 * The words of a record's subarray field as numpy's SubArrayFormat prints them: booleans as
 * ' True'/'False', integers, dates and timedeltas right-aligned to the wider of the smallest
 * and largest value (at least 5 when a NaT is present).
 */
function subArrayWords(dt: DType, values: Value[]): string[] {
  if (dt.kind === 'b') return values.map((v) => (v ? ' True' : 'False'));
  if (dt.kind === 'c') return complexWords(dt, values);
  const words = values.map((v) => fieldStr(dt, v));
  if (dt.kind !== 'i' && dt.kind !== 'u' && dt.kind !== 'M' && dt.kind !== 'm') return words;
  const nums = values.map((v) => BigInt(v as number | bigint));
  const isTime = dt.kind === 'M' || dt.kind === 'm';
  let lo = -1;
  let hi = -1;
  nums.forEach((n, i) => {
    if (isTime && n === NAT) return;
    if (lo < 0 || n < nums[lo]) lo = i;
    if (hi < 0 || n > nums[hi]) hi = i;
  });
  let width = lo < 0 ? 0 : Math.max(words[lo].length, words[hi].length);
  if (isTime && nums.includes(NAT)) width = Math.max(width, 5);
  return words.map((w) => w.padStart(width));
}

/** A subarray as a nested list: '[1, 2, 3]', '[[1, 2], [3, 4]]'. */
export function subArrayStr(dt: DType, sub: SubArray, item: (dt: DType, v: Value) => string = fieldStr): string {
  const { shape, values } = sub;
  const words = item === fieldStr ? subArrayWords(dt, values) : null;
  let pos = 0;
  const rec = (axis: number): string => {
    const parts: string[] = [];
    for (let i = 0; i < shape[axis]; i++) {
      parts.push(axis === shape.length - 1 ? (words ? words[pos++] : item(dt, values[pos++])) : rec(axis + 1));
    }
    return '[' + parts.join(', ') + ']';
  };
  return shape.length === 0 ? item(dt, values[0]) : rec(0);
}

/** NumPy's str(scalar) for a decoded value of dtype dt. */
export function numpyStr(dt: DType, v: Value): string {
  switch (dt.kind) {
    case 'b': return v ? 'True' : 'False';
    case 'i': case 'u': return String(v);
    case 'f': return typeof v === 'number' ? floatStr(v, dt.itemsize * 8) : longDoubleStr(v as LongDouble);
    case 'c': return complexStr(v as Complex, floatBits(dt));
    case 'S': return bytesRepr(v as Uint8Array);
    case 'U': return v as string;
    case 'V': return voidStr(v as Uint8Array);
    case 'M': return datetimeStr(dt, v as bigint);
    case 'm': return timedeltaStr(dt, v as bigint);
    case 'O': throw new Error('Python objects are spelled by text/objectstr.ts');
    case 'struct': {
      const vals = v as Value[];
      const parts = dt.fields.map((f, i) => {
        const fv = vals[i];
        return isSubArray(fv) ? subArrayStr(f.dtype, fv) : fieldStr(f.dtype, fv);
      });
      return '(' + parts.join(', ') + (parts.length === 1 ? ',)' : ')');
    }
  }
}

/** NumPy 2's repr(scalar): 'np.float64(0.1)', "np.str_('a')", 'np.True_', "np.datetime64('NaT','s')". */
export function numpyRepr(dt: DType, v: Value): string {
  switch (dt.kind) {
    case 'b': return v ? 'np.True_' : 'np.False_';
    case 'i': case 'u': return `np.${dtypeName(dt)}(${String(v)})`;
    case 'f':
      if (dt.itemsize > 8) return `np.longdouble('${longDoubleStr(v as LongDouble)}')`;
      return `np.${dtypeName(dt)}(${numpyStr(dt, v)})`;
    case 'c': {
      let s = numpyStr(dt, v);
      if (s.startsWith('(')) s = s.slice(1, -1);
      return dt.itemsize > 16 ? `np.clongdouble('${s}')` : `np.${dtypeName(dt)}(${s})`;
    }
    case 'S': return `np.bytes_(${bytesRepr(v as Uint8Array)})`;
    case 'U': return `np.str_(${strRepr(v as string)})`;
    case 'V': return `np.void(${voidStr(v as Uint8Array)})`;
    case 'M': {
      const s = datetimeStr(dt, v as bigint);
      // NaT always names its unit, even a generic one: np.datetime64('NaT','generic')
      const withUnit = v === NAT || (dt.unit !== 'generic' && (dt.step !== 1 || dt.unit === 'h'));
      return withUnit ? `np.datetime64('${s}','${unitMeta(dt)}')` : `np.datetime64('${s}')`;
    }
    case 'm': {
      const n = v === NAT ? "'NaT'" : String(v);
      return dt.unit === 'generic' ? `np.timedelta64(${n})` : `np.timedelta64(${n},'${unitMeta(dt)}')`;
    }
    case 'struct': return `np.void(${numpyStr(dt, v)}, dtype=${dtypeStr(dt)})`;
    case 'O': throw new Error('Python objects are spelled by text/objectstr.ts');
  }
}
