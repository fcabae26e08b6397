/**
 * The Line view: a 1-D slice, or rows (or columns) of a 2-D slice overlaid with a legend, drawn
 * from the host's min/max envelopes (protocol 'envelope'): more points than pixel columns become
 * one vertical min–max bar per column joined by each column's first and last values, so no peak
 * is lost; one point per column is a plain polyline. Zoom on the x axis (wheel around the pointer,
 * drag to pan, Shift+drag a range, + − 0 and the arrow keys) redraws the envelopes at hand scaled
 * at once and, once the view rests, asks for the visible range at full resolution. Axes have
 * ticks; hover shows the index and the grid's text of the value (or a column's min and max).
 */
import { errorText } from '../../src/shared/errors';
import { cellIndex, gridIndexing, indexText } from '../../src/shared/indexing/goto';
import { LIMITS, type EnvelopeRequest, type EnvelopeResponse, type PlotLineProbe, type ViewInfo, type ViewSpec } from '../../src/shared/protocol';
import { el } from '../dom';
import { t } from '../strings';
import { decodeFloat64 } from './colorbar';
import { drawAxes, pyFloat, seriesColours, themeColour } from './plotframe';
import { PlotView } from './plotview';
import { attachGestures, type Box } from './zoom';

export interface LineHost {
  envelope(req: Omit<EnvelopeRequest, 'type'>): Promise<EnvelopeResponse>;
  /** The grid's text of one element of the view (row, col in view coordinates). */
  cellText(view: ViewSpec, row: number, col: number): Promise<string>;
  /** The grid's selected cells (rows row0 … row1, columns col0 … col1), for "Follow selection". */
  selection?(): { row0: number; row1: number; col0: number; col1: number } | undefined;
}

interface Shown { spec: ViewSpec; vi: ViewInfo; shape: number[] }
interface Line { index?: number; min: Float64Array; max: Float64Array; first: Float64Array; last: Float64Array }
interface Data { resp: EnvelopeResponse; lines: Line[]; key: string; low: number; high: number }

const DETAIL_DELAY = 120;

/** The line settings remembered per file. */
export interface LineSettings { axis: 'row' | 'col'; lines: string; follow?: boolean }

export class LineView extends PlotView<Data> {
  private readonly legend = el('div', 'line-legend');
  private readonly axisSelect = el('select', 'line-axis');
  private readonly linesInput = el('input', 'line-lines');
  private readonly pick: HTMLLabelElement;
  private readonly follow = el('input', 'line-follow');
  private shown: Shown | undefined;
  /** The x range shown, in points (fractional while zooming). */
  private a = 0;
  private b = 1;
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private boxing: Box | undefined;
  private hoverSeq = 0;
  /** A point marked with a vertical line (a linked profile's picked cell; undefined: none). */
  private marked: number | undefined;
  /** The whole lines asked for and not answered yet (their key and request number). */
  private pending: { key: string; seq: number } | undefined;
  /** The points to show once the next whole envelopes arrive (zoomTo before they did). */
  private wanted: { start: number; stop: number } | undefined;

  /** `kind`, `rootClass` and `base` name its parts (PlotView; the Line view's 'line', 'lineplot', 'heatmap'; the linked profiles' own). */
  constructor(private readonly host: LineHost, kind = 'line', rootClass = 'lineplot', base?: string) {
    super(kind, rootClass, t('lineLabel'), t('lineHint'), base);
    for (const [v, key] of [['row', 'lineRows'], ['col', 'lineCols']] as const) {
      const o = el('option', '', t(key));
      o.value = v;
      this.axisSelect.append(o);
    }
    this.axisSelect.setAttribute('aria-label', t('lineAxis'));
    this.linesInput.type = 'text';
    this.linesInput.value = '0';
    this.linesInput.title = t('lineLinesTitle', LIMITS.envelopeLines);
    this.linesInput.setAttribute('aria-label', t('lineLines'));
    this.axisSelect.addEventListener('change', () => { this.linesInput.value = '0'; this.reload(); this.onSettings(); });
    this.linesInput.addEventListener('change', () => { this.reload(); this.onSettings(); });
    this.pick = el('label', 'label heatmap-control');
    this.pick.append(this.axisSelect, this.linesInput);
    const fit = el('button', 'action line-fit', t('zoomFit'));
    fit.type = 'button';
    fit.title = t('lineFitTitle');
    fit.addEventListener('click', () => this.zoomKey('0'));
    this.controls.append(this.pick, fit);
    this.controls.append(this.followControl());
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    attachGestures(this.canvas, {
      zoom: (x, _y, f) => this.zoomAt(x, f),
      pan: (dx) => this.panBy(dx),
      box: (bx) => this.zoomToBox(bx),
      boxing: (bx) => { this.boxing = bx; this.draw(); },
    });
    this.root.append(this.area, this.legend, this.readout);
  }

  setView(spec: ViewSpec, vi: ViewInfo, shape: number[]): void {
    const same = this.shown && JSON.stringify(this.shown.spec) === JSON.stringify(spec);
    this.shown = { spec, vi, shape };
    if (!same) { this.data = undefined; this.seq++; }
    this.schedule();
  }

  get settings(): LineSettings {
    return { axis: this.axisSelect.value as 'row' | 'col', lines: this.linesInput.value, follow: this.follow.checked };
  }

  set settings(s: LineSettings) {
    if (s.axis === 'row' || s.axis === 'col') this.axisSelect.value = s.axis;
    if (typeof s.lines === 'string') this.linesInput.value = s.lines.slice(0, 200);
    this.follow.checked = !!s.follow;
    this.reload();
  }

  /** What tests read of the plot drawn (PicturesProbe); undefined before it is. */
  probe(): PlotLineProbe | undefined {
    const d = this.data;
    if (!d) return undefined;
    const l = d.lines[0];
    const first = (xs: Float64Array | undefined): number[] => Array.from((xs ?? new Float64Array(0)).subarray(0, 256));
    return {
      a: this.a, b: this.b, start: d.resp.start, stop: d.resp.stop, ...(l?.index !== undefined ? { index: l.index } : {}),
      min: first(l?.min), max: first(l?.max), low: d.low, high: d.high, ...(this.marked !== undefined ? { mark: this.marked } : {}),
      busy: this.root.classList.contains('loading') || this.root.classList.contains('zooming') || !!this.timer,
    };
  }

  /** Marks point `p` (undefined: no mark). */
  mark(p: number | undefined): void {
    this.marked = p;
    this.draw();
  }

  /** Shows points start … stop − 1 (at full resolution once the view rests); all of them when undefined. */
  zoomTo(range: { start: number; stop: number } | undefined): void {
    const d = this.data, s = this.shown;
    if (!d || !s || d.key !== this.key(s)) { this.wanted = range; return; }
    this.wanted = undefined;
    this.setRange(range?.start ?? 0, range?.stop ?? this.size);
  }

  /** Forgets the envelopes (the file or the complex part changed); `keepView`: the x range shown stays. */
  override invalidate(keepView = false): void {
    const zoomed = keepView && this.data && (this.a > 0 || this.b < this.size);
    this.wanted = zoomed ? { start: this.a, stop: this.b } : this.wanted;
    super.invalidate();
  }

  private reload(): void {
    this.data = undefined;
    this.seq++;
    this.schedule();
  }

  /** The lines asked for: undefined for a 1-D slice, else rows or columns (a message when the text is bad). */
  private lineChoice(s: Shown): { axis: 'row' | 'col'; indices: number[] } | string | undefined {
    const twoD = s.vi.shape.length === 2;
    this.pick.hidden = !twoD;
    if (!twoD) return undefined;
    const axis = this.axisSelect.value as 'row' | 'col';
    const n = axis === 'row' ? s.vi.rows : s.vi.cols;
    const parts = this.linesInput.value.split(/[\s,]+/).filter((p) => p !== '');
    const indices: number[] = [];
    for (const p of parts) {
      const i = Number(p);
      if (!/^-?\d+$/.test(p) || i < -n || i >= n) return t('lineBadIndex', p, n);
      indices.push(i < 0 ? i + n : i);
    }
    if (indices.length === 0) return t('lineBadIndex', '', n);
    if (indices.length > LIMITS.envelopeLines) return t('lineTooMany', LIMITS.envelopeLines);
    return { axis, indices };
  }

  private key(s: Shown): string {
    return JSON.stringify([s.spec, this.axisSelect.value, this.linesInput.value]);
  }

  /** "Follow selection": a checkbox; while on, the lines are the grid's selected rows (or columns). */
  private followControl(): HTMLLabelElement {
    this.follow.type = 'checkbox';
    this.follow.title = t('lineFollowTitle');
    this.follow.addEventListener('change', () => { this.followSelection(); this.reload(); this.onSettings(); });
    const label = el('label', 'label heatmap-control', t('lineFollow'));
    label.append(this.follow);
    label.hidden = !this.host.selection;
    return label;
  }

  /** While following, the lines input takes the selected rows or columns (at most LIMITS.envelopeLines). */
  private followSelection(): void {
    const r = this.follow.checked ? this.host.selection?.() : undefined;
    if (!r || this.shown?.vi.shape.length !== 2) return;
    const [a, b] = this.axisSelect.value === 'row' ? [r.row0, r.row1] : [r.col0, r.col1];
    const text = Array.from({ length: Math.min(LIMITS.envelopeLines, b - a + 1) }, (_, i) => a + i).join(', ');
    if (text !== this.linesInput.value) this.linesInput.value = text;
  }

  protected refresh(): void {
    const s = this.shown;
    // Laid out at no size (a hidden panel): the columns to ask for are not known yet.
    if (!s || this.area.clientWidth === 0) return;
    this.followSelection();
    if (!this.data || this.data.key !== this.key(s)) {
      // The same lines already on their way (a resize, or shown again, while they load): wait for them.
      if (this.pending?.key !== this.key(s) || this.pending.seq !== this.seq) void this.load(true);
    }
    else { this.draw(); this.scheduleDetail(); }
  }

  /** Asks for the envelopes of the x range shown (`whole`: of every point, the view fitted). */
  private async load(whole: boolean): Promise<void> {
    const s = this.shown;
    if (!s) return;
    const choice = this.lineChoice(s);
    if (typeof choice === 'string') { this.showMessage(choice); return; }
    const columns = Math.max(1, Math.min(LIMITS.envelopeColumns, Math.floor((this.area.clientWidth - 76) * (window.devicePixelRatio || 1))));
    const key = this.key(s);
    const mine = ++this.seq;
    if (whole) this.pending = { key, seq: mine };
    const start = whole ? undefined : Math.max(0, Math.floor(this.a)), stop = whole ? undefined : Math.ceil(this.b);
    this.root.classList.add(whole ? 'loading' : 'zooming');
    try {
      const resp = await this.host.envelope({ view: s.spec, columns, start, stop, ...(choice ? { lines: choice } : {}) });
      if (mine !== this.seq) return;
      const lines = resp.lines.map((l) => ({ index: l.index, min: decodeFloat64(l.min), max: decodeFloat64(l.max), first: decodeFloat64(l.first), last: decodeFloat64(l.last) }));
      let low = Infinity, high = -Infinity;
      for (const l of lines) for (let c = 0; c < resp.columns; c++) {
        if (Number.isFinite(l.min[c])) low = Math.min(low, l.min[c]);
        if (Number.isFinite(l.max[c])) high = Math.max(high, l.max[c]);
        if (l.min[c] === Infinity) high = Math.max(high, low);
      }
      if (low > high) { low = 0; high = 1; }
      if (low === high) { low -= 0.5; high += 0.5; }
      this.data = { resp, lines, key, low, high };
      this.size = resp.size;
      if (whole) { this.a = 0; this.b = Math.max(1, resp.size); }
      this.showMessage(undefined);
      this.showLegend(s, lines);
      const wanted = this.wanted;
      this.wanted = undefined;
      if (whole && wanted) this.setRange(wanted.start, wanted.stop);
      else this.draw();
    } catch (e) {
      if (mine !== this.seq) return;
      this.data = undefined;
      this.showMessage(errorText(e));
    } finally {
      if (mine === this.seq) { this.root.classList.remove('loading', 'zooming'); this.pending = undefined; }
    }
  }

  private showMessage(text: string | undefined): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
    this.canvas.hidden = text !== undefined;
    this.legend.hidden = text !== undefined;
  }

  private showLegend(s: Shown, lines: Line[]): void {
    const colours = seriesColours(this.root);
    const items = lines.length > 1 ? lines.map((l, i) => {
      const item = el('span', 'line-legend-item');
      const sw = el('span', 'colorbar-swatch');
      sw.style.background = colours[i % colours.length];
      item.append(sw, el('span', '', t(this.axisSelect.value === 'row' ? 'lineRowN' : 'lineColN', l.index ?? 0)));
      return item;
    }) : [];
    this.legend.replaceChildren(...items);
    this.legend.hidden = items.length === 0 || s.vi.shape.length !== 2;
  }

  /** x of point p (fractional) on the canvas. */
  private xOf(p: number): number {
    const f = this.frame!;
    return f.left + ((p - this.a) / (this.b - this.a)) * f.width;
  }

  private draw(): void {
    const drawing = this.startDraw();
    if (!drawing) return;
    const { d, ctx, frame } = drawing;
    const ds = this.canvas.dataset;
    ds.a = String(this.a); ds.b = String(this.b); ds.low = String(d.low); ds.high = String(d.high);
    ds.columns = String(d.resp.columns); ds.start = String(d.resp.start); ds.stop = String(d.resp.stop);
    drawAxes(ctx, this.root, frame, { kind: 'linear', low: this.a, high: this.b }, { kind: 'linear', low: d.low, high: d.high });
    const yOf = (v: number): number => {
      const y = frame.top + (1 - (v - d.low) / (d.high - d.low)) * frame.height;
      return Math.max(frame.top - 2, Math.min(frame.top + frame.height + 2, y));
    };
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.left, frame.top - 2, frame.width, frame.height + 4);
    ctx.clip();
    const colours = seriesColours(this.root);
    const { start, stop, columns } = d.resp;
    const n = stop - start;
    d.lines.forEach((l, li) => {
      ctx.strokeStyle = colours[li % colours.length];
      ctx.lineWidth = 1.5;
      ctx.lineJoin = 'round';
      ctx.beginPath();
      let pen = false;
      for (let c = 0; c < columns; c++) {
        const c0 = start + Math.floor(c * n / columns), c1 = start + Math.floor((c + 1) * n / columns);
        const x = c1 - c0 <= 1 ? this.xOf(c0) : this.xOf((c0 + c1 - 1) / 2);
        if (Number.isNaN(l.min[c])) { pen = false; continue; }
        const seq = c1 - c0 <= 1 ? [l.first[c]] : [l.first[c], l.min[c], l.max[c], l.last[c]];
        for (const v of seq) {
          if (Number.isNaN(v)) { pen = false; continue; }
          const y = v === Infinity ? frame.top - 2 : v === -Infinity ? frame.top + frame.height + 2 : yOf(v);
          if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
          pen = true;
        }
        if (Number.isNaN(l.last[c])) pen = false;
      }
      ctx.stroke();
      // A lone point (NaN on both sides) is a dot.
      if (columns === 1 && Number.isFinite(l.first[0])) ctx.fillRect(this.xOf(start) - 1.5, yOf(l.first[0]) - 1.5, 3, 3);
    });
    ctx.restore();
    ds.mark = this.marked === undefined ? '' : String(this.marked);
    if (this.marked !== undefined && this.marked >= this.a && this.marked < this.b) {
      const x = Math.round(this.xOf(this.marked)) + 0.5;
      ctx.strokeStyle = themeColour(this.root, '--vscode-editorCursor-foreground', themeColour(this.root, '--vscode-foreground', '#cccccc'));
      ctx.setLineDash([3, 3]);
      ctx.beginPath(); ctx.moveTo(x, frame.top); ctx.lineTo(x, frame.top + frame.height); ctx.stroke();
      ctx.setLineDash([]);
    }
    if (this.boxing) {
      const bx = this.boxing;
      ctx.strokeStyle = themeColour(this.root, '--vscode-focusBorder', '#007fd4');
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(Math.min(bx.x0, bx.x1) + 0.5, frame.top + 0.5, Math.abs(bx.x1 - bx.x0), frame.height);
      ctx.setLineDash([]);
    }
  }

  private setRange(a: number, b: number): void {
    const n = Math.max(1, this.size);
    const minSpan = Math.min(n, 4);
    let span = Math.max(minSpan, Math.min(n, b - a));
    if (!(span > 0)) span = n;
    a = Math.max(0, Math.min(n - span, a));
    this.a = a; this.b = a + span;
    this.draw();
    this.scheduleDetail();
  }

  private zoomAt(x: number, factor: number): void {
    const f = this.frame;
    if (!this.data || !f) return;
    const p = this.a + ((x - f.left) / f.width) * (this.b - this.a);
    const span = (this.b - this.a) / factor;
    const at = (x - f.left) / f.width;
    this.setRange(p - at * span, p - at * span + span);
  }

  private panBy(dx: number): void {
    const f = this.frame;
    if (!this.data || !f) return;
    const dp = (dx / f.width) * (this.b - this.a);
    this.setRange(this.a - dp, this.b - dp);
  }

  private zoomToBox(bx: Box): void {
    const f = this.frame;
    if (!this.data || !f || Math.abs(bx.x1 - bx.x0) < 3) return;
    const p = (x: number): number => this.a + ((x - f.left) / f.width) * (this.b - this.a);
    this.setRange(p(Math.min(bx.x0, bx.x1)), p(Math.max(bx.x0, bx.x1)));
  }

  private zoomKey(key: string): void {
    const f = this.frame;
    if (!this.data || !f) return;
    if (key === '0') this.setRange(0, this.size);
    else this.zoomAt(f.left + f.width / 2, key === '-' || key === '_' ? 0.5 : 2);
  }

  /** Once the view rests, the range shown at full resolution (unless the envelopes at hand have it). */
  private scheduleDetail(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const d = this.data;
      if (!d || !this.visible) return;
      const start = Math.max(0, Math.floor(this.a)), stop = Math.min(this.size, Math.ceil(this.b));
      if (d.resp.start === start && d.resp.stop === stop) return;
      void this.load(start === 0 && stop === this.size);
    }, DETAIL_DELAY);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (['+', '=', '-', '_', '0'].includes(e.key)) { e.preventDefault(); this.zoomKey(e.key); return; }
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const f = this.frame;
      if (f) this.panBy((e.key === 'ArrowLeft' ? 0.1 : -0.1) * f.width);
    }
  }

  /** Shows the point (or the column's points) under x: the grid's text, or a column's min and max. */
  protected async hoverAt(x: number): Promise<void> {
    const d = this.data, s = this.shown, f = this.frame;
    if (!d || !s || !f || x < f.left || x > f.left + f.width) return;
    const { start, stop, columns } = d.resp;
    const n = stop - start;
    const p = this.a + ((x - f.left) / f.width) * (this.b - this.a);
    let c = Math.floor(((p - start + 0.5) * columns) / n);
    if (n <= columns) c = Math.round(p - start);
    c = Math.max(0, Math.min(columns - 1, c));
    const c0 = start + Math.floor(c * n / columns), c1 = start + Math.floor((c + 1) * n / columns);
    const mine = ++this.hoverSeq;
    const texts: string[] = [];
    const twoD = s.vi.shape.length === 2;
    const g = gridIndexing(s.vi, s.shape);
    for (const [li, l] of d.lines.entries()) {
      const rc = (i: number): [number, number] => {
        if (twoD) return this.axisSelect.value === 'row' ? [l.index ?? 0, i] : [i, l.index ?? 0];
        return s.vi.rowAxis === 0 ? [i, 0] : [0, i];
      };
      const [r0, col0] = rc(c0);
      if (c1 - c0 <= 1) {
        let value: string;
        try { value = await this.host.cellText(s.spec, r0, col0); } catch (e) { value = errorText(e); }
        texts.push(t('heatmapCell', indexText(cellIndex(g, r0, col0)), value));
      } else {
        const [r1, col1] = rc(c1 - 1);
        texts.push(t('lineColumn', indexText(cellIndex(g, r0, col0)), indexText(cellIndex(g, r1, col1)), pyFloat(l.min[c]), pyFloat(l.max[c])));
      }
      if (mine !== this.hoverSeq || li > 3) break;
    }
    if (mine === this.hoverSeq) {
      this.readout.textContent = texts.join('   ');
      this.readout.dataset.points = `${c0},${c1}`;
    }
  }
}
