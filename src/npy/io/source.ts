/**
 * Random-access byte sources. An array is a header plus a ByteSource; everything above this
 * layer asks for byte ranges, never for "the whole file".
 */
export interface ByteSource {
  /** Total length in bytes (for an npz member: its uncompressed size). */
  readonly size: number;
  /** True when reads may overlap and several in flight hide latency (a file); otherwise one at a time. */
  readonly parallelReads?: boolean;
  /**
   * Reads exactly `length` bytes starting at `offset`. Rejects with an NpyError('format' or 'io')
   * when the range runs past the end. The returned array may be a view; callers must not keep it
   * across later reads if they mutate it.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: reads exactly `target.length` bytes starting at `offset` straight into `target`,
   * with the errors of `read`. Bulk passes use it to skip a copy and an allocation per read.
   */
  readInto?(offset: number, target: Uint8Array): Promise<void>;
  /**
   * Optional: a gather read, `length` bytes at each of `offsets` into `target` (run k at
   * k × length), with the errors of `read`: the many small far-apart runs of a strided view (a
   * column of a wide C-order array) in one call instead of one read each.
   */
  gather?(offsets: readonly number[], length: number, target: Uint8Array): Promise<void>;
  /**
   * Optional: checks that the bytes are still those that were opened (a file not rewritten,
   * truncated, grown, replaced or deleted since); rejects with NpyError('changed') if not. A
   * reader calls it after a read to know the bytes it got all come from the file it opened.
   */
  verify?(): Promise<void>;
  /**
   * Optional: the regular file these bytes are, byte for byte from offset 0, and what it was
   * when opened; null once closed. Threads that read it themselves (statsfile.ts) open it by
   * path and check it is still that file.
   */
  plainFile?(): PlainFile | null;
  /** Releases the underlying handle. Safe to call twice. */
  close(): Promise<void>;
}

/** A regular file as opened: its path, device and inode, size and modification time. */
export interface PlainFile { path: string; dev: number; ino: number; size: number; mtimeMs: number }
