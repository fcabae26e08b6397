/**
 * In-memory arrays for viewer tests, written with the engine's own header builder (what np.save
 * writes): small arrays as bytes, and huge ones as a synthesized ByteSource whose data bytes are
 * computed from the element index on demand (so a 1e9-row array needs no disk and no memory).
 */
import type { DType } from '../../src/npy/format/dtype';
import { NpyError } from '../../src/npy/errors';
import { buildHeader } from '../../src/npy/format/header';
import type { ByteSource } from '../../src/npy/io/source';

export const f8: DType = { kind: 'f', itemsize: 8, order: '<' };
export const i8: DType = { kind: 'i', itemsize: 8, order: '<' };
export const i4: DType = { kind: 'i', itemsize: 4, order: '<' };
export function unicode(chars: number): DType {
  return { kind: 'U', itemsize: 4 * chars, order: '<' };
}

/** .npy bytes of a C-order array, each element written by `write(view, byteOffset, flatIndex)`. */
export function npyBytes(dt: DType, shape: number[], write: (dv: DataView, at: number, i: number) => void): Uint8Array {
  const header = buildHeader(dt, shape, false);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(header.length + n * dt.itemsize);
  out.set(header, 0);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < n; i++) write(dv, header.length + i * dt.itemsize, i);
  return out;
}

export const writeF8 = (f: (i: number) => number) => (dv: DataView, at: number, i: number): void => dv.setFloat64(at, f(i), true);
export const writeI8 = (f: (i: number) => bigint) => (dv: DataView, at: number, i: number): void => dv.setBigInt64(at, f(i), true);
export const writeI4 = (f: (i: number) => number) => (dv: DataView, at: number, i: number): void => dv.setInt32(at, f(i), true);
export function writeU(chars: number, f: (i: number) => string) {
  return (dv: DataView, at: number, i: number): void => {
    const cps = Array.from(f(i)).map((c) => c.codePointAt(0)!);
    for (let k = 0; k < chars; k++) dv.setUint32(at + 4 * k, cps[k] ?? 0, true);
  };
}

/**
 * A .npy "file" of any size: the header is real, each data element is produced by `write` from
 * its flat index when read. Counts reads so tests can prove only windows are read.
 */
export class SyntheticSource implements ByteSource {
  readonly size: number;
  readonly stats = { reads: 0, bytes: 0 };
  private readonly header: Uint8Array;

  constructor(private readonly dt: DType, shape: number[], private readonly write: (dv: DataView, at: number, i: number) => void) {
    this.header = buildHeader(dt, shape, false);
    this.size = this.header.length + shape.reduce((a, b) => a * b, 1) * dt.itemsize;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.size) throw new NpyError('io', `read past the end (${offset}+${length} > ${this.size})`);
    this.stats.reads++;
    this.stats.bytes += length;
    const out = new Uint8Array(length);
    const dv = new DataView(out.buffer);
    const hl = this.header.length;
    const isz = this.dt.itemsize;
    if (offset < hl) out.set(this.header.subarray(offset, Math.min(hl, offset + length)), 0);
    // Elements overlapping the range, written into a scratch element then copied (ranges need not align).
    const first = Math.max(0, Math.floor((offset - hl) / isz));
    const last = Math.floor((offset + length - 1 - hl) / isz);
    const scratch = new Uint8Array(isz);
    const sdv = new DataView(scratch.buffer);
    for (let e = first; e <= last; e++) {
      const start = hl + e * isz;
      if (start >= offset && start + isz <= offset + length) {
        this.write(dv, start - offset, e);
        continue;
      }
      scratch.fill(0);
      this.write(sdv, 0, e);
      for (let k = 0; k < isz; k++) {
        const p = start + k;
        if (p >= offset && p < offset + length) out[p - offset] = scratch[k];
      }
    }
    return out;
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}
