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
  | 'summary' | 'notArray' | 'verdictColumn';

/** Host → webview. */
export type CompareToWebview =
  | { type: 'init'; strings: CompareStrings; a: string; b: string; rtol: string; atol: string }
  | { type: 'running'; rtol: string; atol: string }
  | { type: 'result'; view: CompareResultView }
  | { type: 'error'; message: string; cancelled: boolean }
  | { type: 'tolError'; message: string }
  | { type: 'getState'; id: number };

/**
 * The part of the engine's DiffResult the page shows (src/npy/compute/diff; the page cannot
 * import the engine, and the host's resultView() only compiles while the two agree).
 */
export interface CompareResult {
  same: boolean;
  pairs: {
    name: string;
    shape: [number[] | null, number[] | null];
    dtype: [string | null, string | null];
    compared: number;
    mismatches: number;
    max_abs: number | null;
    max_rel: number | null;
    first: { index: number[]; a: string; b: string }[];
    worst: { index: number[]; a: string; b: string } | null;
    same: boolean;
    reason: string | null;
  }[];
  only_in_a: string[];
  only_in_b: string[];
  rtol: number;
  atol: number;
}

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
  | { type: 'state'; id: number; state: ComparePanelState };

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
}
