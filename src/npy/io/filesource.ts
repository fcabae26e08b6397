/**
 * ByteSources over a file (opened once, positional reads) and over memory. Both count reads so
 * tests can prove that showing a window reads only that window.
 */
import { promises as fsp } from 'fs';
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
  private fh: fsp.FileHandle | null;

  private constructor(fh: fsp.FileHandle, readonly size: number, readonly path: string) {
    this.fh = fh;
  }

  static async open(path: string): Promise<FileSource> {
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(path, 'r');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'no such file'
        : err.code === 'EACCES' ? 'permission denied'
        : err.code === 'EISDIR' ? 'is a directory' : err.message;
      throw new NpyError('io', `cannot open ${path}: ${why}`);
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new NpyError('io', `cannot open ${path}: not a regular file`);
      return new FileSource(fh, st.size, path);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length, this.size, this.path);
    if (!this.fh) throw new NpyError('io', `${this.path}: read after close`);
    const buf = new Uint8Array(length);
    let done = 0;
    this.stats.reads++;
    // A positional read may return fewer bytes than asked; loop, and treat 0 as truncation
    // (the file shrank after it was opened).
    while (done < length) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.fh.read(buf, done, length - done, offset + done));
      } catch (e) {
        throw new NpyError('io', `${this.path}: read failed: ${(e as Error).message}`);
      }
      if (bytesRead === 0) {
        throw new NpyError('io', `${this.path}: file is shorter than expected (it may have changed on disk)`);
      }
      done += bytesRead;
    }
    this.stats.bytes += length;
    return buf;
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close();
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
