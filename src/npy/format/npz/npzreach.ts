/**
 * How far np.load reads into an .npz member, and whether that read reaches the member's end.
 *
 * np.load(npz)[name] reads a member through Python's zipfile.ZipExtFile, which checks the CRC
 * (and notices a member longer or shorter than declared) only when a read reaches the member's
 * end. NumPy reads the array in exact pieces (the magic, the header, chunks of the data), but
 * ZipExtFile asks its file or decompressor for at least 4096 bytes at a time and keeps what it
 * did not hand out. So whether a member with a bad CRC loads depends on that arithmetic: a
 * small member is read whole by the first read, a big one whose array ends before the member
 * does (bytes after the array) may never be read to its end. This module replays those reads.
 */

/** ZipExtFile.MIN_READ_SIZE. */
const MIN_READ = 4096;
/** numpy.lib.format.BUFFER_SIZE: the data is read in chunks of at most this many bytes of items. */
const NUMPY_BUFFER = 1 << 18;
const MAGIC_LEN = 6;

export interface MemberLayout {
  /** 0 stored, 8 deflated. */
  method: number;
  /** The central directory's compressed size (a stored member: the raw bytes zipfile may read). */
  compressedSize: number;
  /** The declared uncompressed size: output is cut there. */
  uncompressedSize: number;
  /** Stored: the raw bytes the file holds there (less than compressedSize when it is cut short). */
  available?: number;
}

/** What np.load asks of the member after its magic: the reads of read_array. */
export interface NumpyReads {
  /** Bytes of the length field after the 8 bytes of magic and version: 2 (1.0) or 4. */
  lengthBytes: number;
  headerLength: number;
  /** Items of the array and their size (0 items or a 0-byte item: no data is read). */
  count: number;
  itemsize: number;
}

export interface Reach {
  /** Output bytes zipfile produces (asks its source or decompressor for) in all: its furthest position. */
  end: number;
  /** The reads reach the member's end: zipfile checks the CRC of everything up to there. */
  eof: boolean;
  /** A stored member's read found the file's end first (zipfile: EOFError). */
  short: boolean;
}

/**
 * Replays ZipExtFile.read for np.load's reads. `total` is the output the member really has
 * (a deflated member: its stream's length; Infinity when unknown, as on a first pass), the
 * stored raw bytes are limited by the compressed size and the declared size cuts the output.
 */
export function numpyReach(m: MemberLayout, reads: NumpyReads, total = Infinity): Reach {
  const stored = m.method === 0;
  // stored: raw bytes left to read; deflated: output left in the stream
  let sourceLeft = stored ? Math.min(m.compressedSize, total) : total;
  let fileLeft = stored ? m.available ?? Infinity : Infinity;
  let left = m.uncompressedSize;
  let eof = false;
  let short = false;
  let end = 0;
  let buffered = 0;
  let offset = 0;

  /** ZipExtFile._read1(n): one request to the file or decompressor (at least MIN_READ bytes). */
  const read1 = (n: number): number => {
    if (eof || n <= 0) return 0;
    const want = Math.max(n, MIN_READ);
    if (sourceLeft <= 0) { eof = true; return 0; }
    const got = Math.min(want, sourceLeft, fileLeft);
    if (got === 0) { short = true; eof = true; return 0; }
    fileLeft -= got;
    sourceLeft -= got;
    if (sourceLeft <= 0) eof = true;
    const out = Math.min(got, left);
    left -= out;
    if (left <= 0) eof = true;
    end += out;
    return out;
  };
  /** ZipExtFile.read(n). */
  const read = (n: number): number => {
    const want = n + offset;
    if (want < buffered) { offset = want; return n; }
    let got = buffered - offset;
    let need = want - buffered;
    buffered = 0;
    offset = 0;
    while (need > 0 && !eof) {
      const d = read1(need);
      if (need < d) { buffered = d; offset = need; got += need; break; }
      got += d;
      need -= d;
    }
    return got;
  };
  /** numpy's _read_bytes: read until it has `size` bytes or a read gives nothing. */
  const readBytes = (size: number): boolean => {
    let got = 0;
    while (got < size) {
      const r = read(size - got);
      if (r === 0) return false;
      got += r;
    }
    return true;
  };

  // NpzFile.__getitem__: the magic, then seek(0), which stays inside the buffer of the first read.
  read(MAGIC_LEN);
  offset = 0;
  const steps = [8, reads.lengthBytes, reads.headerLength];
  for (const s of steps) if (!readBytes(s)) return { end, eof, short };
  if (reads.itemsize > 0) {
    const perRead = Math.floor(NUMPY_BUFFER / Math.min(NUMPY_BUFFER, reads.itemsize));
    const chunk = perRead * reads.itemsize;
    for (let i = 0; i < reads.count;) {
      // Whole chunks from an empty buffer are one request each, of exactly their size: skip
      // over all but the last few of them at once (an array may have billions of items).
      const whole = Math.floor((reads.count - i) / perRead);
      if (buffered === 0 && chunk >= MIN_READ && whole > 2) {
        const k = Math.min(whole - 2, Math.floor(Math.min(sourceLeft, left, fileLeft) / chunk) - 1);
        if (k > 0) {
          sourceLeft -= k * chunk;
          fileLeft -= k * chunk;
          left -= k * chunk;
          end += k * chunk;
          i += k * perRead;
          continue;
        }
      }
      if (!readBytes(Math.min(perRead, reads.count - i) * reads.itemsize)) break;
      i += perRead;
    }
  }
  return { end, eof, short };
}
