/**
 * Text on its way to a ByteSink: UTF-8 bytes collected in a reusable buffer and written in
 * large chunks, so a savetxt of millions of rows makes few sink writes and little garbage.
 */
import { ByteSink } from '../io/sink';

/** Bytes of formatted text collected before each sink write. */
export const FLUSH_BYTES = 1 << 20;

const encoder = new TextEncoder();

export class TextOut {
  buf = new Uint8Array(FLUSH_BYTES + 4096);
  pos = 0;
  constructor(private readonly sink: ByteSink) {}

  /** Makes sure `n` more bytes fit. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  text(s: string): void {
    this.room(s.length * 3);
    const r = encoder.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += r.written;
  }

  async maybeFlush(): Promise<void> { if (this.pos >= FLUSH_BYTES) await this.flush(); }

  /** Writes ready-made bytes after what is buffered. */
  async bytes(chunk: Uint8Array): Promise<void> {
    if (this.pos + chunk.length <= FLUSH_BYTES) { this.buf.set(chunk, this.pos); this.pos += chunk.length; return; }
    await this.flush();
    await this.sink.write(chunk);
  }

  async flush(): Promise<void> {
    if (this.pos === 0) return;
    await this.sink.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
    // A huge row may have grown the buffer: give the memory back.
    if (this.buf.length > 4 * FLUSH_BYTES) this.buf = new Uint8Array(FLUSH_BYTES + 4096);
  }
}

export function utf8(s: string): Uint8Array { return encoder.encode(s); }
