/** `npyview info`: what a .npy (or every member of an .npz) holds, as text or JSON. */
import { describeDType, dtypeDescr, dtypeName, DType } from '../npy/format/dtype';
import { NpyHeader } from '../npy/format/header';
import { NpzFile, NpzMember } from '../npy/format/npz';
import { oneLine, printable } from './exit';
import { byteSize, shapeText } from '../shared/format';

/** The JSON description of one array header (shared by .npy and npz members). */
export interface ArrayInfo {
  version: string;
  dtype: string;
  dtype_name: string;
  shape: number[];
  fortran_order: boolean;
  order: 'C' | 'F';
}

export function arrayInfo(h: NpyHeader): ArrayInfo {
  return {
    version: h.version,
    dtype: dtypeDescr(h.dtype),
    dtype_name: dtypeName(h.dtype),
    shape: h.shape,
    fortran_order: h.fortranOrder,
    order: h.fortranOrder ? 'F' : 'C',
  };
}

export interface MemberInfo extends Partial<ArrayInfo> {
  name: string;
  zip_name: string;
  compressed: boolean;
  is_array: boolean;
  compressed_size: number;
  size: number;
  /** Why np.load fails on the member: a bad .npy header, an unreadable entry (the listing still succeeds). */
  error?: string;
}

/** The member's JSON description (as np.load sees it: NpzFile.describe), plus its header when it is a readable array. */
export async function memberInfo(npz: NpzFile, m: NpzMember): Promise<{ info: MemberInfo; header?: NpyHeader }> {
  const d = await npz.describe(m);
  const info: MemberInfo = {
    name: m.name, zip_name: m.zipName, compressed: m.compressed, is_array: d.isArray,
    compressed_size: m.compressedSize, size: m.uncompressedSize,
  };
  if (d.header) return { info: { ...info, ...arrayInfo(d.header) }, header: d.header };
  if (d.error !== undefined) info.error = d.error;
  return { info };
}

// ---------------------------------------------------------------- human-readable text

function elements(shape: readonly number[]): string {
  const n = shape.reduce((a, b) => a * b, 1);
  return `${n.toLocaleString('en-US')} element${n === 1 ? '' : 's'}`;
}

function dtypeLine(dt: DType): string {
  const descr = dtypeDescr(dt);
  // A wide structured dtype can be 100 KB of descr; the text view shows its start only.
  const shown = descr.length > 200 ? descr.slice(0, 200) + '…' : descr;
  return `${dtypeName(dt)}  ${shown}  (${describeDType(dt)})`;
}

export function arrayText(h: NpyHeader, indent = ''): string[] {
  const dataBytes = h.dtype.itemsize * h.shape.reduce((a, b) => a * b, 1);
  return [
    `${indent}version:  ${h.version}`,
    `${indent}dtype:    ${dtypeLine(h.dtype)}`,
    `${indent}shape:    ${shapeText(h.shape)}  ${h.shape.length}-D, ${elements(h.shape)}`,
    `${indent}order:    ${h.fortranOrder ? 'F (Fortran, column-major)' : 'C (row-major)'}`,
    h.dtype.kind === 'O' ? `${indent}data:     pickled Python objects (read without running anything)`
      : `${indent}data:     ${dataBytes.toLocaleString('en-US')} bytes${dataBytes >= 1024 ? ` (${byteSize(dataBytes)})` : ''} at offset ${h.dataOffset}`,
  ];
}

export function npyText(file: string, h: NpyHeader): string {
  return [`${printable(file)}: .npy array`, ...arrayText(h, '  ')].join('\n') + '\n';
}

export async function npzText(file: string, npz: NpzFile): Promise<string> {
  const lines = [`${printable(file)}: .npz archive, ${npz.members.length} member${npz.members.length === 1 ? '' : 's'}`];
  for (const m of npz.members) {
    const how = m.compressed ? `deflated, ${m.compressedSize.toLocaleString('en-US')} → ${m.uncompressedSize.toLocaleString('en-US')} bytes`
      : `stored, ${m.uncompressedSize.toLocaleString('en-US')} bytes`;
    lines.push(`  ${printable(JSON.stringify(m.name))}  (${printable(m.zipName)}, ${how})`);
    const { info, header } = await memberInfo(npz, m);
    if (header) lines.push(...arrayText(header, '    '));
    else if (info.error !== undefined) lines.push(`    unreadable: ${oneLine(info.error)}`);
    else lines.push('    not an array');
  }
  return lines.join('\n') + '\n';
}
