/**
 * A small, safe parser for the Python literal in a .npy header — never eval.
 *
 * Accepts what any NumPy version (and Python 2) writes: dicts, lists, tuples, str (with u/b/r
 * prefixes and escapes), ints (with a Python 2 `L` suffix), floats, True/False/None, trailing
 * commas, any whitespace. One pass over the text (linear time) with a nesting limit, so hostile
 * headers cannot make it slow or blow the stack.
 */
import { NpyError } from './errors';
import { strRepr } from './pyrepr';

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

/** A Python float: kept apart from ints so that e.g. a shape of (3.0,) is refused like NumPy does. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** int → number when safe, else bigint; float → PyFloat. */
export type PyValue = string | number | bigint | boolean | null | PyFloat | PyValue[] | PyTuple | PyDict;

export const MAX_NESTING = 64;

export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  p.skipSpace();
  const v = p.value(0);
  p.skipSpace();
  if (p.pos < text.length) p.fail('unexpected text after the value');
  return v;
}

// Sticky, so matching starts at the cursor without copying the rest of the text.
const NUMBER = /[+-]?(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[lLjJ]?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = new Set([' ', '\t', '\n', '\r', '\f', '\v', '\0']);
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', '\'': '\'', '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(why: string): never {
    const near = this.s.slice(this.pos, this.pos + 20);
    throw new NpyError('format', `header is not a valid Python literal: ${why} at character ${this.pos}` +
      (near ? ` (near ${JSON.stringify(near)})` : ''));
  }

  skipSpace(): void {
    // A backslash-newline is a line continuation in Python; NUL padding is tolerated.
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (SPACE.has(c)) this.pos++;
      else if (c === '\\' && (this.s[this.pos + 1] === '\n' || this.s[this.pos + 1] === '\r')) this.pos += 2;
      else break;
    }
  }

  value(depth: number): PyValue {
    if (depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`);
    const c = this.s[this.pos];
    if (c === undefined) this.fail('unexpected end');
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.seq(']', depth);
    if (c === '(') return this.paren(depth);
    if (c === '\'' || c === '"') return this.str('');
    if (c === '-' || c === '+' || (c >= '0' && c <= '9') || c === '.') return this.number();
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (m) {
      const w = m[0];
      const q = this.s[this.pos + w.length];
      if ((q === '\'' || q === '"') && /^(?:[uUbBrR]|[bB][rR]|[rR][bB])$/.test(w)) {
        this.pos += w.length;
        return this.str(w.toLowerCase());
      }
      this.pos += w.length;
      if (w === 'True') return true;
      if (w === 'False') return false;
      if (w === 'None') return null;
      this.pos -= w.length;
      this.fail(`name '${w}' is not allowed (only literals; code is never run)`);
    }
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private dict(depth: number): PyDict {
    this.pos++; // {
    const entries: [PyValue, PyValue][] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === '}') { this.pos++; return new PyDict(entries); }
      const k = this.value(depth + 1);
      if (typeof k === 'object' && k !== null && !(k instanceof PyTuple)) this.fail('unhashable dict key');
      this.skipSpace();
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
    const body = t.replace(/[lL]$/, '').replace(/_/g, '');
    const neg = body.startsWith('-');
    const digits = body.replace(/^[+-]/, '');
    if (/^0[xX][0-9a-fA-F]+$/.test(digits) || /^\d+$/.test(digits)) {
      const big = (neg ? -1n : 1n) * BigInt(digits);
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
      if (c !== '\\') { this.pos++; continue; }
      out += this.s.slice(chunkStart, i);
      const e = this.s[i + 1];
      if (e === undefined) this.fail('unterminated string');
      this.pos = i + 2;
      if (raw) out += '\\' + e;
      else out += this.escape(e, prefix.includes('b'));
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
