/**
 * The virtual grid: draws only the cells that are visible, reusing their elements, over a native
 * scroll area whose spacer is capped (see scroll.ts). This is the component: it keeps the model,
 * the scroll position, the column width and the selection, and on each render asks the parts:
 * cells.ts what every visible cell shows, runs.ts how a row's cells are drawn as text runs,
 * dom.ts to update the elements; input.ts turns keys, clicks and the wheel into calls back here.
 * Cell values come from the PageLoader's cache; the grid asks it for the visible pages plus a
 * prefetch ring every time it renders.
 */
import { arrayIndexAt, cellIndex, indexText } from '../../src/shared/indexing/goto';
import { viewKey } from '../../src/shared/indexing/views';
import { PageLoader, pagesFor, prefetchFor } from '../pages';
import * as S from '../scroll';
import { rectOf, type Cell, type Hit, type Rect, type Selection } from '../selection';
import type { Shader } from '../shade/shade';
import { t } from '../strings';
import {
  colHeadLabel, focusedValue, lookPages, readCells, rowHeadTexts, type CellTexts, type GridModel,
} from './cells';
import { attachContextMenu } from './context';
import { GridDom } from './dom';
import { HoverValues, type AskCellValue } from './hovervalue';
import { attachInput } from './input';
import * as L from './layout';
import { rowRuns, type Fit } from './runs';
import { Viewport } from './viewport';

export type { GridModel } from './cells';

export interface GridEvents {
  /** Selection or scroll position changed (for persisting state). */
  changed(): void;
  copy(rect: Rect): void;
  /** The element of a cell at full precision (the hover's title); absent: the title shows the grid's text. */
  cellValue?: AskCellValue;
}

/**
 * What the last render showed: the visible rows and columns and their texts; `loading`: some
 * visible cell waits for data; `complete`: every visible cell shows current data of this view.
 */
export interface RenderedCells { rows: number[]; cols: number[]; texts: string[][]; loading: boolean; complete: boolean }

export class Grid {
  private readonly dom = new GridDom();
  readonly root = this.dom.root;
  private readonly vp: Viewport;
  /** Whether the font was measured (not while the grid was hidden). */
  private measured = false;
  model: GridModel | undefined;
  private vk = '';
  /** The previous view's cache key, shown while the current (same-shaped) view loads. */
  private fallbackVk: string | undefined;
  /** The font and column width in characters (colPx = cellChars × charPx), padding included. */
  private readonly fit: Fit = { mono: true, monoExtras: new Set<string>(), cellChars: 12, left: false };
  private widthFromData = false;
  private charPx = 7.8;
  /** The pointer over the layer (layer-relative px), for the hover title. */
  private hovered: { x: number; y: number } | undefined;
  /** The row element holding the hover title. */
  private titled: HTMLElement | undefined;
  /** Full values for the hover title. */
  private readonly hoverValues: HoverValues;
  /** Visible window of the last render (display columns), for hover lookups. */
  private shownRow0 = 0;
  private shownD0 = 0;
  private lastFirst = { row: 0, col: 0 };
  private dir = { dr: 0, dc: 0 };
  private frame = 0;
  selection: Selection | undefined;
  /** Value shading (webview/shade/shade.ts), while it is on. */
  private shader: Shader | undefined;
  /** Texts of the last render (for StateEvent.rendered). */
  private lastRendered: RenderedCells =
    { rows: [], cols: [], texts: [], loading: false, complete: false };

  constructor(private readonly loader: PageLoader, private readonly events: GridEvents) {
    this.vp = new Viewport(this.dom, () => {
      this.scheduleRender();
      this.events.changed();
    });
    attachInput(this.root, this.dom.layer, this);
    attachContextMenu(this.root, this.dom.layer, this);
    this.hoverValues = new HoverValues(events.cellValue);
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
    this.hoverValues.clear();
    this.vp.rows = model.rows;
    this.vp.cols = model.cols;
    this.vp.fieldCount = Math.max(1, model.fields.length);
    this.fit.left = model.leftAligned;
    this.root.classList.toggle('text-left', model.leftAligned);
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
    return this.vp.topLeft();
  }

  /** Scrolls so the cell is visible ('reveal') or at the top-left ('top'). */
  scrollTo(cell: Cell, mode: 'reveal' | 'top'): void {
    if (!this.model) return;
    this.vp.scrollTo(cell, mode);
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

  // ------------------------------------------------------------------ for input.ts

  pageRows(): number {
    return S.itemsPerPage(this.vp.axisY());
  }

  wheelUnits(): { lineY: number; lineX: number; pageY: number; pageX: number } {
    return { lineY: L.ROW_PX, lineX: this.vp.colPx, pageY: this.vp.axisY().viewportPx, pageX: this.vp.axisX().viewportPx };
  }

  scrollBy(dx: number, dy: number): void {
    this.vp.scrollBy(dx, dy);
    this.scheduleRender();
    this.events.changed();
  }

  copy(rect: Rect): void {
    this.events.copy(rect);
  }

  cellAt(clientX: number, clientY: number): Hit {
    return this.vp.cellAt(clientX, clientY);
  }

  /**
   * Full value on hover, from coordinates: the row under the pointer gets the title of the cell
   * under it, kept current as the pointer moves or the data under it changes (render calls
   * updateTitle). Cells have no elements of their own, and titling every run while scrolling
   * would restyle each one.
   */
  hover(at: { clientX: number; clientY: number } | undefined): void {
    this.hovered = at && this.vp.layerPoint(at.clientX, at.clientY);
    this.updateTitle();
  }

  // ------------------------------------------------------------------ geometry

  /** Character width of the editor font (see GridDom.measureFont), and widths that depend on it. */
  private measure(): void {
    const font = this.dom.measureFont(['…', t('placeholder')]);
    this.measured = !!font;
    if (font) {
      this.charPx = font.charPx;
      this.fit.mono = font.mono;
      this.fit.monoExtras = font.monoExtras;
    }
    const m = this.model;
    // The row headers are indices into the array: the first or the last is the longest.
    const r = m?.indexing.row;
    const digitCount = m && r ? Math.max(String(r.start).length, String(arrayIndexAt(r, Math.max(0, m.rows - 1))).length) : 1;
    this.vp.rowHeadPx = L.rowHeadPxFor(digitCount, this.charPx);
    if (!this.widthFromData) this.setCellChars(this.headChars() || 8);
    else this.setCellChars(this.fit.cellChars - L.PAD_CHARS);
  }

  /** Characters the column headers need (0: no field names). */
  private headChars(): number {
    const m = this.model;
    return m && m.fields.length ? Math.max(...m.fields.map((f) => f.length)) + 4 : 0;
  }

  /**
   * Sets the column width for values of `chars` characters (capped), keeping the first column in
   * view, and the focused cell's column if it was in view: the columns widen when wide values
   * arrive, which is often right after Go to brought the cell into view.
   */
  private setCellChars(chars: number): void {
    const cellChars = L.cellCharsFor(chars, this.charPx);
    const px = cellChars * this.charPx;
    if (cellChars === this.fit.cellChars && px === this.vp.colPx) return;
    const first = this.model ? this.topLeft() : undefined;
    const focus = this.selection?.focus;
    const keep = first && focus && this.vp.colInView(focus.col) ? focus.col : undefined;
    this.fit.cellChars = cellChars;
    this.vp.colPx = px;
    if (first) {
      this.layout();
      this.vp.scrollToCol(first.col);
      if (keep !== undefined) this.vp.revealCol(keep);
    }
  }

  /** Column width from the first page of data (one width for all columns keeps the math exact). */
  private fitWidth(values: string[]): void {
    let longest = 0;
    for (const v of values) if (v.length > longest) longest = v.length;
    this.widthFromData = true;
    this.setCellChars(Math.max(longest, this.headChars()));
  }

  /** Shades cells by value with `shader` (its canvas goes under the rows), or stops (undefined). */
  setShader(shader: Shader | undefined): void {
    if (this.shader === shader) return;
    this.shader = shader;
    this.dom.setUnderlay(shader?.layer);
    this.scheduleRender();
  }

  private layout(): void {
    this.vp.layout();
    this.scheduleRender();
  }

  // ------------------------------------------------------------------ drawing

  private render(): void {
    const m = this.model;
    if (!m) return;
    const fc = this.vp.fieldCount;
    const w = this.vp.shown();
    const { vy, vx, colOf } = w;
    const cells = this.wantPages(m, w);
    if (!cells) return this.render();

    this.dom.place(vx, vy, this.vp.colPx, this.vp.rowHeadPx, fc);
    this.dom.syncRows(vy.first, vy.n);
    const sel = this.selection ? rectOf(this.selection) : undefined;
    const focus = this.selection?.focus;
    const placeholder = t('placeholder');
    const colPx = this.vp.colPx;
    for (let a = 0; a < vy.n; a++) {
      const slot = this.dom.rows[a];
      const row = { row: vy.first + a, texts: cells.texts[a], states: cells.states[a], tones: cells.tones[a] };
      const runs = rowRuns(row, colOf, sel, focus, this.fit, placeholder, (i, n, cls, text) => this.dom.putRun(slot, i, n, colPx, cls, text));
      this.dom.endRow(slot, runs);
    }
    this.shader?.end();
    this.drawHeads(m, w, sel);

    if (!cells.loading) this.fallbackVk = undefined;
    this.lastRendered = { rows: cells.rows, cols: vy.n > 0 ? colOf : [], texts: cells.texts, loading: cells.loading, complete: cells.complete };
    this.shownRow0 = vy.first;
    this.shownD0 = vx.first;
    this.updateTitle();
    this.announce(cells);
  }

  /**
   * Asks the loader for the visible pages, then a page ahead in the direction of travel, and
   * reads what every visible cell shows. Undefined when the column width changed for the data
   * (the first page's values, or a value longer than the columns): the window must be computed
   * again.
   */
  private wantPages(m: GridModel, w: L.Shown): CellTexts | undefined {
    const { vy, col0 } = w;
    const win = { row0: vy.first, rows: vy.n, col0, cols: w.cols };
    const PR = this.loader.pageRows;
    const PC = this.loader.pageCols;
    this.dir = {
      dr: Math.sign(vy.first - this.lastFirst.row) || this.dir.dr,
      dc: Math.sign(col0 - this.lastFirst.col) || this.dir.dc,
    };
    this.lastFirst = { row: vy.first, col: col0 };
    const visiblePages = pagesFor(win, PR, PC);
    const ahead = prefetchFor(win, this.dir.dr, this.dir.dc, m.rows, m.cols, PR, PC);
    const seen = new Set(visiblePages.map((p) => `${p.pr},${p.pc}`));
    this.loader.want(m.view, [...visiblePages, ...ahead.filter((p) => !seen.has(`${p.pr},${p.pc}`))]);

    if (!this.widthFromData) {
      for (const p of visiblePages) {
        const d = this.loader.lookup(this.vk, p);
        if (d && this.loader.isFresh(this.vk, p)) {
          this.fitWidth(d.values);
          return undefined;
        }
      }
    }
    // Read before drawing, so a value longer than the columns widens them first.
    const pages = lookPages(this.loader, this.vk, this.fallbackVk, visiblePages, vy.first, col0);
    const shader = this.shader;
    shader?.begin(vy.n, w.vx.n, this.vp.colPx, L.ROW_PX);
    const cells = readCells(pages, PR, PC, vy.first, vy.n, w.colOf, w.fieldOf, shader && ((a, b, text, flag) => shader.cell(a, b, text, flag)));
    // Values longer than the columns (later rows of a column often are): widen, once per length.
    const room = this.fit.cellChars - L.PAD_CHARS;
    if (cells.longest > room && room < L.MAX_COL_CHARS) {
      this.widthFromData = true;
      this.setCellChars(cells.longest);
      return undefined;
    }
    return cells;
  }

  /** Row headers, column headers (index, and the field name for structured dtypes), counts. */
  private drawHeads(m: GridModel, w: L.Shown, sel: Rect | undefined): void {
    const { vy, vx, colOf, fieldOf } = w;
    const { row, col: colRange } = m.indexing;
    this.dom.setRowHeads(rowHeadTexts(vy.first, vy.n, sel, m.hasRowAxis ? (r) => String(arrayIndexAt(row, r)) : () => ''));
    this.dom.syncColHeads(vx.first, vx.n);
    const value = t('value');
    for (let b = 0; b < vx.n; b++) {
      const col = colOf[b];
      const label = colHeadLabel(m, String(arrayIndexAt(colRange, col)), fieldOf[b], value);
      this.dom.setColHead(b, !!sel && col >= sel.col0 && col <= sel.col1, label);
    }
    this.dom.setCounts(m.rows + 1, m.cols * this.vp.fieldCount + 1);
  }

  /**
   * Sets the title of the row under the pointer to the value of the cell under it at full
   * precision (the grid's text until the host's answer comes), and on a second line where the
   * cell is in the array ([3, 10, 57], and ['b'] for a field).
   */
  private updateTitle(): void {
    let target: HTMLElement | undefined;
    let text = '';
    const hv = this.hovered;
    const m = this.model;
    if (hv && m && hv.x >= this.vp.rowHeadPx && hv.y >= L.HEAD_PX) {
      const { row, d } = this.vp.pointAt(hv.x, hv.y);
      const a = row - this.shownRow0;
      const line = this.lastRendered.texts[a];
      const b = d - this.shownD0;
      if (line && b >= 0 && b < line.length && this.dom.rows[a]) {
        target = this.dom.rows[a].el;
        const fc = this.vp.fieldCount;
        const col = Math.floor(d / fc);
        const index = cellIndex(m.indexing, row, col);
        const field = fc > 1 ? `['${m.fields[d % fc]}']` : '';
        const value = (line[b] && this.hoverValues.get(m.view, row, col, () => this.updateTitle())) || line[b];
        text = index.length > 0 || field ? `${value}\n${indexText(index)}${field}` : value;
      }
    }
    if (this.titled && this.titled !== target) this.titled.removeAttribute('title');
    if (target && target.title !== text) target.title = text;
    this.titled = target;
  }

  /** Tells screen readers the focused cell ("row R, column C: value") when it moves or its value arrives. */
  private announce(cells: CellTexts): void {
    const focus = this.selection?.focus;
    if (!focus) return this.dom.announce('');
    const value = focusedValue(this.model!, cells, focus, this.shownRow0, this.shownD0);
    const { row, col } = this.model!.indexing;
    if (value !== undefined) this.dom.announce(t('cellAnnounce', arrayIndexAt(row, focus.row), arrayIndexAt(col, focus.col), value));
  }
}
