/**
 * Scroll math for one axis of the grid, as pure functions (unit-tested in Node).
 *
 * Browsers cap an element's height (Chromium ~33.5M px), so a spacer of rows × rowHeight pixels
 * cannot represent 1e9 rows. We keep our own "virtual offset" in content pixels (a double; exact
 * up to 2^53) and give the native scrollbar a spacer capped at MAX_SPACER_PX, mapping its scroll
 * position to the virtual offset proportionally. Wheel and keyboard move the virtual offset
 * directly, so they stay precise; only dragging the scrollbar thumb is coarse on huge axes.
 */
export const MAX_SPACER_PX = 4_000_000;

export interface Axis {
  /** Number of items (rows, or display columns). */
  count: number;
  /** Pixels per item. */
  itemPx: number;
  /** Pixels available for items (viewport minus headers). */
  viewportPx: number;
}

export function contentPx(a: Axis): number {
  return a.count * a.itemPx;
}

/** Largest virtual offset: the last item ends at the viewport's end. */
export function maxOffset(a: Axis): number {
  return Math.max(0, contentPx(a) - a.viewportPx);
}

export function clampOffset(a: Axis, offset: number): number {
  return Math.min(maxOffset(a), Math.max(0, offset));
}

/** Size of the native scroll spacer (content pixels, capped). */
export function spacerPx(a: Axis): number {
  return Math.min(contentPx(a), MAX_SPACER_PX);
}

/** Largest native scroll position for the spacer. */
function maxScroll(a: Axis): number {
  return Math.max(0, spacerPx(a) - a.viewportPx);
}

/** Native scroll position → virtual offset. */
export function scrollToOffset(a: Axis, scroll: number): number {
  const ms = maxScroll(a);
  if (ms <= 0) return 0;
  if (contentPx(a) <= MAX_SPACER_PX) return clampOffset(a, scroll);
  // Proportional: the end of the scrollbar is the end of the content.
  return clampOffset(a, (Math.min(ms, Math.max(0, scroll)) / ms) * maxOffset(a));
}

/** Virtual offset → native scroll position (for moving the scrollbar thumb). */
export function offsetToScroll(a: Axis, offset: number): number {
  const mo = maxOffset(a);
  if (mo <= 0) return 0;
  if (contentPx(a) <= MAX_SPACER_PX) return clampOffset(a, offset);
  return (clampOffset(a, offset) / mo) * maxScroll(a);
}

export interface Visible {
  /** First item at least partly visible (0 when count is 0). */
  first: number;
  /** Number of items at least partly visible. */
  n: number;
  /** Pixels of the first item hidden above/left of the viewport. */
  shiftPx: number;
}

export function visibleRange(a: Axis, offset: number): Visible {
  if (a.count <= 0 || a.itemPx <= 0) return { first: 0, n: 0, shiftPx: 0 };
  const o = clampOffset(a, offset);
  const first = Math.min(a.count - 1, Math.floor(o / a.itemPx));
  const shiftPx = o - first * a.itemPx;
  const n = Math.min(a.count - first, Math.ceil((a.viewportPx + shiftPx) / a.itemPx));
  return { first, n: Math.max(n, 1), shiftPx };
}

/** Number of items that fit entirely (for Page Up/Down). */
export function itemsPerPage(a: Axis): number {
  return Math.max(1, Math.floor(a.viewportPx / a.itemPx));
}

/** The offset that shows item `i` entirely, moving as little as possible from `offset`. */
export function revealOffset(a: Axis, offset: number, i: number): number {
  const top = i * a.itemPx;
  const bottom = top + a.itemPx;
  let o = offset;
  if (top < o) o = top;
  else if (bottom > o + a.viewportPx) o = bottom - a.viewportPx;
  return clampOffset(a, o);
}

/** The offset that puts item `i` first (as far as the end allows). */
export function offsetOf(a: Axis, i: number): number {
  return clampOffset(a, i * a.itemPx);
}
