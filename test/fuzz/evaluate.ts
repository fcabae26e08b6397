/**
 * The engine's side of a fuzz case, as np.load + np.savetxt would see the file: open it, load each
 * array (each .npz member, with np.load's checks), hash its C-order bytes and its savetxt text
 * for each format. Runs inside a worker thread (engine.ts) so a case can be stopped.
 */
import { createHash } from 'crypto';
import { NpyArray } from '../../src/npy/format/array';
import { DType, dtypeDescr } from '../../src/npy/format/dtype';
import { NpyError } from '../../src/npy/errors';
import { openFile } from '../../src/npy/format/open';
import { ByteSink } from '../../src/npy/io/sink';
import { SAVETXT_DEFAULTS, savetxt } from '../../src/npy/text/savetxt';
import { ItemResult, Outcome, TEXT_CAP } from './outcome';

class Capped extends Error {}

/**
 * Hashes the first `hashCap` bytes it is given and counts the rest; stops the writer (Capped) at
 * `stopCap` bytes. The defaults hash and stop at TEXT_CAP.
 */
class HashSink implements ByteSink {
  readonly h = createHash('sha256');
  n = 0;
  constructor(private readonly hashCap = TEXT_CAP, private readonly stopCap = hashCap) {}
  async write(chunk: Uint8Array): Promise<void> {
    const room = this.hashCap - this.n;
    if (room > 0) this.h.update(chunk.subarray(0, room));
    this.n += chunk.length;
    if (this.n >= this.stopCap) throw new Capped();
  }
}

/**
 * How much of an array member the engine's copy (what `npyview save` writes) hashes: all of any
 * member a fuzz case makes in practice, while an inflating bomb still stops.
 */
const COPY_CAP = 64 << 20;

/** 1 for each byte of an item that belongs to a field, or null when every byte does. */
function fieldBytes(dt: DType): Uint8Array | null {
  if (dt.kind !== 'struct') return null;
  const mask = new Uint8Array(dt.itemsize);
  const mark = (d: DType, at: number): void => {
    if (d.kind !== 'struct') { mask.fill(1, at, at + d.itemsize); return; }
    for (const f of d.fields) {
      const n = f.shape.reduce((a, b) => a * b, 1);
      for (let k = 0; k < n; k++) mark(f.dtype, at + f.offset + k * f.dtype.itemsize);
    }
  };
  mark(dt, 0);
  return mask.every((b) => b === 1) ? null : mask;
}

/**
 * Bytes of the array in C order, read a block of rows at a time; a record's padding counts as
 * zeros (as in oracle.py: np.load of an .npz member does not keep it).
 */
async function dataHash(arr: NpyArray): Promise<string> {
  const h = createHash('sha256');
  const mask = fieldBytes(arr.dtype);
  const hash = mask ? (b: Uint8Array) => {
    const c = Uint8Array.from(b);
    for (let i = 0; i < c.length; i++) if (mask[i % mask.length] === 0) c[i] = 0;
    h.update(c);
  } : (b: Uint8Array) => h.update(b);
  const v = arr.view();
  if (v.size === 0 || arr.dtype.itemsize === 0) return h.digest('hex');
  if (v.shape.length === 0) {
    hash(await v.readBlock([], []));
    return h.digest('hex');
  }
  const rowBytes = v.shape.slice(1).reduce((a, b) => a * b, 1) * arr.dtype.itemsize;
  const step = Math.max(1, Math.floor((4 << 20) / Math.max(1, rowBytes)));
  for (let r = 0; r < v.shape[0]; r += step) {
    const n = Math.min(step, v.shape[0] - r);
    hash(await v.readBlock([r, ...v.shape.slice(1).map(() => 0)], [n, ...v.shape.slice(1)]));
  }
  return h.digest('hex');
}

function message(e: unknown): string {
  return e instanceof Error ? e.message.slice(0, 300) : String(e);
}

/** Not an NpyError: a bug in the engine. */
class Crash extends Error {
  constructor(readonly inner: unknown) { super(inner instanceof Error ? inner.stack ?? inner.message : String(inner)); }
}

function expected(e: unknown): string {
  if (e instanceof NpyError) return message(e);
  throw new Crash(e);
}

async function describeArray(key: string, arr: NpyArray, fmts: string[]): Promise<ItemResult> {
  const h = arr.header;
  const item: ItemResult = { key, dtype: dtypeDescr(h.dtype), shape: (h.bigShape ?? h.shape).map(String) };
  item.data = await dataHash(arr);
  if (h.shape.length === 1 || h.shape.length === 2) {
    item.text = {};
    for (const fmt of fmts) {
      const sink = new HashSink();
      try {
        await savetxt(arr.view(), { ...SAVETXT_DEFAULTS, fmt }, sink);
        item.text[fmt] = { sha: sink.h.digest('hex'), len: sink.n };
      } catch (e) {
        if (e instanceof Capped) item.text[fmt] = { sha: sink.h.digest('hex'), len: TEXT_CAP, capped: true };
        else item.text[fmt] = { error: expected(e) };
      }
    }
  }
  return item;
}

export async function evaluate(file: string, fmts: string[]): Promise<Outcome> {
  try {
    let opened;
    try {
      opened = await openFile(file);
    } catch (e) {
      return { kind: 'error', error: expected(e), items: [] };
    }
    try {
      if (opened.kind === 'npy') return { kind: 'npy', items: [await describeArray('', opened.array, fmts)] };
      const npz = opened.npz;
      const items: ItemResult[] = [];
      for (const m of npz.members) {
        const key = m.name;
        try {
          const d = await npz.describe(npz.member(key));
          if (d.error !== undefined) { items.push({ key, error: d.error }); continue; }
          if (!d.isArray) {
            // np.load reads a non-array member whole, so its CRC (and its end) is checked: copy it
            // to its end too (up to COPY_CAP), hashing the first TEXT_CAP bytes
            const sink = new HashSink(TEXT_CAP, COPY_CAP);
            let capped = false;
            try {
              await npz.copyMember(key, sink);
            } catch (e) {
              if (!(e instanceof Capped)) throw e;
              capped = true;
            }
            items.push({ key, bytes: { sha: sink.h.digest('hex'), len: capped ? COPY_CAP : sink.n, ...(capped ? { capped } : {}) } });
            continue;
          }
          const copySink = new HashSink(COPY_CAP);
          let copy: ItemResult['copy'];
          try {
            await npz.copyMember(key, copySink);
            copy = { sha: copySink.h.digest('hex') };
          } catch (e) {
            copy = e instanceof Capped ? { capped: true } : { error: expected(e) };
          }
          let arr: NpyArray;
          try {
            arr = await npz.openArray(key, { verify: true });
          } catch (e) {
            items.push({ key, error: expected(e), copy });
            continue;
          }
          try {
            items.push({ ...await describeArray(key, arr, fmts), copy });
          } finally {
            await arr.close();
          }
        } catch (e) {
          items.push({ key, error: e instanceof Capped ? 'capped' : expected(e) });
        }
      }
      return { kind: 'npz', items };
    } finally {
      if (opened.kind === 'npz') await opened.npz.close();
      await opened.source.close();
    }
  } catch (e) {
    if (e instanceof Crash) return { kind: 'error', error: 'crash', items: [], crash: e.message };
    return { kind: 'error', error: 'crash', items: [], crash: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
}
