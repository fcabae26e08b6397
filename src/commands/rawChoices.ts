/**
 * What "Open as Array…" offers and checks, without VS Code (unit-tested): the dtypes listed,
 * the shapes suggested for a file's size (its last shape first), and the check of typed text
 * against the file, with NumPy's rules (src/npy/format/raw.ts).
 */
import { describeDType, dtypeName, type DType } from '../npy/format/dtype';
import { errorText } from '../shared/errors';
import { parseDTypeText, parseShapeText, resolveRaw, suggestShapes, type RawLayout } from '../npy/format/raw';
import { shapeText } from '../shared/format';

/** One remembered choice (JSON in globalState). */
export interface RawChoice {
  dtype: string;
  /** As typed or chosen; one entry may be -1. */
  shape: number[];
  offset: number;
  order: 'C' | 'F';
}

export function isRawChoice(v: unknown): v is RawChoice {
  if (!v || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  return typeof c.dtype === 'string' && Array.isArray(c.shape) && c.shape.every((d) => Number.isSafeInteger(d)) &&
    Number.isSafeInteger(c.offset) && (c.order === 'C' || c.order === 'F');
}

export function toLayout(c: RawChoice): RawLayout {
  return { dtype: c.dtype, shape: [...c.shape], offset: c.offset, order: c.order };
}

/** The dtypes listed first (NumPy spellings); any other np.dtype text can be typed. */
export const COMMON_DTYPES = [
  '<f4', '<f8', '<f2', 'u1', 'i1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '|b1', '<c8', '<c16', '>f4', '>f8', '>i2', '>i4',
];

/** The dtype `text` means, or why NumPy would not take it. */
export function checkDType(text: string): { dtype: DType; name: string; description: string } | { error: string } {
  try {
    const dtype = parseDTypeText(text.trim());
    if (dtype.kind === 'O') return { error: 'Python objects (dtype object) cannot be read from a raw file' };
    if (dtype.itemsize === 0) return { error: `dtype ${dtypeName(dtype)} has 0-byte elements; give a size, e.g. S8 or U4` };
    return { dtype, name: dtypeName(dtype), description: describeDType(dtype) };
  } catch (e) {
    return { error: errorText(e) };
  }
}

/** A byte offset as typed: decimal or 0x hex, within the file; a number, or why not. */
export function checkOffset(text: string, size: number): number | { error: string } {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^(?:\d+|0[xX][0-9a-fA-F]+)$/.test(t)) return { error: 'the offset is a non-negative integer (decimal or 0x hex)' };
  const n = Number(t);
  if (!Number.isSafeInteger(n)) return { error: 'the offset is too large' };
  if (n > size) return { error: `the offset ${n} is past the end of the file (${size} bytes)` };
  return n;
}

/** A shape as the user types it back: '480, 640, 3'; '' for 0-d. */
export function shapeInput(shape: readonly number[]): string {
  return shape.join(', ');
}

/** The shape `text` means for this file (with -1 resolved), or why it does not fit. */
export function checkShape(text: string, size: number, dtype: DType, offset: number, order: 'C' | 'F' = 'C'): { typed: number[]; shape: number[] } | { error: string } {
  try {
    const typed = parseShapeText(text);
    return { typed, shape: resolveRaw(size, { dtype, shape: typed, offset, order }).shape };
  } catch (e) {
    return { error: errorText(e) };
  }
}

export interface ShapeOffer {
  shape: number[];
  /** 'last choice', '1-D', 'near square', 'image H×W×3', ... */
  why: string;
}

/**
 * Shapes to offer for a file of `size` bytes read as `dtype` after `offset`: the last choice
 * for this file first when it still fits, then the suggestions of the file size's factorizations.
 */
export function shapeOffers(size: number, dtype: DType, offset: number, last?: readonly number[]): ShapeOffer[] {
  const out: ShapeOffer[] = [];
  const seen = new Set<string>();
  if (last) {
    const r = checkShape(shapeInput(last), size, dtype, offset);
    if (!('error' in r)) {
      out.push({ shape: [...last], why: 'last choice' });
      seen.add(r.shape.join(','));
    }
  }
  for (const s of suggestShapes(size, dtype.itemsize, offset)) {
    if (!seen.has(s.shape.join(','))) out.push({ shape: s.shape, why: s.why });
  }
  return out;
}

/** A summary of a layout for titles and the status line: 'float32 (480, 640, 3) C, offset 0'. */
export function layoutSummary(c: RawChoice, dtype?: DType): string {
  const name = dtype ? dtypeName(dtype) : c.dtype;
  return `${name} ${shapeText(c.shape)} ${c.order}${c.offset ? `, offset ${c.offset}` : ''}`;
}
