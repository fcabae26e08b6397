/**
 * The Heatmap view of the current 2-D slice: a canvas with the host's grid of values (protocol
 * 'heatmap': at most one cell per device pixel, "downsampled ×k" when the slice is larger),
 * painted with the shared drawing code (src/shared/draw: colormap, scale, domain), a colorbar with
 * ticks, and a readout of the index and value under the mouse or the keyboard cursor. The value's
 * text is the grid's own (a 1×1 'getPage' from the host), except for a block mean, which is no
 * element of the array. Controls: colormap, invert, scale, low/high (colourcontrols.ts), zoom.
 * Zoom and pan (zoom.ts: wheel, drag, Shift+drag box, Fit, 1:1, + − 0 1 and the arrow keys) move a
 * viewport over the cached picture, drawn scaled at once; once the view rests, the visible region
 * is asked for at the finer factor it needs and drawn over it ("downsampled ×k" follows).
 * The Image view (image.ts) is this view with its own colouring and readout (the protected hooks).
 */
import type { Colormap } from '../../src/shared/draw/colormaps';
import { paintRgba } from '../../src/shared/draw/paint';
import { makeNormalizer, type Domain, type ScaleSpec } from '../../src/shared/draw/scales';
import { errorText } from '../../src/shared/errors';
import { cellIndex, gridIndexing, indexText } from '../../src/shared/indexing/goto';
import { LIMITS, type HeatmapProbe, type HeatmapRequest, type HeatmapResponse, type Rect, type ViewInfo, type ViewSpec } from '../../src/shared/protocol';
import { button, el } from '../dom';
import { t } from '../strings';
import { Colorbar, specialsOf, type Specials } from './colorbar';
import { ColourControls, type HeatmapSettings } from './colourcontrols';
import { decodeGrid, exactValue, settleColours, type FetchExact, type GridValues } from '../../src/shared/draw/heatmapwire';
import { pyFloat } from './plotframe';
import { attachGestures, Viewport, type Box } from './zoom';

/** What the view asks of the host. */
export interface HeatmapHost {
  heatmap(req: Omit<HeatmapRequest, 'type'>): Promise<HeatmapResponse>;
  /** The grid's text of one element of the view (row, col in view coordinates). */
  cellText(view: ViewSpec, row: number, col: number): Promise<string>;
  /** Exact values of cells of a float32 reply (src/shared/draw/heatmapwire.ts). */ heatmapValues?: FetchExact;
  /** The 1st and 99th percentiles of the view's finite values (the host's 'robustDomain'). */
  robust?(view: ViewSpec): Promise<Domain | undefined>;
}

export interface Shown { spec: ViewSpec; vi: ViewInfo; shape: number[] }
/** A picture from the host, its values and, once painted, its coloured image (one pixel per cell). */
export interface Picture extends GridValues { resp: HeatmapResponse; view: ViewSpec; key: string; image?: HTMLCanvasElement }

/** How long the view must rest before the detail of what is visible is asked for (ms). */
const DETAIL_DELAY = 120;

export class HeatmapView {
  /** The controls (the pictures bar shows them beside the view switcher). */
  readonly controls = el('div', 'heatmap-controls');
  readonly root = el('div', 'heatmap');
  private readonly canvas = el('canvas', 'heatmap-canvas');
  private readonly area = el('div', 'heatmap-area');
  private readonly message = el('div', 'heatmap-message');
  protected readonly readout = el('div', 'heatmap-readout');
  private readonly badge = el('span', 'heatmap-downsampled');
  private readonly colorbar = new Colorbar();
  private readonly colour = new ColourControls(
    () => { this.paint(); this.onSettings(); },
    () => this.shown && this.host.robust?.(this.shown.spec),
  );
  protected shown: Shown | undefined;
  /** The whole slice at the canvas size (what a fitted view shows). */
  protected picture: Picture | undefined;
  /** While no picture is at hand: the slice whose zoom and pan an invalidate(true) kept. */ private keptKey: string | undefined;
  /** The visible part at a finer factor, once zoomed in (drawn over the whole slice's picture). */
  private detail: Picture | undefined;
  private visible = false;
  /** The probe's marks: when the latest picture was painted, and its request's round trip (ms). */
  private drawnAt: number | undefined; private replyMs: number | undefined;
  private seq = 0;
  private detailSeq = 0;
  private detailTimer: ReturnType<typeof setTimeout> | undefined;
  protected hoverSeq = 0;
  /** The keyboard cursor: an element of the view (row, col). */
  private cursor = { row: 0, col: 0 };
  /** Which part of the slice the canvas shows (element coordinates). */
  readonly viewport = new Viewport();
  private boxing: Box | undefined;
  private frame = 0;
  /** The slice and factor of the request in flight. */
  private loading: { key: string; k: number } | undefined;
  /** Called after the view's settings changed (the pictures remember them per file). */
  onSettings: () => void = () => undefined;
  /** A cell picked (a click, or Enter on the keyboard cursor), and each drawing (the viewport may have moved): the linked profiles' hooks. */
  onPick: (row: number, col: number) => void = () => undefined;
  onDrawn: () => void = () => undefined;
  /** The picture and its colorbar (the linked profiles go beside them). */
  readonly body = el('div', 'heatmap-body');

  constructor(private readonly host: HeatmapHost) {
    const fit = button('heatmap-fit', t('zoomFit'), t('zoomFitTitle'), () => this.zoomKey('0'));
    const one = button('heatmap-actual', t('zoomActual'), t('zoomActualTitle'), () => this.zoomKey('1'));
    this.controls.append(...this.colour.elements, fit, one, this.badge);
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', t('heatmapLabel'));
    this.canvas.addEventListener('mousemove', (e) => this.hoverAt(e.offsetX, e.offsetY));
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    attachGestures(this.canvas, {
      zoom: (x, y, f) => this.moved(() => this.viewport.zoomAt(x, y, f)),
      pan: (dx, dy) => this.moved(() => this.viewport.panBy(dx, dy)),
      box: (b) => this.moved(() => this.viewport.zoomToBox(b)),
      boxing: (b) => { this.boxing = b; this.draw(); },
      tap: (x, y) => this.pickAt(x, y),
    });
    this.readout.setAttribute('aria-live', 'polite');
    this.readout.textContent = t('heatmapHint');
    this.message.hidden = true;
    this.area.append(this.canvas, this.message);
    this.body.append(this.area, this.colorbar.root);
    this.root.append(this.body, this.readout);
    new ResizeObserver(() => this.scheduleRefresh()).observe(this.area);
  }

  /** The slice to draw (asked for only while visible). */
  setView(spec: ViewSpec, vi: ViewInfo, shape: number[]): void {
    this.shown = { spec, vi, shape };
    this.scheduleRefresh();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.root.hidden = !visible;
    this.controls.hidden = !visible;
    this.scheduleRefresh();
  }

  /** Forgets the picture (the file or the complex part changed): asked again; `keepView`: zoom, pan, cursor stay. */
  invalidate(keepView = false): void {
    this.keptKey = keepView ? this.picture?.key ?? this.keptKey : undefined;
    this.picture = undefined;
    this.detail = undefined;
    this.loading = undefined;
    this.seq++;
    this.detailSeq++;
  }

  /** What tests read of the picture drawn (WebviewProbe.heatmap). */
  probe(): HeatmapProbe {
    const busy = !!this.loading || !!this.detailTimer || this.root.classList.contains('zooming');
    return { factor: this.picture?.resp.factor, detail: this.detail?.resp.factor, busy, drawnAt: this.drawnAt, replyMs: this.replyMs };
  }

  /** '=' pressed `times` (the viewer benchmark's zoom). */
  zoomIn(times: number): void { for (let i = 0; i < times; i++) this.zoomKey('='); }

  focus(): void {
    this.canvas.focus();
  }

  /** What Export PNG draws: the canvas as shown and the colorbar's map, scale and special values. */
  snapshot(): { canvas: HTMLCanvasElement; map: Colormap; spec?: ScaleSpec; specials: Specials } | undefined {
    const p = this.picture, c = this.colours();
    if (!p || !c || this.canvas.hidden) return undefined;
    return { canvas: this.canvas, map: c.map, spec: c.spec, specials: specialsOf(p.values) };
  }

  /** The colour settings, to remember per file. */
  get settings(): HeatmapSettings {
    return this.colour.settings;
  }

  set settings(s: HeatmapSettings) {
    this.colour.settings = s;
    this.paint();
  }

  /** The domain typed (or dragged on the histogram); undefined while automatic. */
  get handDomain(): Domain | undefined {
    return this.colour.handDomain;
  }

  /** Sets the domain from elsewhere (the histogram's handles); undefined: automatic again. */
  setDomain(d: Domain | undefined): void {
    this.colour.setDomain(d);
    this.paint();
    this.onSettings();
  }

  /** Refreshes in the next frame, once the layout has settled (a resize, a new slice, shown again). */
  private scheduleRefresh(): void {
    if (!this.visible || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.visible) this.refresh();
    });
  }

  /** Asks for the picture again if the slice or the size it needs changed; else repaints. */
  private refresh(): void {
    const s = this.shown;
    if (!s) return;
    const size = this.canvasSize();
    if (!size) return;
    const key = JSON.stringify(s.spec);
    const p = this.picture;
    const k = Math.max(1, Math.ceil(s.vi.rows / size.h), Math.ceil(s.vi.cols / size.w));
    if (p && p.key === key && p.resp.factor === k) { this.draw(); this.scheduleDetail(); return; }
    // The same picture is already on its way (a resize while it loads).
    if (this.loading?.key === key && this.loading.k === k) return;
    this.loading = { key, k };
    void this.load(s, size, key);
  }

  /** The canvas area in device pixels, within the protocol's limits (undefined while laid out at 0). */
  private canvasSize(): { w: number; h: number } | undefined {
    const dpr = window.devicePixelRatio || 1;
    return fitLimits(Math.floor(this.area.clientWidth * dpr), Math.floor(this.area.clientHeight * dpr));
  }

  private async load(s: Shown, size: { w: number; h: number }, key: string): Promise<void> {
    const mine = ++this.seq;
    this.root.classList.add('loading');
    try {
      const t0 = Date.now(), resp = await this.host.heatmap({ view: s.spec, maxWidth: size.w, maxHeight: size.h });
      this.replyMs = Date.now() - t0;
      if (mine !== this.seq) return;
      const sameSlice = (this.picture?.key ?? this.keptKey) === key;
      this.picture = { resp, ...decodeGrid(resp), view: s.spec, key };
      if (!sameSlice) {
        this.cursor = { row: 0, col: 0 };
        this.detail = undefined;
        this.detailSeq++;
        this.viewport.fitted = true;
      } else if (this.detail && this.detail.resp.factor >= resp.factor) {
        this.detail = undefined;
      }
      this.showMessage(undefined);
      this.paint();
      this.scheduleDetail();
    } catch (e) {
      if (mine !== this.seq) return;
      this.picture = undefined;
      this.detail = undefined;
      this.showMessage(errorText(e));
    } finally {
      if (mine === this.seq) {
        this.root.classList.remove('loading');
        this.loading = undefined;
      }
    }
  }

  /** The viewport moved: draw the pictures at hand scaled at once, ask for the detail when it rests. */
  private moved(change: () => void): void {
    if (!this.picture) return;
    change();
    this.draw();
    this.scheduleDetail();
  }

  /** Asks for the visible region at a finer factor than the pictures at hand, once the view rests. */
  private scheduleDetail(): void {
    if (this.detailTimer) clearTimeout(this.detailTimer);
    this.detailTimer = setTimeout(() => { this.detailTimer = undefined; void this.loadDetail(); }, DETAIL_DELAY);
  }

  private async loadDetail(): Promise<void> {
    const p = this.picture, s = this.shown;
    if (!p || !s || !this.visible || p.key !== JSON.stringify(s.spec)) return;
    const want = this.detailWanted(p);
    if (!want) {
      this.markBadge();
      return;
    }
    const d = this.detail;
    if (d && d.resp.factor <= want.k && covers(d.resp.region, want.region)) return;
    const mine = ++this.detailSeq;
    this.root.classList.add('zooming');
    try {
      const t0 = Date.now(), resp = await this.host.heatmap({ view: s.spec, maxWidth: want.w, maxHeight: want.h, region: want.region });
      this.replyMs = Date.now() - t0;
      if (mine !== this.detailSeq || this.picture !== p) return;
      this.detail = { resp, ...decodeGrid(resp), view: s.spec, key: p.key };
      this.paint();
    } catch {
      // The whole slice's picture stays; hover and the badge say what it is.
    } finally {
      if (mine === this.detailSeq) this.root.classList.remove('zooming');
    }
  }

  /** The visible region and the canvas size for it, when it needs a finer factor than the picture's. */
  private detailWanted(p: Picture): { region: Rect; w: number; h: number; k: number } | undefined {
    const vp = this.viewport;
    if (vp.fitted || p.resp.factor === 1) return undefined;
    const region = vp.visible();
    if (region.rows === 0 || region.cols === 0) return undefined;
    const dpr = window.devicePixelRatio || 1;
    const size = fitLimits(Math.ceil(region.cols * vp.scale * dpr), Math.ceil(region.rows * vp.scale * dpr));
    if (!size) return undefined;
    const k = Math.max(1, Math.ceil(region.rows / size.h), Math.ceil(region.cols / size.w));
    return k < p.resp.factor ? { region, w: size.w, h: size.h, k } : undefined;
  }

  private showMessage(text: string | undefined): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
    this.canvas.hidden = text !== undefined;
    this.colorbar.root.hidden = text !== undefined;
    this.badge.textContent = '';
  }

  /** The colours of the pictures (the whole slice's values set the automatic domain). */
  protected colours(): { map: Colormap; spec?: ScaleSpec; error?: string } | undefined {
    const p = this.picture;
    if (!p) return undefined;
    return { map: this.colour.colormap(), ...this.colour.scaleSpec(p.values) };
  }

  /** Colours the values of both pictures and draws them, the cursor and the colorbar. */
  private paint(): void {
    const p = this.picture, c = this.colours();
    if (!p || !c) return;
    const { map, spec, error } = c;
    this.colour.showAutomatic(spec);
    this.readout.classList.toggle('error-text', !!error);
    if (error) this.readout.textContent = error;
    for (const q of [p, this.detail]) {
      if (!q) continue;
      q.image = this.colourPicture(q, map, spec);
      // Cells float32 leaves near a colour's edge: coloured again with their exact values.
      void settleColours(q, spec && makeNormalizer(spec), map.size, this.host.heatmapValues).then((redo) => redo && this.paint());
    }
    this.markBadge();
    this.draw();
    this.colorbar.draw(map, spec, specialsOf(p.values));
    this.drawnAt = Date.now();
  }

  /** A picture's values coloured, one pixel per cell (the Image view draws its own). */
  protected colourPicture(q: Picture, map: Colormap, spec: ScaleSpec | undefined): HTMLCanvasElement {
    return colourImage(q, map, spec);
  }

  /** "downsampled ×k" of what is drawn: the detail's factor once it covers the view. */
  private markBadge(): void {
    const p = this.picture;
    if (!p) return;
    const d = this.detail;
    const resp = d && !this.viewport.fitted && covers(d.resp.region, this.viewport.visible()) ? d.resp : p.resp;
    this.badge.textContent = resp.factor > 1 ? t('downsampled', resp.factor) : '';
    this.badge.title = resp.factor > 1 ? t('downsampledTitle', resp.factor, t(resp.method === 'mean' ? 'methodMean' : 'methodStride')) : '';
  }

  /** Draws the cached pictures through the viewport (scaled images only: a cheap frame), the cursor and a zoom box. */
  private draw(): void {
    const p = this.picture, s = this.shown;
    if (!p || !p.image || !s) return;
    const dpr = window.devicePixelRatio || 1;
    const cw = this.area.clientWidth, ch = this.area.clientHeight;
    const vp = this.viewport;
    vp.resize(s.vi.rows, s.vi.cols, cw, ch, p.resp.rows * p.resp.factor, p.resp.cols * p.resp.factor);
    const cell = vp.scale * p.resp.factor;
    this.canvas.width = Math.max(1, Math.floor(cw * dpr));
    this.canvas.height = Math.max(1, Math.floor(ch * dpr));
    this.canvas.style.width = `${cw}px`;
    this.canvas.style.height = `${ch}px`;
    const ds = this.canvas.dataset;
    ds.cell = String(cell);
    ds.rows = String(p.resp.rows);
    ds.cols = String(p.resp.cols);
    ds.scale = String(vp.scale);
    ds.x0 = String(vp.x0);
    ds.y0 = String(vp.y0);
    ds.detail = this.detail ? String(this.detail.resp.factor) : '';
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    ctx.imageSmoothingEnabled = false;
    for (const q of [p, this.detail]) if (q?.image) this.drawPicture(ctx, q);
    const focus = getComputedStyle(this.root).getPropertyValue('--vscode-focusBorder') || '#007fd4';
    if (document.activeElement === this.canvas && p.resp.rows > 0 && p.resp.cols > 0) {
      const k = this.pictureAt(this.cursor.row, this.cursor.col).resp.factor;
      const at = vp.toCanvas(this.cursor.col, this.cursor.row);
      ctx.strokeStyle = focus;
      ctx.lineWidth = 2;
      ctx.strokeRect(at.x, at.y, Math.max(vp.scale * k, 2), Math.max(vp.scale * k, 2));
    }
    if (this.boxing) {
      const b = this.boxing;
      ctx.strokeStyle = focus;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(Math.min(b.x0, b.x1) + 0.5, Math.min(b.y0, b.y1) + 0.5, Math.abs(b.x1 - b.x0), Math.abs(b.y1 - b.y0));
      ctx.setLineDash([]);
    }
    this.onDrawn();
  }

  /** One picture's image where its region is; partial last blocks are drawn whole (past the slice's end: the picture's). */
  private drawPicture(ctx: CanvasRenderingContext2D, q: Picture): void {
    const { region, rows, cols, factor } = q.resp;
    if (!q.image || rows === 0 || cols === 0) return;
    const vp = this.viewport;
    const at = vp.toCanvas(region.col0, region.row0);
    ctx.drawImage(q.image, 0, 0, cols, rows, at.x, at.y, cols * factor * vp.scale, rows * factor * vp.scale);
  }

  /** The finest picture at hand holding view element (row, col). */
  protected pictureAt(row: number, col: number): Picture {
    const d = this.detail;
    if (d && d.resp.factor < this.picture!.resp.factor && inRegion(d.resp.region, row, col)) return d;
    return this.picture!;
  }

  private hoverAt(x: number, y: number): void {
    const s = this.shown;
    if (!this.picture || !s) return;
    const { row, col } = this.viewport.elementAt(x, y);
    if (row < 0 || col < 0 || row >= s.vi.rows || col >= s.vi.cols) return;
    void this.inspect(row, col);
  }

  /** A click on the picture: the cursor moves to the element there, which is picked. */
  private pickAt(x: number, y: number): void {
    const s = this.shown, { row, col } = this.viewport.elementAt(x, y);
    if (!this.picture || !s || row < 0 || col < 0 || row >= s.vi.rows || col >= s.vi.cols) return;
    this.cursor = { row, col };
    this.draw();
    this.onPick(row, col);
  }

  /** + / − zoom around the cursor, 0 fits, 1 shows one element per device pixel. */
  private zoomKey(key: string): void {
    const vp = this.viewport;
    const at = vp.toCanvas(this.cursor.col + 0.5, this.cursor.row + 0.5);
    const inside = at.x >= 0 && at.y >= 0 && at.x <= vp.width && at.y <= vp.height;
    const px = inside ? at.x : vp.width / 2, py = inside ? at.y : vp.height / 2;
    this.moved(() => {
      if (key === '0') vp.fit();
      else if (key === '1') vp.actualSize(px, py);
      else vp.zoomAt(px, py, key === '-' || key === '_' ? 0.5 : 2);
    });
  }

  private onKey(e: KeyboardEvent): void {
    const p = this.picture, s = this.shown;
    if (!p || !s || p.resp.rows === 0 || p.resp.cols === 0) return;
    if (['+', '=', '-', '_', '0', '1'].includes(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.zoomKey(e.key);
      return;
    }
    if (e.key === 'Enter') { e.preventDefault(); this.onPick(this.cursor.row, this.cursor.col); return; }
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const d = step[e.key];
    if (!d) return;
    e.preventDefault();
    // One step is one drawn cell: k elements where the picture is downsampled ×k.
    const k = this.pictureAt(this.cursor.row, this.cursor.col).resp.factor;
    const big = (e.ctrlKey || e.metaKey ? 1e15 : e.shiftKey ? 10 : 1) * k;
    const clampTo = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
    this.cursor = { row: clampTo(this.cursor.row + d[0] * big, s.vi.rows), col: clampTo(this.cursor.col + d[1] * big, s.vi.cols) };
    this.viewport.reveal(this.cursor.row, this.cursor.col);
    this.draw();
    this.scheduleDetail();
    void this.inspect(this.cursor.row, this.cursor.col);
  }

  /** Shows the index and value of the cell drawn at view element (row, col): the grid's text, or a block's mean. */
  protected async inspect(row: number, col: number): Promise<void> {
    const s = this.shown;
    if (!this.picture || !s) return;
    const p = this.pictureAt(row, col);
    const mine = ++this.hoverSeq;
    const { resp } = p;
    const i = Math.floor((row - resp.region.row0) / resp.factor), j = Math.floor((col - resp.region.col0) / resp.factor);
    const r0 = resp.region.row0 + i * resp.factor, c0 = resp.region.col0 + j * resp.factor;
    const idx = indexText(cellIndex(gridIndexing(s.vi, s.shape), r0, c0));
    this.readout.classList.remove('error-text');
    let text: string;
    if (resp.method === 'mean') {
      text = t('heatmapBlock', idx, resp.factor, pyFloat(await exactValue(p, i * resp.cols + j, this.host.heatmapValues).catch(() => p.values[i * resp.cols + j])));
    } else {
      try {
        text = t('heatmapCell', idx, await this.host.cellText(p.view, r0, c0));
      } catch (e) {
        text = t('heatmapCell', idx, errorText(e));
      }
    }
    if (mine === this.hoverSeq) {
      this.readout.textContent = text;
      this.readout.dataset.cell = `${i},${j}`;
      this.readout.dataset.element = `${r0},${c0}`;
    }
  }
}

/** A canvas size in device pixels within the protocol's limits (undefined when empty). */
function fitLimits(w: number, h: number): { w: number; h: number } | undefined {
  if (w < 1 || h < 1) return undefined;
  w = Math.min(w, LIMITS.heatmapSide);
  h = Math.min(h, LIMITS.heatmapSide);
  while (w * h > LIMITS.heatmapCells) { w = Math.max(1, Math.floor(w / 2)); h = Math.max(1, Math.floor(h / 2)); }
  return { w, h };
}

/** The picture's values coloured, one pixel per cell. */
function colourImage(q: Picture, map: Colormap, spec: ScaleSpec | undefined): HTMLCanvasElement {
  return cellCanvas(q.resp.rows, q.resp.cols, (rgba) => paintRgba(q.values, spec && makeNormalizer(spec), map, rgba));
}

/** A rows × cols canvas (at least 1×1), one pixel per cell, whose RGBA bytes `fill` writes. */
export function cellCanvas(rows: number, cols: number, fill: (rgba: Uint8ClampedArray) => void): HTMLCanvasElement {
  const image = document.createElement('canvas');
  image.width = Math.max(1, cols);
  image.height = Math.max(1, rows);
  const ictx = image.getContext('2d');
  if (ictx && rows > 0 && cols > 0) {
    const data = ictx.createImageData(cols, rows);
    fill(data.data);
    ictx.putImageData(data, 0, 0);
  }
  return image;
}

function inRegion(r: Rect, row: number, col: number): boolean {
  return row >= r.row0 && row < r.row0 + r.rows && col >= r.col0 && col < r.col0 + r.cols;
}

/** Whether rectangle a holds all of b. */
function covers(a: Rect, b: Rect): boolean {
  return a.row0 <= b.row0 && a.col0 <= b.col0 && a.row0 + a.rows >= b.row0 + b.rows && a.col0 + a.cols >= b.col0 + b.cols;
}
