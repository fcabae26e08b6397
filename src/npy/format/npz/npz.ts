/**
 * .npz archives (np.savez / np.savez_compressed): a zip of .npy members. Members are listed in
 * archive order and opened lazily; a stored member is a window of the file (random access like a
 * .npy), a deflated one an InflateSource (progressive inflation with a bounded cache). What a
 * member gives, and when it fails, follows np.load reading it through Python's zipfile: bytes
 * after an array are never inflated (no zip bomb if they are never read), and a bad CRC fails
 * exactly when NumPy's reads reach the member's end (npzreach.ts).
 */
import { NpyArray } from '../array';
import type { ArrayContainer } from '../container';
import { hasObjects } from '../objectarray';
import { crc32Update } from '../../io/crc32';
import { NpyError } from '../../errors';
import { NpyHeader, readHeader } from '../header';
import { DeflatedMember, InflateOptions, InflateSource, inflateToSink } from '../../io/inflate/inflatesource';
import { ByteSink } from '../../io/sink';
import { ByteSource } from '../../io/source';
import { EntryData, WindowSource, ZipArchive, ZipEntry } from '../../io/zip';
import type { MemberEntry } from '../../../shared/protocol';
import { NumpyReads, numpyReach } from './npzreach';
import { replayNumpyLoad } from './zipextfile';

/**
 * A member as the zip directory lists it. Its isArray is a guess from the name alone; NumPy
 * decides by the member's first bytes (see NpzFile.describe), so a listing shown to the user
 * should use that. (The type is the protocol's MemberEntry, which the viewer shows.)
 */
export type NpzMember = MemberEntry;

/**
 * One member as np.load(npz)[name] sees it (NpzFile.describe): the listing the sidebar, the
 * viewer and `npyview info` all show.
 */
export interface MemberDescription extends NpzMember {
  /**
   * The member starts with the .npy magic: np.load returns an array (or fails on its header),
   * whatever the name; without the magic it returns the member's bytes, even for 'x.npy'. When
   * the first bytes cannot be read at all, the name's guess.
   */
  isArray: boolean;
  /** The array's header, when isArray and it could be read. */
  header?: NpyHeader;
  /** Why np.load fails on this member (a bad .npy header, an unreadable zip entry). */
  error?: string;
}

export interface NpzOpenOptions {
  /** Cache settings for deflated members (block size, memory budget, temp dir). */
  inflate?: InflateOptions;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const COPY_CHUNK = 1 << 20;
/** np.load's end-of-member checks are made when a member is opened if they take at most this much reading. */
const EAGER_CHECK = 256 << 10;
const LISTED_IN_ERRORS = 20;

/** Python-bytes-like rendering of a file's first bytes for error messages: "GIF89a\x01\x00". */
export function describeBytes(b: Uint8Array): string {
  let s = '';
  for (const c of b) {
    if (c === 0x5c) s += '\\\\';
    else if (c === 0x22) s += '\\"';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x09) s += '\\t';
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  return `"${s}"`;
}

export function hasNpyMagic(b: Uint8Array): boolean {
  return b.length >= NPY_MAGIC.length && NPY_MAGIC.every((m, i) => b[i] === m);
}

/** What describe() finds in a member's bytes. */
type Verdict = Pick<MemberDescription, 'isArray' | 'header' | 'error'>;

export class NpzFile implements ArrayContainer<NpzMember> {
  /** Sources handed out by openArray and friends, closed with the archive. */
  private readonly open = new Set<ByteSource>();
  /** Headers already read: the viewer's member list and the sidebar both ask for every one, and a
   * compressed member must be inflated from its start each time. A failed read is not kept. */
  private readonly headers = new Map<NpzMember, Promise<NpyHeader>>();
  /** describe() results without an error, by the member actually read. */
  private readonly descriptions = new Map<NpzMember, Promise<Verdict>>();
  private closed = false;

  private constructor(
    private readonly zip: ZipArchive,
    readonly label: string,
    readonly members: NpzMember[],
    private readonly entryOf: Map<NpzMember, ZipEntry>,
    private readonly opts: NpzOpenOptions,
  ) {}

  static async open(src: ByteSource, label = 'archive.npz', opts: NpzOpenOptions = {}): Promise<NpzFile> {
    const zip = await ZipArchive.open(src, label);
    const members: NpzMember[] = [];
    const entryOf = new Map<NpzMember, ZipEntry>();
    for (const e of zip.entries) {
      // Every entry is listed, like zipfile.namelist() (numpy's NpzFile.files) does.
      const m: NpzMember = {
        name: e.name.endsWith('.npy') ? e.name.slice(0, -4) : e.name,
        zipName: e.name,
        compressed: e.method !== 0,
        compressedSize: e.compressedSize,
        uncompressedSize: e.uncompressedSize,
        isArray: e.name.endsWith('.npy'),
      };
      members.push(m);
      entryOf.set(m, e);
    }
    return new NpzFile(zip, label, members, entryOf, opts);
  }

  /**
   * Looks a member up the way numpy's NpzFile does: an exact zip name wins, then the name
   * without '.npy'; with duplicates the last one counts (zipfile's behaviour).
   */
  member(name: string): NpzMember {
    for (const key of ['zipName', 'name'] as const) {
      for (let i = this.members.length - 1; i >= 0; i--) {
        if (this.members[i][key] === name) return this.members[i];
      }
    }
    const names = this.members.slice(0, LISTED_IN_ERRORS).map((m) => m.name);
    const more = this.members.length > LISTED_IN_ERRORS ? `, … ${this.members.length - LISTED_IN_ERRORS} more` : '';
    const list = this.members.length ? `members: ${names.join(', ')}${more}` : 'the archive is empty';
    throw new NpyError('usage', `no member '${name}' in ${this.label} (${list})`);
  }

  private where(m: NpzMember): string {
    return `${this.label}: member '${m.name}'`;
  }

  /**
   * The member's bytes as a ByteSource (owned by the caller; closing it leaves the archive
   * open). Stored members read straight from the file; deflated ones inflate on demand. Its
   * size is the declared size (a deflated stream may end sooner: reads past that fail).
   */
  async memberSource(name: string, opts: InflateOptions = {}): Promise<ByteSource> {
    const m = this.member(name);
    return (await this.sourceOf(m, opts)).src;
  }

  private async sourceOf(m: NpzMember, opts: InflateOptions = {}): Promise<{ src: ByteSource; data: EntryData }> {
    if (this.closed) throw new NpyError('io', `${this.label}: archive is closed`);
    const e = this.entryOf.get(m)!;
    const data = await this.zip.openEntry(e, this.where(m));
    if (e.method === 0) {
      // zipfile reads the raw bytes there are, up to the compressed size, and cuts them at the declared size
      const size = Math.min(data.available, e.uncompressedSize);
      return { src: new WindowSource(this.zip.source, data.offset, size, this.where(m)), data };
    }
    const src: InflateSource = new InflateSource(this.deflated(m, e, data), {
      ...this.opts.inflate, ...opts, onClose: () => this.open.delete(src),
    });
    this.open.add(src);
    return { src, data };
  }

  private deflated(m: NpzMember, e: ZipEntry, data: EntryData): DeflatedMember {
    return {
      source: this.zip.source, offset: data.offset, compressedSize: data.available, size: e.uncompressedSize,
      crc32: e.crc32, label: this.where(m),
    };
  }

  /** Up to n bytes from the start of a member: fewer where its output ends (as a read in Python). */
  private async head(src: ByteSource, n: number): Promise<Uint8Array> {
    const want = Math.min(src.size, n);
    if (src instanceof InflateSource) {
      // zipfile hands out what there is (a short member), but a corrupt stream is zlib's error;
      // it inflates a first chunk even for a member declared empty (np.load reads its magic)
      const s = await src.inflatedTo(Math.max(want, 1));
      if (s.failure && s.produced < Math.max(want, 1)) throw s.failure;
      return (await src.read(0, Math.min(want, s.produced))).slice();
    }
    return (await src.read(0, want)).slice();
  }

  /** Checks the magic first so a non-array member gets a message that says so. */
  private async checkMagic(m: NpzMember, src: ByteSource): Promise<void> {
    // 16 bytes: the magic, plus enough to show the user what the member is instead.
    const head = await this.head(src, 16);
    if (!hasNpyMagic(head)) {
      const what = head.length === 0 ? 'it is empty' : `it starts with ${describeBytes(head)}`;
      throw new NpyError('format', `${this.where(m)} is not a .npy array (${what})`);
    }
  }

  /** Reads only the member's header (for a deflated member: inflates only its first few KB). */
  readHeader(name: string): Promise<NpyHeader> {
    const m = this.member(name);
    let h = this.headers.get(m);
    if (!h) {
      h = this.readHeaderOf(m);
      this.headers.set(m, h);
      h.catch(() => this.headers.delete(m));
    }
    return h;
  }

  private async readHeaderOf(m: NpzMember): Promise<NpyHeader> {
    const { src } = await this.sourceOf(m);
    try {
      await this.checkMagic(m, src);
      return await readHeader(src);
    } catch (e) {
      throw this.named(m, e);
    } finally {
      await src.close();
    }
  }

  /**
   * What np.load(npz)[name] gives for the member, from its first bytes and header only (never
   * its data): an array (with its header), the member's bytes (isArray false), or an error.
   * Like NumPy, the entry read is the one its zip name opens (the last of duplicates). Errors
   * other than NpyError (bugs) are thrown.
   */
  async describe(m: NpzMember): Promise<MemberDescription> {
    const target = this.member(m.zipName);
    let d = this.descriptions.get(target);
    if (!d) {
      d = this.describeOf(target);
      this.descriptions.set(target, d);
      d.then((x) => { if (x.error !== undefined) this.descriptions.delete(target); }, () => this.descriptions.delete(target));
    }
    const { isArray, header, error } = await d;
    return { ...m, isArray, ...(header ? { header } : {}), ...(error !== undefined ? { error } : {}) };
  }

  private async describeOf(m: NpzMember): Promise<Verdict> {
    let magic: boolean | undefined;
    try {
      const { src } = await this.sourceOf(m);
      try {
        magic = hasNpyMagic(await this.head(src, NPY_MAGIC.length));
        if (!magic) return { isArray: false };
        const header = await readHeader(src);
        if (!this.headers.has(m)) this.headers.set(m, Promise.resolve(header));
        return { isArray: true, header };
      } finally {
        await src.close();
      }
    } catch (e) {
      const named = this.named(m, e);
      if (!(named instanceof NpyError)) throw named;
      return { isArray: magic ?? m.isArray, error: named.message };
    }
  }

  /**
   * Opens an array member as np.load(npz)[name] would read it. Reads of the array's bytes come
   * first; np.load's end-of-member checks (a CRC that zipfile checks only when its reads reach
   * the member's end, a corrupt or short stream within what it reads: format/npz/npzreach.ts) are
   * made at once when that takes little reading, else when the last byte of the array is read
   * (stored members then only with `verify`: it means reading the whole member).
   */
  async openArray(name: string, opts: { onProgress?(done: number, total: number): void; verify?: boolean; inflate?: InflateOptions } = {}): Promise<NpyArray> {
    const m = this.member(name);
    const { src, data } = await this.sourceOf(m, { ...opts.inflate, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    try {
      await this.checkMagic(m, src);
      const header = await readHeader(src);
      // an object array's pickle is read by the unpickler, as far as it goes: no reads to replay
      if (hasObjects(header.dtype)) return await NpyArray.open(src, this.where(m), { member: true });
      const check = this.loadCheck(m, data, src, header);
      if (check.cost <= EAGER_CHECK) {
        await check.run();
        return await NpyArray.open(src, this.where(m), { member: true });
      }
      const lazy = m.compressed || opts.verify ? new CheckedSource(src, check.dataEnd, check.run) : src;
      return await NpyArray.open(lazy, this.where(m), { member: true });
    } catch (e) {
      await src.close();
      throw this.named(m, e);
    }
  }

  /**
   * np.load's checks past the header of an array member: how far its reads go (numpyReach) and
   * what zipfile then notices. `cost`: bytes to read (or inflate) for them.
   */
  private loadCheck(m: NpzMember, data: EntryData, src: ByteSource, h: NpyHeader): { cost: number; dataEnd: number; run: () => Promise<void> } {
    const e = this.entryOf.get(m)!;
    const reads = numpyReads(h);
    const layout = { method: e.method, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, available: data.available };
    const reach = numpyReach(layout, reads);
    const dataEnd = Math.min(h.dataOffset + reads.count * reads.itemsize, src.size);
    if (e.method === 0) {
      const crcLength = Math.min(e.compressedSize, e.uncompressedSize, data.available);
      return {
        cost: reach.eof ? crcLength : 0, dataEnd,
        run: async () => {
          if (reach.short) throw new NpyError('format', `${this.where(m)}: its data ends after ${data.available} of its ${e.compressedSize} bytes (the file is truncated)`);
          if (reach.eof) await this.readStored(m, e, data.offset, crcLength, undefined, async () => undefined);
        },
      };
    }
    const inflater = src as InflateSource;
    const fileBytes = this.zip.source.size - data.offset;
    return {
      cost: reach.end, dataEnd,
      run: async () => {
        // compressed data declared past the end of the file: zipfile's EOFError, or not (zipextfile.ts)
        if (e.compressedSize > fileBytes) await this.replayLoad(m, e, data, fileBytes, reads);
        // inflate a byte further than the reads: zlib decodes the code after its last output
        const s = await inflater.inflatedTo(reach.end + 1);
        if (s.failure && s.produced <= reach.end) throw s.failure;
        if (((s.streamEnded || s.truncated) && s.produced <= reach.end) || (s.cut && reach.eof)) s.checkCrc();
      },
    };
  }

  /** np.load's reads of a deflated member whose compressed data is declared past the end of the file: its EOFError, or none. */
  private async replayLoad(m: NpzMember, e: ZipEntry, data: EntryData, fileBytes: number, reads: NumpyReads, signal?: AbortSignal): Promise<void> {
    const v = await replayNumpyLoad({
      source: this.zip.source, offset: data.offset, compressedSize: e.compressedSize, fileBytes, uncompressedSize: e.uncompressedSize,
    }, reads, signal);
    if (v.kind === 'eof') {
      throw new NpyError('format', `${this.where(m)}: its compressed data runs past the end of the file (the archive declares ` +
        `${e.compressedSize} bytes, the file holds ${fileBytes}); np.load stops with EOFError after ${v.at} bytes`);
    }
    if (v.kind === 'zlib') throw new NpyError('format', `${this.where(m)}: corrupt deflate stream (${v.message}) after ${v.at} bytes of output`);
  }

  /**
   * Streams the member's exact bytes (inflated if compressed) into a sink, all of them, as
   * zipfile's read() gives them: byte-identical to the .npy np.save wrote (bytes after an array
   * included; they stream through with bounded memory). The CRC is checked at the end, as zipfile
   * does; on a mismatch the sink has already received the bytes, so callers writing a file
   * should delete it.
   */
  async copyMember(name: string, sink: ByteSink, opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.closed) throw new NpyError('io', `${this.label}: archive is closed`);
    const m = this.member(name);
    const e = this.entryOf.get(m)!;
    try {
      const data = await this.zip.openEntry(e, this.where(m));
      if (m.compressed) {
        const fileBytes = this.zip.source.size - data.offset;
        if (e.compressedSize > fileBytes) {
          // an array np.load cannot read (EOFError) is not copied either
          const h = await this.readHeader(name).catch(() => undefined);
          if (h && !hasObjects(h.dtype)) await this.replayLoad(m, e, data, fileBytes, numpyReads(h), opts.signal);
        }
        const s = await inflateToSink(this.deflated(m, e, data), sink, opts.signal);
        s.checkCrc();
      } else {
        await this.readStored(m, e, data.offset, Math.min(e.uncompressedSize, data.available), opts.signal, (chunk) => sink.write(chunk));
      }
    } catch (err) {
      throw this.named(m, err);
    }
  }

  /**
   * The check np.load makes of a stored member before anything is exported from it (zipfile
   * checks its CRC when its reads reach the member's end): made here, before any output, by
   * reading the member through. A deflated member is checked as it is inflated.
   */
  async verifyStored(name: string): Promise<void> {
    const m = this.member(name);
    if (m.compressed) return;
    const a = await this.openArray(name, { verify: true });
    try {
      const v = a.view();
      if (v.size > 0 && a.dtype.itemsize > 0) {
        // reading the last element runs the check
        await v.readBlock(v.shape.map((n) => n - 1), v.shape.map(() => 1));
      }
    } finally {
      await a.close();
    }
  }

  /** Streams n raw bytes of a stored member in chunks; with `crc`, checks the CRC of them. */
  private async readStored(m: NpzMember, e: ZipEntry, offset: number, n: number, signal: AbortSignal | undefined,
    each: (chunk: Uint8Array) => Promise<void>, crcCheck = true): Promise<void> {
    let crc = 0;
    for (let done = 0; done < n;) {
      if (signal?.aborted) throw new NpyError('cancelled', `${this.where(m)}: cancelled`);
      const k = Math.min(COPY_CHUNK, n - done);
      const chunk = await this.zip.source.read(offset + done, k);
      crc = crc32Update(crc, chunk);
      await each(chunk);
      done += k;
    }
    if (crcCheck && crc !== e.crc32) {
      throw new NpyError('format', `${this.where(m)}: CRC mismatch (archive says ${hex(e.crc32)}, data gives ${hex(crc)}); the member is corrupt`);
    }
  }

  /** Adds the member name to errors from layers that do not know it. */
  private named(m: NpzMember, e: unknown): unknown {
    if (e instanceof NpyError && !e.message.includes(`'${m.name}'`)) {
      return new NpyError(e.code, `${this.where(m)}: ${e.message}`);
    }
    return e;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.headers.clear(); // readHeader now fails as openArray does
    this.descriptions.clear();
    for (const s of [...this.open]) await s.close();
    await this.zip.source.close();
  }
}

/** The member's own source behind an array's (an InflateSource, a window), for statistics. */
export function memberBytes(src: ByteSource): ByteSource {
  return src instanceof CheckedSource ? src.inner : src;
}

/** np.load's reads of an array member after its magic, from its header. */
function numpyReads(h: NpyHeader): NumpyReads {
  const lengthBytes = h.version === '1.0' ? 2 : 4;
  return {
    lengthBytes, headerLength: h.dataOffset - 8 - lengthBytes,
    count: product(h.shape), itemsize: h.dtype.itemsize * product(h.subShape),
  };
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** A member's bytes that run np.load's end-of-member check once a read reaches `at`. */
class CheckedSource implements ByteSource {
  private checked: Promise<void> | null = null;
  constructor(readonly inner: ByteSource, private readonly at: number, private readonly check: () => Promise<void>) {}
  get size(): number { return this.inner.size; }
  get parallelReads(): boolean | undefined { return this.inner.parallelReads; }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const out = await this.inner.read(offset, length);
    if (offset + length >= this.at) {
      this.checked ??= this.check();
      await this.checked;
    }
    return out;
  }
  close(): Promise<void> { return this.inner.close(); }
}

function hex(n: number): string { return '0x' + n.toString(16).padStart(8, '0'); }
