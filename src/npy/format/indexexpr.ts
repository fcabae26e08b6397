/**
 * NumPy basic indexing as text: '3', '1:9:3', '::-2', ':,2,:', '...,-1', '[3, :, ::2]'. The parser
 * is shared with the webview (src/shared/indexing/indexexpr.ts); here its errors become the engine's
 * NpyError('index'). Applying an index to a shape is ArrayView.index.
 */
import { NpyError } from '../errors';
import {
  IndexExprError, expandIndex as expandShared, formatIndexExpr, parseIndexExpr as parseShared, type AxisSel,
} from '../../shared/indexing/indexexpr';

export type { AxisSel };
export { formatIndexExpr };

function asNpyError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof IndexExprError ? new NpyError('index', e.message) : e;
  }
}

/** '' and '...' mean everything; brackets around the whole expression are optional. */
export function parseIndexExpr(text: string): AxisSel[] {
  return asNpyError(() => parseShared(text));
}

/** One selection per axis of an `ndim`-D array (the ellipsis expanded); errors are NumPy's. */
export function expandIndex(sels: readonly AxisSel[], ndim: number): AxisSel[] {
  return asNpyError(() => expandShared(sels, ndim));
}
