/**
 * The dtype model: what one element of an array is and how its bytes are laid out.
 * Kinds follow NumPy's one-letter `dtype.kind`, except structured dtypes, which get their own kind.
 */
import { NpyError } from '../errors';
import { PyDict, PyTuple, PyValue, pyRepr } from '../py/pyliteral';
import { strRepr } from '../py/pyrepr';
import { commaFormats, isCommaString } from './commastring';

export type ByteOrder = '<' | '>' | '|';

interface DTypeBase {
  /** Bytes per element. */
  readonly itemsize: number;
  /** '<' little, '>' big, '|' not applicable (1-byte types, bytes, void, structured). */
  readonly order: ByteOrder;
}

export interface BoolDType extends DTypeBase { readonly kind: 'b' }
export interface IntDType extends DTypeBase { readonly kind: 'i' | 'u' }
/** itemsize 2, 4, 8 (IEEE) or 12 / 16 (x87 80-bit extended in the low 10 bytes). */
export interface FloatDType extends DTypeBase { readonly kind: 'f' }
/** Two floats of itemsize/2 each: real then imaginary. */
export interface ComplexDType extends DTypeBase { readonly kind: 'c' }
/** Fixed-width bytes; trailing NULs are not part of the value. */
export interface BytesDType extends DTypeBase { readonly kind: 'S' }
/** Fixed-width UCS-4 text, itemsize = 4 × length; trailing NULs are not part of the value. */
export interface UnicodeDType extends DTypeBase { readonly kind: 'U' }
/** Opaque bytes. */
export interface VoidDType extends DTypeBase { readonly kind: 'V' }
/** datetime64 ('M') / timedelta64 ('m'): int64 count of `step` × `unit`; -2**63 is NaT. */
export interface TimeDType extends DTypeBase {
  readonly kind: 'M' | 'm';
  /** 'Y' 'M' 'W' 'D' 'h' 'm' 's' 'ms' 'us' 'ns' 'ps' 'fs' 'as', or 'generic' for a bare M8/m8. */
  readonly unit: string;
  /** The multiplier in e.g. M8[25s]; 1 when absent. */
  readonly step: number;
}
export interface Field {
  readonly name: string;
  /** The title of a (title, name) pair, if any. */
  readonly title?: string;
  /** Byte offset of the field inside the record. */
  readonly offset: number;
  readonly dtype: DType;
  /** Subarray shape of the field, [] for a scalar field. */
  readonly shape: readonly number[];
  /**
   * A subarray of subarrays, ('a', ('<i4', (2,)), (3,)), is one (3, 2) subarray here, but NumPy
   * keeps and spells the levels: their dims, outermost first (only when there is more than one).
   */
  readonly groups?: readonly (readonly number[])[];
}
/**
 * Python objects (NumPy's 'O', stored pickled). In an array read through the safe unpickler each
 * element is an 8-byte index into `objects` (the unpickled values, C order); a header alone has none.
 */
export interface ObjectDType extends DTypeBase {
  readonly kind: 'O';
  readonly objects?: readonly unknown[];
}
/** Structured (record) dtype: named fields at offsets, possibly with padding. order is '|'. */
export interface StructDType extends DTypeBase {
  readonly kind: 'struct';
  readonly fields: readonly Field[];
}

export type DType =
  | BoolDType | IntDType | FloatDType | ComplexDType | BytesDType | UnicodeDType | VoidDType
  | TimeDType | ObjectDType | StructDType;

// ---------------------------------------------------------------- descr → DType

/** A field flattened out of nested records: 'a', 'b.c'. */
export interface FlatField { name: string; offset: number; dtype: DType; shape: number[] }

const TIME_UNITS = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as'];
const MAX_ITEMSIZE = 0x7fffffff; // NumPy stores itemsize in a C int

/** One-letter type codes and names NumPy accepts for fixed-size types (native order). */
const ALIASES: Record<string, string> = {
  '?': 'b1', b: 'i1', B: 'u1', h: 'i2', H: 'u2', i: 'i4', I: 'u4', l: 'i8', L: 'u8', q: 'i8', Q: 'u8',
  p: 'i8', P: 'u8', n: 'i8', N: 'u8', e: 'f2', f: 'f4', d: 'f8', g: 'f16', F: 'c8', D: 'c16', G: 'c32',
  c: 'S1', S: 'S0', a: 'S0', U: 'U0', V: 'V0', M: 'M8', m: 'm8',
  bool: 'b1', bool_: 'b1', int8: 'i1', int16: 'i2', int32: 'i4', int64: 'i8', int: 'i8',
  uint8: 'u1', uint16: 'u2', uint32: 'u4', uint64: 'u8', uint: 'u8',
  float16: 'f2', half: 'f2', float32: 'f4', single: 'f4', float64: 'f8', double: 'f8', float: 'f8',
  float96: 'f12', float128: 'f16', longdouble: 'f16',
  complex64: 'c8', csingle: 'c8', complex128: 'c16', cdouble: 'c16', complex: 'c16',
  complex192: 'c24', complex256: 'c32', clongdouble: 'c32',
  bytes: 'S0', bytes_: 'S0', str: 'U0', str_: 'U0', unicode: 'U0', void: 'V0', datetime64: 'M8', timedelta64: 'm8',
  O: 'O8', object: 'O8', object_: 'O8',
  // C type names (np.dtype('short') etc.; Linux/x86-64 sizes)
  byte: 'i1', ubyte: 'u1', short: 'i2', ushort: 'u2', intc: 'i4', uintc: 'u4', long: 'i8', ulong: 'u8',
  longlong: 'i8', ulonglong: 'u8', intp: 'i8', uintp: 'u8', int_: 'i8',
};

/**
 * A one-character type string whose code is below ' ' is NumPy's type number (np.dtype(chr(4)) is
 * uint16): NPY_BOOL, NPY_BYTE, ... NPY_HALF in that order. NumPy takes them with any byte order
 * prefix and no size or [unit].
 */
const TYPE_NUMBERS = ['b1', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'i8', 'u8', 'f4', 'f8', 'f16', 'c8', 'c16', 'c32',
  'O8', 'S0', 'U0', 'V0', 'M8', 'm8', 'f2'];

const VALID_SIZES: Record<string, number[]> = {
  b: [1], i: [1, 2, 4, 8], u: [1, 2, 4, 8], f: [2, 4, 8, 12, 16], c: [8, 16, 24, 32], M: [8], m: [8],
};

function bad(descr: PyValue, why: string): never {
  const text = pyRepr(descr);
  // A wide record's descr can be 100 KB; a message names its start.
  throw new NpyError('format', `unknown dtype ${text.length > 120 ? text.slice(0, 120) + '…' : text}: ${why}`);
}

/** DType from a header's `descr` (a typestr like '<f8', a field list, a dict, or (base, shape)). */
export function dtypeFromDescr(descr: PyValue): DType {
  const { dtype, shape } = parseDescr(descr);
  if (shape.length) {
    throw new NpyError('unsupported', `a subarray dtype ${pyRepr(descr)} is not supported at the top level`);
  }
  return dtype;
}

/** A parsed format: its base dtype, the subarray dims (all levels), and each level's dims. */
interface Format { dtype: DType; shape: number[]; groups: number[][] }

/** A format with an optional subarray shape: '<i4', [...], {...} or (format, shape). */
export function parseFormat(v: PyValue): Format {
  if (typeof v === 'string') {
    if (!isCommaString(v)) return { dtype: fromTypestr(v), shape: [], groups: [] };
    const formats = commaFormats(v);
    return typeof formats === 'string' ? { dtype: fromTypestr(formats), shape: [], groups: [] } : parseFormat(formats);
  }
  if (Array.isArray(v)) return { dtype: fromFieldList(v, v, false), shape: [], groups: [] };
  if (v instanceof PyDict) return { dtype: fromFieldDict(v), shape: [], groups: [] };
  if (v instanceof PyTuple && v.items.length === 2) return fromTuple(parseFormat(v.items[0]), v.items[1], v);
  bad(v, 'expected a type string, a list of fields or a dict');
}

/**
 * A header's `descr` as np.load reads it (numpy.lib.format.descr_to_dtype, not np.dtype): a tuple
 * is (descr, np.dtype's second item), more items ignored; else a sequence of fields (a dict: its
 * keys), each unpacked as (name, descr[, shape]), strings and dicts too ('fi' is ('f', 'i')). A
 * dict of np.dtype's keys, which np.load refuses, is read as np.dtype reads it (README).
 */
export function parseDescr(v: PyValue): Format {
  if (typeof v === 'string') return parseFormat(v);
  if (v instanceof PyTuple) return v.items.length < 2 ? bad(v, 'a (base, shape) tuple needs two items') : fromTuple(parseDescr(v.items[0]), v.items[1], v);
  if (v instanceof PyDict && isDtypeDict(v)) return { dtype: fromFieldDict(v), shape: [], groups: [] };
  const fields = v instanceof PyDict ? dictKeys(v) : Array.isArray(v) ? v : null;
  if (!fields) bad(v, 'expected a type string, a list of fields or a dict');
  return { dtype: fromFieldList(fields, v, true), shape: [], groups: [] };
}

const DTYPE_DICT_KEYS = ['names', 'formats', 'offsets', 'titles', 'itemsize', 'aligned'];

/** A dict in np.dtype's form (none of its keys could be a field: none has 2 or 3 items). */
function isDtypeDict(d: PyDict): boolean {
  return d.entries.length > 0 && d.keys().every((k) => typeof k === 'string' && DTYPE_DICT_KEYS.includes(k));
}

/** A dict's keys as Python iterates them: distinct (equal literals are one key), first occurrence order. */
function dictKeys(d: PyDict): PyValue[] {
  const seen = new Set<string>();
  return d.keys().filter((k) => { const r = pyRepr(k); return !seen.has(r) && !!seen.add(r); });
}

/** Bytes of one element of a format (its subarray included). */
const formatBytes = (f: Format): number => f.dtype.itemsize * elemCount(f.shape);

function hasObject(dt: DType): boolean {
  return dt.kind === 'O' || (dt.kind === 'struct' && dt.fields.some((f) => hasObject(f.dtype)));
}

/**
 * (base, second) as NumPy's _convert_from_tuple reads it: when `second` is itself a dtype, the
 * base takes its size if it has none ('S', 'U', 'V') or must have the same size, and takes its
 * fields if it has any ('<i4' viewed as four 'u1' fields); else an unsized base takes `second` as
 * its item size; else `second` is a subarray shape.
 */
function fromTuple(base: Format, second: PyValue, ctx: PyValue): Format {
  if (base.shape.length > 0 && formatBytes(base) === 0) bad(ctx, 'invalid itemsize in generic type tuple (a subarray of no bytes)'); // "unsized" to NumPy
  const unsized = base.shape.length === 0 && base.dtype.itemsize === 0 && 'SUV'.includes(base.dtype.kind);
  let conv: Format | null = null;
  try {
    // np.dtype(None) is float64 (np.load refuses None as the descr itself)
    if (second === null) conv = parseFormat('<f8');
    else if (typeof second !== 'number' && typeof second !== 'bigint') conv = parseFormat(second);
  } catch (e) {
    if (!(e instanceof NpyError)) throw e;
  }
  if (conv) {
    const size = formatBytes(conv);
    if (!unsized && formatBytes(base) !== size) bad(ctx, 'mismatch in size of old and new data-descriptor');
    // (a void base takes the objects' flags: np.load refuses it as an object array)
    if ((!unsized || base.dtype.kind === 'V') && (hasObject(base.dtype) || hasObject(conv.dtype))) bad(ctx, 'a view of objects as another dtype');
    const fields = conv.shape.length === 0 && conv.dtype.kind === 'struct' ? conv.dtype : null;
    if (fields) {
      // NumPy also lays fields over a number or a string ('<i4' seen as four 'u1'), which its own
      // savetxt then formats inconsistently: only a void base, a plain record, is read
      if (base.shape.length || (base.dtype.kind !== 'V' && base.dtype.kind !== 'struct')) {
        bad(ctx, `fields over a '${base.dtype.kind}' type are not supported`);
      }
      return { dtype: { ...fields, itemsize: size }, shape: [], groups: [] };
    }
    if (!unsized) return base;
    if (base.dtype.kind === 'U' && size % 4 !== 0) bad(ctx, `${size} bytes are not a whole number of UCS-4 characters`);
    return { dtype: { ...base.dtype, itemsize: size } as DType, shape: [], groups: [] };
  }
  if (unsized) {
    const n = typeof second === 'bigint' ? Number(second) : second;
    const itemsize = typeof n === 'number' && Number.isInteger(n) && n >= 0 ? (base.dtype.kind === 'U' ? n * 4 : n) : -1;
    if (itemsize < 0 || itemsize > MAX_ITEMSIZE) bad(ctx, 'invalid itemsize in generic type tuple');
    return { dtype: { ...base.dtype, itemsize } as DType, shape: [], groups: [] };
  }
  return withSubShape(base, parseSubShape(second, ctx));
}

/** One more (outer) subarray level; () adds none, as in NumPy. */
function withSubShape(f: Format, dims: number[]): Format {
  if (dims.length === 0) return f;
  return { dtype: f.dtype, shape: [...dims, ...f.shape], groups: [dims, ...f.groups] };
}

function parseSubShape(v: PyValue, ctx: PyValue): number[] {
  const dims = v instanceof PyTuple ? v.items : Array.isArray(v) && v.length > 0 ? v : [v];
  if (dims.length > 64) bad(ctx, 'number of dimensions must be within [0, 64]');
  return dims.map(d => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_ITEMSIZE) bad(ctx, `invalid shape in fixed-type tuple: ${pyRepr(v)}`);
    return d;
  });
}

/** What a type code or name stands for ('i' → 'i4', chr(4) → 'u2'), or the body itself. */
function aliasBody(order: string, name: string, meta: string | undefined, s: string): string {
  if (name.length === 1 && name.charCodeAt(0) < TYPE_NUMBERS.length) {
    if (meta !== undefined) bad(s, 'a type number takes no [unit]');
    return TYPE_NUMBERS[name.charCodeAt(0)];
  }
  const alias = ALIASES[name];
  if (alias === undefined) return name;
  if (meta !== undefined && (name === 'M' || name === 'm')) bad(s, `a [unit] goes after '${name}8', not '${name}'`);
  // a byte order goes before a one-letter code or datetime64/timedelta64 only: '<i', not '<int32' nor '<a'
  if (order !== '' && (name === 'a' || (name.length > 1 && name !== 'datetime64' && name !== 'timedelta64'))) {
    bad(s, `no byte order goes before '${name}'`);
  }
  return alias;
}

function fromTypestr(s: string): DType {
  const m = /^([<>|=]?)([\s\S]*?)(\[[^\]]*\])?$/.exec(s); // no trimming: NumPy refuses ' <f8'
  const body = m ? aliasBody(m[1], m[2], m[3], s) : '';
  const cm = /^([a-zA-Z])(\d+)$/.exec(body);
  if (!m || !cm) bad(s, 'not a type string');
  const orderCh = m[1];
  const meta = m[3];
  let code = cm[1];
  const digits = cm[2];
  if (code === 'a') code = 'S';
  if (code === 'O') {
    if (meta !== undefined || (cm[2] !== '8' && cm[2] !== '4')) bad(s, 'an object dtype is O, O4 or O8'); // np.dtype('O4') is O too
    return { kind: 'O', itemsize: 8, order: '|' };
  }
  if (!'biufcSUVMm'.includes(code)) bad(s, 'not a dtype NumPy writes');
  if (meta !== undefined && code !== 'M' && code !== 'm') bad(s, 'only datetime64/timedelta64 take [unit]');
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) bad(s, 'size too large');
  const itemsize = code === 'U' ? n * 4 : n;
  if (itemsize > MAX_ITEMSIZE) bad(s, 'item size too large');
  const sizes = VALID_SIZES[code];
  if (sizes && !sizes.includes(itemsize)) bad(s, `no ${itemsize}-byte type of this kind`);
  // Byte order only means something for multi-byte numbers, UCS-4 text and datetimes.
  // (UCS-4 text has an order even when empty: NumPy spells '<U0'.)
  const swappable = (itemsize > 1 || code === 'U') && code !== 'S' && code !== 'V' && code !== 'b';
  const order: ByteOrder = !swappable ? '|' : orderCh === '>' ? '>' : '<';
  if (code === 'M' || code === 'm') {
    const { unit, step } = parseTimeMeta(meta ?? '', s);
    return { kind: code, itemsize, order, unit, step };
  }
  if (code === 'b') return { kind: 'b', itemsize, order };
  if (code === 'i' || code === 'u') return { kind: code, itemsize, order };
  if (code === 'f') return { kind: 'f', itemsize, order };
  if (code === 'c') return { kind: 'c', itemsize, order };
  return { kind: code as 'S' | 'U' | 'V', itemsize, order };
}

function parseTimeMeta(meta: string, ctx: string): { unit: string; step: number } {
  if (meta === '' || meta === '[generic]') return { unit: 'generic', step: 1 };
  // The multiplier as NumPy reads it (C's strtol): white space and a sign may lead ('[ +5s]').
  const m = /^\[(?:[\t\n\v\f\r ]*([+-]?\d+))?([A-Za-z\u03bc]+)\]$/.exec(meta);
  const unit = m ? (m[2] === 'μs' ? 'us' : m[2]) : '';
  if (!m || !TIME_UNITS.includes(unit)) bad(ctx, `unknown time unit ${meta}`);
  const step = m[1] === undefined ? 1 : Number(m[1]); // NumPy takes 0: every value the epoch or NaT
  if (!Number.isSafeInteger(step) || step < 0 || step > 0x7fffffff) bad(ctx, `bad time unit multiplier ${meta}`);
  return { unit, step };
}

interface PendingField { name: string; title?: string; dtype: DType; shape: number[]; groups: number[][]; offset: number }

function nameAndTitle(v: PyValue, ctx: PyValue): { name: string; title?: string } {
  if (typeof v === 'string') return { name: v };
  if (v instanceof PyTuple && v.items.length === 2 && typeof v.items[1] === 'string') {
    const t = v.items[0];
    return { name: v.items[1], title: t === null ? undefined : typeof t === 'string' ? t : pyRepr(t) };
  }
  bad(ctx, `field name ${pyRepr(v)} is not a string or a (title, name) pair`);
}

function elemCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function fieldBytes(f: { dtype: DType; shape: number[] }, ctx: PyValue): number {
  const n = f.dtype.itemsize * elemCount(f.shape);
  if (n > MAX_ITEMSIZE) bad(ctx, 'record too large');
  return n;
}

/** [('a', '<i4'), ('b', '<f8', (2, 3)), ((title, name), fmt), ('', '|V4') padding, ...]; `descr`: as parseDescr reads it. */
function fromFieldList(list: PyValue[], ctx: PyValue, descr: boolean): StructDType {
  const fields: PendingField[] = [];
  let offset = 0;
  const format = descr ? parseDescr : parseFormat;
  for (const item of list) {
    const parts = item instanceof PyTuple ? item.items : Array.isArray(item) ? item
      : descr && typeof item === 'string' ? [...item] : descr && item instanceof PyDict ? dictKeys(item) : null;
    if (!parts || parts.length < 2 || parts.length > 3) bad(ctx, `field ${pyRepr(item)} is not (name, format[, shape])`);
    const { name, title } = nameAndTitle(parts[0], ctx);
    // (name, format, x) is (name, (format, x)) to NumPy: x is a shape, an item size or a dtype
    const f = parts.length === 3 ? fromTuple(format(parts[1]), parts[2], ctx) : format(parts[1]);
    const size = fieldBytes(f, ctx);
    // NumPy writes alignment/offset gaps as unnamed void fields; they are not data. np.load
    // takes any unnamed field of void type as one: a subarray's type is void too.
    const pad = descr ? parts[0] === '' && (f.dtype.kind === 'V' || f.shape.length > 0) : name === '' && f.dtype.kind === 'V';
    if (!pad) fields.push({ name, title, dtype: f.dtype, shape: f.shape, groups: f.groups, offset });
    offset += size;
    if (offset > MAX_ITEMSIZE) bad(ctx, 'record too large');
  }
  return makeStruct(fields, offset, ctx);
}

/** {'names': [...], 'formats': [...], 'offsets': [...], 'titles': [...], 'itemsize': n, 'aligned': b} */
function fromFieldDict(d: PyDict): StructDType {
  if (d.entries.length === 0) return makeStruct([], 0, d); // np.dtype({}) is dtype([])
  for (const k of d.keys()) if (typeof k !== 'string' || !DTYPE_DICT_KEYS.includes(k)) bad(d, `unexpected key ${pyRepr(k)}`);
  const names = d.get('names');
  const formats = d.get('formats');
  const offsets = d.get('offsets');
  const titles = d.get('titles');
  const itemsize = d.get('itemsize');
  const aligned = d.get('aligned') === true;
  const seq = (v: PyValue | undefined): PyValue[] | undefined =>
    Array.isArray(v) ? v : v instanceof PyTuple ? v.items : undefined;
  const nameList = seq(names);
  const formatList = seq(formats);
  if (!nameList || !formatList || nameList.length !== formatList.length) {
    bad(d, "'names' and 'formats' must be lists of the same length");
  }
  const offsetList = offsets === undefined ? undefined : seq(offsets);
  const titleList = titles === undefined ? undefined : seq(titles);
  if (offsets !== undefined && (!offsetList || offsetList.length !== nameList.length)) bad(d, "'offsets' must match 'names'");
  if (titles !== undefined && (!titleList || titleList.length !== nameList.length)) bad(d, "'titles' must match 'names'");
  const fields: PendingField[] = [];
  let pos = 0;
  let maxAlign = 1;
  let end = 0;
  nameList.forEach((nm, i) => {
    if (typeof nm !== 'string') bad(d, `field name ${pyRepr(nm)} is not a string`);
    const f = parseFormat(formatList[i]);
    const size = fieldBytes(f, d);
    let offset: number;
    if (offsetList) {
      const o = offsetList[i];
      if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o > MAX_ITEMSIZE) bad(d, `bad offset ${pyRepr(o)}`);
      offset = o;
    } else {
      const a = aligned ? alignmentOf(f.dtype) : 1;
      maxAlign = Math.max(maxAlign, a);
      offset = Math.ceil(pos / a) * a;
      pos = offset + size;
    }
    const t = titleList?.[i];
    const title = t === undefined || t === null ? undefined : typeof t === 'string' ? t : pyRepr(t);
    fields.push({ name: nm, title, dtype: f.dtype, shape: f.shape, groups: f.groups, offset });
    end = Math.max(end, offset + size);
  });
  let size = aligned ? Math.ceil(end / maxAlign) * maxAlign : end;
  if (itemsize !== undefined) {
    if (typeof itemsize !== 'number' || !Number.isInteger(itemsize) || itemsize > MAX_ITEMSIZE) bad(d, "bad 'itemsize'");
    if (itemsize < end) bad(d, `'itemsize' ${itemsize} is smaller than the fields need (${end})`);
    size = itemsize;
  }
  return makeStruct(fields, size, d);
}

function makeStruct(fields: PendingField[], itemsize: number, ctx: PyValue): StructDType {
  const seen = new Set<string>();
  const out: Field[] = fields.map(f => {
    // NumPy keys its fields by name and by (str) title: none may be used twice
    if (seen.has(f.name)) bad(ctx, `field '${f.name}' occurs more than once (as a name or a title)`);
    if (f.title !== undefined && (f.title === f.name || seen.has(f.title))) bad(ctx, `title '${f.title}' is already used as a name or a title`);
    seen.add(f.name).add(f.title ?? f.name);
    const field: Field = {
      name: f.name, ...(f.title === undefined ? {} : { title: f.title }), offset: f.offset, dtype: f.dtype, shape: f.shape,
      ...(f.groups.length > 1 ? { groups: f.groups } : {}),
    };
    return field;
  });
  return { kind: 'struct', itemsize, order: '|', fields: out };
}

/** NumPy's alignment of a dtype (used only for {'aligned': True} dicts). */
function alignmentOf(dt: DType): number {
  if (dt.kind === 'struct') return dt.fields.reduce((a, f) => Math.max(a, alignmentOf(f.dtype)), 1);
  if (dt.kind === 'S' || dt.kind === 'V' || dt.kind === 'b') return 1;
  if (dt.kind === 'U') return 4;
  if (dt.kind === 'c') return dt.itemsize / 2;
  return dt.itemsize;
}

// ---------------------------------------------------------------- DType → NumPy spellings

function timeMeta(dt: TimeDType): string {
  if (dt.unit === 'generic') return '';
  return dt.step === 1 ? `[${dt.unit}]` : `[${dt.step}${dt.unit}]`;
}

/** dtype.str for a non-structured dtype: '<f8', '|b1', '<U5', '|S5', '>M8[25s]'. */
function typestr(dt: Exclude<DType, StructDType>): string {
  if (dt.kind === 'O') return '|O';
  const size = dt.kind === 'U' ? dt.itemsize / 4 : dt.itemsize;
  const meta = dt.kind === 'M' || dt.kind === 'm' ? timeMeta(dt) : '';
  return `${dt.order}${dt.kind}${size}${meta}`;
}

/** True when fields are in order with no gaps, so NumPy spells the dtype as a plain list. */
function isPacked(dt: StructDType): boolean {
  let pos = 0;
  for (const f of dt.fields) {
    if (f.offset !== pos) return false;
    pos += f.dtype.itemsize * elemCount([...f.shape]);
  }
  return pos === dt.itemsize;
}

/**
 * The header's descr value exactly as NumPy's dtype_to_descr gives it: a typestr, or a field list
 * with gaps written as ('', '|V<n>'). Throws for layouts a descr cannot express (out-of-order or
 * overlapping fields) — np.save refuses those too.
 */
export function dtypeDescrValue(dt: DType): PyValue {
  if (dt.kind !== 'struct') return typestr(dt);
  const out: PyValue[] = [];
  let pos = 0;
  for (const f of dt.fields) {
    if (f.offset > pos) out.push(new PyTuple(['', `|V${f.offset - pos}`]));
    else if (f.offset < pos) {
      throw new NpyError('unsupported', 'a dtype with overlapping or out-of-order fields cannot be written as a .npy descr');
    }
    const name: PyValue = f.title === undefined ? f.name : new PyTuple([f.title, f.name]);
    const { fmt, outer } = nestedFormat(f, dtypeDescrValue(f.dtype), (inner, dims) => new PyTuple([inner, new PyTuple([...dims])]));
    out.push(new PyTuple(outer.length ? [name, fmt, new PyTuple([...outer])] : [name, fmt]));
    pos = f.offset + f.dtype.itemsize * elemCount([...f.shape]);
  }
  if (dt.itemsize > pos) out.push(new PyTuple(['', `|V${dt.itemsize - pos}`]));
  return out;
}

/** NumPy descr spelling: '<f8', '|S5', "[('a', '<i4')]" (a dict spelling if no descr exists). */
export function dtypeDescr(dt: DType): string {
  if (dt.kind !== 'struct') return typestr(dt);
  try {
    return pyRepr(dtypeDescrValue(dt));
  } catch {
    return structDictStr(dt);
  }
}

/** NumPy's short construction repr used inside struct spellings: 'S5', '?', 'i1', '<f8'. */
function shortRepr(dt: DType): string {
  if (dt.kind === 'struct') return structStr(dt);
  if (dt.kind === 'b') return "'?'";
  if (dt.kind === 'S' || dt.kind === 'V') return `'${dt.kind}${dt.itemsize}'`;
  const order = dt.order === '|' ? '' : dt.order;
  return `'${order}${typestr(dt).slice(1)}'`;
}

function tupleRepr(shape: readonly number[]): string {
  return pyRepr(new PyTuple([...shape]));
}

/**
 * A field's format with its inner subarray levels wrapped around the base, NumPy's way:
 * ('a', ('<i4', (2,)), (3,)); `outer` is the outermost level's dims ([] for a scalar field).
 */
function nestedFormat<T>(f: Field, base: T, wrap: (inner: T, dims: readonly number[]) => T): { fmt: T; outer: readonly number[] } {
  const groups = f.groups ?? (f.shape.length ? [f.shape] : []);
  let fmt = base;
  for (let i = groups.length - 1; i >= 1; i--) fmt = wrap(fmt, groups[i]);
  return { fmt, outer: groups[0] ?? [] };
}

function structStr(dt: StructDType): string {
  if (!isPacked(dt)) return structDictStr(dt);
  const items = dt.fields.map(f => {
    const name = f.title === undefined ? strRepr(f.name) : `(${strRepr(f.title)}, ${strRepr(f.name)})`;
    const { fmt, outer } = nestedFormat(f, shortRepr(f.dtype), (inner, dims) => `(${inner}, ${tupleRepr(dims)})`);
    return outer.length ? `(${name}, ${fmt}, ${tupleRepr(outer)})` : `(${name}, ${fmt})`;
  });
  return '[' + items.join(', ') + ']';
}

function structDictStr(dt: StructDType): string {
  const fmt = (f: Field): string => {
    const n = nestedFormat(f, shortRepr(f.dtype), (inner, dims) => `(${inner}, ${tupleRepr(dims)})`);
    return n.outer.length ? `(${n.fmt}, ${tupleRepr(n.outer)})` : n.fmt;
  };
  let s = `{'names': [${dt.fields.map(f => strRepr(f.name)).join(', ')}]`;
  s += `, 'formats': [${dt.fields.map(fmt).join(', ')}]`;
  s += `, 'offsets': [${dt.fields.map(f => f.offset).join(', ')}]`;
  if (dt.fields.some(f => f.title !== undefined)) {
    s += `, 'titles': [${dt.fields.map(f => f.title === undefined ? 'None' : strRepr(f.title)).join(', ')}]`;
  }
  return s + `, 'itemsize': ${dt.itemsize}}`;
}

/** NumPy's str(dtype): 'float64', '>f8', '<U5', "[('a', '<i4'), ('b', 'S3')]", "{'names': ...}". */
export function dtypeStr(dt: DType): string {
  if (dt.kind === 'struct') return structStr(dt);
  if (dt.kind === 'S' || dt.kind === 'U' || dt.kind === 'V' || dt.order === '>') return typestr(dt);
  return dtypeName(dt);
}

/** NumPy's dtype.name: 'float64', 'bool', 'bytes40', 'str160', 'void96', 'datetime64[ns]'. */
export function dtypeName(dt: DType): string {
  const bits = dt.itemsize * 8;
  switch (dt.kind) {
    case 'b': return 'bool';
    case 'i': return `int${bits}`;
    case 'u': return `uint${bits}`;
    case 'f': return `float${bits}`;
    case 'c': return `complex${bits}`;
    case 'S': return bits ? `bytes${bits}` : 'bytes';
    case 'U': return bits ? `str${bits}` : 'str';
    case 'V': return bits ? `void${bits}` : 'void';
    case 'struct': return bits ? `void${bits}` : 'void';
    case 'O': return 'object';
    case 'M': return `datetime64${timeMeta(dt)}`;
    case 'm': return `timedelta64${timeMeta(dt)}`;
  }
}

const UNIT_WORDS: Record<string, string> = {
  Y: 'year', M: 'month', W: 'week', D: 'day', h: 'hour', m: 'minute', s: 'second', ms: 'millisecond',
  us: 'microsecond', ns: 'nanosecond', ps: 'picosecond', fs: 'femtosecond', as: 'attosecond',
};

/** Plain language, e.g. '64-bit float, little-endian'. */
export function describeDType(dt: DType): string {
  const bits = dt.itemsize * 8;
  const endian = dt.order === '<' ? ', little-endian' : dt.order === '>' ? ', big-endian' : '';
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  switch (dt.kind) {
    case 'b': return 'boolean';
    case 'i': return `${bits}-bit signed integer${endian}`;
    case 'u': return `${bits}-bit unsigned integer${endian}`;
    case 'f':
      if (dt.itemsize > 8) return `80-bit extended-precision float (long double, stored in ${bits} bits)${endian}`;
      return `${bits}-bit float${endian}`;
    case 'c':
      if (dt.itemsize > 16) return `complex of two 80-bit extended-precision floats (stored in ${bits} bits)${endian}`;
      return `${bits}-bit complex (two ${bits / 2}-bit floats)${endian}`;
    case 'S': return `byte string of up to ${plural(dt.itemsize, 'byte')}`;
    case 'U': return `Unicode string of up to ${plural(dt.itemsize / 4, 'character')} (UTF-32)${endian}`;
    case 'V': return `raw bytes (${plural(dt.itemsize, 'byte')} per element)`;
    case 'M':
    case 'm': {
      const what = dt.kind === 'M' ? 'date/time' : 'time interval';
      if (dt.unit === 'generic') return `${what} without a unit${endian}`;
      const unit = dt.step === 1 ? `${UNIT_WORDS[dt.unit]}s` : `units of ${plural(dt.step, UNIT_WORDS[dt.unit])}`;
      return dt.kind === 'M' ? `${what} in ${unit} since 1970-01-01${endian}` : `${what} in ${unit}${endian}`;
    }
    case 'struct': return `structured record of ${plural(dt.fields.length, 'field')}, ${plural(dt.itemsize, 'byte')} each`;
    case 'O': return 'Python object (pickled; read without running anything)';
  }
}

/** Leaf fields of a structured dtype, nested records flattened to 'b.c'; [] for other dtypes. */
export function flattenFields(dt: DType): FlatField[] {
  const out: FlatField[] = [];
  const walk = (d: StructDType, prefix: string, base: number) => {
    for (const f of d.fields) {
      if (f.dtype.kind === 'struct' && f.shape.length === 0) walk(f.dtype, prefix + f.name + '.', base + f.offset);
      else out.push({ name: prefix + f.name, offset: base + f.offset, dtype: f.dtype, shape: [...f.shape] });
    }
  };
  if (dt.kind === 'struct') walk(dt, '', 0);
  return out;
}
