/** Random access to an array: header + ByteSource, and numpy-style strided views over it. */
import { DType } from './dtype';
import { NpyError } from './errors';
import { NpyHeader } from './header';
import { AxisSel } from './indexexpr';
import { ByteSource } from './source';

export class NpyArray {
  private constructor(readonly header: NpyHeader, readonly source: ByteSource, readonly label: string) {}
  get dtype(): DType { return this.header.dtype; }
  get shape(): number[] { return this.header.shape; }
  static async open(src: ByteSource, label?: string): Promise<NpyArray> {
    void src; void label;
    throw new NpyError('unsupported', 'not implemented yet');
  }
  view(): ArrayView { throw new NpyError('unsupported', 'not implemented yet'); }
  async close(): Promise<void> { await this.source.close(); }
}

export class ArrayView {
  constructor(
    readonly array: NpyArray,
    readonly dtype: DType,
    readonly shape: number[],
    /** Byte strides per axis (may be negative). */
    readonly strides: number[],
    /** Byte offset of element [0,...,0] relative to the start of the data. */
    readonly offset: number,
  ) {}
  get size(): number { return this.shape.reduce((a, b) => a * b, 1); }
  index(expr: string | AxisSel[]): ArrayView { void expr; throw new NpyError('unsupported', 'not implemented yet'); }
  transpose(axes: number[]): ArrayView { void axes; throw new NpyError('unsupported', 'not implemented yet'); }
  async readBlock(start: number[], count: number[]): Promise<Uint8Array> {
    void start; void count;
    throw new NpyError('unsupported', 'not implemented yet');
  }
}
