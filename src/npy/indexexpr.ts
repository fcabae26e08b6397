/** NumPy basic indexing as text: '3', '1:9:3', '::-2', ':,2,:', '...,-1'. */
import { NpyError } from './errors';

export type AxisSel =
  | { kind: 'int'; index: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'ellipsis' };

export function parseIndexExpr(text: string): AxisSel[] {
  void text;
  throw new NpyError('unsupported', 'not implemented yet');
}
export function formatIndexExpr(sels: AxisSel[]): string {
  void sels;
  throw new NpyError('unsupported', 'not implemented yet');
}
