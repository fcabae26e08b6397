/**
 * NumPy basic indexing, as text and as data: '3', '1:9:3', '::-2', ':,2,:', '...,-1', '[3, :, ::2]'
 * parse to one AxisSel per comma-separated part. The one parser for the engine (ArrayView.index,
 * npyview --index, export) and the webview (its index box and N-D controls); the engine re-exports
 * it with its own error type (src/npy/format/indexexpr.ts). Errors say what NumPy says. Imports
 * nothing: it is bundled into both sides.
 */

export type AxisSel =
  | { kind: 'int'; index: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'ellipsis' };

/** ':' — the whole axis. */
export const FULL_SLICE: AxisSel = Object.freeze({ kind: 'slice' as const, start: null, stop: null, step: null });

/** A bad index expression, or one that does not fit the array (the message is NumPy's). */
export class IndexExprError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexExprError';
  }
}

const INT = /^[+-]?\d+(?:_\d+)*$/; // Python allows 1_000

function fail(text: string, why: string): never {
  throw new IndexExprError(`invalid index expression ${JSON.stringify(text)}: ${why}`);
}

function parseInt_(part: string, text: string, isSliceBound: boolean): number {
  const t = part.trim();
  if (!INT.test(t)) fail(text, `${JSON.stringify(t)} is not an integer`);
  const n = Number(t.replace(/_/g, ''));
  if (Number.isSafeInteger(n)) return n;
  // Slice bounds clamp to the axis anyway; a huge single index can never be in bounds.
  if (isSliceBound) return n < 0 ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  throw new IndexExprError(`index ${t.replace(/^\+|_/g, '')} is out of bounds (too large)`);
}

/** '' and '...' mean everything; brackets around the whole expression are optional. */
export function parseIndexExpr(text: string): AxisSel[] {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1).trim();
  else if (s.startsWith('[') || s.endsWith(']')) fail(text, 'unbalanced brackets');
  if (s === '') return [];
  const parts = s.split(',');
  // One trailing comma is fine ('3,' is the tuple (3,)), as in Python.
  if (parts.length > 1 && parts[parts.length - 1].trim() === '') parts.pop();
  const out: AxisSel[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (p === '') fail(text, 'empty index between commas');
    if (p === '...' || p === 'Ellipsis') {
      if (out.some((x) => x.kind === 'ellipsis')) throw new IndexExprError(ONE_ELLIPSIS);
      out.push({ kind: 'ellipsis' });
    } else if (p === 'None' || p === 'np.newaxis' || p === 'newaxis') {
      fail(text, 'new axes (None / np.newaxis) are not supported');
    } else if (p.includes(':')) {
      const b = p.split(':');
      if (b.length > 3) fail(text, `${JSON.stringify(p)} is not a slice (at most start:stop:step)`);
      const num = (x: string | undefined): number | null => (x === undefined || x.trim() === '' || x.trim() === 'None')
        ? null : parseInt_(x, text, true);
      const step = num(b[2]);
      if (step === 0) throw new IndexExprError('slice step cannot be zero');
      out.push({ kind: 'slice', start: num(b[0]), stop: num(b[1]), step });
    } else {
      out.push({ kind: 'int', index: parseInt_(p, text, false) });
    }
  }
  return out;
}

/** NumPy-like spelling: '3, :, ::2', ':', '...' (an empty selection means everything). */
export function formatIndexExpr(sels: readonly AxisSel[]): string {
  if (sels.length === 0) return '...';
  return sels.map((s) => {
    if (s.kind === 'ellipsis') return '...';
    if (s.kind === 'int') return String(s.index);
    const a = s.start === null ? '' : String(s.start);
    const b = s.stop === null ? '' : String(s.stop);
    return s.step === null ? `${a}:${b}` : `${a}:${b}:${s.step}`;
  }).join(', ');
}

const ONE_ELLIPSIS = "an index can only have a single ellipsis ('...')";

/** One selection per axis of an `ndim`-D array: the ellipsis (or the missing tail) becomes full slices. */
export function expandIndex(sels: readonly AxisSel[], ndim: number): AxisSel[] {
  const ells = sels.filter((s) => s.kind === 'ellipsis').length;
  if (ells > 1) throw new IndexExprError(ONE_ELLIPSIS);
  const explicit = sels.length - ells;
  if (explicit > ndim) {
    throw new IndexExprError(`too many indices for array: array is ${ndim}-dimensional, but ${explicit} were indexed`);
  }
  const e = sels.findIndex((s) => s.kind === 'ellipsis');
  const before = e >= 0 ? sels.slice(0, e) : sels;
  const after = e >= 0 ? sels.slice(e + 1) : [];
  return [...before, ...Array<AxisSel>(ndim - explicit).fill(FULL_SLICE), ...after];
}

/**
 * Expanded selections (one per axis of `shape`) in the spelling the viewer shows: integers made
 * non-negative, a slice over the whole axis ('::1' too) as ':'. Bounds are the caller's to check.
 */
export function normalizeSels(sels: readonly AxisSel[], shape: readonly number[]): AxisSel[] {
  return sels.map((s, i) => {
    if (s.kind === 'int') return s.index < 0 ? { kind: 'int', index: s.index + shape[i] } : s;
    if (s.kind === 'slice' && s.start === null && s.stop === null && (s.step === null || s.step === 1)) return FULL_SLICE;
    return s;
  });
}

/** The axes a selection keeps (its non-integer ones), in order: they are the view's axes. */
export function keptAxes(sels: readonly AxisSel[]): number[] {
  const out: number[] = [];
  sels.forEach((s, i) => {
    if (s.kind !== 'int') out.push(i);
  });
  return out;
}
