/**
 * Element equality for what np.isclose does not take: bytes (S), text (U), raw voids (V),
 * datetime64 / timedelta64 and structured records — NumPy's `a == b` for each, with one
 * deliberate difference: NaN equals NaN and NaT equals NaT (a file compared with itself is the
 * same, as `equal_nan=True` makes it for numbers; NumPy's `==` says NaN != NaN and NaT != NaT).
 *
 * - S vs S: the values (trailing NULs dropped, as NumPy's bytes comparison does), any widths.
 * - U vs U: the code points (trailing NULs dropped), any widths and byte orders.
 * - V vs V: the bytes, same width only (NumPy refuses voids of different lengths).
 * - M vs M, m vs m: converted to NumPy's common unit first (M8[s] 1 == M8[ms] 1000; datetimes
 *   in years or months convert through the calendar, e.g. to weeks by floor division like
 *   NumPy's cast); timedeltas in years/months against linear units cannot be compared (NumPy
 *   raises), nor units whose conversion factor overflows NumPy's int64 check.
 * - records: the same field names (and titles) in the same order with the same subarray shapes
 *   (otherwise NumPy raises: no common dtype), compared field by field with `==` in the
 *   promoted type (int64 vs uint64 in float64, as NumPy promotes them).
 * Anything else (S vs U, text vs numbers, dates vs numbers, records vs plain values) cannot be
 * compared: the pair differs, with the reason.
 */
import { dtypeDescr, type DType, type TimeDType } from '../../format/dtype';
import { LongDouble, makeDecoder, type Complex } from '../../format/decode';
import { NAT } from '../../text/scalarstr';

/** True when element `ao` of `a` equals element `bo` of `b` (byte offsets). */
export type ElementEquals = (a: Uint8Array, ao: number, b: Uint8Array, bo: number) => boolean;

export type EqualityRule = { equals: ElementEquals } | { reason: string };

/** How to compare elements of `a` with elements of `b` by equality, or why they cannot be. */
export function equalityRule(a: DType, b: DType): EqualityRule {
  // An object array's elements are pickled Python objects, not bytes of a fixed layout.
  if (a.kind === 'O' || b.kind === 'O') return cannot(a, b);
  if (sameLayout(a, b) && a.kind !== 'struct' && !isFloaty(a)) return { equals: bytesEqual(a.itemsize) };
  const rule = fieldRule(a, b);
  if ('reason' in rule) return rule;
  if (!sameLayout(a, b)) return rule;
  // Identical dtypes: identical bytes are equal (a quick yes); otherwise compare the values
  // (padding, -0.0 vs 0.0, NaN payloads).
  const bytes = bytesEqual(a.itemsize);
  return { equals: (x, xo, y, yo) => bytes(x, xo, y, yo) || rule.equals(x, xo, y, yo) };
}

function isFloaty(dt: DType): boolean {
  return dt.kind === 'f' || dt.kind === 'c';
}

/** Same dtype, byte for byte (descr and itemsize). */
function sameLayout(a: DType, b: DType): boolean {
  return a.kind === b.kind && a.itemsize === b.itemsize && dtypeDescr(a) === dtypeDescr(b);
}

function bytesEqual(size: number): ElementEquals {
  return (a, ao, b, bo) => {
    for (let k = 0; k < size; k++) if (a[ao + k] !== b[bo + k]) return false;
    return true;
  };
}

const NUMERIC = new Set(['b', 'i', 'u', 'f', 'c']);

function kindWord(dt: DType): string {
  switch (dt.kind) {
    case 'b': case 'i': case 'u': case 'f': case 'c': return 'numbers';
    case 'S': return 'bytes';
    case 'U': return 'text';
    case 'V': return 'raw bytes';
    case 'M': return 'dates';
    case 'm': return 'time intervals';
    case 'struct': return 'records';
    case 'O': return 'Python objects';
  }
}

function cannot(a: DType, b: DType, why?: string): { reason: string } {
  const text = (d: DType) => { const s = dtypeDescr(d); return s.length > 60 ? s.slice(0, 60) + '…' : s; };
  return { reason: `cannot compare ${text(a)} with ${text(b)}: ${why ?? `${kindWord(a)} with ${kindWord(b)}`}` };
}

/** Equality of two values of any (field) dtypes, or why NumPy's `==` would not compare them. */
function fieldRule(a: DType, b: DType): EqualityRule {
  if (NUMERIC.has(a.kind) && NUMERIC.has(b.kind)) return { equals: numberEquals(a, b) };
  if (a.kind === 'S' && b.kind === 'S') return { equals: bytesValueEquals(a.itemsize, b.itemsize) };
  if (a.kind === 'U' && b.kind === 'U') return { equals: textEquals(a, b) };
  if (a.kind === 'V' && b.kind === 'V') {
    return a.itemsize === b.itemsize ? { equals: bytesEqual(a.itemsize) } : cannot(a, b, 'raw bytes (void) of different sizes');
  }
  if ((a.kind === 'M' && b.kind === 'M') || (a.kind === 'm' && b.kind === 'm')) return timeRule(a, b);
  if (a.kind === 'struct' && b.kind === 'struct') return recordRule(a, b);
  if ((a.kind === 'S' && b.kind === 'U') || (a.kind === 'U' && b.kind === 'S')) {
    return cannot(a, b, 'bytes (S) and text (U) are never equal in NumPy');
  }
  return cannot(a, b);
}

// ---------------------------------------------------------------- numbers inside records

/** `x == y` in NumPy's promoted type, NaN equal to NaN. */
function numberEquals(a: DType, b: DType): ElementEquals {
  const da = makeDecoder(a);
  const db = makeDecoder(b);
  const intLike = (d: DType) => d.kind === 'b' || d.kind === 'i' || d.kind === 'u';
  if (intLike(a) && intLike(b)) {
    // uint64 with a signed integer promotes to float64 in NumPy; every other pair stays exact.
    const viaFloat = (a.kind === 'u' && a.itemsize === 8 && b.kind === 'i') || (b.kind === 'u' && b.itemsize === 8 && a.kind === 'i');
    const big = (v: unknown) => (typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v as number | bigint));
    if (viaFloat) return (x, xo, y, yo) => Number(da(x, xo) as bigint | number) === Number(db(y, yo) as bigint | number);
    return (x, xo, y, yo) => big(da(x, xo)) === big(db(y, yo));
  }
  const parts = (d: DType, v: unknown): [number | LongDouble, number | LongDouble] => {
    if (d.kind === 'c') return [(v as Complex).re, (v as Complex).im];
    if (typeof v === 'boolean') return [v ? 1 : 0, 0];
    if (typeof v === 'bigint') return [Number(v), 0];
    return [v as number | LongDouble, 0];
  };
  return (x, xo, y, yo) => {
    const [ar, ai] = parts(a, da(x, xo));
    const [br, bi] = parts(b, db(y, yo));
    const nanA = isNan(ar) || isNan(ai);
    const nanB = isNan(br) || isNan(bi);
    if (nanA || nanB) return nanA && nanB;
    return same(ar, br) && same(ai, bi);
  };
}

function isNan(v: number | LongDouble): boolean {
  return typeof v === 'number' ? v !== v : v.isNaN();
}

/** Two non-NaN reals equal; two long doubles exactly (±0 equal), otherwise as doubles. */
function same(x: number | LongDouble, y: number | LongDouble): boolean {
  if (x instanceof LongDouble && y instanceof LongDouble) {
    const zero = (v: LongDouble) => v.exponent === 0 && v.mantissa === 0n;
    if (zero(x) && zero(y)) return true;
    return x.sign === y.sign && x.exponent === y.exponent && x.mantissa === y.mantissa;
  }
  const n = (v: number | LongDouble) => (typeof v === 'number' ? v : v.toNumber());
  return n(x) === n(y);
}

// ---------------------------------------------------------------- bytes and text

function bytesValueEquals(sa: number, sb: number): ElementEquals {
  return (x, xo, y, yo) => {
    let na = sa;
    while (na > 0 && x[xo + na - 1] === 0) na--;
    let nb = sb;
    while (nb > 0 && y[yo + nb - 1] === 0) nb--;
    if (na !== nb) return false;
    for (let k = 0; k < na; k++) if (x[xo + k] !== y[yo + k]) return false;
    return true;
  };
}

function textEquals(a: DType, b: DType): ElementEquals {
  const la = a.order !== '>';
  const lb = b.order !== '>';
  const ca = a.itemsize / 4;
  const cb = b.itemsize / 4;
  const unit = (buf: Uint8Array, o: number, little: boolean): number => little
    ? (buf[o] | (buf[o + 1] << 8) | (buf[o + 2] << 16) | (buf[o + 3] << 24)) >>> 0
    : ((buf[o] << 24) | (buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3]) >>> 0;
  return (x, xo, y, yo) => {
    let na = ca;
    while (na > 0 && unit(x, xo + 4 * (na - 1), la) === 0) na--;
    let nb = cb;
    while (nb > 0 && unit(y, yo + 4 * (nb - 1), lb) === 0) nb--;
    if (na !== nb) return false;
    for (let k = 0; k < na; k++) if (unit(x, xo + 4 * k, la) !== unit(y, yo + 4 * k, lb)) return false;
    return true;
  };
}

// ---------------------------------------------------------------- datetime64 / timedelta64

/** NumPy's unit enum order (index 3, business days, no longer exists). */
const UNITS = ['Y', 'M', 'W', 'B', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as'];
const FACTORS = [1n, 1n, 7n, 1n, 24n, 60n, 60n, 1000n, 1000n, 1000n, 1000n, 1000n, 1000n, 1n];
const Y = 0, M = 1, W = 2, D = 4;

interface Meta { base: number; num: bigint }

function metaOf(dt: TimeDType): Meta | null {
  return dt.unit === 'generic' ? null : { base: UNITS.indexOf(dt.unit), num: BigInt(dt.step) };
}

/**
 * The factor between two linear units; `checked`: 0n where NumPy's overflow check refuses it
 * (any of the top 8 bits set), as when it looks for a common unit.
 */
function unitsFactor(big: number, little: number, checked = false): bigint {
  let f = 1n;
  for (let u = big; u < little; u++) {
    f *= FACTORS[u];
    if (checked && f >> 56n) return 0n;
  }
  return f;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * NumPy's common metadata of two time dtypes (compute_datetime_metadata_greatest_common_divisor):
 * the finer base, the gcd of the multipliers. Years and months meet other units without a factor
 * for datetimes and not at all for timedeltas.
 */
function commonMeta(a: Meta | null, b: Meta | null, timedelta: boolean): Meta | string {
  if (!a) return b ?? { base: -1, num: 1n };
  if (!b) return a;
  let n1 = a.num;
  let n2 = b.num;
  let base: number;
  const nonlinear = 'timedelta64 in years or months cannot be compared with one in weeks or finer units';
  if (a.base === b.base) base = a.base;
  else if (a.base === Y && b.base === M) { base = M; n1 *= 12n; }
  else if (b.base === Y && a.base === M) { base = M; n2 *= 12n; }
  else if (a.base === Y || a.base === M) { if (timedelta) return nonlinear; base = b.base; }
  else if (b.base === Y || b.base === M) { if (timedelta) return nonlinear; base = a.base; }
  else if (a.base > b.base) {
    base = a.base;
    n2 *= unitsFactor(b.base, a.base, true);
    if (n2 === 0n) return 'no common time unit (NumPy: integer overflow getting a common metadata divisor)';
  } else {
    base = b.base;
    n1 *= unitsFactor(a.base, b.base, true);
    if (n1 === 0n) return 'no common time unit (NumPy: integer overflow getting a common metadata divisor)';
  }
  return { base, num: gcd(n1, n2) };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Days from 1970-01-01 to the first day of `month` (1-12) of `year` (proleptic Gregorian). */
function daysFromCivil(year: bigint, month: bigint): bigint {
  const y = month <= 2n ? year - 1n : year;
  const era = floorDiv(y, 400n);
  const yoe = y - era * 400n;
  const mp = (month + 9n) % 12n;
  const doy = (153n * mp + 2n) / 5n;
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146097n + doe - 719468n;
}

/**
 * A converter of raw values in `from` units to values in `to` units, as NumPy's cast does it:
 * int64 arithmetic (a product that overflows wraps, as in NumPy), then floor division.
 */
function converter(from: Meta | null, to: Meta): (v: bigint) => bigint {
  if (!from || to.base < 0) return (v) => v; // generic: the value as it is
  const { base: fb, num: fn } = from;
  const { base: tb, num: tn } = to;
  const wrap = (x: bigint) => BigInt.asIntN(64, x);
  if ((fb === Y || fb === M) && tb !== Y && tb !== M) {
    // Through the calendar: the first day of that year or month, then the target unit.
    return (v) => {
      if (v === NAT) return v;
      const months = fb === Y ? v * fn * 12n : v * fn;
      const days = daysFromCivil(1970n + floorDiv(months, 12n), months - floorDiv(months, 12n) * 12n + 1n);
      const units = tb === W ? floorDiv(days, 7n) : wrap(days * unitsFactor(D, tb));
      return floorDiv(units, tn);
    };
  }
  // Linear (or years to months): value × num / denom, the factor reduced first as NumPy does.
  const k = fn * (fb === Y && tb === M ? 12n : fb === tb ? 1n : unitsFactor(fb, tb));
  const g = gcd(k, tn);
  const num = k / g;
  const denom = tn / g;
  return (v) => (v === NAT ? v : floorDiv(wrap(v * num), denom));
}

function timeRule(a: TimeDType, b: TimeDType): EqualityRule {
  const common = commonMeta(metaOf(a), metaOf(b), a.kind === 'm');
  if (typeof common === 'string') return cannot(a, b, common);
  const ca = converter(metaOf(a), common);
  const cb = converter(metaOf(b), common);
  const da = makeDecoder(a);
  const db = makeDecoder(b);
  return { equals: (x, xo, y, yo) => ca(da(x, xo) as bigint) === cb(db(y, yo) as bigint) };
}

// ---------------------------------------------------------------- records

function recordRule(a: Extract<DType, { kind: 'struct' }>, b: Extract<DType, { kind: 'struct' }>): EqualityRule {
  const names = (d: typeof a) => d.fields.map((f) => f.name).join(', ');
  if (a.fields.length !== b.fields.length || a.fields.some((f, i) => f.name !== b.fields[i].name || f.title !== b.fields[i].title)) {
    return cannot(a, b, `the records have different fields (${names(a)} vs ${names(b)}); NumPy needs a common dtype`);
  }
  const parts: { ao: number; bo: number; as: number; bs: number; n: number; eq: ElementEquals }[] = [];
  for (let i = 0; i < a.fields.length; i++) {
    const fa = a.fields[i];
    const fb = b.fields[i];
    if (fa.shape.join(',') !== fb.shape.join(',')) {
      return cannot(a, b, `field '${fa.name}' has subarray shapes (${fa.shape}) and (${fb.shape})`);
    }
    const rule = fieldRule(fa.dtype, fb.dtype);
    if ('reason' in rule) return { reason: `field '${fa.name}': ${rule.reason}` };
    parts.push({ ao: fa.offset, bo: fb.offset, as: fa.dtype.itemsize, bs: fb.dtype.itemsize, n: fa.shape.reduce((x, y) => x * y, 1), eq: rule.equals });
  }
  return {
    equals: (x, xo, y, yo) => {
      for (const p of parts) {
        for (let k = 0; k < p.n; k++) if (!p.eq(x, xo + p.ao + k * p.as, y, yo + p.bo + k * p.bs)) return false;
      }
      return true;
    },
  };
}
