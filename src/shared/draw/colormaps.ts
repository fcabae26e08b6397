/**
 * Colormaps shared by the CLI (`npyview render`) and the webview (heatmap, value-shaded cells):
 * matplotlib's own lookup tables (src/shared/colormapdata.ts, generated from matplotlib by
 * test/tools/make-colormaps.py), looked up the way matplotlib looks them up, plus colours of their
 * own for NaN, +Inf and −Inf. Pure and dependency-free: bundled into both sides.
 *
 * A value is drawn in two steps: a scale (src/shared/draw/scales.ts) turns it into t in [0, 1] over the
 * domain, then `colorIndex(t, n)` picks an entry like matplotlib's Colormap.__call__ on a float:
 * floor(t·N), with t = 1 landing on the last entry. For the same t, the colour is the one
 * matplotlib (and plt.imsave) would draw.
 */
import { COLORMAP_TABLES } from './colormapdata';

/** What a colormap is for: how the webview groups them. */
export type ColormapKind = 'sequential' | 'diverging' | 'cyclic';

/** An opaque RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

export interface Colormap {
  /** matplotlib's name (without `_r`). */
  readonly name: string;
  readonly kind: ColormapKind;
  /** True for the inverted map (matplotlib's NAME_r). */
  readonly reversed: boolean;
  /** Entries (matplotlib's cmap.N: 256, or 510 for the twilight maps). */
  readonly size: number;
  /** size × 3 bytes, RGB of entry i at 3i. */
  readonly table: Uint8Array;
  /** Colours of the special values, distinct from every entry of the table and from each other. */
  readonly nan: Rgb;
  readonly posinf: Rgb;
  readonly neginf: Rgb;
}

interface MapInfo { kind: ColormapKind; nan: Rgb; posinf: Rgb; neginf: Rgb }

const MAGENTA: Rgb = [255, 0, 255];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const BLUE: Rgb = [0, 0, 255];
const RED: Rgb = [255, 0, 0];
const CYAN: Rgb = [0, 255, 255];
const GREEN: Rgb = [0, 255, 0];
const GRAY: Rgb = [128, 128, 128];

/**
 * The special colours. The rule is NaN magenta, +Inf white, −Inf black; where a map holds (or
 * comes close to) one of those, another saturated colour takes its place. The unit test checks
 * that each is at least 56 (Euclidean RGB distance) away from every entry of its map.
 */
const INFO: Readonly<Record<string, MapInfo>> = {
  viridis: { kind: 'sequential', nan: MAGENTA, posinf: WHITE, neginf: BLACK },
  plasma: { kind: 'sequential', nan: MAGENTA, posinf: WHITE, neginf: BLACK },
  inferno: { kind: 'sequential', nan: MAGENTA, posinf: WHITE, neginf: BLUE },
  magma: { kind: 'sequential', nan: GREEN, posinf: CYAN, neginf: BLUE },
  cividis: { kind: 'sequential', nan: MAGENTA, posinf: WHITE, neginf: BLACK },
  gray: { kind: 'sequential', nan: MAGENTA, posinf: RED, neginf: BLUE },
  hot: { kind: 'sequential', nan: MAGENTA, posinf: CYAN, neginf: BLUE },
  turbo: { kind: 'sequential', nan: MAGENTA, posinf: WHITE, neginf: BLACK },
  jet: { kind: 'sequential', nan: MAGENTA, posinf: WHITE, neginf: BLACK },
  RdBu: { kind: 'diverging', nan: MAGENTA, posinf: GREEN, neginf: BLACK },
  coolwarm: { kind: 'diverging', nan: MAGENTA, posinf: GREEN, neginf: BLACK },
  twilight: { kind: 'cyclic', nan: MAGENTA, posinf: GREEN, neginf: BLACK },
  twilight_shifted: { kind: 'cyclic', nan: MAGENTA, posinf: GREEN, neginf: BLACK },
  hsv: { kind: 'cyclic', nan: GRAY, posinf: WHITE, neginf: BLACK },
};

/** Every colormap name, in the order a picker lists them (sequential, diverging, cyclic). */
export const COLORMAP_NAMES: readonly string[] = Object.keys(INFO);

/** The default colormap of a heatmap. */
export const DEFAULT_COLORMAP = 'viridis';

function parseHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

function backwards(table: Uint8Array): Uint8Array {
  const n = table.length / 3;
  const out = new Uint8Array(table.length);
  for (let i = 0; i < n; i++) out.set(table.subarray(3 * (n - 1 - i), 3 * (n - i)), 3 * i);
  return out;
}

const cache = new Map<string, Colormap>();

/**
 * The colormap called `name` (matplotlib's spelling; a trailing `_r`, like matplotlib, or
 * `reversed` inverts it), or undefined for an unknown name.
 */
export function findColormap(name: string, reversed = false): Colormap | undefined {
  const known = (k: string): boolean => Object.prototype.hasOwnProperty.call(INFO, k);
  let base = name;
  if (!known(base) && base.endsWith('_r')) {
    base = base.slice(0, -2);
    reversed = !reversed;
  }
  if (!known(base)) return undefined;
  const info = INFO[base];
  const key = `${base}${reversed ? '_r' : ''}`;
  let map = cache.get(key);
  if (!map) {
    const data = COLORMAP_TABLES[base];
    const table = !reversed ? parseHex(data.rgb) : data.reversed ? parseHex(data.reversed) : backwards(parseHex(data.rgb));
    map = { name: base, kind: info.kind, reversed, size: table.length / 3, table, nan: info.nan, posinf: info.posinf, neginf: info.neginf };
    cache.set(key, map);
  }
  return map;
}

/** Like findColormap, but an unknown name is an error naming the known ones. */
export function getColormap(name: string, reversed = false): Colormap {
  const map = findColormap(name, reversed);
  if (!map) throw new Error(`unknown colormap '${name}' (known: ${COLORMAP_NAMES.join(', ')}; add _r to invert)`);
  return map;
}

/**
 * The entry for t in [0, 1], as matplotlib picks it: floor(t·n), t = 1 on the last entry, and
 * (matplotlib's under/over defaults) t < 0 on the first and t > 1 on the last. NaN is not an entry:
 * callers draw it with the map's `nan` colour.
 */
export function colorIndex(t: number, n: number): number {
  const i = Math.floor(t * n);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** The colour of t (NaN → the map's NaN colour). */
export function colorAt(map: Colormap, t: number): Rgb {
  if (Number.isNaN(t)) return map.nan;
  const i = 3 * colorIndex(t, map.size);
  return [map.table[i], map.table[i + 1], map.table[i + 2]];
}

/** Index of the special colours in `paletteOf`: after the map's entries. */
export const PALETTE_NAN = 0;
export const PALETTE_POSINF = 1;
export const PALETTE_NEGINF = 2;

/**
 * The map's entries followed by its NaN, +Inf and −Inf colours, as one RGB table of size + 3
 * entries: a drawing loop can then turn every value into one index (entry `size + PALETTE_NAN`
 * for NaN, and so on) and an indexed PNG or a canvas can share the table.
 */
export function paletteOf(map: Colormap): Uint8Array {
  const out = new Uint8Array((map.size + 3) * 3);
  out.set(map.table);
  out.set(map.nan, 3 * (map.size + PALETTE_NAN));
  out.set(map.posinf, 3 * (map.size + PALETTE_POSINF));
  out.set(map.neginf, 3 * (map.size + PALETTE_NEGINF));
  return out;
}

/** CSS text of a colour, e.g. for the webview's cells and colorbar ('rgb(68, 1, 84)'). */
export function cssColor(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
