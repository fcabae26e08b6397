/**
 * A small, safe parser for the Python literal in a .npy header (never eval).
 */
import { NpyError } from './errors';

export class PyTuple { constructor(readonly items: PyValue[]) {} }
export class PyDict {
  constructor(readonly entries: [PyValue, PyValue][]) {}
  get(key: string): PyValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }
}
export type PyValue = string | number | bigint | boolean | null | PyValue[] | PyTuple | PyDict;

export function parsePyLiteral(text: string): PyValue {
  void text;
  throw new NpyError('unsupported', 'not implemented yet');
}
