import * as vscode from 'vscode';
import { ComparePanel, type CompareTarget } from '../../editor/comparePanel';
import { NpyEditorProvider, VIEW_TYPE } from '../../editor/provider';
import { fileNameOf, openUri } from '../../editor/uriSource';
import type { DiffResult } from '../../npy/compute/diff';
import { errorText } from '../../shared/errors';
import { isArrayFileName, pickTwo } from '../../viewer/compareModel';

/** Options for scripts and tests (menus pass none): the other file, the npz member to use. */
interface CompareOptions {
  other?: vscode.Uri;
  member?: string;
}

/** Most workspace files offered in the "Compare with…" pick. */
const MAX_WORKSPACE_FILES = 200;

/**
 * "Compare Arrays" (two files selected in the Explorer: (uri, uris)) and "Compare with…" (one
 * file, the other picked). Both open a comparison panel and resolve to its first result
 * (undefined when the user cancels or the comparison fails; the panel shows why).
 */
export function registerCompareCommands(context: vscode.ExtensionContext): vscode.Disposable {
  const open = (target: CompareTarget): Promise<DiffResult | undefined> => ComparePanel.open(context.extensionUri, target).run();
  return vscode.Disposable.from(
    vscode.commands.registerCommand('npyViewer.compareArrays', async (uri?: unknown, uris?: unknown, opts?: CompareOptions) => {
      const selected = Array.isArray(uris) ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : undefined;
      const picked = pickTwo(uri instanceof vscode.Uri ? uri : undefined, selected, (u) => u.toString());
      if ('pair' in picked) return compareTwo(picked.pair[0], picked.pair[1], opts, open);
      if (picked.tooMany !== undefined) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Select two .npy or .npz files to compare ({0} are selected).', picked.tooMany));
        return undefined;
      }
      return compareWith(picked.one, opts, open);
    }),
    vscode.commands.registerCommand('npyViewer.compareWith', (uri?: unknown, opts?: CompareOptions) =>
      compareWith(uri instanceof vscode.Uri ? uri : undefined, opts, open)),
  );
}

async function compareWith(uri: vscode.Uri | undefined, opts: CompareOptions | undefined, open: (t: CompareTarget) => Promise<DiffResult | undefined>): Promise<DiffResult | undefined> {
  const a = uri ?? activeArrayUri();
  if (!a) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open or select a .npy or .npz file to compare first.'));
    return undefined;
  }
  const b = opts?.other ?? await pickOther(a);
  return b ? compareTwo(a, b, opts, open) : undefined;
}

async function compareTwo(a: vscode.Uri, b: vscode.Uri, opts: CompareOptions | undefined, open: (t: CompareTarget) => Promise<DiffResult | undefined>): Promise<DiffResult | undefined> {
  for (const u of [a, b]) {
    if (!isArrayFileName(u.path)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not a .npy or .npz file.', fileNameOf(u)));
      return undefined;
    }
  }
  let member = opts?.member;
  if (member === undefined) {
    const m = await memberForMixedPair(a, b);
    if (m === null) return undefined; // the user dismissed the pick
    member = m;
  }
  return open({ a, b, member });
}

/**
 * A .npy against an archive of several members: which member (quick pick). undefined when no
 * choice is needed (two .npy, two .npz, or an archive with one member), null when dismissed.
 */
async function memberForMixedPair(a: vscode.Uri, b: vscode.Uri): Promise<string | undefined | null> {
  const npz = /\.npz$/i;
  if (npz.test(a.path) === npz.test(b.path)) return undefined;
  const archive = npz.test(a.path) ? a : b;
  let names: string[];
  try {
    const f = await openUri(archive);
    try {
      names = f.kind === 'npz' ? [...new Set(f.npz.members.map((m) => m.name))] : [];
    } finally {
      await f.close().catch(() => undefined);
    }
  } catch {
    return undefined; // the comparison reports why the file cannot be read
  }
  if (names.length <= 1) return undefined;
  const pick = await vscode.window.showQuickPick(names, {
    title: vscode.l10n.t('Compare Arrays'),
    placeHolder: vscode.l10n.t('Which member of {0} to compare with {1}?', fileNameOf(archive), fileNameOf(archive === a ? b : a)),
  });
  return pick ?? null;
}

/** The file of the active NumPy viewer (or of a NumPy viewer tab). */
function activeArrayUri(): vscode.Uri | undefined {
  const active = NpyEditorProvider.current.active?.document.uri;
  if (active) return active;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === VIEW_TYPE ? input.uri : undefined;
}

interface FileItem extends vscode.QuickPickItem { uri: vscode.Uri }

/** Quick pick of the other file: open array viewers and editors first, then workspace .npy/.npz files. */
async function pickOther(a: vscode.Uri): Promise<vscode.Uri | undefined> {
  const seen = new Set([a.toString()]);
  const items: FileItem[] = [];
  const add = (uri: vscode.Uri, kind: string): void => {
    if (seen.has(uri.toString()) || !isArrayFileName(uri.path)) return;
    seen.add(uri.toString());
    items.push({ uri, label: fileNameOf(uri), description: vscode.workspace.asRelativePath(uri, true), detail: kind || undefined });
  };
  const openKind = vscode.l10n.t('open');
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) add(input.uri, openKind);
    }
  }
  const nOpen = items.length;
  try {
    const found = await vscode.workspace.findFiles('**/*.{npy,npz,NPY,NPZ}', '**/node_modules/**', MAX_WORKSPACE_FILES);
    found.sort((x, y) => x.path.localeCompare(y.path));
    for (const uri of found) add(uri, '');
  } catch (e) {
    console.warn(`npy-viewer: compare with: could not list workspace files: ${errorText(e)}`);
  }
  if (nOpen > 0 && items.length > nOpen) items.splice(nOpen, 0, { uri: a, label: '', kind: vscode.QuickPickItemKind.Separator });
  const browse: FileItem = { uri: a, label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, alwaysShow: true };
  const pick = await vscode.window.showQuickPick([...items, browse], {
    title: vscode.l10n.t('Compare {0} with…', fileNameOf(a)),
    placeHolder: vscode.l10n.t('Choose the .npy or .npz file to compare with'),
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  if (pick !== browse) return pick.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('NumPy arrays')]: ['npy', 'npz'] },
    title: vscode.l10n.t('Compare {0} with…', fileNameOf(a)),
  });
  return chosen?.[0];
}
