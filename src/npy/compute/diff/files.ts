/**
 * Comparing two files (.npy or .npz, either side): which arrays pair up, then comparePair on
 * each, with one progress over all of them.
 *
 * - .npy vs .npy: the two arrays (name '').
 * - .npz vs .npz: every member present in both, by name, in A's order; members only in one
 *   are listed (`only_in_a`, `only_in_b`) and make the files differ. With `member`, only that
 *   member of each (it must be in both).
 * - .npy vs .npz (either way round): the array against the archive's member `member`, or its
 *   only array when no member is named (like `npyview export`); the pair is named after it.
 * Members that are not .npy arrays (np.load gives their bytes) are compared byte for byte with
 * each other; an array against a non-array differs.
 * A stored member's CRC is checked as np.load checks it (a deflated one as it is inflated).
 */
import type { NpyArray } from '../../format/array';
import { NpyError } from '../../errors';
import type { NpyHeader } from '../../format/header';
import type { NpzFile } from '../../format/npz/npz';
import { dtypeDescr } from '../../format/dtype';
import type { OpenedFile } from '../../format/open';
import { DEFAULT_TOLERANCE } from './numeric';
import { comparePair, type CompareOptions, type PairDiff } from './pair';
import type { DiffResult } from '../../../shared/compare';

export type { DiffResult };

export interface FileCompareOptions extends CompareOptions {
  /** The one .npz member to compare (on each .npz side). */
  member?: string;
}

/** One side: the opened file and the name messages use for it. */
export interface DiffSide {
  file: OpenedFile;
  label: string;
}

interface Planned {
  name: string;
  open(): Promise<[NpyArray, NpyArray]>;
  /** Both are non-array members: compare their bytes. */
  bytes?: true;
  /** One side is not an array: the pair as reported. */
  notArray?: PairDiff;
  size: number;
}

/** Names of an archive's members, each once, in archive order. */
function memberNames(npz: NpzFile): string[] {
  return [...new Set(npz.members.map((m) => m.name))];
}

/** What np.load gives for a member: an array (its header) or bytes; an unreadable member throws. */
async function describeMember(npz: NpzFile, name: string): Promise<{ isArray: boolean; header?: NpyHeader }> {
  const d = await npz.describe(npz.member(name));
  if (d.error !== undefined) throw new NpyError('format', d.error);
  return { isArray: d.isArray, header: d.header };
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((x, y) => x * y, 1);

/** The archive's only array member (np.load of a one-array npz), or a usage error naming the choices. */
async function onlyArray(side: DiffSide & { file: { kind: 'npz' } }): Promise<string> {
  const arrays: string[] = [];
  for (const name of memberNames(side.file.npz)) if ((await describeMember(side.file.npz, name)).isArray) arrays.push(name);
  if (arrays.length === 1) return arrays[0];
  if (arrays.length === 0) throw new NpyError('usage', `${side.label}: the archive holds no .npy arrays`);
  const names = arrays.slice(0, 10).join(', ') + (arrays.length > 10 ? ', …' : '');
  throw new NpyError('usage', `${side.label}: the archive holds ${arrays.length} arrays (${names}); choose one with --member NAME`);
}

/** Inflated bytes a compressed member keeps in memory during the pass (its cache's budget). */
const INFLATE_BUDGET = 16 << 20;

/**
 * Opens a member for one pass in C order. A compressed member whose C order is its file order is
 * read forward only (nothing spilled to a temporary file); a Fortran-order one keeps the cache.
 */
async function openMember(side: DiffSide, name: string): Promise<NpyArray> {
  if (side.file.kind !== 'npz') throw new Error('openMember on a .npy');
  const npz = side.file.npz;
  const m = npz.member(name);
  if (!m.compressed) await npz.verifyStored(name);
  const h = await npz.readHeader(name);
  const forwardOnly = !h.fortranOrder || h.shape.filter((n) => n > 1).length <= 1;
  return npz.openArray(name, { inflate: { memoryBudget: INFLATE_BUDGET, forwardOnly } });
}

/** The pairs to compare and the members on one side only. */
async function plan(A: DiffSide, B: DiffSide, member: string | undefined): Promise<{ planned: Planned[]; onlyA: string[]; onlyB: string[] }> {
  const fa = A.file;
  const fb = B.file;
  if (fa.kind === 'npy' && fb.kind === 'npy') {
    if (member !== undefined) throw new NpyError('usage', `--member names an .npz member, and ${A.label} and ${B.label} are .npy files`);
    return { planned: [{ name: '', open: async () => [fa.array, fb.array], size: sizeOf(fa.array.shape) }], onlyA: [], onlyB: [] };
  }
  if (fa.kind === 'npy' || fb.kind === 'npy') {
    const zside = (fa.kind === 'npz' ? A : B) as DiffSide & { file: { kind: 'npz' } };
    const yside = fa.kind === 'npy' ? A : B;
    const name = member !== undefined ? zside.file.npz.member(member).name : await onlyArray(zside);
    const { isArray } = await describeMember(zside.file.npz, name);
    if (!isArray) throw new NpyError('usage', `${zside.label}: member '${name}' is not a .npy array`);
    const arr = (yside.file as { kind: 'npy'; array: NpyArray }).array;
    const open = async (): Promise<[NpyArray, NpyArray]> => {
      const m = await openMember(zside, name);
      return fa.kind === 'npy' ? [arr, m] : [m, arr];
    };
    return { planned: [{ name, open, size: sizeOf(arr.shape) }], onlyA: [], onlyB: [] };
  }
  const za = fa.npz;
  const zb = fb.npz;
  let names: string[];
  let onlyA: string[] = [];
  let onlyB: string[] = [];
  if (member !== undefined) {
    names = [za.member(member).name];
    zb.member(member); // in B too, or a usage error naming B
  } else {
    const na = memberNames(za);
    const nb = memberNames(zb);
    const inB = new Set(nb);
    const inA = new Set(na);
    names = na.filter((n) => inB.has(n));
    onlyA = na.filter((n) => !inB.has(n));
    onlyB = nb.filter((n) => !inA.has(n));
  }
  const planned: Planned[] = [];
  for (const name of names) {
    const [ia, ib] = await Promise.all([describeMember(za, name), describeMember(zb, name)]);
    const open = async (): Promise<[NpyArray, NpyArray]> => {
      const x = await openMember(A, name);
      try {
        return [x, await openMember(B, name)];
      } catch (e) {
        await x.close();
        throw e;
      }
    };
    if (ia.isArray && ib.isArray) planned.push({ name, open, size: sizeOf(ia.header!.shape) });
    else if (!ia.isArray && !ib.isArray) planned.push({ name, open, bytes: true, size: 0 });
    else {
      const reason = `member '${name}' is ${ia.isArray ? 'an array' : 'not an array'} in ${A.label} and ${ib.isArray ? 'an array' : 'not an array'} in ${B.label}`;
      planned.push({ name, open, size: 0, notArray: {
        name, shape: [ia.header?.shape ?? null, ib.header?.shape ?? null],
        dtype: [ia.header ? dtypeDescr(ia.header.dtype) : null, ib.header ? dtypeDescr(ib.header.dtype) : null],
        compared: 0, mismatches: 0, max_abs: null, max_rel: null, first: [], worst: null, same: false, reason,
      } });
    }
  }
  return { planned, onlyA, onlyB };
}

/** Compares the bytes of two non-array members (np.load gives them as bytes). */
async function compareMemberBytes(A: DiffSide, B: DiffSide, name: string, signal?: AbortSignal): Promise<PairDiff> {
  const za = (A.file as { npz: NpzFile }).npz;
  const zb = (B.file as { npz: NpzFile }).npz;
  const [sa, sb] = [await za.memberSource(name), await zb.memberSource(name)];
  try {
    const base = { name, shape: [null, null] as [null, null], dtype: [null, null] as [null, null], max_abs: null, max_rel: null, first: [], worst: null };
    if (sa.size !== sb.size) return { ...base, compared: 0, mismatches: 0, same: false, reason: `member '${name}' is not an array; its bytes differ in length (${sa.size} and ${sb.size})` };
    const step = 1 << 20;
    for (let at = 0; at < sa.size; at += step) {
      if (signal?.aborted) throw new NpyError('cancelled', 'cancelled');
      const n = Math.min(step, sa.size - at);
      const [x, y] = await Promise.all([sa.read(at, n), sb.read(at, n)]);
      for (let k = 0; k < n; k++) {
        if (x[k] !== y[k]) return { ...base, compared: 0, mismatches: 0, same: false, reason: `member '${name}' is not an array; its bytes differ from byte ${at + k}` };
      }
    }
    return { ...base, compared: 0, mismatches: 0, same: true, reason: null };
  } finally {
    await Promise.allSettled([sa.close(), sb.close()]);
  }
}

/**
 * Compares two opened files. Errors (an unreadable member, a member name missing on one side,
 * an archive with several arrays against a .npy without `member`) are NpyErrors; dtypes that
 * cannot be compared and different shapes are differing pairs, not errors.
 */
export async function compareFiles(A: DiffSide, B: DiffSide, opts: FileCompareOptions = {}): Promise<DiffResult> {
  const { planned, onlyA, onlyB } = await plan(A, B, opts.member);
  const total = planned.reduce((s, p) => s + p.size, 0);
  let before = 0;
  const pairs: PairDiff[] = [];
  for (const p of planned) {
    if (p.notArray) { pairs.push(p.notArray); continue; }
    if (p.bytes) { pairs.push(await compareMemberBytes(A, B, p.name, opts.signal)); continue; }
    const [x, y] = await p.open();
    try {
      pairs.push(await comparePair(x.view(), y.view(), {
        ...opts, name: p.name,
        onProgress: opts.onProgress && ((done) => opts.onProgress!(before + done, total)),
      }));
      before += p.size;
      opts.onProgress?.(before, total);
    } finally {
      if (A.file.kind === 'npz') await x.close();
      if (B.file.kind === 'npz') await y.close();
    }
  }
  return {
    same: pairs.every((p) => p.same) && onlyA.length === 0 && onlyB.length === 0,
    pairs,
    only_in_a: onlyA,
    only_in_b: onlyB,
    rtol: opts.rtol ?? DEFAULT_TOLERANCE.rtol,
    atol: opts.atol ?? DEFAULT_TOLERANCE.atol,
  };
}
