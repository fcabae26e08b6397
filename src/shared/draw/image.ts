/**
 * Images, for both sides: which selection the viewer's Image view draws for the grid's slice, and
 * the one rule that turns image values into pixel bytes (`npyview render --rgb` and the viewer):
 *
 * - uint8 values are the bytes as they are (a block mean of a downsampled picture rounded);
 * - floats are clipped to [0, 1] and scaled by 255, truncated, computed in the dtype's own width
 *   as NumPy computes `(np.clip(x, 0, 1) * 255).astype(np.uint8)` (float16 and float32 products
 *   are rounded to their width before truncation); NaN is 0;
 * - three channels are RGB (opaque), four RGBA, one a gray level (R = G = B).
 *
 * Imports nothing outside src/shared: it is bundled into the webview and the CLI.
 */
import { FULL_SLICE, type AxisSel } from '../indexing/indexexpr';

/** How an image's values become bytes: uint8 as they are, floats by their width's arithmetic. */
export type PixelKind = 'uint8' | 'float16' | 'float32' | 'float64';

/** The pixel kind of a dtype (kind letter and item size), or undefined when it is no image dtype. */
export function pixelKind(kind: string, itemsize: number): PixelKind | undefined {
  if (kind === 'u' && itemsize === 1) return 'uint8';
  if (kind !== 'f') return undefined;
  return itemsize === 2 ? 'float16' : itemsize === 4 ? 'float32' : 'float64';
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/**
 * floor(x rounded to the nearest float16, ties to even) for 0 ≤ x < 256, where x = v·255 of a
 * float16 v (exact in float32: 11 + 8 significant bits): the float32 bits are rounded to float16's
 * 10 mantissa bits. Below 0.5 the rounded value stays below 1, so its floor is 0.
 */
function floorFloat16(x: number): number {
  if (x < 0.5) return 0;
  F32[0] = x;
  let b = U32[0];
  const rest = b & 0x1fff;
  b -= rest;
  if (rest > 0x1000 || (rest === 0x1000 && (b & 0x2000) !== 0)) b += 0x2000;
  U32[0] = b;
  return Math.floor(F32[0]);
}

/** One channel value as a byte under the rule above. */
export function channelByte(v: number, kind: PixelKind): number {
  if (kind === 'uint8') return v >= 255 ? 255 : v > 0 ? Math.round(v) : 0;
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  if (kind === 'float16') return floorFloat16(v * 255);
  return Math.floor(kind === 'float32' ? Math.fround(v * 255) : v * 255);
}

/**
 * Pixels `first` … `first + count − 1` of `values` (pixels × `channels` values, C order) as bytes
 * into `out` from 0, `outChannels` (3 or 4) per pixel: a missing alpha is 255, one channel is gray.
 */
export function pixelBytes(values: ArrayLike<number>, channels: number, kind: PixelKind,
  out: Uint8Array | Uint8ClampedArray, outChannels: number, first = 0, count = Math.floor(values.length / channels) - first): void {
  for (let p = 0; p < count; p++) {
    const src = (first + p) * channels, dst = p * outChannels;
    if (channels === 1) {
      const g = channelByte(values[src], kind);
      out[dst] = g; out[dst + 1] = g; out[dst + 2] = g;
      if (outChannels === 4) out[dst + 3] = 255;
      continue;
    }
    for (let c = 0; c < outChannels; c++) out[dst + c] = c < channels ? channelByte(values[src + c], kind) : 255;
  }
}

/** The H×W×C selection of an array that the Image view draws, and where its axes lie in the array. */
export interface ImageSelection {
  /** One selection per array axis: the image's three axes whole, every other axis an integer. */
  sels: AxisSel[];
  /** The array axes of the image's rows, columns and channels. */
  hAxis: number;
  wAxis: number;
  cAxis: number;
  /** 3 (RGB) or 4 (RGBA). */
  channels: number;
  height: number;
  width: number;
}

/**
 * The colour image for the grid's slice of an array of `shape` (`sels`: ViewInfo.axisSels): the
 * array's last three axes whole — H×W×C, or C×H×W with `channelsFirst` — where C is 3 or 4, every
 * other axis at the grid's index (0 where the grid runs along it). Undefined when the array has
 * no such channel axis (the Image view then draws the grid's 2-D slice in gray).
 */
export function imageSelection(shape: readonly number[], sels: readonly AxisSel[], channelsFirst: boolean): ImageSelection | undefined {
  const n = shape.length;
  if (n < 3 || sels.length !== n) return undefined;
  const [cAxis, hAxis, wAxis] = channelsFirst ? [n - 3, n - 2, n - 1] : [n - 1, n - 3, n - 2];
  const channels = shape[cAxis];
  if (channels !== 3 && channels !== 4) return undefined;
  const out: AxisSel[] = [];
  for (let a = 0; a < n; a++) {
    if (a >= n - 3) { out.push(FULL_SLICE); continue; }
    const s = sels[a];
    if (s.kind === 'int') out.push(s);
    else if (shape[a] > 0) out.push({ kind: 'int', index: 0 });
    else return undefined;
  }
  return { sels: out, hAxis, wAxis, cAxis, channels, height: shape[hAxis], width: shape[wAxis] };
}

/** The array index of image pixel (row, col), without the channel axis (as the readout shows it). */
export function pixelIndex(sel: ImageSelection, row: number, col: number): number[] {
  const out: number[] = [];
  sel.sels.forEach((s, a) => {
    if (a === sel.cAxis) return;
    out.push(a === sel.hAxis ? row : a === sel.wAxis ? col : s.kind === 'int' ? s.index : 0);
  });
  return out;
}
