/**
 * Opens a file as .npy or .npz by its content (the magic), never by its extension: people rename
 * files, and an .npz saved without the suffix is still an .npz.
 */
import { NpyArray } from './array';
import { NpyError } from '../errors';
import { FileSource } from '../io/filesource';
import { NpzFile, describeBytes, hasNpyMagic } from './npz';
import { ByteSource } from '../io/source';

export type OpenedFile =
  | { kind: 'npy'; array: NpyArray; source: ByteSource }
  | { kind: 'npz'; npz: NpzFile; source: ByteSource };

/** 'PK\x03\x04' starts a zip with members, 'PK\x05\x06' an empty one (np.savez with no arrays). */
function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b &&
    ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
}

export async function openSource(src: ByteSource, label: string): Promise<OpenedFile> {
  if (src.size === 0) {
    throw new NpyError('format', `${label}: the file is empty (0 bytes); a .npy or .npz file cannot be empty`);
  }
  const head = await src.read(0, Math.min(src.size, 8));
  if (hasNpyMagic(head)) return { kind: 'npy', array: await NpyArray.open(src, label), source: src };
  if (isZip(head)) return { kind: 'npz', npz: await NpzFile.open(src, label), source: src };
  throw new NpyError('format', `${label}: not a NumPy .npy or .npz file (starts with ${describeBytes(head)})`);
}

/**
 * Opens a path; the source is closed again if the file turns out not to be readable. Messages
 * name the file by `label` (default: the path).
 */
export async function openFile(path: string, label: string = path): Promise<OpenedFile> {
  const src = await FileSource.open(path);
  try {
    return await openSource(src, label);
  } catch (e) {
    await src.close();
    throw e;
  }
}
