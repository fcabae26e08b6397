/**
 * Values → colours, the one loop both the CLI's PNG and the webview's canvas use: each value goes
 * through a scale (scales.ts) and a colormap (colormaps.ts) to an index into the map's palette
 * (`paletteOf`: the map's entries, then its NaN, +Inf and −Inf colours). Pure: bundled into both
 * sides.
 *
 * How a picture is drawn (the CLI does this in src/cli/render.ts; the webview does the same):
 *   1. the host computes the cells with the engine: heatmapGrid(view, {maxWidth, maxHeight,
 *      region?}) (src/npy/compute/heatmap.ts) → rows × cols values, factor k, method;
 *   2. domain: autoDomain(values, scale, 'minmax' | 'robust') or the user's low/high
 *      (domainError() says why one cannot be used);
 *   3. norm = makeNormalizer({kind, low, high, linthresh}); map = getColormap(name, reversed);
 *   4. paintRgba(values, norm, map, imageData.data) (or paletteIndices + paletteOf for a PNG);
 *   5. colorbar: scaleTicks(spec) gives values, positions t and labels; colorAt(map, t) a colour.
 * Line plots use lineEnvelope (src/npy/compute/envelope.ts), histograms histogramView /
 * histogramOf (src/npy/compute/histogram.ts), both on the host.
 */
import { colorIndex, PALETTE_NAN, PALETTE_NEGINF, PALETTE_POSINF, paletteOf, type Colormap } from './colormaps';
import type { Normalizer } from './scales';

/**
 * out[i] = the palette index of values[i]: colorIndex(norm(v), size) for finite values, size +
 * PALETTE_NAN / PALETTE_POSINF / PALETTE_NEGINF for the special ones. A `norm` of undefined (no
 * finite value to make a domain from) leaves only special values to draw; finite ones then take
 * the map's first entry.
 */
export function paletteIndices(values: ArrayLike<number>, norm: Normalizer | undefined, size: number,
  out: Uint16Array | Uint8Array, at = 0): void {
  const nan = size + PALETTE_NAN, pos = size + PALETTE_POSINF, neg = size + PALETTE_NEGINF;
  const n = values.length;
  if (norm && norm.spec.kind === 'linear' && norm.spec.low < norm.spec.high && Number.isFinite(norm.spec.high - norm.spec.low)) {
    // The common case without a call per value: the same arithmetic as the normaliser.
    const { low, high } = norm.spec;
    const span = high - low;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v === 0) {
        const t = (v - low) / span;
        out[at + i] = t <= 0 ? 0 : t >= 1 ? size - 1 : colorIndex(t, size);
      } else out[at + i] = v !== v ? nan : v > 0 ? pos : neg;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v === 0) out[at + i] = norm ? colorIndex(norm(v), size) : 0;
    else out[at + i] = v !== v ? nan : v > 0 ? pos : neg;
  }
}

/**
 * RGBA pixels (canvas ImageData order) of values under a scale and colormap; alpha 255.
 * `out` holds 4 bytes per value.
 */
export function paintRgba(values: ArrayLike<number>, norm: Normalizer | undefined, map: Colormap,
  out: Uint8ClampedArray | Uint8Array): void {
  const pal = paletteOf(map);
  const idx = new Uint16Array(values.length);
  paletteIndices(values, norm, map.size, idx);
  for (let i = 0; i < idx.length; i++) {
    const p = 3 * idx[i], o = 4 * i;
    out[o] = pal[p]; out[o + 1] = pal[p + 1]; out[o + 2] = pal[p + 2]; out[o + 3] = 255;
  }
}
