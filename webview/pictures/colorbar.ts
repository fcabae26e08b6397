/**
 * The heatmap's colorbar: the colormap drawn along a canvas under the current scale (position t
 * from the bottom), its ticks (src/shared/draw/ticks.ts) as text beside it, and swatches for the
 * special values the picture holds (NaN, +Inf, −Inf), each in the map's own colour for it.
 * Labels are text nodes; colours are style properties; no markup is built from data.
 */
import { colorAt, cssColor, type Colormap } from '../../src/shared/draw/colormaps';
import type { ScaleSpec } from '../../src/shared/draw/scales';
import { scaleTicks } from '../../src/shared/draw/ticks';
import { el } from '../dom';
import { t } from '../strings';

/** Which special values a picture holds. */
export interface Specials { nan: boolean; posinf: boolean; neginf: boolean }

export class Colorbar {
  readonly root = el('div', 'colorbar');
  private readonly bar = el('canvas', 'colorbar-canvas');
  private readonly ticks = el('div', 'colorbar-ticks');
  private readonly specials = el('div', 'colorbar-specials');

  constructor() {
    this.root.setAttribute('role', 'img');
    this.root.setAttribute('aria-label', t('colorbarLabel'));
    const scale = el('div', 'colorbar-scale');
    scale.append(this.bar, this.ticks);
    this.root.append(scale, this.specials);
  }

  /** Draws the bar for a map and scale (spec undefined: no finite values, so no ticks). */
  draw(map: Colormap, spec: ScaleSpec | undefined, specials: Specials): void {
    const h = Math.max(2, Math.round(this.bar.clientHeight || 200));
    this.bar.width = 1;
    this.bar.height = h;
    const ctx = this.bar.getContext('2d');
    if (ctx) {
      const img = ctx.createImageData(1, h);
      for (let y = 0; y < h; y++) {
        const c = colorAt(map, 1 - (y + 0.5) / h);
        img.data.set([c[0], c[1], c[2], 255], 4 * y);
      }
      ctx.putImageData(img, 0, 0);
    }
    const labels: HTMLElement[] = [];
    if (spec) {
      for (const tick of scaleTicks(spec)) {
        const s = el('span', 'colorbar-tick', tick.label);
        s.style.top = `${(1 - tick.t) * 100}%`;
        labels.push(s);
      }
    }
    this.ticks.replaceChildren(...labels);
    const swatches: HTMLElement[] = [];
    const add = (show: boolean, rgb: readonly [number, number, number], label: string, kind: string): void => {
      if (!show) return;
      const item = el('span', 'colorbar-special');
      item.dataset.special = kind;
      const sw = el('span', 'colorbar-swatch');
      sw.style.background = cssColor(rgb);
      item.append(sw, el('span', '', label));
      swatches.push(item);
    };
    add(specials.nan, map.nan, 'NaN', 'nan');
    add(specials.posinf, map.posinf, '+Inf', 'posinf');
    add(specials.neginf, map.neginf, '−Inf', 'neginf');
    this.specials.replaceChildren(...swatches);
  }
}

/** Little-endian float64 bytes in base64 as numbers (the line plot's envelopes). */
export { decodeFloat64 } from '../../src/shared/draw/heatmapwire';

/** Which special values `values` holds. */
export function specialsOf(values: Float64Array): Specials {
  const s: Specials = { nan: false, posinf: false, neginf: false };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v === 0) continue;
    if (v !== v) s.nan = true;
    else if (v > 0) s.posinf = true;
    else s.neginf = true;
  }
  return s;
}
