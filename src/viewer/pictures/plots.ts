/**
 * The host side of the line plot, the histogram and the picture export (protocol 'envelope',
 * 'histogram', 'savePng'): the engine's lineEnvelope over the 1-D view or over rows / columns of
 * the 2-D view, its histogramView of the view (np.histogram's bins and counts), the robust
 * domain of shaded cells ('robustDomain': percentilesView's 1st/99th), and the check of
 * a PNG the webview sends before anything writes it. The schema (messages.ts) has checked the
 * requests' sizes. No `vscode` here.
 */
import type { ArrayView } from '../../npy/format/array';
import { NpyError } from '../../npy/errors';
import { lineEnvelope } from '../../npy/compute/envelope';
import { histogramView } from '../../npy/compute/histogram';
import { percentilesView } from '../../npy/compute/quantile';
import type { ScanOptions } from '../../npy/compute/scan';
import { FULL_SLICE } from '../../shared/indexing/indexexpr';
import { LIMITS, type EnvelopeRequest, type EnvelopeResponse, type HistogramRequest, type HistogramResponse, type RobustDomainResponse } from '../../shared/protocol';
import { encodeFloat64 } from './heatmap';
import type { StatsFigures } from '../../shared/stats';
import type { GridView } from '../session';

/** The 1-D views a line request draws (the view itself, or some of its rows or columns). */
function lineViews(gv: GridView, req: Pick<EnvelopeRequest, 'lines'>): { index?: number; view: ArrayView }[] {
  const v = gv.view;
  if (v.ndim === 1) {
    if (req.lines) throw new NpyError('usage', 'this slice is 1-D: it is one line, with no rows or columns to choose');
    return [{ view: v }];
  }
  if (v.ndim !== 2) {
    throw new NpyError('usage', `a line plot needs a 1-D or 2-D slice; this one is ${v.ndim}-D (shape ${JSON.stringify(v.shape)})`);
  }
  const lines = req.lines ?? { axis: 'row' as const, indices: [0] };
  const axis = lines.axis === 'row' ? 0 : 1;
  const n = v.shape[axis];
  return lines.indices.map((index) => {
    if (index >= n) throw new NpyError('index', `${lines.axis === 'row' ? 'row' : 'column'} ${index} is out of range: the slice has ${n}`);
    return { index, view: v.index(axis === 0 ? [{ kind: 'int', index }, FULL_SLICE] : [FULL_SLICE, { kind: 'int', index }]) };
  });
}

/** Envelopes of the lines a request names, over its range of points. */
export async function envelopeOf(gv: GridView, req: Omit<EnvelopeRequest, 'type' | 'view'>, opts: ScanOptions = {}): Promise<EnvelopeResponse> {
  const views = lineViews(gv, req);
  const size = views[0].view.shape[0];
  const start = Math.min(req.start ?? 0, size), stop = Math.min(Math.max(start, req.stop ?? size), size);
  const out: EnvelopeResponse = { size, start, stop, columns: Math.min(req.columns, stop - start), lines: [] };
  for (const { index, view } of views) {
    const env = await lineEnvelope(view, { ...opts, columns: req.columns, start, stop, part: req.part });
    out.lines.push({
      ...(index === undefined ? {} : { index }),
      min: encodeFloat64(env.min), max: encodeFloat64(env.max), first: encodeFloat64(env.first), last: encodeFloat64(env.last),
    });
  }
  return out;
}

/**
 * The histogram of the view, or of its whole array or member (scope 'array'), automatic bins
 * unless asked, in the protocol's shape. `known`: the statistics of that target when cached (their
 * finite min/max and count stand for the first pass, as np.histogram's range=None takes them).
 */
export async function histogramOfView(gv: GridView, req: Pick<HistogramRequest, 'bins' | 'scope' | 'part'>, opts: ScanOptions = {},
  known?: StatsFigures): Promise<HistogramResponse> {
  const view = req.scope === 'array' ? gv.array.view() : gv.view;
  // Statistics are of real values: a complex array's part has none cached.
  const extent = known && view.dtype.kind !== 'c' && (known.finite === 0 ? { min: Infinity, max: -Infinity, finite: 0 }
    : known.minNumber !== null && known.maxNumber !== null ? { min: known.minNumber, max: known.maxNumber, finite: known.finite } : undefined);
  const h = await histogramView(view, { ...opts, bins: req.bins ?? 'auto', part: req.part, ...(extent ? { extent } : {}) });
  return { edges: Array.from(h.edges), counts: Array.from(h.counts), nan: h.nan, posinf: h.posinf, neginf: h.neginf, size: view.size };
}

/**
 * The 1st and 99th percentiles of the view's finite values (the robust domain of shaded cells);
 * its finite min/max when those two are equal (as the webview's on-screen estimate does).
 */
export async function robustDomainOf(gv: GridView, opts: ScanOptions = {}): Promise<RobustDomainResponse> {
  const p = await percentilesView(gv.view, [0, 1, 99, 100], opts);
  const [min, low, high, max] = p.values;
  const robust = low !== null && high !== null && low < high;
  return { low: robust ? low : min, high: robust ? high : max, exact: p.exact };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The bytes of a PNG sent as base64, checked: base64 text only, at most LIMITS.pngBytes, starting
 * with the PNG signature and an IHDR chunk. Anything else is refused with a message.
 */
export function decodePng(b64: string): Uint8Array {
  if (b64.length > Math.ceil(LIMITS.pngBytes / 3) * 4) throw new NpyError('usage', `the picture is larger than ${LIMITS.pngBytes} bytes`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new NpyError('usage', 'the picture is not base64 text');
  const bytes = Buffer.from(b64, 'base64');
  const ok = bytes.length >= 33 && PNG_SIGNATURE.every((b, i) => bytes[i] === b) && bytes.toString('latin1', 12, 16) === 'IHDR';
  if (!ok) throw new NpyError('usage', 'the picture is not a PNG file');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
