/**
 * A small zip reader over random-access reads (a ByteSource) that reads every archive the way
 * Python's zipfile (CPython 3.11, which NumPy's np.load uses) does, because an .npz must look
 * the same in npy-viewer as in Python. Listing follows zipfile's _EndRecData/_RealGetContents:
 * the end record is the last signature in the final 64 KiB (its comment length is not checked),
 * a zip64 end record is looked for right before its locator (the locator's offset is not used),
 * the central directory is read by its size (the entry count and disk numbers are ignored), and
 * an archive with data in front ("concatenated") has its offsets shifted. What zipfile refuses
 * while listing (a corrupt extra field, a non-UTF-8 name flagged UTF-8, a version past 6.3)
 * refuses the whole archive; everything about one member (its local header, name, sizes,
 * method) is checked only when that member is opened, so one bad member leaves the rest
 * readable. Nothing the archive says is trusted: offsets and sizes are checked before use and
 * allocations are bounded.
 */
import { NpyError } from '../errors';
import { ByteSource } from './source';

export interface ZipEntry {
  /** Position in the central directory (archive order). */
  index: number;
  /** The name as zipfile gives it (UTF-8 when flagged, else cp437; cut at a NUL). */
  name: string;
  /** The name before the cut at a NUL (zipfile's orig_filename: what the local header must repeat). */
  origName: string;
  /** 0 = stored, 8 = deflated; anything else is listed but refused when opened. */
  method: number;
  /** General purpose bit flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8). */
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  /** Where the local header is (the central directory's offset, shifted like zipfile's concat). */
  localHeaderOffset: number;
  /** True when the central directory entry carried a zip64 extra field. */
  zip64: boolean;
}

/** Where an opened member's data is (see ZipArchive.openEntry). */
export interface EntryData {
  /** File offset of the member's first data byte. */
  offset: number;
  /** Bytes of (compressed) data the file holds there, at most the entry's compressed size. */
  available: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

const EOCD_LEN = 22;
const ZIP64_LOCATOR_LEN = 20;
const ZIP64_EOCD_LEN = 56;
const CENTRAL_LEN = 46;
const LOCAL_LEN = 30;
const MAX_COMMENT = 0xffff;
/** zipfile's MAX_EXTRACT_VERSION: an entry needing a later version makes the archive unreadable. */
const MAX_EXTRACT_VERSION = 63;
// The central directory is read in one piece; real ones are ~100 bytes per member, so this
// allows millions of members while keeping a lying end record from making us allocate gigabytes.
const MAX_CENTRAL_DIR = 256 << 20;

const METHOD_NAMES: Record<number, string> = {
  0: 'stored', 1: 'shrink', 2: 'reduce', 3: 'reduce', 4: 'reduce', 5: 'reduce', 6: 'implode', 7: 'tokenize',
  8: 'deflate', 9: 'deflate64', 10: 'implode', 12: 'bzip2', 14: 'lzma', 18: 'terse', 19: 'lz77', 93: 'zstandard',
  95: 'xz', 97: 'wavpack', 98: 'ppmd', 99: 'AES encryption',
};

export function methodName(method: number): string {
  const n = METHOD_NAMES[method];
  return n ? `${n} (method ${method})` : `method ${method}`;
}

/** Little-endian fields of one buffer; reading past its end is a format error naming `what`. */
class Fields {
  private readonly dv: DataView;
  constructor(readonly buf: Uint8Array, private readonly what: string) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(pos: number, n: number): void {
    if (pos < 0 || pos + n > this.buf.length) throw new NpyError('format', `${this.what} is truncated`);
  }
  u16(pos: number): number { this.need(pos, 2); return this.dv.getUint16(pos, true); }
  u32(pos: number): number { this.need(pos, 4); return this.dv.getUint32(pos, true); }
  /** A 64-bit value as the nearest double (values past 2**53 are never real offsets or sizes). */
  u64(pos: number): number {
    this.need(pos, 8);
    return this.dv.getUint32(pos + 4, true) * 0x100000000 + this.dv.getUint32(pos, true);
  }
  /** Bytes [pos, pos + n) cut at the end of the buffer, like a short read. */
  clip(pos: number, n: number): Uint8Array { return this.buf.subarray(Math.min(pos, this.buf.length), Math.min(pos + n, this.buf.length)); }
}

// cp437 upper half, used for names without the UTF-8 flag (what Python's zipfile does).
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeCp437(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c < 0x80 ? String.fromCharCode(c) : CP437_HIGH[c - 0x80];
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A raw name as zipfile decodes it: strict UTF-8 when flagged (null if that fails), else cp437. */
function decodeName(raw: Uint8Array, flags: number): string | null {
  if (!(flags & 0x800)) return decodeCp437(raw);
  try {
    return utf8.decode(raw);
  } catch {
    return null;
  }
}

/** Python-like repr of a name for messages. */
function quoted(s: string): string { return JSON.stringify(s); }

export class ZipArchive {
  private constructor(
    readonly source: ByteSource,
    readonly label: string,
    readonly entries: ZipEntry[],
    /** The archive has a zip64 end-of-central-directory record (found via its locator). */
    readonly zip64: boolean,
  ) {}

  static async open(src: ByteSource, label = 'archive'): Promise<ZipArchive> {
    const fail = (msg: string): never => { throw new NpyError('format', `${label}: ${msg}`); };
    const size = src.size;
    if (size < EOCD_LEN) fail(`not a zip archive (only ${size} bytes, no end-of-central-directory record)`);

    // The end record: first as the last 22 bytes with an empty comment, else the last signature
    // in the final 64 KiB + 22 bytes (its comment length may claim more than there is).
    let eocdPos = -1;
    let rec: Fields | null = null;
    const last = await src.read(size - EOCD_LEN, EOCD_LEN);
    const lf = new Fields(last, `${label}: end of central directory`);
    if (lf.u32(0) === SIG_EOCD && lf.u16(20) === 0) {
      eocdPos = size - EOCD_LEN;
      rec = lf;
    } else {
      const start = Math.max(0, size - MAX_COMMENT - 1 - EOCD_LEN);
      const tail = await src.read(start, size - start);
      for (let i = tail.length - 4; i >= 0; i--) {
        if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 5 && tail[i + 3] === 6) {
          if (i + EOCD_LEN > tail.length) fail('the end-of-central-directory record is truncated');
          eocdPos = start + i;
          rec = new Fields(tail.subarray(i, i + EOCD_LEN), `${label}: end of central directory`);
          break;
        }
      }
    }
    if (!rec) fail('no end-of-central-directory record (not a zip archive, or truncated)');
    const r = rec!;
    let cdSize = r.u32(12);
    let cdOffset = r.u32(16);
    let zip64 = false;

    // zip64: a locator right before the end record, and the zip64 end record right before it.
    if (eocdPos >= ZIP64_LOCATOR_LEN) {
      const loc = new Fields(await src.read(eocdPos - ZIP64_LOCATOR_LEN, ZIP64_LOCATOR_LEN), `${label}: zip64 locator`);
      if (loc.u32(0) === SIG_ZIP64_LOCATOR) {
        if (loc.u32(4) !== 0 || loc.u32(16) > 1) {
          throw new NpyError('unsupported', `${label}: zip archives that span multiple disks are not supported`);
        }
        const recPos = eocdPos - ZIP64_LOCATOR_LEN - ZIP64_EOCD_LEN;
        if (recPos < 0) fail('not a zip archive (the zip64 locator has no room for its end record)');
        const z = new Fields(await src.read(recPos, ZIP64_EOCD_LEN), `${label}: zip64 end record`);
        if (z.u32(0) === SIG_ZIP64_EOCD) {
          cdSize = z.u64(40);
          cdOffset = z.u64(48);
          zip64 = true;
        }
      }
    }
    // zipfile's "concat": bytes in front of the archive shift every offset it records.
    const location = eocdPos - (zip64 ? ZIP64_EOCD_LEN + ZIP64_LOCATOR_LEN : 0);
    const concat = location - cdSize - cdOffset;
    const startDir = location - cdSize;
    if (startDir < 0) fail(`bad offset for the central directory (${cdSize} bytes claimed before offset ${location})`);
    if (cdSize > MAX_CENTRAL_DIR) {
      throw new NpyError('unsupported', `${label}: central directory of ${cdSize} bytes is larger than the ${MAX_CENTRAL_DIR >> 20} MiB this viewer reads`);
    }
    const cd = cdSize > 0 ? await src.read(startDir, cdSize) : new Uint8Array(0);
    return new ZipArchive(src, label, parseCentralDirectory(cd, concat, label), zip64);
  }

  /**
   * Opens an entry the way zipfile.ZipFile.open does: its local header must be there, with the
   * signature, and name the same file as the central directory; encrypted, patched and
   * strongly encrypted entries and methods other than stored and deflate are refused.
   */
  async openEntry(entry: ZipEntry, where = `${this.label}: member '${entry.name}'`): Promise<EntryData> {
    const fail = (msg: string): never => { throw new NpyError('format', `${where}: ${msg}`); };
    const size = this.source.size;
    const at = entry.localHeaderOffset;
    if (at < 0) fail(`its local header offset (${at}) is before the start of the file`);
    if (at + LOCAL_LEN > size) fail(`truncated local header (offset ${at}, the file has ${size} bytes)`);
    const lh = new Fields(await this.source.read(at, LOCAL_LEN), `${where}: local header`);
    if (lh.u32(0) !== SIG_LOCAL) fail(`bad magic number for the local header at offset ${at} (corrupt archive)`);
    const nameLen = lh.u16(26);
    const extraLen = lh.u16(28);
    if (entry.flags & 0x20) throw new NpyError('unsupported', `${where}: compressed patched data (flag bit 5) is not supported`);
    if (entry.flags & 0x40) throw new NpyError('unsupported', `${where}: strong encryption (flag bit 6) is not supported`);
    const raw = await this.source.read(at + LOCAL_LEN, Math.min(nameLen, size - at - LOCAL_LEN));
    const local = decodeName(raw, lh.u16(6));
    if (local === null) fail('its local header names the file in invalid UTF-8');
    if (local !== entry.origName) {
      // zipfile: "File name in directory ... and header ... differ." The archive would show one
      // file and hand out another: refused. (Compared before the cut at a NUL, as zipfile does.)
      fail(`the file name in the directory (${quoted(entry.origName)}) and in the local header (${quoted(local!)}) differ`);
    }
    if (entry.flags & 1) throw new NpyError('unsupported', `${where} is encrypted; encrypted archives are not supported`);
    if (entry.method !== 0 && entry.method !== 8) {
      const hint = entry.method === 12 || entry.method === 14
        ? ' (np.savez never writes it; Python reads it, npy-viewer does not)' : '';
      throw new NpyError('unsupported', `${where} uses ${methodName(entry.method)} compression; only stored and deflate are supported${hint}`);
    }
    // zipfile seeks past the local extra field even beyond the end of the file: a member with
    // no compressed bytes there reads as empty (its data window is clamped to the end). Any other
    // is refused at its first read, which asks for min(4096, compressed size) bytes and raises
    // EOFError when it gets none, whatever the member's size (np.load reads every member it
    // opens from its start: the magic).
    const start = at + LOCAL_LEN + nameLen + extraLen;
    if (start >= size && entry.compressedSize > 0) {
      fail(`its data would start at byte ${start}, at or past the end of the file (${size} bytes), yet the archive gives it ${entry.compressedSize} compressed bytes (np.load: EOFError)`);
    }
    const offset = Math.min(start, size);
    return { offset, available: Math.max(0, Math.min(entry.compressedSize, size - offset)) };
  }
}

/** zipfile's _decodeExtra: a truncated field refuses the archive; zip64 values replace saturated ones. */
function decodeExtra(extra: Uint8Array, e: Pick<ZipEntry, 'compressedSize' | 'uncompressedSize' | 'localHeaderOffset'>, where: string): boolean {
  const f = new Fields(extra, `${where}: extra field`);
  let zip64 = false;
  for (let pos = 0; extra.length - pos >= 4;) {
    const tag = f.u16(pos);
    const len = f.u16(pos + 2);
    if (pos + 4 + len > extra.length) {
      throw new NpyError('format', `${where}: corrupt extra field ${tag.toString(16).padStart(4, '0')} (size ${len})`);
    }
    if (tag === 0x0001) {
      zip64 = true;
      const z = new Fields(extra.subarray(pos + 4, pos + 4 + len), `${where}: zip64 extra field`);
      let p = 0;
      const next = (field: string): number => {
        if (p + 8 > len) throw new NpyError('format', `${where}: corrupt zip64 extra field (${field} not found)`);
        const v = z.u64(p);
        p += 8;
        return v;
      };
      if (e.uncompressedSize === 0xffffffff || e.uncompressedSize === 2 ** 64 - 1) e.uncompressedSize = next('file size');
      if (e.compressedSize === 0xffffffff) e.compressedSize = next('compressed size');
      if (e.localHeaderOffset === 0xffffffff) e.localHeaderOffset = next('header offset');
    }
    pos += 4 + len;
  }
  return zip64;
}

/** zipfile's loop: entries until the directory's declared size is used up (the count is not used). */
function parseCentralDirectory(cd: Uint8Array, concat: number, label: string): ZipEntry[] {
  const f = new Fields(cd, `${label}: central directory`);
  const entries: ZipEntry[] = [];
  for (let pos = 0, index = 0; pos < cd.length; index++) {
    const where = `${label}: central directory entry ${index + 1}`;
    if (pos + CENTRAL_LEN > cd.length) throw new NpyError('format', `${where} is truncated`);
    if (f.u32(pos) !== SIG_CENTRAL) throw new NpyError('format', `${where} has a bad signature (corrupt archive)`);
    const extractVersion = cd[pos + 6];
    const flags = f.u16(pos + 8);
    const method = f.u16(pos + 10);
    const nameLen = f.u16(pos + 28);
    const extraLen = f.u16(pos + 30);
    const commentLen = f.u16(pos + 32);
    const rawName = f.clip(pos + CENTRAL_LEN, nameLen);
    const decoded = decodeName(rawName, flags);
    if (decoded === null) throw new NpyError('format', `${where}: its name is flagged UTF-8 but is not valid UTF-8`);
    if (extractVersion > MAX_EXTRACT_VERSION) {
      throw new NpyError('unsupported', `${where} needs zip version ${(extractVersion / 10).toFixed(1)} to extract (zipfile reads up to 6.3)`);
    }
    const e = { compressedSize: f.u32(pos + 20), uncompressedSize: f.u32(pos + 24), localHeaderOffset: f.u32(pos + 42) };
    const zip64 = decodeExtra(f.clip(pos + CENTRAL_LEN + nameLen, extraLen), e, where);
    // zipfile's ZipInfo cuts a name at its first NUL
    const nul = decoded!.indexOf('\0');
    entries.push({
      index, name: nul >= 0 ? decoded!.slice(0, nul) : decoded!, origName: decoded!, method, flags, crc32: f.u32(pos + 16), zip64,
      compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, localHeaderOffset: e.localHeaderOffset + concat,
    });
    pos += CENTRAL_LEN + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** A window (offset, length) of another source: a stored member is random access like a .npy. */
export class WindowSource implements ByteSource {
  constructor(
    private readonly parent: ByteSource,
    private readonly start: number,
    readonly size: number,
    readonly label: string,
  ) {}

  /** A window reads straight from its parent, so it takes parallel reads when the parent does. */
  get parallelReads(): boolean | undefined { return this.parent.parallelReads; }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.check(offset, length);
    return this.parent.read(this.start + offset, length);
  }

  /** Present exactly when the parent has it (a stored member of an archive on disk). */
  get readInto(): ((offset: number, target: Uint8Array) => Promise<void>) | undefined {
    const parentInto = this.parent.readInto;
    if (!parentInto) return undefined;
    return async (offset, target) => {
      this.check(offset, target.length);
      await parentInto.call(this.parent, this.start + offset, target);
    };
  }

  private check(offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new NpyError('io', `${this.label}: invalid read of ${length} bytes at ${offset}`);
    }
    if (offset + length > this.size) {
      throw new NpyError('format', `${this.label}: unexpected end of data (wanted ${length} bytes at offset ${offset}, size is ${this.size})`);
    }
  }

  /** The archive owns the file; closing a member's window releases nothing. */
  async close(): Promise<void> { /* nothing */ }
}
