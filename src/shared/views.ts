/**
 * View choices both sides must make the same way: which member and view a viewer shows first,
 * and the page grid of the webview's cache. The host uses them to send the first screen with its
 * ready reply; the webview uses them to decide what to show. Imports nothing but types: it is
 * bundled into both sides.
 */
import type { MemberInfo, ViewSpec } from './protocol';

/** The webview caches and requests the grid in pages of this many rows × columns (elements). */
export const PAGE_ROWS = 64;
export const PAGE_COLS = 16;

/** The whole array for up to 2 axes; beyond that, index 0 on the leading axes and the last two on the grid. */
export function defaultView(member: string | undefined, shape: readonly number[] = []): ViewSpec {
  if (shape.length <= 2) return { member, index: '...', rowAxis: 0, colAxis: 1 };
  const sels = shape.map((_, i) => (i < shape.length - 2 ? '0' : ':'));
  return { member, index: sels.join(', '), rowAxis: 0, colAxis: 1 };
}

/** The npz member shown first: the one asked for when it is a readable array, else the first such. */
export function firstMember(members: readonly MemberInfo[], want: string | undefined): MemberInfo | undefined {
  return members.find((m) => m.name === want && m.info) ?? members.find((m) => m.isArray && m.info);
}

/** One string per distinct view (cache keys). */
export function viewKey(v: ViewSpec): string {
  return JSON.stringify([v.member ?? null, v.index, v.rowAxis, v.colAxis]);
}
