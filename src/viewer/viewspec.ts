/**
 * Pure helpers that turn a ViewSpec into what the grid needs: the index expression expanded to
 * one selection per array axis, and row/column axes with sensible defaults.
 */
import { NpyError } from '../npy/errors';
import { formatIndexExpr, type AxisSel } from '../npy/format/indexexpr';

const FULL: AxisSel = { kind: 'slice', start: null, stop: null, step: null };

/** One selection per array axis: the ellipsis (or the missing tail) becomes full slices. */
export function expandSels(sels: AxisSel[], shape: readonly number[]): AxisSel[] {
  const ndim = shape.length;
  const ells = sels.filter((s) => s.kind === 'ellipsis').length;
  if (ells > 1) throw new NpyError('index', "an index can only have a single ellipsis ('...')");
  const explicit = sels.length - ells;
  if (explicit > ndim) {
    throw new NpyError('index', `too many indices for array: array is ${ndim}-dimensional, but ${explicit} were indexed`);
  }
  const e = sels.findIndex((s) => s.kind === 'ellipsis');
  const before = e >= 0 ? sels.slice(0, e) : sels;
  const after = e >= 0 ? sels.slice(e + 1) : [];
  return [...before, ...Array<AxisSel>(ndim - explicit).fill(FULL), ...after];
}

/** The per-axis selection text: integers made non-negative, slices in NumPy spelling. */
export function axisSelTexts(sels: AxisSel[], shape: readonly number[]): string[] {
  return sels.map((s, i) => {
    if (s.kind === 'int') return String(s.index < 0 ? s.index + shape[i] : s.index);
    if (s.kind === 'slice' && s.start === null && s.stop === null && (s.step === null || s.step === 1)) return ':';
    return formatIndexExpr([s]);
  });
}

/** Source axes kept by a selection (the non-integer ones), in order. */
export function keptAxes(sels: AxisSel[]): number[] {
  const out: number[] = [];
  sels.forEach((s, i) => {
    if (s.kind !== 'int') out.push(i);
  });
  return out;
}

/** Row/column view axes: valid requests are kept, anything else gets the defaults. */
export function gridAxes(ndim: number, rowAxis: number, colAxis: number): { rowAxis: number; colAxis: number } {
  if (ndim === 0) return { rowAxis: -1, colAxis: -1 };
  if (ndim === 1) {
    if (rowAxis === -1 && colAxis === 0) return { rowAxis, colAxis };
    return { rowAxis: 0, colAxis: -1 };
  }
  if ((rowAxis === 0 && colAxis === 1) || (rowAxis === 1 && colAxis === 0)) return { rowAxis, colAxis };
  return { rowAxis: 0, colAxis: 1 };
}
