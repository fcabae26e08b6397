/**
 * Text runs, as pure functions (unit-tested in Node). Drawing is the hot path of scrolling, and
 * what it costs the browser is layout and paint per text node, so a row's visible cells are
 * drawn as a few runs of text, not an element each:
 * - The column width is a whole number of characters of the (monospace) editor font; each cell
 *   of a run is its text right-aligned in that many characters (padStart; text dtypes are
 *   left-aligned, padEnd), cut with '…' when too long. Consecutive cells of the same style whose texts are plain ASCII share one run;
 *   any other text (CJK, emoji, combining marks…), and the focused cell, gets a run of its own
 *   one column wide ('free'), so a glyph of another width never shifts the columns after it.
 * - When the font is not monospace, every cell is drawn alone.
 */
import { PAD_CHARS } from './layout';
import { shownText, State, STATE_CLS, Tone, TONE_CLS } from './cells';
import type { Cell, Rect } from '../selection';

/** What decides how texts fit in a column: the font and the column width. */
export interface Fit {
  /** The editor font is monospace (runs of many cells line up). */
  mono: boolean;
  /** Characters beyond printable ASCII measured as one column wide ('…', the placeholder). */
  monoExtras: Set<string>;
  /** Column width in characters, padding included. */
  cellChars: number;
  /** Texts start at the left of their column (else they end at its right). */
  left: boolean;
}

/** Whether a text can be drawn inside a run: every character one column wide in the font. */
export function isSimple(fit: Fit, text: string): boolean {
  if (!fit.mono) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c > 0x7e) && !fit.monoExtras.has(text[i])) return false;
  }
  return true;
}

/**
 * A simple text in a cell of a run: right-aligned in the column (left-aligned for `fit.left`),
 * cut with '…' if too long (undefined when it is too long and '…' is not one column wide).
 */
export function fitted(fit: Fit, text: string): string | undefined {
  const w = fit.cellChars - PAD_CHARS;
  if (text.length <= w) return fit.left ? ` ${text.padEnd(w)} ` : ` ${text.padStart(w)} `;
  if (!fit.monoExtras.has('…')) return undefined;
  return ` ${text.slice(0, w - 1)}… `;
}

/** Receives the runs of a row, in order: the i-th run draws `n` cells with style `cls`. */
export type RunSink = (i: number, n: number, cls: string, text: string) => void;

/** One visible row: its index, its cells' texts, states and tones (per visible display column; no tones: none shaded). */
export interface RowCells { row: number; texts: string[]; states: State[]; tones?: Tone[] }

/**
 * Groups a row's visible cells into runs and passes each to `put`; returns how many there are.
 * `colOf[b]`: the element column of display column b (selection and focus are by element).
 * A run's cells share a style (state, tone, selected) and are all simple; the focused cell and any
 * cell that is not simple are runs of their own (a free one when not simple).
 */
export function rowRuns(r: RowCells, colOf: number[], sel: Rect | undefined, focus: Cell | undefined, fit: Fit, placeholder: string, put: RunSink): number {
  const { row, texts: line, states: st } = r;
  const tn = r.tones;
  const n = colOf.length;
  const rowSelected = !!sel && row >= sel.row0 && row <= sel.row1;
  const focusRow = !!focus && focus.row === row;
  let runs = 0;
  let b = 0;
  while (b < n) {
    const b0 = b;
    const col = colOf[b];
    const state = st[b];
    const tone = tn ? tn[b] : Tone.None;
    const selected = rowSelected && col >= sel!.col0 && col <= sel!.col1;
    const focused = focusRow && focus!.col === col;
    const shown = shownText(state, line[b], placeholder);
    // A selected cell shows the selection's colours, not its shade's.
    let cls = 'run' + STATE_CLS[state] + (selected ? ' selected' : TONE_CLS[tone]) + (focused ? ' focused' : '');
    const first = isSimple(fit, shown) ? fitted(fit, shown) : undefined;
    b++;
    if (first === undefined || focused) {
      // On its own: not drawable in a run, or the focused cell (outlined).
      if (first !== undefined) {
        put(runs++, 1, cls, first);
      } else {
        cls += ' free';
        put(runs++, 1, cls, shown);
      }
      continue;
    }
    let text = first;
    while (b < n && st[b] === state && (tn ? tn[b] : Tone.None) === tone && !(focusRow && focus!.col === colOf[b])
      && (rowSelected && colOf[b] >= sel!.col0 && colOf[b] <= sel!.col1) === selected) {
      const s = shownText(state, line[b], placeholder);
      const f = isSimple(fit, s) ? fitted(fit, s) : undefined;
      if (f === undefined) break;
      text += f;
      b++;
    }
    put(runs++, b - b0, cls, text);
  }
  return runs;
}
