/**
 * NumPy's comma strings: np.dtype('i4,f8') is a record [('f0', '<i4'), ('f1', '<f8')],
 * np.dtype('3i4') a (3,) subarray of int32, np.dtype('(2,3)f8, U5') a record of a subarray and a
 * string. NumPy's descriptor.c reads a string this way, before anything else, when it has a comma
 * outside [...], starts with a digit, or starts with '()' (either after a byte order); the reading
 * itself is numpy/_core/_internal.py's _commastring: formats `[order]repeats[order]type` joined by
 * commas, each repeat count read by ast.literal_eval (an int, or a tuple: a subarray shape, or the
 * size of an unsized 'S'/'U'/'V'), a separator turning the result into a list of fields named
 * f0, f1, ... So a header may say 'descr': '<U,' and np.load reads it (the fuzz found one).
 */
import { NpyError } from '../errors';
import { PyTuple, pyRepr, type PyValue } from '../py/pyliteral';

const ORDERS = '<>|=';

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** descriptor.c's _check_for_commastring: does np.dtype read `s` as comma-separated formats? */
export function isCommaString(s: string): boolean {
  if (isDigit(s[0]) || (s.length > 1 && ORDERS.includes(s[0]) && isDigit(s[1]))) return true;
  if ((s.length > 1 && s[0] === '(' && s[1] === ')') || (s.length > 3 && ORDERS.includes(s[0]) && s[1] === '(' && s[2] === ')')) return true;
  let brackets = 0;
  for (const c of s) {
    if (c === ',' && brackets === 0) return true;
    if (c === '[') brackets++;
    else if (c === ']') brackets--;
  }
  return false;
}

// Python's `\s` in a str pattern (str.isspace's characters), which is not JavaScript's `\s`
const SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const FORMAT = /([<>|=]?)( *[(]?[ ,0-9]*[)]? *)([<>|=]?)([A-Za-z0-9.?]*(?:\[[a-zA-Z0-9,.]+\])?)/y;
const SEPARATOR = new RegExp(`${SPACE}*,${SPACE}*`, 'y');
const TRAILING_SPACE = new RegExp(`^${SPACE}+$`);

function unknown(s: string, why: string): never {
  throw new NpyError('format', `unknown dtype ${pyRepr(s)}: ${why}`);
}

/** A Python int literal of digits ('0', '00' and '12'; not '012'), as a number or a bigint. */
function intLiteral(text: string): number | bigint | undefined {
  if (!/^[0-9]+$/.test(text) || (text[0] === '0' && /[1-9]/.test(text))) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/**
 * ast.literal_eval of a repeat count (text of spaces, digits, commas and one pair of parentheses
 * at most): an int, or a tuple of ints ('2,3' and '(2,)' are tuples, '(2)' an int, '()' empty).
 */
function repeatCount(text: string): number | bigint | PyTuple | undefined {
  let t = text.replace(/^[ \t]+/, '').replace(/ +$/, ''); // literal_eval strips leading spaces
  if (t.startsWith('(') || t.endsWith(')')) {
    if (!(t.startsWith('(') && t.endsWith(')')) || t.length < 2) return undefined;
    t = t.slice(1, -1).trim();
    if (t === '') return new PyTuple([]);
  }
  const parts = t.split(',').map((p) => p.trim());
  const trailing = parts.length > 1 && parts[parts.length - 1] === '';
  if (trailing) parts.pop();
  const items = parts.map(intLiteral);
  if (items.length === 0 || items.some((x) => x === undefined)) return undefined;
  const tuple = trailing || items.length > 1;
  if (!tuple) return items[0];
  return new PyTuple(items as (number | bigint)[]);
}

/**
 * The formats of a comma string, as the descr NumPy builds from them: a field list
 * [('f0', format), ...] when it has a separator, else the one format; a format is a type string
 * or (type string, repeat count).
 */
export function commaFormats(s: string): PyValue {
  const result: PyValue[] = [];
  let at = 0;
  let isList = false;
  while (at < s.length) {
    FORMAT.lastIndex = at;
    const m = FORMAT.exec(s)!; // every part is optional: it always matches
    const [, order1, repeats, order2, type] = m;
    at = FORMAT.lastIndex;
    if (at < s.length) {
      if (TRAILING_SPACE.test(s.slice(at))) {
        at = s.length;
      } else {
        SEPARATOR.lastIndex = at;
        if (!SEPARATOR.test(s)) unknown(s, `format number ${result.length + 1} of "${s}" is not recognized`);
        at = SEPARATOR.lastIndex;
        isList = true;
      }
    }
    let order: string;
    if (order2 === '') order = order1;
    else if (order1 === '') order = order2;
    else {
      const a = order1 === '=' ? '<' : order1;
      const b = order2 === '=' ? '<' : order2;
      if (a !== b) unknown(s, `inconsistent byte-order specification ${a} and ${b}`);
      order = a;
    }
    // '|', '=' and the native order (little-endian here, as everywhere NumPy writes these files) drop
    const dtype = (order === '|' || order === '=' || order === '<' ? '' : order) + type;
    if (repeats === '') {
      result.push(dtype);
    } else {
      const count = repeatCount(repeats);
      if (count === undefined) unknown(s, `the repeat count ${JSON.stringify(repeats)} of format number ${result.length + 1} is not a Python int or tuple`);
      result.push(new PyTuple([dtype, count]));
    }
  }
  if (!isList) return result[0];
  // descriptor.c's _convert_from_list drops one empty format at the end ('i4,<' is one field)
  if (result[result.length - 1] === '') result.pop();
  if (result.length === 0) unknown(s, 'expected at least one field name');
  return result.map((f, i) => new PyTuple([`f${i}`, f]));
}
