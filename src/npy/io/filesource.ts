/**
 * ByteSources over a file (opened once, positional reads) and over memory. Both count reads so
 * tests can prove that showing a window reads only that window.
 */
import * as fsa from './fsasync';
import { NpyError } from '../errors';
import { ByteSource } from './source';

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

export class FileSource implements ByteSource {
  /** Counters so tests can prove reads are bounded. */
  readonly stats: ReadStats = { reads: 0, bytes: 0 };
  readonly parallelReads = true;
  private fd: number | null;

  private constructor(fd: number, readonly size: number, readonly path: string) {
    this.fd = fd;
  }

  static async open(path: string): Promise<FileSource> {
    let fd: number;
    try {
      fd = await fsa.open(path, 'r');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'no such file'
        : err.code === 'EACCES' ? 'permission denied'
        : err.code === 'EISDIR' ? 'is a directory' : err.message;
      throw new NpyError('io', `cannot open ${path}: ${why}`);
    }
    try {
      const st = await fsa.fstat(fd);
      if (!st.isFile()) throw new NpyError('io', `cannot open ${path}: not a regular file`);
      return new FileSource(fd, st.size, path);
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
        throw new NpyError('io', `${this.path}: file is shorter than expected (it may have changed on disk)`);
      }
      done += bytesRead;
    }
    this.stats.bytes += length;
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
