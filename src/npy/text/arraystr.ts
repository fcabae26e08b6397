/**
 * NumPy's str(ndarray) for the small arrays '%s' meets in np.savetxt: the subarray fields of a
 * structured row. Follows numpy's array2string defaults (precision 8, unique digits, line width
 * 75, ' ' separator, aligned columns; arrays over 1000 elements summarised with '...').
 */
import { DType, StructDType, TimeDType, dtypeName, dtypeStr } from '../format/dtype';
import { SubArray, Value } from '../format/decode';
import { NAT, checkDatetimeStr, datetimeStr, numpyStr } from './scalarstr';
import { complexWords, floatWords } from './floatwords';
import { pyLen, strRepr } from '../py/pyrepr';

const LINE_WIDTH = 75;

/**
 * numpy's _TimelikeFormat: datetimes quoted ('2000-01-01'), timedeltas as their raw count, all
 * right-aligned to the wider of the smallest and largest value; NaT as 'NaT' (at least 5 wide).
 * Generic-unit datetimes other than NaT raise, as NumPy's do.
 */
function timeWords(dt: TimeDType, values: Value[]): string[] {
  const vs = values as bigint[];
  for (const v of vs) checkDatetimeStr(dt, v);
  const text = (v: bigint): string => (dt.kind === 'M' ? `'${datetimeStr(dt, v)}'` : v.toString());
  const real = vs.filter((v) => v !== NAT);
  let width = 0;
  if (real.length > 0) {
    let min = real[0];
    let max = real[0];
    for (const v of real) { if (v < min) min = v; if (v > max) max = v; }
    width = Math.max(text(max).length, text(min).length);
  }
  if (real.length < vs.length) width = Math.max(width, 5);
  return vs.map((v) => (v === NAT ? "'NaT'" : text(v)).padStart(width));
}

/**
 * numpy's StructuredVoidFormat over an array of records: each field formatted across all the
 * records (floats aligned like any float array), subarray fields as '[a, b]' lists of those
 * words; '(a, b)', or '(a,)' for one field.
 */
function structWords(dt: StructDType, values: Value[]): string[] {
  const columns = dt.fields.map((f, j) => {
    const fv = values.map((v) => (v as Value[])[j]);
    if (f.shape.length === 0) return elementWords(f.dtype, fv);
    const subs = fv as unknown as SubArray[];
    const words = elementWords(f.dtype, subs.flatMap((sa) => sa.values));
    let pos = 0;
    const nest = (shape: readonly number[], axis: number): string => {
      const parts: string[] = [];
      for (let i = 0; i < shape[axis]; i++) parts.push(axis === shape.length - 1 ? words[pos++] : nest(shape, axis + 1));
      return '[' + parts.join(', ') + ']';
    };
    return subs.map((sa) => nest(sa.shape, 0));
  });
  return values.map((_, i) => {
    const parts = columns.map((c) => c[i]);
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  });
}

/** Element strings for any element dtype (right-aligned to a common width for numbers/bools). */
function elementWords(dt: DType, values: Value[]): string[] {
  if (dt.kind === 'struct') return structWords(dt, values);
  if (dt.kind === 'f') return floatWords(dt, values);
  if (dt.kind === 'c') return complexWords(dt, values);
  if (dt.kind === 'M' || dt.kind === 'm') return timeWords(dt, values);
  if (dt.kind === 'U') return values.map((v) => strRepr(v as string));
  if (dt.kind === 'b') return values.map((v) => (v ? ' True' : 'False')); // numpy's BoolFormat
  const words = values.map((v) => numpyStr(dt, v));
  if (dt.kind === 'i' || dt.kind === 'u') {
    const w = Math.max(0, ...words.map((s) => s.length));
    return words.map((s) => s.padStart(w));
  }
  return words;
}

/** str() of an array with this shape and C-order values. */
export function arrayStr(dt: DType, shape: readonly number[], values: Value[], words: WordsOf = elementWords): string {
  if (shape.length === 0 && words === elementWords) return numpyStr(dt, values[0]);
  return layout(dt, shape, values, ' ', ' ', LINE_WIDTH, words);
}

/** numpy's print options: arrays over THRESHOLD elements are summarised to EDGE items per axis end. */
const THRESHOLD = 1000;
const EDGE = 3;
const SUMMARY = -1;

/**
 * numpy's _formatArray: the element words in nested brackets, `separator` between them, lines
 * wrapped before `width` and continued under `hanging` (one more space per nesting level). Over
 * THRESHOLD elements, only EDGE items at each end of a long axis are shown, around '...', and the
 * words are formatted from those items only (numpy's _leading_trailing).
 */
/** The element words of an array's shown values (elementWords; object arrays bring their own). */
export type WordsOf = (dt: DType, values: Value[]) => string[];

function layout(dt: DType, shape: readonly number[], values: Value[], separator: string, hanging0: string, width0: number,
  wordsOf: WordsOf = elementWords): string {
  if (values.length === 0) return '[]';
  const summary = values.length > THRESHOLD;
  const entries = (n: number): number[] => {
    const all = Array.from({ length: n }, (_, i) => i);
    return summary && n > 2 * EDGE ? [...all.slice(0, EDGE), SUMMARY, ...all.slice(n - EDGE)] : all;
  };
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const shown: Value[] = [];
  const collect = (axis: number, base: number): void => {
    for (const i of entries(shape[axis])) {
      if (i === SUMMARY) continue;
      if (axis === shape.length - 1) shown.push(values[base + i]);
      else collect(axis + 1, base + i * strides[axis]);
    }
  };
  collect(0, 0);
  const words = wordsOf(dt, shown);
  let pos = 0;
  const extend = (acc: { s: string; line: string }, word: string, width: number, prefix: string): void => {
    const lines = word.split('\n');
    if (lines.length > 1) {
      // numpy's _extendLine_pretty: a multi-line word (an object array's nested array) keeps its
      // lines aligned under its first character
      const longest = Math.max(...lines.map(pyLen)); // Python counts code points
      let indent: string;
      if (pyLen(acc.line) + longest > width && pyLen(acc.line) > prefix.length) {
        acc.s += acc.line.trimEnd() + '\n';
        acc.line = prefix + lines[0];
        indent = prefix;
      } else {
        indent = ' '.repeat(pyLen(acc.line));
        acc.line += lines[0];
      }
      for (const l of lines.slice(1)) { acc.s += acc.line.trimEnd() + '\n'; acc.line = indent + l; }
      acc.line += ' '.repeat(longest - pyLen(lines[lines.length - 1]));
      return;
    }
    let wrap = pyLen(acc.line) + pyLen(word) > width;
    if (pyLen(acc.line) <= prefix.length) wrap = false;
    if (wrap) { acc.s += acc.line.trimEnd() + '\n'; acc.line = prefix; }
    acc.line += word;
  };
  const rec = (axis: number, hanging: string, width: number): string => {
    const items = entries(shape[axis]);
    let s = '';
    if (axis === shape.length - 1) {
      const acc = { s: '', line: hanging };
      items.forEach((i, k) => {
        extend(acc, i === SUMMARY ? '...' : words[pos++], width - 1, hanging);
        if (k < items.length - 1) acc.line += separator;
      });
      s = acc.s + acc.line;
    } else {
      const sep = separator.trimEnd() + '\n'.repeat(shape.length - axis - 1);
      items.forEach((i, k) => {
        s += hanging + (i === SUMMARY ? '...' : rec(axis + 1, hanging + ' ', width - 1)) + (k < items.length - 1 ? sep : '');
      });
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return rec(0, hanging0, width0);
}

/** numpy's dtype_is_implied: the dtypes repr() does not name (native int64, float64, complex128, bool). */
function dtypeImplied(dt: DType): boolean {
  if (dt.kind === 'O') return false;
  if (dt.order === '>') return false;
  return dt.kind === 'b' || (dt.itemsize === 8 && (dt.kind === 'i' || dt.kind === 'f')) || (dt.kind === 'c' && dt.itemsize === 16);
}

/** numpy's dtype_short_repr: 'int16', "'>u8'", "'<U3'", "'datetime64[D]'", "[('a', '<i4')]". */
function dtypeShortRepr(dt: DType): string {
  if (dt.kind === 'O') return 'object';
  if (dt.kind === 'struct') return dtypeStr(dt);
  if (dt.kind === 'S' || dt.kind === 'U' || dt.kind === 'V' || dt.order === '>') return `'${dtypeStr(dt)}'`;
  const name = dtypeName(dt);
  return /^[A-Za-z][A-Za-z0-9]*$/.test(name) ? name : `'${name}'`;
}

/** repr() of an array (a subarray field under '%r'): 'array([1, 2], dtype=int16)'. */
export function arrayRepr(dt: DType, shape: readonly number[], values: Value[], words: WordsOf = elementWords): string {
  const prefix = 'array(';
  const lst = shape.length === 0 ? words(dt, values)[0] : layout(dt, shape, values, ', ', ' '.repeat(1 + prefix.length), LINE_WIDTH - 1, words);
  const extras: string[] = [];
  if ((values.length === 0 && !(shape.length === 1 && shape[0] === 0)) || values.length > THRESHOLD) {
    extras.push(`shape=(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
  }
  if (values.length === 0 || !dtypeImplied(dt)) extras.push(`dtype=${dtypeShortRepr(dt)}`);
  if (extras.length === 0) return prefix + lst + ')';
  const head = prefix + lst + ',';
  const extra = extras.join(', ') + ')';
  const lastLine = head.length - (head.lastIndexOf('\n') + 1);
  return head + (lastLine + extra.length + 1 > LINE_WIDTH ? '\n' + ' '.repeat(prefix.length) : ' ') + extra;
}
