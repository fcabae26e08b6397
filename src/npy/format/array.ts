/**
 * Random access to an array: a header plus a ByteSource, and NumPy-style strided views over it
 * (byte offset + shape + byte strides). Indexing only changes numbers; bytes are read when a block
 * is asked for, and then only the bytes of that block.
 */
import { DType } from './dtype';
import { NpyError } from '../errors';
import { NpyHeader, readHeader } from './header';
import { AxisSel, expandIndex, parseIndexExpr } from './indexexpr';
import { ByteSource } from '../io/source';
import { hasObjects, loadObjectArray } from './objectarray';
import { shapeText } from '../../shared/format';

/** Runs closer than this are fetched in one read (a read costs more than a few KB of bytes). */
export const MERGE_GAP = 4096;
/** Upper bound for one read, so memory stays bounded however large the block. */
const MAX_READ = 8 * 1024 * 1024;
/** Upper bound of runs remembered per read (keeps bookkeeping memory bounded). */
const MAX_RUNS_PER_READ = 65536;

function product(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

export class NpyArray {
  private constructor(readonly header: NpyHeader, readonly source: ByteSource, readonly label: string) {}

  get dtype(): DType { return this.header.dtype; }
  get shape(): number[] { return this.header.shape; }
  /** Bytes of array data the shape needs. */
  get dataBytes(): number { return product(this.header.shape) * this.header.dtype.itemsize; }

  /**
   * Reads the header and checks that the data is as long as the shape needs. `member`: the
   * bytes come from an .npz member, which NumPy reads as a stream (all or nothing) rather than
   * with fromfile (as many whole items as the file holds): the two differ only for a top-level
   * subarray descr, see NpyHeader.subShape.
   */
  static async open(src: ByteSource, label = 'array', opts: { member?: boolean } = {}): Promise<NpyArray> {
    const header = await readHeader(src);
    if (hasObjects(header.dtype)) {
      // Pickled Python objects: rebuilt by the safe unpickler, then an array like any other.
      const loaded = await loadObjectArray(src, header, label);
      await src.close();
      return NpyArray.over(loaded.source, loaded.header, label);
    }
    return NpyArray.over(src, header, label, opts);
  }

  /**
   * An array whose header is known from elsewhere (a .safetensors entry, a raw file, an
   * unpickled object array): checks that the source holds the data the shape needs.
   */
  static over(src: ByteSource, header: NpyHeader, label = 'array', opts: { member?: boolean } = {}): NpyArray {
    const arr = new NpyArray(header, src, label);
    const present = Math.max(0, src.size - header.dataOffset);
    const per = product(header.subShape);
    const count = product(header.shape);
    if (per !== 1 && count !== 0) {
      // NumPy reads `count` items of the subarray dtype: per × count elements, where the
      // reshape to `shape` wants count. A file may hold fewer whole items (fromfile stops).
      const item = header.dtype.itemsize * per;
      const items = opts.member ? (present >= count * item ? count : 0) : Math.min(count, Math.floor(present / item));
      if (opts.member && items < count) {
        throw new NpyError('format', `the data is shorter than the shape needs: ${count} items of ${item} bytes need ${count * item} bytes, ` +
          `but only ${present} bytes are present (numpy: EOF: reading array data)`);
      }
      if (items * per !== count) {
        throw new NpyError('format', `Failed to read all data for array. Expected ${shapeText(header.shape)} = ${count} elements, ` +
          `could only read ${items * per} elements (numpy reads the top-level subarray dtype as items of ${per} elements)`);
      }
      return arr;
    }
    if (arr.dataBytes > 0 && present < arr.dataBytes) {
      throw new NpyError('format', `the data is shorter than the shape needs: shape ${shapeText(header.shape)} of ` +
        `${header.dtype.itemsize}-byte items needs ${arr.dataBytes} bytes, but only ${present} bytes are present (truncated file?)`);
    }
    return arr;
  }

  /** The whole array as a view (C or Fortran strides, as stored). */
  view(): ArrayView {
    const { shape, fortranOrder, dtype } = this.header;
    const strides = new Array<number>(shape.length);
    let s = dtype.itemsize;
    const axes = shape.map((_, i) => i);
    for (const ax of fortranOrder ? axes : axes.reverse()) {
      strides[ax] = s;
      s *= shape[ax];
    }
    return new ArrayView(this, dtype, [...shape], strides, 0);
  }

  async close(): Promise<void> { await this.source.close(); }
}

/** Python's slice.indices + length: the selected start, count and step along an axis of size n. */
export function sliceAxis(sel: { start: number | null; stop: number | null; step: number | null }, n: number) {
  const step = sel.step ?? 1;
  if (step === 0) throw new NpyError('index', 'slice step cannot be zero');
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? n - 1 : n;
  const clamp = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + n, lower);
    return Math.min(v, upper);
  };
  const start = clamp(sel.start, step < 0 ? upper : lower);
  const stop = clamp(sel.stop, step < 0 ? lower : upper);
  const len = step > 0
    ? (stop > start ? Math.floor((stop - start - 1) / step) + 1 : 0)
    : (start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0);
  return { start, len, step };
}

/** A strided view over an NpyArray's data, like a NumPy ndarray that does not own its bytes. */
export class ArrayView {
  constructor(
    readonly array: NpyArray,
    readonly dtype: DType,
    readonly shape: number[],
    /** Byte strides per axis (negative after a negative-step slice). */
    readonly strides: number[],
    /** Byte offset of element [0, ..., 0] from the start of the array data. */
    readonly offset: number,
  ) {}

  get size(): number { return product(this.shape); }
  get ndim(): number { return this.shape.length; }

  /** NumPy basic indexing; errors are NumPy's. */
  index(expr: string | AxisSel[]): ArrayView {
    const expanded = expandIndex(typeof expr === 'string' ? parseIndexExpr(expr) : expr, this.shape.length);
    const shape: number[] = [];
    const strides: number[] = [];
    let offset = this.offset;
    expanded.forEach((s, ax) => {
      const n = this.shape[ax];
      const stride = this.strides[ax];
      if (s.kind === 'int') {
        const i = s.index;
        if (!Number.isInteger(i)) throw new NpyError('index', `index ${i} is not an integer`);
        if (i < -n || i >= n) throw new NpyError('index', `index ${i} is out of bounds for axis ${ax} with size ${n}`);
        offset += (i < 0 ? i + n : i) * stride;
      } else if (s.kind === 'slice') {
        for (const v of [s.start, s.stop, s.step]) {
          if (v !== null && !Number.isInteger(v)) throw new NpyError('index', `slice bound ${v} is not an integer`);
        }
        const { start, len, step } = sliceAxis(s, n);
        if (len > 0) offset += start * stride;
        shape.push(len);
        strides.push(stride * step);
      }
    });
    return new ArrayView(this.array, this.dtype, shape, strides, offset);
  }

  /** Permutes the axes (like ndarray.transpose(axes)); negative axes count from the end. */
  transpose(axes: number[]): ArrayView {
    const nd = this.shape.length;
    const norm = axes.map(a => (Number.isInteger(a) && a < 0 ? a + nd : a));
    const ok = norm.length === nd && norm.every(a => Number.isInteger(a) && a >= 0 && a < nd) && new Set(norm).size === nd;
    if (!ok) throw new NpyError('usage', `axes ${JSON.stringify(axes)} don't match array of ${nd} dimensions`);
    return new ArrayView(this.array, this.dtype, norm.map(a => this.shape[a]), norm.map(a => this.strides[a]), this.offset);
  }

  /**
   * Packed C-order bytes of the block start[i] .. start[i]+count[i] along each axis of this view.
   * Reads only those bytes: contiguous runs are found from the strides, runs with small gaps share
   * one read, and reads are capped in size so memory stays bounded.
   * `mergeGap` (default MERGE_GAP) trades bytes for reads: bulk exports pass a larger one.
   * `into` (at least as long as the block) receives the bytes instead of a new array; the result
   * is then its start, and a source that can read into it (ByteSource.readInto) skips a copy.
   */
  async readBlock(start: number[], count: number[], opts: { mergeGap?: number; into?: Uint8Array } = {}): Promise<Uint8Array> {
    const nd = this.shape.length;
    if (start.length !== nd || count.length !== nd) {
      throw new NpyError('index', `a block of this ${nd}-dimensional view needs ${nd} starts and counts`);
    }
    for (let i = 0; i < nd; i++) {
      const s = start[i], c = count[i];
      if (!Number.isInteger(s) || !Number.isInteger(c) || s < 0 || c < 0 || s + c > this.shape[i]) {
        throw new NpyError('index', `block [${s}, ${s + c}) is outside axis ${i} with size ${this.shape[i]}`);
      }
    }
    const item = this.dtype.itemsize;
    const bytes = product(count) * item;
    if (opts.into && opts.into.length < bytes) throw new NpyError('usage', `a block of ${bytes} bytes does not fit in ${opts.into.length}`);
    const out = opts.into ? opts.into.subarray(0, bytes) : new Uint8Array(bytes);
    if (out.length === 0) return out;
    const at = this.array.header.dataOffset + this.offset;
    const gap = Math.max(1, opts.mergeGap ?? MERGE_GAP);
    let plan = planBlock(at, this.strides, start, count, item, Infinity, gap);
    // A huge run that must be scattered element by element would need one huge read: split it.
    if (plan.runBytes > MAX_READ && !plan.direct) plan = planBlock(at, this.strides, start, count, item, MAX_READ, gap);
    await copyRuns(this.array.source, plan, out);
    return out;
  }
}

/** A merge gap for passes that read everything (exports, statistics): fewer, larger reads. */
export const BULK_MERGE_GAP = 64 * 1024;

/**
 * The C-order blocks of about `chunkBytes` bytes that whole-view passes read, numbered in C
 * order: whole trailing sub-arrays where they fit, otherwise a range along the first axis whose
 * trailing sub-array fits (down to ranges of single elements). Random access by number and by
 * flat element, so a pass can start anywhere and run backwards.
 */
export class ChunkGrid {
  /** Number of blocks (0 for an empty shape). */
  readonly blocks: number;
  /** Elements in the largest block. */
  readonly maxElements: number;
  private readonly axis: number;     // the axis split into ranges (-1: one block holds everything)
  private readonly step: number;     // indices of `axis` per block
  private readonly per: number;      // blocks per index of the axes before `axis`
  private readonly innerN: number;   // elements of one index of `axis`

  constructor(readonly shape: readonly number[], item: number, chunkBytes: number) {
    const nd = shape.length;
    const size = product(shape);
    // inner[k] = bytes of one index along axes 0..k-1 (i.e. of the sub-array over axes k..nd-1).
    const inner = new Array<number>(nd + 1);
    inner[nd] = item;
    for (let k = nd - 1; k >= 0; k--) inner[k] = inner[k + 1] * shape[k];
    let k = 0;
    while (k < nd && inner[k] > chunkBytes) k++;
    this.axis = k - 1;
    if (size === 0 || k === 0) {
      this.step = this.per = 1;
      this.innerN = size;
      this.blocks = size === 0 ? 0 : 1;
      this.maxElements = size;
      return;
    }
    this.innerN = inner[k] / item;
    this.step = Math.max(1, Math.floor(chunkBytes / inner[k]));
    this.per = Math.ceil(shape[this.axis] / this.step);
    this.blocks = product(shape.slice(0, this.axis)) * this.per;
    this.maxElements = Math.min(this.step, shape[this.axis]) * this.innerN;
  }

  /** Block b: its start and count per axis, and the flat C-order index and number of its first element. */
  block(b: number): { start: number[]; count: number[]; flat: number; size: number } {
    const nd = this.shape.length;
    const axis = this.axis;
    if (axis < 0) return { start: new Array<number>(nd).fill(0), count: [...this.shape], flat: 0, size: this.innerN };
    const outer = Math.floor(b / this.per);
    const i = (b - outer * this.per) * this.step;
    const n = Math.min(this.step, this.shape[axis] - i);
    const start = new Array<number>(nd).fill(0);
    const count = [...this.shape];
    for (let a = axis - 1, o = outer; a >= 0; a--) {
      start[a] = o % this.shape[a];
      count[a] = 1;
      o = Math.floor(o / this.shape[a]);
    }
    start[axis] = i;
    count[axis] = n;
    return { start, count, flat: (outer * this.shape[axis] + i) * this.innerN, size: n * this.innerN };
  }

  /** The block holding flat C-order element `flat`. */
  blockOf(flat: number): number {
    if (this.axis < 0) return 0;
    const span = this.shape[this.axis] * this.innerN;
    const outer = Math.floor(flat / span);
    return outer * this.per + Math.floor(Math.floor((flat - outer * span) / this.innerN) / this.step);
  }
}

/** The blocks of a ChunkGrid in order, as [start, count] per axis. */
export function* cOrderBlocks(shape: readonly number[], item: number, chunkBytes: number): Generator<[number[], number[]]> {
  const grid = new ChunkGrid(shape, item, chunkBytes);
  for (let b = 0; b < grid.blocks; b++) {
    const { start, count } = grid.block(b);
    yield [start, count];
  }
}

// ---------------------------------------------------------------- block planning

interface Axis { n: number; ps: number; os: number }

/**
 * Where a block's bytes are: elements are grouped into runs — the innermost axes whose elements
 * lie close together in the file (contiguous, or with small gaps that are cheaper to read than to
 * skip) — and the outer axes walk the runs in ascending file order.
 */
interface Plan {
  item: number;
  base: number;      // file offset of the first run
  outBase: number;   // output offset of the first run's first element
  inner: Axis[];     // axes inside a run, smallest file stride first
  outer: Axis[];     // axes across runs, smallest file stride first
  runBytes: number;  // bytes spanned by one run
  direct: boolean;   // a run is packed both in the file and, in the same order, in the output
  gap: number;       // runs closer than this share a read
}

function planBlock(
  dataStart: number, strides: number[], start: number[], count: number[], item: number, maxRun: number, gap: number,
): Plan {
  const nd = count.length;
  let base = dataStart;
  for (let i = 0; i < nd; i++) base += start[i] * strides[i];
  const os = new Array<number>(nd);
  let o = item;
  for (let i = nd - 1; i >= 0; i--) { os[i] = o; o *= count[i]; }
  let outBase = 0;
  const axes: Axis[] = [];
  for (let i = 0; i < nd; i++) {
    if (count[i] === 1) continue;
    // Walk every axis forwards in the file; the output then walks backwards along reversed axes.
    if (strides[i] < 0) {
      base += (count[i] - 1) * strides[i];
      outBase += (count[i] - 1) * os[i];
      axes.push({ n: count[i], ps: -strides[i], os: -os[i] });
    } else {
      axes.push({ n: count[i], ps: strides[i], os: os[i] });
    }
  }
  axes.sort((a, b) => a.ps - b.ps);
  let k = 0;
  let span = item;
  let packed = true;
  let outPacked = true;
  let expectOut = item;
  while (k < axes.length) {
    const a = axes[k];
    const next = (a.n - 1) * a.ps + span;
    if (a.ps < span || a.ps - span >= gap || next > maxRun) break;
    packed = packed && a.ps === span;
    outPacked = outPacked && a.os === expectOut;
    expectOut *= a.n;
    span = next;
    k++;
  }
  return { item, base, outBase, inner: axes.slice(0, k), outer: axes.slice(k), runBytes: span, direct: packed && outPacked, gap };
}

/** Runs of at most this many bytes that are read alone go through the source's gather read, if any. */
const GATHER_RUN = 4096;
/** ... when the block has at least this many runs (fewer are read as they always were). */
const GATHER_MIN = 64;
/** Runs per gather read (bounds the scratch memory and how long one call may hold the thread). */
export const GATHER_BATCH = 1024;

/** Reads in flight at once: parallel reads hide per-read latency of file systems. */
const MAX_INFLIGHT = 8;
const MAX_INFLIGHT_BYTES = 32 * 1024 * 1024;

/**
 * Reads the runs of a plan — near runs share one read, reads are capped in size and a few run in
 * parallel — and scatters them into out (runs write disjoint parts of out, so order is free).
 */
async function copyRuns(src: ByteSource, p: Plan, out: Uint8Array): Promise<void> {
  // Sources that do not take parallel reads (e.g. a streaming inflater) get one read at a time.
  const parallel = src.parallelReads === true;
  const maxInflight = parallel ? MAX_INFLIGHT : 1;
  const readInto = src.readInto?.bind(src);
  const spare: Uint8Array[] = [];
  const inflight = new Set<Promise<void>>();
  let inflightBytes = 0;
  let failure: unknown = null;
  let runPhys: number[] = [];
  let runOut: number[] = [];
  let groupStart = 0;
  let groupEnd = 0;

  const issue = async (start: number, len: number, phys: number[], outs: number[]) => {
    while (inflight.size >= maxInflight || (inflight.size > 0 && inflightBytes + len > MAX_INFLIGHT_BYTES)) {
      await Promise.race(inflight);
    }
    if (failure) throw failure;
    inflightBytes += len;
    // Bytes that land packed in out go there straight from the source when it can; other runs
    // are read into scratch buffers reused once scattered (no buffer per read, nor page faults).
    const straight = readInto && (phys.length === 0 || (p.direct && phys.length === 1 && phys[0] === start && len === p.runBytes));
    let scratch: Uint8Array | undefined;
    let read: Promise<Uint8Array | null>;
    if (straight) {
      read = readInto(start, out.subarray(outs[0], outs[0] + len)).then(() => null);
    } else if (readInto) {
      const at = spare.findIndex(b => b.length >= len);
      scratch = at >= 0 ? spare.splice(at, 1)[0] : new Uint8Array(len);
      const dst = scratch.subarray(0, len);
      read = readInto(start, dst).then(() => dst);
    } else {
      read = src.read(start, len);
    }
    const done: Promise<void> = read.then(buf => {
      if (buf === null) return;
      if (phys.length === 0) {
        out.set(buf, outs[0]);
        return;
      }
      const words = p.direct ? undefined : wordViews(buf, out, p);
      for (let r = 0; r < phys.length; r++) scatterRun(buf, phys[r] - start, out, outs[r], p, words);
    }).catch(e => { failure ??= e; }).finally(() => {
      inflight.delete(done);
      inflightBytes -= len;
      if (scratch && spare.length < MAX_INFLIGHT) spare.push(scratch);
    });
    inflight.add(done);
  };

  // Small runs that share no read with a neighbour (a column of a wide array): gathered in batches.
  const gather = p.runBytes <= GATHER_RUN && product(p.outer.map((a) => a.n)) >= GATHER_MIN ? src.gather?.bind(src) : undefined;
  let gathered: { phys: number[]; outs: number[] } = { phys: [], outs: [] };
  const flushGather = async () => {
    const { phys, outs } = gathered;
    if (!gather || phys.length === 0) return;
    gathered = { phys: [], outs: [] };
    const buf = new Uint8Array(phys.length * p.runBytes);
    await gather(phys, p.runBytes, buf);
    const words = p.direct ? undefined : wordViews(buf, out, p);
    for (let r = 0; r < phys.length; r++) scatterRun(buf, r * p.runBytes, out, outs[r], p, words);
  };

  const flush = async () => {
    if (runPhys.length === 0) return;
    const phys = runPhys, outs = runOut;
    runPhys = [];
    runOut = [];
    if (gather && phys.length === 1) {
      gathered.phys.push(phys[0]);
      gathered.outs.push(outs[0]);
      if (gathered.phys.length >= GATHER_BATCH) await flushGather();
      return;
    }
    await issue(groupStart, groupEnd - groupStart, phys, outs);
  };

  // Odometer over the outer axes, fastest (smallest file stride) first: ascending file offsets.
  const outer = p.outer;
  const m = outer.length;
  const idx = new Array<number>(m).fill(0);
  let phys = p.base;
  let outp = p.outBase;
  for (;;) {
    if (p.runBytes > MAX_READ) {
      // A large packed run (e.g. many whole rows of a C-order array): capped reads straight to out.
      for (let done = 0; done < p.runBytes; done += MAX_READ) {
        await issue(phys + done, Math.min(MAX_READ, p.runBytes - done), [], [outp + done]);
      }
    } else {
      const end = phys + p.runBytes;
      const joins = runPhys.length > 0 && phys >= groupStart && phys - groupEnd < p.gap &&
        Math.max(end, groupEnd) - groupStart <= MAX_READ && runPhys.length < MAX_RUNS_PER_READ;
      if (!joins) {
        await flush();
        groupStart = phys;
        groupEnd = end;
      } else if (end > groupEnd) {
        groupEnd = end;
      }
      runPhys.push(phys);
      runOut.push(outp);
    }
    let j = 0;
    for (; j < m; j++) {
      const a = outer[j];
      idx[j]++;
      phys += a.ps;
      outp += a.os;
      if (idx[j] < a.n) break;
      phys -= a.ps * a.n;
      outp -= a.os * a.n;
      idx[j] = 0;
    }
    if (j === m) break;
  }
  await flush();
  await flushGather().catch((e) => { failure ??= e; });
  while (inflight.size > 0) await Promise.race(inflight);
  if (failure) throw failure;
}

type Words = Uint8Array | Uint16Array | Uint32Array;

/**
 * Word views of buf and out for element-wise copies: copying 4-byte words is many times faster
 * than bytes. Used when every element position is aligned to the word size (integers only, so
 * NaN payloads can never be touched).
 */
function wordViews(buf: Uint8Array, out: Uint8Array, p: Plan): { w: number; src: Words; dst: Words } {
  const axes = [...p.inner, ...p.outer];
  for (const w of [4, 2]) {
    const aligned = p.item % w === 0 && buf.byteOffset % w === 0 && out.byteOffset % w === 0 &&
      axes.every(a => a.ps % w === 0 && a.os % w === 0);
    if (!aligned) continue;
    const View = w === 4 ? Uint32Array : Uint16Array;
    return {
      w,
      src: new View(buf.buffer as ArrayBuffer, buf.byteOffset, Math.floor(buf.byteLength / w)),
      dst: new View(out.buffer as ArrayBuffer, out.byteOffset, Math.floor(out.byteLength / w)),
    };
  }
  return { w: 1, src: buf, dst: out };
}

/** Copies one run's elements from buf (run starts at `at`) to their places in out. */
function scatterRun(buf: Uint8Array, at: number, out: Uint8Array, outAt: number, p: Plan,
  words?: { w: number; src: Words; dst: Words }): void {
  if (p.direct) {
    out.set(buf.subarray(at, at + p.runBytes), outAt);
    return;
  }
  const { w, src, dst } = words ?? { w: 1, src: buf, dst: out };
  const inner = p.inner;
  const n = p.item / w;
  const m = inner.length;
  const ps = inner.map(a => a.ps / w);
  const os = inner.map(a => a.os / w);
  const cnt = inner.map(a => a.n);
  const idx = new Array<number>(m).fill(0);
  let b = at / w;
  let o = outAt / w;
  for (;;) {
    if (n === 1) dst[o] = src[b];
    else if (n === 2) { dst[o] = src[b]; dst[o + 1] = src[b + 1]; }
    else for (let t = 0; t < n; t++) dst[o + t] = src[b + t];
    let j = 0;
    for (; j < m; j++) {
      idx[j]++;
      b += ps[j];
      o += os[j];
      if (idx[j] < cnt[j]) break;
      b -= ps[j] * cnt[j];
      o -= os[j] * cnt[j];
      idx[j] = 0;
    }
    if (j === m) return;
  }
}
