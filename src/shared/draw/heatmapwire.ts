/**
 * The heatmap's values on the wire, the webview's side (the host's is
 * src/viewer/pictures/heatmapwire.ts). A reply carries float32 values when that draws the same
 * picture as float64, else float64 (protocol HeatmapResponse):
 *
 * - values float32 cannot hold within its relative precision (beyond its range, or below its
 *   normal range) and the cells holding the extents the automatic domain is made of (finite
 *   min/max, positive min/max) come exactly, as float64 overrides; every other value is clamped
 *   into the exact extents, so the automatic domain and the colours at its edges are float64's;
 * - a cell whose float32 value lies so near a colormap entry's edge that the float64 value might
 *   fall on the other side (ambiguousCells) has its exact value fetched from the host
 *   (HeatmapValuesRequest, by the reply's `grid` id) before its colour counts; so is a block's
 *   mean shown by the hover. Without `grid` every float32 value is exact.
 *
 * Pure: no DOM beyond atob (which Node has too).
 */
import { LIMITS, type HeatmapResponse } from '../protocol';
import { colorIndex } from './colormaps';
import type { Normalizer } from './scales';

/** The values of a picture as numbers, and which of them are known exactly (undefined: all). */
export interface GridValues {
  values: Float64Array;
  /** 1 where values[i] is the float64 value (only while some float32 value may be inexact). */
  exact?: Uint8Array;
  /** The reply's id for fetching exact values (HeatmapResponse.grid). */
  grid?: number;
}

/** Fetches the exact float64 values of cells of a grid (HeatmapValuesRequest). */
export type FetchExact = (grid: number, cells: number[]) => Promise<Float64Array>;

/** Cells one HeatmapValuesRequest asks for at most (protocol LIMITS.heatmapValues). */
export const EXACT_BATCH = LIMITS.heatmapValues;

/**
 * Bound on |float64 − float32| relative to |float32| for values in float32's normal range: half an
 * ulp is at most 2^-24 of the value; twice that leaves room for the bounds' own rounding.
 */
const REL = 2 ** -23;

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Base64 text as bytes (aligned to 8 bytes, so any typed array can view them). In VS Code the
 * host sends large fields as bytes instead (src/editor/panel.ts: postMessage carries them as
 * binary); those are copied to an aligned buffer.
 */
export function base64Bytes(b64: string | Uint8Array): Uint8Array {
  if (typeof b64 !== 'string') {
    const copy = new Uint8Array(new ArrayBuffer((b64.length + 7) & ~7), 0, b64.length);
    copy.set(b64);
    return copy;
  }
  const bin = atob(b64);
  const bytes = new Uint8Array(new ArrayBuffer((bin.length + 7) & ~7), 0, bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Little-endian float64 bytes in base64 as numbers. */
export function decodeFloat64(b64: string | Uint8Array): Float64Array {
  const bytes = base64Bytes(b64);
  const n = bytes.length >> 3;
  if (LITTLE) return new Float64Array(bytes.buffer, 0, n);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

function decodeFloat32(b64: string | Uint8Array): Float64Array {
  const bytes = base64Bytes(b64);
  const n = bytes.length >> 2;
  if (LITTLE) return Float64Array.from(new Float32Array(bytes.buffer, 0, n));
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

function decodeUint32(b64: string | Uint8Array): Uint32Array {
  const bytes = base64Bytes(b64);
  const n = bytes.length >> 2;
  if (LITTLE) return new Uint32Array(bytes.buffer, 0, n);
  const view = new DataView(bytes.buffer);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getUint32(4 * i, true);
  return out;
}

/** A reply's values as float64 numbers (see the file's comment). */
export function decodeGrid(resp: Pick<HeatmapResponse, 'values' | 'encoding' | 'overrides' | 'grid'>): GridValues {
  if (resp.encoding !== 'float32') return { values: decodeFloat64(resp.values) };
  const values = decodeFloat32(resp.values);
  if (resp.grid === undefined) return { values };
  const exact = new Uint8Array(values.length);
  let min = Infinity, max = -Infinity, pmin = Infinity, pmax = -Infinity;
  if (resp.overrides) {
    const cells = decodeUint32(resp.overrides.cells), exactValues = decodeFloat64(resp.overrides.values);
    for (let k = 0; k < cells.length && k < exactValues.length; k++) {
      const i = cells[k], v = exactValues[k];
      if (i >= values.length) continue;
      values[i] = v;
      exact[i] = 1;
      if (v - v !== 0) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < pmin) pmin = v;
      if (v > 0 && v > pmax) pmax = v;
    }
  }
  // The overrides hold the extents: every other value lies within them (float32 may round past).
  if (!(min <= max)) { min = -Infinity; max = Infinity; }
  if (!(pmin <= pmax)) { pmin = 0; pmax = Infinity; }
  for (let i = 0; i < values.length; i++) {
    if (exact[i]) continue;
    let v = values[i];
    if (v - v !== 0) { exact[i] = 1; continue; }
    if (v < min) v = min;
    else if (v > max) v = max;
    if (v > 0) v = v < pmin ? pmin : v > pmax ? pmax : v;
    values[i] = v;
  }
  return { values, exact, grid: resp.grid };
}

/**
 * The cells not known exactly whose colour the float32 rounding might change under `norm` and a
 * map of `size` entries: the entries of the two ends of the value's rounding interval differ.
 */
export function ambiguousCells(g: GridValues, norm: Normalizer | undefined, size: number): number[] {
  const out: number[] = [];
  const { values, exact } = g;
  if (!exact || !norm) return out;
  for (let i = 0; i < values.length; i++) {
    if (exact[i]) continue;
    const v = values[i], d = Math.abs(v) * REL;
    const a = colorIndex(norm(v - d), size), b = colorIndex(norm(v + d), size);
    // NaN: a value outside the scale (≤ 0 under log) on both ends is not near an edge.
    if (a !== b && (a === a || b === b)) out.push(i);
  }
  return out;
}

/** Fetches the exact values of `cells` and puts them in the grid; true when any value changed. */
export async function fetchExact(g: GridValues, cells: readonly number[], fetch: FetchExact): Promise<boolean> {
  if (!g.exact || g.grid === undefined || cells.length === 0) return false;
  let changed = false;
  for (let k = 0; k < cells.length; k += EXACT_BATCH) {
    const batch = cells.slice(k, k + EXACT_BATCH);
    const got = await fetch(g.grid, batch);
    batch.forEach((i, j) => {
      if (j >= got.length) return;
      if (!Object.is(g.values[i], got[j])) changed = true;
      g.values[i] = got[j];
      g.exact![i] = 1;
    });
  }
  return changed;
}

/** The exact value of cell i (fetched when only its float32 rounding is at hand). */
export async function exactValue(g: GridValues, i: number, fetch: FetchExact | undefined): Promise<number> {
  if (g.exact && !g.exact[i] && fetch) await fetchExact(g, [i], fetch);
  return g.values[i];
}

/**
 * Makes the colours under `norm` float64's: fetches the ambiguous cells' exact values; true when
 * a value changed (the picture is coloured again). Cells whose fetch failed keep their float32
 * rounding (marked known, so they are not asked for again).
 */
export async function settleColours(g: GridValues, norm: Normalizer | undefined, size: number, fetch: FetchExact | undefined): Promise<boolean> {
  const cells = ambiguousCells(g, norm, size);
  if (cells.length === 0 || !fetch) return false;
  try {
    return await fetchExact(g, cells, fetch);
  } catch {
    for (const i of cells) g.exact![i] = 1;
    return false;
  }
}
