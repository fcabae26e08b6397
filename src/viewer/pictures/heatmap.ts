/**
 * The heatmap request's answer (protocol HeatmapRequest): the engine's heatmapGrid over the
 * resolved, oriented view (rows down, columns across, as the grid shows it) at the canvas size the
 * webview asked for, its values as float64 bytes in base64 (NaN and ±Inf kept exactly). A slice
 * larger than the canvas is read strided or in blocks, never whole (src/npy/compute/heatmap.ts).
 * The schema (messages.ts) has checked the request's sizes. No `vscode` here.
 */
import type { HeatmapRequest, HeatmapResponse } from '../../shared/protocol';
import { heatmapGrid, type Grid } from '../../npy/compute/heatmap';
import { HOST_LITTLE } from '../../npy/compute/scan';
import { NpyError } from '../../npy/errors';
import type { GridView } from '../session';

/** The heatmap of a resolved view for a request (already schema-checked). */
export async function heatmapOf(gv: GridView, req: Pick<HeatmapRequest, 'maxWidth' | 'maxHeight' | 'region' | 'part'>): Promise<HeatmapResponse> {
  const { maxWidth, maxHeight } = req;
  if (gv.view.ndim !== 2) {
    throw new NpyError('usage', `a heatmap needs a 2-D slice; this one is ${gv.view.ndim}-D (shape ${JSON.stringify(gv.view.shape)}): choose two axes`);
  }
  const r = req.region;
  const grid = await heatmapGrid(gv.view, {
    maxWidth, maxHeight, region: r && { row: r.row0, col: r.col0, rows: r.rows, cols: r.cols }, part: req.part,
  });
  return {
    region: { row0: grid.region.row, rows: grid.region.rows, col0: grid.region.col, cols: grid.region.cols },
    rows: grid.rows,
    cols: grid.cols,
    factor: grid.factor,
    method: grid.method,
    values: encodeFloat64(grid.values),
  };
}

/** Values as little-endian float64 bytes in base64 (decodeFloat64 in the webview reads them back). */
export function encodeFloat64(values: Grid['values']): string {
  const f64 = values instanceof Float64Array ? values : Float64Array.from(values);
  const bytes = Buffer.from(f64.buffer, f64.byteOffset, f64.byteLength);
  if (!HOST_LITTLE) {
    const copy = Buffer.from(bytes);
    copy.swap64();
    return copy.toString('base64');
  }
  return bytes.toString('base64');
}
