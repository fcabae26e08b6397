/**
 * Float formats NumPy has no dtype for (bfloat16 and the 8-bit floats of .safetensors files),
 * shown as the float32 that holds the same value exactly — what a user's NumPy array holds after
 * `torch_tensor.float().numpy()` or ml_dtypes' astype(float32). A WidenSource reads the narrow
 * elements by range and hands out little-endian float32 bytes, so an array over it is an ordinary
 * '<f4' array to every view, formatter and writer.
 */
import { NpyError } from '../../errors';
import { ByteSource } from '../../io/source';

/** bfloat16, and the 8-bit floats (OCP FP8 E4M3FN/E5M2, E8M0 scales, the FNUZ variants). */
export type NarrowFloat = 'bf16' | 'f8_e4m3fn' | 'f8_e5m2' | 'f8_e8m0fnu' | 'f8_e4m3fnuz' | 'f8_e5m2fnuz';

export const NARROW_BYTES: Record<NarrowFloat, number> = {
  bf16: 2, f8_e4m3fn: 1, f8_e5m2: 1, f8_e8m0fnu: 1, f8_e4m3fnuz: 1, f8_e5m2fnuz: 1,
};

const QUIET_NAN = 0x7fc00000;

/** The value of one 8-bit float (NaN keeps its sign bit, as ml_dtypes' conversion does). */
function f8Value(fmt: Exclude<NarrowFloat, 'bf16'>, b: number): number {
  const neg = (b & 0x80) !== 0;
  const sign = neg ? -1 : 1;
  switch (fmt) {
    case 'f8_e4m3fn': {
      const e = (b >> 3) & 15, m = b & 7;
      if (e === 15 && m === 7) return NaN;           // S.1111.111; there is no infinity
      return sign * (e === 0 ? m * 2 ** -9 : (8 + m) * 2 ** (e - 10));
    }
    case 'f8_e5m2': {
      const e = (b >> 2) & 31, m = b & 3;
      if (e === 31) return m === 0 ? sign * Infinity : NaN;
      return sign * (e === 0 ? m * 2 ** -16 : (4 + m) * 2 ** (e - 17));
    }
    case 'f8_e8m0fnu':                                // unsigned powers of two, 0xff is NaN
      return b === 0xff ? NaN : 2 ** (b - 127);
    case 'f8_e4m3fnuz': {
      if (b === 0x80) return NaN;                     // the only NaN; no -0, no infinity
      const e = (b >> 3) & 15, m = b & 7;
      return sign * (e === 0 ? m * 2 ** -10 : (8 + m) * 2 ** (e - 11));
    }
    case 'f8_e5m2fnuz': {
      if (b === 0x80) return NaN;
      const e = (b >> 2) & 31, m = b & 3;
      return sign * (e === 0 ? m * 2 ** -17 : (4 + m) * 2 ** (e - 18));
    }
  }
}

const tables = new Map<NarrowFloat, Uint32Array>();

/** float32 bit patterns of all 256 values of an 8-bit float (every one is a float32 exactly). */
function table(fmt: Exclude<NarrowFloat, 'bf16'>): Uint32Array {
  let t = tables.get(fmt);
  if (!t) {
    t = new Uint32Array(256);
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    for (let b = 0; b < 256; b++) {
      const v = f8Value(fmt, b);
      if (v !== v) { t[b] = (QUIET_NAN | (b & 0x80 && fmt !== 'f8_e8m0fnu' && fmt !== 'f8_e4m3fnuz' && fmt !== 'f8_e5m2fnuz' ? 0x80000000 : 0)) >>> 0; continue; }
      f[0] = v;
      t[b] = u[0];
    }
    tables.set(fmt, t);
  }
  return t;
}

/** The float32 value of one narrow element given its raw bits (tests and scalar use). */
export function narrowToFloat32Bits(fmt: NarrowFloat, raw: number): number {
  return fmt === 'bf16' ? (raw << 16) >>> 0 : table(fmt)[raw & 0xff];
}

/**
 * `count` narrow elements starting at `start` of `inner`, read as `count` little-endian float32s.
 * Reads map to the narrow bytes of the elements they touch (a read may start or end inside an
 * element); memory per read is the read's size.
 */
export class WidenSource implements ByteSource {
  readonly size: number;
  private readonly k: number;

  constructor(
    private readonly inner: ByteSource,
    private readonly start: number,
    private readonly count: number,
    private readonly fmt: NarrowFloat,
    private readonly label: string,
  ) {
    this.k = NARROW_BYTES[fmt];
    this.size = count * 4;
  }

  get parallelReads(): boolean | undefined { return this.inner.parallelReads; }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new NpyError('io', `${this.label}: invalid read of ${length} bytes at ${offset}`);
    }
    if (offset + length > this.size) {
      throw new NpyError('format', `${this.label}: unexpected end of data (wanted ${length} bytes at offset ${offset}, size is ${this.size})`);
    }
    if (length === 0) return new Uint8Array(0);
    const e0 = Math.floor(offset / 4);
    const e1 = Math.ceil((offset + length) / 4);
    const raw = await this.inner.read(this.start + e0 * this.k, (e1 - e0) * this.k);
    const wide = new Uint8Array((e1 - e0) * 4);
    const out = new DataView(wide.buffer);
    if (this.fmt === 'bf16') {
      for (let i = 0, j = 0; j < raw.length; i += 4, j += 2) {
        wide[i + 2] = raw[j];
        wide[i + 3] = raw[j + 1];
      }
    } else {
      const t = table(this.fmt);
      for (let i = 0; i < raw.length; i++) out.setUint32(i * 4, t[raw[i]], true);
    }
    const skip = offset - e0 * 4;
    return skip === 0 && length === wide.length ? wide : wide.subarray(skip, skip + length);
  }

  /** The container owns the file. */
  async close(): Promise<void> { /* nothing */ }
}
