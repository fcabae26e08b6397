/**
 * Where the grid is scrolled to: the virtual offsets (content pixels, precise on any axis length)
 * and the native scrollbars that mirror them (see scroll.ts), the sizes that make the two axes
 * (column width, row header width, the scroller's client size), and what lies under a point.
 */
import * as S from '../scroll';
import type { Cell, Hit } from '../selection';
import type { GridDom } from './dom';
import * as L from './layout';

export class Viewport {
  offY = 0;
  offX = 0;
  colPx = 96;
  rowHeadPx = 48;
  /** The grid's size: rows, element columns and sub-columns per element. */
  rows = 0;
  cols = 0;
  fieldCount = 1;
  /** The scroller's client size, read by layout() only (drawing never reads layout). */
  private viewW = 0;
  private viewH = 0;
  /** Native scroll positions we set ourselves (their scroll events are not user moves). */
  private setTop = -1;
  private setLeft = -1;

  /** `scrolled`: the user moved a scrollbar. */
  constructor(private readonly dom: GridDom, scrolled: () => void) {
    dom.scroller.addEventListener('scroll', () => {
      this.onNativeScroll();
      scrolled();
    }, { passive: true });
  }

  geometry(): L.Geometry {
    return {
      rows: this.rows,
      displayCols: this.cols * this.fieldCount,
      colPx: this.colPx,
      rowHeadPx: this.rowHeadPx,
      viewW: this.viewW,
      viewH: this.viewH,
    };
  }

  axisY(): S.Axis {
    return L.axisY(this.geometry());
  }

  axisX(): S.Axis {
    return L.axisX(this.geometry());
  }

  /** The visible window (see layout.ts shownWindow). */
  shown(): L.Shown {
    return L.shownWindow(this.axisY(), this.axisX(), this.offY, this.offX, this.fieldCount);
  }

  /** Top-left visible cell (elements). */
  topLeft(): Cell {
    return {
      row: S.visibleRange(this.axisY(), this.offY).first,
      col: Math.floor(S.visibleRange(this.axisX(), this.offX).first / this.fieldCount),
    };
  }

  /** Scrolls so the cell is visible ('reveal') or at the top-left ('top'). */
  scrollTo(cell: Cell, mode: 'reveal' | 'top'): void {
    const fc = this.fieldCount;
    const ay = this.axisY();
    const ax = this.axisX();
    if (mode === 'top') {
      this.offY = S.offsetOf(ay, cell.row);
      this.offX = S.offsetOf(ax, cell.col * fc);
    } else {
      this.offY = S.revealOffset(ay, this.offY, cell.row);
      // Reveal the whole element (all its sub-columns) when it fits.
      this.offX = S.revealOffset(ax, this.offX, cell.col * fc + fc - 1);
      this.offX = S.revealOffset(ax, this.offX, cell.col * fc);
    }
    this.syncScrollbars();
  }

  /** Whether element column `col` (all its sub-columns) is entirely in view. */
  colInView(col: number): boolean {
    const ax = this.axisX();
    const fc = this.fieldCount;
    return S.revealOffset(ax, this.offX, col * fc) === this.offX && S.revealOffset(ax, this.offX, col * fc + fc - 1) === this.offX;
  }

  /** Scrolls across as little as possible to show element column `col` whole (when it fits). */
  revealCol(col: number): void {
    const ax = this.axisX();
    const fc = this.fieldCount;
    this.offX = S.revealOffset(ax, S.revealOffset(ax, this.offX, col * fc + fc - 1), col * fc);
    this.syncScrollbars();
  }

  /** Puts element column `col` first (as far as the end allows). */
  scrollToCol(col: number): void {
    this.offX = S.offsetOf(this.axisX(), col * this.fieldCount);
    this.syncScrollbars();
  }

  scrollBy(dx: number, dy: number): void {
    this.offY = S.clampOffset(this.axisY(), this.offY + dy);
    this.offX = S.clampOffset(this.axisX(), this.offX + dx);
    this.syncScrollbars();
  }

  /** Sizes the scroll area for the current axes and reads the viewport's size back. */
  layout(): void {
    const g = this.geometry();
    const size = this.dom.size(this.rowHeadPx + S.spacerPx(L.axisX(g)), L.HEAD_PX + S.spacerPx(L.axisY(g)), this.rowHeadPx);
    this.viewW = size.viewW;
    this.viewH = size.viewH;
    this.offY = S.clampOffset(this.axisY(), this.offY);
    this.offX = S.clampOffset(this.axisX(), this.offX);
    this.syncScrollbars();
  }

  /** The cell under a point (client px; clamped to the grid), and whether it hit a header. */
  cellAt(clientX: number, clientY: number): Hit {
    const { x, y } = this.layerPoint(clientX, clientY);
    const { row, d } = this.pointAt(x, y);
    const col = Math.floor(d / this.fieldCount);
    return {
      cell: { row: L.clamp(row, 0, this.rows - 1), col: L.clamp(col, 0, this.cols - 1) },
      rowHead: x < this.rowHeadPx,
      colHead: y < L.HEAD_PX,
    };
  }

  /** A client point in layer pixels. */
  layerPoint(clientX: number, clientY: number): { x: number; y: number } {
    const r = this.dom.layer.getBoundingClientRect();
    return { x: clientX - r.left, y: clientY - r.top };
  }

  /** The row and display column under a point of the layer (not clamped). */
  pointAt(x: number, y: number): { row: number; d: number } {
    return L.pointAt(x, y, this.offX, this.offY, this.rowHeadPx, this.colPx);
  }

  private syncScrollbars(): void {
    const sc = this.dom.scroller;
    const top = Math.round(S.offsetToScroll(this.axisY(), this.offY));
    const left = Math.round(S.offsetToScroll(this.axisX(), this.offX));
    if (sc.scrollTop !== top) {
      sc.scrollTop = top;
      this.setTop = sc.scrollTop;
    }
    if (sc.scrollLeft !== left) {
      sc.scrollLeft = left;
      this.setLeft = sc.scrollLeft;
    }
  }

  private onNativeScroll(): void {
    const top = this.dom.scroller.scrollTop;
    const left = this.dom.scroller.scrollLeft;
    // Only a real user move (thumb drag, scrollbar click) re-derives the virtual offset; our own
    // assignments would otherwise round the precise offset to the scrollbar's coarse pixels.
    if (Math.abs(top - this.setTop) >= 1) {
      this.offY = S.scrollToOffset(this.axisY(), top);
      this.setTop = top;
    }
    if (Math.abs(left - this.setLeft) >= 1) {
      this.offX = S.scrollToOffset(this.axisX(), left);
      this.setLeft = left;
    }
  }
}
