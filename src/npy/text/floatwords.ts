/**
 * The element words of float and complex arrays, aligned to a common layout as numpy's
 * arrayprint FloatingFormat and ComplexFloatingFormat lay them out at the default print options
 * (precision 8, unique digits). Below both scalar and array text: str() of a record's complex
 * field (scalarstr) and str() of an array (arraystr) print their elements so.
 */
import { DType } from '../format/dtype';
import { Complex, LongDouble, Value } from '../format/decode';
import { formatF, lastExp10, sigDigits } from './floatfmt';
import { shortestOf, shortestOfLong } from './dragon';

const PRECISION = 8;

function typePrecision(dt: DType): number {
  return dt.itemsize === 2 ? 3 : dt.itemsize === 4 ? 6 : dt.itemsize === 8 ? 15 : 18;
}

/** Scientific, unique digits capped at PRECISION after the point: [int part, fraction, exponent]. */
function sciParts(x: number, dt: DType, v: Value): [string, string, number] {
  const sh = typeof v === 'number' ? shortestOf(x, dt.itemsize * 8) : shortestOfLong(v as LongDouble);
  let d = sh.digits;
  let k = sh.exp10;
  if (d.length > PRECISION + 1) { d = sigDigits(x, PRECISION + 1).replace(/0+$/, ''); k = lastExp10(); }
  return [(x < 0 ? '-' : '') + d[0], d.slice(1), k];
}

/** Positional, unique digits capped at PRECISION fraction digits: [int part, fraction]. */
function posParts(x: number, dt: DType, v: Value): [string, string] {
  const sh = typeof v === 'number' ? shortestOf(x, dt.itemsize * 8) : shortestOfLong(v as LongDouble);
  const d = sh.digits;
  const k = sh.exp10;
  if (d.length - 1 - k > PRECISION) {
    const s = formatF(x, PRECISION).replace(/0+$/, '');
    const [ip, fp] = s.split('.');
    return [ip, fp ?? ''];
  }
  const sign = x < 0 ? '-' : '';
  if (k >= 0) return [sign + (d.length <= k + 1 ? d + '0'.repeat(k + 1 - d.length) : d.slice(0, k + 1)), d.slice(k + 1)];
  return [sign + '0', '0'.repeat(-k - 1) + d];
}

/** Element strings of a float array, padded to a common layout like numpy's FloatingFormat. */
export function floatWords(dt: DType, values: Value[], plus = false): string[] {
  const xs = values.map((v) => (typeof v === 'number' ? v : (v as LongDouble).toNumber()));
  const finite = xs.filter((x) => Number.isFinite(x));
  const nz = finite.filter((x) => x !== 0).map(Math.abs);
  let exp = false;
  if (nz.length) {
    const max = Math.max(...nz);
    const min = Math.min(...nz);
    exp = max >= 10 ** Math.min(8, typePrecision(dt)) || min < 1e-4 || max / min > 1000;
  }
  const words: string[] = new Array(xs.length);
  let padLeft = 0;
  let padRight = 0;
  if (finite.length === 0) {
    padLeft = 0; padRight = 0;
  } else if (exp) {
    const parts = xs.map((x, i) => (Number.isFinite(x) ? (x === 0 ? [Object.is(x, -0) ? '-0' : '0', '', 0] as [string, string, number] : sciParts(x, dt, values[i])) : null));
    if (plus) parts.forEach((p) => { if (p && !p[0].startsWith('-')) p[0] = '+' + p[0]; });
    let prec = 0;
    let expSize = 2;
    for (const p of parts) if (p) { prec = Math.max(prec, p[1].length); padLeft = Math.max(padLeft, p[0].length); expSize = Math.max(expSize, String(Math.abs(p[2])).length); }
    padRight = expSize + 2 + prec;
    parts.forEach((p, i) => {
      if (!p) return;
      // numpy's min_digits: an element with fewer unique digits shows more of its exact value
      // (rounded), not zeros: [8.789052e-18, 2.3057262e-15] prints 8.7890521e-18.
      if (p[1].length < prec && xs[i] !== 0) {
        const d = sigDigits(Math.abs(xs[i]), prec + 1);
        p = [p[0].slice(0, -1) + d[0], d.slice(1), lastExp10()];
      }
      const e = String(Math.abs(p[2]));
      words[i] = p[0].padStart(padLeft) + '.' + p[1].padEnd(prec, '0') + 'e' + (p[2] < 0 ? '-' : '+') + e.padStart(expSize, '0');
    });
  } else {
    const parts = xs.map((x, i) => (Number.isFinite(x) ? (x === 0 ? [Object.is(x, -0) ? '-0' : '0', ''] as [string, string] : posParts(x, dt, values[i])) : null));
    if (plus) parts.forEach((p) => { if (p && !p[0].startsWith('-')) p[0] = '+' + p[0]; });
    for (const p of parts) if (p) { padLeft = Math.max(padLeft, p[0].length); padRight = Math.max(padRight, p[1].length); }
    parts.forEach((p, i) => { if (p) words[i] = p[0].padStart(padLeft) + '.' + p[1].padEnd(padRight); });
  }
  if (finite.length !== xs.length) {
    const negInf = plus || xs.some((x) => x === -Infinity);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
    const width = padLeft + padRight + 1;
    xs.forEach((x, i) => {
      if (Number.isFinite(x)) { words[i] = words[i].padStart(width); return; }
      words[i] = ((plus && !(x < 0) ? '+' : '') + (x !== x ? 'nan' : x > 0 ? 'inf' : '-inf')).padStart(width);
    });
  }
  return words;
}

/** numpy's ComplexFloatingFormat: real parts aligned together, imaginary parts (with '+') too, 'j' after the digits. */
export function complexWords(dt: DType, values: Value[]): string[] {
  const part = { kind: 'f', itemsize: dt.itemsize / 2, order: dt.order } as DType;
  const re = floatWords(part, values.map((v) => (v as Complex).re));
  const im = floatWords(part, values.map((v) => (v as Complex).im), true);
  return re.map((r, i) => {
    const t = im[i].trimEnd();
    return r + t + 'j' + im[i].slice(t.length);
  });
}
