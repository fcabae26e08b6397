/**
 * "Nice" ticks for a colorbar (or a histogram's or line plot's axis) on each scale of scales.ts:
 * round numbers a reader can use, at most about `maxTicks` of them, with short labels.
 * - linear, sqrt: multiples of 1, 2 or 5 × 10^k (the step closest to span / maxTicks);
 * - log:    the powers of ten in the domain (every m-th decade when there are too many; 2× and 5×
 *           added when there are fewer than two), else linear ticks;
 * - symlog: 0 and ±10^k outside the linear region (thinned likewise), else linear ticks.
 * Pure and dependency-free: bundled into both sides.
 */
import { DEFAULT_LINTHRESH, makeNormalizer, ScaleSpec } from './scales';

export interface Tick {
  value: number;
  /** Position in [0, 1] along the colorbar (the scale's t of the value). */
  t: number;
  label: string;
}

export const DEFAULT_MAX_TICKS = 6;

/** Ticks of a scale over its domain, lowest first. */
export function scaleTicks(spec: ScaleSpec, maxTicks = DEFAULT_MAX_TICKS): Tick[] {
  const { low, high } = spec;
  const norm = makeNormalizer(spec);
  let values: number[];
  let step: number | undefined;
  if (low === high) {
    values = [low];
  } else if (spec.kind === 'log') {
    values = logTicks(low, high, maxTicks);
  } else if (spec.kind === 'symlog') {
    values = symlogTicks(low, high, spec.linthresh ?? DEFAULT_LINTHRESH, maxTicks);
  } else {
    values = [];
  }
  if (values.length < 2 && low !== high) {
    step = tickStep(low, high, maxTicks);
    values = linearTicks(low, high, maxTicks);
  }
  const label = step === undefined ? compactNumber : labeller(values, step);
  return values.map((value) => ({ value, t: Math.min(1, Math.max(0, norm.unclipped(value))), label: label(value) }));
}

// ---------------------------------------------------------------- linear

/** The 1, 2 or 5 × 10^k step giving about `count` intervals over [start, stop]. */
export function tickStep(start: number, stop: number, count: number): number {
  const { power, factor } = stepParts(start, stop, count);
  return power < 0 ? factor / 10 ** -power : factor * 10 ** power;
}

function stepParts(start: number, stop: number, count: number): { power: number; factor: number } {
  // Halved so that ±1e308 domains do not overflow; the ratio is what matters.
  const raw = ((stop / 2 - start / 2) / Math.max(1, count)) * 2;
  const power = Math.floor(Math.log10(raw));
  const err = raw / 10 ** power;
  const factor = err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1;
  return { power, factor };
}

/**
 * Multiples of the nice step inside [start, stop]. For steps below 1 each value is i / (10^-k / f)
 * rather than i · step, so 0.3 is 0.3 and not 0.30000000000000004.
 */
export function linearTicks(start: number, stop: number, count: number): number[] {
  if (!(start < stop)) return start === stop && Number.isFinite(start) ? [start] : [];
  const { power, factor } = stepParts(start, stop, count);
  const out: number[] = [];
  if (power < 0) {
    const inv = 10 ** -power / factor;
    let i1 = Math.round(start * inv), i2 = Math.round(stop * inv);
    if (i1 / inv < start) i1++;
    if (i2 / inv > stop) i2--;
    for (let i = i1; i <= i2; i++) out.push(i / inv);
  } else {
    const inc = 10 ** power * factor;
    let i1 = Math.round(start / inc), i2 = Math.round(stop / inc);
    if (i1 * inc < start) i1++;
    if (i2 * inc > stop) i2--;
    for (let i = i1; i <= i2; i++) out.push(i * inc);
  }
  return out.map((v) => (v === 0 ? 0 : v)); // no -0
}

// ---------------------------------------------------------------- log and symlog

/** 10^k exactly as the decimal literal 1ek reads (10 ** -3 is not always 0.001). */
function decade(k: number): number {
  return Number(`1e${k}`);
}

const NICE_STRIDES = [1, 2, 3, 4, 5, 10, 20, 25, 50, 100];

/** Every m-th of the exponents, m as small as keeps at most max of them; always including multiples of m. */
function thin(exps: number[], max: number): number[] {
  if (exps.length <= max) return exps;
  const m = NICE_STRIDES.find((s) => Math.ceil(exps.length / s) <= max) ?? Math.ceil(exps.length / max);
  const kept = exps.filter((k) => ((k % m) + m) % m === 0);
  return kept.length > 0 ? kept : [exps[0]];
}

function logTicks(low: number, high: number, maxTicks: number): number[] {
  const exps: number[] = [];
  for (let k = Math.floor(Math.log10(low)) - 1; k <= Math.ceil(Math.log10(high)) + 1; k++) {
    const d = decade(k);
    if (d >= low && d <= high) exps.push(k);
  }
  if (exps.length >= 2) return thin(exps, maxTicks).map(decade);
  // Less than two decades: 1, 2 and 5 × 10^k, if that gives two ticks or more.
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(low)) - 1; k <= Math.ceil(Math.log10(high)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number(`${m}e${k}`);
      if (v >= low && v <= high) out.push(v);
    }
  }
  return out.length <= maxTicks ? out : [];
}

function symlogTicks(low: number, high: number, linthresh: number, maxTicks: number): number[] {
  const top = Math.max(Math.abs(low), Math.abs(high));
  const exps: number[] = [];
  for (let k = Math.floor(Math.log10(linthresh)); k <= Math.ceil(Math.log10(top)); k++) {
    const d = decade(k);
    if (d >= linthresh && d <= top) exps.push(k);
  }
  const kept = thin(exps, Math.max(1, Math.floor((maxTicks - 1) / (low < 0 && high > 0 ? 2 : 1))));
  const out: number[] = [];
  for (const k of kept.slice().reverse()) if (-decade(k) >= low) out.push(-decade(k));
  if (low <= 0 && high >= 0) out.push(0);
  for (const k of kept) if (decade(k) <= high) out.push(decade(k));
  return out;
}

// ---------------------------------------------------------------- labels

/**
 * Short text of a tick value: plain decimals from 1e-4 up to 1e6, else exponent form ('1e-7',
 * '2.5e+8'); float noise trimmed (12 significant digits at most).
 */
export function compactNumber(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const e = Math.floor(Math.log10(Math.abs(v)));
  if (e >= -4 && e < 6) return String(Number(v.toPrecision(12)));
  return Number(v.toPrecision(12)).toExponential();
}

/** Labels for linear ticks with one step: the same number of decimals for all of them. */
function labeller(values: number[], step: number): (v: number) => string {
  const top = Math.max(...values.map(Math.abs));
  const stepExp = Math.floor(Math.log10(step) + 1e-9);
  const topExp = top === 0 ? stepExp : Math.floor(Math.log10(top));
  if (topExp >= 6 || stepExp < -4) {
    // Steps are 1, 2 or 5 × 10^stepExp: the mantissa needs the digits down to 10^stepExp.
    const digits = Math.max(0, Math.min(15, topExp - stepExp));
    return (v) => (v === 0 ? '0' : trimExp(v.toExponential(digits)));
  }
  const decimals = Math.max(0, -stepExp);
  return (v) => v.toFixed(decimals);
}

/** '1.50e+7' → '1.5e+7', '2.00e-5' → '2e-5'. */
function trimExp(s: string): string {
  return s.replace(/\.?0+e/, 'e');
}
