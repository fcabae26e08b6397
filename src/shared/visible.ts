/**
 * Text from a file (member, field and file names, str_/bytes_ values) as it is shown: legible and
 * inert. Characters Python's repr escapes (str.isprintable() is false: C0/C1 controls, format
 * characters such as the bidi controls U+202A-U+202E and U+2066-U+2069, U+200E/U+200F, the
 * zero-width U+200B-U+200D and U+FEFF, line and paragraph separators, spaces other than ' ',
 * surrogates, private-use and unassigned code points) are shown as Python writes them (\n, \x1b,
 * \u202e, \U000e0001), so they can neither reorder nor hide the text around them; text longer
 * than a limit is cut with '…'. The full value stays available (titles, Copy). The DOM gets the
 * result through textContent only; this is about what the user reads, not about markup.
 */

/** Longest text shown in a cell, a header or a name before it is cut (in UTF-16 units, before '…'). */
export const VISIBLE_MAX = 300;
/** Longest text of a tooltip (title) that shows a value whole. */
export const TITLE_MAX = 5000;

/** What Python's str.isprintable() refuses, except the ASCII space. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const HIDDEN_ALL = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/gu;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One hidden character as Python's repr writes it. */
function escapeOne(c: string): string {
  if (c === ' ') return c;
  const named = NAMED[c];
  if (named) return named;
  const cp = c.codePointAt(0)!;
  const hex = (n: number, width: number): string => cp.toString(16).padStart(width, '0').slice(-n);
  return cp < 0x100 ? `\\x${hex(2, 2)}` : cp < 0x10000 ? `\\u${hex(4, 4)}` : `\\U${hex(8, 8)}`;
}

/** `s` with every character Python's repr would escape written as its escape; other text unchanged. */
export function showControls(s: string): string {
  return HIDDEN.test(s) ? s.replace(HIDDEN_ALL, escapeOne) : s;
}

/**
 * `s` as shown: controls made visible (showControls), then cut to `max` UTF-16 units with '…'
 * (never inside a surrogate pair). Only the start of a long string is looked at, so a 100,000
 * character value costs no more than a short one.
 */
export function visibleText(s: string, max = VISIBLE_MAX): string {
  // Escapes grow text at most 10-fold: the first max+1 units decide what is shown.
  let head = s.length > max + 1 ? s.slice(0, max + 1) : s;
  if (head.length < s.length && isHighSurrogate(head.charCodeAt(head.length - 1))) head = s.slice(0, max + 2);
  const shown = showControls(head);
  if (shown.length <= max && head.length === s.length) return shown;
  let cut = Math.min(max, shown.length);
  if (isHighSurrogate(shown.charCodeAt(cut - 1))) cut--;
  return `${shown.slice(0, cut)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** True when visibleText(s, max) shows less than all of `s` (the full value is then worth a tooltip). */
export function isCut(s: string, max = VISIBLE_MAX): boolean {
  return s.length > max || showControls(s).length > max;
}

/** A tooltip that shows `s` whole (controls visible) unless it is longer than TITLE_MAX. */
export function visibleTitle(s: string): string {
  return visibleText(s, TITLE_MAX);
}
