import * as vscode from 'vscode';
import { NpyEditorProvider, VIEW_TYPE } from '../editor/provider';
import { ViewerPanel } from '../editor/panel';
import { goToTarget } from '../shared/indexing/goto';
import { parseGoTo } from '../shared/indexing/views';
import type { FindTarget } from '../shared/stats';
import { ViewerStatusItem } from '../editor/statusItem';
import { errorText } from '../shared/errors';
import type { CopyMode, ViewSpec } from '../shared/protocol';
import { selectionIndexText, selectionView, type SelRect } from '../shared/indexing/selindex';

/** The go-to commands: each sends the active viewer what to look for and which way. */
const FIND_COMMANDS: [string, FindTarget, 1 | -1][] = [
  ['npyViewer.nextNaN', 'nan', 1], ['npyViewer.previousNaN', 'nan', -1],
  ['npyViewer.nextInf', 'inf', 1], ['npyViewer.previousInf', 'inf', -1],
  ['npyViewer.nextMin', 'min', 1], ['npyViewer.previousMin', 'min', -1],
  ['npyViewer.nextMax', 'max', 1], ['npyViewer.previousMax', 'max', -1],
];

/** Open Member (tree click), Go to Cell, statistics, value shading, go to NaN/Inf/min/max, and the grid's context menu. */
export function registerViewerCommands(): vscode.Disposable {
  const toActive = (event: Parameters<ViewerPanel['send']>[0]) => (): boolean => {
    const panel = NpyEditorProvider.current.active;
    panel?.send(event);
    return !!panel;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('npyViewer.openMember', openMember),
    vscode.commands.registerCommand('npyViewer.goTo', goTo),
    vscode.commands.registerCommand('npyViewer.showStatistics', toActive({ type: 'viewCommand', command: 'statistics' })),
    vscode.commands.registerCommand('npyViewer.toggleShading', toActive({ type: 'viewCommand', command: 'shade' })),
    vscode.commands.registerCommand('npyViewer.cancelStatistics', toActive({ type: 'viewCommand', command: 'cancel' })),
    ...FIND_COMMANDS.map(([id, what, direction]) => vscode.commands.registerCommand(id, toActive({ type: 'findCommand', what, direction }))),
    registerContextCommands(),
  );
}

/** Shows `member` of the npz at `uri`, opening the viewer if needed. */
export async function openMember(uri: vscode.Uri, member: string): Promise<boolean> {
  const editors = NpyEditorProvider.current;
  let panel: ViewerPanel | undefined = editors.panelsFor(uri)[0];
  if (panel) panel.webviewPanel.reveal(undefined, true);
  else {
    // The new viewer's first screen is then this member (no flash of the first one).
    editors.startOnMember(uri, member);
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    } finally {
      editors.startOnMember(uri, undefined);
    }
    panel = await waitForPanel(editors, uri);
  }
  if (!panel) return false;
  panel.showMember(member);
  return true;
}

async function waitForPanel(editors: NpyEditorProvider, uri: vscode.Uri): Promise<ViewerPanel | undefined> {
  for (let i = 0; i < 200; i++) {
    const p = editors.panelsFor(uri)[0];
    if (p) return p;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

/**
 * Go to Cell (Ctrl+G): goTo(row, col) from scripts, or asks. The box reads what the toolbar's Go
 * to box reads (the one grammar, src/shared/indexing/views.ts parseGoTo: a row, a row and a column, or one
 * index per axis; indices into the array, negative ones from the end) and refuses, as the toolbar
 * does (src/shared/indexing/goto.ts goToTarget), what would not land on a cell of the array shown. The webview selects the cell and takes the keyboard focus.
 */
async function goTo(row?: unknown, col?: unknown): Promise<boolean> {
  const panel = NpyEditorProvider.current.active;
  if (!panel) return false;
  if (typeof row === 'number') {
    panel.send({ type: 'reveal', row, col: typeof col === 'number' ? col : 0 });
    return true;
  }
  const indexing = await panel.indexing();
  const check = (text: string): string | undefined => {
    const nums = parseGoTo(text);
    const target = nums && indexing ? goToTarget(nums, indexing) : undefined;
    const ndim = indexing?.shape.length ?? 0;
    if (!nums || (target && 'error' in target && target.error !== 'range')) {
      return ndim > 2
        ? vscode.l10n.t('Enter a row, a row and a column, or one index per axis ({0} integers)', ndim)
        : vscode.l10n.t('Enter a row, or a row and a column, e.g. 1000, 3');
    }
    if (target && 'error' in target && target.error === 'range') {
      return vscode.l10n.t('Index {0} is out of bounds for axis {1} with size {2}', target.value, target.axis, target.size);
    }
    return undefined;
  };
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Go to Cell'),
    prompt: vscode.l10n.t('Row, or row and column (indices into the array, negative from the end), or one index per axis'),
    validateInput: check,
  });
  const nums = text === undefined || check(text) ? undefined : parseGoTo(text);
  if (!nums) return false;
  panel.send({ type: 'reveal', row: nums[0], col: nums[1] ?? 0, index: nums });
  return true;
}

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

/**
 * Export Selection…: Export to Text of a view of just the selection (the export dialog asks the
 * rest). Scripts and tests may pass { target } to write there without the dialog; the menu passes
 * its webview context, which is not one.
 */
async function exportSelection(opts?: { target?: unknown }): Promise<unknown> {
  const s = await selected();
  const g = s && (await s.panel.indexing());
  if (!s || !g) return undefined;
  const target = opts?.target instanceof vscode.Uri ? opts.target : undefined;
  return vscode.commands.executeCommand('npyViewer.exportText', s.panel.document.uri, { view: selectionView(g, s.sel, s.view.member), target });
}
