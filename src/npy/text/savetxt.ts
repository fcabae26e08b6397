/**
 * Text export byte for byte like `np.savetxt(f, arr, fmt, delimiter, newline, header, footer,
 * comments, encoding='utf-8')`, streamed: rows are read in chunks, formatted and written, so the
 * memory used does not grow with the array.
 */
import { DType, dtypeStr } from '../format/dtype';
import { ArrayView } from '../format/array';
import { ByteSink } from '../io/sink';
import { Complex, half, makeDecoder, Value } from '../format/decode';
import { NpyError } from '../errors';
import { Part, PyArg, PyError, Spec, formatFloat, parsePyFormat, pyFormatParts } from './pyformat';
import { formatBlockE, writeE } from './floatfmt';
import { BlockLayout, FloatPool, poolSize } from './floatpool';
import { LONE_SURROGATE, pyLen, strRepr } from '../py/pyrepr';

export interface SavetxtOptions { fmt: string | string[]; delimiter: string; newline: string; header: string; footer: string; comments: string }

export const SAVETXT_DEFAULTS: SavetxtOptions = Object.freeze({
  fmt: '%.18e', delimiter: ' ', newline: '\n', header: '', footer: '', comments: '# ',
}) as SavetxtOptions;

export interface SavetxtControl { signal?: AbortSignal; onProgress?(rowsDone: number, rows: number): void }

/** What savetxt needs of a view (an ArrayView, or anything that reads packed C-order blocks). */
export type BlockView = Pick<ArrayView, 'dtype' | 'shape' | 'readBlock'>;

/** Bytes of formatted text collected before each sink write. */
const FLUSH_BYTES = 1 << 20;
/** Bytes of array data read per block. */
const BLOCK_BYTES = 1 << 20;
/** Values from which the '%.Ne' path formats in worker threads (starting them costs ~30 ms). */
const PARALLEL_MIN = 300000;

function pyListStr(items: string[]): string { return '[' + items.map((s) => strRepr(s)).join(', ') + ']'; }

/** The row format numpy builds from fmt (np.savetxt's own rules and error messages). */
export function rowFormat(fmt: string | string[], delimiter: string, ncol: number, isComplex: boolean): string {
  if (Array.isArray(fmt)) {
    if (fmt.length !== ncol) throw new NpyError('usage', `fmt has wrong shape.  ${pyListStr(fmt)}`);
    return fmt.join(delimiter);
  }
  const n = fmt.split('%').length - 1;
  const error = new NpyError('usage', `fmt has wrong number of % formats:  ${fmt}`);
  if (n === 1) return new Array<string>(ncol).fill(isComplex ? ` (${fmt}+${fmt}j)` : fmt).join(delimiter);
  if (isComplex ? n !== 2 * ncol : n !== ncol) throw error;
  return fmt;
}

function partTypeOfComplex(dt: DType): DType {
  return { kind: 'f', itemsize: dt.itemsize / 2, order: dt.order } as DType;
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
  const format = rowFormat(opts.fmt, opts.delimiter, ncol, isComplex);
  const parts = parsePyFormat(format);
  const out = new TextOut(sink);

  if (opts.header.length > 0) out.text(opts.comments + opts.header.split('\n').join('\n' + opts.comments) + opts.newline);
  const rowBytes = Math.max(1, perRow * dt.itemsize);
  const chunk = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
  const readRows = (r0: number, n: number): Promise<Uint8Array> => nd === 0 ? view.readBlock([], [])
    : nd === 1 ? view.readBlock([r0], [n]) : view.readBlock([r0, 0], [n, perRow]);
  const layout = isComplex ? null : simpleELayout(dt, parts, opts.newline, nd === 2 ? perRow : 1);
  if (layout) {
    await writeSimpleE(dt, layout, rows, chunk, readRows, out, ctl);
  } else {
    const rowText = makeRowWriter(dt, nd, perRow, parts, format, opts.newline, isComplex);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      cancelled(ctl);
      const n = Math.min(chunk, rows - r0);
      rowText(await readRows(r0, n), n, perRow, out);
      await out.maybeFlush();
      ctl?.onProgress?.(r0 + n, rows);
    }
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
    lits.push(encoder.encode(lit));
    lit = '';
    precs.push(p.prec < 0 ? 6 : p.prec);
    uppers.push(p.conv === 'E');
  }
  lits.push(encoder.encode(lit + newline));
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

/** Collects output as UTF-8 bytes in a reusable buffer; strings are encoded as they come. */
class TextOut {
  buf = new Uint8Array(FLUSH_BYTES + 4096);
  pos = 0;
  constructor(private readonly sink: ByteSink) {}
  /** Makes sure `n` more bytes fit. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
  text(s: string): void {
    this.room(s.length * 3);
    const r = encoder.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += r.written;
  }
  async maybeFlush(): Promise<void> { if (this.pos >= FLUSH_BYTES) await this.flush(); }
  /** Writes ready-made bytes after what is buffered. */
  async bytes(chunk: Uint8Array): Promise<void> {
    if (this.pos + chunk.length <= FLUSH_BYTES) { this.buf.set(chunk, this.pos); this.pos += chunk.length; return; }
    await this.flush();
    await this.sink.write(chunk);
  }
  async flush(): Promise<void> {
    if (this.pos === 0) return;
    await this.sink.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}
const encoder = new TextEncoder();

type RowWriter = (block: Uint8Array, nrows: number, perRow: number, out: TextOut) => void;

function mismatch(dt: DType, format: string): NpyError {
  return new NpyError('usage', `Mismatch between array dtype ('${dtypeStr(dt)}') and format specifier ('${format}')`);
}

function asNpyError(e: unknown): unknown {
  return e instanceof PyError ? new NpyError('usage', `${e.pyType}: ${e.message}`) : e;
}

function makeRowWriter(dt: DType, nd: number, perRow: number, parts: Part[], format: string, newline: string, isComplex: boolean): RowWriter {
  const fast = !isComplex ? floatFastPath(dt, parts, newline, nd === 2 ? perRow : 1) : null;
  if (fast) return fast;
  const dec = makeDecoder(dt, { strictText: true });
  const hasText = containsUnicode(dt);
  const item = dt.itemsize;
  const fieldDts = nd <= 1 && dt.kind === 'struct' ? dt.fields.map((f) => f.dtype) : null;
  const partDt = isComplex ? partTypeOfComplex(dt) : dt;
  return (block, nrows, perRow, out) => {
    const args: PyArg[] = [];
    for (let r = 0; r < nrows; r++) {
      args.length = 0;
      if (fieldDts) {
        // tuple(record): one numpy scalar per field
        const vals = dec(block, r * item) as Value[];
        fieldDts.forEach((fdt, i) => args.push({ dt: fdt, v: vals[i] }));
      } else {
        for (let c = 0; c < perRow; c++) {
          const v = dec(block, (r * perRow + c) * item);
          if (isComplex) {
            args.push({ dt: partDt, v: (v as Complex).re }, { dt: partDt, v: (v as Complex).im });
          } else args.push({ dt, v });
        }
      }
      let line: string;
      try {
        line = pyFormatParts(parts, args) + newline;
      } catch (e) {
        // numpy wraps a TypeError of the '%' operator (but not for complex arrays)
        if (e instanceof PyError && e.pyType === 'TypeError' && !isComplex) throw mismatch(dt, format);
        throw asNpyError(e);
      }
      if (hasText) checkEncodable(line);
      out.text(isComplex ? line.split('+-').join('-') : line);
    }
  };
}

function containsUnicode(dt: DType): boolean {
  return dt.kind === 'U' || dt.kind === 'O' || (dt.kind === 'struct' && dt.fields.some((f) => containsUnicode(f.dtype)));
}

/** A run of surrogates not paired in the JS string (lone ones from the array data). */
const LONE_SURROGATES = new RegExp(`(?:${LONE_SURROGATE})+`);

/** np.savetxt encodes each line as UTF-8, which fails on a lone surrogate: fail the same way. */
function checkEncodable(line: string): void {
  // Python names the whole run of unencodable characters.
  const m = LONE_SURROGATES.exec(line);
  if (!m) return;
  const start = pyLen(line.slice(0, m.index));
  const what = m[0].length === 1
    ? `character '\\u${m[0].charCodeAt(0).toString(16)}' in position ${start}`
    : `characters in position ${start}-${start + m[0].length - 1}`;
  throw new NpyError('format', `UnicodeEncodeError: 'utf-8' codec can't encode ${what}: surrogates not allowed`);
}

/**
 * The hot path: a real float array where every conversion is a float one. Values are read
 * straight from the block and written as bytes ('%.Ne' without flags by writeE).
 */
function floatFastPath(dt: DType, parts: Part[], newline: string, perRow: number): RowWriter | null {
  if (dt.kind !== 'f' || dt.itemsize > 8) return null;
  const specs: Spec[] = [];
  const lits: Uint8Array[] = [];
  let lit = '';
  for (const p of parts) {
    if (typeof p === 'string') { lit += p; continue; }
    if (p.error || p.width === -2 || p.prec === -2 || p.conv.length !== 1 || !'eEfFgG'.includes(p.conv)) return null;
    lits.push(encoder.encode(lit));
    lit = '';
    specs.push(p);
  }
  lits.push(encoder.encode(lit + newline));
  const n = specs.length;
  if (n !== perRow) return null; // the general path raises numpy's error
  const simpleE = specs.map((s) => (s.conv === 'e' || s.conv === 'E') && s.flags === 0 && s.width < 0);
  const prec = specs.map((s) => (s.prec < 0 ? 6 : s.prec));
  const upper = specs.map((s) => s.conv === 'E');
  const item = dt.itemsize;
  const little = dt.order !== '>';
  return (block, nrows, _perRow, out) => {
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
