/**
 * The row format np.savetxt builds from `fmt`, kept as parts instead of one string. NumPy joins
 * a one-'%' format once per column (`delimiter.join([fmt] * ncol)`), so a header claiming a
 * billion columns of a zero-byte dtype would make a gigabyte string before anything is read:
 * here a repeated format is one column's parts plus the column count, and its text is only ever
 * spelled out (cut short) for an error message.
 */
import { NpyError } from '../errors';
import { Part, parsePyFormat } from './pyformat';
import { strRepr } from '../py/pyrepr';

/** Longest row format spelled out when it is not a clean repetition (NumPy: a MemoryError later). */
const MAX_JOINED = 1 << 20;
/** Characters of the row format quoted in a message. */
const QUOTED = 2000;

function pyListStr(items: string[]): string { return '[' + items.map((s) => strRepr(s)).join(', ') + ']'; }

/** Parts equal as Python would parse them (adjacent literals merged). */
function sameParts(a: Part[], b: Part[]): boolean {
  const norm = (ps: Part[]): string => JSON.stringify(ps.reduce<Part[]>((acc, p) => {
    const last = acc[acc.length - 1];
    if (typeof p === 'string' && typeof last === 'string') acc[acc.length - 1] = last + p;
    else acc.push(typeof p === 'string' ? p : { ...p, convIndex: 0, error: p.error ? p.error.message as never : undefined });
    return acc;
  }, []));
  return norm(a) === norm(b);
}

export class RowFormat {
  private constructor(
    /** Columns of a row (conversions: ncol, twice that for complex). */
    readonly ncol: number,
    /** The parts of the whole row when it is not a repetition (or a short one). */
    readonly whole: Part[] | null,
    /** One column's parts, repeated ncol times with `delimiter` between. */
    readonly unit: Part[] | null,
    readonly delimiter: string,
    private readonly unitText: string,
    private readonly wholeText: string | null,
  ) {}

  /** np.savetxt's rules and error messages for fmt (a str, or one per column). */
  static of(fmt: string | string[], delimiter: string, ncol: number, isComplex: boolean): RowFormat {
    if (Array.isArray(fmt)) {
      if (fmt.length !== ncol) throw new NpyError('usage', `fmt has wrong shape.  ${pyListStr(fmt)}`);
      const text = fmt.join(delimiter);
      return new RowFormat(ncol, parsePyFormat(text), null, delimiter, '', text);
    }
    const n = fmt.split('%').length - 1;
    if (n === 1) {
      const unitText = isComplex ? ` (${fmt}+${fmt}j)` : fmt;
      const unit = parsePyFormat(unitText);
      // Repeating the parts is the same as parsing the joined text when no conversion reaches
      // into the delimiter or the next column ('%' alone, a '%' in the delimiter): then the
      // parser is back in plain text at every column boundary.
      const three = [unitText, unitText, unitText].join(delimiter);
      const clean = sameParts(parsePyFormat(three), [...unit, delimiter, ...unit, delimiter, ...unit]);
      if (clean) return new RowFormat(ncol, null, unit, delimiter, unitText, null);
      const length = ncol * (unitText.length + delimiter.length);
      if (length > MAX_JOINED) {
        throw new NpyError('usage', `MemoryError: the row format (${ncol} × ${strRepr(unitText)} joined by ${strRepr(delimiter)}) ` +
          `would be ${length} characters long`);
      }
      const text = new Array<string>(ncol).fill(unitText).join(delimiter);
      return new RowFormat(ncol, parsePyFormat(text), null, delimiter, unitText, text);
    }
    if (isComplex ? n !== 2 * ncol : n !== ncol) throw new NpyError('usage', `fmt has wrong number of % formats:  ${fmt}`);
    return new RowFormat(ncol, parsePyFormat(fmt), null, delimiter, '', fmt);
  }

  /** Every part of the row, or null when that would be more than maxParts. */
  parts(maxParts: number): Part[] | null {
    if (this.whole) return this.whole.length <= maxParts ? this.whole : null;
    const unit = this.unit!;
    if (this.ncol * (unit.length + 1) > maxParts) return null;
    const out: Part[] = [];
    for (let c = 0; c < this.ncol; c++) {
      if (c > 0) out.push(this.delimiter);
      out.push(...unit);
    }
    return out;
  }

  /** The row format as NumPy spells it (in its messages), cut after `limit` characters. */
  text(limit = QUOTED): string {
    if (this.wholeText !== null) return this.wholeText.length > limit ? this.wholeText.slice(0, limit) + '…' : this.wholeText;
    let s = '';
    for (let c = 0; c < this.ncol; c++) {
      s += (c > 0 ? this.delimiter : '') + this.unitText;
      if (s.length > limit) return s.slice(0, limit) + '…';
    }
    return s;
  }
}
