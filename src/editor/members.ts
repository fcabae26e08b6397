import { describeDType, dtypeStr } from '../npy/format/dtype';
import { NpzFile, NpzMember } from '../npy/format/npz';

/** What the sidebar shows for one npz member (header read only, never the data). */
export interface MemberSummary extends NpzMember {
  shape?: number[];
  /** str() of the NumPy dtype, e.g. 'float64', '<U4'. */
  dtype?: string;
  dtypeDescription?: string;
  fortranOrder?: boolean;
  /** Why the member's header could not be read. */
  error?: string;
  /** The member's first bytes (and header) have not been read yet: isArray is the name's guess. */
  pending?: boolean;
}

/** Member summaries, listed at once from the zip directory; shapes and dtypes fill in as `done` progresses. */
export interface MemberListing {
  /** Filled in place as headers are read. */
  list: MemberSummary[];
  /** Resolves when every header was read (or failed). */
  done: Promise<void>;
}

/**
 * Lists the members at once (the zip directory is already in memory) and describes every member
 * in the background (NpzFile.describe: its first bytes and header, as np.load sees them), a few
 * at a time: compressed members must be inflated from their start, and an archive may hold
 * thousands of members.
 */
export function summarizeMembers(npz: NpzFile): MemberListing {
  const list: MemberSummary[] = npz.members.map((m) => ({ ...m, pending: true }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      const s = list[i];
      try {
        const d = await npz.describe(npz.members[i]);
        s.isArray = d.isArray;
        const h = d.header;
        if (h) {
          s.shape = h.shape;
          s.dtype = dtypeStr(h.dtype);
          s.dtypeDescription = describeDType(h.dtype);
          s.fortranOrder = h.fortranOrder;
        }
        if (d.error !== undefined) s.error = d.error;
      } catch (e) {
        s.error = e instanceof Error ? e.message : String(e);
      }
      s.pending = false;
    }
  };
  return { list, done: Promise.all(Array.from({ length: 8 }, worker)).then(() => undefined) };
}
