/** `npyview info` for .safetensors files, sharded checkpoint indexes and raw binary: text and JSON. */
import { dtypeDescr, dtypeName } from '../npy/format/dtype';
import { NpyArray } from '../npy/format/array';
import { describeSafetensorsDType, SafetensorsFile, TensorEntry } from '../npy/format/safetensors/safetensors';
import { ShardedMember, ShardedSafetensors } from '../npy/format/safetensors/shards';
import type { TensorContainer } from '../npy/format/open';
import { arrayText } from './info';
import { describeArray } from '../viewer/describe';
import { shapeText } from '../shared/format';
import { oneLine, printable } from './exit';

/** One tensor in `info --json`. */
export interface TensorInfo {
  name: string;
  /** The safetensors dtype as written ('BF16'). */
  dtype: string;
  /** What NumPy holds it as: '<f4' for BF16/F8, else its own ('<i8', '|b1'). */
  numpy_dtype?: string;
  dtype_name?: string;
  shape?: number[];
  /** Elements. */
  size?: number;
  /** Bytes in the file. */
  nbytes?: number;
  /** [begin, end) relative to the data buffer, as the header says. */
  data_offsets?: [number, number];
  /** Absolute file offset of the first byte. */
  offset?: number;
  /** Sharded checkpoints: the shard file. */
  shard?: string;
  is_array: boolean;
  error?: string;
}

function entryInfo(t: TensorEntry, file: SafetensorsFile | undefined, header: NpyArray['header'] | undefined): TensorInfo {
  const info: TensorInfo = { name: t.name, dtype: t.dtype, is_array: header !== undefined };
  if (header) {
    info.numpy_dtype = dtypeDescr(header.dtype);
    info.dtype_name = dtypeName(header.dtype);
  }
  if (t.shape) {
    info.shape = t.shape;
    info.size = t.shape.reduce((a, b) => a * b, 1);
  }
  if (t.offsets) {
    info.nbytes = t.offsets[1] - t.offsets[0];
    info.data_offsets = t.offsets;
    if (file) info.offset = file.dataStart + t.offsets[0];
  }
  if (t.error !== undefined) info.error = t.error;
  return info;
}

/** Every tensor described (a sharded index reads each shard's header once). */
export async function tensorInfos(c: TensorContainer): Promise<TensorInfo[]> {
  const out: TensorInfo[] = [];
  for (const m of c.members) out.push(await tensorInfo(c, m));
  return out;
}

export async function tensorInfo(c: TensorContainer, m: TensorEntry | ShardedMember): Promise<TensorInfo> {
  if (c instanceof SafetensorsFile) return entryInfo(m, c, c.header(m));
  const d = await c.describe(m as ShardedMember);
  let file: SafetensorsFile | undefined;
  let entry: TensorEntry = d;
  if (d.error === undefined) {
    file = await c.shard(d.shard);
    entry = file.member(d.name);
  }
  return { ...entryInfo(entry, file, d.header), ...(d.error !== undefined ? { error: d.error, is_array: false } : {}), shard: d.shard };
}

/** The JSON document of `info --json` for a container. */
export async function containerJson(c: TensorContainer): Promise<object> {
  const metadata = c.metadata === null ? null : Object.fromEntries(c.metadata);
  if (c instanceof SafetensorsFile) {
    return {
      format: 'safetensors', header_bytes: c.headerLength, data_bytes: c.source.size - c.dataStart,
      metadata, warnings: c.warnings, tensors: await tensorInfos(c),
    };
  }
  return { format: 'safetensors-index', metadata, shards: c.shardNames, tensors: await tensorInfos(c) };
}

function tensorLines(t: TensorInfo): string[] {
  const name = printable(JSON.stringify(t.name));
  if (t.error !== undefined) return [`  ${name}  ${printable(t.dtype || '?')}  unreadable: ${oneLine(t.error)}`];
  const held = t.dtype_name === 'float32' && describeSafetensorsDType(t.dtype)?.includes('shown as') ? '  (as float32, exactly)' : '';
  const where = t.shard !== undefined ? `  in ${printable(t.shard)}` : '';
  return [
    `  ${name}  ${t.dtype}  ${shapeText(t.shape!)}  ${t.size!.toLocaleString('en-US')} elements${held}${where}`,
    `      ${t.nbytes!.toLocaleString('en-US')} bytes, data_offsets [${t.data_offsets![0]}, ${t.data_offsets![1]}]` +
      (t.offset !== undefined ? ` (file offset ${t.offset})` : '') + `  → NumPy ${t.dtype_name} ${t.numpy_dtype}`,
  ];
}

export async function containerText(file: string, c: TensorContainer): Promise<string> {
  const n = c.members.length;
  const what = c instanceof ShardedSafetensors
    ? `sharded checkpoint index, ${n} tensor${n === 1 ? '' : 's'} in ${c.shardNames.length} shard${c.shardNames.length === 1 ? '' : 's'}`
    : `.safetensors file, ${n} tensor${n === 1 ? '' : 's'}, header ${c.headerLength.toLocaleString('en-US')} bytes`;
  const lines = [`${printable(file)}: ${what}`];
  if (c.metadata && c.metadata.length) {
    lines.push('  metadata:');
    for (const [k, v] of c.metadata) lines.push(`    ${printable(k)}: ${oneLine(v.length > 200 ? v.slice(0, 200) + '…' : v)}`);
  }
  for (const t of await tensorInfos(c)) lines.push(...tensorLines(t));
  if (c instanceof SafetensorsFile) for (const w of c.warnings) lines.push(`  warning: ${oneLine(w)}`);
  return lines.join('\n') + '\n';
}

export async function tensorText(file: string, c: TensorContainer, m: TensorEntry): Promise<string> {
  return [`${printable(file)}: tensor`, ...tensorLines(await tensorInfo(c, m))].join('\n') + '\n';
}

// ---------------------------------------------------------------- raw binary

export function rawJson(a: NpyArray, fileSize: number): object {
  const h = a.header;
  return {
    format: 'raw', dtype: dtypeDescr(h.dtype), dtype_name: dtypeName(h.dtype), shape: h.shape,
    fortran_order: h.fortranOrder, order: h.fortranOrder ? 'F' : 'C', offset: h.dataOffset,
    data_bytes: a.dataBytes, file_size: fileSize, unused_bytes: fileSize - h.dataOffset - a.dataBytes,
  };
}

export function rawText(file: string, a: NpyArray, fileSize: number): string {
  const unused = fileSize - a.header.dataOffset - a.dataBytes;
  const lines = [`${printable(file)}: raw binary read as an array`, ...arrayText(describeArray(a.header), '  ').filter((l) => !l.includes('version:'))];
  if (unused > 0) lines.push(`  unused:   ${unused} byte${unused === 1 ? '' : 's'} at the end (less than one element; np.fromfile ignores them)`);
  return lines.join('\n') + '\n';
}
