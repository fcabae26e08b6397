/**
 * The grid's cell model, as pure functions (unit-tested in Node): what the grid shows (GridModel),
 * which pages the visible window needs, and what text and state every visible cell has.
 */
import type { GridIndexing } from '../../src/shared/indexing/goto';
import { CellFlag, type PageData, type ViewSpec } from '../../src/shared/protocol';
import { visibleText } from '../../src/shared/visible';
import type { PageKey } from '../pages';

export interface GridModel {
  view: ViewSpec;
  rows: number;
  cols: number;
  /** Field names of a structured dtype as shown (visibleText; [] for plain dtypes: one sub-column per element). */
  fields: string[];
  /** False when the view has no row (0-d) / column (0-d, 1-D) axis: headers show no index. */
  hasRowAxis: boolean;
  hasColAxis: boolean;
  /** How cells map to indices into the array (headers, hover and announcements show those). */
  indexing: GridIndexing;
  /** Text (str_, bytes_): values and headers start at the left; numbers end at the right. */
  leftAligned: boolean;
}

/** Cell states (each its own style), in the order of STATE_CLS's class names. */
export const enum State { Value = 0, Pending = 1, Failed = 2, Special = 3 }
export const STATE_CLS = ['', ' pending', ' failed', ' special'];

/**
 * How a value-shaded cell's text is drawn (webview/shade): in the theme's colour (no fill, or not
 * shaded), dark (on a light fill) or light (on a dark one); the run classes in TONE_CLS's order.
 */
export const enum Tone { None = 0, Dark = 1, Light = 2 }
export const TONE_CLS = ['', ' on-light', ' on-dark'];

/** Gives visible cell (a, b), showing `text` with CellFlag `flag`, its tone (the shader's cell()). */
export type CellTone = (a: number, b: number, text: string, flag: number) => Tone;

/** Where page data comes from (the PageLoader). */
export interface PageSource {
  readonly pageRows: number;
  readonly pageCols: number;
  /** Fresh or stale data for a page. */
  lookup(vk: string, p: PageKey): PageData | undefined;
  isFresh(vk: string, p: PageKey): boolean;
  hasFailed(vk: string, p: PageKey): boolean;
}

/** A visible page: its data (maybe stale, or the previous view's), whether current, whether it failed. */
export interface VisiblePage { data: PageData | undefined; fresh: boolean; failed: boolean }

/** The visible pages, looked up once: pages[pr - pr0][pc - pc0]. */
export interface PageGrid { pr0: number; pc0: number; pages: VisiblePage[][] }

/**
 * Looks up the visible pages of view `vk`; a page it does not have yet is taken from
 * `fallbackVk` (the previous slice) as stale data.
 */
export function lookPages(src: PageSource, vk: string, fallbackVk: string | undefined, visible: PageKey[], row0: number, col0: number): PageGrid {
  const pr0 = Math.floor(row0 / src.pageRows);
  const pc0 = Math.floor(col0 / src.pageCols);
  const pages: VisiblePage[][] = [];
  for (const p of visible) {
    let data = src.lookup(vk, p);
    let fresh = !!data && src.isFresh(vk, p);
    if (!data && fallbackVk) {
      data = src.lookup(fallbackVk, p);
      fresh = false;
    }
    (pages[p.pr - pr0] ??= [])[p.pc - pc0] = { data, fresh, failed: !data && src.hasFailed(vk, p) };
  }
  return { pr0, pc0, pages };
}

/**
 * What the visible cells show: per visible row, per display column, the text (the value, or ''
 * while pending/failed), state and tone (Tone.None but for shaded values). `loading`: some cell waits for (current) data; `complete`:
 * every cell shows current data; `longest`: the longest value text.
 */
export interface CellTexts {
  rows: number[];
  texts: string[][];
  states: State[][];
  tones: Tone[][];
  loading: boolean;
  complete: boolean;
  longest: number;
}

/**
 * Reads the texts and states of rows row0..row0+nRows-1 at the display columns (colOf, fieldOf)
 * from the looked-up pages; `tone`, when cells are shaded, is asked the tone of each value shown.
 */
export function readCells(
  g: PageGrid, pageRows: number, pageCols: number, row0: number, nRows: number, colOf: number[], fieldOf: number[], tone?: CellTone,
): CellTexts {
  const nCols = colOf.length;
  const texts: string[][] = [];
  const states: State[][] = [];
  const tones: Tone[][] = [];
  const rows: number[] = [];
  let loading = false;
  let complete = nRows > 0 && nCols > 0;
  let longest = 0;
  for (let a = 0; a < nRows; a++) {
    const row = row0 + a;
    rows.push(row);
    const pageRow = g.pages[Math.floor(row / pageRows) - g.pr0];
    const line: string[] = [];
    const st: State[] = [];
    const tn: Tone[] = [];
    for (let b = 0; b < nCols; b++) {
      const col = colOf[b];
      const pg = pageRow?.[Math.floor(col / pageCols) - g.pc0];
      const data = pg?.data;
      let text = '';
      let state = State.Pending;
      let tn1 = Tone.None;
      if (data && row >= data.row0 && row < data.row0 + data.rows && col >= data.col0 && col < data.col0 + data.cols) {
        const idx = ((row - data.row0) * data.cols + (col - data.col0)) * data.fieldCount + fieldOf[b];
        // Data text as shown: controls visible, a long value cut (Copy gives it whole).
        text = visibleText(data.values[idx] ?? '');
        const flag = data.flags[idx] ?? 0;
        state = flag === CellFlag.NaN || flag === CellFlag.Inf || flag === CellFlag.NaT ? State.Special : State.Value;
        if (tone) tn1 = tone(a, b, text, flag);
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
      tn.push(tn1);
    }
    texts.push(line);
    states.push(st);
    tones.push(tn);
  }
  return { rows, texts, states, tones, loading, complete, longest };
}

/** What a cell shows: its value, or the placeholder / '?' while pending / failed. */
export function shownText(state: State, text: string, placeholder: string): string {
  return state === State.Value || state === State.Special ? text : state === State.Pending ? placeholder : '?';
}

/**
 * The row headers' texts: one line per visible row, in three runs: before, in and after the
 * selected rows s0..s1 (inclusive; none: all before). A run that has lines after it ends with a
 * line break. `label(row)`: the row's header ('' for a view without a row axis).
 */
export function rowHeadTexts(first: number, n: number, sel: { row0: number; row1: number } | undefined, label: (row: number) => string): [string, string, string] {
  const s0 = sel ? clampInt(sel.row0 - first, 0, n) : n;
  const s1 = sel ? clampInt(sel.row1 + 1 - first, s0, n) : n;
  const bounds = [0, s0, s1, n];
  const out: [string, string, string] = ['', '', ''];
  for (let k = 0; k < 3; k++) {
    let text = '';
    for (let a = bounds[k]; a < bounds[k + 1]; a++) {
      if (a > bounds[k]) text += '\n';
      text += label(first + a);
    }
    if (bounds[k + 1] > bounds[k] && bounds[k + 1] < n) text += '\n';
    out[k] = text;
  }
  return out;
}

/**
 * A column header: the column's index, and the field name for structured dtypes; `value` names
 * the one column of a view without a column axis.
 */
export function colHeadLabel(m: GridModel, index: string, field: number, value: string): string {
  if (m.fields.length > 1) return m.hasColAxis ? `${index}: ${m.fields[field]}` : m.fields[field];
  return m.hasColAxis ? index : value;
}

/**
 * The focused cell's value for screen readers ("a: 1, b: 2" for structured dtypes), from the
 * last render; undefined while any of its parts is not shown (pending, failed or out of view).
 */
export function focusedValue(m: GridModel, c: CellTexts, focus: { row: number; col: number }, row0: number, d0: number): string | undefined {
  const fc = Math.max(1, m.fields.length);
  const a = focus.row - row0;
  const parts: string[] = [];
  for (let f = 0; f < fc; f++) {
    const b = focus.col * fc + f - d0;
    const text = c.texts[a]?.[b];
    const state = c.states[a]?.[b];
    if (text === undefined || state === State.Pending || state === State.Failed) return undefined;
    parts.push(fc > 1 ? `${m.fields[f]}: ${text}` : text);
  }
  return parts.join(', ');
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
