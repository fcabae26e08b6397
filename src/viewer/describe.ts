/**
 * The one description of an array and of a member of a file of named arrays (ArrayInfo,
 * MemberInfo of src/shared/protocol.ts): what the webview's info bar and member table, the
 * sidebar and `npyview info` (which turns it into JSON at its edge, src/cli/info.ts) all show.
 * Members are npz members or safetensors tensors (of one file or of a sharded checkpoint).
 */
import { errorText } from '../shared/errors';
import type { ArrayInfo, FileInfo, MemberInfo } from '../shared/protocol';
import { describeDType, dtypeDescr, dtypeName, dtypeStr, flattenFields } from '../npy/format/dtype';
import type { NpyHeader } from '../npy/format/header';
import { NpzFile, type NpzMember } from '../npy/format/npz/npz';
import type { OpenedAny, TensorContainer } from '../npy/format/open';
import { describeSafetensorsDType, type TensorEntry } from '../npy/format/safetensors/safetensors';
import { ShardedSafetensors, type ShardedMember } from '../npy/format/safetensors/shards';

export function describeArray(header: NpyHeader): ArrayInfo {
  const dt = header.dtype;
  return {
    dtype: dtypeDescr(dt),
    dtypeStr: dtypeStr(dt),
    dtypeName: dtypeName(dt),
    dtypeDescription: describeDType(dt),
    shape: [...header.shape],
    ...(header.bigShape ? { exactShape: header.bigShape.map(String) } : {}),
    fortranOrder: header.fortranOrder,
    version: header.version,
    dataOffset: header.dataOffset,
    dataBytes: header.shape.reduce((a, b) => a * b, 1) * dt.itemsize,
    fields: flattenFields(dt).map((f) => f.name),
  };
}

/** A file of named arrays: an .npz archive, a .safetensors file or a sharded checkpoint's index. */
export type MemberContainer = NpzFile | TensorContainer;
export type AnyMember = NpzMember | TensorEntry | ShardedMember;

/** The named arrays of an opened file, or undefined for a single array (.npy, raw binary). */
export function containerOf(o: OpenedAny): MemberContainer | undefined {
  return o.kind === 'npz' ? o.npz : o.kind === 'safetensors' ? o.container : undefined;
}

/** What the viewer tells the webview about the file itself (no members, no array yet). */
export function fileKind(o: OpenedAny): Pick<FileInfo, 'format' | 'kind' | 'metadata'> {
  if (o.kind === 'npy') return o.array.header.version === 'raw' ? { format: 'npy', kind: 'raw' } : { format: 'npy' };
  if (o.kind === 'npz') return { format: 'npz' };
  const c = o.container;
  const kind = c instanceof ShardedSafetensors ? 'safetensors-index' : 'safetensors';
  return c.metadata && c.metadata.length ? { format: 'npz', kind, metadata: c.metadata.map(([k, v]) => [k, v]) } : { format: 'npz', kind };
}

/** The key a member is cached under: its zip name in an npz (names may repeat there), else its name. */
export function memberKey(m: AnyMember): string {
  return 'zipName' in m ? m.zipName : m.name;
}

/** A member as its container lists it, before its header is read (an npz member's isArray is a guess from its name). */
export function listedMember(m: AnyMember): MemberInfo {
  if ('zipName' in m) {
    return {
      name: m.name, zipName: m.zipName, compressed: m.compressed, compressedSize: m.compressedSize,
      uncompressedSize: m.uncompressedSize, isArray: m.isArray,
    };
  }
  const bytes = m.offsets ? m.offsets[1] - m.offsets[0] : 0;
  const mi: MemberInfo = {
    name: m.name, zipName: m.name, compressed: false, compressedSize: bytes, uncompressedSize: bytes, isArray: m.isArray,
  };
  if (m.dtype) mi.storedDtype = m.dtype;
  if ('shard' in m) mi.shard = m.shard;
  if (m.error !== undefined) mi.error = m.error;
  return mi;
}

/**
 * One member as np.load(npz)[name] (or the tensor as NumPy would hold it) sees it: its first
 * bytes and header, never its data: an array with its header described, the member's bytes
 * (isArray false), or the error np.load would raise. Never throws for a bad member.
 */
export async function describeMember(c: MemberContainer, m: AnyMember): Promise<MemberInfo> {
  const mi = listedMember(m);
  try {
    const d = c instanceof NpzFile ? await c.describe(m as NpzMember) : await c.describe(m as ShardedMember);
    // A shard's entry brings what the index does not say: the dtype, shape and offsets.
    if (!(c instanceof NpzFile)) Object.assign(mi, listedMember(d as TensorEntry));
    mi.isArray = d.isArray;
    if (d.header) mi.info = describeArray(d.header);
    if (mi.info && mi.storedDtype) {
      const what = describeSafetensorsDType(mi.storedDtype);
      mi.info.dtypeDescription = `safetensors ${mi.storedDtype}${what ? `: ${what}` : ''}`;
    }
    if (d.error !== undefined) mi.error = d.error;
  } catch (e) {
    mi.error = errorText(e);
  }
  return mi;
}

/** Member descriptions, listed at once from the container's directory; headers fill in as `done` progresses. */
export interface MemberListing {
  /** One entry per member, filled in place as its header is read (the sidebar's items keep these objects). */
  list: MemberInfo[];
  /** Resolves when every header was read (or failed). */
  done: Promise<void>;
}

/**
 * Lists the members at once (pending, from the zip directory or the header) and describes every
 * member in the background, a few at a time: compressed members must be inflated from their
 * start, an archive may hold thousands of members, and a sharded index reads each shard's header.
 */
export function listMembers(c: MemberContainer): MemberListing {
  const members: readonly AnyMember[] = c.members;
  const list: MemberInfo[] = members.map((m) => ({ ...listedMember(m), pending: true }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      const d = await describeMember(c, members[i]);
      delete list[i].pending;
      Object.assign(list[i], d);
    }
  };
  return { list, done: Promise.all(Array.from({ length: 8 }, worker)).then(() => undefined) };
}
