/** Python's repr() of bytes and str, and ascii(): the spellings '%s'/'%r'/'%a' need. */

const HEX = '0123456789abcdef';
function hex2(b: number): string { return '\\x' + HEX[b >> 4] + HEX[b & 15]; }

/** Python repr(bytes): b'...' (b"..." when it holds ' but no "), \t \n \r \\ and \xNN escapes. */
export function bytesRepr(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < b.length; i++) { if (b[i] === 39) hasSingle = true; else if (b[i] === 34) hasDouble = true; }
  const quote = hasSingle && !hasDouble ? 34 : 39;
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === quote || c === 92) s += '\\' + String.fromCharCode(c);
    else if (c === 9) s += '\\t';
    else if (c === 10) s += '\\n';
    else if (c === 13) s += '\\r';
    else if (c < 32 || c >= 127) s += hex2(c);
    else s += String.fromCharCode(c);
  }
  const q = String.fromCharCode(quote);
  return 'b' + q + s + q;
}

const HEX_UPPER = '0123456789ABCDEF';

/** NumPy's str() of a void scalar: b'...' with every byte as \xNN (NumPy writes the hex digits upper case: b'\xFF'). */
export function voidStr(b: Uint8Array): string {
  let s = "b'";
  for (let i = 0; i < b.length; i++) s += '\\x' + HEX_UPPER[b[i] >> 4] + HEX_UPPER[b[i] & 15];
  return s + "'";
}

// Not printable for Python's str.isprintable(): other (C*) and separators (Z*) except ' '.
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function escapeCodePoint(cp: number): string {
  if (cp < 0x100) return hex2(cp);
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** Python repr(str). With `ascii`, also escapes every non-ASCII character (Python's ascii()). */
export function strRepr(s: string, ascii = false): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 32 || cp === 127) out += hex2(cp);
    else if (cp < 127) out += ch;
    else if (ascii || (ch !== ' ' && NON_PRINTABLE.test(ch))) out += escapeCodePoint(cp);
    else out += ch;
  }
  return quote + out + quote;
}

/** Python ascii() of an already-made repr: escape non-ASCII characters. */
export function asciiOf(repr: string): string {
  let out = '';
  for (const ch of repr) {
    const cp = ch.codePointAt(0)!;
    out += cp < 128 ? ch : escapeCodePoint(cp);
  }
  return out;
}

/**
 * Regex source for one surrogate not paired in the string (a lone one: a Python str, and so a U
 * array, can hold it; UTF-8 cannot encode it).
 */
export const LONE_SURROGATE = String.raw`[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`;

/** Whether a surrogate pair (one code point) starts at unit i; a lone surrogate is one code point alone. */
function pairAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c >= 0xdc00) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d < 0xe000;
}

/** Length in code points (Python's len of a str), not UTF-16 units. */
export function pyLen(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    if (pairAt(s, i)) { n--; i++; }
  }
  return n;
}

/** The first n code points of s. */
export function pySlice(s: string, n: number): string {
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) i += pairAt(s, i) ? 2 : 1;
  return s.slice(0, i);
}
