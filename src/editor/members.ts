import { describeDType, dtypeStr } from '../npy/dtype';
import { NpzFile, NpzMember } from '../npy/npz';
import { errorText } from './uriSource';

/** What the sidebar shows for one npz member (header read only, never the data). */
export interface MemberSummary extends NpzMember {
  shape?: number[];
  /** str() of the NumPy dtype, e.g. 'float64', '<U4'. */
  dtype?: string;
  dtypeDescription?: string;
  fortranOrder?: boolean;
  /** Why the member's header could not be read. */
  error?: string;
  /** The header has not been read yet. */
  pending?: boolean;
}

/** NumPy's spelling of a shape: (), (3,), (3, 4). */
export function shapeText(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Member summaries, listed at once from the zip directory; shapes and dtypes fill in as `done` progresses. */
export interface MemberListing {
  /** Filled in place as headers are read. */
  list: MemberSummary[];
  /** Resolves when every header was read (or failed). */
  done: Promise<void>;
}

/**
 * Lists the members at once (the zip directory is already in memory) and reads every array
 * member's header in the background, a few at a time: compressed members must be inflated from
 * their start, and an archive may hold thousands of members.
 */
export function summarizeMembers(npz: NpzFile): MemberListing {
  const list: MemberSummary[] = npz.members.map((m) => ({ ...m, pending: m.isArray }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const s = list[next++];
      if (!s.isArray) continue;
      try {
        const h = await npz.readHeader(s.zipName);
        s.shape = h.shape;
        s.dtype = dtypeStr(h.dtype);
        s.dtypeDescription = describeDType(h.dtype);
        s.fortranOrder = h.fortranOrder;
      } catch (e) {
        s.error = errorText(e);
      }
      s.pending = false;
    }
  };
  return { list, done: Promise.all(Array.from({ length: 8 }, worker)).then(() => undefined) };
}
