import * as vscode from 'vscode';
import { ComparePanel } from '../../editor/comparePanel';
import type { ViewerPanel } from '../../editor/panel';
import { NpyEditorProvider } from '../../editor/provider';
import { workingFileOf } from '../../editor/schemeSource';
import { fileNameOf } from '../../editor/uriSource';
import type { DiffResult } from '../../npy/compute/diff';
import { errorText } from '../../shared/errors';
import { compareTwo } from './compare';
import { diffPair, type ViewerSlot } from './versionPair';

/** Context key: the active viewer shows a version of a file next to another one (a diff), or a version on another file system. */
const HAS_OTHER_VERSION = 'npyViewer.activeHasOtherVersion';

/** The two sides (A, B) of the diff the viewer `active` is part of: see diffPair in versionPair.ts. */
function diffPairOf(active: ViewerPanel, viewers: readonly ViewerPanel[]): [vscode.Uri, vscode.Uri] | undefined {
  const slot = (p: ViewerPanel): ViewerSlot & { uri: vscode.Uri } => ({
    uri: p.document.uri, key: p.document.uri.toString(), visible: p.webviewPanel.visible, column: p.webviewPanel.viewColumn,
  });
  const slots = viewers.map(slot);
  const k = viewers.indexOf(active);
  // The diff's title says which side is which (its tab's input does not: custom editors).
  const group = vscode.window.tabGroups.all.find((g) => g.viewColumn === active.webviewPanel.viewColumn);
  const titles = group ? [group.activeTab, ...group.tabs].flatMap((t) => (t ? [t.label] : [])) : [];
  const pair = diffPair(k >= 0 ? slots[k] : slot(active), slots, titles);
  return pair && [pair[0].uri, pair[1].uri];
}

/** The built-in git extension's API (the part used here), or undefined when git is disabled or absent. */
interface GitApi {
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
  getRepository(uri: vscode.Uri): unknown;
}

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    return exports.enabled ? exports.getAPI(1) : undefined;
  } catch (e) {
    console.warn(`npy-viewer: the git extension is not available: ${errorText(e)}`);
    return undefined;
  }
}

type Open = (a: vscode.Uri, b: vscode.Uri) => Promise<DiffResult | undefined>;

/** Compare with HEAD: the last committed version (read through git's file system) against the file. */
async function compareWithHead(uri: vscode.Uri, open: Open): Promise<DiffResult | undefined> {
  const file = workingFileOf(uri);
  const git = await gitApi();
  if (!git) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Compare with HEAD needs the built-in Git extension, which is disabled or missing.'));
    return undefined;
  }
  if (!git.getRepository(file)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not in a Git repository.', fileNameOf(file)));
    return undefined;
  }
  return open(git.toGitUri(file, 'HEAD'), file);
}

/**
 * The viewer a command runs on: the one of `arg` (a URI from a menu) when it shows one, else the
 * active one, else one visible in the active editor group (a diff just opened has no focused side).
 */
function viewerOf(arg: unknown): ViewerPanel | undefined {
  const editors = NpyEditorProvider.current;
  const col = vscode.window.tabGroups.activeTabGroup.viewColumn;
  const inActiveGroup = (p: ViewerPanel): boolean => p.webviewPanel.visible && p.webviewPanel.viewColumn === col;
  if (arg instanceof vscode.Uri) {
    // The file may also be open in another group: the viewer in the active group is the one clicked.
    const panels = editors.panelsFor(arg);
    if (panels.length > 0) return panels.find(inActiveGroup) ?? panels[0];
  }
  return editors.active ?? editors.viewers.find(inActiveGroup);
}

/**
 * "Compare the Two Versions" (editor title of a viewer in a diff, or of a version on another file
 * system): the comparison panel on the two sides. Without a diff: a version against its working
 * file, a working file against HEAD. "Compare with HEAD": a file (Explorer, viewer) against HEAD.
 */
export function registerVersionCommands(context: vscode.ExtensionContext): vscode.Disposable {
  const open: Open = (a, b) => compareTwo(a, b, undefined, (t) => ComparePanel.open(context.extensionUri, t).run());
  const editors = NpyEditorProvider.current;
  let last: boolean | undefined;
  const update = (): void => {
    const active = viewerOf(undefined);
    const has = !!active && (active.document.uri.scheme !== 'file' || diffPairOf(active, editors.viewers) !== undefined);
    if (has !== last) void vscode.commands.executeCommand('setContext', HAS_OTHER_VERSION, has);
    last = has;
  };
  return vscode.Disposable.from(
    editors.onDidChangeActivePanel(update),
    editors.onDidChangePanelState(update),
    vscode.window.tabGroups.onDidChangeTabs(update),
    vscode.commands.registerCommand('npyViewer.compareVersions', (arg?: unknown) => {
      const active = viewerOf(arg);
      if (!active) {
        if (arg instanceof vscode.Uri) return compareWithHead(arg, open);
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a changed .npy or .npz file from Source Control or the Timeline first.'));
        return undefined;
      }
      const pair = diffPairOf(active, editors.viewers);
      if (pair) return open(pair[0], pair[1]);
      const uri = active.document.uri;
      return uri.scheme === 'file' ? compareWithHead(uri, open) : open(uri, workingFileOf(uri));
    }),
    vscode.commands.registerCommand('npyViewer.compareWithHead', (arg?: unknown) => {
      // Explorer, viewer: a URI; Source Control: the resource state.
      const res = arg && typeof arg === 'object' ? (arg as { resourceUri?: unknown }).resourceUri : undefined;
      const uri = arg instanceof vscode.Uri ? arg : res instanceof vscode.Uri ? res : editors.active?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open or select a .npy or .npz file to compare first.'));
        return undefined;
      }
      return compareWithHead(uri, open);
    }),
  );
}
