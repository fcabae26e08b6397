/**
 * Colour scales: how a value becomes a position t in [0, 1] of a colormap, shared by the CLI
 * (`npyview render`) and the webview (heatmap, value-shaded cells, colorbar, histogram domain).
 * Pure and dependency-free: bundled into both sides.
 *
 * The four scales are matplotlib's norms, so a picture means what it would mean there:
 * - linear: Normalize, t = (v − low) / (high − low)
 * - log:    LogNorm (base 10), t = (log10 v − log10 low) / (log10 high − log10 low); needs
 *           0 < low. Values ≤ 0 are below the domain and so drawn with its low colour
 *           (matplotlib masks them as "bad" instead).
 * - symlog: SymLogNorm(linthresh, linscale=1, base=10): linear for |v| ≤ linthresh, logarithmic
 *           beyond, symmetric around 0. linthresh defaults to 1 (as d3's scaleSymlog, which H5Web
 *           uses); the viewer and `npyview render --linthresh` can change it.
 * - sqrt:   PowerNorm(gamma=0.5), t = sqrt((v − low) / (high − low)).
 * Values outside the domain are clipped to t = 0 or 1 (the colormap's ends). NaN stays NaN and
 * ±Inf stay ±Inf, so the caller can give them colours of their own. A domain with low = high
 * (a constant picture) maps every finite value to 0, as matplotlib's Normalize does.
 */

export type ScaleKind = 'linear' | 'log' | 'symlog' | 'sqrt';
export const SCALE_KINDS: readonly ScaleKind[] = ['linear', 'log', 'symlog', 'sqrt'];
export const DEFAULT_LINTHRESH = 1;

/** A scale over a domain: what the CLI options and the webview's controls choose. */
export interface ScaleSpec {
  kind: ScaleKind;
  low: number;
  high: number;
  /** symlog only: the half-width of the linear region around 0 (default DEFAULT_LINTHRESH). */
  linthresh?: number;
}

/** Why a domain cannot be used with a scale (a message for the user), or undefined when it can. */
export function domainError(spec: ScaleSpec): string | undefined {
  const { kind, low, high } = spec;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return `the domain ${low}, ${high} is not finite`;
  if (low > high) return `the domain's low end ${low} is above its high end ${high}`;
  if (kind === 'log' && low <= 0) return `a log scale needs a positive domain (low is ${low})`;
  if (kind === 'symlog') {
    const lt = spec.linthresh ?? DEFAULT_LINTHRESH;
    if (!(lt > 0) || !Number.isFinite(lt)) return `symlog's linear threshold must be a positive number (got ${lt})`;
  }
  return undefined;
}

/** The scale's transform: t is linear in forward(v). */
function forwardOf(spec: ScaleSpec): (v: number) => number {
  switch (spec.kind) {
    case 'log':
      return (v) => (v > 0 ? Math.log10(v) : -Infinity);
    case 'symlog': {
      const lt = spec.linthresh ?? DEFAULT_LINTHRESH;
      const linscale = 1 / (1 - 1 / 10); // matplotlib's linscale_adj for linscale = 1, base 10
      return (v) => {
        const a = Math.abs(v);
        if (a <= lt) return v * linscale;
        return Math.sign(v) * lt * (linscale + Math.log10(a / lt));
      };
    }
    default:
      return (v) => v;
  }
}

function inverseOf(spec: ScaleSpec): (y: number) => number {
  switch (spec.kind) {
    case 'log':
      return (y) => 10 ** y;
    case 'symlog': {
      const lt = spec.linthresh ?? DEFAULT_LINTHRESH;
      const linscale = 1 / (1 - 1 / 10);
      return (y) => {
        const a = Math.abs(y);
        if (a <= lt * linscale) return y / linscale;
        return Math.sign(y) * lt * 10 ** (a / lt - linscale);
      };
    }
    default:
      return (y) => y;
  }
}

/** value → t and back, for one scale and domain. */
export interface Normalizer {
  readonly spec: ScaleSpec;
  /** t in [0, 1] for finite values (clipped); NaN and ±Inf are returned as they are. */
  (v: number): number;
  /** t without clipping (positions of ticks and of values outside the domain), still NaN for NaN. */
  unclipped(v: number): number;
  /** The value at t in [0, 1] (hover over a colorbar, dragging the domain). */
  invert(t: number): number;
}

/** The normaliser of a scale; throws if domainError(spec) has something to say. */
export function makeNormalizer(spec: ScaleSpec): Normalizer {
  const err = domainError(spec);
  if (err) throw new Error(err);
  const { low, high } = spec;
  const f = forwardOf(spec);
  const inv = inverseOf(spec);
  const degenerate = low === high;
  let unclipped: (v: number) => number;
  if (degenerate) {
    unclipped = (v) => (Number.isNaN(v) ? NaN : 0);
  } else if (spec.kind === 'linear' || spec.kind === 'sqrt') {
    // Halved when high − low overflows (a domain of ±1e308): the ratio is the same.
    const half = !Number.isFinite(high - low);
    const span = half ? high / 2 - low / 2 : high - low;
    const rel = half ? (v: number) => (v / 2 - low / 2) / span : (v: number) => (v - low) / span;
    // PowerNorm: positions below low stay negative so they clip to 0.
    unclipped = spec.kind === 'linear' ? rel : (v) => { const r = rel(v); return r < 0 ? r : Math.sqrt(r); };
  } else {
    const f0 = f(low);
    const span = f(high) - f0;
    unclipped = (v) => (f(v) - f0) / span;
  }
  const norm = ((v: number): number => {
    if (!Number.isFinite(v)) return v;
    const t = unclipped(v);
    return t < 0 ? 0 : t > 1 ? 1 : t;
  }) as Normalizer;
  Object.defineProperty(norm, 'spec', { value: spec });
  norm.unclipped = (v) => (Number.isFinite(v) ? unclipped(v) : v);
  norm.invert = (t) => {
    if (degenerate) return low;
    if (spec.kind === 'linear') return low + t * high - t * low;
    if (spec.kind === 'sqrt') return low + t * t * high - t * t * low;
    const f0 = f(low);
    return inv(f0 + t * (f(high) - f0));
  };
  return norm;
}

// ---------------------------------------------------------------- automatic domain

export type DomainMode = 'minmax' | 'robust';

/** The percentiles of the robust domain. */
export const ROBUST_PERCENTILES: readonly [number, number] = [1, 99];

export interface Domain { low: number; high: number }

/** Values a domain is computed from (the drawn grid's values, or any array of numbers). */
export type Values = ArrayLike<number>;

/** Which values count for a scale's automatic domain: finite ones, and for log only positive ones. */
function counts(kind: ScaleKind): (v: number) => boolean {
  return kind === 'log' ? (v) => v > 0 && v < Infinity : (v) => Number.isFinite(v);
}

/**
 * The automatic domain of `values` for a scale: their finite min/max ('minmax'), or their 1st and
 * 99th percentiles ('robust', NumPy's default linear interpolation, so a few outliers do not wash
 * the picture out; when those two are equal it falls back to min/max). For a log scale only
 * positive values count. Undefined when no value counts (all NaN, or no positive value for log).
 */
export function autoDomain(values: Values, kind: ScaleKind, mode: DomainMode = 'minmax'): Domain | undefined {
  const ok = counts(kind);
  let min = Infinity, max = -Infinity, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!ok(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return undefined;
  if (mode === 'robust' && min < max) {
    const [lo, hi] = percentiles(values, ok, n, min, max, ROBUST_PERCENTILES);
    if (lo < hi) return { low: lo, high: hi };
  }
  return { low: min, high: max };
}

/**
 * Percentiles (0–100) of the values that pass `ok` (n of them, between min and max), as
 * np.percentile(method='linear') computes them. Exact, without sorting or copying every value:
 * the order statistics needed are found with a histogram pass and a pass that collects the few
 * values of their bins (narrowing again only where one bin holds very many values).
 */
export function percentiles(values: Values, ok: (v: number) => boolean, n: number, min: number, max: number,
  ps: readonly number[]): number[] {
  const wanted = ps.map((p) => (p / 100) * (n - 1));
  const ranks = new Set<number>();
  for (const h of wanted) { ranks.add(Math.floor(h)); ranks.add(Math.min(n - 1, Math.ceil(h))); }
  const stat = orderStatistics(values, ok, min, max, 0, [...ranks].sort((a, b) => a - b));
  return wanted.map((h) => {
    const k = Math.floor(h);
    const a = stat.get(k)!;
    if (h === k) return a;
    const b = stat.get(k + 1)!;
    // NumPy's _lerp: a + (b − a)·g, computed from the other end when g ≥ 0.5.
    const g = h - k;
    const d = b - a;
    return g >= 0.5 ? b - d * (1 - g) : a + d * g;
  });
}

const SELECT_BINS = 65536;
const SELECT_DIRECT = 1 << 20;

/**
 * The values of the given ranks (0-based, ascending) among those passing ok within [lo, hi], where
 * `below` values passing ok are less than lo.
 */
function orderStatistics(values: Values, ok: (v: number) => boolean, lo: number, hi: number, below: number,
  ranks: number[]): Map<number, number> {
  const out = new Map<number, number>();
  if (lo === hi) {
    for (const k of ranks) out.set(k, lo);
    return out;
  }
  // Histogram of [lo, hi]; binOf is non-decreasing, so the counts keep the order.
  const hist = new Uint32Array(SELECT_BINS);
  const binOf = binner(lo, hi, SELECT_BINS);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (ok(v) && v >= lo && v <= hi) hist[binOf(v)]++;
  }
  // The bin of each rank, and how many values lie below that bin.
  const bins = new Map<number, { before: number; ranks: number[]; c: Float64Array; m: number; min: number; max: number }>();
  let b = 0, acc = below;
  for (const k of ranks) {
    while (acc + hist[b] <= k) acc += hist[b++];
    let e = bins.get(b);
    if (!e) {
      const direct = hist[b] <= SELECT_DIRECT;
      e = { before: acc, ranks: [], c: new Float64Array(direct ? hist[b] : 0), m: 0, min: Infinity, max: -Infinity };
      bins.set(b, e);
    }
    e.ranks.push(k);
  }
  // One pass collects the values of small bins and the range of big ones.
  const entries = [...bins.values()];
  const slot = new Uint8Array(SELECT_BINS); // 1 + index into entries, 0 for bins not needed
  [...bins.keys()].forEach((bin, i) => { slot[bin] = i + 1; });
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!ok(v) || v < lo || v > hi) continue;
    const s = slot[binOf(v)];
    if (s === 0) continue;
    const e = entries[s - 1];
    if (e.c.length > 0) e.c[e.m++] = v;
    if (v < e.min) e.min = v;
    if (v > e.max) e.max = v;
  }
  for (const e of bins.values()) {
    if (e.c.length > 0) {
      e.c.sort();
      for (const k of e.ranks) out.set(k, e.c[k - e.before]);
    } else {
      // Very many values in one bin: narrow to its own range (strictly smaller than [lo, hi]).
      for (const [k, v] of orderStatistics(values, ok, e.min, e.max, e.before, e.ranks)) out.set(k, v);
    }
  }
  return out;
}

/**
 * A non-decreasing map of [lo, hi] onto bins 0 .. bins−1 (lo in the first, hi in the last), safe
 * when hi − lo overflows (±1e308) or is so small that bins / (hi − lo) would.
 */
function binner(lo: number, hi: number, bins: number): (v: number) => number {
  const clamp = (x: number): number => { const b = Math.floor(x); return b >= bins ? bins - 1 : b; };
  const span = hi - lo;
  if (!Number.isFinite(span)) {
    const s = bins / (hi / 2 - lo / 2);
    return (v) => clamp((v / 2 - lo / 2) * s);
  }
  const scale = bins / span;
  if (Number.isFinite(scale)) return (v) => clamp((v - lo) * scale);
  const up = 2 ** 1000; // differences this small are exact and far from overflow once scaled up
  const s = bins / (span * up);
  return (v) => clamp((v - lo) * up * s);
}
