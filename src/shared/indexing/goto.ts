/**
 * Cells by the array's own indices, for both sides: the grid's headers, hover and Go to show and
 * take the index into the array along each axis (after `[2:5, 10, ::-3]` the rows are 2, 3, 4 and
 * the columns 63, 60, 57…), and one resolver places what Go to's box reads (views.ts parseGoTo,
 * for the toolbar box and the Ctrl+G box alike) on the array. Imports nothing outside
 * src/shared: it is bundled into both sides.
 */
import { FULL_SLICE, type AxisSel } from './indexexpr';
import type { AxisRange, ViewInfo } from '../protocol';

/** How the grid's cells map to indices into the array. */
export interface GridIndexing {
  /** The array's shape. */
  shape: readonly number[];
  /** The selection on every array axis (ViewInfo.axisSels): an integer, or a slice. */
  sels: readonly AxisSel[];
  /** The array axes along the grid's rows / columns (-1: none). */
  rowSrc: number;
  colSrc: number;
  /** Where the rows / columns lie along them (start 0, step 1 for an absent axis). */
  row: AxisRange;
  col: AxisRange;
  /** The grid's size in cells. */
  rows: number;
  cols: number;
}

const IDENTITY: AxisRange = { start: 0, step: 1 };

/** The indexing of a resolved view of an array of `shape`. */
export function gridIndexing(vi: ViewInfo, shape: readonly number[]): GridIndexing {
  const src = (axis: number): number => (axis >= 0 ? vi.sourceAxes[axis] : -1);
  const range = (axis: number): AxisRange => (axis >= 0 && vi.ranges[axis]) || IDENTITY;
  return {
    shape, sels: vi.axisSels, rowSrc: src(vi.rowAxis), colSrc: src(vi.colAxis),
    row: range(vi.rowAxis), col: range(vi.colAxis), rows: vi.rows, cols: vi.cols,
  };
}

/** The array index at view index i along an axis. */
export function arrayIndexAt(r: AxisRange, i: number): number {
  return r.start + i * r.step;
}

/** The view index of array index `a` along an axis of `n` cells, if the view holds it. */
export function viewIndexOf(r: AxisRange, n: number, a: number): number | undefined {
  const i = (a - r.start) / r.step + 0; // + 0: no -0
  return Number.isInteger(i) && i >= 0 && i < n ? i : undefined;
}

/** The full index into the array of grid cell (row, col). */
export function cellIndex(g: GridIndexing, row: number, col: number): number[] {
  return g.sels.map((s, a) => (a === g.rowSrc ? arrayIndexAt(g.row, row) : a === g.colSrc ? arrayIndexAt(g.col, col) : fixedIndex(s)));
}

/** The index an axis is fixed at (0 for a slice: the caller puts the grid's index there). */
function fixedIndex(s: AxisSel): number {
  return s.kind === 'int' ? s.index : 0;
}

/** The grid cell that shows array index `index` in this view, if it does. */
export function cellOf(g: GridIndexing, index: readonly number[]): { row: number; col: number } | undefined {
  const fixedHold = g.sels.every((s, a) => a === g.rowSrc || a === g.colSrc || fixedIndex(s) === index[a]);
  const row = g.rowSrc >= 0 ? viewIndexOf(g.row, g.rows, index[g.rowSrc]) : 0;
  const col = g.colSrc >= 0 ? viewIndexOf(g.col, g.cols, index[g.colSrc]) : 0;
  return fixedHold && row !== undefined && col !== undefined ? { row, col } : undefined;
}

/** An index as NumPy prints a tuple of indices: [3, 10, 57]. */
export function indexText(index: readonly number[]): string {
  return `[${index.join(', ')}]`;
}

/** Why a Go to cannot be done. 'count': not 1, 2 or one integer per axis; 'range': out of the array. */
export type GoToError =
  | { error: 'syntax' | 'count' }
  | { error: 'range'; value: number; axis: number; size: number };

/**
 * Where Go to goes: a full index into the array, and either the grid cell that shows it in the
 * current view, or the selection on every axis of a view that does (the grid axes keep their
 * slice when it holds the index, else are shown whole; the other axes are fixed to it).
 */
export type GoToTarget = { index: number[]; cell: { row: number; col: number } } | { index: number[]; sels: AxisSel[] };

/**
 * Resolves Go to's integers against the grid: "row" (in the view's first column) or "row, col"
 * (indices into the array along the grid's row and column axes, negative ones from the end of the
 * array's axis; an absent axis has the one index 0), or one integer per array
 * axis (whenever that is not read as row and column: more axes than the grid shows).
 */
export function goToTarget(nums: readonly number[], g: GridIndexing): GoToTarget | GoToError {
  const nd = g.shape.length;
  const onGrid = (g.rowSrc >= 0 ? 1 : 0) + (g.colSrc >= 0 ? 1 : 0);
  const full = nums.length === nd && nd > onGrid;
  if (!full && (nums.length < 1 || nums.length > 2)) return { error: 'count' };
  const index = g.sels.map(fixedIndex);
  const set = (axis: number, v: number): GoToError | undefined => {
    // No such grid axis: its one index is 0 (or -1).
    if (axis < 0) return v === 0 || v === -1 ? undefined : { error: 'count' };
    const size = g.shape[axis];
    const i = v < 0 ? v + size : v;
    if (!Number.isSafeInteger(i) || i < 0 || i >= size) return { error: 'range', value: v, axis, size };
    index[axis] = i;
    return undefined;
  };
  // A row alone: the view's first column.
  const col = nums.length > 1 ? nums[1] : g.colSrc >= 0 ? arrayIndexAt(g.col, 0) : 0;
  const errs = full ? nums.map((v, a) => set(a, v)) : [set(g.rowSrc, nums[0]), set(g.colSrc, col)];
  const err = errs.find((e) => e);
  if (err) return err;
  const cell = cellOf(g, index);
  if (cell) return { index, cell };
  const holds = (axis: number, r: AxisRange, n: number): boolean => viewIndexOf(r, n, index[axis]) !== undefined;
  const sels = g.sels.map((s, a): AxisSel => {
    if (a === g.rowSrc) return holds(a, g.row, g.rows) ? s : FULL_SLICE;
    if (a === g.colSrc) return holds(a, g.col, g.cols) ? s : FULL_SLICE;
    return { kind: 'int', index: index[a] };
  });
  return { index, sels };
}
