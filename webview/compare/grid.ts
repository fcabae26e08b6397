/**
 * The comparison panel's grid of one pair: a paged table of A, B, A − B or |A − B| / |B| (the
 * switcher) for one 2-D slice (an index per leading axis), mismatching cells marked (a class for
 * the theme colour and a corner mark that needs no colour), and next / previous mismatch (buttons,
 * F7 / Shift+F7, Alt+Down / Alt+Up) searched on the host from the selected cell in C order.
 * The wheel scrolls the page by rows (Shift or a sideways wheel: by columns), the arrow keys move
 * the selection and the page just as far as it needs, Home / End go to the row's ends and
 * Ctrl+Home / Ctrl+End to the slice's. The host sends each page as text with one flag per cell;
 * the last page stays shown while the next one is on its way. A page has PAGE_ROWS rows and as
 * many columns as the panel's width holds (at least PAGE_COLS).
 */
import {
  cellIndex, COMPARE_PAGE_LIMITS, gridShape, type CompareFromWebview, type CompareGridState, type CompareHeatmap, type CompareMode, type ComparePage,
} from '../../src/shared/compare';
import { clearChildren, el, icon } from '../dom';
import { clamp, wheelDelta } from '../grid/layout';
import { DiffHeatmapView } from './heatmap';
import type { T } from './render';

/** Rows of one page, and its fewest columns (a wide panel gets more: fitColumns). */
export const PAGE_ROWS = 25;
export const PAGE_COLS = 10;
/** The most columns a page asks for: the host's limits. */
const MAX_PAGE_COLS = Math.min(COMPARE_PAGE_LIMITS.cols, Math.floor(COMPARE_PAGE_LIMITS.cells / PAGE_ROWS));

const MODES: { mode: CompareMode; key: 'showA' | 'showB' | 'showDiff' | 'showRel' | 'showHeat' }[] = [
  { mode: 'a', key: 'showA' }, { mode: 'b', key: 'showB' }, { mode: 'diff', key: 'showDiff' }, { mode: 'rel', key: 'showRel' },
  { mode: 'heat', key: 'showHeat' },
];

/** Wheel pixels a row and a column are worth: a notch (100 px in chromium) scrolls 3 rows or 1 column. */
const WHEEL_ROW_PX = 33;
const WHEEL_COL_PX = 100;

/** How a selection off the page brings it into view: scrolled just enough, or its whole page. */
type Reveal = 'nearest' | 'page';

/** Views that exist only for numbers (a difference). */
const numericOnly = (m: CompareMode): boolean => m === 'diff' || m === 'rel' || m === 'heat';

export class CompareGridView {
  readonly element = el('section', 'grid-view');
  private readonly toolbar = el('div', 'grid-toolbar');
  private readonly modes = el('div', 'modes');
  private readonly slice = el('div', 'slice');
  private readonly position = el('span', 'position');
  private readonly findStatus = el('span', 'find-status');
  private readonly cancelButton = el('button', 'cancel-find');
  private readonly table = el('table', 'cmpgrid');
  private readonly note = el('p', 'grid-note');
  private readonly heat = new DiffHeatmapView();
  private heatSeq = 0;
  /** The text view to go back to from the heatmap (a found mismatch is shown in the table). */
  private textMode: CompareMode = 'a';

  private pair = -1;
  private shape: number[] = [];
  private lead: number[] = [];
  private row0 = 0;
  private col0 = 0;
  private mode: CompareMode = 'a';
  /** The selected cell's (row, col) in the slice. */
  private sel: { row: number; col: number } | null = null;
  private page?: ComparePage;
  private seq = 0;
  private findSeq = 0;
  private finding = false;
  private numeric = true;
  /** The pair shown has a grid (same shape, comparable dtypes). */
  private gridShown = false;
  /** Wheel movement not yet worth a row / a column. */
  private wheelY = 0;
  private wheelX = 0;
  /** Columns a page asks for (fitColumns). */
  private pageCols = PAGE_COLS;
  /** Fits of the columns to the panel's width still due when pages are drawn (a new pair, a resize: 2). */
  private fitsDue = 2;

  constructor(private readonly post: (m: CompareFromWebview) => void, private readonly t: T) {
    this.element.hidden = true;
    this.table.tabIndex = 0;
    this.table.setAttribute('role', 'grid');
    this.findStatus.setAttribute('role', 'status');
    this.findStatus.setAttribute('aria-live', 'polite');
    this.table.addEventListener('keydown', (e) => this.onKey(e));
    this.table.addEventListener('click', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-r]');
      if (td) this.select(Number(td.dataset.r), Number(td.dataset.c));
    });
    this.table.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.cancelButton.addEventListener('click', () => this.post({ type: 'cancelFind' }));
    window.addEventListener('resize', () => { this.fitsDue = 2; this.fitColumns(); });
    // F7 / Shift+F7 anywhere on the page but in a text field (the table handles its own keys).
    document.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== 'F7' || target === this.table || target?.tagName === 'INPUT') return;
      e.preventDefault();
      this.findMismatch(e.shiftKey ? 'previous' : 'next');
    });
  }

  /** Builds the toolbar in the UI language (after 'init'). */
  build(): void {
    const t = this.t;
    clearChildren(this.modes);
    this.modes.setAttribute('role', 'group');
    this.modes.setAttribute('aria-label', t('viewTitle'));
    for (const { mode, key } of MODES) {
      const b = el('button', 'mode', t(key));
      b.type = 'button';
      b.dataset.mode = mode;
      b.addEventListener('click', () => this.setMode(mode));
      this.modes.appendChild(b);
    }
    const button = (name: string, codicon: string, title: string, run: () => void): HTMLButtonElement => {
      const b = el('button', name);
      b.type = 'button';
      b.title = title;
      b.setAttribute('aria-label', title);
      b.appendChild(icon(codicon));
      b.addEventListener('click', run);
      return b;
    };
    clearChildren(this.cancelButton);
    this.cancelButton.type = 'button';
    this.cancelButton.textContent = t('cancel');
    this.cancelButton.hidden = true;
    clearChildren(this.toolbar);
    this.toolbar.append(
      this.modes, this.slice,
      button('prev-mismatch', 'arrow-up', t('previousMismatch'), () => this.findMismatch('previous')),
      button('next-mismatch', 'arrow-down', t('nextMismatch'), () => this.findMismatch('next')),
      button('page-up', 'chevron-up', t('pageUp'), () => this.movePage(-1, 0)),
      button('page-down', 'chevron-down', t('pageDown'), () => this.movePage(1, 0)),
      button('page-left', 'chevron-left', t('pageLeft'), () => this.movePage(0, -1)),
      button('page-right', 'chevron-right', t('pageRight'), () => this.movePage(0, 1)),
      this.position, this.findStatus, this.cancelButton,
    );
    clearChildren(this.element);
    this.element.append(this.toolbar, this.note, this.table, this.heat.element);
    this.updateModes();
  }

  /**
   * Shows pair `pair` (its shape when it can be compared, else the reason it cannot); the same
   * pair again keeps the position and asks for the page again (a new result, other tolerances).
   */
  show(pair: number, name: string, shape: number[] | null, reason: string | null, numeric: boolean): void {
    const same = pair === this.pair && shape !== null && shape.join(',') === this.shape.join(',');
    this.pair = pair;
    this.numeric = numeric;
    if (!numeric && numericOnly(this.mode)) this.mode = 'a';
    this.element.hidden = false;
    this.table.setAttribute('aria-label', this.t('gridOf', name));
    this.gridShown = shape !== null && reason === null;
    if (shape === null || reason !== null) {
      this.shape = [];
      this.page = undefined;
      this.note.textContent = this.t('noGrid', reason ?? this.t('notArray'));
      this.note.hidden = false;
      this.table.hidden = true;
      this.heat.element.hidden = true;
      this.toolbar.hidden = true;
      return;
    }
    this.note.hidden = true;
    this.toolbar.hidden = false;
    if (!same) {
      this.shape = [...shape];
      this.lead = gridShape(shape).lead.map(() => 0);
      this.row0 = 0;
      this.col0 = 0;
      this.sel = null;
      this.page = undefined;
      this.fitsDue = 2;
      this.buildSlice();
      this.render(); // another pair: nothing of the last one stays
    }
    this.updateModes();
    this.request();
  }

  hide(): void {
    this.heat.clear();
    this.heatShown = '';
    this.pair = -1;
    this.gridShown = false;
    this.element.hidden = true;
  }

  private buildSlice(): void {
    clearChildren(this.slice);
    const g = gridShape(this.shape);
    if (g.lead.length === 0) return;
    this.slice.appendChild(el('span', 'legend', this.t('slice')));
    g.lead.forEach((n, axis) => {
      const input = el('input');
      input.type = 'number';
      input.min = '0';
      input.max = String(n - 1);
      input.value = String(this.lead[axis]);
      input.dataset.axis = String(axis);
      input.setAttribute('aria-label', `${this.t('slice')} ${axis}`);
      input.addEventListener('change', () => {
        const v = Math.trunc(Number(input.value));
        if (!Number.isFinite(v) || v < 0 || v >= n) { input.value = String(this.lead[axis]); return; }
        this.lead[axis] = v;
        this.request();
      });
      this.slice.appendChild(input);
    });
  }

  setMode(mode: CompareMode): void {
    if (!this.numeric && numericOnly(mode)) return;
    const wasHeat = this.mode === 'heat';
    this.mode = mode;
    if (mode !== 'heat') this.textMode = mode;
    this.updateModes();
    this.render();
    if (mode === 'heat' && !wasHeat) this.requestHeat();
  }

  private updateModes(): void {
    for (const b of this.modes.querySelectorAll<HTMLButtonElement>('button[data-mode]')) {
      const m = b.dataset.mode as CompareMode;
      b.setAttribute('aria-pressed', String(m === this.mode));
      b.disabled = !this.numeric && numericOnly(m);
    }
    const heat = this.mode === 'heat';
    this.table.hidden = heat || !this.gridShown;
    this.heat.element.hidden = !heat || !this.gridShown;
  }

  /** Asks the host for the page at the current position. */
  private request(): void {
    if (this.pair < 0 || !this.gridShown) return;
    this.post({ type: 'getPage', seq: ++this.seq, pair: this.pair, lead: [...this.lead], row0: this.row0, col0: this.col0, rows: PAGE_ROWS, cols: this.pageCols });
    if (this.mode === 'heat') this.requestHeat();
  }

  /** Asks the host for |A − B| of the slice as a heatmap (drawn when it comes). */
  private requestHeat(): void {
    if (this.pair < 0 || !this.gridShown) return;
    const lead = [...this.lead];
    const key = `${this.pair}:${lead.join(',')}`;
    if (this.heatShown === key) return; // the slice drawn already
    this.heatShown = key;
    this.heat.clear();
    this.post({ type: 'getHeatmap', seq: ++this.heatSeq, pair: this.pair, lead, ...this.heat.size() });
  }

  /** Which pair and slice the heatmap shows ('' none). */
  private heatShown = '';

  onHeatmap(map: CompareHeatmap): void {
    if (map.seq !== this.heatSeq) return;
    this.heat.draw(map, this.t('showHeat'), this.t('downsampled', map.factor));
  }

  onHeatmapError(seq: number, message: string): void {
    if (seq !== this.heatSeq) return;
    this.heatShown = '';
    this.note.textContent = message;
    this.note.hidden = false;
  }

  onPage(page: ComparePage): void {
    if (page.seq !== this.seq) return; // an older request
    this.page = page;
    this.render();
  }

  onPageError(seq: number, message: string): void {
    if (seq !== this.seq) return;
    this.note.textContent = message;
    this.note.hidden = false;
  }

  private texts(): string[] {
    const p = this.page!;
    const m = this.mode === 'heat' ? this.textMode : this.mode;
    return m === 'a' ? p.a : m === 'b' ? p.b : m === 'diff' ? p.diff : p.rel;
  }

  private render(): void {
    const p = this.page;
    clearChildren(this.table);
    if (!p) { this.position.textContent = ''; return; }
    const texts = this.texts();
    const head = this.table.createTHead().insertRow();
    head.appendChild(el('th', 'corner'));
    for (let c = 0; c < p.cols; c++) head.appendChild(el('th', 'col-head num', String(p.col0 + c)));
    const body = this.table.createTBody();
    for (let r = 0; r < p.rows; r++) {
      const row = body.insertRow();
      const th = el('th', 'row-head num', String(p.row0 + r));
      th.scope = 'row';
      row.appendChild(th);
      for (let c = 0; c < p.cols; c++) {
        const k = r * p.cols + c;
        const td = row.insertCell();
        td.className = 'cell num';
        td.dataset.r = String(p.row0 + r);
        td.dataset.c = String(p.col0 + c);
        td.setAttribute('role', 'gridcell');
        td.textContent = texts[k] ?? '';
        if (p.mismatch[k] === '1') {
          td.classList.add('mismatch');
          td.title = this.t('mismatchMark');
        }
        const selected = this.sel !== null && this.sel.row === p.row0 + r && this.sel.col === p.col0 + c;
        if (selected) td.classList.add('selected');
        td.setAttribute('aria-selected', String(selected));
      }
    }
    const g = gridShape(this.shape);
    const rowsText = this.t('rowsOf', p.row0, p.row0 + p.rows - 1, g.rows);
    this.position.textContent = g.cols > 1 ? `${rowsText}, ${this.t('colsOf', p.col0, p.col0 + p.cols - 1, g.cols)}` : rowsText;
    this.note.hidden = true;
    this.fitColumns();
  }

  /**
   * While due (fitsDue), as many columns as the panel's width holds at the mean width of the
   * page's columns: at least PAGE_COLS (a narrow panel scrolls sideways, as before), at most the
   * host's limit. Asks for the page again when the slice then shows other columns, and checks
   * that page once more (its numbers have other widths). Only for a new pair and after a resize,
   * so that scrolling to wider numbers does not make the page size swing.
   */
  private fitColumns(): void {
    const p = this.page;
    const width = this.element.clientWidth;
    if (this.fitsDue === 0 || !p || p.cols === 0 || this.table.hidden || width === 0) return;
    this.fitsDue--;
    let sum = 0;
    const heads = this.table.querySelectorAll<HTMLElement>('th.col-head');
    for (const th of heads) sum += th.offsetWidth;
    if (sum === 0) return;
    // The table's width but its columns': the row heads and the borders.
    const rest = this.table.offsetWidth - sum;
    const cols = clamp(Math.floor((width - rest) / (sum / heads.length)), PAGE_COLS, MAX_PAGE_COLS);
    if (cols === this.pageCols) { this.fitsDue = 0; return; }
    const g = gridShape(this.shape);
    const shownBefore = Math.min(this.pageCols, g.cols);
    this.pageCols = cols;
    if (Math.min(cols, g.cols) === shownBefore) return;
    this.col0 = clamp(this.col0, 0, Math.max(0, g.cols - cols));
    if (this.sel) this.col0 = inView(this.sel.col, this.col0, cols, g.cols, 'nearest');
    this.request();
  }

  /**
   * Selects cell (row, col) of the current slice, bringing it into view as `reveal` says if it
   * is off the page (`reload`: ask for the page anyway).
   */
  private select(row: number, col: number, reload = false, reveal: Reveal = 'page'): void {
    const g = gridShape(this.shape);
    row = clamp(row, 0, g.rows - 1);
    col = clamp(col, 0, g.cols - 1);
    this.sel = { row, col };
    const r0 = inView(row, this.row0, PAGE_ROWS, g.rows, reveal);
    const c0 = inView(col, this.col0, this.pageCols, g.cols, reveal);
    if (reload || r0 !== this.row0 || c0 !== this.col0) {
      // The last page stays until the new one comes, without the old selection.
      for (const td of this.table.querySelectorAll('td.selected')) { td.classList.remove('selected'); td.setAttribute('aria-selected', 'false'); }
      this.row0 = r0;
      this.col0 = c0;
      this.request();
    } else {
      this.render();
    }
    this.table.querySelector<HTMLElement>('td.selected')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** Selects a cell by its full index (a found mismatch): its slice, its page. */
  private selectIndex(index: number[]): void {
    const nd = this.shape.length;
    const lead = nd >= 2 ? index.slice(0, nd - 2) : [];
    const otherSlice = lead.join(',') !== this.lead.join(',');
    if (otherSlice) {
      this.lead = lead;
      for (const input of this.slice.querySelectorAll<HTMLInputElement>('input[data-axis]')) input.value = String(lead[Number(input.dataset.axis)]);
    }
    const row = nd === 0 ? 0 : nd === 1 ? index[0] : index[nd - 2];
    const col = nd >= 2 ? index[nd - 1] : 0;
    this.select(row, col, otherSlice);
  }

  /** A page down / up (dr) or right / left (dc); the selection moves with the page. */
  private movePage(dr: number, dc: number): void {
    if (this.pair < 0 || !this.gridShown) return;
    const { row0, col0 } = this;
    if (!this.scrollTo(row0 + dr * PAGE_ROWS, col0 + dc * this.pageCols)) return;
    if (this.sel) {
      const g = gridShape(this.shape);
      this.sel = {
        row: clamp(this.sel.row + this.row0 - row0, this.row0, Math.min(g.rows, this.row0 + PAGE_ROWS) - 1),
        col: clamp(this.sel.col + this.col0 - col0, this.col0, Math.min(g.cols, this.col0 + this.pageCols) - 1),
      };
    }
  }

  /**
   * Shows the page from (row0, col0), kept inside the slice (a whole page where the slice has
   * one); false when the page shown is that one already.
   */
  private scrollTo(row0: number, col0: number): boolean {
    const g = gridShape(this.shape);
    const r0 = clamp(row0, 0, Math.max(0, g.rows - PAGE_ROWS));
    const c0 = clamp(col0, 0, Math.max(0, g.cols - this.pageCols));
    if (r0 === this.row0 && c0 === this.col0) return false;
    this.row0 = r0;
    this.col0 = c0;
    this.request();
    return true;
  }

  /** The wheel scrolls the page (the panel itself once the page is at that end of the slice). */
  private onWheel(e: WheelEvent): void {
    if (this.pair < 0 || !this.gridShown || e.ctrlKey) return;
    const { dx, dy } = wheelDelta(e, { lineY: WHEEL_ROW_PX, lineX: WHEEL_COL_PX, pageY: PAGE_ROWS * WHEEL_ROW_PX, pageX: this.pageCols * WHEEL_COL_PX });
    this.wheelY += dy;
    this.wheelX += dx;
    const dr = Math.trunc(this.wheelY / WHEEL_ROW_PX);
    const dc = Math.trunc(this.wheelX / WHEEL_COL_PX);
    this.wheelY -= dr * WHEEL_ROW_PX;
    this.wheelX -= dc * WHEEL_COL_PX;
    if ((dr === 0 && dc === 0) || this.scrollTo(this.row0 + dr, this.col0 + dc)) e.preventDefault();
    else this.wheelY = this.wheelX = 0;
  }

  /** Asks the host for the next / previous mismatch from the selected cell. */
  findMismatch(direction: 'next' | 'previous'): void {
    if (this.pair < 0 || !this.gridShown) return;
    const from = this.sel ? cellIndex(this.shape.length, this.lead, this.sel.row, this.sel.col) : null;
    this.finding = true;
    this.findStatus.textContent = this.t('searching', 0);
    this.cancelButton.hidden = false;
    this.post({ type: 'find', seq: ++this.findSeq, pair: this.pair, from, direction });
  }

  onFinding(seq: number, done: number, total: number): void {
    if (seq !== this.findSeq || !this.finding) return;
    this.findStatus.textContent = this.t('searching', total > 0 ? Math.floor((100 * done) / total) : 100);
  }

  onFound(seq: number, index: number[] | null, wrapped: boolean, cancelled: boolean, message: string): void {
    if (seq !== this.findSeq) return;
    this.finding = false;
    this.cancelButton.hidden = true;
    if (cancelled) { this.findStatus.textContent = this.t('cancelled'); return; }
    if (message) { this.findStatus.textContent = message; return; }
    if (!index) { this.findStatus.textContent = this.t('noMismatch'); return; }
    this.findStatus.textContent = wrapped ? this.t('wrapped') : '';
    if (this.mode === 'heat') this.setMode(this.textMode);
    this.selectIndex(index);
    this.table.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'F7' || (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp'))) {
      e.preventDefault();
      this.findMismatch(e.key === 'ArrowUp' || e.shiftKey ? 'previous' : 'next');
      return;
    }
    if (e.key === 'Escape' && this.finding) { this.post({ type: 'cancelFind' }); return; }
    if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      const d = e.key === 'PageDown' ? 1 : -1;
      if (e.shiftKey) this.movePage(0, d); else this.movePage(d, 0);
      return;
    }
    if ((e.key === 'Home' || e.key === 'End') && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      const g = gridShape(this.shape);
      const end = e.key === 'End';
      const row = e.ctrlKey || e.metaKey ? (end ? g.rows - 1 : 0) : this.sel?.row ?? this.row0;
      this.select(row, end ? g.cols - 1 : 0, false, e.ctrlKey || e.metaKey ? 'page' : 'nearest');
      return;
    }
    const moves: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
    const m = moves[e.key];
    if (!m || e.altKey) return;
    e.preventDefault();
    const s = this.sel ?? { row: this.row0, col: this.col0 };
    this.select(s.row + (this.sel ? m[0] : 0), s.col + (this.sel ? m[1] : 0), false, 'nearest');
  }

  /** What the grid shows (the tests' probe). */
  state(): CompareGridState {
    const p = this.page;
    const marked: string[] = [];
    if (p) {
      for (let k = 0; k < p.rows * p.cols; k++) {
        if (p.mismatch[k] === '1') marked.push(cellIndex(this.shape.length, p.lead, p.row0 + Math.floor(k / p.cols), p.col0 + (k % p.cols)).join(','));
      }
    }
    return {
      pair: this.pair, mode: this.mode, lead: [...this.lead], row0: Math.max(0, this.row0), col0: this.col0,
      rows: p ? p.rows : 0, cols: p ? p.cols : 0,
      selected: this.sel ? cellIndex(this.shape.length, this.lead, this.sel.row, this.sel.col) : null,
      selectedText: this.table.querySelector('td.selected')?.textContent ?? '',
      marked, find: this.findStatus.textContent ?? '', members: {},
      heat: this.heat.last && !this.heat.element.hidden ? `${this.heat.last.rows}x${this.heat.last.cols}/${this.heat.last.factor}` : '',
    };
  }
}

/**
 * The first row (or column) of the page that shows `at`: the page's own if `at` is on it; else
 * scrolled just enough ('nearest'), or `at`'s page of `size` (`page`), kept whole inside `count`.
 */
function inView(at: number, first: number, size: number, count: number, reveal: Reveal): number {
  if (at >= first && at < first + size) return first;
  const start = reveal === 'nearest' ? (at < first ? at : at - size + 1) : Math.floor(at / size) * size;
  return clamp(start, 0, Math.max(0, count - size));
}
