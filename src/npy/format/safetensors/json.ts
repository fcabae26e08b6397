/**
 * A strict JSON reader (RFC 8259) for headers written by other tools (.safetensors, sharded
 * checkpoint indexes). JSON.parse would do, except that it silently keeps the last of duplicated
 * keys, turns 2**64 into an inexact double and has no nesting limit; a header that lies must be
 * caught, so objects keep every entry in file order, numbers keep their text, and nesting is
 * bounded. One linear pass; errors name the character where reading stopped.
 */
import { NpyError } from '../../errors';

/** A number as written: exactness is the caller's business (offsets can exceed 2**53). */
export class JsonNumber {
  constructor(readonly text: string) {}

  /** The value when the text is a plain non-negative integer literal no larger than 2**53 - 1, else undefined. */
  safeIndex(): number | undefined {
    if (!/^(?:0|[1-9]\d*)$/.test(this.text)) return undefined;
    const v = Number(this.text);
    return Number.isSafeInteger(v) ? v : undefined;
  }
}

/** An object, entries in file order, duplicates kept (see duplicateKeys). */
export class JsonObject {
  constructor(readonly entries: [string, Json][]) {}

  /** The first value under key. */
  get(key: string): Json | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }

  /** Keys that occur more than once, each named once, in order of their second occurrence. */
  duplicateKeys(): string[] {
    const seen = new Set<string>();
    const dup = new Set<string>();
    for (const [k] of this.entries) {
      if (seen.has(k)) dup.add(k);
      seen.add(k);
    }
    return [...dup];
  }
}

export type Json = null | boolean | string | JsonNumber | Json[] | JsonObject;

export const JSON_MAX_DEPTH = 64;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_RUN = /[^"\\\x00-\x1f]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses one JSON value (whitespace around it allowed). `what` names the text in errors. */
export function parseJson(text: string, what = 'the JSON text', maxDepth = JSON_MAX_DEPTH): Json {
  const p = new Reader(text, what, maxDepth);
  p.space();
  const v = p.value(0);
  p.space();
  if (p.pos < text.length) p.fail('unexpected text after the value');
  return v;
}

/** Python-like short rendering of a JSON value for messages. */
export function jsonText(v: Json | undefined, max = 80): string {
  const s = render(v);
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function render(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return '[' + v.map(render).join(', ') + ']';
  return '{' + v.entries.map(([k, x]) => `${JSON.stringify(k)}: ${render(x)}`).join(', ') + '}';
}

class Reader {
  pos = 0;
  constructor(private readonly s: string, private readonly what: string, private readonly maxDepth: number) {}

  fail(why: string): never {
    throw new NpyError('format', `${this.what} is not valid JSON: ${why} at character ${this.pos}`);
  }

  space(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  value(depth: number): Json {
    const c = this.s[this.pos];
    if (c === '{' || c === '[') {
      if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (this.s.startsWith(word, this.pos)) { this.pos += word.length; return c === 'n' ? null : c === 't'; }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (m && m[0] !== '-' && m[0].length > 0) {
      this.pos += m[0].length;
      return new JsonNumber(m[0]);
    }
    this.fail(c === undefined ? 'the text ends where a value should be' : `unexpected ${JSON.stringify(c)}`);
  }

  private object(depth: number): JsonObject {
    this.pos++;
    const entries: [string, Json][] = [];
    this.space();
    if (this.s[this.pos] === '}') { this.pos++; return new JsonObject(entries); }
    for (;;) {
      this.space();
      if (this.s[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.space();
      if (this.s[this.pos] !== ':') this.fail("expected ':' after a key");
      this.pos++;
      this.space();
      entries.push([key, this.value(depth)]);
      this.space();
      const c = this.s[this.pos++];
      if (c === '}') return new JsonObject(entries);
      if (c !== ',') { this.pos--; this.fail("expected ',' or '}'"); }
    }
  }

  private array(depth: number): Json[] {
    this.pos++;
    const items: Json[] = [];
    this.space();
    if (this.s[this.pos] === ']') { this.pos++; return items; }
    for (;;) {
      this.space();
      items.push(this.value(depth));
      this.space();
      const c = this.s[this.pos++];
      if (c === ']') return items;
      if (c !== ',') { this.pos--; this.fail("expected ',' or ']'"); }
    }
  }

  private string(): string {
    const s = this.s;
    this.pos++;
    // Fast path: a run of plain characters up to the closing quote.
    PLAIN_RUN.lastIndex = this.pos;
    const run = PLAIN_RUN.exec(s);
    const endAt = this.pos + (run ? run[0].length : 0);
    if (s.charCodeAt(endAt) === 0x22) {
      this.pos = endAt + 1;
      return run ? run[0] : '';
    }
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.fail('a string is not closed');
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        out += s.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('a control character inside a string');
      if (c !== 0x5c) { this.pos++; continue; }
      out += s.slice(start, this.pos);
      const e = s[this.pos + 1];
      if (e === 'u') {
        const unit = this.hex4(this.pos + 2);
        this.pos += 6;
        if (unit >= 0xd800 && unit < 0xdc00) {
          // A high surrogate must be followed by an escaped low one (one code point).
          const low = s.startsWith('\\u', this.pos) ? this.hex4(this.pos + 2) : -1;
          if (low < 0xdc00 || low > 0xdfff) this.fail('a lone surrogate in a \\u escape');
          this.pos += 6;
          out += String.fromCharCode(unit, low);
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          this.fail('a lone surrogate in a \\u escape');
        } else {
          out += String.fromCharCode(unit);
        }
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        this.pos += 2;
      } else {
        this.pos++;
        this.fail('an invalid escape');
      }
      start = this.pos;
    }
  }

  private hex4(at: number): number {
    const h = this.s.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) { this.pos = at; this.fail('a bad \\u escape'); }
    return parseInt(h, 16);
  }
}
