/**
 * A file that holds named arrays: an .npz archive (NpzFile), a .safetensors file, a sharded
 * checkpoint's index. The sidebar, the viewer and `npyview info` list members and open them
 * through this surface only, so every container is shown the same way; what is particular to a
 * format (a zip entry's exact bytes, a tensor's offsets) stays on its own class.
 */
import type { NpyArray } from './array';
import type { NpyHeader } from './header';

export interface ContainerMember {
  /** The name users see and pass to member()/openArray(). */
  readonly name: string;
  /** Whether the member is (expected to be) an array; describe() gives the verdict. */
  isArray: boolean;
}

/** A member as its container reads it: an array with its header, something else, or an error. */
export type Described<M extends ContainerMember> = M & {
  isArray: boolean;
  /** The array's header (dtype, shape, order) when it is a readable array. */
  header?: NpyHeader;
  /** Why the member cannot be read (the rest of the container can). */
  error?: string;
};

export interface ArrayContainer<M extends ContainerMember = ContainerMember> {
  /** Names the file in messages. */
  readonly label: string;
  readonly members: readonly M[];
  /** The member by name; an NpyError('usage') listing the names when there is none. */
  member(name: string): M;
  /** Header only, never the data; an unreadable member is described with its error, not thrown. */
  describe(m: M): Promise<Described<M>>;
  /** The member as an array (data read by range as views ask). */
  /** `verify`: also make the checks the format's reader makes past the array's bytes (an .npz member's CRC). */
  openArray(name: string, opts?: { onProgress?(done: number, total: number): void; verify?: boolean }): Promise<NpyArray>;
  close(): Promise<void>;
}

/** Up to this many member names in a "no member" message. */
const LISTED = 20;

/** The "no member 'x' in FILE (members: …)" message every container gives. */
export function noMemberMessage(label: string, name: string, names: readonly string[], kind = 'member'): string {
  const more = names.length > LISTED ? `, … ${names.length - LISTED} more` : '';
  const list = names.length ? `${kind}s: ${names.slice(0, LISTED).join(', ')}${more}` : 'the file holds none';
  return `no ${kind} '${name}' in ${label} (${list})`;
}
