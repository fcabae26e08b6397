/**
 * PLACEHOLDER colormap for value-shaded cells, until the shared colormaps (src/shared/colormaps.ts,
 * landing from the `render` branch) are wired in at merge. Shading only needs this small
 * interface: a colour for t in [0, 1] and the colours of NaN, +Inf and −Inf. It is matplotlib's
 * 'gray' (entry i of 256 is rgb(i, i, i), picked as colormaps.ts colorIndex picks: floor(t·256),
 * t = 1 on the last entry) with the special colours colormaps.ts gives gray (NaN magenta,
 * +Inf red, −Inf blue), so the wiring changes which map, not what a cell of a known value shows.
 * At merge: `shadeMapOf(getColormap(name))` with colorFor(t) = colorAt(map, t).
 */

/** An opaque RGB colour, 0–255 per channel (src/shared/colormaps.ts Rgb). */
export type Rgb = readonly [number, number, number];

/** What shading needs of a colormap. */
export interface ShadeMap {
  /** The colour of t in [0, 1] (t < 0 and t > 1 take the ends). */
  colorFor(t: number): Rgb;
  /** Entries the map distinguishes (256 for matplotlib's sequential maps): shading caches one colour each. */
  readonly size: number;
  readonly nan: Rgb;
  readonly posinf: Rgb;
  readonly neginf: Rgb;
}

/** The entry for t as colormaps.ts colorIndex picks it. */
export function colorIndex(t: number, n: number): number {
  const i = Math.floor(t * n);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

export const GRAY_PLACEHOLDER: ShadeMap = {
  colorFor: (t) => {
    const v = colorIndex(t, 256);
    return [v, v, v];
  },
  size: 256,
  nan: [255, 0, 255],
  posinf: [255, 0, 0],
  neginf: [0, 0, 255],
};

/** CSS text of a colour ('rgb(68, 1, 84)'), as colormaps.ts cssColor writes it. */
export function cssColor(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * Whether dark text reads better than light text on a fill: WCAG relative luminance against
 * the contrast ratios with black and white (black wins above L ≈ 0.179).
 */
export function darkTextOn(c: Rgb): boolean {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05);
}
