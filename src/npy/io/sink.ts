/**
 * Byte sinks: where exports (.npy, .txt) are written. Writers stream chunks into a sink so that
 * exporting a huge view needs no more memory than one chunk. Files are written through
 * outputfile.ts (the rules for replacing what the user named live there).
 */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
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
