/**
 * Byte sinks: where exports (.npy, .txt) are written. Writers stream chunks into a sink so that
 * exporting a huge view needs no more memory than one chunk.
 */
import * as fsa from './fsasync';
import { NpyError } from '../errors';

export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
}

/** Writes to a file opened once; the chunk is written fully before write() resolves. */
export class FileSink implements ByteSink {
  private closed = false;
  private constructor(private readonly fd: number, readonly path: string) {}

  static async open(path: string): Promise<FileSink> {
    try {
      return new FileSink(await fsa.open(path, 'w'), path);
    } catch (e) {
      throw new NpyError('io', `cannot write ${path}: ${(e as Error).message}`);
    }
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new NpyError('io', `write to closed file ${this.path}`);
    let done = 0;
    // fs write may be partial; loop until the whole chunk is on disk.
    while (done < chunk.length) {
      done += await fsa.write(this.fd, chunk, done, chunk.length - done);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await fsa.close(this.fd);
  }
}

/** Collects chunks in memory (tests, small exports, clipboard). */
export class MemorySink implements ByteSink {
  readonly chunks: Uint8Array[] = [];

  async write(chunk: Uint8Array): Promise<void> {
    // Copy: writers may reuse their buffers after write() resolves.
    this.chunks.push(chunk.slice());
  }

  toBuffer(): Uint8Array {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    const out = new Uint8Array(n);
    let pos = 0;
    for (const c of this.chunks) { out.set(c, pos); pos += c.length; }
    return out;
  }
}
