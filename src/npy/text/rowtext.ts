/**
 * The general savetxt loop: Python's `format % tuple(row) + newline` for any dtype and format,
 * written column by column. Memory is bounded by a block of values and a slice of the line,
 * never by the number of columns: a row of a billion zero-byte items streams out (or fails on
 * its first value) instead of being built whole.
 */
import { DType, dtypeStr } from '../format/dtype';
import { Complex, Value, makeDecoder } from '../format/decode';
import { NpyError } from '../errors';
import { PyArg, PyError, Spec, formatArg } from './pyformat';
import { RowFormat } from './rowformat';
import { TextOut } from './textout';
import { LONE_SURROGATE, pyLen } from '../py/pyrepr';
import type { BlockView, SavetxtControl } from './savetxt';

/** Bytes of array data read per block. */
const BLOCK_BYTES = 1 << 20;
/** Characters of a line kept as a string before they go to the output buffer. */
const LINE_SLICE = 1 << 16;
/** Output buffered inside one row before it is written out anyway (a gigantic row). */
const MID_ROW_FLUSH = 4 << 20;
/** Columns between two chances for Ctrl+C and cancellation inside one row. */
const YIELD_COLUMNS = 1 << 20;

function partTypeOfComplex(dt: DType): DType {
  return { kind: 'f', itemsize: dt.itemsize / 2, order: dt.order } as DType;
}

function cancelled(ctl?: SavetxtControl): void {
  if (ctl?.signal?.aborted) throw new NpyError('cancelled', 'export cancelled');
}

const LONE = new RegExp(`(?:${LONE_SURROGATE})+`, 'g');

/**
 * One output line in slices. np.savetxt encodes each finished line as UTF-8, which fails on a lone
 * surrogate: the first run of them (Python names the whole run, even across values) is remembered
 * and raised when the line is complete, after any formatting error, as Python orders them.
 */
class Line {
  private s = '';
  /** Python characters of the line before `s`, and the open run of lone surrogates. */
  private pyPos = 0;
  private runStart = -1;
  private runLen = 0;
  private runChar = '';
  private runClosed = false;

  constructor(private readonly out: TextOut, private readonly checkText: boolean, private readonly isComplex: boolean) {}

  add(piece: string): void {
    if (this.checkText && !this.runClosed) this.scan(piece);
    this.s += piece;
    if (this.s.length > LINE_SLICE) this.spill(false);
  }

  private scan(piece: string): void {
    if (this.runStart >= 0) {
      LONE.lastIndex = 0;
      const m = LONE.exec(piece);
      if (m && m.index === 0) {
        this.runLen += m[0].length;
        if (m[0].length < piece.length) this.runClosed = true;
      } else if (piece.length > 0) this.runClosed = true;
      return;
    }
    LONE.lastIndex = 0;
    const m = LONE.exec(piece);
    if (m) {
      this.runStart = this.pyPos + pyLen(piece.slice(0, m.index));
      this.runLen = m[0].length;
      this.runChar = m[0][0];
      if (m.index + m[0].length < piece.length) this.runClosed = true;
    } else {
      this.pyPos += pyLen(piece);
    }
  }

  /** Moves the line so far to the output (a complex row keeps a trailing '+' for its '+-' rule). */
  private spill(end: boolean): void {
    let s = this.s;
    let keep = '';
    if (this.isComplex) {
      s = s.split('+-').join('-');
      if (!end && s.endsWith('+')) { keep = '+'; s = s.slice(0, -1); }
    }
    this.out.text(s);
    this.s = keep;
  }

  /** The line is complete: check it, write it. */
  end(newline: string): void {
    this.add(newline);
    if (this.runStart >= 0) {
      const what = this.runLen === 1
        ? `character '\\u${this.runChar.charCodeAt(0).toString(16)}' in position ${this.runStart}`
        : `characters in position ${this.runStart}-${this.runStart + this.runLen - 1}`;
      throw new NpyError('format', `UnicodeEncodeError: 'utf-8' codec can't encode ${what}: surrogates not allowed`);
    }
    this.spill(true);
    this.pyPos = 0;
  }
}

function containsUnicode(dt: DType): boolean {
  return dt.kind === 'U' || dt.kind === 'O' || (dt.kind === 'struct' && dt.fields.some((f) => containsUnicode(f.dtype)));
}

/** `% arg` of one conversion, Python's checks first ('*' takes an argument it cannot use). */
function convert(p: Spec, arg: PyArg | undefined): string {
  if (p.error) throw p.error;
  if (arg === undefined) throw new PyError('TypeError', 'not enough arguments for format string');
  if (p.width === -2 || p.prec === -2) throw new PyError('TypeError', '* wants int');
  return formatArg(p, arg);
}

/**
 * Writes the rows of the view. nd is 0, 1 or 2; a 1-D structured view has one column per field,
 * and a complex value is two arguments (real, imaginary), as np.savetxt flattens them.
 */
export async function writeRows(view: BlockView, rf: RowFormat, newline: string, out: TextOut, ctl?: SavetxtControl): Promise<void> {
  const dt = view.dtype;
  const nd = view.shape.length;
  const rows = nd === 0 ? 1 : view.shape[0];
  const perRow = nd === 2 ? view.shape[1] : 1;
  const isComplex = dt.kind === 'c';
  const item = dt.itemsize;
  const dec = makeDecoder(dt, { strictText: true });
  const fieldDts = nd <= 1 && dt.kind === 'struct' ? dt.fields.map((f) => f.dtype) : null;
  const partDt = isComplex ? partTypeOfComplex(dt) : dt;
  // '%c' makes text of numbers: chr() of a surrogate code is unencodable too
  const hasChar = [...(rf.whole ?? []), ...(rf.unit ?? [])].some((p) => typeof p !== 'string' && p.conv === 'c');
  const line = new Line(out, containsUnicode(dt) || hasChar, isComplex);
  const w = new RowWriter(rf, line, out, ctl);

  const fail = (e: unknown): never => {
    // numpy wraps a TypeError of the '%' operator (but not for complex arrays)
    if (e instanceof PyError && e.pyType === 'TypeError' && !isComplex) {
      throw new NpyError('usage', `Mismatch between array dtype ('${dtypeStr(dt)}') and format specifier ('${rf.text()}')`);
    }
    throw e instanceof PyError ? new NpyError('usage', `${e.pyType}: ${e.message}`) : e;
  };

  /**
   * np.savetxt writes each row once it is made: the rows before one that fails are out before the
   * error (what a pipe or a capped reader sees). The failing row's own text stays in `line`.
   */
  const rowsBefore = async (e: unknown): Promise<void> => {
    if (e instanceof PyError) await out.flush();
  };

  /** The arguments of one element: itself, or its real and imaginary parts. */
  const push = (v: Value, into: PyArg[]): void => {
    if (isComplex) into.push({ dt: partDt, v: (v as Complex).re }, { dt: partDt, v: (v as Complex).im });
    else into.push({ dt, v });
  };

  const readRows = (r0: number, n: number): Promise<Uint8Array> => nd === 0 ? view.readBlock([], [])
    : nd === 1 ? view.readBlock([r0], [n]) : view.readBlock([r0, 0], [n, perRow]);

  const rowBytes = perRow * item;
  if (rf.whole || rowBytes <= BLOCK_BYTES) {
    // Whole rows per block; an explicit format has at most as many columns as it has conversions.
    const chunk = Math.max(1, Math.floor(BLOCK_BYTES / Math.max(1, rowBytes)));
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      cancelled(ctl);
      const n = Math.min(chunk, rows - r0);
      const block = await readRows(r0, n);
      for (let r = 0; r < n; r++) {
        try {
          if (fieldDts) {
            // tuple(record): one numpy scalar per field
            const rec = dec(block, r * item) as Value[];
            await w.row(fieldDts.length, (c, into) => { into.push({ dt: fieldDts[c], v: rec[c] }); });
          } else {
            await w.row(perRow, (c, into) => push(dec(block, (r * perRow + c) * item), into));
          }
          line.end(newline);
        } catch (e) {
          await rowsBefore(e);
          fail(e);
        }
      }
      await out.maybeFlush();
      ctl?.onProgress?.(r0 + n, rows);
    }
    return;
  }
  // Rows longer than a block (a repeated format): read them in windows of columns.
  const window = Math.max(1, Math.floor(BLOCK_BYTES / Math.max(1, item)));
  for (let r = 0; r < rows; r++) {
    cancelled(ctl);
    let c0 = -1;
    let block: Uint8Array = new Uint8Array(0);
    try {
      await w.row(perRow, (c, into) => push(dec(block, (c - c0) * item), into), async (c) => {
        if (c0 >= 0 && c < c0 + window) return;
        c0 = c;
        block = await view.readBlock([r, c0], [1, Math.min(window, perRow - c0)]);
      });
      line.end(newline);
    } catch (e) {
      await rowsBefore(e);
      fail(e);
    }
    await out.maybeFlush();
    ctl?.onProgress?.(r + 1, rows);
  }
}

/** `format % tuple(row)` into a Line, for an explicit format or a repeated one. */
class RowWriter {
  private readonly args: PyArg[] = [];
  constructor(private readonly rf: RowFormat, private readonly line: Line, private readonly out: TextOut,
    private readonly ctl?: SavetxtControl) {}

  /**
   * One row of `ncol` columns; args(c) gives column c's arguments, load(c) (if any) makes them
   * readable first. Python's argument count rules hold for an explicit format; a repeated one
   * takes exactly one column's arguments per repetition.
   */
  async row(ncol: number, colArgs: (c: number, into: PyArg[]) => void, load?: (c: number) => Promise<void>): Promise<void> {
    const args = this.args;
    args.length = 0;
    const whole = this.rf.whole;
    if (whole) {
      for (let c = 0; c < ncol; c++) colArgs(c, args);
      let next = 0;
      for (const p of whole) {
        if (typeof p === 'string') this.line.add(p);
        else this.line.add(convert(p, args[next++]));
        if (this.out.pos >= MID_ROW_FLUSH) await this.midRow();
      }
      if (next < args.length) throw new PyError('TypeError', 'not all arguments converted during string formatting');
      return;
    }
    const unit = this.rf.unit!;
    for (let c = 0; c < ncol; c++) {
      if (load) await load(c);
      if (c > 0) this.line.add(this.rf.delimiter);
      args.length = 0;
      colArgs(c, args);
      let next = 0;
      for (const p of unit) {
        if (typeof p === 'string') this.line.add(p);
        else this.line.add(convert(p, args[next++]));
      }
      if (this.out.pos >= MID_ROW_FLUSH) await this.midRow();
      else if ((c & (YIELD_COLUMNS - 1)) === YIELD_COLUMNS - 1) {
        // a gigantic row of tiny values: let Ctrl+C and cancellation in now and then
        cancelled(this.ctl);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** A row too big to hold: what it has so far goes out before the row is finished. */
  private async midRow(): Promise<void> {
    cancelled(this.ctl);
    await this.out.flush();
  }
}
