/**
 * What the N-D controls do to the choice of axes, as pure functions on data (AxisChoice: per
 * array axis a fixed index or a slice, and the row/column axes; src/shared/indexing/views.ts turns it
 * into a ViewSpec).
 */
import { FULL_SLICE } from '../src/shared/indexing/indexexpr';
import type { AxisChoice } from '../src/shared/indexing/views';

export type { AxisChoice };

/**
 * Puts array axis `axis` on rows (which = 'row') or columns. The axis it replaces gets a fixed
 * index (its last remembered value, else 0); choosing the other grid axis swaps the two.
 */
export function chooseAxis(c: AxisChoice, which: 'row' | 'col', axis: number, remembered: number[]): AxisChoice {
  const sels = [...c.sels];
  let { rowSrc, colSrc } = c;
  const cur = which === 'row' ? rowSrc : colSrc;
  const other = which === 'row' ? colSrc : rowSrc;
  if (axis === cur) return c;
  if (axis >= 0 && axis === other) {
    [rowSrc, colSrc] = [colSrc, rowSrc];
    return { sels, rowSrc, colSrc };
  }
  if (cur >= 0) sels[cur] = { kind: 'int', index: remembered[cur] ?? 0 };
  if (axis >= 0 && sels[axis].kind === 'int') sels[axis] = FULL_SLICE;
  if (which === 'row') rowSrc = axis;
  else colSrc = axis;
  return { sels, rowSrc, colSrc };
}

/** Sets the fixed index of one axis. */
export function setIndex(c: AxisChoice, axis: number, index: number): AxisChoice {
  const sels = [...c.sels];
  sels[axis] = { kind: 'int', index };
  return { ...c, sels };
}
