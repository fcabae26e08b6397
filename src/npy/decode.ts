/** Raw element bytes → JS values (see Value for the representation of each kind). */
import { DType } from './dtype';
import { NpyError } from './errors';

export class LongDouble {
  constructor(readonly sign: 0 | 1, readonly exponent: number, readonly mantissa: bigint) {}
  toNumber(): number { throw new NpyError('unsupported', 'not implemented yet'); }
}
export interface Complex { re: number | LongDouble; im: number | LongDouble }
export interface SubArray { shape: number[]; values: Value[] }
export type Value = boolean | number | bigint | LongDouble | Complex | Uint8Array | string | Value[] | SubArray;

export function decodeValue(dt: DType, bytes: Uint8Array, offset: number): Value {
  return makeDecoder(dt)(bytes, offset);
}
export function makeDecoder(dt: DType): (bytes: Uint8Array, offset: number) => Value {
  void dt;
  throw new NpyError('unsupported', 'not implemented yet');
}
