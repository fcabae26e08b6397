import * as vscode from 'vscode';
import { NpyEditorProvider } from '../editor/provider';
import type { ViewerPanel } from '../editor/panel';
import { ViewerStatusItem } from '../editor/statusItem';
import { errorText } from '../shared/errors';
import type { CopyMode, ViewSpec } from '../shared/protocol';
import { selectionIndexText, selectionView, type SelRect } from '../shared/selindex';

/**
 * The grid's context menu (package.json `webview/context`, shown over a viewer's grid) and the
 * status bar item of the focused cell. Each command asks the active viewer for its view and
 * selection (the webview's state, asked for fresh: a right-click selects the cell under it
 * first) and does the work on the host.
 */
export function registerContextCommands(): vscode.Disposable {
  const copy = (mode: CopyMode) => () => copySelection(mode);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('npyViewer.copy', copy('shown')),
    vscode.commands.registerCommand('npyViewer.copyFull', copy('full')),
    vscode.commands.registerCommand('npyViewer.copyLiteral', copy('literal')),
    vscode.commands.registerCommand('npyViewer.copyIndex', copyIndex),
    vscode.commands.registerCommand('npyViewer.exportSelection', exportSelection),
    new ViewerStatusItem(NpyEditorProvider.current),
  );
}

interface Selected { panel: ViewerPanel; view: ViewSpec; sel: SelRect }

/** The active viewer's view and selection, or undefined (with a message when nothing is selected). */
async function selected(): Promise<Selected | undefined> {
  const panel = NpyEditorProvider.current.active;
  if (!panel) return undefined;
  const state = (await panel.requestState()) ?? panel.lastState;
  if (!state?.view) return undefined;
  if (!state.selection) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select cells in the grid first.'));
    return undefined;
  }
  return { panel, view: state.view, sel: state.selection };
}

/** Copy, Copy with Full Precision, Copy as NumPy Literal: the selection's text on the clipboard. */
async function copySelection(mode: CopyMode): Promise<boolean> {
  const s = await selected();
  if (!s) return false;
  const { row0, col0, row1, col1 } = s.sel;
  try {
    const { cells, text } = await s.panel.copyText({ view: s.view, row0, rows: row1 - row0 + 1, col0, cols: col1 - col0 + 1, mode });
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} cells.', cells), 3000);
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Copy failed: {0}', errorText(e)));
    return false;
  }
}

/** Copy Index: where the selection is in the array, '[2, 10, 63]' or '[2:5, 10, 63:56:-3]'. */
async function copyIndex(): Promise<boolean> {
  const s = await selected();
  const g = s && (await s.panel.indexing());
  if (!s || !g) return false;
  await vscode.env.clipboard.writeText(selectionIndexText(g, s.sel));
  return true;
}

/** Export Selection…: Export to Text of a view of just the selection (the export dialog asks the rest). */
async function exportSelection(): Promise<unknown> {
  const s = await selected();
  const g = s && (await s.panel.indexing());
  if (!s || !g) return undefined;
  return vscode.commands.executeCommand('npyViewer.exportText', s.panel.document.uri, { view: selectionView(g, s.sel, s.view.member) });
}
