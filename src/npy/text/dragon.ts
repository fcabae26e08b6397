/**
 * Shortest round-trip decimal digits of a binary float of any precision (float16, float32, x87
 * long double): the digits NumPy's Dragon4 prints in its "unique" mode. float64 uses V8's own
 * shortest digits (same rule, much faster).
 *
 * Method (Steele & White / Burger & Dybvig): with exact integers, keep the value r/s and the
 * half-gaps to the neighbouring floats (mMinus, mPlus); emit digits until the remaining value
 * is inside the rounding interval. The interval ends belong to it when the mantissa is even
 * (round-half-even reading gives this float back), as in NumPy's Dragon4.
 */
import type { LongDouble } from '../format/decode';

export interface Shortest { digits: string; exp10: number }

const bigPow10: bigint[] = [];
function pow10n(n: number): bigint {
  let p = bigPow10[n];
  if (p === undefined) { p = 10n ** BigInt(n); bigPow10[n] = p; }
  return p;
}

/**
 * v = mant · 2^exp (mant > 0, < 2^bits); `bits` is the precision including the leading bit,
 * `minExp` the exponent of subnormals (where the gap below a power of two is not halved).
 * Returns the digits d1 d2 ... and exp10 with v ≈ 0.d1d2... × 10^(exp10+1), i.e. d1 is the
 * 10^exp10 digit.
 */
export function shortestDigits(mant: bigint, exp: number, bits: number, minExp: number): Shortest {
  const unequal = mant === 1n << BigInt(bits - 1) && exp > minExp;
  // value = r/s, half-gaps mPlus/s above and mMinus/s below (everything doubled to stay integer)
  let r: bigint, s: bigint, mPlus: bigint, mMinus: bigint;
  if (exp >= 0) {
    const be = 1n << BigInt(exp);
    if (unequal) { r = mant * be * 4n; s = 4n; mPlus = be * 2n; mMinus = be; } else { r = mant * be * 2n; s = 2n; mPlus = be; mMinus = be; }
  } else if (unequal) {
    r = mant * 4n; s = 1n << BigInt(2 - exp); mPlus = 2n; mMinus = 1n;
  } else {
    r = mant * 2n; s = 1n << BigInt(1 - exp); mPlus = 1n; mMinus = 1n;
  }
  // k = smallest integer with (r + mPlus)/s <= 10^k (interval end excluded) — start from an estimate
  const approx = (Number(mant) > 0 ? Math.log10(Number(mant)) : 0) + exp * Math.LOG10E * Math.LN2;
  let k = Math.ceil(approx - 1e-10);
  if (k >= 0) s *= pow10n(k); else { const f = pow10n(-k); r *= f; mPlus *= f; mMinus *= f; }
  const even = (mant & 1n) === 0n;
  // fix the estimate so that the upper end (r + mPlus)/s is below 1 (or at 1 if excluded) and not below 0.1
  while (even ? r + mPlus >= s : r + mPlus > s) { s *= 10n; k++; }
  while (even ? (r + mPlus) * 10n < s : (r + mPlus) * 10n <= s) { r *= 10n; mPlus *= 10n; mMinus *= 10n; k--; }
  let digits = '';
  for (;;) {
    r *= 10n; mPlus *= 10n; mMinus *= 10n;
    let d = Number(r / s);
    r %= s;
    const low = even ? r <= mMinus : r < mMinus;
    const high = even ? r + mPlus >= s : r + mPlus > s;
    if (!low && !high) { digits += String.fromCharCode(48 + d); continue; }
    if (low && high) {
      // both ends reachable: the nearer digit; ties round to even
      const c = r * 2n;
      if (c > s || (c === s && (d & 1) === 1)) d++;
    } else if (high) d++;
    digits += String.fromCharCode(48 + d);
    break;
  }
  return { digits, exp10: k - 1 };
}

/** Shortest digits of a positive finite double (V8's shortest round-trip digits). */
export function shortestDouble(x: number): Shortest {
  const t = x.toExponential(); // e.g. '1.2345e-7' — shortest digits that round-trip
  const e = t.indexOf('e');
  const mant = t.slice(0, e);
  return { digits: mant.length > 1 ? mant[0] + mant.slice(2) : mant, exp10: parseInt(t.slice(e + 1), 10) };
}

/** Shortest digits of |x| for a float stored with `bits` (16, 32, 64); x finite, non-zero. */
export function shortestOf(x: number, bits: number): Shortest {
  const a = Math.abs(x);
  if (bits === 64) return shortestDouble(a);
  // float16/float32 values are exact doubles: re-split them at their own precision
  const p = bits === 32 ? 24 : 11;
  const minExp = bits === 32 ? -149 : -24;
  let e2 = Math.floor(Math.log2(a)); // exponent of the leading bit (log2 may be off by one)
  if (2 ** e2 > a) e2--; else if (2 ** (e2 + 1) <= a) e2++;
  const e = Math.max(e2 - (p - 1), minExp);
  return shortestDigits(BigInt(a * 2 ** -e), e, p, minExp);
}

/** Shortest digits of |x| of a long double (finite, non-zero), read from its bits like Dragon4. */
export function shortestOfLong(x: LongDouble): Shortest {
  const m = x.dragonMantissa();
  // a pseudo-denormal without fraction bits: Dragon4 prints a zero significand
  if (m === 0n) return { digits: '0', exp10: 0 };
  return shortestDigits(m, Math.max(x.exponent, 1) - 16383 - 63, 64, 1 - 16383 - 63);
}
