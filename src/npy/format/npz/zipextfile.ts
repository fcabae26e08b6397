/**
 * np.load's reads of a deflated .npz member replayed through zipfile's ZipExtFile, byte for byte
 * on the input side, for a member whose compressed size runs past the end of the file.
 *
 * ZipExtFile reads compressed input only when a read wants more output than the input it still
 * holds (the decompressor's unconsumed_tail): `_read1(n)` tops the tail up by max(n - tail,
 * 4096) bytes from the file (at most the compressed size left), then inflates with its output
 * capped at max(n, 4096). When the file ends before the compressed size, a top-up that finds
 * nothing raises EOFError, even if zlib could still have made the output from what it holds;
 * when the stream ends first (or the declared size is reached), no top-up happens and the member
 * loads. Which comes first depends on how much input zlib has consumed at each capped call, so
 * the replay drives real zlib with the same calls (SyncInflater: Node's zlib consumes input as
 * CPython's does) and the same read sizes (numpy's _read_bytes: magic, version, header length,
 * header, then the data in BUFFER_SIZE chunks). Nothing is kept but counts.
 */
import { NpyError } from '../../errors';
import { NativeInflater, SyncInflater, nativeInflateAvailable } from '../../io/inflate/nativeinflate';
import { ByteSource } from '../../io/source';
import type { NumpyReads } from './npzreach';

const MIN_READ = 4096;
const NUMPY_BUFFER = 1 << 18;
const MAGIC_LEN = 6;
const SCAN_CHUNK = 256 << 10;

export interface ReplayedMember {
  source: ByteSource;
  /** File offset of the compressed data. */
  offset: number;
  /** The central directory's compressed size. */
  compressedSize: number;
  /** Bytes the file holds from `offset` to its end. */
  fileBytes: number;
  /** The declared uncompressed size (zipfile cuts its output there). */
  uncompressedSize: number;
}

export type ReplayVerdict = { kind: 'ok' } | { kind: 'eof'; at: number } | { kind: 'zlib'; message: string; at: number };

/** Where the deflate stream ends, in output and input bytes (Infinity: not within the file, or corrupt). */
async function streamEnd(m: ReplayedMember): Promise<{ output: number; input: number }> {
  const z = new NativeInflater(() => undefined);
  try {
    let fed = 0;
    const limit = Math.min(m.compressedSize, m.fileBytes);
    while (fed < limit && !z.ended) {
      const k = Math.min(SCAN_CHUNK, limit - fed);
      const used = z.push(await m.source.read(m.offset + fed, k), false);
      fed += used;
      if (z.ended) return { output: z.produced, input: fed };
      if (used < k) break;
    }
  } catch {
    // corrupt: the replay meets zlib's error itself
  } finally {
    z.close();
  }
  return { output: Infinity, input: Infinity };
}

/** ZipExtFile over a deflated member: the state its reads depend on, without the bytes. */
class ZipExt {
  private z = new SyncInflater();
  private tail = new Uint8Array(0);
  /** File bytes read so far (all handed to zlib). */
  private fed = 0;
  private compressLeft: number;
  private left: number;
  private produced = 0;
  eof = false;
  buffered = 0;
  offset = 0;

  constructor(private readonly m: ReplayedMember, private readonly end: { output: number; input: number }) {
    this.compressLeft = m.compressedSize;
    this.left = m.uncompressedSize;
  }

  /** Output handed out so far (for messages). */
  get position(): number { return this.produced - this.buffered + this.offset; }

  reset(): void {
    this.z.close();
    this.z = new SyncInflater();
    this.tail = new Uint8Array(0);
    this.fed = 0;
    this.compressLeft = this.m.compressedSize;
    this.left = this.m.uncompressedSize;
    this.produced = 0;
    this.eof = false;
    this.buffered = 0;
    this.offset = 0;
  }

  close(): void { this.z.close(); }

  /** ZipExtFile._read2: throws 'eof' when the file has nothing left before the compressed size. */
  private async read2(n: number): Promise<Uint8Array> {
    if (this.compressLeft <= 0) return new Uint8Array(0);
    const want = Math.min(Math.max(n, MIN_READ), this.compressLeft);
    const got = Math.min(want, this.m.fileBytes - this.fed);
    if (got <= 0) throw new ReplayStop({ kind: 'eof', at: this.position });
    const data = await this.m.source.read(this.m.offset + this.fed, got);
    this.fed += got;
    this.compressLeft -= got;
    return data;
  }

  /** ZipExtFile._read1(n): output bytes made. */
  private async read1(n: number): Promise<number> {
    if (this.eof || n <= 0) return 0;
    let data = this.tail;
    if (n > data.length) {
      const more = await this.read2(n - data.length);
      const joined = new Uint8Array(data.length + more.length);
      joined.set(data);
      joined.set(more, data.length);
      data = joined;
    }
    let r: { produced: number; used: number };
    try {
      r = this.z.decompress(data, Math.max(n, MIN_READ));
    } catch (e) {
      throw new ReplayStop({ kind: 'zlib', message: (e as Error).message, at: this.position });
    }
    this.produced += r.produced;
    const ended = this.produced >= this.end.output && this.fed >= this.end.input;
    // after the stream's end the rest is unused_data, not unconsumed_tail
    this.tail = ended ? new Uint8Array(0) : data.subarray(r.used);
    this.eof = ended || (this.compressLeft <= 0 && this.tail.length === 0);
    const out = Math.min(r.produced, Math.max(0, this.left));
    this.left -= out;
    if (this.left <= 0) this.eof = true;
    return out;
  }

  /** ZipExtFile.read(n): bytes handed out. */
  async read(n: number): Promise<number> {
    const want = n + this.offset;
    if (want < this.buffered) { this.offset = want; return n; }
    let got = this.buffered - this.offset;
    let need = want - this.buffered;
    this.buffered = 0;
    this.offset = 0;
    while (need > 0 && !this.eof) {
      const d = await this.read1(need);
      if (need < d) { this.buffered = d; this.offset = need; got += need; break; }
      got += d;
      need -= d;
    }
    return got;
  }

  /** numpy's _read_bytes: false when the member ran out first (numpy's ValueError). */
  async readBytes(size: number): Promise<boolean> {
    let got = 0;
    while (got < size) {
      const r = await this.read(size - got);
      if (r === 0) return false;
      got += r;
    }
    return true;
  }
}

class ReplayStop extends Error {
  constructor(readonly verdict: ReplayVerdict) { super(verdict.kind); }
}

/**
 * Whether np.load(npz)[name] of this deflated array member stops with EOFError (or zlib's error)
 * before its reads are done. Without native zlib (no replay possible) the answer is 'ok'.
 */
export async function replayNumpyLoad(m: ReplayedMember, reads: NumpyReads, signal?: AbortSignal): Promise<ReplayVerdict> {
  if (!nativeInflateAvailable()) return { kind: 'ok' };
  const f = new ZipExt(m, await streamEnd(m));
  try {
    // NpzFile.__getitem__: the magic, then seek(0): inside the buffer, or a fresh start
    const g = await f.read(MAGIC_LEN);
    if (f.offset - g >= 0 && f.offset - g < f.buffered) f.offset -= g;
    else f.reset();
    for (const s of [8, reads.lengthBytes, reads.headerLength]) if (!(await f.readBytes(s))) return { kind: 'ok' };
    if (reads.itemsize > 0) {
      const perRead = Math.floor(NUMPY_BUFFER / Math.min(NUMPY_BUFFER, reads.itemsize));
      for (let i = 0; i < reads.count; i += perRead) {
        if (signal?.aborted) throw new NpyError('cancelled', 'cancelled');
        if (!(await f.readBytes(Math.min(perRead, reads.count - i) * reads.itemsize))) break;
      }
    }
    return { kind: 'ok' };
  } catch (e) {
    if (e instanceof ReplayStop) return e.verdict;
    throw e;
  } finally {
    f.close();
  }
}
