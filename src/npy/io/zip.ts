/**
 * A small zip reader over random-access reads (a ByteSource), enough for every .npz NumPy and
 * Python's zipfile write: end-of-central-directory search, zip64, data descriptors, UTF-8 and
 * cp437 names. Nothing the archive says is trusted: every offset, size and count is checked
 * against the file size before it is used, so a corrupt or hostile archive gives an
 * NpyError('format') quickly and with bounded memory.
 */
import { crc32 } from './crc32';
import { NpyError } from '../errors';
import { ByteSource } from './source';

export interface ZipEntry {
  /** Position in the central directory (archive order). */
  index: number;
  /** Decoded name, as Python's zipfile reports it (cut at a NUL, UTF-8 or cp437). */
  name: string;
  /** 0 = stored, 8 = deflated; anything else is listed but refused when opened. */
  method: number;
  /** General purpose bit flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8). */
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  localHeaderOffset: number;
  /** True when the central directory entry carried a zip64 extra field. */
  zip64: boolean;
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
// The central directory is read in one piece; real ones are ~100 bytes per member, so this
// allows millions of members while keeping a lying end record from making us allocate gigabytes.
const MAX_CENTRAL_DIR = 256 << 20;

const METHOD_NAMES: Record<number, string> = {
  0: 'stored', 1: 'shrink', 6: 'implode', 8: 'deflate', 9: 'deflate64', 12: 'bzip2',
  14: 'lzma', 93: 'zstandard', 95: 'xz', 98: 'ppmd', 99: 'AES encryption',
};

export function methodName(method: number): string {
  const n = METHOD_NAMES[method];
  return n ? `${n} (method ${method})` : `method ${method}`;
}

/** Little-endian field reader over one buffer with bounds checks that raise format errors. */
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
  /** 64-bit values must stay exact; anything past 2^53 cannot be a real offset or size. */
  u64(pos: number, field: string): number {
    this.need(pos, 8);
    const lo = this.dv.getUint32(pos, true);
    const hi = this.dv.getUint32(pos + 4, true);
    if (hi >= 0x200000) throw new NpyError('format', `${this.what}: ${field} is impossibly large`);
    return hi * 0x100000000 + lo;
  }
  bytes(pos: number, n: number): Uint8Array { this.need(pos, n); return this.buf.subarray(pos, pos + n); }
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

const utf8 = new TextDecoder('utf-8');

function decodeName(raw: Uint8Array, flags: number, extra: Fields | null): string {
  // Python's zipfile cuts a name at the first NUL; do the same so names match numpy's.
  const nul = raw.indexOf(0);
  const cut = nul >= 0 ? raw.subarray(0, nul) : raw;
  if (flags & 0x800) return utf8.decode(cut);
  // Info-ZIP Unicode Path field (0x7075): a UTF-8 name valid while the CRC of the raw name matches.
  const up = extra ? findExtra(extra, 0x7075) : null;
  if (up && up.length >= 5 && up[0] === 1) {
    const crc = new DataView(up.buffer, up.byteOffset + 1, 4).getUint32(0, true);
    if (crc === crc32(raw)) return utf8.decode(up.subarray(5));
  }
  return decodeCp437(cut);
}

/** Finds one extra field's data by header id; malformed trailing bytes are ignored like zipfile does. */
function findExtra(extra: Fields, id: number): Uint8Array | null {
  const b = extra.buf;
  let pos = 0;
  while (pos + 4 <= b.length) {
    const tag = extra.u16(pos);
    const len = extra.u16(pos + 2);
    if (pos + 4 + len > b.length) return null;
    if (tag === id) return b.subarray(pos + 4, pos + 4 + len);
    pos += 4 + len;
  }
  return null;
}

export class ZipArchive {
  private readonly dataOffsets = new Map<number, number>();

  private constructor(
    readonly source: ByteSource,
    readonly label: string,
    readonly entries: ZipEntry[],
    /** Where the central directory starts: no member's data may run into it. */
    readonly centralDirOffset: number,
    /** The archive has a zip64 end-of-central-directory record (found via its locator). */
    readonly zip64: boolean,
  ) {}

  static async open(src: ByteSource, label = 'archive'): Promise<ZipArchive> {
    const fail = (msg: string): never => { throw new NpyError('format', `${label}: ${msg}`); };
    const size = src.size;
    if (size < EOCD_LEN) fail(`not a valid zip archive (only ${size} bytes)`);

    // The EOCD record sits at the end, followed only by a comment of at most 64 KiB. Most
    // archives have no (or a short) comment: look in the last 1 KiB before reading 64 KiB.
    let tailStart = 0;
    let tail: Uint8Array = new Uint8Array(0);
    let eocd = -1;
    for (const want of [1024, EOCD_LEN + MAX_COMMENT]) {
      const tailLen = Math.min(size, want);
      if (tailLen <= tail.length) break;
      tailStart = size - tailLen;
      tail = await src.read(tailStart, tailLen);
      eocd = findEocd(tail);
      if (eocd >= 0) break;
    }
    if (eocd < 0) fail('no end-of-central-directory record (not a zip archive, or truncated)');
    const tf = new Fields(tail, `${label}: end of central directory`);
    const eocdPos = tailStart + eocd;

    let disk = tf.u16(eocd + 4);
    let cdDisk = tf.u16(eocd + 6);
    let count = tf.u16(eocd + 10);
    let cdSize = tf.u32(eocd + 12);
    let cdOffset = tf.u32(eocd + 16);
    let cdEnd = eocdPos;
    let zip64 = false;

    // zip64: a locator right before the EOCD points at the zip64 EOCD record.
    if (eocdPos >= ZIP64_LOCATOR_LEN) {
      const loc = new Fields(await src.read(eocdPos - ZIP64_LOCATOR_LEN, ZIP64_LOCATOR_LEN), `${label}: zip64 locator`);
      if (loc.u32(0) === SIG_ZIP64_LOCATOR) {
        const recPos = loc.u64(8, 'zip64 end record offset');
        if (recPos + ZIP64_EOCD_LEN > eocdPos - ZIP64_LOCATOR_LEN) fail('zip64 end record offset points past the end of the archive');
        const rec = new Fields(await src.read(recPos, ZIP64_EOCD_LEN), `${label}: zip64 end record`);
        if (rec.u32(0) !== SIG_ZIP64_EOCD) fail('zip64 end of central directory record not found where the locator points');
        disk = rec.u32(16);
        cdDisk = rec.u32(20);
        count = rec.u64(32, 'entry count');
        cdSize = rec.u64(40, 'central directory size');
        cdOffset = rec.u64(48, 'central directory offset');
        cdEnd = recPos;
        zip64 = true;
      }
    }
    if (disk !== 0 || cdDisk !== 0) {
      throw new NpyError('unsupported', `${label}: multi-part (split) zip archives are not supported`);
    }
    if (cdOffset + cdSize > cdEnd) {
      fail(`central directory (${cdSize} bytes at offset ${cdOffset}) runs past the end of the archive (${cdEnd})`);
    }
    if (cdSize > MAX_CENTRAL_DIR) {
      throw new NpyError('unsupported', `${label}: central directory of ${cdSize} bytes is larger than the ${MAX_CENTRAL_DIR >> 20} MiB this viewer reads`);
    }
    // Each entry needs at least 46 bytes: a count that cannot fit is corrupt (and would
    // otherwise make us allocate for it).
    if (count * CENTRAL_LEN > cdSize) fail(`central directory claims ${count} entries but holds only ${cdSize} bytes`);

    const cd = cdSize > 0 ? await src.read(cdOffset, cdSize) : new Uint8Array(0);
    const entries = parseCentralDirectory(cd, count, size, label);
    return new ZipArchive(src, label, entries, cdOffset, zip64);
  }

  /**
   * Where an entry's data starts. The local header's name and extra lengths differ from the
   * central ones (zip64 extras, padding), so it must be read; the result is cached.
   */
  async dataOffset(entry: ZipEntry, where = `${this.label}: member '${entry.name}'`): Promise<number> {
    const cached = this.dataOffsets.get(entry.index);
    if (cached !== undefined) return cached;
    if (entry.localHeaderOffset + LOCAL_LEN > this.centralDirOffset) {
      throw new NpyError('format', `${where}: local header offset ${entry.localHeaderOffset} is past the member data area`);
    }
    const lh = new Fields(await this.source.read(entry.localHeaderOffset, LOCAL_LEN), `${where}: local header`);
    if (lh.u32(0) !== SIG_LOCAL) throw new NpyError('format', `${where}: bad local header signature (corrupt archive)`);
    const nameLen = lh.u16(26);
    const extraLen = lh.u16(28);
    const start = entry.localHeaderOffset + LOCAL_LEN + nameLen + extraLen;
    if (start + entry.compressedSize > this.centralDirOffset) {
      throw new NpyError('format', `${where}: data (${entry.compressedSize} bytes at ${start}) runs past the member data area`);
    }
    this.dataOffsets.set(entry.index, start);
    return start;
  }

  /** Refuses entries we cannot read, with the reason. */
  checkReadable(entry: ZipEntry, where = `${this.label}: member '${entry.name}'`): void {
    if (entry.flags & 1) throw new NpyError('unsupported', `${where} is encrypted; encrypted archives are not supported`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new NpyError('unsupported', `${where} uses ${methodName(entry.method)} compression; only stored and deflate are supported`);
    }
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
      throw new NpyError('format', `${where}: stored member has compressed size ${entry.compressedSize} but uncompressed size ${entry.uncompressedSize}`);
    }
    // Deflate cannot expand more than ~1032:1; a larger claim is a lie (or a bomb).
    if (entry.method === 8 && entry.uncompressedSize > entry.compressedSize * 1032 + 1024) {
      throw new NpyError('format', `${where} claims ${entry.uncompressedSize} bytes uncompressed from ${entry.compressedSize} compressed, which deflate cannot produce (corrupt archive or zip bomb)`);
    }
  }
}

/** Position of the EOCD record in the tail of the file, or -1: the last signature whose comment fits. */
function findEocd(tail: Uint8Array): number {
  const tf = new Fields(tail, 'end of central directory');
  for (let i = tail.length - EOCD_LEN; i >= 0; i--) {
    // A real record's comment must fit exactly in what follows; a stray signature inside
    // a comment usually will not.
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tf.u32(i) === SIG_EOCD &&
        i + EOCD_LEN + tf.u16(i + 20) <= tail.length) return i;
  }
  return -1;
}

function parseCentralDirectory(cd: Uint8Array, count: number, fileSize: number, label: string): ZipEntry[] {
  const f = new Fields(cd, `${label}: central directory`);
  const entries: ZipEntry[] = [];
  let pos = 0;
  for (let index = 0; index < count; index++) {
    const where = `${label}: central directory entry ${index + 1} of ${count}`;
    if (pos + CENTRAL_LEN > cd.length) throw new NpyError('format', `${where} is truncated`);
    if (f.u32(pos) !== SIG_CENTRAL) throw new NpyError('format', `${where} has a bad signature (corrupt archive)`);
    const flags = f.u16(pos + 8);
    const method = f.u16(pos + 10);
    const crc = f.u32(pos + 16);
    let compressedSize = f.u32(pos + 20);
    let uncompressedSize = f.u32(pos + 24);
    const nameLen = f.u16(pos + 28);
    const extraLen = f.u16(pos + 30);
    const commentLen = f.u16(pos + 32);
    let diskStart = f.u16(pos + 34);
    let localHeaderOffset = f.u32(pos + 42);
    const end = pos + CENTRAL_LEN + nameLen + extraLen + commentLen;
    if (end > cd.length) throw new NpyError('format', `${where} runs past the end of the central directory`);
    const rawName = f.bytes(pos + CENTRAL_LEN, nameLen);
    const extra = new Fields(f.bytes(pos + CENTRAL_LEN + nameLen, extraLen), `${where}: extra field`);

    // zip64 extra: only the fields whose fixed slot is saturated are present, in this order.
    const z = findExtra(extra, 0x0001);
    if (z) {
      const zf = new Fields(z, `${where}: zip64 extra field`);
      let p = 0;
      if (uncompressedSize === 0xffffffff) { uncompressedSize = zf.u64(p, 'uncompressed size'); p += 8; }
      if (compressedSize === 0xffffffff) { compressedSize = zf.u64(p, 'compressed size'); p += 8; }
      if (localHeaderOffset === 0xffffffff) { localHeaderOffset = zf.u64(p, 'local header offset'); p += 8; }
      if (diskStart === 0xffff) { diskStart = zf.u32(p); p += 4; }
    }
    const name = decodeName(rawName, flags, extra);
    if (diskStart !== 0) throw new NpyError('unsupported', `${label}: multi-part (split) zip archives are not supported`);
    if (localHeaderOffset + LOCAL_LEN + compressedSize > fileSize) {
      throw new NpyError('format', `${label}: member '${name}' (${compressedSize} bytes at offset ${localHeaderOffset}) runs past the end of the file`);
    }
    if (!Number.isSafeInteger(uncompressedSize)) throw new NpyError('format', `${where}: impossible uncompressed size`);
    entries.push({
      index, name, method, flags, compressedSize, uncompressedSize, crc32: crc, localHeaderOffset, zip64: z !== null,
    });
    pos = end;
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
