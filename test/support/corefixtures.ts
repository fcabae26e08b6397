/**
 * Shared by the engine-core tests: the NumPy-written fixtures in test/fixtures/core and the
 * canonical form of decoded values that make_core.py also writes (so values compare exactly).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DType } from '../../src/npy/format/dtype';
import { Complex, LongDouble, SubArray, Value } from '../../src/npy/format/decode';

export const CORE_DIR = path.resolve(__dirname, '../../../test/fixtures/core');

export interface FileExpect {
  version: string; descr: string; str: string; name: string; shape: number[];
  fortran_order: boolean | null; data_offset: number; exact_save: boolean; values: unknown[];
}
export interface Expected {
  files: Record<string, FileExpect>;
  indexing: { file: string; expr: string; shape: number[]; npy: string; values: unknown[] }[];
  index_errors: { file: string; expr: string; message: string }[];
}

export const expected: Expected = JSON.parse(fs.readFileSync(path.join(CORE_DIR, 'expected.json'), 'utf8'));

export function fixture(name: string): string {
  return path.join(CORE_DIR, name);
}

/** Float64 bits as big-endian hex, 'nan' for any NaN (as make_core.py's fhex). */
export function fhex(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  const b = Buffer.alloc(8);
  b.writeDoubleBE(x);
  return b.toString('hex');
}

function ldCanon(v: LongDouble) {
  return { sign: v.sign, exp: v.exponent, mant: v.mantissa.toString(), double: fhex(v.toNumber()) };
}

/** The canonical JSON form of a decoded value (mirror of canon() in make_core.py). */
export function canon(dt: DType, v: Value): unknown {
  switch (dt.kind) {
    case 'b': return v;
    case 'O': return null;
    case 'i': case 'u': case 'M': case 'm': return String(v);
    case 'f': return dt.itemsize > 8 ? ldCanon(v as LongDouble) : fhex(v as number);
    case 'c': {
      const c = v as Complex;
      const part = (x: number | LongDouble) => (x instanceof LongDouble ? ldCanon(x) : fhex(x));
      return [part(c.re), part(c.im)];
    }
    case 'S': case 'V': return Buffer.from(v as Uint8Array).toString('hex');
    case 'U': return v;
    case 'struct': return dt.fields.map((f, i) => {
      const x = (v as Value[])[i];
      if (f.shape.length === 0) return canon(f.dtype, x);
      const s = x as SubArray;
      return { shape: s.shape, values: s.values.map(e => canon(f.dtype, e)) };
    });
  }
}

/** A .npy with a header text of our choosing (version 1.0 unless asked), 64-byte aligned. */
export function rawNpy(text: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  const body = Buffer.from(text, major === 3 ? 'utf8' : 'latin1');
  const lenBytes = major === 1 ? 2 : 4;
  const pad = (64 - ((8 + lenBytes + body.length + 1) % 64)) % 64;
  const hdr = Buffer.concat([body, Buffer.alloc(pad, 0x20), Buffer.from('\n')]);
  const len = Buffer.alloc(lenBytes);
  if (major === 1) len.writeUInt16LE(hdr.length); else len.writeUInt32LE(hdr.length);
  return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([major, 0]), len, hdr, data]);
}

/**
 * A C-order little-endian float64 .npy of rows × cols zeros written sparse (a header and a
 * truncate: the zeros cost no disk, so 4 GiB arrays are cheap), with `marks` ([row, col, value])
 * set.
 */
export function writeSparseF8(file: string, rows: number, cols: number, marks: readonly (readonly [number, number, number])[] = []): void {
  const header = rawNpy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, header);
    fs.ftruncateSync(fd, header.length + rows * cols * 8);
    const one = Buffer.alloc(8);
    for (const [r, c, v] of marks) {
      one.writeDoubleLE(v);
      fs.writeSync(fd, one, 0, 8, header.length + (r * cols + c) * 8);
    }
  } finally {
    fs.closeSync(fd);
  }
}

