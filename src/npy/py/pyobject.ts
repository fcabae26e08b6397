/**
 * Python values as the safe unpickler builds them (src/npy/py/pickle.ts): only plain data, never
 * a callable. int is always a bigint and float a number, so 1 and 1.0 stay apart as in Python;
 * str is a JS string (it may hold lone surrogates, as a Python str can). NumPy arrays and scalars
 * keep their dtype and raw bytes; they are decoded where they are shown.
 *
 * Also Python's equality and hash for the hashable kinds, which dict keys and set order need.
 */
import type { DType } from '../format/dtype';

export class PyComplex { constructor(readonly re: number, readonly im: number) {} }
/** bytes (immutable) or bytearray. */
export class PyBytesObj { constructor(readonly bytes: Uint8Array, readonly mutable: boolean) {} }
export class PyListObj { constructor(readonly items: PyObject[]) {} }
export class PyTupleObj { constructor(readonly items: PyObject[]) {} }
/** Insertion order, keys unique by Python equality. */
export class PyDictObj { constructor(readonly entries: [PyObject, PyObject][]) {} }
/** Items in Python's iteration order where it can be known (see setIterationOrder). */
export class PySetObj { constructor(readonly items: PyObject[], readonly frozen: boolean) {} }
/** A numpy.dtype object. */
export class NumpyDTypeObj { constructor(public dtype: DType, readonly spec: string) {} }
/** A NumPy scalar: its dtype and the element's bytes. */
export class NumpyScalarObj { constructor(readonly dtype: DType, readonly data: Uint8Array) {} }
/**
 * A NumPy array: object arrays hold their elements (C order); others their bytes (in Fortran
 * order when `fortran`).
 */
export class NdArrayObj {
  constructor(
    public dtype: DType,
    public shape: number[],
    public fortran: boolean,
    public data: Uint8Array | PyObject[],
  ) {}
}

export type PyObject =
  | null | boolean | bigint | number | string
  | PyComplex | PyBytesObj | PyListObj | PyTupleObj | PyDictObj | PySetObj
  | NumpyDTypeObj | NumpyScalarObj | NdArrayObj;

/** Python's type name of a value, for messages ('int', 'list', 'numpy.ndarray'). */
export function pyTypeOf(v: PyObject): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float';
    case 'string': return 'str';
  }
  if (v instanceof PyComplex) return 'complex';
  if (v instanceof PyBytesObj) return v.mutable ? 'bytearray' : 'bytes';
  if (v instanceof PyListObj) return 'list';
  if (v instanceof PyTupleObj) return 'tuple';
  if (v instanceof PyDictObj) return 'dict';
  if (v instanceof PySetObj) return v.frozen ? 'frozenset' : 'set';
  if (v instanceof NumpyDTypeObj) return 'numpy.dtype';
  if (v instanceof NumpyScalarObj) return 'numpy scalar';
  return 'numpy.ndarray';
}

/** Whether Python can hash it (unhashable: list, dict, set, bytearray, ndarray). */
export function isHashable(v: PyObject): boolean {
  if (v instanceof PyListObj || v instanceof PyDictObj || v instanceof NdArrayObj) return false;
  if (v instanceof PySetObj) return v.frozen;
  if (v instanceof PyBytesObj) return !v.mutable;
  if (v instanceof PyTupleObj) return v.items.every(isHashable);
  return true;
}

/** A real number as Python compares it (bool, int, float), else undefined. */
function numeric(v: PyObject): bigint | number | undefined {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  return undefined;
}

function numEq(a: bigint | number, b: bigint | number): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  const x = typeof a === 'number' ? a : b as number;
  const y = typeof a === 'number' ? b : a;
  if (typeof y === 'number') return x === y;
  return Number.isInteger(x) && BigInt(x) === y;
}

/** Python == for hashable plain values (what dict keys and set members need). NumPy scalars compare by identity here. */
export function pyEquals(a: PyObject, b: PyObject): boolean {
  if (a === b) return true;
  const x = numeric(a), y = numeric(b);
  if (x !== undefined && y !== undefined) return numEq(x, y);
  if (a instanceof PyComplex || b instanceof PyComplex) {
    const ca = a instanceof PyComplex ? a : x !== undefined ? new PyComplex(Number(x), 0) : undefined;
    const cb = b instanceof PyComplex ? b : y !== undefined ? new PyComplex(Number(y), 0) : undefined;
    return !!ca && !!cb && ca.re === cb.re && ca.im === cb.im;
  }
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a instanceof PyBytesObj && b instanceof PyBytesObj) {
    return a.bytes.length === b.bytes.length && a.bytes.every((c, i) => c === b.bytes[i]);
  }
  if (a instanceof PyTupleObj && b instanceof PyTupleObj) {
    return a.items.length === b.items.length && a.items.every((c, i) => pyEquals(c, b.items[i]));
  }
  if (a instanceof PySetObj && b instanceof PySetObj) {
    return a.items.length === b.items.length && a.items.every((c) => b.items.some((d) => pyEquals(c, d)));
  }
  return false;
}

// ---------------------------------------------------------------- hash and set order

const M64 = (1n << 64n) - 1n;
const HASH_MODULUS = (1n << 61n) - 1n; // sys.hash_info.modulus on 64-bit builds
const HASH_INF = 314159n;

function toSigned(h: bigint): bigint { return BigInt.asIntN(64, h); }

function intHash(n: bigint): bigint {
  const m = (n < 0n ? -n : n) % HASH_MODULUS;
  const h = n < 0n ? -m : m;
  return h === -1n ? -2n : h;
}

/** Python's hash(float) (exact: the value as a fraction mod 2**61 - 1). */
function floatHash(x: number): bigint | undefined {
  if (x !== x) return undefined; // hash(nan) depends on the object's address
  if (!Number.isFinite(x)) return x > 0 ? HASH_INF : -HASH_INF;
  if (Number.isInteger(x)) return intHash(BigInt(x));
  // x = m * 2**e with m an integer
  let e = 0;
  let m = Math.abs(x);
  while (!Number.isInteger(m)) { m *= 2; e--; }
  let h = BigInt(m) % HASH_MODULUS;
  // multiply by 2**e mod P: 2**61 ≡ 1, so 2**-k ≡ 2**(61 - k mod 61)
  const k = BigInt(((e % 61) + 61) % 61);
  h = ((h << k) | (h >> (61n - k))) & HASH_MODULUS;
  if (k === 0n) h = BigInt(m) % HASH_MODULUS;
  if (x < 0) h = -h;
  return h === -1n ? -2n : h;
}

const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;

/** Python's hash for values whose hash does not depend on the process; undefined otherwise (str, bytes, None, ...). */
export function pyHash(v: PyObject): bigint | undefined {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return intHash(v);
  if (typeof v === 'number') return floatHash(v);
  if (v instanceof PyComplex) {
    const r = floatHash(v.re), i = floatHash(v.im);
    if (r === undefined || i === undefined) return undefined;
    const h = toSigned((r + 1000003n * i) & M64);
    return h === -1n ? -2n : h;
  }
  if (v instanceof PyTupleObj) {
    let acc = XXPRIME_5;
    for (const item of v.items) {
      const lane = pyHash(item);
      if (lane === undefined) return undefined;
      acc = (acc + (lane & M64) * XXPRIME_2) & M64;
      acc = ((acc << 31n) | (acc >> 33n)) & M64;
      acc = (acc * XXPRIME_1) & M64;
    }
    acc = (acc + (BigInt(v.items.length) ^ (XXPRIME_5 ^ 3527539n))) & M64;
    const h = toSigned(acc);
    return h === -1n ? 1546275796n : h;
  }
  return undefined;
}

const PERTURB_SHIFT = 5n;
const LINEAR_PROBES = 9;

/**
 * The order CPython (3.11) iterates a set built by adding `items` one by one: its open-addressing
 * table, probes and resizes replayed. Only when every item's hash is known (numbers and tuples of
 * them); otherwise the given order is kept (Python's order then depends on the hash seed).
 */
export function setIterationOrder(items: PyObject[]): PyObject[] {
  const hashes = items.map(pyHash);
  if (hashes.some((h) => h === undefined)) return items;
  let mask = 7;
  let table: (number | undefined)[] = new Array(8);
  let fill = 0;
  const insert = (tab: (number | undefined)[], msk: number, idx: number, h: bigint) => {
    const uh = h & M64;
    let perturb = uh;
    let i = Number(uh & BigInt(msk));
    for (;;) {
      const probes = i + LINEAR_PROBES <= msk ? LINEAR_PROBES : 0;
      for (let j = 0; j <= probes; j++) {
        if (tab[i + j] === undefined) { tab[i + j] = idx; return; }
      }
      perturb >>= PERTURB_SHIFT;
      i = Number((BigInt(i) * 5n + 1n + perturb) & BigInt(msk));
    }
  };
  items.forEach((_, idx) => {
    insert(table, mask, idx, hashes[idx]!);
    fill++;
    if (fill * 5 >= mask * 3) {
      const used = fill;
      let size = 8;
      const min = used > 50000 ? used * 2 : used * 4;
      while (size <= min) size <<= 1;
      const next: (number | undefined)[] = new Array(size);
      for (const k of table) if (k !== undefined) insert(next, size - 1, k, hashes[k]!);
      table = next;
      mask = size - 1;
    }
  });
  return table.filter((k): k is number => k !== undefined).map((k) => items[k]);
}
