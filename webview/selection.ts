/**
 * Selection and keyboard movement as pure functions. Coordinates are grid elements (row, col);
 * the anchor stays put while shift-extending, the focus is the cell that moves.
 */
export interface Cell { row: number; col: number }
export interface Selection { anchor: Cell; focus: Cell }
export interface Rect { row0: number; col0: number; row1: number; col1: number }

export function rectOf(s: Selection): Rect {
  return {
    row0: Math.min(s.anchor.row, s.focus.row),
    col0: Math.min(s.anchor.col, s.focus.col),
    row1: Math.max(s.anchor.row, s.focus.row),
    col1: Math.max(s.anchor.col, s.focus.col),
  };
}

export interface MoveKeys { key: string; shift: boolean; ctrl: boolean }

/**
 * The selection after a navigation key, or undefined when the key is not a navigation key.
 * `pageRows` is how many rows Page Up/Down moves.
 */
export function moveSelection(
  s: Selection,
  k: MoveKeys,
  rows: number,
  cols: number,
  pageRows: number,
): Selection | undefined {
  if (rows <= 0 || cols <= 0) return undefined;
  let { row, col } = s.focus;
  switch (k.key) {
    case 'ArrowUp': row = k.ctrl ? 0 : row - 1; break;
    case 'ArrowDown': row = k.ctrl ? rows - 1 : row + 1; break;
    case 'ArrowLeft': col = k.ctrl ? 0 : col - 1; break;
    case 'ArrowRight': col = k.ctrl ? cols - 1 : col + 1; break;
    case 'PageUp': row -= pageRows; break;
    case 'PageDown': row += pageRows; break;
    case 'Home': col = 0; if (k.ctrl) row = 0; break;
    case 'End': col = cols - 1; if (k.ctrl) row = rows - 1; break;
    default: return undefined;
  }
  const focus = { row: clamp(row, 0, rows - 1), col: clamp(col, 0, cols - 1) };
  return { anchor: k.shift ? s.anchor : focus, focus };
}

/** A point's cell (clamped to the grid) and whether it is in the row / column headers. */
export interface Hit { cell: Cell; rowHead: boolean; colHead: boolean }

/**
 * What a click selects: the corner everything, a column header its column, a row header its
 * row, a cell itself (shift: from the anchor).
 */
export function clickSelection(m: { rows: number; cols: number }, hit: Hit, shift: boolean, current: Selection | undefined): Selection {
  if (hit.rowHead && hit.colHead) return { anchor: { row: 0, col: 0 }, focus: { row: m.rows - 1, col: m.cols - 1 } };
  if (hit.colHead) return { anchor: { row: 0, col: hit.cell.col }, focus: { row: m.rows - 1, col: hit.cell.col } };
  if (hit.rowHead) return { anchor: { row: hit.cell.row, col: 0 }, focus: { row: hit.cell.row, col: m.cols - 1 } };
  return { anchor: shift && current ? current.anchor : hit.cell, focus: hit.cell };
}

/** Keeps a selection inside a (possibly smaller) grid after a reload; undefined if nothing is left. */
export function clampSelection(s: Selection, rows: number, cols: number): Selection | undefined {
  if (rows <= 0 || cols <= 0) return undefined;
  const c = (p: Cell): Cell => ({ row: clamp(p.row, 0, rows - 1), col: clamp(p.col, 0, cols - 1) });
  return { anchor: c(s.anchor), focus: c(s.focus) };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
