/**
 * The Heatmap view of the current 2-D slice: a canvas with the host's grid of values (protocol
 * 'heatmap': at most one cell per device pixel, "downsampled ×k" when the slice is larger),
 * painted with the shared drawing code (src/shared/draw: colormap, scale, domain), a colorbar with
 * ticks, and a readout of the index and value under the mouse or the keyboard cursor. The value's
 * text is the grid's own (a 1×1 'getPage' from the host), except for a block mean, which is no
 * element of the array. Controls: colormap, invert, scale, low/high (automatic until edited).
 */
import { COLORMAP_NAMES, DEFAULT_COLORMAP, getColormap } from '../../src/shared/draw/colormaps';
import { paintRgba } from '../../src/shared/draw/paint';
import { autoDomain, domainError, makeNormalizer, SCALE_KINDS, type Domain, type ScaleKind, type ScaleSpec } from '../../src/shared/draw/scales';
import { errorText } from '../../src/shared/errors';
import { cellIndex, gridIndexing, indexText } from '../../src/shared/indexing/goto';
import { LIMITS, type HeatmapRequest, type HeatmapResponse, type ViewInfo, type ViewSpec } from '../../src/shared/protocol';
import { el } from '../dom';
import { t, type StringKey } from '../strings';
import { Colorbar, decodeFloat64, specialsOf } from './colorbar';

/** What the view asks of the host. */
export interface HeatmapHost {
  heatmap(req: Omit<HeatmapRequest, 'type'>): Promise<HeatmapResponse>;
  /** The grid's text of one element of the view (row, col in view coordinates). */
  cellText(view: ViewSpec, row: number, col: number): Promise<string>;
}

/** The colormaps offered (all of them; the list first). */
const MAPS = ['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'gray', 'RdBu', 'coolwarm', 'twilight',
  ...COLORMAP_NAMES.filter((n) => !['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'gray', 'RdBu', 'coolwarm', 'twilight'].includes(n))]
  .filter((n) => COLORMAP_NAMES.includes(n));
const SCALE_LABELS: Record<ScaleKind, StringKey> = { linear: 'scaleLinear', log: 'scaleLog', symlog: 'scaleSymlog', sqrt: 'scaleSqrt' };

interface Shown { spec: ViewSpec; vi: ViewInfo; shape: number[] }
interface Picture { resp: HeatmapResponse; values: Float64Array; view: ViewSpec; key: string }

export class HeatmapView {
  /** The controls (the pictures bar shows them beside the view switcher). */
  readonly controls = el('div', 'heatmap-controls');
  readonly root = el('div', 'heatmap');
  private readonly canvas = el('canvas', 'heatmap-canvas');
  private readonly area = el('div', 'heatmap-area');
  private readonly message = el('div', 'heatmap-message');
  private readonly readout = el('div', 'heatmap-readout');
  private readonly badge = el('span', 'heatmap-downsampled');
  private readonly colorbar = new Colorbar();
  private readonly mapSelect = el('select', 'heatmap-colormap');
  private readonly invert = el('input', 'heatmap-invert');
  private readonly scaleSelect = el('select', 'heatmap-scale');
  private readonly low = el('input', 'heatmap-low');
  private readonly high = el('input', 'heatmap-high');
  private shown: Shown | undefined;
  private picture: Picture | undefined;
  /** The domain the user typed (undefined: automatic). */
  private domain: Domain | undefined;
  private visible = false;
  private seq = 0;
  private hoverSeq = 0;
  /** The keyboard cursor cell (grid cell of the picture). */
  private cursor = { i: 0, j: 0 };
  /** Where the picture is on the canvas, in CSS pixels: origin and size of one cell. */
  private layout = { x: 0, y: 0, cell: 1 };
  private image: HTMLCanvasElement | undefined;
  private frame = 0;
  /** The slice and factor of the request in flight. */
  private loading: { key: string; k: number } | undefined;

  constructor(private readonly host: HeatmapHost) {
    for (const name of MAPS) this.mapSelect.append(option(name, name));
    this.mapSelect.value = DEFAULT_COLORMAP;
    this.mapSelect.setAttribute('aria-label', t('colormap'));
    for (const k of SCALE_KINDS) this.scaleSelect.append(option(k, t(SCALE_LABELS[k])));
    this.scaleSelect.setAttribute('aria-label', t('scale'));
    this.invert.type = 'checkbox';
    this.invert.title = t('invertTitle');
    for (const [input, key] of [[this.low, 'domainLow'], [this.high, 'domainHigh']] as const) {
      input.type = 'text';
      input.setAttribute('aria-label', t(key));
      input.addEventListener('change', () => this.editDomain());
    }
    const auto = el('button', 'action heatmap-auto', t('domainAuto'));
    auto.type = 'button';
    auto.title = t('domainAutoTitle');
    auto.addEventListener('click', () => { this.domain = undefined; this.paint(); });
    this.mapSelect.addEventListener('change', () => this.paint());
    this.invert.addEventListener('change', () => this.paint());
    this.scaleSelect.addEventListener('change', () => { this.domain = undefined; this.paint(); });
    this.controls.append(
      labelled('colormap', this.mapSelect), labelled('invert', this.invert), labelled('scale', this.scaleSelect),
      labelled('domainLow', this.low), labelled('domainHigh', this.high), auto, this.badge,
    );
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', t('heatmapLabel'));
    this.canvas.addEventListener('mousemove', (e) => this.hoverAt(e.offsetX, e.offsetY));
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.readout.setAttribute('aria-live', 'polite');
    this.readout.textContent = t('heatmapHint');
    this.message.hidden = true;
    this.area.append(this.canvas, this.message);
    const body = el('div', 'heatmap-body');
    body.append(this.area, this.colorbar.root);
    this.root.append(body, this.readout);
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

  /** Forgets the picture (the file changed): the next refresh asks the host again. */
  invalidate(): void {
    this.picture = undefined;
    this.loading = undefined;
    this.seq++;
  }

  focus(): void {
    this.canvas.focus();
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
    if (p && p.key === key && p.resp.factor === k) { this.paint(); return; }
    // The same picture is already on its way (a resize while it loads).
    if (this.loading?.key === key && this.loading.k === k) return;
    this.loading = { key, k };
    void this.load(s, size, key);
  }

  /** The canvas area in device pixels, within the protocol's limits (undefined while laid out at 0). */
  private canvasSize(): { w: number; h: number } | undefined {
    const dpr = window.devicePixelRatio || 1;
    let w = Math.floor(this.area.clientWidth * dpr), h = Math.floor(this.area.clientHeight * dpr);
    if (w < 1 || h < 1) return undefined;
    w = Math.min(w, LIMITS.heatmapSide);
    h = Math.min(h, LIMITS.heatmapSide);
    while (w * h > LIMITS.heatmapCells) { w = Math.floor(w / 2); h = Math.floor(h / 2); }
    return { w, h };
  }

  private async load(s: Shown, size: { w: number; h: number }, key: string): Promise<void> {
    const mine = ++this.seq;
    this.root.classList.add('loading');
    try {
      const resp = await this.host.heatmap({ view: s.spec, maxWidth: size.w, maxHeight: size.h });
      if (mine !== this.seq) return;
      const sameSlice = this.picture?.key === key;
      this.picture = { resp, values: decodeFloat64(resp.values), view: s.spec, key };
      if (!sameSlice) this.cursor = { i: 0, j: 0 };
      this.image = undefined;
      this.showMessage(undefined);
      this.paint();
    } catch (e) {
      if (mine !== this.seq) return;
      this.picture = undefined;
      this.showMessage(errorText(e));
    } finally {
      if (mine === this.seq) {
        this.root.classList.remove('loading');
        this.loading = undefined;
      }
    }
  }

  private showMessage(text: string | undefined): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
    this.canvas.hidden = text !== undefined;
    this.colorbar.root.hidden = text !== undefined;
    this.badge.textContent = '';
  }

  private editDomain(): void {
    const lo = Number(this.low.value.trim()), hi = Number(this.high.value.trim());
    if (this.low.value.trim() === '' || this.high.value.trim() === '') return;
    this.domain = { low: lo, high: hi };
    this.paint();
  }

  /** The scale in use: the typed domain, else the finite min/max of the values (undefined: none). */
  private scaleSpec(values: Float64Array): { spec?: ScaleSpec; error?: string } {
    const kind = this.scaleSelect.value as ScaleKind;
    const d = this.domain ?? autoDomain(values, kind, 'minmax');
    if (!d) return { error: t('noFinite') };
    const spec: ScaleSpec = { kind, low: d.low, high: d.high };
    const err = domainError(spec);
    return err ? { error: t('domainBad', err) } : { spec };
  }

  /** Colours the values (when the colours changed) and draws them, the cursor and the colorbar. */
  private paint(): void {
    const p = this.picture;
    if (!p) return;
    const { resp, values } = p;
    const map = getColormap(this.mapSelect.value, this.invert.checked);
    const { spec, error } = this.scaleSpec(values);
    if (spec && !this.domain) { this.low.value = String(spec.low); this.high.value = String(spec.high); }
    this.readout.classList.toggle('error-text', !!error);
    if (error) this.readout.textContent = error;
    const image = document.createElement('canvas');
    image.width = resp.cols;
    image.height = resp.rows;
    const ictx = image.getContext('2d');
    if (ictx && resp.rows > 0 && resp.cols > 0) {
      const data = ictx.createImageData(resp.cols, resp.rows);
      paintRgba(values, spec && makeNormalizer(spec), map, data.data);
      ictx.putImageData(data, 0, 0);
    }
    this.image = image;
    this.badge.textContent = resp.factor > 1 ? t('downsampled', resp.factor) : '';
    this.badge.title = resp.factor > 1 ? t('downsampledTitle', resp.factor, t(resp.method === 'mean' ? 'methodMean' : 'methodStride')) : '';
    this.draw();
    this.colorbar.draw(map, spec, specialsOf(values));
  }

  /** Draws the coloured cells scaled to fit (square cells, nearest neighbour) and the cursor. */
  private draw(): void {
    const p = this.picture, image = this.image;
    if (!p || !image) return;
    const dpr = window.devicePixelRatio || 1;
    const cw = this.area.clientWidth, ch = this.area.clientHeight;
    this.canvas.width = Math.max(1, Math.floor(cw * dpr));
    this.canvas.height = Math.max(1, Math.floor(ch * dpr));
    this.canvas.style.width = `${cw}px`;
    this.canvas.style.height = `${ch}px`;
    const { rows, cols } = p.resp;
    const cell = rows > 0 && cols > 0 ? Math.min(cw / cols, ch / rows) : 1;
    this.layout = { x: 0, y: 0, cell };
    this.canvas.dataset.cell = String(cell);
    this.canvas.dataset.rows = String(rows);
    this.canvas.dataset.cols = String(cols);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 0, 0, cols, rows, 0, 0, cols * cell, rows * cell);
    if (document.activeElement === this.canvas && rows > 0 && cols > 0) {
      ctx.strokeStyle = getComputedStyle(this.root).getPropertyValue('--vscode-focusBorder') || '#007fd4';
      ctx.lineWidth = 2;
      ctx.strokeRect(this.cursor.j * cell, this.cursor.i * cell, Math.max(cell, 2), Math.max(cell, 2));
    }
  }

  private hoverAt(x: number, y: number): void {
    const p = this.picture;
    if (!p) return;
    const i = Math.floor((y - this.layout.y) / this.layout.cell), j = Math.floor((x - this.layout.x) / this.layout.cell);
    if (i < 0 || j < 0 || i >= p.resp.rows || j >= p.resp.cols) return;
    void this.inspect(i, j);
  }

  private onKey(e: KeyboardEvent): void {
    const p = this.picture;
    if (!p || p.resp.rows === 0 || p.resp.cols === 0) return;
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const d = step[e.key];
    if (!d) return;
    e.preventDefault();
    const big = e.ctrlKey || e.metaKey ? 1e9 : e.shiftKey ? 10 : 1;
    this.cursor = {
      i: Math.min(p.resp.rows - 1, Math.max(0, this.cursor.i + d[0] * big)),
      j: Math.min(p.resp.cols - 1, Math.max(0, this.cursor.j + d[1] * big)),
    };
    this.draw();
    void this.inspect(this.cursor.i, this.cursor.j);
  }

  /** Shows the index and value of picture cell (i, j): the grid's text, or a block's mean. */
  private async inspect(i: number, j: number): Promise<void> {
    const p = this.picture, s = this.shown;
    if (!p || !s) return;
    const mine = ++this.hoverSeq;
    const { resp } = p;
    const row = resp.region.row0 + i * resp.factor, col = resp.region.col0 + j * resp.factor;
    const idx = indexText(cellIndex(gridIndexing(s.vi, s.shape), row, col));
    this.readout.classList.remove('error-text');
    let text: string;
    if (resp.method === 'mean') {
      text = t('heatmapBlock', idx, resp.factor, pyFloat(p.values[i * resp.cols + j]));
    } else {
      try {
        text = t('heatmapCell', idx, await this.host.cellText(p.view, row, col));
      } catch (e) {
        text = t('heatmapCell', idx, errorText(e));
      }
    }
    if (mine === this.hoverSeq) {
      this.readout.textContent = text;
      this.readout.dataset.cell = `${i},${j}`;
    }
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', '', label);
  o.value = value;
  return o;
}

function labelled(key: StringKey, control: HTMLElement): HTMLLabelElement {
  const l = el('label', 'label heatmap-control', t(key));
  l.append(control);
  return l;
}

/** A float as Python's repr spells it (for a block mean, which is no element to ask the host about). */
function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = String(v);
  return /[.e]/.test(s) ? s.replace(/e([+-])(\d)$/, 'e$10$2') : `${s}.0`;
}
