/**
 * The grid's context menu is VS Code's (package.json `webview/context`, when webviewSection ==
 * 'grid'): the grid marks itself with data-vscode-context, hiding the browser's Cut/Copy/Paste,
 * and a right-click on a cell outside the selection selects that cell first, as spreadsheets do,
 * so the menu's commands act on what was clicked. The host asks for the selection when a command
 * runs (a fresh state report).
 */
import type { GridInputHost } from './input';
import { rectOf } from '../selection';

/** The context VS Code gives the menu's `when` clauses. */
export const GRID_CONTEXT = { webviewSection: 'grid', preventDefaultContextMenuItems: true };

export function attachContextMenu(root: HTMLElement, layer: HTMLElement, host: GridInputHost): void {
  root.dataset.vscodeContext = JSON.stringify(GRID_CONTEXT);
  layer.addEventListener('contextmenu', (e) => {
    const m = host.model;
    if (!m || m.rows === 0 || m.cols === 0) return;
    const hit = host.cellAt(e.clientX, e.clientY);
    if (hit.rowHead || hit.colHead) return;
    const s = host.selection;
    const r = s && rectOf(s);
    const inside = r && hit.cell.row >= r.row0 && hit.cell.row <= r.row1 && hit.cell.col >= r.col0 && hit.cell.col <= r.col1;
    if (!inside) host.select({ anchor: hit.cell, focus: hit.cell }, false);
    host.focus();
  });
}
