/**
 * The comparison panel's protocol (host: src/editor/comparePanel.ts, webview: webview/compare/).
 * Everything the panel shows arrives in these messages and is rendered as text.
 */

/** The panel's UI strings, translated on the host (src/viewer/compareModel.ts lists the English). */
export type CompareStrings = Record<CompareStringKey, string>;
export type CompareStringKey =
  | 'title' | 'same' | 'different' | 'running' | 'cancelled' | 'error' | 'fileA' | 'fileB'
  | 'rtol' | 'atol' | 'rerun' | 'rerunTitle' | 'tolerance' | 'pair' | 'wholeArray' | 'shape' | 'dtype'
  | 'compared' | 'mismatches' | 'maxAbs' | 'maxRel' | 'worst' | 'firstMismatches' | 'index'
  | 'valueA' | 'valueB' | 'onlyInA' | 'onlyInB' | 'reason' | 'none' | 'pairSame' | 'pairDiffers'
  | 'summary' | 'notArray' | 'verdictColumn'
  // the grid of one pair and the member list (webview/compare/grid.ts, members.ts)
  | 'onlyA' | 'onlyB' | 'shapeDiffers' | 'dtypeDiffers' | 'showA' | 'showB' | 'showDiff' | 'showRel'
  | 'viewTitle' | 'nextMismatch' | 'previousMismatch' | 'searching' | 'cancel' | 'noMismatch'
  | 'wrapped' | 'slice' | 'rowsOf' | 'colsOf' | 'pageUp' | 'pageDown' | 'pageLeft' | 'pageRight'
  | 'noGrid' | 'mismatchMark' | 'gridOf' | 'showHeat' | 'downsampled';

/** Host → webview. */
export type CompareToWebview =
  | { type: 'init'; strings: CompareStrings; a: string; b: string; rtol: string; atol: string }
  | { type: 'running'; rtol: string; atol: string }
  | { type: 'result'; view: CompareResultView }
  | { type: 'error'; message: string; cancelled: boolean }
  | { type: 'tolError'; message: string }
  | { type: 'getState'; id: number }
  | { type: 'page'; page: ComparePage }
  | { type: 'pageError'; seq: number; message: string }
  | { type: 'found'; seq: number; index: number[] | null; wrapped: boolean; cancelled: boolean; message: string }
  | { type: 'finding'; seq: number; done: number; total: number }
  | { type: 'heatmap'; map: CompareHeatmap }
  | { type: 'heatmapError'; seq: number; message: string }
  /** What a user does on the grid, done by the page as if clicked (tests; commands). */
  | { type: 'gridAction'; action: 'show' | 'next' | 'previous' | CompareMode; pair?: number };

// ---------------------------------------------------------------- the engine's results
// The one definition of what the comparison engine returns (src/npy/compute/diff re-exports
// them): plain data, so the page receives a result as it is.

/** One element pair, by its C-order index, with both values as text. */
export interface ElementPair {
  index: number[];
  a: string;
  b: string;
}

/** The verdict on one pair of arrays. Plain data: JSON.stringify gives it whole. */
export interface PairDiff {
  /** '' for a .npy, else the npz member name. */
  name: string;
  /** Each side's shape; null for an npz member that is not an array (np.load gives bytes). */
  shape: [number[] | null, number[] | null];
  /** NumPy's dtype.str (the descr for records), as `npyview info --json` spells it; null as for shape. */
  dtype: [string | null, string | null];
  /** Element pairs compared: the size when the pair could be compared, else 0. */
  compared: number;
  mismatches: number;
  /** max |a − b| over pairs where both are finite (doubles); null when none or not numeric. */
  max_abs: number | null;
  /** max |a − b| / |b| over those with b ≠ 0; null when none. */
  max_rel: number | null;
  /** The first mismatches in C order (at most maxFirst). */
  first: ElementPair[];
  /** A pair where |a − b| reaches max_abs (the first in the pass's order, which is C order when
   * both files are C order); null when max_abs is null. */
  worst: ElementPair | null;
  /** Shapes, dtypes and every element match. */
  same: boolean;
  /** Why nothing was compared (different shapes, dtypes that cannot be compared); null otherwise. */
  reason: string | null;
}

/** The verdict on two files. Plain data: JSON.stringify gives it whole. */
export interface DiffResult {
  /** Every pair is the same and no member is only on one side. */
  same: boolean;
  pairs: PairDiff[];
  /** Member names only in A / only in B (two .npz). */
  only_in_a: string[];
  only_in_b: string[];
  rtol: number;
  atol: number;
}

/** The result as the page receives it. */
export type CompareResult = DiffResult;

/** A result and its numbers as text (Python's repr of each double; '' for none). */
export interface CompareResultView {
  result: CompareResult;
  rtol: string;
  atol: string;
  maxAbs: string[];
  maxRel: string[];
}

/** Webview → host (every one checked by parseCompareMessage before use). */
export type CompareFromWebview =
  | { type: 'ready' }
  | { type: 'setTolerance'; rtol: string; atol: string }
  | { type: 'state'; id: number; state: ComparePanelState }
  | { type: 'getPage'; seq: number; pair: number; lead: number[]; row0: number; col0: number; rows: number; cols: number }
  | { type: 'find'; seq: number; pair: number; from: number[] | null; direction: 'next' | 'previous' }
  | { type: 'cancelFind' }
  | { type: 'getHeatmap'; seq: number; pair: number; lead: number[]; maxWidth: number; maxHeight: number };

/**
 * |A − B| of one 2-D slice as a picture: rows × cols cells, each standing for a factor × factor
 * block ('full': factor 1, every element; 'max': the block's largest |A − B|; 'stride': the
 * element at its top left), as little-endian float64 bytes in base64 (NaN and Inf kept).
 */
export interface CompareHeatmap {
  seq: number;
  rows: number;
  cols: number;
  factor: number;
  method: 'full' | 'max' | 'stride';
  values: string;
  /** The largest finite value, as the grid writes it ('' when none). */
  maxText: string;
}

/** Largest heatmap canvas the host answers, per side. */
export const COMPARE_HEATMAP_MAX = 1024;

/** Largest page the host answers: rows, columns and cells (the page asks for what it shows). */
export const COMPARE_PAGE_LIMITS = { rows: 200, cols: 100, cells: 10_000 } as const;

/**
 * The grid of one comparable pair: its 2-D slices are the last two axes (a 1-D array is one
 * column, a 0-d array one cell); `lead` picks the slice by the leading axes' indices.
 */
export function gridShape(shape: readonly number[]): { lead: number[]; rows: number; cols: number } {
  const n = shape.length;
  if (n === 0) return { lead: [], rows: 1, cols: 1 };
  if (n === 1) return { lead: [], rows: shape[0], cols: 1 };
  return { lead: shape.slice(0, n - 2), rows: shape[n - 2], cols: shape[n - 1] };
}

/** The full index of cell (row, col) of slice `lead` of an array of `ndim` axes. */
export function cellIndex(ndim: number, lead: readonly number[], row: number, col: number): number[] {
  if (ndim === 0) return [];
  if (ndim === 1) return [row];
  return [...lead, row, col];
}

/**
 * One page of the grid of a pair, as text: cells in row-major order of the page
 * (rows × cols from row0, col0 of slice `lead`). `diff` and `rel` are A − B and |A − B| / |B|
 * as the grid writes a float64 (complex128 for a complex pair); empty arrays when the pair is
 * not numeric. `mismatch` has one character per cell: '1' where np.isclose (or equality) fails.
 */
export interface ComparePage {
  seq: number;
  pair: number;
  lead: number[];
  row0: number;
  col0: number;
  rows: number;
  cols: number;
  a: string[];
  b: string[];
  diff: string[];
  rel: string[];
  mismatch: string;
}

/** What the panel shows right now, read back from its page (the integration tests' probe). */
export interface ComparePanelState {
  /** 'running', 'same', 'different', 'error' or '' before anything. */
  status: string;
  verdict: string;
  rtol: string;
  atol: string;
  tolError: string;
  /** Per pair: the text of each cell of its summary row, by column key. */
  pairs: Record<string, string>[];
  /** Per pair: the first mismatches as shown (index, A, B). */
  first: string[][][];
  onlyInA: string[];
  onlyInB: string[];
  /** How many results the page has received (a re-run adds one). */
  results: number;
  /** The grid: its pair, what it shows, the selected cell (full index) and the marked cells. */
  grid: CompareGridState;
}

export interface CompareGridState {
  /** The pair shown (-1: none). */
  pair: number;
  mode: CompareMode;
  lead: number[];
  row0: number;
  col0: number;
  /** The rows and columns of the page drawn (0 before the first). */
  rows: number;
  cols: number;
  selected: number[] | null;
  /** The selected cell's text as drawn (the current mode). */
  selectedText: string;
  /** Full indices of the marked (mismatching) cells of the page, as 'i,j'. */
  marked: string[];
  /** The search status line ('' when idle). */
  find: string;
  /** The member list's status per name, as shown. */
  members: Record<string, string>;
  /** The heatmap shown: 'rows x cols / factor', '' when none. */
  heat: string;
}

/** What the grid shows: a side, A − B, |A − B| / |B|, or |A − B| as a heatmap ('heat'). */
export type CompareMode = 'a' | 'b' | 'diff' | 'rel' | 'heat';
