/**
 * Zoom and pan for the pictures: a Viewport (which part of a rows × cols picture the canvas shows,
 * in element coordinates: the element at the canvas's top-left corner and CSS pixels per element)
 * and the pointer gestures that move it (wheel: zoom around the pointer; drag: pan; shift+drag:
 * box zoom, with the box shown while dragging). Pure arithmetic apart from the event wiring, so
 * the heatmap and the line plot share it.
 */

/** A rectangle in CSS pixels on the canvas. */
export interface Box { x0: number; y0: number; x1: number; y1: number }

/** A rows × cols picture seen through a canvas of width × height CSS pixels. */
export class Viewport {
  /** The element coordinates at the canvas's left and top edges. */
  x0 = 0;
  y0 = 0;
  /** CSS pixels per element. */
  scale = 1;
  /** True while the picture is fitted (a resize fits it again). */
  fitted = true;
  rows = 0;
  cols = 0;
  width = 1;
  height = 1;

  /** CSS pixels per element the closest one can zoom in. */
  static readonly MAX_SCALE = 64;

  /** What fit() shows whole (the picture, or more: a downsampled picture's last blocks run past it). */
  private fitRows = 0;
  private fitCols = 0;

  /**
   * New sizes (picture or canvas; `fitRows` × `fitCols`, at least the picture, is what Fit shows):
   * a fitted view fits again, else the view stays where it was.
   */
  resize(rows: number, cols: number, width: number, height: number, fitRows = rows, fitCols = cols): void {
    const changed = rows !== this.rows || cols !== this.cols;
    this.rows = rows; this.cols = cols; this.width = Math.max(1, width); this.height = Math.max(1, height);
    this.fitRows = Math.max(rows, fitRows); this.fitCols = Math.max(cols, fitCols);
    if (this.fitted || changed) this.fit();
    else this.clamp();
  }

  get fitScale(): number {
    return this.fitRows > 0 && this.fitCols > 0 ? Math.min(this.width / this.fitCols, this.height / this.fitRows) : 1;
  }

  private get minScale(): number {
    return Math.min(this.fitScale, 1 / (window.devicePixelRatio || 1));
  }

  /** The whole picture, top-left aligned (as the unzoomed heatmap has always been drawn). */
  fit(): void {
    this.scale = this.fitScale;
    this.x0 = 0; this.y0 = 0;
    this.fitted = true;
  }

  /** Multiplies the scale by `factor`, keeping the element under (px, py) where it is. */
  zoomAt(px: number, py: number, factor: number): void {
    const col = this.x0 + px / this.scale, row = this.y0 + py / this.scale;
    this.scale = Math.min(Math.max(this.fitScale, Viewport.MAX_SCALE), Math.max(this.minScale, this.scale * factor));
    this.x0 = col - px / this.scale;
    this.y0 = row - py / this.scale;
    this.fitted = false;
    this.clamp();
  }

  /** One element per device pixel, keeping the element under (px, py) where it is. */
  actualSize(px: number, py: number): void {
    this.zoomAt(px, py, 1 / (window.devicePixelRatio || 1) / this.scale);
  }

  /** Moves the picture by (dx, dy) CSS pixels. */
  panBy(dx: number, dy: number): void {
    this.x0 -= dx / this.scale;
    this.y0 -= dy / this.scale;
    this.fitted = false;
    this.clamp();
  }

  /** Shows the box (CSS pixels on the canvas) as large as fits. */
  zoomToBox(b: Box): void {
    const w = Math.abs(b.x1 - b.x0), h = Math.abs(b.y1 - b.y0);
    if (w < 3 || h < 3) return;
    const col = this.x0 + Math.min(b.x0, b.x1) / this.scale, row = this.y0 + Math.min(b.y0, b.y1) / this.scale;
    const cols = w / this.scale, rows = h / this.scale;
    this.scale = Math.min(Math.max(this.fitScale, Viewport.MAX_SCALE), Math.max(this.minScale, Math.min(this.width / cols, this.height / rows)));
    this.x0 = col + cols / 2 - this.width / this.scale / 2;
    this.y0 = row + rows / 2 - this.height / this.scale / 2;
    this.fitted = false;
    this.clamp();
  }

  /** Pans so that element (row, col) is on the canvas. */
  reveal(row: number, col: number): void {
    const w = this.width / this.scale, h = this.height / this.scale;
    if (col < this.x0) this.x0 = col; else if (col + 1 > this.x0 + w) this.x0 = col + 1 - w;
    if (row < this.y0) this.y0 = row; else if (row + 1 > this.y0 + h) this.y0 = row + 1 - h;
    this.clamp();
  }

  /** Keeps the picture on the canvas: no empty margin where the picture is larger than the canvas. */
  private clamp(): void {
    const w = this.width / this.scale, h = this.height / this.scale;
    const span = (x: number, n: number, seen: number): number => {
      const lo = Math.min(0, n - seen), hi = Math.max(0, n - seen);
      return Math.min(hi, Math.max(lo, x));
    };
    this.x0 = span(this.x0, this.cols, w);
    this.y0 = span(this.y0, this.rows, h);
  }

  /** The element under canvas point (px, py) (may be outside the picture). */
  elementAt(px: number, py: number): { row: number; col: number } {
    return { row: Math.floor(this.y0 + py / this.scale), col: Math.floor(this.x0 + px / this.scale) };
  }

  /** The canvas position of element coordinates (x = column, y = row). */
  toCanvas(col: number, row: number): { x: number; y: number } {
    return { x: (col - this.x0) * this.scale, y: (row - this.y0) * this.scale };
  }

  /** The whole elements on the canvas, within the picture. */
  visible(): { row0: number; rows: number; col0: number; cols: number } {
    const r0 = Math.max(0, Math.floor(this.y0)), c0 = Math.max(0, Math.floor(this.x0));
    const r1 = Math.min(this.rows, Math.ceil(this.y0 + this.height / this.scale));
    const c1 = Math.min(this.cols, Math.ceil(this.x0 + this.width / this.scale));
    return { row0: r0, rows: Math.max(0, r1 - r0), col0: c0, cols: Math.max(0, c1 - c0) };
  }
}

/** What the gestures do (points are CSS pixels on the element). */
export interface GestureTarget {
  /** Wheel: zoom by `factor` (> 1: in) around (x, y). */
  zoom(x: number, y: number, factor: number): void;
  /** Drag: move by (dx, dy). */
  pan(dx: number, dy: number): void;
  /** Shift+drag ended: zoom to the box. */
  box(b: Box): void;
  /** The box while it is dragged (undefined: gone). */
  boxing(b: Box | undefined): void;
  /** A click: pressed and released without moving more than a few pixels (no Shift). */
  tap?(x: number, y: number): void;
}

/** CSS pixels a press may move and still be a click. */
const TAP_SLOP = 3;

/** The wheel's zoom per pixel of scroll (100 px, one notch: ×1.22). */
const WHEEL_RATE = 0.002;

/** Wires wheel, drag and shift+drag on `el` to `target`. */
export function attachGestures(el: HTMLElement, target: GestureTarget): void {
  el.addEventListener('wheel', (e) => {
    e.preventDefault();
    const dy = e.deltaMode === 1 ? e.deltaY * 40 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
    target.zoom(e.offsetX, e.offsetY, Math.exp(-dy * WHEEL_RATE));
  }, { passive: false });
  let drag: { x: number; y: number; sx: number; sy: number; box: boolean; id: number; far?: boolean } | undefined;
  el.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { x: e.offsetX, y: e.offsetY, sx: e.offsetX, sy: e.offsetY, box: e.shiftKey, id: e.pointerId };
    el.setPointerCapture?.(e.pointerId);
  });
  el.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    if (drag.box) {
      target.boxing({ x0: drag.sx, y0: drag.sy, x1: e.offsetX, y1: e.offsetY });
    } else {
      const dx = e.offsetX - drag.x, dy = e.offsetY - drag.y;
      if (dx || dy) target.pan(dx, dy);
    }
    drag.x = e.offsetX; drag.y = e.offsetY;
    if (Math.abs(drag.x - drag.sx) > TAP_SLOP || Math.abs(drag.y - drag.sy) > TAP_SLOP) drag.far = true;
  });
  const end = (e: PointerEvent): void => {
    if (!drag || e.pointerId !== drag.id) return;
    const d = drag;
    drag = undefined;
    el.releasePointerCapture?.(e.pointerId);
    if (d.box) {
      target.boxing(undefined);
      target.box({ x0: d.sx, y0: d.sy, x1: e.offsetX, y1: e.offsetY });
    } else if (!d.far && e.type === 'pointerup') {
      target.tap?.(e.offsetX, e.offsetY);
    }
  };
  el.addEventListener('pointerup', end);
  el.addEventListener('pointercancel', end);
}
