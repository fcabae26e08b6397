/**
 * The domain of value-shaded cells: which values map to the two ends of the colormap. Three
 * choices: the slice's finite min/max (from its statistics, computed on the host), a robust
 * 1st–99th percentile of the slice's finite values (a few outliers then do not wash the colours
 * out; the host's 'robustDomain', exact up to 1e6 elements, else within one bin of a 65536-bin
 * histogram; the values on screen give an estimate until it comes), or low/high typed by the user. Linear scale only. (src/shared/scales.ts, landing from the
 * `render` branch, holds the same rules for part 2's pictures; the lead may route these through
 * it at merge.)
 */

export type DomainMode = 'minmax' | 'robust' | 'custom';
export const DOMAIN_MODES: readonly DomainMode[] = ['minmax', 'robust', 'custom'];

export interface Domain { low: number; high: number }

/** Percentile p (0–100) of sorted values, NumPy's default linear interpolation. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The finite min/max of `values`, or (robust) their 1st and 99th percentiles; undefined when none is finite. */
export function domainOf(values: ArrayLike<number>, mode: 'minmax' | 'robust'): Domain | undefined {
  const finite = Float64Array.from(Array.prototype.filter.call(values, (v: number) => Number.isFinite(v)) as number[]);
  if (finite.length === 0) return undefined;
  finite.sort();
  const min = finite[0];
  const max = finite[finite.length - 1];
  if (mode === 'robust') {
    const low = percentile(finite, 1);
    const high = percentile(finite, 99);
    if (low < high) return { low, high };
  }
  return { low: min, high: max };
}

/** Typed low/high: two finite numbers with low < high, else undefined. */
export function parseDomain(low: string, high: string): Domain | undefined {
  if (low.trim() === '' || high.trim() === '') return undefined;
  const l = Number(low);
  const h = Number(high);
  return Number.isFinite(l) && Number.isFinite(h) && l < h ? { low: l, high: h } : undefined;
}

/** Where v falls in the domain: 0 at low, 1 at high (outside: below 0, above 1); 0 for a one-value domain. */
export function unitOf(v: number, d: Domain): number {
  return d.high > d.low ? (v - d.low) / (d.high - d.low) : 0;
}
