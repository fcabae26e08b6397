/**
 * A view as the grid shows it: at most two axes, the row axis first. The one place where a
 * ViewSpec's rowAxis/colAxis becomes an orientation; the viewer session and Export/Save As (which
 * write the view as it is shown) both use it. And where each view axis lies in the array (its
 * slice's start and step), so the grid shows the array's own indices.
 */
import { sliceAxis, type ArrayView } from '../npy/format/array';
import type { AxisSel } from '../shared/indexing/indexexpr';
import type { AxisRange } from '../shared/protocol';
import { gridAxes } from '../shared/indexing/views';

export interface OrientedView {
  /** The view with its row axis first. */
  view: ArrayView;
  /** The axes of the un-oriented view that run down the rows and across the columns (-1: none). */
  rowAxis: number;
  colAxis: number;
}

/** `indexed` (at most 2 axes) oriented as asked: transposed when its axis 1 runs down the rows. */
export function orient(indexed: ArrayView, want: { rowAxis: number; colAxis: number }): OrientedView {
  const { rowAxis, colAxis } = gridAxes(indexed.shape.length, want.rowAxis, want.colAxis);
  const view = indexed.shape.length === 2 && rowAxis === 1 ? indexed.transpose([1, 0]) : indexed;
  return { view, rowAxis, colAxis };
}

/**
 * Where each axis kept by a selection (in order) lies in the array: its slice's first index and
 * step, as NumPy resolves the slice against the axis length.
 */
export function axisRanges(sels: readonly AxisSel[], shape: readonly number[]): AxisRange[] {
  const out: AxisRange[] = [];
  sels.forEach((s, i) => {
    if (s.kind !== 'slice') return;
    const { start, step } = sliceAxis(s, shape[i]);
    out.push({ start, step });
  });
  return out;
}
