/**
 * `npyview info`: what a .npy (or every member of an .npz) holds, as text or JSON. The
 * descriptions are the viewer's (src/viewer/describe.ts); this file only spells them for the
 * terminal and turns them into JSON (snake_case keys, NumPy's names).
 */
import type { ArrayInfo, MemberInfo } from '../shared/protocol';
import { describeArray, describeMember } from '../viewer/describe';
import { NpyHeader } from '../npy/format/header';
import { NpzFile } from '../npy/format/npz/npz';
import { oneLine, printable } from './exit';
import { byteSize, shapeText } from '../shared/format';

/** The JSON description of one array header (shared by .npy and npz members). */
export interface ArrayJson {
  version: string;
  dtype: string;
  dtype_name: string;
  /** bigints only for dimensions past 2**53 (an empty array): json() writes them as numbers. */
  shape: (number | bigint)[];
  fortran_order: boolean;
  order: 'C' | 'F';
}

export function arrayJson(a: ArrayInfo): ArrayJson {
  return {
    version: a.version,
    dtype: a.dtype,
    dtype_name: a.dtypeName,
    shape: a.exactShape ? a.exactShape.map(BigInt) : a.shape,
    fortran_order: a.fortranOrder,
    order: a.fortranOrder ? 'F' : 'C',
  };
}

export interface MemberJson extends Partial<ArrayJson> {
  name: string;
  zip_name: string;
  compressed: boolean;
  is_array: boolean;
  compressed_size: number;
  size: number;
  /** Why np.load fails on the member: a bad .npy header, an unreadable entry (the listing still succeeds). */
  error?: string;
}

/** A member description (as np.load sees it) as JSON. */
export function memberJson(m: MemberInfo): MemberJson {
  const out: MemberJson = {
    name: m.name, zip_name: m.zipName, compressed: m.compressed, is_array: m.isArray,
    compressed_size: m.compressedSize, size: m.uncompressedSize,
  };
  if (m.info) return { ...out, ...arrayJson(m.info) };
  if (m.error !== undefined) out.error = m.error;
  return out;
}

// ---------------------------------------------------------------- human-readable text

function elements(shape: readonly number[]): string {
  const n = shape.reduce((a, b) => a * b, 1);
  return `${n.toLocaleString('en-US')} element${n === 1 ? '' : 's'}`;
}

function dtypeLine(a: ArrayInfo): string {
  // A wide structured dtype can be 100 KB of descr; the text view shows its start only.
  const shown = a.dtype.length > 200 ? a.dtype.slice(0, 200) + '…' : a.dtype;
  return `${a.dtypeName}  ${shown}  (${a.dtypeDescription})`;
}

export function arrayText(a: ArrayInfo, indent = ''): string[] {
  const n = a.dataBytes;
  return [
    `${indent}version:  ${a.version}`,
    `${indent}dtype:    ${dtypeLine(a)}`,
    `${indent}shape:    ${shapeText(a.exactShape ?? a.shape)}  ${a.shape.length}-D, ${elements(a.shape)}`,
    `${indent}order:    ${a.fortranOrder ? 'F (Fortran, column-major)' : 'C (row-major)'}`,
    a.dtype === '|O' ? `${indent}data:     pickled Python objects (read without running anything)`
      : `${indent}data:     ${n.toLocaleString('en-US')} bytes${n >= 1024 ? ` (${byteSize(n)})` : ''} at offset ${a.dataOffset}`,
  ];
}

export function npyText(file: string, h: NpyHeader): string {
  return arrayBlock(file, describeArray(h));
}

/** A title line naming the file (or member) and the array's description below it. */
export function arrayBlock(title: string, a: ArrayInfo): string {
  return [`${printable(title)}: .npy array`, ...arrayText(a, '  ')].join('\n') + '\n';
}

export async function npzText(file: string, npz: NpzFile): Promise<string> {
  const lines = [`${printable(file)}: .npz archive, ${npz.members.length} member${npz.members.length === 1 ? '' : 's'}`];
  for (const m of npz.members) {
    const how = m.compressed ? `deflated, ${m.compressedSize.toLocaleString('en-US')} → ${m.uncompressedSize.toLocaleString('en-US')} bytes`
      : `stored, ${m.uncompressedSize.toLocaleString('en-US')} bytes`;
    lines.push(`  ${printable(JSON.stringify(m.name))}  (${printable(m.zipName)}, ${how})`);
    const d = await describeMember(npz, m);
    if (d.info) lines.push(...arrayText(d.info, '    '));
    else if (d.error !== undefined) lines.push(`    unreadable: ${oneLine(d.error)}`);
    else lines.push('    not an array');
  }
  return lines.join('\n') + '\n';
}
