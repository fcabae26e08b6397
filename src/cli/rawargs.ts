/**
 * The raw-binary options every command that reads an array takes (--dtype, --shape, --offset,
 * --order): their names for the parser and their meaning as an engine RawLayout.
 */
import { parseShapeText, RawLayout } from '../npy/format/raw';
import { NpyError } from '../npy/errors';

export type RawKey = 'dtype' | 'shape' | 'offset' | 'order';

export const RAW_OPTIONS = ['--dtype', '--shape', '--offset', '--order'] as const;

export const RAW_VALUE_OPTS: Record<string, RawKey> = {
  '--dtype': 'dtype', '--shape': 'shape', '--offset': 'offset', '--order': 'order',
};

/** The layout the options ask for, or undefined when none was given (the file is read by its content). */
export function rawLayoutOf(args: Partial<Record<RawKey, string>>): RawLayout | undefined {
  const { dtype, shape, offset, order } = args;
  if (dtype === undefined && shape === undefined && offset === undefined && order === undefined) return undefined;
  if (dtype === undefined) throw new NpyError('usage', '--shape, --offset and --order read raw binary, which needs --dtype too');
  const layout: RawLayout = { dtype, shape: shape === undefined ? [-1] : parseShapeText(shape) };
  if (offset !== undefined) {
    if (!/^(?:\d+|0[xX][0-9a-fA-F]+)$/.test(offset.trim())) throw new NpyError('usage', `--offset must be a non-negative integer, not ${JSON.stringify(offset)}`);
    layout.offset = Number(offset.trim());
  }
  if (order !== undefined) {
    const o = order.trim().toUpperCase();
    if (o !== 'C' && o !== 'F') throw new NpyError('usage', `--order must be C or F, not ${JSON.stringify(order)}`);
    layout.order = o;
  }
  return layout;
}
