/** The .npy header: magic, version, header length, and the Python dict literal. */
import { DType } from './dtype';
import { NpyError } from './errors';
import { PyValue } from './pyliteral';
import { ByteSource } from './source';

export interface NpyHeader {
  version: '1.0' | '2.0' | '3.0';
  dtype: DType;
  descr: PyValue;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
  headerText: string;
}

export async function readHeader(src: ByteSource, maxHeaderLen?: number): Promise<NpyHeader> {
  void src; void maxHeaderLen;
  throw new NpyError('unsupported', 'not implemented yet');
}
export function buildHeader(dtype: DType, shape: number[], fortranOrder: boolean): Uint8Array {
  void dtype; void shape; void fortranOrder;
  throw new NpyError('unsupported', 'not implemented yet');
}
