/**
 * Comparing two arrays: the engine API behind `npyview diff` and the comparison view.
 *
 * Element rule (numeric.ts, equality.ts): numbers match as np.isclose(a, b, rtol, atol,
 * equal_nan=True), evaluated as NumPy 2 does; other dtypes by equality (NaN == NaN, NaT == NaT);
 * pairs NumPy cannot compare differ with a reason. Every pass streams both arrays in lockstep
 * (scanView), so memory stays a few chunks whatever the sizes.
 *
 * - `compareFiles(A, B, opts)` → DiffResult: two opened files (`openFile(path)` or, for other URI
 *   schemes, `openSource(byteSource, label)`), paired as npyview diff pairs them (npz members by
 *   name, `only_in_a` / `only_in_b`, `member`).
 * - `comparePair(a, b, opts)` → PairDiff: two ArrayViews of the same shape (whole arrays or the
 *   same slice of each): counts, max |a−b| and |a−b|/|b|, the worst element, the first
 *   mismatches (`maxFirst`, default 10) with their text.
 * - `findMismatch(a, b, from, 'next' | 'previous', opts)` → { flat, index } | null: the first
 *   mismatch at or after flat C-order position `from`, or the last one before it; reads only up
 *   to the mismatch (a backward search in growing windows).
 * - `compareBlock(a, b, start, count, tol)` → { mismatch, diff, diffImag?, rel }: per-element
 *   flags and A − B, |A − B| / |B| (doubles) for one block of both views, as a page of the grid.
 * - `whyNotComparable(a, b)`: the reason two views cannot be compared, or null.
 *
 * Options: `rtol` / `atol` (np.isclose's defaults, DEFAULT_TOLERANCE); `signal` (AbortSignal:
 * the promise rejects with NpyError('cancelled')); `onProgress(done, total)` in elements after
 * each chunk; `cellText(dtype)` → (bytes, offset) → text for the values in `first` / `worst`
 * (default NumPy's str(); the viewer passes its grid formatter with the user's settings).
 * Results are plain data (numbers, strings, arrays): JSON.stringify and postMessage take them
 * whole; the last result can be kept while the user pages through.
 */
export { DEFAULT_TOLERANCE, type Differences, type Tolerance } from './numeric';
export {
  compareBlock, comparePair, findMismatch, numpyStrText, whyNotComparable,
  type BlockDifferences, type CellText, type CompareOptions, type ElementPair, type FindOptions, type MismatchAt, type PairDiff,
} from './pair';
export { compareFiles, type DiffResult, type DiffSide, type FileCompareOptions } from './files';
