/**
 * The chrome shared by the line plot and the histogram: a canvas sized to its box (device pixels),
 * a plot area inside margins for the tick labels, axes with ticks (src/shared/draw/ticks.ts) and
 * the theme's colours (VS Code's --vscode-* variables, so dark, light and high contrast all read).
 */
import type { ScaleSpec } from '../../src/shared/draw/scales';
import { scaleTicks } from '../../src/shared/draw/ticks';

/** The plot area inside the canvas, in CSS pixels. */
export interface Frame { left: number; top: number; width: number; height: number }

export const MARGIN = { left: 64, right: 12, top: 10, bottom: 24 };

/** Theme colours of the page (with fallbacks for a page outside VS Code). */
export function themeColour(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** Colours of the lines, one per line drawn (VS Code's chart colours). */
export function seriesColours(el: Element): string[] {
  return [
    themeColour(el, '--vscode-charts-blue', '#3794ff'), themeColour(el, '--vscode-charts-red', '#f14c4c'),
    themeColour(el, '--vscode-charts-green', '#89d185'), themeColour(el, '--vscode-charts-yellow', '#cca700'),
    themeColour(el, '--vscode-charts-orange', '#d18616'), themeColour(el, '--vscode-charts-purple', '#b180d7'),
    themeColour(el, '--vscode-charts-foreground', '#cccccc'), themeColour(el, '--vscode-charts-lines', '#808080'),
  ];
}

/**
 * Sizes `canvas` to `box` (device pixels), clears it and returns its context with CSS-pixel
 * coordinates and the plot area (undefined while the box is laid out at zero size).
 */
export function prepare(canvas: HTMLCanvasElement, box: HTMLElement): { ctx: CanvasRenderingContext2D; frame: Frame; w: number; h: number } | undefined {
  const dpr = window.devicePixelRatio || 1;
  const w = box.clientWidth, h = box.clientHeight;
  if (w < MARGIN.left + MARGIN.right + 8 || h < MARGIN.top + MARGIN.bottom + 8) return undefined;
  canvas.width = Math.floor(w * dpr);
  canvas.height = Math.floor(h * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const frame = { left: MARGIN.left, top: MARGIN.top, width: w - MARGIN.left - MARGIN.right, height: h - MARGIN.top - MARGIN.bottom };
  const ds = canvas.dataset;
  ds.left = String(frame.left); ds.top = String(frame.top); ds.width = String(frame.width); ds.height = String(frame.height);
  return { ctx, frame, w, h };
}

/**
 * The axes: a box around the plot area, x ticks along the bottom, y ticks along the left, with
 * labels (t of each tick along its axis; y grows upwards).
 */
export function drawAxes(ctx: CanvasRenderingContext2D, el: Element, f: Frame, x: ScaleSpec, y: ScaleSpec | undefined): void {
  const fg = themeColour(el, '--vscode-foreground', '#cccccc');
  const line = themeColour(el, '--vscode-panel-border', themeColour(el, '--vscode-contrastBorder', '#80808080'));
  ctx.save();
  ctx.strokeStyle = line;
  ctx.lineWidth = 1;
  ctx.strokeRect(f.left - 0.5, f.top - 0.5, f.width + 1, f.height + 1);
  ctx.fillStyle = fg;
  ctx.font = `11px ${themeColour(el, '--vscode-font-family', 'sans-serif')}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of scaleTicks(x, Math.max(2, Math.floor(f.width / 90)))) {
    const px = Math.round(f.left + t.t * f.width) + 0.5;
    ctx.beginPath(); ctx.moveTo(px, f.top + f.height); ctx.lineTo(px, f.top + f.height + 4); ctx.stroke();
    ctx.fillText(t.label, px, f.top + f.height + 6);
  }
  if (y) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of scaleTicks(y, Math.max(2, Math.floor(f.height / 40)))) {
      const py = Math.round(f.top + (1 - t.t) * f.height) + 0.5;
      ctx.beginPath(); ctx.moveTo(f.left - 4, py); ctx.lineTo(f.left, py); ctx.stroke();
      ctx.fillText(t.label, f.left - 6, py);
    }
  }
  ctx.restore();
}

/** A float as Python's repr spells it (for values that are no element to ask the host about). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = String(v);
  return /[.e]/.test(s) ? s.replace(/e([+-])(\d)$/, 'e$10$2') : `${s}.0`;
}
