/**
 * NumPy basic indexing as text: '3', '1:9:3', '::-2', ':,2,:', '...,-1', '[3, :, ::2]'.
 * Only parsing and spelling live here; applying an index to a shape is ArrayView.index.
 */
import { NpyError } from '../errors';

export type AxisSel =
  | { kind: 'int'; index: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'ellipsis' };

const INT = /^[+-]?\d+(?:_\d+)*$/; // Python allows 1_000

function fail(text: string, why: string): never {
  throw new NpyError('index', `invalid index expression ${JSON.stringify(text)}: ${why}`);
}

function parseInt_(part: string, text: string, isSliceBound: boolean): number {
  const t = part.trim();
  if (!INT.test(t)) fail(text, `${JSON.stringify(part.trim())} is not an integer`);
  const n = Number(t.replace(/_/g, ''));
  if (Number.isSafeInteger(n)) return n;
  // Slice bounds clamp to the axis anyway; a huge single index can never be in bounds.
  if (isSliceBound) return n < 0 ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  throw new NpyError('index', `index ${t.replace(/^\+|_/g, '')} is out of bounds (too large)`);
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
      if (out.some(x => x.kind === 'ellipsis')) {
        throw new NpyError('index', "an index can only have a single ellipsis ('...')");
      }
      out.push({ kind: 'ellipsis' });
    } else if (p === 'None' || p === 'np.newaxis' || p === 'newaxis') {
      fail(text, 'new axes (None / np.newaxis) are not supported');
    } else if (p.includes(':')) {
      const b = p.split(':');
      if (b.length > 3) fail(text, `${JSON.stringify(p)} is not a slice (at most start:stop:step)`);
      const num = (x: string | undefined) => (x === undefined || x.trim() === '' || x.trim() === 'None')
        ? null : parseInt_(x, text, true);
      const step = num(b[2]);
      if (step === 0) throw new NpyError('index', 'slice step cannot be zero');
      out.push({ kind: 'slice', start: num(b[0]), stop: num(b[1]), step });
    } else {
      out.push({ kind: 'int', index: parseInt_(p, text, false) });
    }
  }
  return out;
}

/** NumPy-like spelling: '3, :, ::2', ':', '...' (an empty selection means everything). */
export function formatIndexExpr(sels: AxisSel[]): string {
  if (sels.length === 0) return '...';
  return sels.map(s => {
    if (s.kind === 'ellipsis') return '...';
    if (s.kind === 'int') return String(s.index);
    const a = s.start === null ? '' : String(s.start);
    const b = s.stop === null ? '' : String(s.stop);
    return s.step === null ? `${a}:${b}` : `${a}:${b}:${s.step}`;
  }).join(', ');
}
