import * as vscode from 'vscode';
import { BufferSource } from '../npy/io/filesource';
import { OpenedAny, openAnyFile, openAnySource } from '../npy/format/open';
import type { RawLayout } from '../npy/format/raw';
import { shardPathProblem } from '../npy/format/safetensors/shards';
import { NpyError } from '../npy/errors';

/** The file name shown in messages (the last path segment of the URI). */
export function fileNameOf(uri: vscode.Uri): string {
  const parts = uri.path.split('/');
  return parts[parts.length - 1] || uri.toString();
}

/**
 * Opens a .npy/.npz/.safetensors (or a sharded index, or with `raw` any file as raw binary) for
 * random access. Local files (the normal case, also in remote setups since the extension runs
 * next to the data) are read by byte range; other schemes have no ranged read in the
 * vscode.workspace.fs API, so only they fall back to reading the whole file (shards too).
 */
export async function openUri(uri: vscode.Uri, raw?: RawLayout): Promise<OpenedAny> {
  if (uri.scheme === 'file') return openAnyFile(uri.fsPath, { raw });
  const name = fileNameOf(uri);
  const src = new BufferSource(await readWhole(uri), name);
  return openAnySource(src, name, {
    raw,
    shards: async (rel) => {
      const problem = shardPathProblem(rel);
      if (problem) throw new NpyError('format', `shard ${JSON.stringify(rel)} is refused: ${problem}`);
      const shard = vscode.Uri.joinPath(uri, '..', ...rel.split(/[\\/]/));
      return new BufferSource(await readWhole(shard), rel);
    },
  });
}

/** A file of another file system, read whole into the extension host's memory: only files of a sensible size. */
async function readWhole(uri: vscode.Uri): Promise<Uint8Array> {
  const size = (await vscode.workspace.fs.stat(uri)).size;
  if (size > MAX_WHOLE_FILE_BYTES) {
    throw new Error(vscode.l10n.t(
      'it is {0} MiB, and files on a "{1}:" file system are read whole (VS Code offers no reads by byte range there); the limit is {2} MiB. Open a local copy instead.',
      Math.ceil(size / MIB), uri.scheme, MAX_WHOLE_FILE_BYTES / MIB));
  }
  return vscode.workspace.fs.readFile(uri);
}

const MIB = 2 ** 20;
/** The largest file read whole from a file system other than the disk. */
const MAX_WHOLE_FILE_BYTES = 512 * MIB;

/** Size of the file in bytes (for the header bar) and when it was last changed; 0s if it cannot be determined. */
export async function statOnDisk(uri: vscode.Uri): Promise<{ size: number; mtime: number }> {
  try {
    const st = await vscode.workspace.fs.stat(uri);
    return { size: st.size, mtime: st.mtime };
  } catch {
    return { size: 0, mtime: 0 };
  }
}
