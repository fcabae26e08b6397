/**
 * The comparison grid's heatmap view: |A − B| of the current slice (downsampled on the host to
 * block maxima, or strided over its read budget: src/viewer/compare/pages.ts diffHeatmap), painted with the heatmap's own
 * drawing (src/shared/draw: automatic domain, linear scale, viridis, NaN / Inf colours) on a
 * canvas scaled to fit, with a legend of the domain and the downsampling factor.
 */
import type { CompareHeatmap } from '../../src/shared/compare';
import { DEFAULT_COLORMAP, getColormap } from '../../src/shared/draw/colormaps';
import { paintRgba } from '../../src/shared/draw/paint';
import { autoDomain, makeNormalizer } from '../../src/shared/draw/scales';
import { compactNumber } from '../../src/shared/draw/ticks';
import { el } from '../dom';
import { decodeFloat64 } from '../pictures/colorbar';

/** The canvas box the picture is fitted into (CSS pixels), and the most cells asked for. */
const BOX_WIDTH = 800;
const BOX_HEIGHT = 480;

export class DiffHeatmapView {
  readonly element = el('div', 'diff-heatmap');
  private readonly canvas = el('canvas', 'diff-heatmap-canvas');
  private readonly legend = el('div', 'diff-heatmap-legend');
  /** The picture last drawn (the tests' probe). */
  last?: { rows: number; cols: number; factor: number; values: Float64Array };

  constructor() {
    this.canvas.setAttribute('role', 'img');
    this.element.append(this.canvas, this.legend);
  }

  /** The cells to ask for: the box in device pixels at most. */
  size(): { maxWidth: number; maxHeight: number } {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    return { maxWidth: Math.round(BOX_WIDTH * dpr), maxHeight: Math.round(BOX_HEIGHT * dpr) };
  }

  draw(map: CompareHeatmap, label: string, downsampled: string): void {
    const values = decodeFloat64(map.values);
    this.last = { rows: map.rows, cols: map.cols, factor: map.factor, values };
    this.canvas.width = Math.max(1, map.cols);
    this.canvas.height = Math.max(1, map.rows);
    // Square cells, scaled up (pixelated) or down to the box.
    const scale = Math.min(BOX_WIDTH / Math.max(1, map.cols), BOX_HEIGHT / Math.max(1, map.rows));
    this.canvas.style.width = `${Math.max(1, Math.round(map.cols * scale))}px`;
    this.canvas.style.height = `${Math.max(1, Math.round(map.rows * scale))}px`;
    this.canvas.setAttribute('aria-label', label);
    const domain = autoDomain(values, 'linear');
    const norm = domain ? makeNormalizer({ kind: 'linear', low: domain.low, high: domain.high }) : undefined;
    const ctx = this.canvas.getContext('2d');
    if (ctx && values.length > 0) {
      const img = ctx.createImageData(map.cols, map.rows);
      paintRgba(values, norm, getColormap(DEFAULT_COLORMAP), img.data);
      ctx.putImageData(img, 0, 0);
    }
    const range = domain ? `${compactNumber(domain.low)} … ${map.maxText || compactNumber(domain.high)}` : '';
    this.legend.textContent = [label, range, map.factor > 1 ? downsampled : ''].filter((x) => x).join(' · ');
  }

  clear(): void {
    this.last = undefined;
    this.legend.textContent = '';
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }
}
