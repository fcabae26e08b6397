/**
 * Export PNG… of the picture shown: the heatmap's canvas with its colorbar beside it (the map
 * under the current scale, its ticks and the special values' swatches), or the line plot's or the
 * histogram's canvas, on the theme's background, at the canvas's device pixels. The bytes go to
 * the host as base64 ('savePng'), which checks them and asks where to save.
 */
import { colorAt, cssColor, type Colormap } from '../../src/shared/draw/colormaps';
import type { ScaleSpec } from '../../src/shared/draw/scales';
import { scaleTicks } from '../../src/shared/draw/ticks';
import type { Specials } from './colorbar';
import { themeColour } from './plotframe';

/** CSS pixels the colorbar takes beside the heatmap in the exported picture. */
export const COLORBAR_WIDTH = 96;

/** The heatmap canvas and its colorbar in one canvas (device pixels: the canvas's own). */
export function heatmapWithColorbar(src: HTMLCanvasElement, map: Colormap, spec: ScaleSpec | undefined, specials: Specials, theme: Element): HTMLCanvasElement {
  const dpr = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = src.width + Math.round(COLORBAR_WIDTH * dpr);
  out.height = src.height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = themeColour(theme, '--vscode-editor-background', '#1e1e1e');
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  ctx.scale(dpr, dpr);
  const h = src.height / dpr;
  const x = src.width / dpr + 12;
  const kinds = ([['nan', 'NaN'], ['posinf', '+Inf'], ['neginf', '−Inf']] as const).filter(([k]) => specials[k]);
  const top = 8, barH = Math.max(10, h - 16 - kinds.length * 16);
  for (let y = 0; y < barH; y++) {
    ctx.fillStyle = cssColor(colorAt(map, 1 - (y + 0.5) / barH));
    ctx.fillRect(x, top + y, 16, 1);
  }
  ctx.fillStyle = themeColour(theme, '--vscode-foreground', '#cccccc');
  ctx.font = `11px ${themeColour(theme, '--vscode-font-family', 'sans-serif')}`;
  ctx.textBaseline = 'middle';
  if (spec) for (const tick of scaleTicks(spec)) ctx.fillText(`– ${tick.label}`, x + 18, top + (1 - tick.t) * barH);
  kinds.forEach(([k, label], i) => {
    const y = top + barH + 6 + i * 16;
    ctx.fillStyle = cssColor(map[k]);
    ctx.fillRect(x, y, 12, 12);
    ctx.fillStyle = themeColour(theme, '--vscode-foreground', '#cccccc');
    ctx.fillText(label, x + 18, y + 6);
  });
  return out;
}

/** A plot canvas on the theme's background (its own pixels are transparent where nothing is drawn). */
export function onBackground(src: HTMLCanvasElement, theme: Element): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = themeColour(theme, '--vscode-editor-background', '#1e1e1e');
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  return out;
}

/** The canvas as PNG bytes in base64. */
export function pngBase64(canvas: HTMLCanvasElement): string {
  const url = canvas.toDataURL('image/png');
  return url.slice(url.indexOf(',') + 1);
}
