import * as vscode from 'vscode';
import { ComparePanel, type CompareTarget } from '../../editor/comparePanel';
import { NpyEditorProvider, VIEW_TYPE } from '../../editor/provider';
import { fileNameOf, openUri } from '../../editor/uriSource';
import type { DiffResult } from '../../npy/compute/diff';
import { isArrayFileName, pickTwo } from '../../viewer/compareModel';
import { pickOther, trackRecentArrays } from './pick';

/** Options for scripts and tests (menus pass none): the other file, the npz member to use. */
export interface CompareOptions {
  other?: vscode.Uri;
  member?: string;
}

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
    vscode.commands.registerCommand('npyViewer.compareWith', (arg?: unknown, opts?: CompareOptions) => {
      // From the sidebar's context menu: the member item; from the Explorer or a viewer: a URI.
      const member = memberArg(arg);
      if (member) return compareWith(member.uri, { ...opts, member: opts?.member ?? member.name }, open);
      return compareWith(arg instanceof vscode.Uri ? arg : undefined, opts, open);
    }),
    trackRecentArrays(context),
  );
}

/** A member of the "NumPy Arrays" view (its item: the archive's URI and the member's summary). */
function memberArg(arg: unknown): { uri: vscode.Uri; name: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { uri, summary } = arg as { uri?: unknown; summary?: { name?: unknown } };
  return uri instanceof vscode.Uri && typeof summary?.name === 'string' ? { uri, name: summary.name } : undefined;
}

async function compareWith(uri: vscode.Uri | undefined, opts: CompareOptions | undefined, open: (t: CompareTarget) => Promise<DiffResult | undefined>): Promise<DiffResult | undefined> {
  const a = uri ?? activeArrayUri();
  if (!a) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open or select a .npy or .npz file to compare first.'));
    return undefined;
  }
  if (opts?.other) return compareTwo(a, opts.other, opts, open);
  const picked = await pickOther(a, opts?.member);
  if (!picked) return undefined;
  // A member picked on the other side (or the member this started from) is the one compared.
  return compareTwo(a, picked.uri, { ...opts, member: picked.member ?? opts?.member }, open);
}

/** Opens a comparison panel on a and b (both .npy/.npz, any file system); resolves to its first result. */
export async function compareTwo(a: vscode.Uri, b: vscode.Uri, opts: CompareOptions | undefined, open: (t: CompareTarget) => Promise<DiffResult | undefined>): Promise<DiffResult | undefined> {
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
