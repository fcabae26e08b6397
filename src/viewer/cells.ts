/**
 * Cell formatters for the grid: one per display sub-column (one for a plain dtype, one per
 * flattened field 'a', 'b.c' of a structured dtype; subarray fields are shown compactly).
 * The formatting itself is the engine's (display.ts); this only fixes the column order.
 */
import type { FormatSettings } from '../shared/protocol';
import { makeFieldFormatters, type CellFormatter } from './display';
import type { DType } from '../npy/format/dtype';

export type { CellFormatter };

export function makeFormatters(dt: DType, settings: FormatSettings): CellFormatter[] {
  return makeFieldFormatters(dt, settings).map((f) => f.format);
}
