/**
 * What the safe unpickler (pickle.ts) does instead of importing and calling: the globals it
 * allows, emulated with their arguments checked (numpy's _reconstruct, dtype, scalar and
 * _frombuffer, ndarray and dtype __setstate__, and the builtins protocols 0-3 use to spell plain
 * values), and the container operations Python would do (dict keys, set items).
 */
import { DType, parseFormat } from '../format/dtype';
import { NpyError } from '../errors';
import {
  NdArrayObj, NumpyDTypeObj, NumpyScalarObj, PyBytesObj, PyComplex, PyDictObj, PyListObj, PyObject, PySetObj,
  PyTupleObj, isHashable, pyEquals, pyTypeOf, setIterationOrder,
} from './pyobject';

/** A global the reader emulates (never imported). */
export class Global { constructor(readonly module: string, readonly name: string) {} get qual(): string { return `${this.module}.${this.name}`; } }
/** Python 2 module names, as Python 3's unpickler maps them (fix_imports). */
export const PY2_MODULES: Record<string, string> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

export const ALLOWED = new Set([
  'numpy._core.multiarray._reconstruct', 'numpy.core.multiarray._reconstruct', 'numpy.ndarray', 'numpy.dtype',
  'numpy._core.multiarray.scalar', 'numpy.core.multiarray.scalar',
  'numpy._core.numeric._frombuffer', 'numpy.core.numeric._frombuffer',
  'builtins.complex', 'builtins.set', 'builtins.frozenset', 'builtins.bytearray', 'builtins.bytes', '_codecs.encode',
]);

export function refuse(why: string): never {
  throw new NpyError('unsupported', `the pickled data ${why}; npy-viewer reads pickles without running them and stopped here (nothing was imported or run)`);
}

export function corrupt(why: string): never {
  throw new NpyError('format', `the pickled data is corrupt: ${why}`);
}

export function setItems(d: PyDictObj, kv: PyObject[]): void {
  if (kv.length % 2) corrupt('SETITEMS with an odd number of items');
  for (let i = 0; i < kv.length; i += 2) {
    const k = kv[i];
    if (!isHashable(k)) throw new NpyError('format', `TypeError: unhashable type: '${pyTypeOf(k)}' (a dict key in the pickle)`);
    const at = d.entries.findIndex(([x]) => pyEquals(x, k));
    if (at >= 0) d.entries[at][1] = kv[i + 1];
    else d.entries.push([k, kv[i + 1]]);
  }
}

/** A set built by adding items in order (equal items once), iterated in CPython's order. */
export function makeSet(items: PyObject[], frozen: boolean): PySetObj {
  const uniq: PyObject[] = [];
  for (const it of items) {
    if (!isHashable(it)) throw new NpyError('format', `TypeError: unhashable type: '${pyTypeOf(it)}' (a set item in the pickle)`);
    if (!uniq.some((u) => pyEquals(u, it))) uniq.push(it);
  }
  return new PySetObj(setIterationOrder(uniq), frozen);
}

function iterable(v: PyObject, what: string): PyObject[] {
  if (v instanceof PyListObj || v instanceof PyTupleObj || v instanceof PySetObj) return v.items;
  return refuse(`calls ${what} on a ${pyTypeOf(v)}`);
}

// ---------------------------------------------------------------- the emulated globals

/** A numpy array being built: _reconstruct made it, BUILD gives it its state. */
export class PendingArray extends NdArrayObj {}

export function call(f: Global, args: PyObject[]): PyObject {
  const n = f.name;
  const bad = (): never => refuse(`calls ${f.qual} with arguments np.save never writes (${args.map(pyTypeOf).join(', ')})`);
  switch (f.qual) {
    case 'builtins.complex': {
      const [re, im] = [args[0] ?? 0, args[1] ?? 0].map((x) => (typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : typeof x === 'boolean' ? Number(x) : bad()));
      if (args.length > 2) bad();
      return new PyComplex(re as number, im as number);
    }
    case 'builtins.set': case 'builtins.frozenset':
      if (args.length > 1) bad();
      return makeSet(args.length ? iterable(args[0], f.qual) : [], n === 'frozenset');
    case 'builtins.bytearray': case 'builtins.bytes': {
      const mutable = n === 'bytearray';
      if (args.length === 0) return new PyBytesObj(new Uint8Array(0), mutable);
      const [a, enc] = args;
      if (a instanceof PyBytesObj && args.length === 1) return new PyBytesObj(a.bytes.slice(), mutable);
      if (typeof a === 'string' && args.length === 2 && isLatin1Name(enc)) return new PyBytesObj(latin1(a), mutable);
      if (a instanceof PyListObj && args.length === 1 && a.items.every((x) => typeof x === 'bigint' && x >= 0n && x < 256n)) {
        return new PyBytesObj(Uint8Array.from(a.items.map(Number)), mutable);
      }
      return bad();
    }
    case '_codecs.encode': {
      const [s, enc] = args;
      if (typeof s !== 'string' || args.length !== 2 || !isLatin1Name(enc)) return bad();
      return new PyBytesObj(latin1(s), false);
    }
    case 'numpy.dtype': {
      const spec = args[0];
      if (typeof spec !== 'string') return bad();
      return new NumpyDTypeObj(dtypeOf(spec), spec);
    }
    case 'numpy._core.multiarray._reconstruct': case 'numpy.core.multiarray._reconstruct': {
      const cls = args[0] as unknown;
      if (!(cls instanceof Global) || cls.qual !== 'numpy.ndarray' || args.length !== 3) return bad();
      return new PendingArray({ kind: 'b', itemsize: 1, order: '|' }, [0], false, new Uint8Array(0));
    }
    case 'numpy._core.numeric._frombuffer': case 'numpy.core.numeric._frombuffer': {
      // protocol 5 arrays: (buffer, dtype, shape, order)
      const [buf, dt, shapeT, order] = args;
      if (!(buf instanceof PyBytesObj) || !(dt instanceof NumpyDTypeObj) || !(shapeT instanceof PyTupleObj) || (order !== 'C' && order !== 'F')) return bad();
      const a = new PendingArray(dt.dtype, [0], false, new Uint8Array(0));
      buildArray(a, new PyTupleObj([1n, shapeT, dt, order === 'F', new PyBytesObj(buf.bytes, false)]), false);
      return a;
    }
    case 'numpy._core.multiarray.scalar': case 'numpy.core.multiarray.scalar': {
      const [dt, data] = args;
      if (!(dt instanceof NumpyDTypeObj)) return bad();
      if (dt.dtype.kind === 'O') return args.length === 2 ? data : bad();
      const bytes = data instanceof PyBytesObj ? data.bytes : typeof data === 'string' ? latin1(data) : bad();
      if (bytes.length !== dt.dtype.itemsize) corrupt(`a ${dt.spec} scalar of ${bytes.length} bytes`);
      return new NumpyScalarObj(dt.dtype, bytes);
    }
    default: return refuse(`calls ${f.qual}, which only makes sense as an argument`);
  }
}

function isLatin1Name(v: PyObject): boolean {
  return typeof v === 'string' && ['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1'].includes(v.toLowerCase());
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new NpyError('format', `UnicodeEncodeError: 'latin-1' codec can't encode character in position ${i}`);
    out[i] = c;
  }
  return out;
}

/** numpy.dtype(spec) before its state: 'f8', 'O8', 'U1', 'M8', 'V8', 'b1'. */
function dtypeOf(spec: string): DType {
  try {
    return parseFormat(spec).dtype;
  } catch {
    return refuse(`builds numpy.dtype(${JSON.stringify(spec)}), which npy-viewer cannot represent`);
  }
}

export function build(target: unknown, state: PyObject): void {
  if (target instanceof NumpyDTypeObj) { buildDType(target, state); return; }
  if (target instanceof PendingArray) { buildArray(target, state); return; }
  refuse(`sets the state of a ${target instanceof Global ? target.qual : pyTypeOf(target as PyObject)} (BUILD would call its __setstate__)`);
}

/** numpy.dtype.__setstate__: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]). */
function buildDType(d: NumpyDTypeObj, state: PyObject): void {
  if (!(state instanceof PyTupleObj) || state.items.length < 8) corrupt('a dtype state that is not NumPy\'s');
  const [, order, sub, names, , elsize] = state.items;
  if (sub !== null || names !== null) refuse(`holds a structured or subarray dtype (${d.spec}), which npy-viewer does not read inside object arrays`);
  const dt = d.dtype;
  const o = typeof order === 'string' ? order : '|';
  let spec = d.spec.replace(/^[<>=|]/, '');
  if ((dt.kind === 'U' || dt.kind === 'S' || dt.kind === 'V') && typeof elsize === 'bigint' && elsize > 0n) {
    spec = spec.replace(/\d+$/, '') + String(dt.kind === 'U' ? elsize / 4n : elsize);
  }
  if (dt.kind === 'M' || dt.kind === 'm') {
    const meta = state.items[8];
    const unit = meta instanceof PyTupleObj && meta.items[1] instanceof PyTupleObj ? meta.items[1].items : undefined;
    if (unit && unit[0] instanceof PyBytesObj && typeof unit[1] === 'bigint') {
      const u = String.fromCharCode(...unit[0].bytes);
      spec = `${spec.slice(0, 2)}[${unit[1] === 1n ? '' : unit[1]}${u}]`;
    }
  }
  d.dtype = dtypeOf((o === '>' || o === '<' ? o : '|') + spec);
}

/** ndarray.__setstate__: (version, shape, dtype, is_fortran, data). */
function buildArray(a: PendingArray, state: PyObject, swapToNative = true): void {
  if (!(state instanceof PyTupleObj) || (state.items.length !== 5 && state.items.length !== 4)) corrupt('an ndarray state that is not NumPy\'s');
  const items = state.items.length === 5 ? state.items.slice(1) : state.items;
  const [shapeT, dt, fortran, data] = items;
  if (!(shapeT instanceof PyTupleObj) || !shapeT.items.every((x) => typeof x === 'bigint' && x >= 0n)) corrupt('an ndarray shape that is not a tuple of sizes');
  if (!(dt instanceof NumpyDTypeObj)) corrupt('an ndarray dtype that is not a numpy.dtype');
  const shape = (shapeT.items as bigint[]).map((x) => {
    if (x > BigInt(Number.MAX_SAFE_INTEGER)) refuse('holds an array of absurd size');
    return Number(x);
  });
  const n = shape.reduce((p, x) => p * x, 1);
  a.dtype = dt.dtype;
  a.shape = shape;
  a.fortran = fortran === true;
  if (dt.dtype.kind === 'O') {
    if (!(data instanceof PyListObj) || data.items.length !== n) corrupt(`an object array of shape (${shape.join(', ')}) whose list has ${data instanceof PyListObj ? data.items.length : 'no'} items`);
    a.data = data.items;
    a.fortran = false; // the list is in C order whatever the flag
    return;
  }
  const bytes = data instanceof PyBytesObj ? data.bytes : typeof data === 'string' ? latin1(data) : corrupt('array data that is not bytes');
  if (bytes.length !== n * dt.dtype.itemsize) corrupt(`an array of shape (${shape.join(', ')}) with ${bytes.length} bytes of data`);
  a.data = bytes;
  if (dt.dtype.order === '>' && swapToNative) toNative(a);
}

/** ndarray.__setstate__ byte-swaps big-endian data to the machine's (little-endian) order. */
function toNative(a: NdArrayObj): void {
  const dt = a.dtype;
  const unit = dt.kind === 'c' ? dt.itemsize / 2 : dt.kind === 'U' ? 4 : dt.itemsize;
  const src = a.data as Uint8Array;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += unit) for (let j = 0; j < unit; j++) out[i + j] = src[i + unit - 1 - j];
  a.data = out;
  a.dtype = { ...dt, order: '<' } as DType;
}
