/**
 * Exact and fast printf-style formatting of doubles: %.Ne, %.Nf, %.Ng digits exactly as C/Python
 * produce them (round-half-even on the exact binary value).
 *
 * Why not toExponential/toFixed: V8 rounds ties away from zero on the *decimal* digits in some
 * paths, toFixed stops at 100 digits, and toExponential(18) is too slow for large exports.
 *
 * How: v = M·2^E exactly. round(v·10^q) is computed with double-double arithmetic (a 106-bit
 * table of powers of ten); when the fraction is within the error bound of one half we fall back
 * to exact BigInt arithmetic. Both paths give the same answer; the fast one is ~10x quicker.
 */

/**
 * Everything lives in this self-contained factory (no imports, no outer references) so that its
 * source can also start worker threads: see floatpool.ts.
 */
export function floatFormatFactory() {
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // word holding the sign/exponent

  // Scratch state kept in a typed array: module-level `let` doubles would be boxed as heap
  // numbers on every assignment (garbage per formatted value).
  const ST = new Float64Array(6);
  // Set by decompose(): v = M * 2^E, M an integer < 2^53.
  const iM = 0, iE = 1;
  // Double-double result of scale(): v * 10^q ≈ YH + YL (relative error < 2^-103).
  const iYH = 2, iYL = 3;
  // Result of fastRound: the rounded integer is RH (RSPLIT false) or RH·1e9 + RL (RSPLIT true).
  const iRH = 4, iRL = 5;

  function decompose(v: number): void {
    f64[0] = v;
    const hi = u32[HI];
    const lo = u32[1 - HI];
    const be = (hi >>> 20) & 0x7ff;
    const frac = (hi & 0xfffff) * 4294967296 + lo;
    if (be === 0) { ST[iM] = frac; ST[iE] = -1074; } else { ST[iM] = frac + 4503599627370496; ST[iE] = be - 1075; }
  }

  // ---- exact path -------------------------------------------------------------------------

  const bigPow10: bigint[] = [];
  function pow10n(n: number): bigint {
    let p = bigPow10[n];
    if (p === undefined) { p = 10n ** BigInt(n); bigPow10[n] = p; }
    return p;
  }

  /** round_half_even(|v| * 10^q) as a decimal string, by exact rational arithmetic. */
  function roundScaledExact(v: number, q: number): string {
    decompose(Math.abs(v));
    return exactRound(q);
  }

  function exactRound(q: number): string {
    const E = ST[iE];
    let num = BigInt(ST[iM]);
    let den = 1n;
    if (E >= 0) num <<= BigInt(E); else den <<= BigInt(-E);
    if (q >= 0) num *= pow10n(q); else den *= pow10n(-q);
    let quo = num / den;
    const twice = (num - quo * den) * 2n;
    if (twice > den || (twice === den && (quo & 1n) === 1n)) quo += 1n;
    return quo.toString();
  }

  // ---- fast path --------------------------------------------------------------------------

  const QMIN = -360;
  const QMAX = 360;
  // 10^q = (NH + NL) * 2^B, NH in [1,2); NH pre-split (Veltkamp) into NHH + NHL for exact products.
  const NH = new Float64Array(QMAX - QMIN + 1);
  const NL = new Float64Array(QMAX - QMIN + 1);
  const NHH = new Float64Array(QMAX - QMIN + 1);
  const NHL = new Float64Array(QMAX - QMIN + 1);
  const B = new Int32Array(QMAX - QMIN + 1);
  const P2MIN = -80;
  const POW2 = new Float64Array(161);
  for (let s = 0; s < POW2.length; s++) POW2[s] = Math.pow(2, s + P2MIN);
  // Which entries of the 10^q table are filled. Each is computed with BigInts the first time a
  // value needs it: a short run (a CLI window, one screen of the viewer) meets few exponents, and
  // filling all 721 at once cost a few ms of every start-up.
  const READY = new Uint8Array(QMAX - QMIN + 1);

  function bitLength(n: bigint): number { return n.toString(2).length; }

  function initEntry(q: number): void {
    const two120 = 2 ** -120;
    let top: bigint; // floor(10^q * 2^(120 - b)), in [2^120, 2^121)
    let b: number;
    if (q >= 0) {
      const p = pow10n(q);
      b = bitLength(p) - 1;
      top = b >= 120 ? p >> BigInt(b - 120) : p << BigInt(120 - b);
    } else {
      const d = pow10n(-q);
      const bits = bitLength(d);
      b = -bits;
      top = (1n << BigInt(120 + bits)) / d;
    }
    const hi = Number(top) * two120;
    const lo = Number(top - BigInt(Number(top))) * two120;
    const i = q - QMIN;
    NH[i] = hi; NL[i] = lo; B[i] = b;
    const c = 134217729 * hi;
    NHH[i] = c - (c - hi);
    NHL[i] = hi - NHH[i];
    READY[i] = 1;
  }

  function scale(q: number): boolean {
    if (q < QMIN || q > QMAX) return false;
    const i = q - QMIN;
    if (READY[i] === 0) initEntry(q);
    const M = ST[iM];
    const si = ST[iE] + B[i] - P2MIN;
    if (si < 0 || si >= POW2.length) return false;
    const nh = NH[i];
    const c = 134217729 * M;
    const mh = c - (c - M);
    const ml = M - mh;
    const p = M * nh;
    const bh = NHH[i];
    const bl = NHL[i];
    let err = ((mh * bh - p) + mh * bl + ml * bh) + ml * bl; // exact low part of M*nh
    err += M * NL[i];
    const sh = p + err;
    const sl = err - (sh - p);
    const f = POW2[si];
    ST[iYH] = sh * f;
    ST[iYL] = sl * f;
    return true;
  }

  const EPS1 = 1e-9;  // bound on the error of a fraction from one scale() (far above the true ~1e-15)
  const EPS2 = 1e-6;  // bound after the second, ×1e9 step (true ~3e-7)

  let RSPLIT = false;

  /**
   * round_half_even(v * 10^q) for the current M,E into RH/RL, when the result has at most ~19
   * digits and is not too close to a tie; false means "use the exact path".
   * nd = expected digit count (may be one off).
   */
  function fastRound(q: number, nd: number): boolean {
    RSPLIT = false;
    if (nd <= -1) { ST[iRH] = 0; return true; } // v*10^q < 10^(nd+1) <= 0.1 even if nd is one too small
    if (nd <= 14) {
      if (!scale(q)) return false;
      const yh = ST[iYH];
      let a = Math.floor(yh);
      let fr = (yh - a) + ST[iYL];
      if (fr < 0) { a -= 1; fr += 1; } else if (fr >= 1) { a += 1; fr -= 1; }
      if (Math.abs(fr - 0.5) < EPS1) return false;
      ST[iRH] = fr > 0.5 ? a + 1 : a;
      return true;
    }
    if (nd > 19) return false;
    if (!scale(q - 9)) return false;
    const yh = ST[iYH];
    let a = Math.floor(yh);
    let fr = (yh - a) + ST[iYL];
    if (fr < 0) { a -= 1; fr += 1; } else if (fr >= 1) { a += 1; fr -= 1; }
    const z = fr * 1e9;
    let low = Math.floor(z);
    const zf = z - low;
    if (Math.abs(zf - 0.5) < EPS2) return false;
    if (zf > 0.5) low += 1;
    if (low >= 1e9) { a += 1; low -= 1e9; }
    ST[iRH] = a; ST[iRL] = low; RSPLIT = true;
    return true;
  }

  const POW10 = new Float64Array(23);
  for (let i = 0; i < 23; i++) POW10[i] = Math.pow(10, i);

  /** Number of decimal digits of a non-negative integer < 1e22 (0 has 1). */
  function ndigits(x: number): number {
    let n = 1;
    while (n < 22 && x >= POW10[n]) n++;
    return n;
  }

  /** Digit count of the fast result. */
  function fastLen(): number {
    const rh = ST[iRH];
    return RSPLIT && rh > 0 ? ndigits(rh) + 9 : ndigits(RSPLIT ? ST[iRL] : rh);
  }

  /** Digit count of the fast result compared with S: S-1 (or fewer), S, or S+1 (or more). */
  function fastLenVs(S: number): number {
    const rh = ST[iRH];
    if (RSPLIT) {
      if (rh <= 0 || S < 10) return fastLen();
      return rh < POW10[S - 10] ? S - 1 : rh >= POW10[S - 9] ? S + 1 : S;
    }
    if (S > 21) return fastLen();
    return rh < POW10[S - 1] ? S - 1 : rh >= POW10[S] ? S + 1 : S;
  }

  const ZEROS: string[] = [];
  for (let i = 0, z = ''; i <= 400; i++, z += '0') ZEROS.push(z);
  function zeros(n: number): string { return n <= 400 ? ZEROS[n] : '0'.repeat(n); }

  function fastString(): string {
    const rh = ST[iRH];
    if (!RSPLIT) return String(rh);
    if (rh === 0) return String(ST[iRL]);
    const ls = String(ST[iRL]);
    return String(rh) + ZEROS[9 - ls.length] + ls;
  }

  /** round_half_even(|v| * 10^q) as a decimal string (fast path with exact fallback). */
  function roundScaled(v: number, q: number, nd: number): string {
    decompose(Math.abs(v));
    return fastRound(q, nd) ? fastString() : exactRound(q);
  }

  // ---- significant digits -----------------------------------------------------------------

  /**
   * Set by sigCore: the decimal exponent of the first digit, and the S digits either as the fast
   * numeric result (RH/RL/RSPLIT, when SIG_FAST) or as the string SIG_STR.
   */
  let EXP10 = 0;
  let SIG_FAST = true;
  let SIG_STR = '';

  // Doubles nearest to 10^k, k in [-330, 310]: enough to find floor(log10 v) up to the rare v
  // within an ulp of a power of ten (sigCore's digit count check corrects those).
  const P10MIN = -330;
  const P10D = new Float64Array(641);
  for (let k = P10MIN; k <= 310; k++) P10D[k - P10MIN] = Number('1e' + k);

  /** floor(log10 a) (±1 near powers of ten), a > 0, after decompose(a): cheaper than Math.log10. */
  function decimalExponent(a: number): number {
    const m = ST[iM];
    const e2 = ST[iE] + (m >= 4503599627370496 ? 52 : Math.floor(Math.log2(m)));
    // a in [2^e2, 2^(e2+1)) so log10 a in [e2·log10(2), (e2+1)·log10(2))
    let k = Math.floor(e2 * 0.30102999566398120);
    if (a >= P10D[k + 1 - P10MIN]) k++;
    return k;
  }

  /** |v| rounded to S significant digits (v finite, non-zero). */
  function sigCore(v: number, S: number): void {
    const a = Math.abs(v);
    decompose(a);
    let k = decimalExponent(a);
    for (;;) {
      const q = S - 1 - k;
      let len: number;
      let isPow: boolean; // the result is exactly 10^(S-1)
      if (fastRound(q, S)) {
        SIG_FAST = true;
        len = fastLenVs(S);
        isPow = RSPLIT ? ST[iRH] === POW10[S - 10] && ST[iRL] === 0 : ST[iRH] === POW10[S - 1];
      } else {
        SIG_FAST = false;
        SIG_STR = exactRound(q);
        len = SIG_STR.length;
        isPow = len === S && SIG_STR === '1' + zeros(S - 1);
      }
      if (len > S) { k++; continue; }
      if (len < S) { k--; continue; }
      if (isPow) {
        // 10^(S-1) may come from rounding up at a k one too large (v = 9.99..e22 → '1.00e+23'):
        // the true exponent is k-1 unless rounding at k-1 also overflows to S+1 digits.
        const saveH = ST[iRH], saveL = ST[iRL], saveS = RSPLIT, saveF = SIG_FAST, saveStr = SIG_STR;
        let l2: number;
        if (fastRound(q + 1, S)) { SIG_FAST = true; l2 = fastLenVs(S); } else { SIG_FAST = false; SIG_STR = exactRound(q + 1); l2 = SIG_STR.length; }
        if (l2 === S) { EXP10 = k - 1; return; }
        ST[iRH] = saveH; ST[iRL] = saveL; RSPLIT = saveS; SIG_FAST = saveF; SIG_STR = saveStr;
      }
      EXP10 = k;
      return;
    }
  }

  /** |v| (finite, non-zero) rounded to S significant digits: the digit string; exponent in EXP10. */
  function sigDigits(v: number, S: number): string {
    sigCore(v, S);
    return SIG_FAST ? fastString() : SIG_STR;
  }

  // ---- byte writer (the savetxt hot path) -------------------------------------------------

  const DIG2 = new Uint8Array(200);
  for (let i = 0; i < 100; i++) { DIG2[2 * i] = 48 + Math.floor(i / 10); DIG2[2 * i + 1] = 48 + (i % 10); }

  /** Writes integer n (< 2^53) as exactly `count` digits (zero-padded) ending at buf[end-1]. */
  function putDigits(buf: Uint8Array, end: number, n: number, count: number): void {
    let p = end;
    const stop = end - count;
    if (n >= 2147483648) {
      // one float division, then the low 8 digits with int32 arithmetic (division by a constant
      // compiles to a multiply)
      const hi = Math.floor(n / 1e8);
      putDigits(buf, end, n - hi * 1e8, 8);
      putDigits(buf, end - 8, hi, count - 8);
      return;
    }
    let m = n | 0;
    while (m >= 100) {
      const qq = (m / 100) | 0;
      const r = (m - qq * 100) << 1;
      p -= 2;
      buf[p] = DIG2[r];
      buf[p + 1] = DIG2[r + 1];
      m = qq;
    }
    if (m >= 10) { p -= 2; buf[p] = DIG2[2 * m]; buf[p + 1] = DIG2[2 * m + 1]; } else { buf[--p] = 48 + m; }
    while (p > stop) buf[--p] = 48;
  }

  const NAN_B = [110, 97, 110];
  const INF_B = [105, 110, 102];

  /**
   * Writes '%.{prec}e' (or %E) of v into buf at pos; returns the new position. Needs room for
   * prec + 30 bytes. Same bytes as formatE.
   */
  function writeE(buf: Uint8Array, pos: number, v: number, prec: number, upper = false): number {
    if (v !== v || v === Infinity || v === -Infinity) {
      if (v === -Infinity) buf[pos++] = 45;
      const w = v !== v ? NAN_B : INF_B;
      for (let i = 0; i < 3; i++) buf[pos++] = upper ? w[i] - 32 : w[i];
      return pos;
    }
    if (v < 0 || (v === 0 && 1 / v < 0)) buf[pos++] = 45;
    const S = prec + 1;
    let k = 0;
    if (v === 0) {
      for (let i = 0; i <= S; i++) buf[pos + i] = 48;
    } else {
      sigCore(v, S);
      k = EXP10;
      if (SIG_FAST) {
        if (RSPLIT) {
          putDigits(buf, pos + 1 + S, ST[iRL], 9);
          putDigits(buf, pos + 1 + S - 9, ST[iRH], S - 9);
        } else {
          putDigits(buf, pos + 1 + S, ST[iRH], S);
        }
      } else {
        for (let i = 0; i < S; i++) buf[pos + 1 + i] = SIG_STR.charCodeAt(i);
      }
    }
    // digits were written one to the right; move the first left and put the point after it
    buf[pos] = buf[pos + 1];
    if (prec > 0) { buf[pos + 1] = 46; pos += S + 1; } else pos += 1;
    buf[pos++] = upper ? 69 : 101;
    if (k < 0) { buf[pos++] = 45; k = -k; } else buf[pos++] = 43;
    if (k < 100) { buf[pos++] = DIG2[2 * k]; buf[pos++] = DIG2[2 * k + 1]; } else {
      buf[pos++] = 48 + Math.floor(k / 100);
      const r = k % 100;
      buf[pos++] = DIG2[2 * r]; buf[pos++] = DIG2[2 * r + 1];
    }
    return pos;
  }

  function expPart(k: number, upper: boolean): string {
    const e = upper ? 'E' : 'e';
    if (k < 0) return (k > -10 ? e + '-0' : e + '-') + (-k);
    return (k < 10 ? e + '+0' : e + '+') + k;
  }

  // A double's exact decimal expansion has at most 767 significant digits and 1074 after the
  // point: past those, every digit a precision asks for is a zero (no rounding can reach it).
  const MAX_SIG = 770;
  const MAX_FRAC = 1080;

  /** sigDigits for any count: exact digits, then zeros. */
  function allSigDigits(v: number, n: number): string {
    if (n <= MAX_SIG) return sigDigits(v, n);
    return sigDigits(v, MAX_SIG) + zeros(n - MAX_SIG);
  }

  /** Python/C '%.{prec}e' of a finite double, with '-' for negatives (incl. -0.0), no padding. */
  function formatE(v: number, prec: number, upper = false, alt = false): string {
    const neg = v < 0 || (v === 0 && 1 / v < 0);
    let s: string;
    if (v === 0) {
      s = (prec > 0 ? '0.' + zeros(prec) : alt ? '0.' : '0') + expPart(0, upper);
    } else {
      const d = allSigDigits(v, prec + 1);
      s = (prec > 0 ? d[0] + '.' + d.slice(1) : alt ? d + '.' : d) + expPart(EXP10, upper);
    }
    return neg ? '-' + s : s;
  }

  /** Python/C '%.{prec}f' of a finite double (exact for every magnitude). */
  function formatF(v: number, prec: number, alt = false): string {
    if (prec > MAX_FRAC) return formatF(v, MAX_FRAC, alt) + zeros(prec - MAX_FRAC);
    const neg = v < 0 || (v === 0 && 1 / v < 0);
    let s: string;
    if (v === 0) {
      s = prec > 0 ? '0.' + zeros(prec) : alt ? '0.' : '0';
    } else {
      const a = Math.abs(v);
      const k = Math.floor(Math.log10(a));
      const d = roundScaled(a, prec, k + 1 + prec);
      if (prec === 0) s = alt ? d + '.' : d;
      else {
        const padded = d.length <= prec ? zeros(prec + 1 - d.length) + d : d;
        const ip = padded.length - prec;
        s = padded.slice(0, ip) + '.' + padded.slice(ip);
      }
    }
    return neg ? '-' + s : s;
  }

  /** Python/C '%.{prec}g' of a finite double. */
  function formatG(v: number, prec: number, upper = false, alt = false): string {
    const neg = v < 0 || (v === 0 && 1 / v < 0);
    const P = prec === 0 ? 1 : prec;
    let d: string;
    let x: number;
    if (v === 0) { d = zeros(P); x = 0; } else { d = allSigDigits(v, P); x = EXP10; }
    let s: string;
    if (x >= -4 && x < P) {
      // fixed with P-1-x decimals: the same P digits, point placed after x+1 of them
      let ip: string;
      let fp: string;
      if (x >= 0) { ip = d.slice(0, x + 1); fp = d.slice(x + 1); } else { ip = '0'; fp = zeros(-x - 1) + d; }
      if (!alt) fp = fp.replace(/0+$/, '');
      s = fp.length > 0 || alt ? ip + '.' + fp : ip;
    } else {
      let fp = d.slice(1);
      if (!alt) fp = fp.replace(/0+$/, '');
      s = (fp.length > 0 || alt ? d[0] + '.' + fp : d[0]) + expPart(x, upper);
    }
    return neg ? '-' + s : s;
  }

  /**
   * Formats rows of doubles (row-major, ncols per row) as '%.{prec}e' / '%.{prec}E' with literal
   * bytes around them: lits[0] x0 lits[1] x1 ... x(n-1) lits[n] per row (lits[n] ends with the
   * newline). The savetxt hot path, also run in worker threads.
   */
  function formatBlockE(xs: Float64Array, ncols: number, lits: Uint8Array[], precs: number[], uppers: boolean[]): Uint8Array {
    let perRow = 0;
    for (let c = 0; c <= ncols; c++) perRow += lits[c].length + (c < ncols ? precs[c] + 8 : 0);
    const nrows = Math.floor(xs.length / ncols);
    const out = new Uint8Array(nrows * perRow);
    let pos = 0;
    let idx = 0;
    for (let r = 0; r < nrows; r++) {
      for (let c = 0; c <= ncols; c++) {
        const l = lits[c];
        for (let k = 0; k < l.length; k++) out[pos++] = l[k];
        if (c === ncols) break;
        pos = writeE(out, pos, xs[idx++], precs[c], uppers[c]);
      }
    }
    return out.subarray(0, pos);
  }


  return { roundScaledExact, roundScaled, sigDigits, lastExp10: (): number => EXP10, writeE, formatE, formatF, formatG, formatBlockE };
}

const impl = floatFormatFactory();
/** round_half_even(|v| * 10^q) as a decimal string, by exact rational arithmetic. */
export const roundScaledExact = impl.roundScaledExact;
/** round_half_even(|v| * 10^q) as a decimal string (fast path; nd = expected digit count ±1). */
export const roundScaled = impl.roundScaled;
/** |v| (finite, non-zero) rounded to S significant digits; the exponent is then lastExp10(). */
export const sigDigits = impl.sigDigits;
/** Decimal exponent of the first digit from the last sigDigits/formatE/formatG call. */
export const lastExp10 = impl.lastExp10;
/** Writes '%.{prec}e' (or %E) of v into buf at pos (room for prec + 8 bytes); returns the new position. */
export const writeE = impl.writeE;
/** Python/C '%.{prec}e' of a finite double, with '-' for negatives (incl. -0.0), no padding. */
export const formatE = impl.formatE;
/** Python/C '%.{prec}f' of a finite double (exact for every magnitude). */
export const formatF = impl.formatF;
/** Python/C '%.{prec}g' of a finite double. */
export const formatG = impl.formatG;
/** Rows of doubles as '%.Ne' with literal bytes between (see the factory). */
export const formatBlockE = impl.formatBlockE;
