import * as vscode from 'vscode';
import { cellIndex, indexText } from '../shared/indexing/goto';
import type { ViewerPanel } from './panel';
import type { NpyEditorProvider } from './provider';

/** Characters of a value shown in the status bar (the tooltip has all of it). */
const STATUS_VALUE_CHARS = 60;

/** The focused cell of a viewer: its index into the array and its element at full precision. */
export async function focusedCell(panel: ViewerPanel): Promise<{ index: string; value: string } | undefined> {
  const state = panel.lastState;
  const sel = state?.selection;
  const view = state?.view;
  if (!sel || !view) return undefined;
  const focus = state.focus ?? { row: sel.row1, col: sel.col1 };
  try {
    const g = await panel.indexing();
    if (!g) return undefined;
    const { text } = await panel.copyText({ view, row0: focus.row, rows: 1, col0: focus.col, cols: 1, mode: 'full' });
    return { index: indexText(cellIndex(g, focus.row, focus.col)), value: text };
  } catch {
    return undefined;
  }
}

/**
 * The status bar item of the active viewer, like an editor's Ln/Col: where the focused cell is in
 * the array and its exact value (NumPy's full-precision text); hidden when no viewer is active or
 * nothing is selected. Clicking it runs Go to Cell.
 */
export class ViewerStatusItem implements vscode.Disposable {
  private static instance?: ViewerStatusItem;
  private readonly item = vscode.window.createStatusBarItem('npyViewer.cell', vscode.StatusBarAlignment.Right, 100);
  private readonly subs: vscode.Disposable[] = [];
  private panelSub?: vscode.Disposable;
  /** Numbers the updates, so a slow one cannot overwrite a later one. */
  private seq = 0;

  constructor(provider: NpyEditorProvider) {
    ViewerStatusItem.instance = this;
    this.item.name = vscode.l10n.t('NumPy Array Cell');
    this.item.command = 'npyViewer.goTo';
    this.subs.push(provider.onDidChangeActivePanel((p) => this.follow(p)));
    this.follow(provider.active);
  }

  /** What the item shows (tests): its text, or undefined while hidden. */
  static shown(): string | undefined {
    const s = ViewerStatusItem.instance;
    return s?.visible ? s.item.text : undefined;
  }

  private visible = false;

  private follow(panel: ViewerPanel | undefined): void {
    this.panelSub?.dispose();
    this.panelSub = panel?.onDidChangeState(() => void this.update(panel));
    void this.update(panel);
  }

  private async update(panel: ViewerPanel | undefined): Promise<void> {
    const n = ++this.seq;
    const cell = panel && (await focusedCell(panel));
    if (n !== this.seq) return;
    if (!cell) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const value = cell.value.length > STATUS_VALUE_CHARS ? cell.value.slice(0, STATUS_VALUE_CHARS) + '…' : cell.value;
    this.item.text = vscode.l10n.t('{0}: {1}', cell.index, value);
    this.item.tooltip = vscode.l10n.t('Index {0} of the focused cell, and its value at full precision:\n{1}\n(click: Go to Cell)', cell.index, cell.value);
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    this.panelSub?.dispose();
    for (const d of this.subs) d.dispose();
    this.item.dispose();
    if (ViewerStatusItem.instance === this) ViewerStatusItem.instance = undefined;
  }
}
