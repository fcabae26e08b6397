/**
 * The heatmap request's answer (protocol HeatmapRequest): the engine's heatmapGrid over the
 * resolved, oriented view (rows down, columns across, as the grid shows it) at the canvas size the
 * webview asked for, its values in base64 as heatmapwire.ts encodes them (float32 where that draws
 * the same picture, exact values kept in the session's GridStore; NaN and ±Inf kept exactly). A slice
 * larger than the canvas is read strided or in blocks, never whole (src/npy/compute/heatmap.ts).
 * The schema (messages.ts) has checked the request's sizes. No `vscode` here.
 */
import type { HeatmapRequest, HeatmapResponse } from '../../shared/protocol';
import { imageSelection, pixelKind } from '../../shared/draw/image';
import { shapeText } from '../../shared/format';
import type { ArrayView } from '../../npy/format/array';
import { dtypeName } from '../../npy/format/dtype';
import { heatmapGrid, type Grid } from '../../npy/compute/heatmap';
import { NpyError } from '../../npy/errors';
import type { GridView } from '../session';
import { encodeGrid, type GridStore } from './heatmapwire';

export { encodeFloat64 } from './heatmapwire';

type GridRequest = Pick<HeatmapRequest, 'maxWidth' | 'maxHeight' | 'region' | 'part'>;

/** The heatmap of a resolved view for a request (already schema-checked). */
export async function heatmapOf(gv: GridView, req: GridRequest & Pick<HeatmapRequest, 'image'>, store?: GridStore): Promise<HeatmapResponse> {
  if (req.image) return imageOf(gv, req, req.image === 'first');
  if (gv.view.ndim !== 2) {
    throw new NpyError('usage', `a heatmap needs a 2-D slice; this one is ${gv.view.ndim}-D (shape ${JSON.stringify(gv.view.shape)}): choose two axes`);
  }
  return responseOf(await gridOf(gv.view, req), store);
}

/**
 * The Image view's picture: the H×W×C (or C×H×W) image around the grid's slice when the array
 * has one (imageSelection), its values per pixel, channels last; else the 2-D slice in one
 * channel (gray). A colour image is uint8 or float, as `npyview render --rgb` draws.
 */
async function imageOf(gv: GridView, req: GridRequest, channelsFirst: boolean): Promise<HeatmapResponse> {
  const sel = imageSelection(gv.array.shape, gv.info.axisSels, channelsFirst);
  const dt = gv.array.dtype;
  if (!sel) {
    if (gv.view.ndim !== 2) {
      throw new NpyError('usage', `an image needs an H×W×3 or H×W×4 array (C×H×W with Channels first) or a 2-D slice for gray; ` +
        `the array's shape is ${shapeText(gv.array.shape)} and this slice is ${gv.view.ndim}-D: choose two axes`);
    }
    // uint8 gray levels are the bytes; other values are drawn over their domain (no `pixels`).
    const bytes = pixelKind(dt.kind, dt.itemsize) === 'uint8';
    return { ...responseOf(await gridOf(gv.view, req)), channels: 1, ...(bytes ? { pixels: 'uint8' as const } : {}) };
  }
  const kind = pixelKind(dt.kind, dt.itemsize);
  if (!kind) throw new NpyError('unsupported', `a colour image is drawn from uint8 values or floats in [0, 1], not ${dtypeName(dt)}`);
  const indexed = gv.array.view().index(sel.sels);
  const view = channelsFirst ? indexed.transpose([1, 2, 0]) : indexed;
  return { ...responseOf(await gridOf(view, req)), channels: sel.channels, pixels: kind };
}

function gridOf(view: ArrayView, req: GridRequest): Promise<Grid> {
  const r = req.region;
  return heatmapGrid(view, {
    maxWidth: req.maxWidth, maxHeight: req.maxHeight, region: r && { row: r.row0, col: r.col0, rows: r.rows, cols: r.cols }, part: req.part,
  });
}

/** Without a store (the Image view), values float32 cannot hold exactly go as float64. */
function responseOf(grid: Grid, store?: GridStore): HeatmapResponse {
  return {
    region: { row0: grid.region.row, rows: grid.region.rows, col0: grid.region.col, cols: grid.region.cols },
    rows: grid.rows,
    cols: grid.cols,
    factor: grid.factor,
    method: grid.method,
    ...encodeGrid(grid.values, store),
  };
}
