/**
 * View choices both sides must make the same way: which member and view a viewer shows first,
 * how an N-D choice (per axis a fixed index or a slice, plus the grid's row and column axes)
 * becomes a ViewSpec, the default grid axes, the page grid of the webview's cache, and the one key
 * of a view. The host uses them to resolve views and send the first screen with its ready reply;
 * the webview uses them to decide what to show. Imports nothing outside src/shared.
 */
import { FULL_SLICE, formatIndexExpr, keptAxes, type AxisSel } from './indexexpr';
import type { MemberInfo, ViewSpec } from '../protocol';

/** The webview caches and requests the grid in pages of this many rows × columns (elements). */
export const PAGE_ROWS = 64;
export const PAGE_COLS = 16;

/**
 * The N-D choice as data (like h5web's DimensionMapping): one selection per array axis (an integer
 * fixes the axis, a slice keeps it), and the array axes shown as rows and columns (-1: none).
 */
export interface AxisChoice {
  sels: AxisSel[];
  rowSrc: number;
  colSrc: number;
}

/** The ViewSpec of a choice: the view's axes are the kept (non-integer) axes, in order. */
export function specOf(member: string | undefined, c: AxisChoice): ViewSpec {
  const kept = keptAxes(c.sels);
  return { member, index: formatIndexExpr(c.sels), rowAxis: kept.indexOf(c.rowSrc), colAxis: kept.indexOf(c.colSrc) };
}

/** The whole array for up to 2 axes; beyond that, index 0 on the leading axes and the last two on the grid. */
export function defaultView(member: string | undefined, shape: readonly number[] = []): ViewSpec {
  if (shape.length <= 2) return { member, index: '...', rowAxis: 0, colAxis: 1 };
  const sels = shape.map((_, i): AxisSel => (i < shape.length - 2 ? { kind: 'int', index: 0 } : FULL_SLICE));
  return { member, index: formatIndexExpr(sels), rowAxis: 0, colAxis: 1 };
}

/**
 * The grid's row and column axes of an `ndim`-axis view: a valid request is kept, anything else
 * gets the defaults (2-D: rows 0, columns 1; 1-D: rows 0, or columns 0 when asked; 0-D: none).
 */
export function gridAxes(ndim: number, rowAxis: number, colAxis: number): { rowAxis: number; colAxis: number } {
  if (ndim === 0) return { rowAxis: -1, colAxis: -1 };
  if (ndim === 1) {
    if (rowAxis === -1 && colAxis === 0) return { rowAxis, colAxis };
    return { rowAxis: 0, colAxis: -1 };
  }
  if ((rowAxis === 0 && colAxis === 1) || (rowAxis === 1 && colAxis === 0)) return { rowAxis, colAxis };
  return { rowAxis: 0, colAxis: 1 };
}

/**
 * The go-to grammar of the webview's box and the Go to Cell command: 'r', 'r, c' or one integer
 * per array axis (brackets/parentheses allowed, negative numbers count from the end). Returns the
 * integers, or undefined if malformed.
 */
export function parseGoTo(text: string): number[] | undefined {
  const t = text.trim().replace(/^[[(]\s*/, '').replace(/\s*[\])]$/, '');
  if (t === '') return undefined;
  const parts = t.split(/\s*[,\s]\s*/);
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[-+]?\d+$/.test(p)) return undefined;
    out.push(Number(p));
  }
  return out;
}

/** The npz member shown first: the one asked for when it is a readable array, else the first such. */
export function firstMember(members: readonly MemberInfo[], want: string | undefined): MemberInfo | undefined {
  return members.find((m) => m.name === want && m.info) ?? members.find((m) => m.isArray && m.info);
}

/** Whether the member list's filter (the sidebar's "Filter Members") lets a member through: its name contains the text, in any case. */
export function memberMatches(name: string, filter: string): boolean {
  return filter === '' || name.toLowerCase().includes(filter.toLowerCase());
}

/** One string per distinct view (the key of cached views and pages, on both sides). */
export function viewKey(v: ViewSpec): string {
  return JSON.stringify([v.member ?? null, v.index, v.rowAxis, v.colAxis]);
}

/**
 * Whether number formatting (notation, precision) applies to a dtype (ArrayInfo.dtype): it holds
 * a float or a complex number, itself or in a field ('<f8', '>c16', "[('a', '<i4'), ('b', '<f8')]").
 */
export function hasFloats(dtype: string): boolean {
  return /(?:^|, ')[<>=|]?[fc]\d+(?:'|$)/.test(dtype);
}

/** Whether a dtype is text (str_ or bytes_): shown left-aligned, as text is. */
export function isText(dtype: string): boolean {
  return /^[<>=|]?[US]\d+$/.test(dtype);
}
