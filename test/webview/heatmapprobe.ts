/**
 * What the webview tests read of the heatmap in the page (functions run there through
 * page.evaluate, so each is self-contained): its canvas and cells, its viewport, its pixels.
 */
declare const document: any;

/** The heatmap's canvas: its cells, where it is, the badge and the readout (undefined while not drawn). */
export interface CanvasInfo { rows: number; cols: number; cell: number; x: number; y: number; badge: string; readout: string; hidden: boolean }

export const canvasInfo = (): CanvasInfo | undefined => {
  const c = document.querySelector('.heatmap-canvas');
  if (!c || !c.dataset.rows || c.closest('[hidden]') || c.closest('.heatmap.loading')) return undefined;
  const r = c.getBoundingClientRect();
  return {
    rows: Number(c.dataset.rows), cols: Number(c.dataset.cols), cell: Number(c.dataset.cell), x: r.left, y: r.top,
    badge: document.querySelector('.heatmap-downsampled').textContent, readout: document.querySelector('.heatmap-readout').textContent,
    hidden: !!c.closest('[hidden]'),
  };
};

/** The heatmap's viewport (zoom scale, origin, detail) and where the canvas is (undefined while hidden). */
export interface Vp { scale: number; x0: number; y0: number; detail: string; badge: string; left: number; top: number; loading: boolean }

export const viewportInfo = (): Vp | undefined => {
  const c = document.querySelector('.heatmap-canvas');
  if (!c || !c.dataset.scale || c.closest('[hidden]')) return undefined;
  const r = c.getBoundingClientRect();
  return {
    scale: Number(c.dataset.scale), x0: Number(c.dataset.x0), y0: Number(c.dataset.y0), detail: c.dataset.detail,
    badge: document.querySelector('.heatmap-downsampled').textContent, left: r.left, top: r.top,
    loading: !!c.closest('.heatmap.loading, .heatmap.zooming'),
  };
};

/** RGBA of canvas pixels at CSS points (device pixel ratio 1 in the harness). */
export const pixels = (points: [number, number][]): number[][] => {
  const c = document.querySelector('.heatmap-canvas');
  const ctx = c.getContext('2d');
  return points.map(([x, y]) => Array.from(ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data as number[]));
};
