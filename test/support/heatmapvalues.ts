/**
 * A heatmap reply's values as the webview ends up with them when it needs every one exactly:
 * decoded (src/shared/draw/heatmapwire.ts), then the values float32 rounded fetched from the
 * host with heatmapValues requests. Tests compare these with the engine's and NumPy's values.
 */
import { decodeFloat64, decodeGrid, fetchExact } from '../../src/shared/draw/heatmapwire';
import type { HeatmapResponse, HeatmapValuesRequest, HeatmapValuesResponse } from '../../src/shared/protocol';

/** Sends a heatmapValues request to the host under test and returns its reply. */
export type AskValues = (req: HeatmapValuesRequest) => Promise<HeatmapValuesResponse>;

export async function exactValues(resp: HeatmapResponse, ask: AskValues): Promise<Float64Array> {
  const g = decodeGrid(resp);
  if (g.exact) {
    const cells: number[] = [];
    g.exact.forEach((known, i) => { if (!known) cells.push(i); });
    await fetchExact(g, cells, async (grid, batch) => decodeFloat64((await ask({ type: 'heatmapValues', grid, cells: batch })).values));
  }
  return g.values;
}
