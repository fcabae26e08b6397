/**
 * Every UI string of the webview, with its English default. The host sends translations in
 * ReadyResponse.strings (same keys); anything missing falls back to English here.
 * Placeholders are {0}, {1}, ... .
 */
export const DEFAULT_STRINGS = {
  loading: 'Loading…',
  openError: 'Could not open {0}: {1}',
  error: 'Error: {0}',
  empty: 'This array is empty (shape {0}).',
  chooseMember: 'Choose a member to view it.',
  notArray: 'This member is not a NumPy array.',
  exportButton: 'Export…',
  exportTitle: 'Export the current view to a text file (like numpy.savetxt)',
  saveAsButton: 'Save As…',
  saveAsTitle: 'Save the current member or view as .npy, .txt or .csv',
  notation: 'Notation',
  notationAuto: 'Auto',
  notationFixed: 'Fixed',
  notationScientific: 'Scientific',
  precision: 'Precision',
  precisionTitle: 'Digits shown for floating-point values',
  goTo: 'Go to',
  goToPlaceholder: 'row, col or full index',
  goToTitle: 'Go to a cell: "row", "row, col", or one index per axis of the array',
  goToError: 'Enter 1, 2 or {0} integers separated by commas.',
  index: 'Index',
  indexTitle: 'NumPy index expression for the part of the array shown, e.g. [3, :, ::2]',
  rowAxis: 'Rows',
  colAxis: 'Columns',
  axisName: 'axis {0}',
  axisNone: '—',
  members: 'Members',
  memberName: 'Name',
  memberShape: 'Shape',
  memberDtype: 'Dtype',
  memberSize: 'Size',
  memberCompressed: 'Compressed',
  yes: 'yes',
  no: 'no',
  notAnArray: 'not an array',
  dtype: 'dtype',
  shape: 'shape',
  order: 'order',
  orderC: 'C',
  orderF: 'Fortran',
  sizeOnDisk: 'size',
  version: 'format',
  inflating: 'Inflating {0}: {1} of {2}',
  copied: 'Copied {0} cells.',
  copyFailed: 'Copy failed: {0}',
  value: 'value',
  scalar: '0-d array: a single value',
  placeholder: '·',
  cellAnnounce: 'Row {0}, column {1}: {2}',
} as const;

export type StringKey = keyof typeof DEFAULT_STRINGS;

let table: Record<string, string> = {};

/** Installs the host's translations (keys not given keep their English default). */
export function setStrings(strings: Record<string, string> | undefined): void {
  table = { ...(strings ?? {}) };
}

/** The string for `key` with {n} replaced by args[n]. */
export function t(key: StringKey, ...args: (string | number)[]): string {
  const s = table[key] ?? DEFAULT_STRINGS[key];
  return s.replace(/\{(\d+)\}/g, (m, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : m));
}
