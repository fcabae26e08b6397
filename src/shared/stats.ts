/**
 * Statistics and go-to as the viewer's two sides exchange them (the messages are in protocol.ts):
 * what a statistics summary holds, what the grid can go to, and the summary as copyable text.
 * Imports nothing outside src/shared.
 */

/** Statistics of the view on the grid ('slice') or of the whole array / npz member ('array'). */
export type StatsScope = 'slice' | 'array';
export const STATS_SCOPES: readonly StatsScope[] = ['slice', 'array'];

/** What "go to next / previous" looks for in the grid's view: NaN, ±infinity, the min or the max. */
export type FindTarget = 'nan' | 'inf' | 'min' | 'max';
export const FIND_TARGETS: readonly FindTarget[] = ['nan', 'inf', 'min', 'max'];

/** A cell of the grid: row and column of the view as shown. */
export interface GridCell { row: number; col: number }

/**
 * What the engine's statistics (src/npy/compute/stats.ts Stats) and the summary the webview gets
 * have in common: the counts, min and max as NumPy's str() of the dtype's scalar, and where they are.
 */
export interface StatsFigures {
  /** Elements in the view. */
  count: number;
  finite: number;
  nan: number;
  posinf: number;
  neginf: number;
  /** Elements equal to zero (both +0.0 and −0.0; False for bool). */
  zeros: number;
  /** NumPy's str() of the smallest / largest finite value as a scalar of the view's dtype; null when there is none. */
  min: string | null;
  max: string | null;
  /** min and max as the nearest doubles (for scales and colour domains); null when none. */
  minNumber: number | null;
  maxNumber: number | null;
  /** Multi-index of the first (C order) smallest / largest finite value; [] for a 0-d view, null when none. */
  argmin: number[] | null;
  argmax: number[] | null;
}

/**
 * The engine's statistics as the webview gets them: mean and std as Python's repr of the float64
 * ('inf', 'nan' when float64 overflowed, as NumPy prints them), with their scope and shape.
 */
export interface StatsSummary extends StatsFigures {
  scope: StatsScope;
  /** Shape the statistics are of: the view on the grid, or the whole array (argmin/argmax index it). */
  shape: number[];
  mean: string | null;
  std: string | null;
  /** For scope 'slice': the grid cell of argmin / argmax. */
  minCell?: GridCell | null;
  maxCell?: GridCell | null;
}

/** The summary's figures in the order the panel and a copy show them. */
export const STATS_ROWS = ['count', 'finite', 'nan', 'posinf', 'neginf', 'zeros', 'min', 'max', 'mean', 'std'] as const;
export type StatsRow = typeof STATS_ROWS[number];

/** A figure as text: counts as plain integers, the rest as they are ('' when there is none). */
export function statsValue(s: StatsSummary, row: StatsRow): string {
  const v = s[row];
  return v === null ? '' : String(v);
}

/**
 * The summary as tab-separated lines "name<TAB>value" (min and max followed by their index), for
 * the clipboard. Names are the keys of `npyview stats --json` (language-neutral, as pasted into
 * scripts and spreadsheets).
 */
export function statsText(s: StatsSummary): string {
  const lines = STATS_ROWS.map((row) => {
    const at = row === 'min' ? s.argmin : row === 'max' ? s.argmax : null;
    const value = statsValue(s, row);
    return `${row}\t${value}${at && value ? `\t[${at.join(', ')}]` : ''}`;
  });
  return lines.join('\n') + '\n';
}
