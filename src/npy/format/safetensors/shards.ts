/**
 * Sharded checkpoints: `model.safetensors.index.json` = {"metadata": {...}, "weight_map":
 * {"TENSOR": "model-00001-of-00002.safetensors", ...}}. Listed from the index alone; a shard's
 * header is read the first time one of its tensors is described or opened. Shard names are
 * resolved relative to the index's folder and must stay inside it (no absolute paths, no '..').
 * A missing or broken shard makes only its tensors unreadable.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray } from '../array';
import { ArrayContainer, Described, noMemberMessage } from '../container';
import { NpyError } from '../../errors';
import { FileSource } from '../../io/filesource';
import { Json, JsonNumber, JsonObject, jsonText, parseJson } from './json';
import { MAX_HEADER_SIZE, SafetensorsFile, TensorEntry } from './safetensors';
import { ByteSource } from '../../io/source';

export interface ShardedMember extends TensorEntry {
  /** The shard file as the index names it (relative to the index's folder). */
  shard: string;
}

/** Opens a shard by its checked relative path. */
export type ShardOpener = (relative: string) => Promise<ByteSource>;

/** Why a shard name may not be opened, or undefined when it is a plain path inside the folder. */
export function shardPathProblem(rel: string): string | undefined {
  if (rel === '') return 'it is empty';
  if (rel.includes('\0')) return 'it contains a NUL character';
  if (/^[\\/]/.test(rel) || /^[A-Za-z]:/.test(rel)) return 'it is an absolute path';
  if (rel.split(/[\\/]/).some((seg) => seg === '..')) return "it climbs out of the index's folder ('..')";
  return undefined;
}

/** Opens shards as files next to the index; refuses one whose real path (symlinks followed) leaves the folder. */
export function fileShardOpener(indexPath: string): ShardOpener {
  const dir = path.dirname(path.resolve(indexPath));
  return async (rel) => {
    const target = path.resolve(dir, rel);
    let real: string;
    let realDir: string;
    try {
      [real, realDir] = await Promise.all([fs.promises.realpath(target), fs.promises.realpath(dir)]);
    } catch {
      return FileSource.open(target); // reports the missing file in its own words
    }
    if (real !== realDir && !real.startsWith(realDir + path.sep)) {
      throw new NpyError('format', `shard ${JSON.stringify(rel)} leads outside the index's folder (to ${real})`);
    }
    return FileSource.open(target);
  };
}

/** First bytes that may be a JSON index: '{' after optional whitespace. */
export function looksLikeJsonObject(head: Uint8Array): boolean {
  for (const b of head) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b;
  }
  return false;
}

export class ShardedSafetensors implements ArrayContainer<ShardedMember> {
  private readonly shards = new Map<string, Promise<SafetensorsFile>>();
  private closed = false;

  private constructor(
    private readonly index: ByteSource,
    readonly label: string,
    readonly members: ShardedMember[],
    /** The index's "metadata" entries, values as text (JSON for non-strings). */
    readonly metadata: [string, string][],
    private readonly opener: ShardOpener,
  ) {}

  /** Reads the index (the source is the caller's to close if this fails). */
  static async open(index: ByteSource, label: string, opener: ShardOpener): Promise<ShardedSafetensors> {
    const fail = (why: string): never => { throw new NpyError('format', `${label}: ${why}`); };
    if (index.size > MAX_HEADER_SIZE) fail(`the index is ${index.size} bytes, more than the limit of ${MAX_HEADER_SIZE} bytes`);
    let root: Json;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await index.read(0, index.size));
      root = parseJson(text, 'the index');
    } catch (e) {
      if (e instanceof NpyError) throw new NpyError(e.code, `${label}: ${e.message}`);
      return fail('the index is not valid UTF-8 text');
    }
    if (!(root instanceof JsonObject)) return fail(`the index is not a JSON object: ${jsonText(root)}`);
    const map = root.get('weight_map');
    if (!(map instanceof JsonObject)) return fail(`the index has no "weight_map" object (not a sharded checkpoint index)`);
    const dup = map.duplicateKeys();
    const members: ShardedMember[] = [];
    const seen = new Set<string>();
    for (const [name, file] of map.entries) {
      if (seen.has(name)) continue;
      seen.add(name);
      const m: ShardedMember = { name, isArray: true, dtype: '', shard: typeof file === 'string' ? file : '' };
      const problem = typeof file !== 'string' ? `its shard is not a file name: ${jsonText(file)}`
        : dup.includes(name) ? 'the weight_map lists it more than once'
          : shardPathProblem(file) && `its shard ${JSON.stringify(file)} is refused: ${shardPathProblem(file)}`;
      if (problem) { m.error = problem; m.isArray = false; }
      members.push(m);
    }
    const md = root.get('metadata');
    const metadata: [string, string][] = md instanceof JsonObject
      ? md.entries.map(([k, v]) => [k, typeof v === 'string' ? v : v instanceof JsonNumber ? v.text : jsonText(v, 1000)])
      : [];
    return new ShardedSafetensors(index, label, members, metadata, opener);
  }

  /** Opens an index file, its shards beside it. */
  static async openFile(indexPath: string, label: string = indexPath): Promise<ShardedSafetensors> {
    const src = await FileSource.open(indexPath);
    try {
      return await ShardedSafetensors.open(src, label, fileShardOpener(indexPath));
    } catch (e) {
      await src.close();
      throw e;
    }
  }

  /** The distinct shard files, in the order the index first names them. */
  get shardNames(): string[] {
    return [...new Set(this.members.filter((m) => m.shard !== '').map((m) => m.shard))];
  }

  member(name: string): ShardedMember {
    const m = this.members.find((t) => t.name === name);
    if (!m) throw new NpyError('usage', noMemberMessage(this.label, name, this.members.map((t) => t.name), 'tensor'));
    return m;
  }

  /** The shard's header, read once (a failed read is retried next time). */
  shard(name: string): Promise<SafetensorsFile> {
    if (this.closed) return Promise.reject(new NpyError('io', `${this.label}: index is closed`));
    let p = this.shards.get(name);
    if (!p) {
      p = (async () => {
        const src = await this.opener(name);
        try {
          return await SafetensorsFile.open(src, name);
        } catch (e) {
          await src.close();
          throw e;
        }
      })();
      this.shards.set(name, p);
      p.catch(() => this.shards.delete(name));
    }
    return p;
  }

  /** The tensor's entry in its shard; throws an NpyError naming the shard when there is none. */
  private async entry(m: ShardedMember): Promise<{ file: SafetensorsFile; entry: TensorEntry }> {
    if (m.error !== undefined) throw new NpyError('format', m.error);
    let file: SafetensorsFile;
    try {
      file = await this.shard(m.shard);
    } catch (e) {
      throw new NpyError(e instanceof NpyError ? e.code : 'io', `shard ${e instanceof Error ? e.message : String(e)}`);
    }
    const entry = file.members.find((t) => t.name === m.name);
    if (!entry) throw new NpyError('format', `the index puts it in ${m.shard}, which has no such tensor`);
    return { file, entry };
  }

  async describe(m: ShardedMember): Promise<Described<ShardedMember>> {
    try {
      const { file, entry } = await this.entry(m);
      const d = await file.describe(entry);
      return { ...d, shard: m.shard, name: m.name };
    } catch (e) {
      if (!(e instanceof NpyError)) throw e;
      return { ...m, isArray: false, error: e.message };
    }
  }

  async openArray(name: string): Promise<NpyArray> {
    const m = this.member(name);
    try {
      const { file } = await this.entry(m);
      return await file.openArray(name);
    } catch (e) {
      if (e instanceof NpyError && !e.message.includes(`'${name}'`)) throw new NpyError(e.code, `${this.label}: tensor '${name}': ${e.message}`);
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const open = [...this.shards.values()];
    this.shards.clear();
    for (const p of open) {
      try { await (await p).close(); } catch { /* a shard that failed to open holds nothing */ }
    }
    await this.index.close();
  }
}
