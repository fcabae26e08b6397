/**
 * What a copy writes for each element, by CopyMode: the grid's own text ('shown', one text per
 * field of a structured dtype), the element at full precision ('full'), or its NumPy literal item
 * ('literal'); and how a literal's items are put together (np.array of the selection's shape).
 */
import type { DType } from '../npy/format/dtype';
import { makeDecoder } from '../npy/format/decode';
import { fullValueText, literalItem, numpyLiteral } from '../npy/py/valuetext';
import type { CopyMode, Rect } from '../shared/protocol';
import type { CellFormatter } from './cells';

/** Element bytes → text. */
export type ElementText = (bytes: Uint8Array, offset: number) => string;

/** The texts of one element for `mode` (one per field for 'shown'; `shown` are the grid's formatters). */
export function elementTexts(dt: DType, mode: CopyMode, shown: CellFormatter[]): ElementText[] {
  if (mode === 'shown') return shown.map((f) => (b, o) => f(b, o).text);
  const dec = makeDecoder(dt);
  if (mode === 'full') return [(b, o) => fullValueText(dt, dec(b, o))];
  return [(b, o) => literalItem(dt, dec(b, o))];
}

/**
 * The copied text of `rows` (each a row of the rectangle: its elements' texts): tab-separated
 * lines, or for 'literal' np.array(...) of the view's shape (`viewDims` axes: 2 keeps rows and
 * columns, 1 a flat list along the one axis, 0 the element itself).
 */
export function joinCopy(mode: CopyMode, dt: DType, rows: string[][], rect: Rect, viewDims: number, rowAxis: number): string {
  if (mode !== 'literal') return rows.map((r) => r.join('\t')).join('\n');
  const shape = viewDims === 2 ? [rect.rows, rect.cols] : viewDims === 1 ? [rowAxis === 0 ? rect.rows : rect.cols] : [];
  return numpyLiteral(dt, shape, rows.flat());
}
