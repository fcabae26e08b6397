/**
 * The Image view: the heatmap's machinery (zoom, pan, fit, 1:1, keys, downsampled pictures and
 * the detail of what is visible, hover) drawing images instead of colormapped values.
 *
 * - An array with a channel axis of 3 or 4 (its last axis; its third from the end with "Channels
 *   first") is drawn as RGB(A): its last three axes whole, the other axes where the grid's slice
 *   has them (src/shared/draw/image.ts imageSelection). The bytes follow the rule `npyview render
 *   --rgb` uses (pixelBytes): uint8 exactly, floats clipped to [0, 1] and scaled to 0…255.
 * - Otherwise the grid's 2-D slice is drawn in gray: uint8 values are the gray levels themselves
 *   (0 black, 255 white, as an 8-bit image shows); other values over the slice's finite min/max,
 *   as the heatmap's gray colormap draws them (with its colorbar).
 * - Anything else (a 1-D slice, a dtype with no image) gets the host's message in the view.
 * Hover reads `[index]  (r, g, b)`: the pixel's array index (without the channel axis) and its
 * values as the grid writes them (a block's means when downsampled).
 */
import { getColormap, type Colormap } from '../../src/shared/draw/colormaps';
import { imageSelection, pixelBytes, pixelIndex, type ImageSelection } from '../../src/shared/draw/image';
import type { ScaleSpec } from '../../src/shared/draw/scales';
import { errorText } from '../../src/shared/errors';
import { indexText } from '../../src/shared/indexing/goto';
import { FULL_SLICE, formatIndexExpr, type AxisSel } from '../../src/shared/indexing/indexexpr';
import type { PictureSettings, ViewInfo, ViewSpec } from '../../src/shared/protocol';
import { el } from '../dom';
import { t } from '../strings';
import { heatmapWithColorbar, onBackground } from './exportpng';
import { cellCanvas, HeatmapView, type HeatmapHost, type Picture, type Shown } from './heatmap';
import { pyFloat } from './plotframe';

/** What the view asks of the host: the heatmap's requests; cellText with `rows` reads a column of values. */
export interface ImageHost extends HeatmapHost {
  cellText(view: ViewSpec, row: number, col: number, rows?: number): Promise<string>;
}

export type ImageSettings = NonNullable<PictureSettings['image']>;

const GRAY = getColormap('gray', false);

export class ImageView extends HeatmapView {
  private readonly channelsFirst = el('input', 'image-channels-first');
  /** The colour image drawn for the grid's slice (undefined: the slice itself, in gray). */
  private selection: ImageSelection | undefined;
  /** The grid's slice as the app gave it. */
  private grid: Shown | undefined;

  constructor(private readonly images: ImageHost, private readonly mode = { first: false }) {
    super({ heatmap: (req) => images.heatmap({ ...req, image: mode.first ? 'first' : 'last' }), cellText: images.cellText });
    this.root.classList.add('image-view');
    const canvas = this.root.querySelector('canvas')!;
    canvas.classList.add('image-canvas');
    canvas.setAttribute('aria-label', t('imageLabel'));
    this.channelsFirst.type = 'checkbox';
    this.channelsFirst.title = t('imageChannelsFirstTitle');
    this.channelsFirst.addEventListener('change', () => {
      this.setFirst(this.channelsFirst.checked);
      this.onSettings();
    });
    const label = el('label', 'label heatmap-control', t('imageChannelsFirst'));
    label.title = t('imageChannelsFirstTitle');
    label.append(this.channelsFirst);
    // The heatmap's zoom buttons and badge stay; its colour controls are not the image's.
    const keep = ['.heatmap-fit', '.heatmap-actual', '.heatmap-downsampled'].map((q) => this.controls.querySelector(q)!);
    this.controls.replaceChildren(label, ...keep);
    this.controls.classList.add('image-controls');
  }

  /** The grid's slice: the image is the colour image around it, or the slice itself. */
  override setView(spec: ViewSpec, vi: ViewInfo, shape: number[]): void {
    this.grid = { spec, vi, shape };
    const sel = this.selection = imageSelection(shape, vi.axisSels, this.mode.first);
    if (!sel) {
      super.setView(spec, vi, shape);
      return;
    }
    // The same image for every grid slice that lies in it: one key (the host finds it again from this slice).
    const sels: AxisSel[] = sel.sels.map((s, a) => (a === sel.cAxis ? { kind: 'int', index: 0 } : s));
    const kept = sels.flatMap((s, a) => (s.kind === 'int' ? [] : [a]));
    const imageSpec: ViewSpec = { member: spec.member, index: formatIndexExpr(sels), rowAxis: kept.indexOf(sel.hAxis), colAxis: kept.indexOf(sel.wAxis) };
    super.setView(imageSpec, { ...vi, rows: sel.height, cols: sel.width }, shape);
  }

  get imageSettings(): ImageSettings {
    return { channelsFirst: this.mode.first };
  }

  set imageSettings(s: ImageSettings) {
    this.channelsFirst.checked = !!s.channelsFirst;
    this.setFirst(!!s.channelsFirst);
  }

  /** The picture for Export PNG: a colour image as it is; a gray one over a domain with its colorbar. */
  exported(theme: Element): HTMLCanvasElement | undefined {
    const snap = this.snapshot();
    if (!snap) return undefined;
    return this.picture?.resp.pixels ? onBackground(snap.canvas, theme) : heatmapWithColorbar(snap.canvas, snap.map, snap.spec, snap.specials, this.root);
  }

  private setFirst(first: boolean): void {
    if (first === this.mode.first) return;
    this.mode.first = first;
    this.invalidate();
    const g = this.grid;
    if (g) this.setView(g.spec, g.vi, g.shape);
  }

  /** Gray over the slice's domain (the heatmap's scale at its defaults: linear, finite min/max). */
  protected override colours(): { map: Colormap; spec?: ScaleSpec; error?: string } | undefined {
    const c = super.colours();
    if (!c) return undefined;
    return this.picture?.resp.pixels ? { map: GRAY } : { ...c, map: GRAY };
  }

  protected override colourPicture(q: Picture, map: Colormap, spec: ScaleSpec | undefined): HTMLCanvasElement {
    const { pixels, channels = 1, rows, cols } = q.resp;
    this.root.classList.toggle('image-bytes', !!pixels);
    if (!pixels) return super.colourPicture(q, map, spec);
    return cellCanvas(rows, cols, (rgba) => pixelBytes(q.values, channels, pixels, rgba, 4));
  }

  /** Index and values of the pixel at image element (row, col): `[i, j]  (r, g, b)`. */
  protected override async inspect(row: number, col: number): Promise<void> {
    const sel = this.selection, s = this.shown;
    if (!sel || !s || !this.picture) return super.inspect(row, col);
    const p = this.pictureAt(row, col);
    const { resp } = p;
    const mine = ++this.hoverSeq;
    const k = resp.factor, ch = resp.channels ?? sel.channels;
    const i = Math.floor((row - resp.region.row0) / k), j = Math.floor((col - resp.region.col0) / k);
    const r0 = resp.region.row0 + i * k, c0 = resp.region.col0 + j * k;
    const idx = indexText(pixelIndex(sel, r0, c0));
    let text: string;
    if (resp.method === 'mean') {
      const means = Array.from(p.values.subarray((i * resp.cols + j) * ch, (i * resp.cols + j + 1) * ch), pyFloat);
      text = t('imageBlock', idx, k, means.join(', '));
    } else {
      const pixel = sel.sels.map((x, a) => (a === sel.hAxis ? { kind: 'int' as const, index: r0 } : a === sel.wAxis ? { kind: 'int' as const, index: c0 } : a === sel.cAxis ? FULL_SLICE : x));
      try {
        text = t('imagePixel', idx, await this.images.cellText({ member: s.spec.member, index: formatIndexExpr(pixel), rowAxis: 0, colAxis: -1 }, 0, 0, sel.channels));
      } catch (e) {
        text = t('imagePixel', idx, errorText(e));
      }
    }
    if (mine === this.hoverSeq) {
      this.readout.classList.remove('error-text');
      this.readout.textContent = text;
      this.readout.dataset.cell = `${i},${j}`;
      this.readout.dataset.element = `${r0},${c0}`;
    }
  }
}
