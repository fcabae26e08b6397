/**
 * ByteSources over a file (opened once, positional reads) and over memory. Both count reads so
 * tests can prove that showing a window reads only that window.
 */
import { Stats, constants, readSync } from 'fs';
import * as fsa from './fsasync';
import { NpyError } from '../errors';
import type { ByteSource, PlainFile } from './source';

export interface ReadStats { reads: number; bytes: number }

function checkRange(offset: number, length: number, size: number, label: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new NpyError('io', `${label}: invalid read of ${length} bytes at ${offset}`);
  }
  if (offset + length > size) {
    throw new NpyError('format',
      `${label}: unexpected end of data (wanted ${length} bytes at offset ${offset}, size is ${size})`);
  }
}

function whyNot(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code === 'ENOENT' ? 'no such file'
    : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied'
    : err.code === 'EISDIR' ? 'is a directory'
    : err.code === 'ENOTDIR' ? 'a part of the path is not a directory'
    : err.code === 'ELOOP' ? 'too many levels of symbolic links' : err.message;
}

function notRegular(path: string, st: Stats): NpyError {
  const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket'
    : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';
  const hint = st.isDirectory() ? '' : '; npy-viewer reads .npy/.npz files by offset, so save the data to a regular file first';
  return new NpyError('io', `cannot open ${path}: it is ${kind}${hint}`);
}

/** What identifies the file a FileSource opened: the inode, and its size and mtime when opened. */
interface FileIdentity { dev: number; ino: number; size: number; mtimeMs: number }

function identityOf(st: Stats): FileIdentity {
  return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

/** The typed error of a file that is no longer the one opened (the viewer reloads on it). */
export function fileChanged(path: string, how: string): NpyError {
  return new NpyError('changed', `${path}: the file changed on disk since it was opened (${how})`);
}

export class FileSource implements ByteSource {
  /** Counters so tests can prove reads are bounded. */
  readonly stats: ReadStats = { reads: 0, bytes: 0 };
  readonly parallelReads = true;
  private fd: number | null;

  private constructor(fd: number, private readonly identity: FileIdentity, readonly path: string) {
    this.fd = fd;
    this.size = identity.size;
  }

  readonly size: number;

  /**
   * Opens a regular file. Anything else is refused with its kind named: a FIFO or a terminal
   * cannot be read at an offset, and opening a FIFO waits for a writer forever (so it is looked
   * at before it is opened, and opened non-blocking in case it was swapped in meanwhile).
   */
  static async open(path: string): Promise<FileSource> {
    let st: Stats;
    try {
      st = await fsa.stat(path);
    } catch (e) {
      throw new NpyError('io', `cannot open ${path}: ${whyNot(e)}`);
    }
    if (!st.isFile()) throw notRegular(path, st);
    let fd: number;
    try {
      fd = await fsa.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (e) {
      throw new NpyError('io', `cannot open ${path}: ${whyNot(e)}`);
    }
    try {
      const now = await fsa.fstat(fd);
      if (!now.isFile()) throw notRegular(path, now);
      return new FileSource(fd, identityOf(now), path);
    } catch (e) {
      await fsa.close(fd);
      throw e;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    await this.readInto(offset, buf);
    return buf;
  }

  async readInto(offset: number, target: Uint8Array): Promise<void> {
    const length = target.length;
    checkRange(offset, length, this.size, this.path);
    const fd = this.fd;
    if (fd === null) throw new NpyError('io', `${this.path}: read after close`);
    let done = 0;
    this.stats.reads++;
    // A positional read may return fewer bytes than asked; loop, and treat 0 as truncation
    // (the file shrank after it was opened).
    while (done < length) {
      let bytesRead: number;
      try {
        bytesRead = await fsa.read(fd, target, done, length - done, offset + done);
      } catch (e) {
        throw new NpyError('io', `${this.path}: read failed: ${(e as Error).message}`);
      }
      if (bytesRead === 0) {
        throw fileChanged(this.path, `it is shorter than the ${this.size} bytes it had`);
      }
      done += bytesRead;
    }
    this.stats.bytes += length;
  }

  /**
   * A gather read (ByteSource.gather), counted as one read: positional reads of the runs one
   * after another on this thread, after a turn of the event loop. Far-apart runs cost a system
   * call each either way, but an asynchronous read also costs a thread-pool round trip and its
   * promise, several times the call itself; callers keep batches small (GATHER_BATCH runs) so the
   * thread is held only briefly.
   */
  async gather(offsets: readonly number[], length: number, target: Uint8Array): Promise<void> {
    if (target.length < offsets.length * length) throw new NpyError('usage', `${this.path}: gather target too small`);
    for (const o of offsets) checkRange(o, length, this.size, this.path);
    await new Promise((resolve) => setImmediate(resolve));
    const fd = this.fd;
    if (fd === null) throw new NpyError('io', `${this.path}: read after close`);
    this.stats.reads++;
    for (let k = 0; k < offsets.length; k++) {
      for (let done = 0; done < length;) {
        let n: number;
        try {
          n = readSync(fd, target, k * length + done, length - done, offsets[k] + done);
        } catch (e) {
          throw new NpyError('io', `${this.path}: read failed: ${(e as Error).message}`);
        }
        if (n === 0) throw fileChanged(this.path, `it is shorter than the ${this.size} bytes it had`);
        done += n;
      }
    }
    this.stats.bytes += offsets.length * length;
  }

  /**
   * Checks that the open file is unchanged (same size and mtime through the descriptor) and that
   * its path still names it (same device and inode: not deleted, not replaced by a rename).
   * Rejects with NpyError('changed') naming what happened. Two stat calls, no reads.
   */
  async verify(): Promise<void> {
    const fd = this.fd;
    if (fd === null) throw new NpyError('io', `${this.path}: read after close`);
    const was = this.identity;
    // Both at once: one thread-pool round trip instead of two.
    const [byFd, byPath] = await Promise.allSettled([fsa.fstat(fd), fsa.stat(this.path)]);
    if (byFd.status === 'rejected') throw fileChanged(this.path, whyNot(byFd.reason));
    const open = byFd.value;
    if (open.size !== was.size) {
      throw fileChanged(this.path, `it ${open.size < was.size ? 'shrank' : 'grew'} from ${was.size} to ${open.size} bytes`);
    }
    if (open.mtimeMs !== was.mtimeMs) throw fileChanged(this.path, 'it was rewritten');
    if (byPath.status === 'rejected') {
      const code = (byPath.reason as NodeJS.ErrnoException).code;
      throw fileChanged(this.path, code === 'ENOENT' ? 'it was deleted' : whyNot(byPath.reason));
    }
    const onDisk = byPath.value;
    if (onDisk.ino !== was.ino || onDisk.dev !== was.dev) throw fileChanged(this.path, 'it was replaced by another file');
  }

  plainFile(): PlainFile | null {
    return this.fd === null ? null : { path: this.path, ...this.identity };
  }

  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) await fsa.close(fd);
  }
}

export class BufferSource implements ByteSource {
  readonly stats: ReadStats = { reads: 0, bytes: 0 };
  readonly size: number;

  constructor(private readonly buf: Uint8Array, readonly label = 'buffer') {
    this.size = buf.length;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length, this.size, this.label);
    this.stats.reads++;
    this.stats.bytes += length;
    return this.buf.subarray(offset, offset + length);
  }

  async close(): Promise<void> { /* nothing to release */ }
}
