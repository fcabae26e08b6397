/**
 * .npz archives (np.savez / np.savez_compressed): a zip of .npy members. Members are listed in
 * archive order and opened lazily; a stored member is a window of the file (random access like a
 * .npy), a deflated one an InflateSource (progressive inflation with a bounded cache).
 */
import { NpyArray } from './array';
import type { ArrayContainer } from './container';
import { hasObjects } from './objectarray';
import { crc32Update } from '../io/crc32';
import { NpyError } from '../errors';
import { NpyHeader, readHeader } from './header';
import { DeflatedMember, InflateOptions, InflateSource, inflateToSink } from '../io/inflatesource';
import { ByteSink } from '../io/sink';
import { ByteSource } from '../io/source';
import { WindowSource, ZipArchive, ZipEntry } from '../io/zip';
import type { MemberEntry } from '../../shared/protocol';

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
/** Uncompressed bytes a deflated array member may carry past its array data (see checkNeeded). */
export const MAX_TRAILING_BYTES = 1 << 20;
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
   * open). Stored members read straight from the file; deflated ones inflate on demand.
   */
  async memberSource(name: string, opts: InflateOptions = {}): Promise<ByteSource> {
    return this.sourceOf(this.member(name), opts);
  }

  private async sourceOf(m: NpzMember, opts: InflateOptions = {}): Promise<ByteSource> {
    if (this.closed) throw new NpyError('io', `${this.label}: archive is closed`);
    const e = this.entryOf.get(m)!;
    this.zip.checkReadable(e, this.where(m));
    const offset = await this.zip.dataOffset(e, this.where(m));
    if (e.method === 0) return new WindowSource(this.zip.source, offset, e.uncompressedSize, this.where(m));
    const src: InflateSource = new InflateSource(this.deflated(m, e, offset), {
      ...this.opts.inflate, ...opts, onClose: () => this.open.delete(src),
    });
    this.open.add(src);
    return src;
  }

  private deflated(m: NpzMember, e: ZipEntry, offset: number): DeflatedMember {
    return {
      source: this.zip.source, offset, compressedSize: e.compressedSize, size: e.uncompressedSize,
      crc32: e.crc32, label: this.where(m),
    };
  }

  /** Checks the magic first so a non-array member gets a message that says so. */
  private async checkMagic(m: NpzMember, src: ByteSource): Promise<void> {
    // 16 bytes: the magic, plus enough to show the user what the member is instead.
    const head = (await src.read(0, Math.min(src.size, 16))).slice();
    if (!hasNpyMagic(head)) {
      const what = src.size === 0 ? 'it is empty' : `it starts with ${describeBytes(head)}`;
      throw new NpyError('format', `${this.where(m)} is not a .npy array (${what})`);
    }
  }

  /** The header of a member that starts with the .npy magic, else null. */
  private async headerIfArray(m: NpzMember): Promise<NpyHeader | null> {
    const src = await this.sourceOf(m);
    try {
      const head = await src.read(0, Math.min(src.size, NPY_MAGIC.length));
      return hasNpyMagic(head) ? await readHeader(src) : null;
    } catch (e) {
      throw this.named(m, e);
    } finally {
      await src.close();
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
    const src = await this.sourceOf(m);
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
      const src = await this.sourceOf(m);
      try {
        magic = hasNpyMagic(await src.read(0, Math.min(src.size, NPY_MAGIC.length)));
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
   * A deflated member whose archive entry is much larger than its header's shape needs would
   * make us inflate data no one asked for (the classic zip bomb: a tiny array header in front of
   * gigabytes of zeros). NumPy reads such a member (it stops after the array's bytes), and so do
   * we for modest trailing data; only reads of the array happen, so memory stays bounded either
   * way. Past MAX_TRAILING_BYTES, and more than the array itself, it is refused up front.
   */
  private checkNeeded(m: NpzMember, header: NpyHeader): void {
    // An object array's pickle has no size the header predicts (the unpickler bounds its own work).
    if (!m.compressed || hasObjects(header.dtype)) return;
    const needed = header.dataOffset + header.dtype.itemsize * header.shape.reduce((a, b) => a * b, 1);
    const trailing = m.uncompressedSize - needed;
    if (trailing > MAX_TRAILING_BYTES && trailing > needed) {
      throw new NpyError('format',
        `${this.where(m)} inflates to ${m.uncompressedSize} bytes but its .npy header needs only ${needed} (corrupt archive or zip bomb); not inflating it`);
    }
  }

  /** `inflate` tunes a deflated member's cache (e.g. forwardOnly for one streaming pass). */
  async openArray(name: string, opts: { onProgress?(done: number, total: number): void; inflate?: InflateOptions } = {}): Promise<NpyArray> {
    const m = this.member(name);
    const src = await this.sourceOf(m, { ...opts.inflate, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    try {
      await this.checkMagic(m, src);
      this.checkNeeded(m, await readHeader(src));
      return await NpyArray.open(src, this.where(m), { member: true });
    } catch (e) {
      await src.close();
      throw this.named(m, e);
    }
  }

  /**
   * Streams the member's exact bytes (inflated if compressed) into a sink: byte-identical to the
   * .npy np.save wrote into the archive. The CRC is checked; on a mismatch the sink has already
   * received the bad bytes, so callers writing a file should delete it on error.
   */
  async copyMember(name: string, sink: ByteSink, opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.closed) throw new NpyError('io', `${this.label}: archive is closed`);
    const m = this.member(name);
    const e = this.entryOf.get(m)!;
    this.zip.checkReadable(e, this.where(m));
    const offset = await this.zip.dataOffset(e, this.where(m));
    if (m.compressed) {
      // An array's header first, through a throwaway source: refuse bombs before streaming
      // anything. Other members are capped by their declared size alone.
      const h = await this.headerIfArray(m);
      if (h) this.checkNeeded(m, h);
      await inflateToSink(this.deflated(m, e, offset), sink, opts.signal);
      return;
    }
    await this.readStored(m, offset, opts.signal, (chunk) => sink.write(chunk));
  }

  /**
   * Checks a stored member's CRC by reading it through (np.load fails on a mismatch: zipfile
   * checks the CRC once the member is read to its end). Use before work that reads the whole
   * member; partial reads are not checked. A deflated member is checked as it is inflated to its end.
   */
  async verifyStored(name: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.closed) throw new NpyError('io', `${this.label}: archive is closed`);
    const m = this.member(name);
    if (m.compressed) return;
    const e = this.entryOf.get(m)!;
    this.zip.checkReadable(e, this.where(m));
    await this.readStored(m, await this.zip.dataOffset(e, this.where(m)), opts.signal, async () => undefined);
  }

  /** Streams a stored member's bytes in chunks, then checks its CRC. */
  private async readStored(m: NpzMember, offset: number, signal: AbortSignal | undefined,
    each: (chunk: Uint8Array) => Promise<void>): Promise<void> {
    const e = this.entryOf.get(m)!;
    let crc = 0;
    for (let done = 0; done < e.uncompressedSize;) {
      if (signal?.aborted) throw new NpyError('cancelled', `${this.where(m)}: cancelled`);
      const n = Math.min(COPY_CHUNK, e.uncompressedSize - done);
      const chunk = await this.zip.source.read(offset + done, n);
      crc = crc32Update(crc, chunk);
      await each(chunk);
      done += n;
    }
    if (crc !== e.crc32) {
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

function hex(n: number): string { return '0x' + n.toString(16).padStart(8, '0'); }
