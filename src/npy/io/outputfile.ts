/**
 * The one place that writes a file the user named (npyview -o, the extension's Save As and
 * Export): the file only ever appears complete, and nothing but that file changes.
 *
 *  - A regular file (or a new name) is written to a temporary file beside it and renamed over it
 *    when complete, so a failure or Ctrl+C leaves the old file (or none). The new file keeps the
 *    old one's mode, and its owner and group where the system lets us set them.
 *  - A symbolic link is followed: the file it points to is replaced (beside itself), the link
 *    stays a link.
 *  - Anything else (a device like /dev/null, a FIFO, a terminal) is written directly: replacing
 *    it would swap the device node for a regular file.
 *  - The input file itself (the same device and inode, whatever the path) is refused before
 *    anything is opened for writing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NpyError } from '../errors';
import * as fsa from './fsasync';
import { ByteSink } from './sink';

/** What identifies a file whatever its path (hard links, symlinks, '..'). */
export interface FileIdentity { dev: number; ino: number }

export interface OutputOptions {
  /** Files that must not be written (the input): refused when the target is one of them. */
  protect?: readonly (FileIdentity | null)[];
  /** Words for the error messages: the file the user named. Default: the path as given. */
  label?: string;
}

export interface OutputFile extends ByteSink {
  /** The file that is written in the end (a symlink's target, resolved). */
  readonly path: string;
  /** True when the target is written in place (a device, FIFO...): commit() just closes it. */
  readonly direct: boolean;
  /** Makes the output appear, complete. */
  commit(): Promise<void>;
  /** Drops what was written; the target is left as it was (a direct target keeps what it got). */
  discard(): Promise<void>;
}

const MAX_LINKS = 40;

/** Temporary files not yet renamed into place; removed by removePendingSync (exit, signals). */
const pending = new Set<string>();

/** Removes temporary files of writes still in progress (call it when the process is ending). */
export function removePendingSync(): void {
  for (const p of pending) {
    try { fs.unlinkSync(p); } catch { /* already gone */ }
  }
  pending.clear();
}

/** The identity of a file, or null when it does not exist (or cannot be looked at). */
export async function identityOf(file: string): Promise<FileIdentity | null> {
  try {
    const st = await fsa.stat(file);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

function sameFile(a: FileIdentity, b: FileIdentity | null): boolean {
  return b !== null && a.dev === b.dev && a.ino === b.ino;
}

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'ENXIO': return 'no reader on the other end (a socket or a FIFO nobody reads)';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return err.message ?? String(e);
  }
}

/** Follows symbolic links of the last component: the path that is really written, and its stats. */
async function resolveLinks(target: string, label: string): Promise<{ file: string; st: fs.Stats | null }> {
  let file = path.resolve(target);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let st: fs.Stats;
    try {
      st = await fsa.lstat(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new NpyError('io', `cannot write ${label}: ${why(e)}`);
      if (hops > 0) {
        // A link into /proc (/dev/stdout → /proc/self/fd/1 → 'pipe:[…]') names no path, but
        // opening the link itself reaches the file: use it as it is.
        const reached = await fsa.stat(target).catch(() => null);
        if (reached) return { file: path.resolve(target), st: reached };
      }
      return { file, st: null };
    }
    if (!st.isSymbolicLink()) return { file, st };
    file = path.resolve(path.dirname(file), await fsa.readlink(file));
  }
  throw new NpyError('io', `cannot write ${label}: too many levels of symbolic links`);
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * What openOutputFile refuses, checked without opening anything: the input, a directory, a file
 * we may not write, a folder that does not exist. Callers run it before long work (npyview -o),
 * so a bad target fails at once instead of after the work. Returns the path really written
 * (a symlink resolved) and its stats (null: a new file).
 */
export async function checkOutputFile(target: string, opts: OutputOptions = {}): Promise<{ file: string; st: fs.Stats | null }> {
  const label = opts.label ?? target;
  const { file, st } = await resolveLinks(target, label);
  if (!st) {
    const dir = path.dirname(file);
    const dirSt = await fsa.stat(dir).catch(() => null);
    if (!dirSt?.isDirectory()) throw new NpyError('io', `cannot write ${label}: ${await whyNotWritable(dir, null)}`);
  } else {
    const id = { dev: st.dev, ino: st.ino };
    if ((opts.protect ?? []).some((p) => sameFile(id, p))) {
      throw new NpyError('usage', `${label} is the input file; write the output to another file`);
    }
    if (st.isDirectory()) throw new NpyError('io', `cannot write ${label}: it is a directory`);
    if (st.isFile()) {
      // Replacing a file we could not write would clobber what its permissions protect.
      try {
        await fsa.access(file, fs.constants.W_OK);
      } catch (e) {
        throw new NpyError('io', `cannot write ${label}: ${why(e)}`);
      }
    }
  }
  return { file, st };
}

/** Opens the target for writing by the rules above. */
export async function openOutputFile(target: string, opts: OutputOptions = {}): Promise<OutputFile> {
  const { file, st } = await checkOutputFile(target, opts);
  const label = opts.label ?? target;
  if (st && !st.isFile()) return DirectFile.open(file, label, kindOf(st));
  return ReplacingFile.open(file, label, st);
}

/** Writes the whole chunk (fs writes may be partial). */
async function writeAll(fd: number, chunk: Uint8Array): Promise<void> {
  let done = 0;
  while (done < chunk.length) done += await fsa.write(fd, chunk, done, chunk.length - done);
}

/** A temporary file beside the target, renamed over it by commit(). */
class ReplacingFile implements OutputFile {
  readonly direct = false;
  private closed = false;

  private constructor(private readonly fd: number, private readonly tmp: string, readonly path: string,
    private readonly label: string) {}

  static async open(file: string, label: string, old: fs.Stats | null): Promise<ReplacingFile> {
    const dir = path.dirname(file);
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`);
    let fd: number;
    try {
      fd = await fsa.open(tmp, 'wx', old ? old.mode & 0o7777 : 0o666);
    } catch (e) {
      // Name the file the user named, not our temporary one.
      throw new NpyError('io', `cannot write ${label}: ${await whyNotWritable(dir, e)}`);
    }
    pending.add(tmp);
    try {
      if (old) {
        // open() applied the umask: give the replacement exactly the old mode, then its owner.
        await fsa.fchmod(fd, old.mode & 0o7777);
        if (typeof process.getuid === 'function' && (old.uid !== process.getuid() || old.gid !== process.getgid?.())) {
          await fsa.fchown(fd, old.uid, old.gid).catch(() => undefined); // not permitted: keep ours
        }
      }
    } catch (e) {
      await fsa.close(fd).catch(() => undefined);
      await fsa.unlink(tmp).catch(() => undefined);
      pending.delete(tmp);
      throw new NpyError('io', `cannot write ${label}: ${why(e)}`);
    }
    return new ReplacingFile(fd, tmp, file, label);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new NpyError('io', `write to ${this.label} after it was closed`);
    try {
      await writeAll(this.fd, chunk);
    } catch (e) {
      throw new NpyError('io', `cannot write ${this.label}: ${why(e)}`);
    }
  }

  async commit(): Promise<void> {
    this.closed = true;
    try {
      await fsa.close(this.fd);
      await fsa.rename(this.tmp, this.path);
    } catch (e) {
      await this.discard();
      throw new NpyError('io', `cannot write ${this.label}: ${why(e)}`);
    }
    pending.delete(this.tmp);
  }

  async discard(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await fsa.close(this.fd).catch(() => undefined);
    }
    await fsa.unlink(this.tmp).catch(() => undefined);
    pending.delete(this.tmp);
  }
}

/** Why a file cannot be created in `dir` (not naming dir: the message names the file in it). */
async function whyNotWritable(dir: string, e: unknown): Promise<string> {
  try {
    const st = await fsa.stat(dir);
    return st.isDirectory() ? why(e) : 'a part of its path is a file, not a directory';
  } catch {
    return 'no such directory';
  }
}

/** A device, FIFO or terminal: written in place (opening a FIFO waits for its reader, like `>`). */
class DirectFile implements OutputFile {
  readonly direct = true;
  private closed = false;

  private constructor(private readonly fd: number, readonly path: string, private readonly label: string) {}

  static async open(file: string, label: string, kind: string): Promise<DirectFile> {
    try {
      // No O_CREAT: if the node vanished meanwhile, fail rather than create a regular file.
      return new DirectFile(await fsa.open(file, fs.constants.O_WRONLY | fs.constants.O_TRUNC), file, label);
    } catch (e) {
      throw new NpyError('io', `cannot write ${label} (${kind}): ${why(e)}`);
    }
  }

  async write(chunk: Uint8Array): Promise<void> {
    try {
      await writeAll(this.fd, chunk);
    } catch (e) {
      throw new NpyError('io', `cannot write ${this.label}: ${why(e)}`);
    }
  }

  async commit(): Promise<void> { await this.close(); }
  async discard(): Promise<void> { await this.close(); }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await fsa.close(this.fd).catch(() => undefined);
  }
}
