/**
 * The one description of an array and of an npz member (ArrayInfo, MemberInfo of
 * src/shared/protocol.ts): what the webview's info bar and member table, the sidebar and
 * `npyview info` (which turns it into JSON at its edge, src/cli/info.ts) all show.
 */
import { errorText } from '../shared/errors';
import type { ArrayInfo, MemberInfo } from '../shared/protocol';
import { describeDType, dtypeDescr, dtypeName, dtypeStr, flattenFields } from '../npy/format/dtype';
import type { NpyHeader } from '../npy/format/header';
import type { NpzFile, NpzMember } from '../npy/format/npz';

export function describeArray(header: NpyHeader): ArrayInfo {
  const dt = header.dtype;
  return {
    dtype: dtypeDescr(dt),
    dtypeStr: dtypeStr(dt),
    dtypeName: dtypeName(dt),
    dtypeDescription: describeDType(dt),
    shape: [...header.shape],
    fortranOrder: header.fortranOrder,
    version: header.version,
    dataOffset: header.dataOffset,
    dataBytes: header.shape.reduce((a, b) => a * b, 1) * dt.itemsize,
    fields: flattenFields(dt).map((f) => f.name),
  };
}

/** A member as listed in the zip directory alone: whether it is an array is a guess from its name. */
export function listedMember(m: NpzMember): MemberInfo {
  return {
    name: m.name, zipName: m.zipName, compressed: m.compressed, compressedSize: m.compressedSize,
    uncompressedSize: m.uncompressedSize, isArray: m.isArray,
  };
}

/**
 * One npz member as np.load(npz)[name] sees it (NpzFile.describe: its first bytes and header,
 * never its data): an array with its header described, the member's bytes (isArray false), or
 * the error np.load would raise. Never throws for a bad member.
 */
export async function describeMember(npz: NpzFile, m: NpzMember): Promise<MemberInfo> {
  const mi = listedMember(m);
  try {
    const d = await npz.describe(m);
    mi.isArray = d.isArray;
    if (d.header) mi.info = describeArray(d.header);
    if (d.error !== undefined) mi.error = d.error;
  } catch (e) {
    mi.error = errorText(e);
  }
  return mi;
}

/** Member descriptions, listed at once from the zip directory; headers fill in as `done` progresses. */
export interface MemberListing {
  /** One entry per member, filled in place as its header is read (the sidebar's items keep these objects). */
  list: MemberInfo[];
  /** Resolves when every header was read (or failed). */
  done: Promise<void>;
}

/**
 * Lists the members at once (pending, from the zip directory) and describes every member in the
 * background, a few at a time: compressed members must be inflated from their start, and an
 * archive may hold thousands of members.
 */
export function listMembers(npz: NpzFile): MemberListing {
  const list: MemberInfo[] = npz.members.map((m) => ({ ...listedMember(m), pending: true }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      const d = await describeMember(npz, npz.members[i]);
      delete list[i].pending;
      Object.assign(list[i], d);
    }
  };
  return { list, done: Promise.all(Array.from({ length: 8 }, worker)).then(() => undefined) };
}
