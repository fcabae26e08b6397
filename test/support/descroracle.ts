/**
 * The dtype tests' NumPy oracle for descrs: what numpy.lib.format.descr_to_dtype (np.load's
 * reading of a header's descr) makes of one, and the comparison of our reading with it. Nested
 * subarrays are flattened, as np.load's arrays flatten them.
 */
import * as assert from 'assert';
import { NpyError } from '../../src/npy/errors';
import { dtypeDescr, type DType } from '../../src/npy/format/dtype';

/** Python defining `oracle(text, value)`: NumPy's reading of `value` (the descr `text` evaluated). */
export const DESCR_ORACLE_PY = `
from numpy.lib.format import descr_to_dtype
def oracle(text, value):
    try:
        dt = descr_to_dtype(value)
    except Exception as e:
        return {'text': text, 'error': type(e).__name__}
    base, sub = dt, []
    while base.shape:
        sub += list(base.shape)
        base = base.base
    return {'text': text, 'descr': repr(base.descr) if base.names is not None else base.str, 'itemsize': base.itemsize, 'sub': sub}
`;

/** One descr as NumPy read it: its descr, item size and subarray dims, or the error it raised. */
export interface DescrCase { text: string; error?: string; descr?: string; itemsize?: number; sub?: number[] }

/** Our reading: the dtype and subarray dims, or the NpyError that refused it (anything else fails the test). */
export async function ourDescr(c: DescrCase, read: () => Promise<{ dtype: DType; sub: readonly number[] }> | { dtype: DType; sub: readonly number[] }): Promise<{ descr: string; itemsize: number; sub: number[] } | NpyError> {
  try {
    const { dtype, sub } = await read();
    return { descr: dtypeDescr(dtype), itemsize: dtype.itemsize, sub: [...sub] };
  } catch (e) {
    if (!(e instanceof NpyError)) throw new Error(`${c.text}: ${e}`);
    return e;
  }
}

/** Asserts our reading is NumPy's (the same dtype, or refused where NumPy refuses): 'read' or 'refused'. */
export function sameAsNumpy(c: DescrCase, got: Awaited<ReturnType<typeof ourDescr>>): 'read' | 'refused' {
  if (c.error) {
    assert.ok(got instanceof NpyError, `${c.text}: NumPy refuses it (${c.error}); we read ${JSON.stringify(got)}`);
    return 'refused';
  }
  assert.deepStrictEqual(got instanceof NpyError ? got.message : got, { descr: c.descr, itemsize: c.itemsize, sub: c.sub }, c.text);
  return 'read';
}
