/**
 * The grid's elements: built once, then updated in place. Headers are drawn in the same fixed
 * layer as the rows, in containers of their own that move along one axis only, so they stay put
 * ("sticky") without any CSS tricks.
 * - Rows are elements in normal flow inside one body container. Scrolling moves the containers
 *   (one transform each). When the view moves by fewer rows than are shown, the rows that stay
 *   visible keep their elements: the ones that scrolled out move to the other end (`rotate`).
 * - Every visible row is still rebuilt as strings on every render and compared with what its
 *   runs show (cached on the elements): a reused element never keeps a stale value, and an
 *   unchanged row costs a compare.
 * - Runs have fixed widths (cells × column width), so columns line up with their headers
 *   whatever the text. Column guide lines are one background under the rows (`guides`).
 * - Text goes into each run's one Text node (`data`), never through HTML parsing.
 * - Nothing reads layout while drawing: the viewport size is read by the grid's layout() only.
 */
import { el } from '../dom';
import { HEAD_PX, ROW_PX, rotate } from './layout';
import type { Visible } from '../scroll';

/** A header element, with what it shows cached on it (so drawing reads no DOM). */
interface CellEl extends HTMLElement { _t?: string; _cls?: string; _text?: Text }
/**
 * A run: consecutive visible cells of one row drawn as ONE text node (see runs.ts), with what it
 * shows cached on it.
 */
interface RunEl extends HTMLSpanElement { _t: string; _cls: string; _n: number; _w: number; _text: Text }
/** A container positioned by transform, with its last position and size. */
interface Positioned extends HTMLDivElement { _x?: number; _y?: number; _w?: number; _h?: number }
/** One shown row: its element and its runs (the first `shown` are in the DOM). */
export interface RowSlot { el: HTMLDivElement; runs: RunEl[]; shown: number; row: number }

/** What measureFont found out about the editor font. */
export interface FontMetrics {
  /** Width of one character (measured over many: fractional widths add up). */
  charPx: number;
  /** Narrow and wide letters alike. */
  mono: boolean;
  /** Which of the extra characters asked about are one column wide. */
  monoExtras: Set<string>;
}

export class GridDom {
  readonly root: HTMLDivElement;
  readonly scroller: HTMLDivElement;
  readonly layer: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
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
  /** A layer between the guides and the rows (value shading's canvas), moved like the rows. */
  private underlay: Positioned | undefined;
  /** The element guide lines' shift (structured dtypes), last written to --grid-el-shift. */
  private elShiftSet = '';
  /** Offscreen live region announcing the focused cell to screen readers. */
  private readonly live: HTMLDivElement;
  private announced = '';
  private countsSet = '';
  /** The column width last written to the --grid-col-px property. */
  private colPxSet = -1;
  /** Shown rows in visual (= DOM) order, and detached ones kept for reuse. */
  readonly rows: RowSlot[] = [];
  private readonly spareRows: RowSlot[] = [];
  private readonly colHeads: { cells: CellEl[]; shown: number; d0: number } = { cells: [], shown: 0, d0: -1 };
  /** Row headers: the lines before, in and after the selected rows (three text runs). */
  private readonly rowHeads: CellEl[];

  constructor() {
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
  }

  /**
   * Measures the editor font over many characters; also whether it is monospace and which of
   * `extras` (characters drawn inside runs) are one column wide. Undefined while the grid is
   * hidden (nothing has a width).
   */
  measureFont(extras: string[]): FontMetrics | undefined {
    const probe = el('div', 'grid-probe');
    const span = (text: string): HTMLSpanElement => probe.appendChild(el('span', undefined, text));
    const digits = span('0123456789'.repeat(10));
    const thin = span('il.'.repeat(20));
    const wide = span('MW@'.repeat(20));
    const extraSpans = extras.map((c) => span(c.repeat(60)));
    this.root.appendChild(probe);
    const w = digits.getBoundingClientRect().width;
    let out: FontMetrics | undefined;
    if (w > 0) {
      const charPx = w / 100;
      const near = (e: HTMLSpanElement, n: number): boolean => Math.abs(e.getBoundingClientRect().width - n * charPx) < 0.5;
      out = {
        charPx,
        mono: near(thin, 60) && near(wide, 60),
        monoExtras: new Set(extras.filter((c, i) => c.length === 1 && near(extraSpans[i], 60))),
      };
    }
    probe.remove();
    return out;
  }

  /**
   * Sizes the scroll spacer (content pixels, capped) and reads the scroller's client size, which
   * depends on it (scrollbars shown or not); the layer then covers the client area only, so the
   * native scrollbars stay usable.
   */
  size(spacerW: number, spacerH: number, rowHeadPx: number): { viewW: number; viewH: number } {
    this.spacer.style.height = `${spacerH}px`;
    this.spacer.style.width = `${spacerW}px`;
    const viewW = this.scroller.clientWidth;
    const viewH = this.scroller.clientHeight;
    this.layer.style.width = `${viewW}px`;
    this.layer.style.height = `${viewH}px`;
    this.corner.style.width = `${rowHeadPx}px`;
    this.corner.style.height = `${HEAD_PX}px`;
    return { viewW, viewH };
  }

  /** Puts `layer` between the column guides and the rows (undefined: removes the one there). */
  setUnderlay(layer: HTMLElement | undefined): void {
    this.underlay?.remove();
    this.underlay = layer as Positioned | undefined;
    if (layer) this.layer.insertBefore(layer, this.body);
  }

  /** Sizes and positions of the containers for a visible window: one transform each. */
  place(vx: Visible, vy: Visible, colPx: number, rowHeadPx: number, fieldCount: number): void {
    if (this.colPxSet !== colPx) {
      this.root.style.setProperty('--grid-col-px', `${colPx}px`);
      this.colPxSet = colPx;
    }
    setBox(this.body, vx.n * colPx, vy.n * ROW_PX);
    setBox(this.rowHeadBox, rowHeadPx, vy.n * ROW_PX);
    setBox(this.colHeadBox, vx.n * colPx, HEAD_PX);
    setXY(this.body, rowHeadPx - vx.shiftPx, HEAD_PX - vy.shiftPx);
    setBox(this.guides, vx.n * colPx, vy.n * ROW_PX);
    setXY(this.guides, rowHeadPx - vx.shiftPx, HEAD_PX - vy.shiftPx);
    if (this.underlay) setXY(this.underlay, rowHeadPx - vx.shiftPx, HEAD_PX - vy.shiftPx);
    setXY(this.rowHeadBox, 0, HEAD_PX - vy.shiftPx);
    setXY(this.colHeadBox, rowHeadPx - vx.shiftPx, 0);
    // Column guide lines (see `guides`); for a structured dtype a second line every element,
    // shifted to where the first element starts.
    const fc = fieldCount;
    const shiftPx = -((vx.first % fc) * colPx);
    const elShift = fc > 1 ? `${shiftPx}px ${fc * colPx}px` : '';
    if (this.elShiftSet !== elShift) {
      this.guides.classList.toggle('structured', fc > 1);
      this.guides.style.setProperty('--grid-el-shift', `${shiftPx}px`);
      this.guides.style.setProperty('--grid-el-px', `${fc * colPx}px`);
      this.elShiftSet = elShift;
    }
  }

  /** Puts rows first..first+n-1 in `rows` (visual order), reusing the elements of rows still visible. */
  syncRows(first: number, n: number): void {
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
      const r = this.spareRows.pop() ?? newRow();
      this.body.appendChild(r.el);
      rows.push(r);
    }
    for (let a = 0; a < n; a++) rows[a].row = first + a;
  }

  /** Shows `n` cells as one run at position i of a row (reusing or adding its element). */
  putRun(slot: RowSlot, i: number, n: number, colPx: number, cls: string, text: string): void {
    let r = slot.runs[i];
    if (!r) slot.runs.push(r = newRun());
    if (i >= slot.shown) {
      slot.el.appendChild(r);
      slot.shown = i + 1;
    }
    const w = n * colPx;
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

  /** A row now has `runs` runs: the rest leave the DOM (kept for reuse). */
  endRow(slot: RowSlot, runs: number): void {
    while (slot.shown > runs) slot.runs[--slot.shown].remove();
  }

  /** The row headers' three texts (see cells.ts rowHeadTexts). */
  setRowHeads(texts: readonly string[]): void {
    for (let k = 0; k < 3; k++) setCellText(this.rowHeads[k], texts[k]);
  }

  /** The column headers: display columns d0..d0+n-1, reusing the elements of those still visible. */
  syncColHeads(d0: number, n: number): void {
    const slot = this.colHeads;
    const parent = this.colHeadBox;
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
      if (!c) cells.push(c = newCell('col-head', 'columnheader'));
      parent.appendChild(c);
      slot.shown++;
    }
    slot.d0 = d0;
  }

  /** The b-th shown column header: its style and label (also its title: a long one is cut). */
  setColHead(b: number, selected: boolean, label: string): void {
    const h = this.colHeads.cells[b];
    setCls(h, selected ? 'col-head selected' : 'col-head');
    if (h._t !== label) {
      setCellText(h, label);
      h.title = label;
    }
  }

  /** Rows and columns of the whole grid, headers included (only some are in the DOM). */
  setCounts(rows: number, cols: number): void {
    const counts = `${rows} ${cols}`;
    if (this.countsSet !== counts) {
      this.root.setAttribute('aria-rowcount', String(rows));
      this.root.setAttribute('aria-colcount', String(cols));
      this.countsSet = counts;
    }
  }

  /** Tells screen readers `message` ('' forgets the last one, so it is told again next time). */
  announce(message: string): void {
    if (message === this.announced) return;
    this.announced = message;
    if (message) this.live.textContent = message;
  }
}

function newCell(cls: string, role: string): CellEl {
  const c = el('div', cls) as CellEl;
  c.setAttribute('role', role);
  c._cls = cls;
  c._t = '';
  c._text = document.createTextNode('');
  c.appendChild(c._text);
  return c;
}

function newRun(): RunEl {
  const r = el('span', 'run') as RunEl;
  r._cls = 'run';
  r._t = '';
  r._n = 0;
  r._w = -1;
  r._text = document.createTextNode('');
  r.appendChild(r._text);
  return r;
}

function newRow(): RowSlot {
  const r: RowSlot = { el: el('div', 'grid-row'), runs: [], shown: 0, row: -1 };
  r.el.setAttribute('role', 'row');
  return r;
}

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
