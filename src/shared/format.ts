/**
 * Rules for how numbers, sizes and shapes are written, kept in one place for every part that
 * shows them: the settings and their schema (package.json), the viewer session, the webview's
 * toolbar, info bar and member table, the sidebar, the export dialog and `npyview`. Imports
 * nothing: it is bundled into both sides (and the engine may use it).
 */

/** How the grid writes floating-point values (the `npyViewer.notation` setting). */
export const NOTATIONS = ['auto', 'fixed', 'scientific'] as const;
export type Notation = (typeof NOTATIONS)[number];

export interface FormatSettings {
  notation: Notation;
  /** Digits after the point for 'fixed' and 'scientific'; significant digits for 'auto'. */
  precision: number;
}

/** The range of `npyViewer.precision` and the toolbar's box (package.json's schema says the same: a unit test checks). */
export const PRECISION_MIN = 0;
export const PRECISION_MAX = 40;

export const DEFAULT_FORMAT: Readonly<FormatSettings> = { notation: 'auto', precision: 6 };

export function isNotation(v: unknown): v is Notation {
  return typeof v === 'string' && (NOTATIONS as readonly string[]).includes(v);
}

/** Whether `p` is a precision the viewer takes as it is (an integer in the range). */
export function isPrecision(p: unknown): p is number {
  return typeof p === 'number' && Number.isInteger(p) && p >= PRECISION_MIN && p <= PRECISION_MAX;
}

/**
 * A precision from anywhere (settings.json can hold 99, -1, 6.5 or "6") made usable: a number is
 * rounded and clamped into the range; anything else is the default.
 */
export function clampPrecision(p: unknown): number {
  if (typeof p !== 'number' || Number.isNaN(p)) return DEFAULT_FORMAT.precision;
  return Math.min(PRECISION_MAX, Math.max(PRECISION_MIN, Math.round(p)));
}

/** Settings from anywhere made usable: an unknown notation is 'auto', the precision is clamped. */
export function normalizeFormat(s: { notation?: unknown; precision?: unknown }): FormatSettings {
  return {
    notation: isNotation(s.notation) ? s.notation : DEFAULT_FORMAT.notation,
    precision: clampPrecision(s.precision),
  };
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/**
 * A byte count as people read it: '512 B', '1.5 KiB', '12 MiB', '3.0 GiB' (one decimal below 10,
 * none above). `bytes` writes counts under 1 KiB (the host passes its translation of '{0} B').
 */
export function byteSize(n: number, bytes: (n: number) => string = (k) => `${k} B`): string {
  if (!Number.isFinite(n) || n < 1024) return bytes(n);
  let v = n / 1024;
  let i = 0;
  // Move up a unit when rounding would print 1024 of this one ('1024 KiB' is '1.0 MiB').
  while (i < UNITS.length - 1 && Number(v.toFixed(v < 10 ? 1 : 0)) >= 1024) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${UNITS[i]}`;
}

/** A shape as NumPy prints the tuple: '()', '(5,)', '(2, 3)'. */
export function shapeText(shape: readonly (number | bigint | string)[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Longest dtype text a list shows whole (a structured dtype can be very long; its tooltip has all of it). */
const DTYPE_CHARS = 48;

/** A member's whole dtype text (tooltips): NumPy's str(dtype); for a safetensors tensor the dtype the file stores first: 'BF16 → float32'. */
export function dtypeText(dtypeStr: string, stored?: string): string {
  return stored ? `${stored} → ${dtypeStr}` : dtypeStr;
}

/** A member's dtype as a list shows it (the sidebar and the viewer's table): dtypeText cut with '…'. */
export function dtypeLabel(dtypeStr: string, stored?: string): string {
  const full = dtypeText(dtypeStr, stored);
  return full.length > DTYPE_CHARS ? `${full.slice(0, DTYPE_CHARS - 1)}…` : full;
}
