/**
 * A grid selection as an index into the array (Copy index, Export selection): the array's own
 * indices on every axis, a slice along each grid axis the selection spans ('2:5', '63:56:-3',
 * '7::-1') and the integer each other axis is fixed at. Imports nothing outside src/shared.
 */
import { arrayIndexAt, type GridIndexing } from './goto';
import type { AxisRange, ViewSpec } from '../protocol';

/** A selection rectangle of the grid, inclusive. */
export interface SelRect { row0: number; col0: number; row1: number; col1: number }

/** View cells i0..i1 along an axis as an array index: one integer, or a slice when `slice` or more than one cell. */
function span(r: AxisRange, i0: number, i1: number, slice: boolean): string {
  const start = arrayIndexAt(r, i0);
  if (i0 === i1 && !slice) return String(start);
  const last = arrayIndexAt(r, i1);
  if (r.step === 1) return `${start}:${last + 1}`;
  const stop = last + Math.sign(r.step);
  return stop < 0 ? `${start}::${r.step}` : `${start}:${stop}:${r.step}`;
}

/**
 * The parts of the index (one per array axis). `keepAxes`: the grid axes stay slices even over one
 * cell, so the index gives a view of the same orientation (Export selection).
 */
export function selectionIndexParts(g: GridIndexing, sel: SelRect, keepAxes: boolean): string[] {
  return g.sels.map((s, a) => {
    if (a === g.rowSrc) return span(g.row, sel.row0, sel.row1, keepAxes);
    if (a === g.colSrc) return span(g.col, sel.col0, sel.col1, keepAxes);
    return String(s.kind === 'int' ? s.index : 0);
  });
}

/** What Copy index writes: '[2, 10, 63]' for one cell, '[2:5, 10, 63:56:-3]' for a range. */
export function selectionIndexText(g: GridIndexing, sel: SelRect): string {
  return `[${selectionIndexParts(g, sel, false).join(', ')}]`;
}

/** The view of just the selection, rows and columns as the grid shows them (Export selection). */
export function selectionView(g: GridIndexing, sel: SelRect, member: string | undefined): ViewSpec {
  const parts = selectionIndexParts(g, sel, true);
  // The view's axes are the sliced array axes in order: the grid's row and column axes.
  const sliced = [g.rowSrc, g.colSrc].filter((a) => a >= 0).sort((x, y) => x - y);
  return {
    member,
    index: parts.length ? parts.join(', ') : '...',
    rowAxis: sliced.indexOf(g.rowSrc),
    colAxis: g.colSrc >= 0 ? sliced.indexOf(g.colSrc) : -1,
  };
}
