/**
 * Text export byte for byte like `np.savetxt(f, arr, fmt, delimiter, newline, header, footer,
 * comments, encoding='utf-8')`, streamed: rows are read in chunks, formatted and written, so the
 * memory used does not grow with the array.
 */
import { DType } from '../format/dtype';
import { ArrayView } from '../format/array';
import { ByteSink } from '../io/sink';
import { half } from '../format/decode';
import { NpyError } from '../errors';
import { Part, PyError, Spec, formatFloat } from './pyformat';
import { formatBlockE, writeE } from './floatfmt';
import { BlockLayout, FloatPool, poolSize } from './floatpool';
import { RowFormat } from './rowformat';
import { writeRows } from './rowtext';
import { TextOut, utf8 } from './textout';

export interface SavetxtOptions { fmt: string | string[]; delimiter: string; newline: string; header: string; footer: string; comments: string }

export const SAVETXT_DEFAULTS: SavetxtOptions = Object.freeze({
  fmt: '%.18e', delimiter: ' ', newline: '\n', header: '', footer: '', comments: '# ',
}) as SavetxtOptions;

export interface SavetxtControl { signal?: AbortSignal; onProgress?(rowsDone: number, rows: number): void }

/** What savetxt needs of a view (an ArrayView, or anything that reads packed C-order blocks). */
export type BlockView = Pick<ArrayView, 'dtype' | 'shape' | 'readBlock'>;

/** Bytes of array data read per block. */
const BLOCK_BYTES = 1 << 20;
/** Values from which the '%.Ne' path formats in worker threads (starting them costs ~30 ms). */
const PARALLEL_MIN = 300000;
/** Conversions per row up to which the float fast paths take the row's parts (else the general path). */
const FAST_MAX_PARTS = 1 << 16;

/** The row format numpy builds from fmt (np.savetxt's own rules and error messages), spelled out. */
export function rowFormat(fmt: string | string[], delimiter: string, ncol: number, isComplex: boolean): string {
  return RowFormat.of(fmt, delimiter, ncol, isComplex).text(Infinity);
}

function cancelled(ctl?: SavetxtControl): void {
  if (ctl?.signal?.aborted) throw new NpyError('cancelled', 'export cancelled');
}

/** Writes the view as np.savetxt would (a 0-d view as one value). */
export async function savetxt(view: BlockView, opts: SavetxtOptions, sink: ByteSink, ctl?: SavetxtControl): Promise<void> {
  const nd = view.shape.length;
  if (nd > 2) {
    throw new NpyError('usage', `the selection is ${nd}-dimensional (shape (${view.shape.join(', ')})); ` +
      `savetxt writes 1-D or 2-D arrays (numpy: Expected 1D or 2D array, got ${nd}D array instead)`);
  }
  const dt = view.dtype;
  const rows = nd === 0 ? 1 : view.shape[0];
  // A 1-D structured array gets one column per field; any other 1-D array one column.
  const perRow = nd === 2 ? view.shape[1] : 1;
  const ncol = nd === 2 ? view.shape[1] : dt.kind === 'struct' ? dt.fields.length : 1;
  const isComplex = dt.kind === 'c';
  const rf = RowFormat.of(opts.fmt, opts.delimiter, ncol, isComplex);
  const out = new TextOut(sink);

  if (opts.header.length > 0) out.text(opts.comments + opts.header.split('\n').join('\n' + opts.comments) + opts.newline);
  const rowBytes = Math.max(1, perRow * dt.itemsize);
  const chunk = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
  const readRows = (r0: number, n: number): Promise<Uint8Array> => nd === 0 ? view.readBlock([], [])
    : nd === 1 ? view.readBlock([r0], [n]) : view.readBlock([r0, 0], [n, perRow]);
  const parts = isComplex || dt.kind !== 'f' || rowBytes > BLOCK_BYTES ? null : rf.parts(FAST_MAX_PARTS);
  const layout = parts && simpleELayout(dt, parts, opts.newline, nd === 2 ? perRow : 1);
  const fast = parts && !layout ? floatFastPath(dt, parts, opts.newline, nd === 2 ? perRow : 1) : null;
  if (layout) {
    await writeSimpleE(dt, layout, rows, chunk, readRows, out, ctl);
  } else if (fast) {
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      cancelled(ctl);
      const n = Math.min(chunk, rows - r0);
      const block = await readRows(r0, n);
      try {
        fast(block, n, out);
      } catch (e) {
        // only a field too large to format gets here ('%.2147483647f')
        throw e instanceof PyError ? new NpyError('usage', `${e.pyType}: ${e.message}`) : e;
      }
      await out.maybeFlush();
      ctl?.onProgress?.(r0 + n, rows);
    }
  } else {
    await writeRows(view, rf, opts.newline, out, ctl);
  }
  if (rows === 0) ctl?.onProgress?.(0, 0);
  if (opts.footer.length > 0) out.text(opts.comments + opts.footer.split('\n').join('\n' + opts.comments) + opts.newline);
  await out.flush();
}

/** The row layout when every conversion is a plain '%.Ne'/'%.NE' of a real float: the hot path. */
function simpleELayout(dt: DType, parts: Part[], newline: string, perRow: number): BlockLayout | null {
  if (dt.kind !== 'f' || dt.itemsize > 8) return null;
  const lits: Uint8Array[] = [];
  const precs: number[] = [];
  const uppers: boolean[] = [];
  let lit = '';
  for (const p of parts) {
    if (typeof p === 'string') { lit += p; continue; }
    if (p.error || (p.conv !== 'e' && p.conv !== 'E') || p.flags !== 0 || p.width !== -1 || p.prec < -1 || p.prec > 200) return null;
    lits.push(utf8(lit));
    lit = '';
    precs.push(p.prec < 0 ? 6 : p.prec);
    uppers.push(p.conv === 'E');
  }
  lits.push(utf8(lit + newline));
  return perRow > 0 && precs.length === perRow ? { ncols: perRow, lits, precs, uppers } : null;
}

/** Packed elements of a real float dtype as native doubles (its own buffer). */
function toDoubles(dt: DType, block: Uint8Array): Float64Array {
  const item = dt.itemsize;
  const n = block.length / item;
  const little = dt.order !== '>';
  if (item === 8 && little && block.byteOffset % 8 === 0) return new Float64Array(block.buffer, block.byteOffset, n);
  const xs = new Float64Array(n);
  const v = new DataView(block.buffer, block.byteOffset, block.byteLength);
  for (let i = 0; i < n; i++) xs[i] = item === 8 ? v.getFloat64(i * 8, little) : item === 4 ? v.getFloat32(i * 4, little) : half(v.getUint16(i * 2, little));
  return xs;
}

/** Streams the rows through formatBlockE, in worker threads for large exports (output in order). */
async function writeSimpleE(dt: DType, layout: BlockLayout, rows: number, chunk: number,
  readRows: (r0: number, n: number) => Promise<Uint8Array>, out: TextOut, ctl?: SavetxtControl): Promise<void> {
  const workers = rows * layout.ncols >= PARALLEL_MIN ? poolSize() : 0;
  const pool = workers >= 2 ? new FloatPool(workers) : null;
  const queue: { text: Promise<Uint8Array>; done: number }[] = [];
  const drainOne = async (): Promise<void> => {
    const head = queue.shift()!;
    await out.bytes(await head.text);
    ctl?.onProgress?.(head.done, rows);
  };
  try {
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      cancelled(ctl);
      const n = Math.min(chunk, rows - r0);
      const xs = toDoubles(dt, await readRows(r0, n));
      if (pool) {
        queue.push({ text: pool.format(xs, layout), done: r0 + n });
        while (queue.length >= 2 * workers) await drainOne();
      } else {
        await out.bytes(formatBlockE(xs, layout.ncols, layout.lits, layout.precs, layout.uppers));
        ctl?.onProgress?.(r0 + n, rows);
      }
    }
    while (queue.length) { cancelled(ctl); await drainOne(); }
  } finally {
    if (pool) {
      queue.forEach((q) => q.text.catch(() => undefined));
      await pool.close();
    }
  }
}

type FloatRows = (block: Uint8Array, nrows: number, out: TextOut) => void;

/**
 * The hot path: a real float array where every conversion is a float one. Values are read
 * straight from the block and written as bytes ('%.Ne' without flags by writeE).
 */
function floatFastPath(dt: DType, parts: Part[], newline: string, perRow: number): FloatRows | null {
  if (dt.kind !== 'f' || dt.itemsize > 8) return null;
  const specs: Spec[] = [];
  const lits: Uint8Array[] = [];
  let lit = '';
  for (const p of parts) {
    if (typeof p === 'string') { lit += p; continue; }
    if (p.error || p.width === -2 || p.prec === -2 || p.conv.length !== 1 || !'eEfFgG'.includes(p.conv)) return null;
    lits.push(utf8(lit));
    lit = '';
    specs.push(p);
  }
  lits.push(utf8(lit + newline));
  const n = specs.length;
  if (n !== perRow) return null; // the general path raises numpy's error
  const simpleE = specs.map((s) => (s.conv === 'e' || s.conv === 'E') && s.flags === 0 && s.width < 0);
  const prec = specs.map((s) => (s.prec < 0 ? 6 : s.prec));
  const upper = specs.map((s) => s.conv === 'E');
  const item = dt.itemsize;
  const little = dt.order !== '>';
  return (block, nrows, out) => {
    const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const f64 = item === 8 && little && block.byteOffset % 8 === 0 ? new Float64Array(block.buffer, block.byteOffset, block.byteLength / 8) : null;
    let buf = out.buf;
    let pos = out.pos;
    let idx = 0;
    for (let r = 0; r < nrows; r++) {
      for (let c = 0; c <= n; c++) {
        const l = lits[c];
        if (pos + l.length > buf.length) { out.pos = pos; out.room(l.length); buf = out.buf; }
        for (let k = 0; k < l.length; k++) buf[pos++] = l[k];
        if (c === n) break;
        const x = f64 ? f64[idx] : item === 8 ? view.getFloat64(idx * 8, little) : item === 4 ? view.getFloat32(idx * 4, little) : half(view.getUint16(idx * 2, little));
        idx++;
        if (simpleE[c]) {
          if (pos + prec[c] + 32 > buf.length) { out.pos = pos; out.room(prec[c] + 32); buf = out.buf; }
          pos = writeE(buf, pos, x, prec[c], upper[c]);
        } else {
          const s = formatFloat(x, specs[c]);
          if (pos + s.length > buf.length) { out.pos = pos; out.room(s.length); buf = out.buf; }
          for (let k = 0; k < s.length; k++) buf[pos++] = s.charCodeAt(k);
        }
      }
    }
    out.pos = pos;
  };
}
