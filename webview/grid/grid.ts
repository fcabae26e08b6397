/**
 * The virtual grid: draws only the cells that are visible, reusing their elements, over a native
 * scroll area whose spacer is capped (see scroll.ts). Headers are drawn in the same fixed layer,
 * in containers of their own that move along one axis only, so they stay put ("sticky") without
 * any CSS tricks.
 * Cell values come from the PageLoader's cache; the grid asks it for the visible pages plus a
 * prefetch ring every time it renders.
 */
import { CellFlag, type PageData, type ViewSpec } from '../../src/shared/protocol';
import { el } from '../dom';
import { viewKey } from '../../src/shared/views';
import { PageLoader, pagesFor, prefetchFor } from '../pages';
import * as S from '../scroll';
import { moveSelection, rectOf, type Cell, type Rect, type Selection } from '../selection';
import { t } from '../strings';

export interface GridModel {
  view: ViewSpec;
  rows: number;
  cols: number;
  /** Field names of a structured dtype ([] for plain dtypes: one sub-column per element). */
  fields: string[];
  /** False when the view has no row (0-d) / column (0-d, 1-D) axis: headers show no index. */
  hasRowAxis: boolean;
  hasColAxis: boolean;
}

export interface GridEvents {
  /** Selection or scroll position changed (for persisting state). */
  changed(): void;
  copy(rect: Rect): void;
}

const ROW_PX = 22;
const HEAD_PX = 24;
const MIN_COL_PX = 56;
/** Longest text shown whole in a column (longer ones are cut with '…'; the title has all). */
const MAX_COL_CHARS = 36;
/** Characters of padding in a column: one either side of the value. */
const PAD_CHARS = 2;

/** A header element, with what it shows cached on it (so drawing reads no DOM). */
interface CellEl extends HTMLElement { _t?: string; _cls?: string; _text?: Text }
/**
 * A run: consecutive visible cells of one row drawn as ONE text node (cells padded to the column
 * width in characters, the font being monospace), or one cell drawn on its own: the focused
 * cell, or ('free') text that is not plain ASCII, or any cell when the font is not monospace.
 */
interface RunEl extends HTMLSpanElement { _t: string; _cls: string; _n: number; _w: number; _text: Text }
/** A container positioned by transform, with its last position and size. */
interface Positioned extends HTMLDivElement { _x?: number; _y?: number; _w?: number; _h?: number }
/** One shown row: its element and its runs (the first `shown` are in the DOM). */
interface RowSlot { el: HTMLDivElement; runs: RunEl[]; shown: number; row: number }

/** Cell states (each its own style), in the order of CellState's class names. */
const enum State { Value = 0, Pending = 1, Failed = 2, Special = 3 }
const STATE_CLS = ['', ' pending', ' failed', ' special'];

export class Grid {
  readonly root: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  /** The data rows, moved as one by transform; row headers and column headers likewise. */
  private readonly body: Positioned;
  private readonly rowHeadBox: Positioned;
  private readonly colHeadBox: Positioned;
  private readonly corner: HTMLDivElement;
  /**
   * Column guide lines: one background (a gradient repeating every column) on an element of its
   * own layer under the rows, moved like them: scrolling never repaints it.
   */
  private readonly guides: Positioned;
  /** The element guide lines' shift (structured dtypes), last written to --grid-el-shift. */
  private elShiftSet = '';
  /** Offscreen live region announcing the focused cell to screen readers. */
  private readonly live: HTMLDivElement;
  private announced = '';
  private countsSet = '';
  /** Whether the font was measured (not while the grid was hidden). */
  private measured = false;
  /** Shown rows in visual (= DOM) order, and detached ones kept for reuse. */
  private readonly rows: RowSlot[] = [];
  private readonly spareRows: RowSlot[] = [];
  private readonly colHeads: { cells: CellEl[]; shown: number; d0: number } = { cells: [], shown: 0, d0: -1 };
  /** Row headers: the lines before, in and after the selected rows (three text runs). */
  private readonly rowHeads: CellEl[];
  /** The column width last written to the --grid-col-px property. */
  private colPxSet = -1;
  /** The scroller's client size, read by layout() only (drawing never reads layout). */
  private viewW = 0;
  private viewH = 0;
  private model: GridModel | undefined;
  private vk = '';
  /** The previous view's cache key, shown while the current (same-shaped) view loads. */
  private fallbackVk: string | undefined;
  private offY = 0;
  private offX = 0;
  /** Native scroll positions we set ourselves (their scroll events are not user moves). */
  private setTop = -1;
  private setLeft = -1;
  private colPx = 96;
  /** Column width in characters (colPx = cellChars × charPx), padding included. */
  private cellChars = 12;
  private rowHeadPx = 48;
  private widthFromData = false;
  private charPx = 7.8;
  /** The editor font is monospace (runs of many cells line up); else every cell is drawn alone. */
  private mono = true;
  /** Characters beyond printable ASCII measured as one column wide ('…', the placeholder). */
  private monoExtras = new Set<string>();
  /** The pointer over the layer (layer-relative px), for the hover title. */
  private hover: { x: number; y: number } | undefined;
  /** The row element holding the hover title. */
  private titled: HTMLElement | undefined;
  /** Visible window of the last render (display columns), for hover lookups. */
  private shownRow0 = 0;
  private shownD0 = 0;
  private lastFirst = { row: 0, col: 0 };
  private dir = { dr: 0, dc: 0 };
  private frame = 0;
  private dragging = false;
  selection: Selection | undefined;
  /** Texts of the last render (for StateEvent.rendered). */
  private lastRendered: RenderedCells =
    { rows: [], cols: [], texts: [], loading: false, complete: false };

  constructor(private readonly loader: PageLoader, private readonly events: GridEvents) {
    this.root = el('div', 'grid');
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'grid');
    this.scroller = el('div', 'grid-scroller');
    this.spacer = el('div', 'grid-spacer');
    this.scroller.appendChild(this.spacer);
    this.layer = el('div', 'grid-layer');
    this.body = el('div', 'grid-body');
    this.rowHeadBox = el('div', 'grid-row-heads');
    this.rowHeads = ['row-head', 'row-head selected', 'row-head'].map((cls) => {
      const c = el('span', cls) as CellEl;
      c._t = '';
      c._text = c.appendChild(document.createTextNode(''));
      return c;
    });
    this.rowHeadBox.append(...this.rowHeads);
    // Row numbers are one text (not per-row headers); the live region names the focused cell's row.
    this.rowHeadBox.setAttribute('aria-hidden', 'true');
    this.colHeadBox = el('div', 'grid-col-heads');
    this.colHeadBox.setAttribute('role', 'row');
    this.corner = el('div', 'grid-corner');
    this.guides = el('div', 'grid-guides');
    this.guides.setAttribute('aria-hidden', 'true');
    this.layer.append(this.guides, this.body, this.rowHeadBox, this.colHeadBox, this.corner);
    this.live = el('div', 'grid-live');
    this.live.setAttribute('aria-live', 'polite');
    this.live.setAttribute('aria-atomic', 'true');
    this.root.append(this.scroller, this.layer, this.live);

    this.scroller.addEventListener('scroll', () => this.onNativeScroll(), { passive: true });
    this.layer.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.layer.addEventListener('mousedown', (e) => this.onMouseDown(e));
    this.layer.addEventListener('mousemove', (e) => this.onHover(e));
    this.layer.addEventListener('mouseleave', () => { this.hover = undefined; this.updateTitle(); });
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    // Redraw within the resize's own frame (observers run after layout, before paint), so a
    // resized grid never shows a frame of the old layout.
    new ResizeObserver(() => {
      if (!this.measured && this.model) this.measure();
      this.layout();
      this.renderNow();
    }).observe(this.root);
    // Column widths are in characters of the editor font: measure again once a font loads.
    document.fonts?.addEventListener('loadingdone', () => {
      if (!this.model) return;
      this.measure();
      this.layout();
      this.scheduleRender();
    });
  }

  // ------------------------------------------------------------------ model and position

  /**
   * Shows a (new) view. `at` keeps a position (reload, restore); the selection is kept if given.
   * `sameAxes`: the view is another slice of the same array along the same grid axes (a slider
   * move); only then may the old values stand in while the new ones load.
   */
  setModel(model: GridModel, at?: Cell, selection?: Selection, sameAxes = false): void {
    const vk = viewKey(model.view);
    const sameView = vk === this.vk;
    const old = this.model;
    const sameShape = !!old && old.rows === model.rows && old.cols === model.cols && old.fields.join('\n') === model.fields.join('\n');
    if (!sameView) {
      // Moving through a slice (same grid shape): keep the old texts and widths until the new
      // slice's pages arrive, so scrubbing a slider does not flash placeholders. Another member
      // or another orientation must never show the old values under its name.
      const slide = sameAxes && sameShape && old.view.member === model.view.member;
      this.fallbackVk = slide ? this.vk : undefined;
      if (!slide) this.widthFromData = false;
    }
    this.model = model;
    this.vk = vk;
    this.measure();
    this.selection = selection;
    this.layout();
    if (at) this.scrollTo(at, 'top');
    else if (!sameView) this.scrollTo({ row: 0, col: 0 }, 'top');
    this.scheduleRender();
  }

  getModel(): GridModel | undefined {
    return this.model;
  }

  /** Top-left visible cell (elements). */
  topLeft(): Cell {
    const fc = this.fieldCount();
    return {
      row: S.visibleRange(this.axisY(), this.offY).first,
      col: Math.floor(S.visibleRange(this.axisX(), this.offX).first / fc),
    };
  }

  /** Scrolls so the cell is visible ('reveal') or at the top-left ('top'). */
  scrollTo(cell: Cell, mode: 'reveal' | 'top'): void {
    if (!this.model) return;
    const fc = this.fieldCount();
    const ay = this.axisY();
    const ax = this.axisX();
    if (mode === 'top') {
      this.offY = S.offsetOf(ay, cell.row);
      this.offX = S.offsetOf(ax, cell.col * fc);
    } else {
      this.offY = S.revealOffset(ay, this.offY, cell.row);
      // Reveal the whole element (all its sub-columns) when it fits.
      this.offX = S.revealOffset(ax, this.offX, cell.col * fc + fc - 1);
      this.offX = S.revealOffset(ax, this.offX, cell.col * fc);
    }
    this.syncScrollbars();
    this.scheduleRender();
  }

  select(sel: Selection | undefined, reveal = true): void {
    this.selection = sel;
    if (sel && reveal) this.scrollTo(sel.focus, 'reveal');
    this.scheduleRender();
    this.events.changed();
  }

  focus(): void {
    this.root.focus({ preventScroll: true });
  }

  rendered(): RenderedCells {
    return this.lastRendered;
  }

  /** Re-render soon (data arrived, format changed). */
  scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders now (tests and state reports want the DOM current). */
  renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  // ------------------------------------------------------------------ geometry

  private fieldCount(): number {
    return Math.max(1, this.model?.fields.length ?? 1);
  }

  private axisY(): S.Axis {
    return { count: this.model?.rows ?? 0, itemPx: ROW_PX, viewportPx: Math.max(0, this.viewH - HEAD_PX) };
  }

  private axisX(): S.Axis {
    const n = (this.model?.cols ?? 0) * this.fieldCount();
    return { count: n, itemPx: this.colPx, viewportPx: Math.max(0, this.viewW - this.rowHeadPx) };
  }

  /**
   * Character width of the editor font, and widths that depend on it. Measured over many
   * characters (fractional widths add up); also whether the font is monospace (narrow and wide
   * letters alike) and which non-ASCII characters we draw inside runs are one column wide.
   */
  private measure(): void {
    const probe = el('div', 'grid-probe');
    const span = (text: string): HTMLSpanElement => probe.appendChild(el('span', undefined, text));
    const extras = ['…', t('placeholder')];
    const digits = span('0123456789'.repeat(10));
    const thin = span('il.'.repeat(20));
    const wide = span('MW@'.repeat(20));
    const extraSpans = extras.map((c) => span(c.repeat(60)));
    this.root.appendChild(probe);
    const w = digits.getBoundingClientRect().width;
    this.measured = w > 0;
    if (w > 0) {
      this.charPx = w / 100;
      const near = (e: HTMLSpanElement, n: number): boolean => Math.abs(e.getBoundingClientRect().width - n * this.charPx) < 0.5;
      this.mono = near(thin, 60) && near(wide, 60);
      this.monoExtras = new Set(extras.filter((c, i) => c.length === 1 && near(extraSpans[i], 60)));
    }
    probe.remove();
    const m = this.model;
    const digitCount = m ? String(Math.max(0, m.rows - 1)).length : 1;
    this.rowHeadPx = Math.max(40, Math.ceil((digitCount + PAD_CHARS) * this.charPx + 2));
    if (!this.widthFromData) this.setCellChars(this.headChars() || 8);
    else this.setCellChars(this.cellChars - PAD_CHARS);
  }

  /** Characters the column headers need (0: no field names). */
  private headChars(): number {
    const m = this.model;
    return m && m.fields.length ? Math.max(...m.fields.map((f) => f.length)) + 4 : 0;
  }

  /** Sets the column width for values of `chars` characters (capped), keeping the first column in view. */
  private setCellChars(chars: number): void {
    const minChars = Math.ceil(MIN_COL_PX / this.charPx);
    const cellChars = Math.max(minChars, Math.min(MAX_COL_CHARS, Math.max(chars, 4)) + PAD_CHARS);
    const px = cellChars * this.charPx;
    if (cellChars === this.cellChars && px === this.colPx) return;
    const first = this.model ? this.topLeft() : undefined;
    this.cellChars = cellChars;
    this.colPx = px;
    if (first) {
      this.layout();
      this.offX = S.offsetOf(this.axisX(), first.col * this.fieldCount());
      this.syncScrollbars();
    }
  }

  /** Column width from the first page of data (one width for all columns keeps the math exact). */
  private fitWidth(values: string[]): void {
    let longest = 0;
    for (const v of values) if (v.length > longest) longest = v.length;
    this.widthFromData = true;
    this.setCellChars(Math.max(longest, this.headChars()));
  }

  private layout(): void {
    // The spacer's size does not depend on the viewport; the client size (scrollbars shown or
    // not) depends on the spacer, so it is read after.
    this.spacer.style.height = `${HEAD_PX + S.spacerPx(this.axisY())}px`;
    this.spacer.style.width = `${this.rowHeadPx + S.spacerPx(this.axisX())}px`;
    this.viewW = this.scroller.clientWidth;
    this.viewH = this.scroller.clientHeight;
    const ay = this.axisY();
    const ax = this.axisX();
    // The layer covers the scroller's client area only, so the native scrollbars stay usable.
    this.layer.style.width = `${this.viewW}px`;
    this.layer.style.height = `${this.viewH}px`;
    this.corner.style.width = `${this.rowHeadPx}px`;
    this.corner.style.height = `${HEAD_PX}px`;
    this.offY = S.clampOffset(ay, this.offY);
    this.offX = S.clampOffset(ax, this.offX);
    this.syncScrollbars();
    this.scheduleRender();
  }

  private syncScrollbars(): void {
    const top = Math.round(S.offsetToScroll(this.axisY(), this.offY));
    const left = Math.round(S.offsetToScroll(this.axisX(), this.offX));
    if (this.scroller.scrollTop !== top) {
      this.scroller.scrollTop = top;
      this.setTop = this.scroller.scrollTop;
    }
    if (this.scroller.scrollLeft !== left) {
      this.scroller.scrollLeft = left;
      this.setLeft = this.scroller.scrollLeft;
    }
  }

  // ------------------------------------------------------------------ input

  private onNativeScroll(): void {
    const top = this.scroller.scrollTop;
    const left = this.scroller.scrollLeft;
    // Only a real user move (thumb drag, scrollbar click) re-derives the virtual offset; our own
    // assignments would otherwise round the precise offset to the scrollbar's coarse pixels.
    if (Math.abs(top - this.setTop) >= 1) {
      this.offY = S.scrollToOffset(this.axisY(), top);
      this.setTop = top;
    }
    if (Math.abs(left - this.setLeft) >= 1) {
      this.offX = S.scrollToOffset(this.axisX(), left);
      this.setLeft = left;
    }
    this.scheduleRender();
    this.events.changed();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const unitY = e.deltaMode === 1 ? ROW_PX : e.deltaMode === 2 ? this.axisY().viewportPx : 1;
    const unitX = e.deltaMode === 1 ? this.colPx : e.deltaMode === 2 ? this.axisX().viewportPx : 1;
    let dx = e.deltaX * unitX;
    let dy = e.deltaY * unitY;
    if (e.shiftKey && dx === 0) {
      dx = dy;
      dy = 0;
    }
    this.offY = S.clampOffset(this.axisY(), this.offY + dy);
    this.offX = S.clampOffset(this.axisX(), this.offX + dx);
    this.syncScrollbars();
    this.scheduleRender();
    this.events.changed();
  }

  /** The row and display column under a point of the layer (layer-relative px; not clamped). */
  private pointAt(x: number, y: number): { row: number; d: number } {
    return {
      row: Math.floor((y - HEAD_PX + this.offY) / ROW_PX),
      d: Math.floor((x - this.rowHeadPx + this.offX) / this.colPx),
    };
  }

  /** The cell under a point of the layer (clamped to the grid), and whether it hit a header. */
  private cellAt(clientX: number, clientY: number): { cell: Cell; rowHead: boolean; colHead: boolean } {
    const m = this.model!;
    const r = this.layer.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    const { row, d } = this.pointAt(x, y);
    const col = Math.floor(d / this.fieldCount());
    return {
      cell: { row: clamp(row, 0, m.rows - 1), col: clamp(col, 0, m.cols - 1) },
      rowHead: x < this.rowHeadPx,
      colHead: y < HEAD_PX,
    };
  }

  /**
   * Full value on hover, from coordinates: the row under the pointer gets the title of the cell
   * under it, kept current as the pointer moves or the data under it changes (render calls
   * updateTitle). Cells have no elements of their own, and titling every run while scrolling
   * would restyle each one.
   */
  private onHover(e: MouseEvent): void {
    const r = this.layer.getBoundingClientRect();
    this.hover = { x: e.clientX - r.left, y: e.clientY - r.top };
    this.updateTitle();
  }

  /** Sets the title of the row under the pointer to the full text of the cell under it. */
  private updateTitle(): void {
    let target: HTMLElement | undefined;
    let text = '';
    const hv = this.hover;
    if (hv && this.model && hv.x >= this.rowHeadPx && hv.y >= HEAD_PX) {
      const { row, d } = this.pointAt(hv.x, hv.y);
      const a = row - this.shownRow0;
      const line = this.lastRendered.texts[a];
      const b = d - this.shownD0;
      if (line && b >= 0 && b < line.length && this.rows[a]) {
        target = this.rows[a].el;
        text = line[b];
      }
    }
    if (this.titled && this.titled !== target) this.titled.removeAttribute('title');
    if (target && target.title !== text) target.title = text;
    this.titled = target;
  }

  private onMouseDown(e: MouseEvent): void {
    if (e.button !== 0 || !this.model || this.model.rows === 0 || this.model.cols === 0) return;
    e.preventDefault();
    this.focus();
    const hit = this.cellAt(e.clientX, e.clientY);
    const m = this.model;
    if (hit.rowHead && hit.colHead) {
      this.select({ anchor: { row: 0, col: 0 }, focus: { row: m.rows - 1, col: m.cols - 1 } }, false);
      return;
    }
    if (hit.colHead) {
      this.select({ anchor: { row: 0, col: hit.cell.col }, focus: { row: m.rows - 1, col: hit.cell.col } }, false);
      return;
    }
    if (hit.rowHead) {
      this.select({ anchor: { row: hit.cell.row, col: 0 }, focus: { row: hit.cell.row, col: m.cols - 1 } }, false);
      return;
    }
    const anchor = e.shiftKey && this.selection ? this.selection.anchor : hit.cell;
    this.select({ anchor, focus: hit.cell }, false);
    this.dragging = true;
    const move = (ev: MouseEvent): void => {
      if (!this.dragging || !this.selection) return;
      const h = this.cellAt(ev.clientX, ev.clientY);
      if (h.cell.row !== this.selection.focus.row || h.cell.col !== this.selection.focus.col)
        this.select({ anchor: this.selection.anchor, focus: h.cell }, true);
    };
    const up = (): void => {
      this.dragging = false;
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }

  private onKey(e: KeyboardEvent): void {
    const m = this.model;
    if (!m) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === 'c' || e.key === 'C')) {
      if (this.selection) this.events.copy(rectOf(this.selection));
      e.preventDefault();
      return;
    }
    if (ctrl && (e.key === 'a' || e.key === 'A')) {
      this.select({ anchor: { row: 0, col: 0 }, focus: { row: m.rows - 1, col: m.cols - 1 } }, false);
      e.preventDefault();
      return;
    }
    const cur = this.selection ?? { anchor: this.topLeft(), focus: this.topLeft() };
    const next = moveSelection(cur, { key: e.key, shift: e.shiftKey, ctrl }, m.rows, m.cols,
      S.itemsPerPage(this.axisY()));
    if (!next) return;
    e.preventDefault();
    this.select(next, true);
  }

  // ------------------------------------------------------------------ drawing
  //
  // Drawing is the hot path of scrolling, and what it costs the browser is layout and paint per
  // text node, so a row's visible cells are drawn as a few runs of text, not an element each:
  // - The column width is a whole number of characters of the (monospace) editor font; each cell
  //   of a run is its text right-aligned in that many characters (padStart), cut with '…' when
  //   too long. Consecutive cells of the same style whose texts are plain ASCII share one run;
  //   any other text (CJK, emoji, combining marks…), and the focused cell, gets a run of its own
  //   one column wide, so a glyph of another width never shifts the columns after it.
  // - Runs have fixed widths (cells × column width), so columns line up with their headers
  //   whatever the text. Column guide lines are one background under the rows (`guides`).
  // - Rows are elements in normal flow inside one body container. Scrolling moves the containers
  //   (one transform each). When the view moves by fewer rows than are shown, the rows that stay
  //   visible keep their elements: the ones that scrolled out move to the other end (`rotate`).
  // - Every visible row is still rebuilt as strings on every render and compared with what its
  //   runs show (cached on the elements): a reused element never keeps a stale value, and an
  //   unchanged row costs a compare.
  // - Text goes into each run's one Text node (`data`), never through HTML parsing.
  // - Nothing reads layout while drawing: the viewport size is cached by layout().

  private newCell(cls: string, role: string): CellEl {
    const c = el('div', cls) as CellEl;
    c.setAttribute('role', role);
    c._cls = cls;
    c._t = '';
    c._text = document.createTextNode('');
    c.appendChild(c._text);
    return c;
  }

  private newRun(): RunEl {
    const r = el('span', 'run') as RunEl;
    r._cls = 'run';
    r._t = '';
    r._n = 0;
    r._w = -1;
    r._text = document.createTextNode('');
    r.appendChild(r._text);
    return r;
  }

  private newRow(): RowSlot {
    const r: RowSlot = { el: el('div', 'grid-row'), runs: [], shown: 0, row: -1 };
    r.el.setAttribute('role', 'row');
    return r;
  }

  /** Puts rows first..first+n-1 in `this.rows` (visual order), reusing the elements of rows still visible. */
  private syncRows(first: number, n: number): void {
    const rows = this.rows;
    const k = rows.length > 0 ? first - rows[0].row : 0;
    if (k !== 0 && Math.abs(k) < rows.length) {
      rotate(rows, k > 0 ? k : rows.length + k, (r, before) => {
        this.body.insertBefore(r.el, before ? before.el : null);
      });
    }
    while (rows.length > n) {
      const r = rows.pop()!;
      r.el.remove();
      this.spareRows.push(r);
    }
    while (rows.length < n) {
      const r = this.spareRows.pop() ?? this.newRow();
      this.body.appendChild(r.el);
      rows.push(r);
    }
    for (let a = 0; a < n; a++) rows[a].row = first + a;
  }

  /** The column headers: display columns d0..d0+n-1, reusing the elements of those still visible. */
  private syncCols(parent: HTMLElement, slot: { cells: CellEl[]; shown: number; d0: number }, d0: number, n: number, cls: string, role: string): void {
    const cells = slot.cells;
    const k = slot.shown > 0 ? d0 - slot.d0 : 0;
    if (k !== 0 && Math.abs(k) < slot.shown) {
      // Only the shown prefix rotates; detached spares stay behind it.
      const shown = cells.slice(0, slot.shown);
      rotate(shown, k > 0 ? k : shown.length + k, (c, before) => parent.insertBefore(c, before ?? null));
      for (let i = 0; i < shown.length; i++) cells[i] = shown[i];
    }
    while (slot.shown > n) cells[--slot.shown].remove();
    while (slot.shown < n) {
      let c = cells[slot.shown];
      if (!c) cells.push(c = this.newCell(cls, role));
      parent.appendChild(c);
      slot.shown++;
    }
    slot.d0 = d0;
  }

  /** Whether a text can be drawn inside a run: every character one column wide in the font. */
  private simple(text: string): boolean {
    if (!this.mono) return false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c < 0x20 || c > 0x7e) && !this.monoExtras.has(text[i])) return false;
    }
    return true;
  }

  /** A simple text in a cell of a run: right-aligned in the column, cut with '…' if too long. */
  private fitted(text: string): string | undefined {
    const w = this.cellChars - PAD_CHARS;
    if (text.length <= w) return ` ${text.padStart(w)} `;
    if (!this.monoExtras.has('…')) return undefined;
    return ` ${text.slice(0, w - 1)}… `;
  }

  /** Shows `n` cells as one run at position i of a row (reusing or adding its element). */
  private putRun(slot: RowSlot, i: number, n: number, cls: string, text: string): void {
    let r = slot.runs[i];
    if (!r) slot.runs.push(r = this.newRun());
    if (i >= slot.shown) {
      slot.el.appendChild(r);
      slot.shown = i + 1;
    }
    const w = n * this.colPx;
    if (r._w !== w) {
      r.style.width = `${w}px`;
      r._w = w;
    }
    if (r._n !== n) {
      r.dataset.n = String(n);
      r._n = n;
    }
    if (r._cls !== cls) {
      r.className = cls;
      r._cls = cls;
    }
    if (r._t !== text) {
      r._text.data = text;
      r._t = text;
    }
  }

  private render(): void {
    const m = this.model;
    if (!m) return;
    const ay = this.axisY();
    const ax = this.axisX();
    const vy = S.visibleRange(ay, this.offY);
    const vx = S.visibleRange(ax, this.offX);
    const fc = this.fieldCount();
    const c0 = Math.floor(vx.first / fc);
    const c1 = vx.n > 0 ? Math.floor((vx.first + vx.n - 1) / fc) : c0 - 1;
    const win = { row0: vy.first, rows: vy.n, col0: c0, cols: c1 - c0 + 1 };
    const PR = this.loader.pageRows;
    const PC = this.loader.pageCols;

    // Ask for what is visible first, then a page ahead in the direction of travel.
    this.dir = {
      dr: Math.sign(vy.first - this.lastFirst.row) || this.dir.dr,
      dc: Math.sign(c0 - this.lastFirst.col) || this.dir.dc,
    };
    this.lastFirst = { row: vy.first, col: c0 };
    const visiblePages = pagesFor(win, PR, PC);
    const ahead = prefetchFor(win, this.dir.dr, this.dir.dc, m.rows, m.cols, PR, PC);
    const seen = new Set(visiblePages.map((p) => `${p.pr},${p.pc}`));
    this.loader.want(m.view, [...visiblePages, ...ahead.filter((p) => !seen.has(`${p.pr},${p.pc}`))]);

    if (!this.widthFromData) {
      for (const p of visiblePages) {
        const d = this.loader.lookup(this.vk, p);
        if (d && this.loader.isFresh(this.vk, p)) {
          this.fitWidth(d.values);
          return this.render();
        }
      }
    }

    // The visible pages, looked up once: pages[pr - pr0][pc - pc0].
    const pr0 = Math.floor(vy.first / PR);
    const pc0 = Math.floor(c0 / PC);
    const pages: VisiblePage[][] = [];
    for (const p of visiblePages) {
      let data = this.loader.lookup(this.vk, p);
      let fresh = !!data && this.loader.isFresh(this.vk, p);
      if (!data && this.fallbackVk) {
        data = this.loader.lookup(this.fallbackVk, p);
        fresh = false;
      }
      (pages[p.pr - pr0] ??= [])[p.pc - pc0] = { data, fresh, failed: !data && this.loader.hasFailed(this.vk, p) };
    }

    // Per display column (the same for every row): element column, field.
    const colOf: number[] = [];
    const fieldOf: number[] = [];
    for (let b = 0; b < vx.n; b++) {
      const d = vx.first + b;
      colOf.push(Math.floor(d / fc));
      fieldOf.push(d % fc);
    }

    // What every visible cell shows: its text and state (read before drawing, so a value longer
    // than the columns widens them first).
    const texts: string[][] = [];
    const states: State[][] = [];
    const rowsOut: number[] = [];
    let loading = false;
    let complete = vy.n > 0 && vx.n > 0;
    let longest = 0;
    for (let a = 0; a < vy.n; a++) {
      const row = vy.first + a;
      rowsOut.push(row);
      const pageRow = pages[Math.floor(row / PR) - pr0];
      const line: string[] = [];
      const st: State[] = [];
      for (let b = 0; b < vx.n; b++) {
        const col = colOf[b];
        const pg = pageRow?.[Math.floor(col / PC) - pc0];
        const data = pg?.data;
        let text = '';
        let state = State.Pending;
        if (data && row >= data.row0 && row < data.row0 + data.rows && col >= data.col0 && col < data.col0 + data.cols) {
          const idx = ((row - data.row0) * data.cols + (col - data.col0)) * data.fieldCount + fieldOf[b];
          text = data.values[idx] ?? '';
          const flag = data.flags[idx] ?? 0;
          state = flag === CellFlag.NaN || flag === CellFlag.Inf || flag === CellFlag.NaT ? State.Special : State.Value;
          if (!pg!.fresh) {
            complete = false;
            loading = true;
          }
          if (text.length > longest) longest = text.length;
        } else {
          complete = false;
          if (pg?.failed) state = State.Failed;
          else loading = true;
        }
        line.push(text);
        st.push(state);
      }
      texts.push(line);
      states.push(st);
    }
    // Values longer than the columns (later rows of a column often are): widen, once per length.
    if (longest > this.cellChars - PAD_CHARS && this.cellChars - PAD_CHARS < MAX_COL_CHARS) {
      this.widthFromData = true;
      this.setCellChars(longest);
      return this.render();
    }

    // Sizes and positions: one transform per container.
    const colPx = this.colPx;
    if (this.colPxSet !== colPx) {
      this.root.style.setProperty('--grid-col-px', `${colPx}px`);
      this.colPxSet = colPx;
    }
    setBox(this.body, vx.n * colPx, vy.n * ROW_PX);
    setBox(this.rowHeadBox, this.rowHeadPx, vy.n * ROW_PX);
    setBox(this.colHeadBox, vx.n * colPx, HEAD_PX);
    setXY(this.body, this.rowHeadPx - vx.shiftPx, HEAD_PX - vy.shiftPx);
    setBox(this.guides, vx.n * colPx, vy.n * ROW_PX);
    setXY(this.guides, this.rowHeadPx - vx.shiftPx, HEAD_PX - vy.shiftPx);
    setXY(this.rowHeadBox, 0, HEAD_PX - vy.shiftPx);
    setXY(this.colHeadBox, this.rowHeadPx - vx.shiftPx, 0);
    // Column guide lines (see `guides`); for a structured dtype a second line every element,
    // shifted to where the first element starts.
    const shiftPx = -((vx.first % fc) * colPx);
    const elShift = fc > 1 ? `${shiftPx}px ${fc * colPx}px` : '';
    if (this.elShiftSet !== elShift) {
      this.guides.classList.toggle('structured', fc > 1);
      this.guides.style.setProperty('--grid-el-shift', `${shiftPx}px`);
      this.guides.style.setProperty('--grid-el-px', `${fc * colPx}px`);
      this.elShiftSet = elShift;
    }

    this.syncRows(vy.first, vy.n);

    const sel = this.selection ? rectOf(this.selection) : undefined;
    const focus = this.selection?.focus;
    const placeholder = t('placeholder');
    /** What a cell shows: its value, or the placeholder / '?' while pending / failed. */
    const shownOf = (state: State, text: string): string =>
      state === State.Value || state === State.Special ? text : state === State.Pending ? placeholder : '?';
    for (let a = 0; a < vy.n; a++) {
      const row = vy.first + a;
      const slot = this.rows[a];
      const rowSelected = !!sel && row >= sel.row0 && row <= sel.row1;
      const line = texts[a];
      const st = states[a];
      const focusRow = !!focus && focus.row === row;
      // Group the row's cells into runs: [b0, b) share a style and are all simple.
      let runs = 0;
      let b = 0;
      while (b < vx.n) {
        const b0 = b;
        const col = colOf[b];
        const state = st[b];
        const selected = rowSelected && col >= sel!.col0 && col <= sel!.col1;
        const focused = focusRow && focus!.col === col;
        const shown = shownOf(state, line[b]);
        let cls = 'run' + STATE_CLS[state] + (selected ? ' selected' : '') + (focused ? ' focused' : '');
        const first = this.simple(shown) ? this.fitted(shown) : undefined;
        b++;
        if (first === undefined || focused) {
          // On its own: not drawable in a run, or the focused cell (outlined).
          if (first !== undefined) {
            this.putRun(slot, runs++, 1, cls, first);
          } else {
            cls += ' free';
            this.putRun(slot, runs++, 1, cls, shown);
          }
          continue;
        }
        let text = first;
        while (b < vx.n && st[b] === state && !(focusRow && focus!.col === colOf[b])
          && (rowSelected && colOf[b] >= sel!.col0 && colOf[b] <= sel!.col1) === selected) {
          const s = shownOf(state, line[b]);
          const f = this.simple(s) ? this.fitted(s) : undefined;
          if (f === undefined) break;
          text += f;
          b++;
        }
        this.putRun(slot, runs++, b - b0, cls, text);
      }
      while (slot.shown > runs) slot.runs[--slot.shown].remove();
    }

    // Row headers: one line each, in (at most) three runs of text: before, in and after the
    // selected rows (which are highlighted).
    const s0 = sel ? clamp(sel.row0 - vy.first, 0, vy.n) : vy.n;
    const s1 = sel ? clamp(sel.row1 + 1 - vy.first, s0, vy.n) : vy.n;
    const bounds = [0, s0, s1, vy.n];
    for (let k = 0; k < 3; k++) {
      let text = '';
      for (let a = bounds[k]; a < bounds[k + 1]; a++) {
        if (a > bounds[k]) text += '\n';
        if (m.hasRowAxis) text += String(vy.first + a);
      }
      // A line break ends a run that has lines after it.
      if (bounds[k + 1] > bounds[k] && bounds[k + 1] < vy.n) text += '\n';
      setCellText(this.rowHeads[k], text);
    }

    // Column headers (index, and the field name for structured dtypes).
    this.syncCols(this.colHeadBox, this.colHeads, vx.first, vx.n, 'col-head', 'columnheader');
    for (let b = 0; b < vx.n; b++) {
      const col = colOf[b];
      const f = fieldOf[b];
      const h = this.colHeads.cells[b];
      setCls(h, sel && col >= sel.col0 && col <= sel.col1 ? 'col-head selected' : 'col-head');
      const idx = m.hasColAxis ? String(col) : '';
      const label = fc > 1 ? (idx ? `${idx}: ${m.fields[f]}` : m.fields[f]) : (idx || t('value'));
      if (h._t !== label) {
        setCellText(h, label);
        h.title = label;
      }
    }

    // Rows and columns of the whole grid, headers included (only some are in the DOM).
    const counts = `${m.rows + 1} ${m.cols * fc + 1}`;
    if (this.countsSet !== counts) {
      this.root.setAttribute('aria-rowcount', String(m.rows + 1));
      this.root.setAttribute('aria-colcount', String(m.cols * fc + 1));
      this.countsSet = counts;
    }

    if (!loading) this.fallbackVk = undefined;
    this.lastRendered = { rows: rowsOut, cols: vy.n > 0 ? colOf : [], texts, loading, complete };
    this.shownRow0 = vy.first;
    this.shownD0 = vx.first;
    this.updateTitle();
    this.announce(states);
  }

  /** Tells screen readers the focused cell ("row R, column C: value") when it moves or its value arrives. */
  private announce(states: State[][]): void {
    const m = this.model!;
    const focus = this.selection?.focus;
    if (!focus) {
      this.announced = '';
      return;
    }
    const a = focus.row - this.shownRow0;
    const fc = this.fieldCount();
    const parts: string[] = [];
    for (let f = 0; f < fc; f++) {
      const b = focus.col * fc + f - this.shownD0;
      const text = this.lastRendered.texts[a]?.[b];
      const state = states[a]?.[b];
      if (text === undefined || state === State.Pending || state === State.Failed) return;
      parts.push(fc > 1 ? `${m.fields[f]}: ${text}` : text);
    }
    const message = t('cellAnnounce', focus.row, focus.col, parts.join(', '));
    if (message === this.announced) return;
    this.announced = message;
    this.live.textContent = message;
  }
}

/**
 * What the last render showed: the visible rows and columns and their texts; `loading`: some
 * visible cell waits for data; `complete`: every visible cell shows current data of this view.
 */
export interface RenderedCells { rows: number[]; cols: number[]; texts: string[][]; loading: boolean; complete: boolean }

interface VisiblePage { data: PageData | undefined; fresh: boolean; failed: boolean }

function setCls(c: CellEl, cls: string): void {
  if (c._cls !== cls) {
    c.className = cls;
    c._cls = cls;
  }
}

/** Sets a cell's text through its Text node (data only ever reaches the DOM as text). */
function setCellText(c: CellEl, text: string): void {
  if (c._t !== text) {
    c._text!.data = text;
    c._t = text;
  }
}

function setXY(e: Positioned, x: number, y: number): void {
  if (e._x !== x || e._y !== y) {
    e.style.transform = `translate(${x}px, ${y}px)`;
    e._x = x;
    e._y = y;
  }
}

function setBox(e: Positioned, w: number, h: number): void {
  if (e._w !== w) {
    e.style.width = `${w}px`;
    e._w = w;
  }
  if (e._h !== h) {
    e.style.height = `${h}px`;
    e._h = h;
  }
}

/**
 * Reorders `items`, shown in this order in the DOM, so that items[k] comes first (0 < k < length):
 * [k..] then [..k). `move(item, before)` moves one element before another (or to the end); only
 * the shorter side moves.
 */
function rotate<T>(items: T[], k: number, move: (item: T, before: T | undefined) => void): void {
  const n = items.length;
  if (k <= 0 || k >= n) return;
  if (k <= n - k) {
    for (let i = 0; i < k; i++) move(items[i], undefined);
  } else {
    for (let i = k; i < n; i++) move(items[i], items[0]);
  }
  const head = items.splice(0, k);
  items.push(...head);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
