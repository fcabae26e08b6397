/**
 * The comparison panel's logic without VS Code: the check of every message its webview sends,
 * the tolerance fields' parsing, and the choice of which pairs to compare. The panel
 * (src/editor/comparePanel.ts) and the command (src/commands/compare.ts) do the wiring.
 */
import type { CellText, DiffResult } from '../npy/compute/diff';
import { floatStr } from '../npy/text/scalarstr';
import { COMPARE_HEATMAP_MAX, COMPARE_PAGE_LIMITS, type CompareFromWebview, type CompareGridState, type ComparePanelState, type CompareResultView } from '../shared/compare';
import type { FormatSettings } from '../shared/format';
import { RequestError } from '../shared/messages';
import { makeCellFormatter } from './display';
import { arrayOf, int, obj, oneOf, str, type Check } from './schema';

/** Longest tolerance text the page may send (a number needs far fewer). */
const TOL_CHARS = 64;
/** Bounds of a state read back from the page (test probe): generous, but bounded work. */
const STATE_ITEMS = 10_000;
const STATE_CHARS = 4096;

const text = str(STATE_CHARS);
const textRecord = (maxKeys: number, keyChars: number): Check<Record<string, string>> => (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RequestError('malformed', `${path}: expected an object`);
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > maxKeys) throw new RequestError('malformed', `${path}: too many fields`);
  return Object.fromEntries(entries.map(([k, x]) => [str(keyChars)(k, `${path} key`), text(x, `${path}.${k}`)]));
};
const cells = textRecord(32, 64);

/** Largest index the page may send: an axis length (npy shapes are at most 64 axes). */
const IDX = int(0, Number.MAX_SAFE_INTEGER);
const index = arrayOf(IDX, 64);
const nullable = <T>(c: Check<T>): Check<T | null> => (v, path) => (v === null ? null : c(v, path));

const gridState: Check<CompareGridState> = obj({
  pair: int(-1, Number.MAX_SAFE_INTEGER),
  mode: oneOf(['a', 'b', 'diff', 'rel', 'heat'] as const),
  lead: index,
  row0: IDX,
  col0: IDX,
  rows: int(0, COMPARE_PAGE_LIMITS.rows),
  cols: int(0, COMPARE_PAGE_LIMITS.cols),
  selected: nullable(index),
  selectedText: text,
  marked: arrayOf(str(1024), COMPARE_PAGE_LIMITS.cells),
  find: text,
  members: textRecord(STATE_ITEMS, STATE_CHARS),
  heat: str(64),
});

const panelState: Check<ComparePanelState> = obj({
  status: oneOf(['', 'running', 'same', 'different', 'error'] as const),
  verdict: text,
  rtol: str(TOL_CHARS),
  atol: str(TOL_CHARS),
  tolError: text,
  pairs: arrayOf(cells, STATE_ITEMS),
  first: arrayOf(arrayOf(arrayOf(text, 3), 100), STATE_ITEMS),
  onlyInA: arrayOf(text, STATE_ITEMS),
  onlyInB: arrayOf(text, STATE_ITEMS),
  results: int(0, Number.MAX_SAFE_INTEGER),
  grid: gridState,
});

const schemas: Record<CompareFromWebview['type'], Check<CompareFromWebview>> = {
  ready: obj({ type: oneOf(['ready'] as const) }),
  setTolerance: obj({ type: oneOf(['setTolerance'] as const), rtol: str(TOL_CHARS), atol: str(TOL_CHARS) }),
  state: obj({ type: oneOf(['state'] as const), id: int(0, Number.MAX_SAFE_INTEGER), state: panelState }),
  // Sizes are checked here against the limits; against the pair's shape by the host (compare/pages.ts).
  getPage: obj({
    type: oneOf(['getPage'] as const), seq: IDX, pair: IDX, lead: index, row0: IDX, col0: IDX,
    rows: int(0, COMPARE_PAGE_LIMITS.rows), cols: int(0, COMPARE_PAGE_LIMITS.cols),
  }),
  find: obj({ type: oneOf(['find'] as const), seq: IDX, pair: IDX, from: nullable(index), direction: oneOf(['next', 'previous'] as const) }),
  cancelFind: obj({ type: oneOf(['cancelFind'] as const) }),
  getHeatmap: obj({
    type: oneOf(['getHeatmap'] as const), seq: IDX, pair: IDX, lead: index,
    maxWidth: int(1, COMPARE_HEATMAP_MAX), maxHeight: int(1, COMPARE_HEATMAP_MAX),
  }),
};

/** A message from the page, checked field by field; anything else throws RequestError('malformed'). */
export function parseCompareMessage(v: unknown): CompareFromWebview {
  const type = (typeof v === 'object' && v !== null ? (v as { type?: unknown }).type : undefined);
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, type)) {
    throw new RequestError('malformed', 'message: unknown type');
  }
  return schemas[type as CompareFromWebview['type']](v, 'message') as CompareFromWebview;
}

/** A tolerance typed by the user: a finite number ≥ 0 (decimal or exponent notation), or why not. */
export function parseTolerance(textValue: string): { value: number } | { error: 'number' | 'negative' } {
  const t = textValue.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return { error: 'number' };
  const value = Number(t);
  if (!Number.isFinite(value)) return { error: 'number' };
  if (value < 0) return { error: 'negative' };
  return { value: Object.is(value, -0) ? 0 : value };
}

/** Array files are picked by name: .npy or .npz (any case). */
export function isArrayFileName(name: string): boolean {
  return /\.(npy|npz)$/i.test(name);
}

/** The two files of an Explorer multi-selection, or why the command cannot use it. */
export function pickTwo<T>(clicked: T | undefined, selected: readonly T[] | undefined, key: (x: T) => string): { pair: [T, T] } | { one?: T; tooMany?: number } {
  const list: T[] = [];
  const seen = new Set<string>();
  for (const x of [...(selected ?? []), ...(clicked !== undefined && !(selected ?? []).length ? [clicked] : [])]) {
    if (seen.has(key(x))) continue;
    seen.add(key(x));
    list.push(x);
  }
  if (list.length === 2) return { pair: [list[0], list[1]] };
  if (list.length > 2) return { tooMany: list.length };
  return { one: list[0] };
}

/** The grid's cell text with the user's settings: the first mismatches read as the viewer shows them. */
export function gridCellText(format: FormatSettings): CellText {
  return (dt) => {
    const f = makeCellFormatter(dt, format);
    return (bytes, offset) => f(bytes, offset).text;
  };
}

/** A double as Python's repr() writes it ('1e-05', '0.5'), '' for null. */
export function numberText(x: number | null): string {
  return x === null ? '' : floatStr(x, 64);
}

/** The result with the numbers the page shows already written as text (the page has no number formatting). */
export function resultView(result: DiffResult): CompareResultView {
  return {
    result,
    rtol: numberText(result.rtol),
    atol: numberText(result.atol),
    maxAbs: result.pairs.map((p) => numberText(p.max_abs)),
    maxRel: result.pairs.map((p) => numberText(p.max_rel)),
  };
}
