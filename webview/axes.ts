/**
 * N-D axis choice as pure functions: the per-axis selection list (ViewInfo.axisSels), which
 * array axes are the grid's rows and columns, and the index expression they make.
 */
/** An integer selection ('3') or a slice (':', '::2'). */
export function isIntSel(s: string): boolean {
  return /^-?\d+$/.test(s.trim());
}

export interface AxisChoice {
  sels: string[];
  /** Source axes shown as rows / columns (-1: none). */
  rowSrc: number;
  colSrc: number;
}

/** ViewSpec index/rowAxis/colAxis for a choice: view axes are the non-integer axes, in order. */
export function toSpec(c: AxisChoice): { index: string; rowAxis: number; colAxis: number } {
  const kept = c.sels.map((s, i) => (isIntSel(s) ? -1 : i)).filter((i) => i >= 0);
  return { index: c.sels.join(', '), rowAxis: kept.indexOf(c.rowSrc), colAxis: kept.indexOf(c.colSrc) };
}

/**
 * Puts array axis `axis` on rows (which = 'row') or columns. The axis it replaces gets a fixed
 * index (its last remembered value, else 0); choosing the other grid axis swaps the two.
 */
export function chooseAxis(c: AxisChoice, which: 'row' | 'col', axis: number, remembered: number[]): AxisChoice {
  const sels = [...c.sels];
  let { rowSrc, colSrc } = c;
  const cur = which === 'row' ? rowSrc : colSrc;
  const other = which === 'row' ? colSrc : rowSrc;
  if (axis === cur) return c;
  if (axis >= 0 && axis === other) {
    [rowSrc, colSrc] = [colSrc, rowSrc];
    return { sels, rowSrc, colSrc };
  }
  if (cur >= 0) sels[cur] = String(remembered[cur] ?? 0);
  if (axis >= 0 && isIntSel(sels[axis])) sels[axis] = ':';
  if (which === 'row') rowSrc = axis;
  else colSrc = axis;
  return { sels, rowSrc, colSrc };
}

/** Sets the fixed index of one axis. */
export function setIndex(c: AxisChoice, axis: number, index: number): AxisChoice {
  const sels = [...c.sels];
  sels[axis] = String(index);
  return { ...c, sels };
}

