import * as vscode from 'vscode';
import { NpyEditorProvider, VIEW_TYPE } from '../editor/provider';
import { ViewerPanel } from '../editor/panel';
import { parseGoTo } from '../shared/views';

/** Open Member (tree click) and Go to Cell. */
export function registerViewerCommands(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('npyViewer.openMember', openMember),
    vscode.commands.registerCommand('npyViewer.goTo', goTo),
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

/** Moves the active viewer to a cell: goTo(row, col) from scripts, or asks "row, col". */
async function goTo(row?: unknown, col?: unknown): Promise<boolean> {
  const panel = NpyEditorProvider.current.active;
  if (!panel) return false;
  let r = typeof row === 'number' ? row : undefined;
  let c = typeof col === 'number' ? col : 0;
  if (r === undefined) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Go to Cell'),
      prompt: vscode.l10n.t('Row, or row and column, separated by a comma'),
      validateInput: (t) => (parseCell(t) ? undefined : vscode.l10n.t('Enter a row, or a row and a column, e.g. 1000, 3')),
    });
    const cell = text === undefined ? undefined : parseCell(text);
    if (!cell) return false;
    [r, c] = cell;
  }
  panel.send({ type: 'reveal', row: r, col: c });
  return true;
}

/** A row, or a row and a column (negative ones count from the end), in the go-to grammar of the viewer's box. */
function parseCell(text: string): [number, number] | undefined {
  const nums = parseGoTo(text);
  return nums && nums.length <= 2 ? [nums[0], nums[1] ?? 0] : undefined;
}
