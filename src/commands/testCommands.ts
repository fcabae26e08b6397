import * as vscode from 'vscode';
import { ComparePanel } from '../editor/comparePanel';
import { NpyEditorProvider } from '../editor/provider';
import { ViewerStatusItem } from '../editor/statusItem';
import { PictureSettings, WebviewSnapshot } from '../shared/protocol';
import { setPngTargetForTests } from '../editor/savePng';
import type { ReadStats } from '../npy/io/filesource';
import { MembersTree, TreeNodeItem } from '../tree/membersTree';
import { cancelAllWrites } from './atomicWrite';
import { currentStep } from './exportDialog';
import { chooseNoticeAction, lastNotice } from './notices/notify';
import { typeIntoOpenAsArray } from './openAsArray';

/** What tests see of a tree item. */
export interface TreeItemSnapshot {
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  icon?: string;
  command?: vscode.Command;
  selected: boolean;
  /** Folders above it (0: top level); a folder of tensors has contextValue 'memberGroup'. */
  depth: number;
}

/**
 * Test-only commands: they let the integration suite and the viewer benchmark see inside the
 * webview and the tree through the public command API. Registered only in
 * ExtensionMode.Test (src/extension.ts) and contributed nowhere in package.json.
 */
export function registerTestCommands(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('npyViewer.test.getWebviewState', getWebviewState),
    vscode.commands.registerCommand('npyViewer.test.getOpenMarks', getOpenMarks),
    // The text of the focused cell's status bar item (undefined while hidden).
    vscode.commands.registerCommand('npyViewer.test.getCellStatus', () => ViewerStatusItem.shown()),
    vscode.commands.registerCommand('npyViewer.test.getTreeItems', getTreeItems),
    vscode.commands.registerCommand('npyViewer.test.cancelExports', () => cancelAllWrites()),
    // The last notification after Export / Save As, and choosing one of its buttons as a click does.
    vscode.commands.registerCommand('npyViewer.test.lastNotice', lastNotice),
    vscode.commands.registerCommand('npyViewer.test.chooseNoticeAction', (title: string) => chooseNoticeAction(title)),
    // The step of an Export / Save As dialog on screen: title, step of total, placeholder, items.
    vscode.commands.registerCommand('npyViewer.test.currentStep', currentStep),
    // Types into the "Open as Array…" step on screen (as a user would); false when none is shown.
    vscode.commands.registerCommand('npyViewer.test.typeIntoOpenAsArray', (text: string) => typeIntoOpenAsArray(text)),
    // The comparison panel last active or opened: what its page shows, and its tolerances typed in.
    vscode.commands.registerCommand('npyViewer.test.getCompareState', () => ComparePanel.current?.requestState()),
    // Every open viewer: its document's URI and where its webview is (a diff shows two in one group).
    vscode.commands.registerCommand('npyViewer.test.getViewers', () => NpyEditorProvider.current.viewers.map((p) => ({
      uri: p.document.uri.toString(), visible: p.webviewPanel.visible, active: p.webviewPanel.active,
      viewColumn: p.webviewPanel.viewColumn, error: p.document.error,
    }))),
    vscode.commands.registerCommand('npyViewer.test.setCompareTolerance', (rtol: string, atol: string) => ComparePanel.current?.setTolerance(rtol, atol)),
    vscode.commands.registerCommand('npyViewer.test.compareGridAction', (action: Parameters<ComparePanel['gridAction']>[0], pair?: number) => ComparePanel.current?.gridAction(action, pair)),
    // Shows a view in the active viewer (Grid, Heatmap, Image, Line, Histogram) and, given a file, exports its PNG there;
    // with focus, the view shown gets the keyboard (as clicking its switch button does); with zoom, the heatmap zooms in (×2 a step).
    vscode.commands.registerCommand('npyViewer.test.pictureCommand', (mode: PictureSettings['mode'], target?: string, focus?: boolean, zoom?: number) => {
      setPngTargetForTests(target ? vscode.Uri.file(target) : undefined);
      NpyEditorProvider.current.active?.send({ type: 'pictureCommand', mode, exportPng: !!target, focus: !!focus, ...(zoom ? { zoom } : {}) });
    }),
    // Reads and bytes read so far from the file of the viewer of `uri` (undefined: not a local file).
    vscode.commands.registerCommand('npyViewer.test.getReadStats', (uri: vscode.Uri) => readStatsOf(uri)),
  );
}

function readStatsOf(uri: vscode.Uri): ReadStats | undefined {
  const source = NpyEditorProvider.current.panelsFor(uri)[0]?.document.file?.source;
  return source && 'stats' in source ? { ...(source as { stats: ReadStats }).stats } : undefined;
}

/** The state the viewer of `uri` (default: the active one) reports right now. */
async function getWebviewState(uri?: vscode.Uri): Promise<WebviewSnapshot | undefined> {
  const editors = NpyEditorProvider.current;
  const panel = uri ? editors.panelsFor(uri)[0] : editors.active;
  return panel?.requestState();
}

/** When the active viewer's document and editor were opened (Date.now() values; the viewer benchmark). */
function getOpenMarks(): Record<string, number | undefined> | undefined {
  const panel = NpyEditorProvider.current.active;
  if (!panel) return undefined;
  const d = panel.document.openMarks;
  const p = panel.openMarks;
  return { docStart: d.start, docOpen: d.open, resolve: p.resolve, html: p.html, init: p.init };
}

async function getTreeItems(): Promise<{ document?: string; filter: string; revealError?: string; visible?: boolean; items: TreeItemSnapshot[] }> {
  const tree = MembersTree.current;
  if (!tree) return { filter: '', items: [] };
  await tree.whenLoaded();
  const selected = new Set(tree.view.selection);
  const items: TreeItemSnapshot[] = [];
  // Depth first, folders opened: what the user sees with every folder expanded.
  const walk = (parent: TreeNodeItem | undefined, depth: number): void => {
    for (const i of tree.getChildren(parent)) {
      items.push({
        label: String(i.label),
        description: typeof i.description === 'string' ? i.description : undefined,
        tooltip: typeof i.tooltip === 'string' ? i.tooltip : undefined,
        contextValue: i.contextValue,
        icon: i.iconPath instanceof vscode.ThemeIcon ? i.iconPath.id : undefined,
        command: i.command,
        selected: selected.has(i),
        depth,
      });
      walk(i, depth + 1);
    }
  };
  walk(undefined, 0);
  return { document: tree.document?.uri.toString(), filter: tree.filter, revealError: tree.revealError, visible: tree.view.visible, items };
}
