/**
 * The virtual grid: draws only the cells that are visible, reusing a pool of absolutely
 * positioned elements, over a native scroll area whose spacer is capped (see scroll.ts).
 * Headers are drawn in the same fixed layer, so they stay put ("sticky") without any CSS tricks.
 * Cell values come from the PageLoader's cache; the grid asks it for the visible pages plus a
 * prefetch ring every time it renders.
 */
import { CellFlag, type ViewSpec } from '../src/shared/protocol';
import { el, setText } from './dom';
import { PageLoader, pagesFor, prefetchFor, viewKey, type PageKey } from './pages';
import * as S from './scroll';
import { contains, moveSelection, rectOf, type Cell, type Rect, type Selection } from './selection';
import { t } from './strings';

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
const MAX_COL_CHARS = 36;

interface CellEl extends HTMLDivElement { _x?: number; _y?: number; _w?: number; _cls?: string }

export class Grid {
  readonly root: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  private readonly corner: HTMLDivElement;
  private readonly cellPool: CellEl[] = [];
  private readonly rowHeadPool: CellEl[] = [];
  private readonly colHeadPool: CellEl[] = [];
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
  private rowHeadPx = 48;
  private widthFromData = false;
  private charPx = 7.8;
  private lastFirst = { row: 0, col: 0 };
  private dir = { dr: 0, dc: 0 };
  private frame = 0;
  private dragging = false;
  selection: Selection | undefined;
  /** Texts of the last render (for StateEvent.rendered). */
  private lastRendered: { rows: number[]; cols: number[]; texts: string[][]; loading: boolean } =
    { rows: [], cols: [], texts: [], loading: false };

  constructor(private readonly loader: PageLoader, private readonly events: GridEvents) {
    this.root = el('div', 'grid');
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'grid');
    this.scroller = el('div', 'grid-scroller');
    this.spacer = el('div', 'grid-spacer');
    this.scroller.appendChild(this.spacer);
    this.layer = el('div', 'grid-layer');
    this.corner = el('div', 'grid-corner');
    this.layer.appendChild(this.corner);
    this.root.append(this.scroller, this.layer);

    this.scroller.addEventListener('scroll', () => this.onNativeScroll(), { passive: true });
    this.layer.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.layer.addEventListener('mousedown', (e) => this.onMouseDown(e));
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.layout()).observe(this.root);
  }

  // ------------------------------------------------------------------ model and position

  /** Shows a (new) view. `at` keeps a position (reload, restore); the selection is kept if given. */
  setModel(model: GridModel, at?: Cell, selection?: Selection): void {
    const vk = viewKey(model.view);
    const sameView = vk === this.vk;
    const old = this.model;
    const sameShape = !!old && old.rows === model.rows && old.cols === model.cols && old.fields.join('\n') === model.fields.join('\n');
    if (!sameView) {
      // Moving through a slice (same grid shape): keep the old texts and widths until the new
      // slice's pages arrive, so scrubbing a slider does not flash placeholders.
      this.fallbackVk = sameShape ? this.vk : undefined;
      if (!sameShape) this.widthFromData = false;
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

  rendered(): { rows: number[]; cols: number[]; texts: string[][]; loading: boolean } {
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
    return { count: this.model?.rows ?? 0, itemPx: ROW_PX, viewportPx: Math.max(0, this.scroller.clientHeight - HEAD_PX) };
  }

  private axisX(): S.Axis {
    const n = (this.model?.cols ?? 0) * this.fieldCount();
    return { count: n, itemPx: this.colPx, viewportPx: Math.max(0, this.scroller.clientWidth - this.rowHeadPx) };
  }

  /** Character width of the editor font, and widths that depend on it. */
  private measure(): void {
    const probe = el('span', 'grid-probe', '0123456789');
    this.root.appendChild(probe);
    const w = probe.getBoundingClientRect().width;
    probe.remove();
    if (w > 0) this.charPx = w / 10;
    const m = this.model;
    const digits = m ? String(Math.max(0, m.rows - 1)).length : 1;
    this.rowHeadPx = Math.max(40, Math.ceil((digits + 1) * this.charPx + 14));
    if (!this.widthFromData) {
      const headChars = m && m.fields.length ? Math.max(...m.fields.map((f) => f.length)) + 4 : 8;
      this.colPx = Math.max(MIN_COL_PX, Math.ceil(Math.min(headChars, MAX_COL_CHARS) * this.charPx + 16));
    }
  }

  /** Column width from the first page of data (one width for all columns keeps the math exact). */
  private fitWidth(values: string[]): void {
    let longest = 0;
    for (const v of values) if (v.length > longest) longest = v.length;
    const m = this.model;
    const head = m && m.fields.length ? Math.max(...m.fields.map((f) => f.length)) + 4 : 0;
    const chars = Math.min(MAX_COL_CHARS, Math.max(longest, head, 4));
    const px = Math.max(MIN_COL_PX, Math.ceil(chars * this.charPx + 16));
    this.widthFromData = true;
    if (px !== this.colPx) {
      const first = this.topLeft();
      this.colPx = px;
      this.layout();
      this.offX = S.offsetOf(this.axisX(), first.col * this.fieldCount());
      this.syncScrollbars();
    }
  }

  private layout(): void {
    const ay = this.axisY();
    const ax = this.axisX();
    this.spacer.style.height = `${HEAD_PX + S.spacerPx(ay)}px`;
    this.spacer.style.width = `${this.rowHeadPx + S.spacerPx(ax)}px`;
    // The layer covers the scroller's client area only, so the native scrollbars stay usable.
    this.layer.style.width = `${this.scroller.clientWidth}px`;
    this.layer.style.height = `${this.scroller.clientHeight}px`;
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

  /** The cell under a point of the layer (clamped to the grid), and whether it hit a header. */
  private cellAt(clientX: number, clientY: number): { cell: Cell; rowHead: boolean; colHead: boolean } {
    const m = this.model!;
    const r = this.layer.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    const row = Math.floor((y - HEAD_PX + this.offY) / ROW_PX);
    const d = Math.floor((x - this.rowHeadPx + this.offX) / this.colPx);
    const col = Math.floor(d / this.fieldCount());
    return {
      cell: { row: clamp(row, 0, m.rows - 1), col: clamp(col, 0, m.cols - 1) },
      rowHead: x < this.rowHeadPx,
      colHead: y < HEAD_PX,
    };
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

  private poolEl(pool: CellEl[], i: number, cls: string): CellEl {
    let c = pool[i];
    if (!c) {
      c = el('div', cls) as CellEl;
      c.setAttribute('role', cls === 'cell' ? 'gridcell' : cls === 'row-head' ? 'rowheader' : 'columnheader');
      pool[i] = c;
    }
    if (!c.isConnected) this.layer.insertBefore(c, this.corner);
    return c;
  }

  /** Detaches pool elements beyond `n` (they stay in the pool for reuse, out of the DOM). */
  private trim(pool: CellEl[], n: number): void {
    for (let i = n; i < pool.length; i++) if (pool[i].isConnected) pool[i].remove();
  }

  private place(c: CellEl, x: number, y: number): void {
    if (c._x !== x || c._y !== y) {
      c.style.transform = `translate(${x}px, ${y}px)`;
      c._x = x;
      c._y = y;
    }
  }

  private width(c: CellEl, px = this.colPx): void {
    if (c._w !== px) {
      c.style.width = `${px}px`;
      c._w = px;
    }
  }

  private setClass(c: CellEl, cls: string): void {
    if (c._cls !== cls) {
      c.className = cls;
      c._cls = cls;
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

    // Ask for what is visible first, then a page ahead in the direction of travel.
    this.dir = {
      dr: Math.sign(vy.first - this.lastFirst.row) || this.dir.dr,
      dc: Math.sign(c0 - this.lastFirst.col) || this.dir.dc,
    };
    this.lastFirst = { row: vy.first, col: c0 };
    const visiblePages = pagesFor(win, this.loader.pageRows, this.loader.pageCols);
    const ahead = prefetchFor(win, this.dir.dr, this.dir.dc, m.rows, m.cols, this.loader.pageRows, this.loader.pageCols);
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

    const sel = this.selection ? rectOf(this.selection) : undefined;
    const focus = this.selection?.focus;
    const pageCache = new Map<string, { data: ReturnType<PageLoader['lookup']>; fresh: boolean }>();
    const pageOf = (row: number, col: number) => {
      const p: PageKey = { pr: Math.floor(row / this.loader.pageRows), pc: Math.floor(col / this.loader.pageCols) };
      const k = `${p.pr},${p.pc}`;
      let hit = pageCache.get(k);
      if (!hit) {
        hit = { data: this.loader.lookup(this.vk, p), fresh: this.loader.isFresh(this.vk, p) };
        if (!hit.data && this.fallbackVk) hit = { data: this.loader.lookup(this.fallbackVk, p), fresh: false };
        pageCache.set(k, hit);
      }
      return hit;
    };

    const texts: string[][] = [];
    const rowsOut: number[] = [];
    const colsOut: number[] = [];
    let loading = false;
    let i = 0;
    for (let a = 0; a < vy.n; a++) {
      const row = vy.first + a;
      const y = HEAD_PX + a * ROW_PX - vy.shiftPx;
      const line: string[] = [];
      rowsOut.push(row);
      for (let b = 0; b < vx.n; b++) {
        const d = vx.first + b;
        const col = Math.floor(d / fc);
        const f = d % fc;
        if (a === 0) colsOut.push(col);
        const x = this.rowHeadPx + b * this.colPx - vx.shiftPx;
        const c = this.poolEl(this.cellPool, i++, 'cell');
        this.place(c, x, y);
        this.width(c);
        const pg = pageOf(row, col);
        const data = pg.data;
        let text = '';
        let flag: number = CellFlag.None;
        let have = false;
        if (data && row >= data.row0 && row < data.row0 + data.rows && col >= data.col0 && col < data.col0 + data.cols) {
          const idx = ((row - data.row0) * data.cols + (col - data.col0)) * data.fieldCount + f;
          text = data.values[idx] ?? '';
          flag = data.flags[idx] ?? 0;
          have = true;
        }
        const failed = !have && this.loader.hasFailed(this.vk, { pr: Math.floor(row / this.loader.pageRows), pc: Math.floor(col / this.loader.pageCols) });
        if ((!have || !pg.fresh) && !failed) loading = true;
        let cls = 'cell';
        if (failed) cls += ' failed';
        else if (!have) cls += ' pending';
        else if (flag === CellFlag.NaN || flag === CellFlag.Inf || flag === CellFlag.NaT) cls += ' special';
        else if (flag === CellFlag.Negative) cls += ' negative';
        if (fc > 1 && f === fc - 1) cls += ' field-last';
        if (sel && contains(sel, row, col)) cls += ' selected';
        if (focus && focus.row === row && focus.col === col) cls += ' focused';
        if (c._cls !== cls) c.setAttribute('aria-selected', String(cls.includes(' selected')));
        this.setClass(c, cls);
        setText(c, text);
        if (c.title !== text) c.title = text;
        line.push(text);
      }
      texts.push(line);
    }
    this.trim(this.cellPool, i);

    // Row headers.
    for (let a = 0; a < vy.n; a++) {
      const row = vy.first + a;
      const h = this.poolEl(this.rowHeadPool, a, 'row-head');
      this.place(h, 0, HEAD_PX + a * ROW_PX - vy.shiftPx);
      this.width(h, this.rowHeadPx);
      this.setClass(h, sel && row >= sel.row0 && row <= sel.row1 ? 'row-head selected' : 'row-head');
      setText(h, m.hasRowAxis ? String(row) : '');
    }
    this.trim(this.rowHeadPool, vy.n);

    // Column headers (index, and the field name for structured dtypes).
    for (let b = 0; b < vx.n; b++) {
      const d = vx.first + b;
      const col = Math.floor(d / fc);
      const f = d % fc;
      const h = this.poolEl(this.colHeadPool, b, 'col-head');
      this.place(h, this.rowHeadPx + b * this.colPx - vx.shiftPx, 0);
      this.width(h);
      this.setClass(h, sel && col >= sel.col0 && col <= sel.col1 ? 'col-head selected' : 'col-head');
      const idx = m.hasColAxis ? String(col) : '';
      const label = fc > 1 ? (idx ? `${idx}: ${m.fields[f]}` : m.fields[f]) : (idx || t('value'));
      setText(h, label);
      h.title = label;
    }
    this.trim(this.colHeadPool, vx.n);

    if (!loading) this.fallbackVk = undefined;
    this.lastRendered = { rows: rowsOut, cols: colsOut, texts, loading };
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
