/**
 * Object arrays (dtype object, '|O'): np.save pickles the whole array after the .npy header. The
 * safe unpickler (py/pickle.ts) rebuilds it without running anything; the array then becomes an
 * ordinary NpyArray whose elements are 8-byte indices into the unpickled values (carried by the
 * dtype), so views, indexing, the grid and savetxt work on it as on any array. Unlike every
 * other array, its data cannot be read by range: the pickle is read whole, within limits.
 */
import { DType, ObjectDType } from './dtype';
import { NpyError } from '../errors';
import { layoutHeader, NpyHeader } from './header';
import { BufferSource } from '../io/filesource';
import { ByteSource } from '../io/source';
import { unpickle } from '../py/pickle';
import { NdArrayObj, pyTypeOf } from '../py/pyobject';

/** Whether a dtype holds Python objects anywhere (plain 'O', or a field of a record). */
export function hasObjects(dt: DType): boolean {
  return dt.kind === 'O' || (dt.kind === 'struct' && dt.fields.some((f) => hasObjects(f.dtype)));
}

/** Element k's bytes are k (little-endian): the index of its value among the dtype's objects. */
class IndexSource implements ByteSource {
  readonly size: number;
  readonly parallelReads = true;
  constructor(count: number) { this.size = count * 8; }
  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new NpyError('format', `object array: read of ${length} bytes at ${offset} is outside its ${this.size} bytes`);
    }
    const first = Math.floor(offset / 8);
    const last = Math.ceil((offset + length) / 8);
    const out = new Uint8Array((last - first) * 8);
    const dv = new DataView(out.buffer);
    for (let k = first; k < last; k++) dv.setUint32((k - first) * 8, k, true);
    const skip = offset - first * 8;
    return out.subarray(skip, skip + length);
  }
  async close(): Promise<void> { /* memory only */ }
}

/**
 * Reads the pickled array after an object-dtype header. Returns the header and source of the
 * array as NumPy would load it (np.load(allow_pickle=True)): shape and dtype from the pickle.
 */
export async function loadObjectArray(src: ByteSource, header: NpyHeader, label: string): Promise<{ header: NpyHeader; source: ByteSource }> {
  if (header.dtype.kind !== 'O') {
    throw new NpyError('unsupported', `${label}: a structured dtype with Python object fields is not supported (only plain object arrays are read)`);
  }
  let v;
  try {
    v = await unpickle(src, header.dataOffset, src.size);
  } catch (e) {
    if (e instanceof NpyError) throw new NpyError(e.code, `${label}: ${e.message}`);
    throw e;
  }
  if (!(v instanceof NdArrayObj)) {
    throw new NpyError('unsupported', `${label}: the pickled data holds a ${pyTypeOf(v)}, not an array`);
  }
  const version = header.version;
  if (Array.isArray(v.data)) {
    const dtype: ObjectDType = { kind: 'O', itemsize: 8, order: '|', objects: v.data };
    return { header: { ...layoutHeader(version, dtype, v.shape, false, 0), descr: header.descr }, source: new IndexSource(v.data.length) };
  }
  // A pickled array of numbers (np.load returns whatever the pickle holds).
  return { header: layoutHeader(version, v.dtype, v.shape, v.fortran, 0), source: new BufferSource(v.data, label) };
}
