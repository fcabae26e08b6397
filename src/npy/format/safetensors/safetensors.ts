/**
 * .safetensors files (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
 *   {"NAME": {"dtype": "F32", "shape": [2, 3], "data_offsets": [BEGIN, END]}, ...,
 *    "__metadata__": {"key": "value", ...}}
 * and the data buffer, where each tensor's bytes are [BEGIN, END) of the buffer, C order,
 * little-endian. Only the header is read on open; a tensor is an ordinary NpyArray over a window
 * of the file (BF16 and 8-bit floats through a WidenSource, as the float32 holding the value).
 * Format reference: the safetensors crate's reader (read, not copied); its header limit is kept.
 *
 * A header that lies is caught before anything is allocated from it. What breaks the file as a
 * whole (the length word, the JSON, `__metadata__`) makes open() fail; what is wrong with one
 * entry (its dtype, shape, offsets, size, a duplicated name, an overlap with another tensor)
 * makes only that tensor unreadable: it is listed with its error and the others open. Bytes of
 * the buffer that no tensor covers, which the reference reader refuses, are reported as
 * warnings: every tensor's bytes are still well defined.
 */
import { NpyArray } from '../array';
import { ArrayContainer, ContainerMember, Described, noMemberMessage } from '../container';
import { DType } from '../dtype';
import { NpyError } from '../../errors';
import { NpyHeader, layoutHeader } from '../header';
import { Json, JsonNumber, JsonObject, jsonText, parseJson } from './json';
import { ByteSource } from '../../io/source';
import { NarrowFloat, NARROW_BYTES, WidenSource } from './widen';
import { WindowSource } from '../../io/zip';

/** The reference reader's limit on the JSON header (bytes). */
export const MAX_HEADER_SIZE = 100_000_000;
const MAX_DIMS = 64; // NumPy's NPY_MAXDIMS
const METADATA = '__metadata__';

interface Held { bytes: number; dtype: DType; narrow?: NarrowFloat; what: string }

const le = (kind: 'b' | 'i' | 'u' | 'f' | 'c', itemsize: number): DType =>
  ({ kind, itemsize, order: itemsize === 1 ? '|' : '<' }) as DType;
const F4 = le('f', 4);
const narrow = (n: NarrowFloat, what: string): Held => ({ bytes: NARROW_BYTES[n], dtype: F4, narrow: n, what });

/** Each safetensors dtype and the NumPy array that holds its values. */
const DTYPES: Record<string, Held> = {
  BOOL: { bytes: 1, dtype: le('b', 1), what: 'bool' },
  U8: { bytes: 1, dtype: le('u', 1), what: 'uint8' },
  I8: { bytes: 1, dtype: le('i', 1), what: 'int8' },
  U16: { bytes: 2, dtype: le('u', 2), what: 'uint16' },
  I16: { bytes: 2, dtype: le('i', 2), what: 'int16' },
  U32: { bytes: 4, dtype: le('u', 4), what: 'uint32' },
  I32: { bytes: 4, dtype: le('i', 4), what: 'int32' },
  U64: { bytes: 8, dtype: le('u', 8), what: 'uint64' },
  I64: { bytes: 8, dtype: le('i', 8), what: 'int64' },
  F16: { bytes: 2, dtype: le('f', 2), what: 'float16' },
  F32: { bytes: 4, dtype: F4, what: 'float32' },
  F64: { bytes: 8, dtype: le('f', 8), what: 'float64' },
  C64: { bytes: 8, dtype: le('c', 8), what: 'complex64' },
  BF16: narrow('bf16', 'bfloat16, shown as float32'),
  F8_E4M3: narrow('f8_e4m3fn', 'float8 e4m3fn, shown as float32'),
  F8_E5M2: narrow('f8_e5m2', 'float8 e5m2, shown as float32'),
  F8_E8M0: narrow('f8_e8m0fnu', 'float8 e8m0fnu (scales), shown as float32'),
  F8_E4M3FNUZ: narrow('f8_e4m3fnuz', 'float8 e4m3fnuz, shown as float32'),
  F8_E5M2FNUZ: narrow('f8_e5m2fnuz', 'float8 e5m2fnuz, shown as float32'),
};
/** Known to the format, not readable here (elements smaller than a byte). */
const SUB_BYTE = new Set(['F4', 'F6_E2M3', 'F6_E3M2']);

/** One tensor entry as the header gives it. */
export interface TensorEntry extends ContainerMember {
  /** The entry's dtype as written ('BF16'), or '' when it has none that is a string. */
  dtype: string;
  shape?: number[];
  /** [begin, end) in the data buffer (relative to the byte after the header). */
  offsets?: [number, number];
  /** Why this tensor cannot be read (isArray is then false). */
  error?: string;
}

/** Plain words for a safetensors dtype: 'bfloat16, shown as float32'. */
export function describeSafetensorsDType(name: string): string | undefined {
  return DTYPES[name]?.what;
}

/** First bytes that look like a .safetensors file: a length word with its high bytes clear, then '{'. */
export function looksLikeSafetensors(head: Uint8Array): boolean {
  return head.length >= 9 && head[8] === 0x7b && head[5] === 0 && head[6] === 0 && head[7] === 0;
}

export class SafetensorsFile implements ArrayContainer<TensorEntry> {
  private closed = false;

  private constructor(
    readonly source: ByteSource,
    readonly label: string,
    readonly members: TensorEntry[],
    /** `__metadata__` entries in file order, or null when the header has none. */
    readonly metadata: [string, string][] | null,
    /** Bytes of the data buffer no tensor covers, and similar oddities that leave every tensor readable. */
    readonly warnings: string[],
    /** Length of the JSON header; the data buffer starts at 8 + headerLength. */
    readonly headerLength: number,
  ) {}

  get dataStart(): number { return 8 + this.headerLength; }

  /** Reads and checks the header (only the header). Closing the source stays the caller's job on failure. */
  static async open(src: ByteSource, label = 'file.safetensors'): Promise<SafetensorsFile> {
    const fail = (why: string): never => { throw new NpyError('format', `${label}: ${why}`); };
    if (src.size < 8) fail(`only ${src.size} bytes: a .safetensors file starts with an 8-byte header length`);
    const word = await src.read(0, 8);
    const n = new DataView(word.buffer, word.byteOffset, 8).getBigUint64(0, true);
    if (n > BigInt(MAX_HEADER_SIZE)) {
      fail(`the header claims to be ${n} bytes long, more than the limit of ${MAX_HEADER_SIZE} bytes (not a .safetensors file, or a corrupt one)`);
    }
    const hlen = Number(n);
    if (8 + hlen > src.size) {
      fail(`the header length (${hlen} bytes) runs past the end of the file (${src.size} bytes): the file is truncated or not a .safetensors file`);
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await src.read(8, hlen));
    } catch (e) {
      if (e instanceof NpyError) throw e;
      fail('the header is not valid UTF-8 text');
    }
    let root: Json;
    try {
      root = parseJson(text!, 'the header');
    } catch (e) {
      throw new NpyError('format', `${label}: ${(e as Error).message}`);
    }
    if (!(root instanceof JsonObject)) return fail(`the header is not a JSON object: ${jsonText(root)}`);
    const metadata = readMetadata(root, fail);
    const dataLength = src.size - 8 - hlen;
    const members = readEntries(root, dataLength);
    markOverlaps(members);
    const warnings = coverage(members, dataLength);
    return new SafetensorsFile(src, label, members, metadata, warnings, hlen);
  }

  member(name: string): TensorEntry {
    const m = this.members.find((t) => t.name === name);
    if (!m) throw new NpyError('usage', noMemberMessage(this.label, name, this.members.map((t) => t.name), 'tensor'));
    return m;
  }

  /** The header of a sound entry: the array NumPy would hold (BF16/F8 as '<f4'). */
  header(m: TensorEntry): NpyHeader | undefined {
    if (m.error !== undefined || !m.offsets || !m.shape) return undefined;
    const held = DTYPES[m.dtype];
    return layoutHeader('safetensors', held.dtype, m.shape, false, held.narrow ? 0 : this.dataStart + m.offsets[0]);
  }

  async describe(m: TensorEntry): Promise<Described<TensorEntry>> {
    const header = this.header(m);
    return header ? { ...m, isArray: true, header } : { ...m, isArray: false };
  }

  async openArray(name: string): Promise<NpyArray> {
    if (this.closed) throw new NpyError('io', `${this.label}: file is closed`);
    const m = this.member(name);
    const where = `${this.label}: tensor '${m.name}'`;
    const header = this.header(m);
    if (!header) throw new NpyError('format', `${where}: ${m.error}`);
    const held = DTYPES[m.dtype];
    const [begin, end] = m.offsets!;
    const at = this.dataStart + begin;
    const src: ByteSource = held.narrow
      ? new WidenSource(this.source, at, (end - begin) / held.bytes, held.narrow, where)
      : new WindowSource(this.source, at, end - begin, where);
    return NpyArray.over(src, { ...header, dataOffset: 0 }, where);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.source.close();
  }
}

function readMetadata(root: JsonObject, fail: (why: string) => never): [string, string][] | null {
  const all = root.entries.filter(([k]) => k === METADATA);
  if (all.length > 1) fail(`the header has ${METADATA} ${all.length} times`);
  if (all.length === 0) return null;
  const md = all[0][1];
  if (md === null) return null; // what serde reads as "no metadata"
  if (!(md instanceof JsonObject)) return fail(`${METADATA} is not an object of strings: ${jsonText(md)}`);
  const dup = md.duplicateKeys();
  if (dup.length) fail(`${METADATA} has the key ${JSON.stringify(dup[0])} more than once`);
  for (const [k, v] of md.entries) {
    if (typeof v !== 'string') fail(`${METADATA} value of ${JSON.stringify(k)} is not a string: ${jsonText(v)}`);
  }
  return md.entries as [string, string][];
}

/** One member per distinct name, in header order, each checked on its own. */
function readEntries(root: JsonObject, dataLength: number): TensorEntry[] {
  const count = new Map<string, number>();
  for (const [k] of root.entries) count.set(k, (count.get(k) ?? 0) + 1);
  const out: TensorEntry[] = [];
  const seen = new Set<string>();
  for (const [name, v] of root.entries) {
    if (name === METADATA || seen.has(name)) continue;
    seen.add(name);
    const t: TensorEntry = { name, isArray: false, dtype: '' };
    try {
      if (count.get(name)! > 1) throw new Error(`the header lists it ${count.get(name)} times`);
      readEntry(t, v, dataLength);
      t.isArray = true;
    } catch (e) {
      t.error = (e as Error).message;
    }
    out.push(t);
  }
  return out;
}

function readEntry(t: TensorEntry, v: Json, dataLength: number): void {
  if (!(v instanceof JsonObject)) throw new Error(`its entry is not an object: ${jsonText(v)}`);
  const dup = v.duplicateKeys();
  if (dup.length) throw new Error(`its entry has ${JSON.stringify(dup[0])} more than once`);
  const dtype = v.get('dtype');
  if (typeof dtype !== 'string') throw new Error(dtype === undefined ? "its entry has no 'dtype'" : `its dtype is not a string: ${jsonText(dtype)}`);
  t.dtype = dtype;
  const held = DTYPES[dtype];
  if (!held) {
    if (SUB_BYTE.has(dtype)) throw new Error(`dtype ${dtype} (elements smaller than a byte) is not supported`);
    throw new Error(`unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPES).join(', ')})`);
  }
  const shapeJ = v.get('shape');
  if (!Array.isArray(shapeJ)) throw new Error(shapeJ === undefined ? "its entry has no 'shape'" : `its shape is not a list: ${jsonText(shapeJ)}`);
  if (shapeJ.length > MAX_DIMS) throw new Error(`its shape has ${shapeJ.length} dimensions; NumPy allows at most ${MAX_DIMS}`);
  const shape = shapeJ.map((d) => (d instanceof JsonNumber ? d.safeIndex() : undefined));
  if (shape.some((d) => d === undefined)) throw new Error(`its shape is not a list of non-negative integers: ${jsonText(shapeJ)}`);
  t.shape = shape as number[];
  const offJ = v.get('data_offsets');
  if (!Array.isArray(offJ) || offJ.length !== 2) {
    throw new Error(offJ === undefined ? "its entry has no 'data_offsets'" : `its data_offsets are not [begin, end]: ${jsonText(offJ)}`);
  }
  const [begin, end] = offJ.map((d) => (d instanceof JsonNumber ? d.safeIndex() : undefined));
  if (begin === undefined || end === undefined) throw new Error(`its data_offsets are not two non-negative integers below 2**53: ${jsonText(offJ)}`);
  if (end < begin) throw new Error(`its data_offsets [${begin}, ${end}] end before they begin`);
  const needed = t.shape.reduce((a, d) => a * BigInt(d), 1n) * BigInt(held.bytes);
  if (needed !== BigInt(end - begin)) {
    throw new Error(`shape ${jsonText(shapeJ)} of ${dtype} needs ${needed} bytes, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  if (end > dataLength) {
    throw new Error(`its data_offsets [${begin}, ${end}] run past the end of the file (the data holds ${dataLength} bytes)`);
  }
  t.offsets = [begin, end];
}

/** Sound tensors whose bytes overlap become unreadable, each naming the other. */
function markOverlaps(members: TensorEntry[]): void {
  const sound = members.filter((t) => t.offsets && t.offsets[1] > t.offsets[0]).sort((a, b) => a.offsets![0] - b.offsets![0]);
  const bad = new Map<TensorEntry, string>();
  let reach: TensorEntry | undefined; // the tensor reaching furthest so far
  for (const t of sound) {
    if (reach && t.offsets![0] < reach.offsets![1]) {
      if (!bad.has(t)) bad.set(t, reach.name);
      if (!bad.has(reach)) bad.set(reach, t.name);
    }
    if (!reach || t.offsets![1] > reach.offsets![1]) reach = t;
  }
  for (const [t, other] of bad) {
    t.error = `its data_offsets [${t.offsets![0]}, ${t.offsets![1]}] overlap those of tensor '${other}'`;
    t.isArray = false;
  }
}

/** Warnings for bytes of the buffer outside every listed tensor (the reference reader refuses such files). */
function coverage(members: TensorEntry[], dataLength: number): string[] {
  const spans = members.filter((t) => t.offsets).map((t) => t.offsets!).sort((a, b) => a[0] - b[0]);
  const gaps: [number, number][] = [];
  let at = 0;
  for (const [b, e] of spans) {
    if (b > at) gaps.push([at, b]);
    at = Math.max(at, e);
  }
  if (dataLength > at) gaps.push([at, dataLength]);
  if (gaps.length === 0) return [];
  const total = gaps.reduce((s, [b, e]) => s + e - b, 0);
  const shown = gaps.slice(0, 3).map(([b, e]) => `[${b}, ${e})`).join(', ');
  return [`${total} bytes of the data buffer belong to no tensor: ${shown}${gaps.length > 3 ? `, … (${gaps.length} ranges)` : ''}`];
}
