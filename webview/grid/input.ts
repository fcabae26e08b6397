/**
 * The grid's input: keyboard (navigation, select all, copy), mouse (click, shift-click, drag,
 * header clicks), the wheel, and the pointer position for hover titles. The grid itself is
 * reached through the small GridInputHost interface.
 */
import type { GridModel } from './cells';
import { wheelDelta } from './layout';
import { clickSelection, moveSelection, rectOf, type Cell, type Hit, type Rect, type Selection } from '../selection';

/** What input needs of the grid. */
export interface GridInputHost {
  readonly model: GridModel | undefined;
  readonly selection: Selection | undefined;
  select(sel: Selection, reveal: boolean): void;
  focus(): void;
  topLeft(): Cell;
  /** Rows Page Up/Down moves. */
  pageRows(): number;
  cellAt(clientX: number, clientY: number): Hit;
  /** Pixels one wheel line / page is worth, down and across. */
  wheelUnits(): { lineY: number; lineX: number; pageY: number; pageX: number };
  scrollBy(dx: number, dy: number): void;
  copy(rect: Rect): void;
  /** The pointer is over the layer at (clientX, clientY), or left it (undefined). */
  hover(at: { clientX: number; clientY: number } | undefined): void;
}

/** Listens to the layer (pointer, wheel) and the grid root (keys). */
export function attachInput(root: HTMLElement, layer: HTMLElement, host: GridInputHost): void {
  layer.addEventListener('wheel', (e) => onWheel(host, e), { passive: false });
  layer.addEventListener('mousedown', (e) => onMouseDown(host, e));
  layer.addEventListener('mousemove', (e) => host.hover(e));
  layer.addEventListener('mouseleave', () => host.hover(undefined));
  root.addEventListener('keydown', (e) => onKey(host, e));
}

function onWheel(host: GridInputHost, e: WheelEvent): void {
  e.preventDefault();
  const { dx, dy } = wheelDelta(e, host.wheelUnits());
  host.scrollBy(dx, dy);
}

function onMouseDown(host: GridInputHost, e: MouseEvent): void {
  const m = host.model;
  if (e.button !== 0 || !m || m.rows === 0 || m.cols === 0) return;
  e.preventDefault();
  host.focus();
  const hit = host.cellAt(e.clientX, e.clientY);
  host.select(clickSelection(m, hit, e.shiftKey, host.selection), false);
  if (hit.rowHead || hit.colHead) return;
  // Dragging extends the selection from its anchor.
  let dragging = true;
  const move = (ev: MouseEvent): void => {
    const s = host.selection;
    if (!dragging || !s) return;
    const h = host.cellAt(ev.clientX, ev.clientY);
    if (h.cell.row !== s.focus.row || h.cell.col !== s.focus.col) host.select({ anchor: s.anchor, focus: h.cell }, true);
  };
  const up = (): void => {
    dragging = false;
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', up);
  };
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', up);
}

function onKey(host: GridInputHost, e: KeyboardEvent): void {
  const m = host.model;
  if (!m) return;
  const ctrl = e.ctrlKey || e.metaKey;
  if (ctrl && (e.key === 'c' || e.key === 'C')) {
    if (host.selection) host.copy(rectOf(host.selection));
    e.preventDefault();
    return;
  }
  if (ctrl && (e.key === 'a' || e.key === 'A')) {
    host.select({ anchor: { row: 0, col: 0 }, focus: { row: m.rows - 1, col: m.cols - 1 } }, false);
    e.preventDefault();
    return;
  }
  const cur = host.selection ?? { anchor: host.topLeft(), focus: host.topLeft() };
  const next = moveSelection(cur, { key: e.key, shift: e.shiftKey, ctrl }, m.rows, m.cols, host.pageRows());
  if (!next) return;
  e.preventDefault();
  host.select(next, true);
}
