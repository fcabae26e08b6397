import * as vscode from 'vscode';
import { NpyEditorProvider, VIEW_TYPE } from '../../editor/provider';
import { compareLabel } from '../../editor/schemeSource';
import { fileNameOf } from '../../editor/uriSource';
import { errorText } from '../../shared/errors';
import { isArrayFileName } from '../../viewer/compareModel';

/** Most workspace files offered in the "Compare with…" pick. */
const MAX_WORKSPACE_FILES = 200;
/** Array files remembered as recently opened (workspace state), newest first. */
const RECENT_KEY = 'npyViewer.recentArrays';
const MAX_RECENT = 20;

let recentState: vscode.Memento | undefined;

/** Remembers the array files opened in a viewer (the pick lists them after the open ones). */
export function trackRecentArrays(context: vscode.ExtensionContext): vscode.Disposable {
  recentState = context.workspaceState;
  return vscode.window.tabGroups.onDidChangeTabs((e) => {
    const opened = [...e.opened, ...e.changed]
      .map((t) => t.input)
      .filter((i): i is vscode.TabInputCustom => i instanceof vscode.TabInputCustom && i.viewType === VIEW_TYPE && isArrayFileName(i.uri.path))
      .map((i) => i.uri.toString());
    if (opened.length === 0) return;
    const before = context.workspaceState.get<string[]>(RECENT_KEY, []);
    const next = [...new Set([...opened, ...before])].slice(0, MAX_RECENT);
    if (next.join('\n') !== before.join('\n')) void context.workspaceState.update(RECENT_KEY, next);
  });
}

function recentArrays(): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (const s of recentState?.get<string[]>(RECENT_KEY, []) ?? []) {
    try {
      out.push(vscode.Uri.parse(s, true));
    } catch {
      // a stored entry that no longer parses: skip it
    }
  }
  return out;
}

/** What the user picked: a file, and the npz member on it when a member was picked. */
export interface OtherSide { uri: vscode.Uri; member?: string }

interface Item extends vscode.QuickPickItem { side?: OtherSide }

/**
 * Names of the array members of an open .npz (its viewer already read the directory). With
 * `only`, just that member when the archive has it (a member is compared with the same-named
 * member of another archive).
 */
function openMembers(uri: vscode.Uri, only: string | undefined): string[] {
  const f = NpyEditorProvider.current.documentFor(uri)?.file;
  if (f?.kind !== 'npz') return [];
  const names = [...new Set(f.npz.members.map((m) => m.name))];
  return only === undefined ? names : names.filter((n) => n === only);
}

/**
 * Quick pick of the other side for "Compare with…": open array files (with the members of open
 * archives), recently opened ones, workspace .npy/.npz files, and Browse…. `member`: the side
 * chosen first is this member of an archive (from the sidebar).
 */
export async function pickOther(a: vscode.Uri, member: string | undefined): Promise<OtherSide | undefined> {
  const seen = new Set<string>();
  const items: Item[] = [];
  const add = (uri: vscode.Uri): void => {
    const key = uri.toString();
    if (seen.has(key) || !isArrayFileName(uri.path)) return;
    seen.add(key);
    if (key !== a.toString()) {
      items.push({ side: { uri }, label: fileNameOf(uri), description: compareLabel(uri) });
    }
    for (const name of openMembers(uri, member)) {
      if (key === a.toString() && name === member) continue;
      items.push({
        side: { uri, member: name }, label: `$(symbol-array) ${name}`,
        description: vscode.l10n.t('member of {0}', fileNameOf(uri)),
      });
    }
  };
  const section = (label: string): void => { items.push({ label, kind: vscode.QuickPickItemKind.Separator }); };
  section(vscode.l10n.t('open'));
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) add(input.uri);
    }
  }
  section(vscode.l10n.t('recently opened'));
  for (const uri of recentArrays()) add(uri);
  section(vscode.l10n.t('workspace'));
  try {
    const found = await vscode.workspace.findFiles('**/*.{npy,npz,NPY,NPZ}', '**/node_modules/**', MAX_WORKSPACE_FILES);
    found.sort((x, y) => x.path.localeCompare(y.path));
    for (const uri of found) add(uri);
  } catch (e) {
    console.warn(`npy-viewer: compare with: could not list workspace files: ${errorText(e)}`);
  }
  // No empty sections.
  const shown = items.filter((it, k) => it.kind !== vscode.QuickPickItemKind.Separator || (items[k + 1] && items[k + 1].kind !== vscode.QuickPickItemKind.Separator));
  const browse: Item = { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, alwaysShow: true };
  const what = member === undefined ? fileNameOf(a) : vscode.l10n.t('{0} of {1}', member, fileNameOf(a));
  const pick = await vscode.window.showQuickPick([...shown, browse], {
    title: vscode.l10n.t('Compare {0} with…', what),
    placeHolder: vscode.l10n.t('Choose the .npy or .npz file to compare with'),
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  if (pick.side) return pick.side;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('NumPy arrays')]: ['npy', 'npz'] },
    title: vscode.l10n.t('Compare {0} with…', what),
  });
  return chosen?.[0] && { uri: chosen[0] };
}
