/**
 * A small, safe parser for the Python literal in a .npy header — never eval.
 *
 * Accepts what np.load accepts (ast.literal_eval, plus its Python 2 retry for versions 1.0/2.0):
 * dicts, lists, tuples, str and bytes (u/b/r prefixes, escapes, adjacent literals joined), ints
 * (0x/0o/0b, underscores, one unary sign, a Python 2 `L` suffix), floats, True/False/None,
 * trailing commas, comments, Python's whitespace; and refuses what it refuses (NUL bytes, \v,
 * an indented first line, `03`, `1__0`). One pass over the text (linear time) with a nesting
 * limit, so hostile headers cannot make it slow or blow the stack. Not supported: \N{name}
 * escapes (NumPy accepts them; no header NumPy writes has one).
 */
import { NpyError } from '../errors';
import { bytesRepr, strRepr } from './pyrepr';

/** A Python tuple (lists are plain arrays). */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** A Python dict, keys in source order. */
export class PyDict {
  constructor(readonly entries: [PyValue, PyValue][]) {}
  /** Like Python, a repeated key means the last value. */
  get(key: string): PyValue | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i][0] === key) return this.entries[i][1];
    return undefined;
  }
  /** Distinct keys, first occurrence order. */
  keys(): PyValue[] {
    return [...new Set(this.entries.map(e => e[0]))];
  }
}

/** A Python bytes literal (b'...'), one char per byte: never a str, so NumPy's refusals (a b'descr' key,
 * a b'<f8' descr) carry over. */
export class PyBytes {
  constructor(readonly value: string) {}
}

/** A Python float: kept apart from ints so that e.g. a shape of (3.0,) is refused like NumPy does. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** int → number when safe, else bigint; float → PyFloat. */
export type PyValue = string | number | bigint | boolean | null | PyFloat | PyBytes | PyValue[] | PyTuple | PyDict;

/** Python's tokenizer refuses a 201st open bracket ('too many nested parentheses', MAXLEVEL 200). */
export const MAX_NESTING = 200;

export interface PyLiteralOptions {
  /**
   * The text may come from Python 2 (.npy versions 1.0 and 2.0): when ast.literal_eval fails,
   * NumPy retries through tokenize/untokenize, which drops an `L` after a number and forgives
   * indentation on the first line and after the last newline. Version 3.0 headers get no retry.
   */
  python2?: boolean;
}

/**
 * Parses what ast.literal_eval would accept (the subset a header needs), refusing what it refuses:
 * NUL bytes anywhere, an indented first line, Python 3 number spellings only.
 */
export function parsePyLiteral(source: string, opts: PyLiteralOptions = {}): PyValue {
  // compile() reads source text with universal newlines: '\r\n' and '\r' are '\n' before the
  // tokenizer sees them (a backslash before '\r' continues the line; a '\r' in a string is a newline)
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  // NumPy's Python 2 retry (tokenize, untokenize, literal_eval) splits lines at '\n' only: it
  // does not repair a last line that a lone '\r' began
  const python2 = opts.python2 ?? true;
  const p = new Parser(text, python2, python2 && source.lastIndexOf('\r') < source.lastIndexOf('\n'));
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    p.pos = nul;
    p.fail('a NUL byte (Python refuses source text with null bytes)');
  }
  p.skipFirstLineIndent();
  p.skipSpace();
  const v = p.value(0);
  const end = p.pos;
  p.skipSpace();
  if (p.pos < text.length) p.fail('unexpected text after the value');
  p.checkLastLine(end);
  return v;
}

// Sticky, so matching starts at the cursor without copying the rest of the text. Python 3's
// number grammar: single underscores between digits, no leading zeros on a non-zero int.
const DIGITS = String.raw`\d(?:_?\d)*`;
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`;
const NUMBER = new RegExp(String.raw`(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+` +
  String.raw`|(?:${DIGITS})?\.${DIGITS}(?:${EXPONENT})?|${DIGITS}\.(?:${EXPONENT})?|${DIGITS}${EXPONENT}` +
  String.raw`|[1-9](?:_?\d)*|0(?:_?0)*)[jJ]?`, 'y');
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
// Python's whitespace between tokens (not \v, not NUL).
const SPACE = new Set([' ', '\t', '\n', '\r', '\f']);
const STRING_PREFIX = /^(?:[uUbBrR]|[bB][rR]|[rR][bB])$/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', '\'': '\'', '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** A dict key Python can hash: not a list or a dict, nor a tuple holding one at any depth. */
function hashable(v: PyValue): boolean {
  return v instanceof PyTuple ? v.items.every(hashable) : !(Array.isArray(v) || v instanceof PyDict);
}

class Parser {
  pos = 0;
  constructor(private readonly s: string, private readonly python2: boolean, private readonly repairsLastLine = python2) {}

  fail(why: string): never {
    const near = this.s.slice(this.pos, this.pos + 20);
    throw new NpyError('format', `header is not a valid Python literal: ${why} at character ${this.pos}` +
      (near ? ` (near ${JSON.stringify(near)})` : ''));
  }

  /**
   * ast.literal_eval strips leading spaces and tabs; after that, blank and comment lines may
   * come first, but the line holding the value must not be indented ("unexpected indent").
   */
  skipFirstLineIndent(): void {
    const s = this.s;
    let i = 0;
    while (s[i] === ' ' || s[i] === '\t') i++;
    let col = 0;
    let newLine = false;
    for (;;) {
      const c = s[i];
      if (c === ' ') col++;
      else if (c === '\t') col = (Math.floor(col / 8) + 1) * 8;
      else if (c === '\f') col = 0;
      else if (c === '\n' || c === '\r') { col = 0; newLine = true; }
      else if (c === '\\' && (s[i + 1] === '\n' || s[i + 1] === '\r')) {
        i += this.continuationLength(i); // joins the next line to this one: its spaces add to the indent
        newLine = true;
        continue;
      } else if (c === '#') {
        while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
        continue;
      } else break;
      i++;
    }
    // NumPy's Python 2 retry repairs an indent on the very first line, not on a later one.
    if (col > 0 && i < s.length && (newLine || !this.python2)) {
      this.pos = i;
      this.fail('unexpected indent');
    }
  }

  /**
   * Python's tokenizer reports "unexpected indent" for a last line of only spaces or tabs with no
   * newline after it (padding written after the header's newline instead of before it). Only
   * version 3.0 headers, which NumPy does not retry, are refused for it.
   */
  checkLastLine(valueEnd: number): void {
    if (this.repairsLastLine) return; // NumPy's Python 2 retry repairs it
    const s = this.s;
    const k = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
    if (k < valueEnd || k === s.length - 1) return;
    const lineBreak = s[k] === '\n' && s[k - 1] === '\r' ? k - 1 : k;
    if (s[lineBreak - 1] === '\\') return; // a continuation: the same logical line
    let col = 0;
    for (let i = k + 1; i < s.length; i++) {
      const c = s[i];
      if (c === ' ') col++;
      else if (c === '\t') col = (Math.floor(col / 8) + 1) * 8;
      else if (c === '\f') col = 0;
      else return; // a comment line is fine
    }
    if (col > 0) {
      this.pos = k + 1;
      this.fail('unexpected indent (spaces after the last newline)');
    }
  }

  /** Length of the backslash-newline at i (a backslash then CR LF is one newline). */
  private continuationLength(i: number): number {
    return this.s[i + 1] === '\r' && this.s[i + 2] === '\n' ? 3 : 2;
  }

  skipSpace(): void {
    // A backslash-newline is a line continuation in Python; a comment runs to the end of its line.
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (SPACE.has(c)) this.pos++;
      else if (c === '\\' && (this.s[this.pos + 1] === '\n' || this.s[this.pos + 1] === '\r')) {
        this.pos += this.continuationLength(this.pos);
        if (this.pos >= this.s.length) this.fail('unexpected end of the text after a line continuation');
      } else if (c === '#') {
        while (this.pos < this.s.length && this.s[this.pos] !== '\n' && this.s[this.pos] !== '\r') this.pos++;
      } else break;
    }
  }

  value(depth: number): PyValue {
    const c = this.s[this.pos];
    if (depth >= MAX_NESTING && (c === '{' || c === '[' || c === '(')) {
      this.fail(`nesting deeper than ${MAX_NESTING} levels (Python: too many nested parentheses)`);
    }
    if (c === undefined) this.fail('unexpected end');
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.seq(']', depth);
    if (c === '(') return this.paren(depth);
    if (c === '-' || c === '+') return this.signed();
    if ((c >= '0' && c <= '9') || c === '.') return this.number();
    const prefix = this.stringPrefix();
    if (prefix !== null) return this.strings();
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (m) {
      const w = m[0];
      this.pos += w.length;
      if (w === 'True') return true;
      if (w === 'False') return false;
      if (w === 'None') return null;
      this.pos -= w.length;
      this.fail(`name '${w}' is not allowed (only literals; code is never run)`);
    }
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  /** The prefix ('' for none) if a string literal starts at the cursor, else null. */
  private stringPrefix(): string | null {
    const c = this.s[this.pos];
    if (c === '\'' || c === '"') return '';
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (!m) return null;
    const q = this.s[this.pos + m[0].length];
    return (q === '\'' || q === '"') && STRING_PREFIX.test(m[0]) ? m[0].toLowerCase() : null;
  }

  /** One or more adjacent string literals, joined like Python ('a' 'b' is 'ab'; str and bytes do not mix). */
  private strings(): string | PyBytes {
    let out = '';
    let bytes: boolean | null = null;
    for (;;) {
      const start = this.pos;
      const prefix = this.stringPrefix()!;
      const isBytes = prefix.includes('b');
      if (bytes !== null && bytes !== isBytes) {
        this.pos = start;
        this.fail('cannot mix bytes and str literals');
      }
      bytes = isBytes;
      this.pos += prefix.length;
      out += this.str(prefix);
      const end = this.pos;
      this.skipSpace();
      if (this.stringPrefix() === null) {
        this.pos = end;
        return bytes ? new PyBytes(out) : out;
      }
    }
  }

  /** A unary + or - applied to a number (literal_eval allows exactly one, spaces allowed). */
  private signed(): number | bigint | PyFloat {
    const neg = this.s[this.pos] === '-';
    this.pos++;
    this.skipSpace();
    const c = this.s[this.pos];
    if (!((c >= '0' && c <= '9') || c === '.')) this.fail('a sign must be followed by a number');
    const v = this.number();
    if (!neg) return v;
    if (v instanceof PyFloat) return new PyFloat(-v.value);
    if (typeof v === 'bigint') {
      const n = Number(-v);
      return Number.isSafeInteger(n) ? n : -v;
    }
    return v === 0 ? 0 : -v;
  }

  private dict(depth: number): PyDict {
    this.pos++; // {
    const entries: [PyValue, PyValue][] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === '}') { this.pos++; return new PyDict(entries); }
      const k = this.value(depth + 1);
      if (!hashable(k)) this.fail('unhashable dict key');
      this.skipSpace();
      if (entries.length === 0 && (this.s[this.pos] === ',' || this.s[this.pos] === '}')) {
        // {a, b} is a set: valid Python, but NumPy's reading of one depends on an order Python does not fix
        throw new NpyError('unsupported', `the header holds a set ({…} without ':' at character ${this.pos}), which npy-viewer does not read: what np.load makes of a set of several items depends on the order Python happens to iterate it in`);
      }
      if (this.s[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.skipSpace();
      const v = this.value(depth + 1);
      entries.push([k, v]);
      this.skipSpace();
      const c = this.s[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === '}') { this.pos++; return new PyDict(entries); }
      this.fail("expected ',' or '}' in dict");
    }
  }

  private seq(close: string, depth: number): PyValue[] {
    this.pos++; // [
    return this.items(close, depth);
  }

  /** Comma-separated values up to `close` (a trailing comma is fine). */
  private items(close: string, depth: number): PyValue[] {
    const items: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === close) { this.pos++; return items; }
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.s[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === close) { this.pos++; return items; }
      this.fail(`expected ',' or '${close}'`);
    }
  }

  /** `(x)` is just x; `()`, `(x,)` and `(x, y)` are tuples. No backtracking (keeps it linear). */
  private paren(depth: number): PyValue {
    this.pos++;
    this.skipSpace();
    if (this.s[this.pos] === ')') { this.pos++; return new PyTuple([]); }
    const first = this.value(depth + 1);
    this.skipSpace();
    if (this.s[this.pos] === ')') { this.pos++; return first; }
    if (this.s[this.pos] !== ',') this.fail("expected ',' or ')'");
    this.pos++;
    return new PyTuple([first, ...this.items(')', depth)]);
  }

  private number(): number | bigint | PyFloat {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (!m) this.fail('bad number');
    const t = m[0];
    if (/[jJ]$/.test(t)) this.fail('complex numbers are not allowed');
    if (t.length > 120) this.fail('number too long');
    this.pos += t.length;
    if (this.python2) {
      // NumPy retries a Python 2 header with every NAME token 'L' right after a number dropped;
      // its filter skips a dropped token without noting it was not a number, so `2 L L` is 2.
      for (;;) {
        let i = this.pos;
        while (this.s[i] === ' ' || this.s[i] === '\t' || this.s[i] === '\f') i++;
        if (this.s[i] !== 'L' || /[A-Za-z0-9_]/.test(this.s[i + 1] ?? '')) break;
        this.pos = i + 1;
      }
    }
    if (/[A-Za-z0-9_.]/.test(this.s[this.pos] ?? '')) this.fail('invalid number');
    const body = t.replace(/_/g, '');
    if (/^0[xXoObB]/.test(body) || /^\d+$/.test(body)) {
      const big = BigInt(body.toLowerCase().replace(/^0+(?=\d)/, ''));
      const n = Number(big);
      return Number.isSafeInteger(n) ? n : big;
    }
    const f = Number(body);
    if (Number.isNaN(f)) this.fail('bad number');
    return new PyFloat(f);
  }

  private str(prefix: string): string {
    const q = this.s[this.pos];
    const raw = prefix.includes('r');
    const bytes = prefix.includes('b');
    const triple = this.s.startsWith(q + q + q, this.pos);
    this.pos += triple ? 3 : 1;
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      const i = this.pos;
      const c = this.s[i];
      if (c === undefined) this.fail('unterminated string');
      if (c === q && (!triple || this.s.startsWith(q + q + q, i))) {
        out += this.s.slice(chunkStart, i);
        this.pos += triple ? 3 : 1;
        return out;
      }
      if (!triple && (c === '\n' || c === '\r')) this.fail('newline inside a string');
      if (c !== '\\') {
        if (bytes && c.charCodeAt(0) > 0x7f) this.fail('bytes can only contain ASCII literal characters');
        this.pos++;
        continue;
      }
      out += this.s.slice(chunkStart, i);
      const e = this.s[i + 1];
      if (e === undefined) this.fail('unterminated string');
      this.pos = i + 2;
      if (raw) out += '\\' + e;
      else out += this.escape(e, bytes);
      chunkStart = this.pos;
    }
  }

  private escape(e: string, bytes: boolean): string {
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
    if (e === '\n') return '';
    if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(this.s.slice(this.pos - 1, this.pos + 2))![0]; // short slice
      this.pos += m.length - 1;
      return String.fromCharCode(parseInt(m, 8));
    }
    const hexLen = e === 'x' ? 2 : !bytes && e === 'u' ? 4 : !bytes && e === 'U' ? 8 : 0;
    if (hexLen) {
      const h = this.s.slice(this.pos, this.pos + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(h)) this.fail(`bad \\${e} escape`);
      this.pos += hexLen;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff) this.fail('escape outside the Unicode range');
      return String.fromCodePoint(cp);
    }
    if (e === 'N' && !bytes) this.fail('\\N{...} escapes are not supported');
    return '\\' + e; // Python keeps unknown escapes as written
  }
}

// ---------------------------------------------------------------- repr (Python's spelling)

/** Python's repr() of a literal value (ints, strs, bools, None, lists, tuples, dicts). */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyBytes) return bytesRepr(Uint8Array.from(v.value, (c) => c.charCodeAt(0)));
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (v instanceof PyTuple) {
    if (v.items.length === 1) return '(' + pyRepr(v.items[0]) + ',)';
    return '(' + v.items.map(pyRepr).join(', ') + ')';
  }
  return '{' + v.entries.map(([k, x]) => pyRepr(k) + ': ' + pyRepr(x)).join(', ') + '}';
}

function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  let s = String(x);
  if (/e/.test(s)) s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  else if (!s.includes('.')) s += '.0';
  return s;
}
