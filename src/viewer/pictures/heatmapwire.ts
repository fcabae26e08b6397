/**
 * The heatmap's values on the wire, the host's side (the webview's is
 * src/shared/draw/heatmapwire.ts, which says how they are drawn): float32 when every value is
 * exactly a float32 (uint8, int16, float16 and float32 data, or float64 data that happen to be),
 * else float32 with the few values float32 cannot hold and the extents' cells as exact float64
 * overrides, and the float64 grid kept in the session's GridStore for exact values asked for later
 * (HeatmapValuesRequest); plain float64 when float32 is too coarse for the grid (its finite values
 * span less than 2^-10 of their magnitude, or more than an eighth of them need overrides) or the
 * caller keeps no store (the Image view). Half the bytes or less, the same picture. No `vscode`.
 */
import type { Envelope, HeatmapResponse, HeatmapValuesRequest, HeatmapValuesResponse } from '../../shared/protocol';
import { HOST_LITTLE } from '../../npy/compute/scan';
import { NpyError } from '../../npy/errors';

type WireValues = Pick<HeatmapResponse, 'values' | 'encoding' | 'overrides' | 'grid'>;

/** Least positive normal float32: below it float32 loses relative precision. */
const F32_MIN_NORMAL = 2 ** -126;
/** Float64 grids a session keeps for exact values (bytes); the newest two are kept whatever their size. */
const STORE_BYTES = 64 * 2 ** 20;
const STORE_KEEP = 2;

/** The float64 grids of a session's latest float32 replies, by id. */
export class GridStore {
  private next = 1;
  private bytes = 0;
  private readonly grids = new Map<number, Float64Array>();

  put(values: Float64Array): number {
    const id = this.next++;
    this.grids.set(id, values);
    this.bytes += values.byteLength;
    for (const [old, g] of this.grids) {
      if (this.bytes <= STORE_BYTES || this.grids.size <= STORE_KEEP) break;
      this.grids.delete(old);
      this.bytes -= g.byteLength;
    }
    return id;
  }

  /** The exact values of cells of grid `req.grid` (schema-checked: at most LIMITS.heatmapValues). */
  values(req: Pick<HeatmapValuesRequest, 'grid' | 'cells'>): HeatmapValuesResponse {
    const g = this.grids.get(req.grid);
    if (!g) throw new NpyError('usage', 'this picture is no longer held by the viewer; it is drawn again when the view changes');
    const out = new Float64Array(req.cells.length);
    req.cells.forEach((i, k) => {
      if (i >= g.length) throw new NpyError('usage', `cell ${i} is outside the picture's ${g.length} cells`);
      out[k] = g[i];
    });
    return { values: bytesBase64(out, 8) };
  }
}

const stores = new WeakMap<object, GridStore>();

/** The GridStore of a session (any object standing for one viewer). */
export function gridStoreOf(session: object): GridStore {
  let s = stores.get(session);
  if (!s) stores.set(session, (s = new GridStore()));
  return s;
}

/** A grid's values for the wire (see the file's comment). */
export function encodeGrid(values: ArrayLike<number>, store?: GridStore): WireValues {
  const f64 = values instanceof Float64Array ? values : Float64Array.from(values);
  const n = f64.length;
  const f32 = new Float32Array(n);
  const over: number[] = [];
  let inexact = 0;
  let min = Infinity, max = -Infinity, pmin = Infinity, pmax = -Infinity;
  let iMin = -1, iMax = -1, iPmin = -1, iPmax = -1;
  for (let i = 0; i < n; i++) {
    const v = f64[i], f = Math.fround(v);
    f32[i] = f;
    if (v !== f && v === v) {
      inexact++;
      if (!(Math.abs(f) >= F32_MIN_NORMAL && Math.abs(f) < Infinity)) over.push(i);
    }
    if (v - v !== 0) continue;
    if (v < min) { min = v; iMin = i; }
    if (v > max) { max = v; iMax = i; }
    if (v > 0 && v < pmin) { pmin = v; iPmin = i; }
    if (v > 0 && v > pmax) { pmax = v; iPmax = i; }
  }
  if (inexact === 0) return { values: bytesBase64(f32, 4), encoding: 'float32' };
  const coarse = iMin >= 0 && max - min < Math.max(Math.abs(min), Math.abs(max)) * 2 ** -10;
  if (!store || coarse || over.length > n / 8) return { values: bytesBase64(f64, 8) };
  const cells = [...new Set([...over, iMin, iMax, iPmin, iPmax].filter((i) => i >= 0))];
  return {
    values: bytesBase64(f32, 4),
    encoding: 'float32',
    overrides: { cells: bytesBase64(Uint32Array.from(cells), 4), values: bytesBase64(Float64Array.from(cells, (i) => f64[i]), 8) },
    grid: store.put(f64),
  };
}

/** A typed array's elements as little-endian bytes in base64. */
function bytesBase64(a: Float64Array | Float32Array | Uint32Array, size: 4 | 8): string {
  const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (HOST_LITTLE) return bytes.toString('base64');
  const copy = Buffer.from(bytes);
  if (size === 8) copy.swap64(); else copy.swap32();
  return copy.toString('base64');
}

/** Values as little-endian float64 bytes in base64 (the line plot's envelopes). */
export function encodeFloat64(values: ArrayLike<number>): string {
  return bytesBase64(values instanceof Float64Array ? values : Float64Array.from(values), 8);
}

/** Base64 `values` of a reply at least this long go as bytes. */
export const BINARY_FROM = 64 * 1024;

/**
 * A reply whose `values` (a heatmap's numbers or exact values, base64) are large, with them as
 * bytes: VS Code's postMessage carries an Uint8Array as binary, not as JSON text a third larger
 * (the webview's base64Bytes takes either).
 */
export function binaryValues(env: Envelope<unknown>): Envelope<unknown> {
  const body = env.body as { values?: unknown } | undefined;
  if (env.inReplyTo === undefined || !body || typeof body.values !== 'string' || body.values.length < BINARY_FROM) return env;
  const bytes = Buffer.from(body.values, 'base64');
  return { ...env, body: { ...body, values: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) } };
}
