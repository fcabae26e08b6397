/**
 * Value-shaded cells: a canvas under the grid's rows (between the column guides and the text)
 * filled, cell by cell, with the colormap's colour of the value over the domain; NaN, +Inf and
 * −Inf take the map's own colours (never a colour of the scale). The grid asks the shader, for
 * every visible cell of a frame, which tone its text needs to stay readable on that fill (dark
 * on light fills, light on dark: WCAG contrast), and keeps cells of one tone in one run. In a
 * high-contrast theme the cell gets a border of the colour instead of a fill, and the text its
 * theme colour.
 *
 * The fills are drawn as an image of one pixel row per grid row (each cell colPx − 1 pixels of
 * its colour, then one clear pixel where the column guide shows), written as 32-bit words from a
 * table of the palette's RGBA and stretched to the rows' height by CSS (image-rendering:
 * pixelated): a few thousand words a frame instead of clearing and filling a canvas of the whole
 * grid at the display's resolution, and a frame whose fills did not change is not drawn again.
 * High contrast draws the borders at full resolution, as before.
 *
 * The value comes from the cell's text (the host sends formatted text, not numbers): exact enough
 * for a colour (the precision setting keeps at least one significant digit; a 256-entry map
 * resolves 1/256 of the domain), and the NaN/Inf flags say which cells are special. The colormaps
 * are the shared ones (src/shared/draw/colormaps.ts: matplotlib's tables, looked up as matplotlib
 * does, and their NaN/±Inf colours), viridis unless another is chosen.
 */
import { CellFlag } from '../../src/shared/protocol';
import { Tone } from '../grid/cells';
import {
  colorIndex, cssColor, DEFAULT_COLORMAP, getColormap, paletteOf, PALETTE_NAN, PALETTE_NEGINF, PALETTE_POSINF, type Colormap, type Rgb,
} from '../../src/shared/draw/colormaps';
import { domainOf, unitOf, type Domain } from './domain';


/** Fill codes besides a map entry (0..size-1): entry(code) = size + PALETTE_* (see paletteOf). */
const NONE = -1;
const NAN = -2 - PALETTE_NAN;
const POSINF = -2 - PALETTE_POSINF;
const NEGINF = -2 - PALETTE_NEGINF;

/** A cell's number from its text: bools as 0/1, anything that is not a number as NaN. */
export function numberOf(text: string): number {
  if (text === 'True') return 1;
  if (text === 'False') return 0;
  return text.trim() === '' ? NaN : Number(text);
}

export class Shader {
  readonly layer: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private map: Colormap = getColormap(DEFAULT_COLORMAP);
  /** CSS colour and text tone of each palette entry (paletteOf: the map's, then NaN, +Inf, −Inf). */
  private css: string[] = [];
  /** RGBA of each palette entry as one word of an ImageData (memory order R, G, B, A). */
  private rgba = new Uint32Array(0);
  private tones: Tone[] = [];
  private domain: Domain | undefined;
  /** Take the domain from the values of the next frame that has some (robust, or min/max until the statistics come). */
  private sampling: 'minmax' | 'robust' | undefined;
  private sample: number[] = [];
  private fills = new Int16Array(0);
  /** The fills, sizes and map of the image on the canvas now (a frame that matches is not drawn). */
  private drawn = new Int16Array(0);
  private drawnKey = '';
  private image: ImageData | undefined;
  private rows = 0;
  private cols = 0;
  private colPx = 0;
  private rowPx = 0;
  private hc = false;
  private canvasW = -1;
  private canvasH = -1;
  /** A frame took the domain from its own values: the grid should draw again with it. */
  onDomain: (() => void) | undefined;

  constructor() {
    this.layer = document.createElement('canvas');
    this.layer.className = 'grid-shade';
    this.layer.setAttribute('aria-hidden', 'true');
    this.ctx = this.layer.getContext('2d', { alpha: true });
    this.setMap(this.map);
  }

  setMap(map: Colormap): void {
    this.map = map;
    const palette = paletteOf(map);
    const colours: Rgb[] = [];
    for (let i = 0; i < palette.length; i += 3) colours.push([palette[i], palette[i + 1], palette[i + 2]]);
    this.css = colours.map(cssColor);
    const bytes = new Uint8Array(colours.length * 4);
    colours.forEach((c, i) => bytes.set([c[0], c[1], c[2], 255], 4 * i));
    this.rgba = new Uint32Array(bytes.buffer);
    this.drawnKey = '';
    this.tones = colours.map((c) => (darkTextOn(c) ? Tone.Dark : Tone.Light));
  }

  /** The domain to shade over (undefined: no fills until one is set or sampled). */
  setDomain(d: Domain | undefined): void {
    this.domain = d;
    this.sampling = undefined;
  }

  /** Takes the domain from the values of the next frame on screen. */
  sampleDomain(mode: 'minmax' | 'robust'): void {
    this.sampling = mode;
    this.domain = undefined;
  }

  getDomain(): Domain | undefined {
    return this.domain;
  }

  /** Starts a frame of rows × cols visible cells of colPx × rowPx pixels. */
  begin(rows: number, cols: number, colPx: number, rowPx: number): void {
    this.rows = rows;
    this.cols = cols;
    this.colPx = colPx;
    this.rowPx = rowPx;
    if (this.fills.length < rows * cols) this.fills = new Int16Array(rows * cols);
    this.fills.fill(NONE, 0, rows * cols);
    this.hc = document.body.classList.contains('vscode-high-contrast');
    this.sample.length = 0;
  }

  /** Cell (a, b) of the frame shows `text` with CellFlag `flag`: its fill is noted; the text's tone is returned. */
  cell(a: number, b: number, text: string, flag: number): Tone {
    let code = NONE;
    if (flag === CellFlag.NaN) code = NAN;
    else if (flag === CellFlag.Inf) code = text.startsWith('-') ? NEGINF : POSINF;
    else if (flag !== CellFlag.NaT) {
      const v = numberOf(text);
      if (this.sampling) {
        if (Number.isFinite(v)) this.sample.push(v);
      } else if (this.domain && Number.isFinite(v)) code = colorIndex(unitOf(v, this.domain), this.map.size);
    }
    this.fills[a * this.cols + b] = code;
    return code === NONE || this.hc ? Tone.None : this.tones[this.entry(code)];
  }

  private entry(code: number): number {
    return code >= 0 ? code : this.map.size - code - 2;
  }

  /** Draws the frame's fills (or borders, in high contrast). */
  end(): void {
    if (this.sampling && this.sample.length > 0) {
      this.domain = domainOf(this.sample, this.sampling);
      this.sampling = undefined;
      this.onDomain?.();
    }
    const ctx = this.ctx;
    if (!ctx) return;
    if (this.hc) this.drawBorders(ctx); else this.drawFills(ctx);
  }

  /** The canvas's backing size (device pixels) and its size on the page (CSS pixels). */
  private size(bw: number, bh: number, w: number, h: number, cells: boolean): void {
    if (this.layer.width !== bw) this.layer.width = bw;
    if (this.layer.height !== bh) this.layer.height = bh;
    if (this.canvasW !== w || this.canvasH !== h) {
      this.layer.style.width = `${w}px`;
      this.layer.style.height = `${h}px`;
      this.canvasW = w;
      this.canvasH = h;
    }
    this.layer.classList.toggle('cells', cells);
  }

  /** Fills: one pixel row per grid row (see the module comment). */
  private drawFills(ctx: CanvasRenderingContext2D): void {
    const { rows, cols, colPx } = this;
    // A column is a whole number of characters: colPx may be fractional; cell b spans pixels
    // [round(b · colPx), round((b + 1) · colPx)), its last one left clear for the guide.
    const w = Math.max(1, Math.round(cols * colPx));
    const h = Math.max(1, rows);
    const n = rows * cols;
    const key = `${rows} ${cols} ${colPx} ${this.rowPx}`;
    if (key === this.drawnKey && this.drawn.length === n && this.drawn.every((c, i) => c === this.fills[i])) return;
    this.size(w, h, cols * colPx, rows * this.rowPx, true);
    if (!this.image || this.image.width !== w || this.image.height !== h) this.image = ctx.createImageData(w, h);
    const px = new Uint32Array(this.image.data.buffer);
    const rgba = this.rgba;
    for (let a = 0; a < rows; a++) {
      const row = a * w;
      let x0 = 0;
      for (let b = 0; b < cols; b++) {
        const x1 = Math.round((b + 1) * colPx);
        const code = this.fills[a * cols + b];
        px.fill(code === NONE ? 0 : rgba[this.entry(code)], row + x0, row + x1 - 1);
        px[row + x1 - 1] = 0; // the column guide
        x0 = x1;
      }
    }
    ctx.putImageData(this.image, 0, 0);
    this.drawn = this.fills.slice(0, n);
    this.drawnKey = key;
  }

  /** High contrast: a border of the colour inside each cell, at the display's resolution. */
  private drawBorders(ctx: CanvasRenderingContext2D): void {
    const w = this.cols * this.colPx;
    const h = this.rows * this.rowPx;
    const dpr = window.devicePixelRatio || 1;
    this.size(Math.max(1, Math.round(w * dpr)), Math.max(1, Math.round(h * dpr)), w, h, false);
    this.drawnKey = '';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.lineWidth = 2;
    let style = '';
    for (let a = 0; a < this.rows; a++) {
      for (let b = 0; b < this.cols; b++) {
        const code = this.fills[a * this.cols + b];
        if (code === NONE) continue;
        const css = this.css[this.entry(code)];
        if (css !== style) ctx.strokeStyle = style = css;
        ctx.strokeRect(b * this.colPx + 2, a * this.rowPx + 2, this.colPx - 5, this.rowPx - 5);
      }
    }
  }

  /** The CSS colour of cell (a, b) of the last frame, '' when it has none (tests). */
  colorAt(a: number, b: number): string {
    const code = a < this.rows && b < this.cols ? this.fills[a * this.cols + b] : NONE;
    return code === NONE ? '' : this.css[this.entry(code)];
  }
}

/**
 * Whether dark text reads better than light text on a fill: WCAG relative luminance against
 * the contrast ratios with black and white (black wins above L ≈ 0.179).
 */
export function darkTextOn(c: Rgb): boolean {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05);
}
