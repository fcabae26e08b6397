/**
 * Opens a file as .npy or .npz by its content (the magic), never by its extension: people rename
 * files, and an .npz saved without the suffix is still an .npz.
 */
import { NpyArray } from './array';
import { NpyError } from '../errors';
import { FileSource } from '../io/filesource';
import { NpzFile, describeBytes, hasNpyMagic } from './npz/npz';
import { ByteSource } from '../io/source';
import { openRaw, RawLayout } from './raw';
import { looksLikeSafetensors, SafetensorsFile } from './safetensors/safetensors';
import { fileShardOpener, looksLikeJsonObject, ShardedSafetensors, ShardOpener } from './safetensors/shards';

/** An open .npy or .npz. `close()` releases everything it holds (npz members opened from it too). */
export type OpenedFile =
  | { kind: 'npy'; array: NpyArray; source: ByteSource; close(): Promise<void> }
  | { kind: 'npz'; npz: NpzFile; source: ByteSource; close(): Promise<void> };

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
  if (hasNpyMagic(head)) {
    const array = await NpyArray.open(src, label);
    return { kind: 'npy', array, source: src, close: () => closeAll(array, src) };
  }
  if (isZip(head)) {
    const npz = await NpzFile.open(src, label);
    return { kind: 'npz', npz, source: src, close: () => closeAll(npz, src) };
  }
  throw new NpyError('format', `${label}: not a NumPy .npy or .npz file (starts with ${describeBytes(head)})`);
}

/** Closes what was opened over the source, then the source (closing a source twice is harmless). */
async function closeAll(opened: { close(): Promise<void> }, src: ByteSource): Promise<void> {
  try {
    await opened.close();
  } finally {
    await src.close();
  }
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

// ---------------------------------------------------------------- more array files

/** Containers of named tensors: a .safetensors file, or a sharded checkpoint's index. */
export type TensorContainer = SafetensorsFile | ShardedSafetensors;

/**
 * Everything the engine opens: .npy/.npz as openFile does, .safetensors files and sharded
 * checkpoint indexes (`*.safetensors.index.json`) as containers of named arrays like an .npz,
 * and any file as a raw array when a RawLayout is given. A raw file is a single array like a
 * .npy (kind 'npy', header version 'raw').
 */
export type OpenedAny = OpenedFile | { kind: 'safetensors'; container: TensorContainer; source: ByteSource; close(): Promise<void> };

export interface OpenAnyOptions {
  /** Read the file as raw binary with this layout (np.fromfile(...).reshape(...)). */
  raw?: RawLayout;
}

export async function openAnyFile(path: string, opts: OpenAnyOptions = {}, label: string = path): Promise<OpenedAny> {
  const src = await FileSource.open(path);
  try {
    return await openAnySource(src, label, { ...opts, shards: fileShardOpener(path) });
  } catch (e) {
    await src.close();
    throw e;
  }
}

/**
 * openAnyFile over a source that is already open (the editor reads files of other file systems
 * whole). `shards` opens the shards of a sharded index (without it an index cannot be read).
 * On failure the source stays open: it is the caller's to close.
 */
export async function openAnySource(src: ByteSource, label: string, opts: OpenAnyOptions & { shards?: ShardOpener } = {}): Promise<OpenedAny> {
  if (opts.raw) {
    const array = openRaw(src, opts.raw, label);
    return { kind: 'npy', array, source: src, close: () => closeAll(array, src) };
  }
  if (src.size === 0) {
    throw new NpyError('format', `${label}: the file is empty (0 bytes); to read it as raw binary give its dtype and shape`);
  }
  const head = await src.read(0, Math.min(src.size, 16));
  if (hasNpyMagic(head) || isZip(head)) return await openSource(src, label);
  let container: TensorContainer | undefined;
  if (looksLikeSafetensors(head)) container = await SafetensorsFile.open(src, label);
  else if (looksLikeJsonObject(head)) {
    const shards = opts.shards ?? (async (rel: string): Promise<ByteSource> => {
      throw new NpyError('io', `${label}: shard ${JSON.stringify(rel)} cannot be opened from here`);
    });
    container = await ShardedSafetensors.open(src, label, shards);
  }
  if (container) {
    const c = container;
    return { kind: 'safetensors', container: c, source: src, close: () => closeAll(c, src) };
  }
  throw new NpyError('format', `${label}: not a .npy, .npz or .safetensors file (starts with ${describeBytes(head.subarray(0, 8))}); ` +
    'to read raw binary, give its dtype and shape');
}
