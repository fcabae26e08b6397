/**
 * The grid's layout arithmetic as pure functions (unit-tested in Node): fixed sizes, column
 * widths in characters, the two scroll axes, the visible window, the cell under a point, and the
 * order in which reused elements are rotated.
 */
import * as S from '../scroll';

export const ROW_PX = 22;
export const HEAD_PX = 24;
export const MIN_COL_PX = 56;
/** Longest text shown whole in a column (longer ones are cut with '…'; the title has all). */
export const MAX_COL_CHARS = 36;
/** Characters of padding in a column: one either side of the value. */
export const PAD_CHARS = 2;

/**
 * Column width in characters, padding included, for values of `chars` characters: at least 4
 * characters and MIN_COL_PX, at most MAX_COL_CHARS.
 */
export function cellCharsFor(chars: number, charPx: number): number {
  const minChars = Math.ceil(MIN_COL_PX / charPx);
  return Math.max(minChars, Math.min(MAX_COL_CHARS, Math.max(chars, 4)) + PAD_CHARS);
}

/** Width of the row headers for labels of `chars` characters. */
export function rowHeadPxFor(chars: number, charPx: number): number {
  return Math.max(40, Math.ceil((chars + PAD_CHARS) * charPx + 2));
}

/** What the axes are made of: the grid's size and the sizes measured or chosen for it. */
export interface Geometry {
  rows: number;
  /** Display columns: element columns × sub-columns per element. */
  displayCols: number;
  colPx: number;
  rowHeadPx: number;
  /** The scroller's client size. */
  viewW: number;
  viewH: number;
}

export function axisY(g: Geometry): S.Axis {
  return { count: g.rows, itemPx: ROW_PX, viewportPx: Math.max(0, g.viewH - HEAD_PX) };
}

export function axisX(g: Geometry): S.Axis {
  return { count: g.displayCols, itemPx: g.colPx, viewportPx: Math.max(0, g.viewW - g.rowHeadPx) };
}

/**
 * The visible window: rows `vy`, display columns `vx`, the element columns col0..col0+cols-1
 * they belong to, and per visible display column its element column and field.
 */
export interface Shown {
  vy: S.Visible;
  vx: S.Visible;
  col0: number;
  cols: number;
  colOf: number[];
  fieldOf: number[];
}

export function shownWindow(ay: S.Axis, ax: S.Axis, offY: number, offX: number, fieldCount: number): Shown {
  const vy = S.visibleRange(ay, offY);
  const vx = S.visibleRange(ax, offX);
  const col0 = Math.floor(vx.first / fieldCount);
  const col1 = vx.n > 0 ? Math.floor((vx.first + vx.n - 1) / fieldCount) : col0 - 1;
  const colOf: number[] = [];
  const fieldOf: number[] = [];
  for (let b = 0; b < vx.n; b++) {
    const d = vx.first + b;
    colOf.push(Math.floor(d / fieldCount));
    fieldOf.push(d % fieldCount);
  }
  return { vy, vx, col0, cols: col1 - col0 + 1, colOf, fieldOf };
}

/** The row and display column under a point of the layer (layer-relative px; not clamped). */
export function pointAt(x: number, y: number, offX: number, offY: number, rowHeadPx: number, colPx: number): { row: number; d: number } {
  return {
    row: Math.floor((y - HEAD_PX + offY) / ROW_PX),
    d: Math.floor((x - rowHeadPx + offX) / colPx),
  };
}

/**
 * Reorders `items`, shown in this order in the DOM, so that items[k] comes first (0 < k < length):
 * [k..] then [..k). `move(item, before)` moves one element before another (or to the end); only
 * the shorter side moves.
 */
export function rotate<T>(items: T[], k: number, move: (item: T, before: T | undefined) => void): void {
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

/** A wheel event's move in pixels (deltaMode 1: lines, 2: pages); Shift turns vertical into horizontal. */
export function wheelDelta(
  e: { deltaX: number; deltaY: number; deltaMode: number; shiftKey: boolean },
  u: { lineY: number; lineX: number; pageY: number; pageX: number },
): { dx: number; dy: number } {
  const unitY = e.deltaMode === 1 ? u.lineY : e.deltaMode === 2 ? u.pageY : 1;
  const unitX = e.deltaMode === 1 ? u.lineX : e.deltaMode === 2 ? u.pageX : 1;
  let dx = e.deltaX * unitX;
  let dy = e.deltaY * unitY;
  if (e.shiftKey && dx === 0) {
    dx = dy;
    dy = 0;
  }
  return { dx, dy };
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
