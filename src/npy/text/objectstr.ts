/**
 * Python's str() and repr() of the values in object arrays — what np.savetxt(fmt='%s') writes
 * for each element and what the grid shows: str of a list uses the repr of its items, str of a
 * float is its repr, dicts in insertion order, sets in CPython's order (pyobject.ts), NumPy
 * scalars and nested arrays as NumPy prints them (NumPy 2: 'np.float64(1.5)' inside a list).
 * Recursive containers print '[...]' / '{...}' like Python. Also int()/float()/index() of these
 * values for the other '%' conversions.
 */
import { DType } from '../format/dtype';
import { makeDecoder, Value } from '../format/decode';
import { PyError } from '../py/pyerror';
import {
  NdArrayObj, NumpyDTypeObj, NumpyScalarObj, PyBytesObj, PyComplex, PyDictObj, PyListObj, PyObject, PySetObj,
  PyTupleObj, pyTypeOf,
} from '../py/pyobject';
import { bytesRepr, strRepr } from '../py/pyrepr';
import { arrayRepr, arrayStr } from './arraystr';
import { complexStr, floatStr, numpyRepr, numpyStr } from './scalarstr';
import { dtypeStr } from '../format/dtype';

/** Python's default sys.get_int_max_str_digits(). */
const INT_MAX_STR_DIGITS = 4300;

/** Stops a str()/repr() that would be longer than a cell can show. */
class Budget {
  constructor(public left: number) {}
}
class OverBudget extends Error {}

interface Ctx { active: Set<object>; budget?: Budget }

function emit(ctx: Ctx, s: string): string {
  if (ctx.budget) {
    ctx.budget.left -= s.length;
    if (ctx.budget.left < 0) throw new OverBudget();
  }
  return s;
}

function intText(n: bigint): string {
  const s = n.toString();
  if (s.length - (n < 0n ? 1 : 0) > INT_MAX_STR_DIGITS) {
    throw new PyError('ValueError', `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  }
  return s;
}

/** The C-order values of a NumPy array (decoded from its bytes; object arrays hold them already). */
export function ndValues(a: NdArrayObj): Value[] {
  if (Array.isArray(a.data)) return a.data as unknown as Value[];
  const dec = makeDecoder(a.dtype);
  const n = a.shape.reduce((x, y) => x * y, 1);
  const item = a.dtype.itemsize;
  const out: Value[] = new Array(n);
  if (!a.fortran || a.shape.length < 2) {
    for (let i = 0; i < n; i++) out[i] = dec(a.data, i * item);
    return out;
  }
  // C index → Fortran storage position
  const nd = a.shape.length;
  const idx = new Array<number>(nd).fill(0);
  const fstride = new Array<number>(nd);
  for (let k = 0, s = 1; k < nd; k++) { fstride[k] = s; s *= a.shape[k]; }
  for (let i = 0; i < n; i++) {
    let pos = 0;
    for (let k = 0; k < nd; k++) pos += idx[k] * fstride[k];
    out[i] = dec(a.data, pos * item);
    for (let k = nd - 1; k >= 0; k--) { if (++idx[k] < a.shape[k]) break; idx[k] = 0; }
  }
  return out;
}

function scalarValue(s: NumpyScalarObj): Value {
  return makeDecoder(s.dtype)(s.data, 0);
}

/** numpy's _object_format: repr, with lists spelled 'list([...])' so they read as one element. */
function objectWords(ctx: Ctx): (dt: DType, values: Value[]) => string[] {
  return (_dt, values) => values.map((v) => {
    const o = v as unknown as PyObject;
    return o instanceof PyListObj ? `list(${reprOf(o, ctx)})` : reprOf(o, ctx);
  });
}

function arrayText(a: NdArrayObj, ctx: Ctx, repr: boolean): string {
  if (ctx.active.has(a)) return emit(ctx, a.dtype.kind === 'O' ? 'array(..., dtype=object)' : '...');
  ctx.active.add(a);
  try {
    const values = ndValues(a);
    if (a.dtype.kind === 'O') {
      const words = objectWords(ctx);
      if (a.shape.length === 0) return repr ? `array(${words(a.dtype, values)[0]}, dtype=object)` : strOf(values[0] as unknown as PyObject, ctx);
      return emit(ctx, repr ? arrayRepr(a.dtype, a.shape, values, words) : arrayStr(a.dtype, a.shape, values, words));
    }
    return emit(ctx, repr ? arrayRepr(a.dtype, a.shape, values) : arrayStr(a.dtype, a.shape, values));
  } finally {
    ctx.active.delete(a);
  }
}

function seq(items: PyObject[], ctx: Ctx): string {
  return items.map((x) => reprOf(x, ctx)).join(', ');
}

function guarded(o: object, ctx: Ctx, loop: string, body: () => string): string {
  if (ctx.active.has(o)) return emit(ctx, loop);
  ctx.active.add(o);
  try { return body(); } finally { ctx.active.delete(o); }
}

function reprOf(o: PyObject, ctx: Ctx): string {
  if (o === null) return emit(ctx, 'None');
  switch (typeof o) {
    case 'boolean': return emit(ctx, o ? 'True' : 'False');
    case 'bigint': return emit(ctx, intText(o));
    case 'number': return emit(ctx, floatStr(o, 64));
    case 'string': return emit(ctx, strRepr(o));
  }
  if (o instanceof PyComplex) return emit(ctx, complexStr(o, 64));
  if (o instanceof PyBytesObj) return emit(ctx, o.mutable ? `bytearray(${bytesRepr(o.bytes)})` : bytesRepr(o.bytes));
  if (o instanceof PyListObj) return guarded(o, ctx, '[...]', () => '[' + seq(o.items, ctx) + ']');
  if (o instanceof PyTupleObj) {
    return guarded(o, ctx, '(...)', () => (o.items.length === 1 ? `(${seq(o.items, ctx)},)` : `(${seq(o.items, ctx)})`));
  }
  if (o instanceof PyDictObj) {
    return guarded(o, ctx, '{...}', () => '{' + o.entries.map(([k, v]) => `${reprOf(k, ctx)}: ${reprOf(v, ctx)}`).join(', ') + '}');
  }
  if (o instanceof PySetObj) {
    const name = o.frozen ? 'frozenset' : 'set';
    if (o.items.length === 0) return emit(ctx, `${name}()`);
    return guarded(o, ctx, `${name}(...)`, () => (o.frozen ? `frozenset({${seq(o.items, ctx)}})` : `{${seq(o.items, ctx)}}`));
  }
  if (o instanceof NumpyScalarObj) return emit(ctx, numpyRepr(o.dtype, scalarValue(o)));
  if (o instanceof NumpyDTypeObj) return emit(ctx, `dtype(${strRepr(dtypeStr(o.dtype))})`);
  return arrayText(o, ctx, true);
}

function strOf(o: PyObject, ctx: Ctx): string {
  if (typeof o === 'string') return emit(ctx, o);
  if (o instanceof NumpyScalarObj) return emit(ctx, numpyStr(o.dtype, scalarValue(o)));
  if (o instanceof NdArrayObj) return arrayText(o, ctx, false);
  if (o instanceof NumpyDTypeObj) return emit(ctx, dtypeStr(o.dtype));
  return reprOf(o, ctx);
}

/** Python's str(o). */
export function pyStr(o: PyObject): string { return strOf(o, { active: new Set() }); }

/** Python's repr(o). */
export function pyReprObj(o: PyObject): string { return reprOf(o, { active: new Set() }); }

/**
 * str(o) for a grid cell: cut to `max` characters with '…'. A value whose text would run past
 * a few times that (a list of a million items) is not spelled out at all: it is named instead.
 */
export function pyStrClipped(o: PyObject, max: number): string {
  if (typeof o === 'string') return o.length > max ? o.slice(0, max) + '…' : o;
  if (o instanceof PyBytesObj && o.bytes.length > max) return pyStrClipped(new PyBytesObj(o.bytes.subarray(0, max), o.mutable), max);
  const ctx: Ctx = { active: new Set(), budget: new Budget(Math.max(max * 4, 4096)) };
  try {
    const s = strOf(o, ctx);
    return s.length > max ? s.slice(0, max) + '…' : s;
  } catch (e) {
    if (!(e instanceof OverBudget)) throw e;
    const n = o instanceof PyListObj || o instanceof PyTupleObj || o instanceof PySetObj ? o.items.length
      : o instanceof PyDictObj ? o.entries.length : undefined;
    return `<${pyTypeOf(o)}${n !== undefined ? ` of ${n.toLocaleString('en-US')} items` : ''}: too long to show>`;
  }
}

// ---------------------------------------------------------------- conversions for '%d', '%e', '%x', '%c'

function typeName(o: PyObject): string {
  if (o instanceof NumpyScalarObj) return 'numpy.' + numpyTypeName(o.dtype);
  return pyTypeOf(o);
}

function numpyTypeName(dt: DType): string {
  return dtypeStr(dt);
}

/** int(o) for '%d'/'%i'/'%u'; a PyError('TypeError') for what Python refuses. */
export function objectToInt(o: PyObject, conv: string): bigint | { scalar: NumpyScalarObj; value: Value } {
  if (typeof o === 'boolean') return o ? 1n : 0n;
  if (typeof o === 'bigint') return o;
  if (typeof o === 'number') {
    if (o !== o) throw new PyError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(o)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(o));
  }
  if (o instanceof NumpyScalarObj) return { scalar: o, value: scalarValue(o) };
  throw new PyError('TypeError', `%${conv} format: a real number is required, not ${typeName(o)}`);
}

/** float(o) for '%e'/'%f'/'%g'. */
export function objectToFloat(o: PyObject): number | { scalar: NumpyScalarObj; value: Value } {
  if (typeof o === 'boolean') return o ? 1 : 0;
  if (typeof o === 'bigint') {
    const x = Number(o);
    if (!Number.isFinite(x)) throw new PyError('OverflowError', 'int too large to convert to float');
    return x;
  }
  if (typeof o === 'number') return o;
  if (o instanceof NumpyScalarObj) return { scalar: o, value: scalarValue(o) };
  throw new PyError('TypeError', `must be real number, not ${typeName(o)}`);
}

/** operator.index(o) for '%x'/'%X'/'%o'. */
export function objectToIndex(o: PyObject, conv: string): bigint | { scalar: NumpyScalarObj; value: Value } {
  if (typeof o === 'boolean') return o ? 1n : 0n;
  if (typeof o === 'bigint') return o;
  if (o instanceof NumpyScalarObj) return { scalar: o, value: scalarValue(o) };
  throw new PyError('TypeError', `%${conv} format: an integer is required, not ${typeName(o)}`);
}

/** '%c' of o: an int code point or a one-character str. */
export function objectToChar(o: PyObject): string | { scalar: NumpyScalarObj; value: Value } {
  if (typeof o === 'bigint' || typeof o === 'boolean') {
    const n = typeof o === 'boolean' ? (o ? 1n : 0n) : o;
    if (n < 0n || n > 0x10ffffn) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
    return String.fromCodePoint(Number(n));
  }
  if (typeof o === 'string' && [...o].length === 1) return o;
  if (o instanceof NumpyScalarObj) return { scalar: o, value: scalarValue(o) };
  throw new PyError('TypeError', '%c requires an int or a unicode character, not ' + typeName(o));
}
