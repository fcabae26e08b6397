import * as vscode from 'vscode';
import { errorText } from '../shared/errors';
import { writeNpy } from '../npy/format/npywrite';
import { OpenedAny } from '../npy/format/open';
import { MemberItem } from '../tree/memberItem';
import { arrayMembers, checkNotSource, defaultStem, resolveTarget, withArray, withFile } from './arrays';
import { WriteResult, writeAtomically } from './atomicWrite';
import { chooseIndex, chooseMember } from './exportDialog';
import { ExportArgs, asArgs, exportText } from './exportText';

export interface SaveAsArgs extends ExportArgs {
  /** 'npy' writes an array; 'text' runs Export to Text. Default: from the target's extension, else asked. */
  format?: 'npy' | 'text';
}

export function registerSaveAs(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('npyViewer.saveAs', (arg?: unknown, opts?: unknown) =>
    saveAs(context, arg, asArgs<SaveAsArgs>(opts)));
}

export async function saveAs(context: vscode.ExtensionContext, arg: unknown, args: SaveAsArgs): Promise<WriteResult> {
  const title = vscode.l10n.t('Save As');
  const target = resolveTarget(arg, args);
  if (!target) return { status: 'dismissed' };
  // A tree member is saved as it is: a standalone .npy with the member's exact bytes.
  let format = args.format ?? (arg instanceof MemberItem ? 'npy' : undefined);
  if (!format && args.target) format = /\.npy$/i.test(args.target.path) ? 'npy' : 'text';
  if (!format) {
    const choice = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('$(symbol-array) NumPy array (.npy)'), value: 'npy' as const },
      { label: vscode.l10n.t('$(file-text) Text (.txt, .csv)'), detail: vscode.l10n.t('like numpy.savetxt'), value: 'text' as const },
    ], { title, ignoreFocusOut: true });
    if (!choice) return { status: 'dismissed' };
    format = choice.value;
  }
  if (format === 'text') return exportText(context, target.uri, { ...args, member: target.member, view: target.view });
  try {
    return await withFile(target.uri, (file) => saveNpy(file, target.uri, target.member, target.view, args, title, arg instanceof MemberItem));
  } catch (e) {
    const message = errorText(e);
    void vscode.window.showErrorMessage(vscode.l10n.t('Save As failed: {0}', message));
    return { status: 'failed', message };
  }
}

async function saveNpy(
  file: OpenedAny, uri: vscode.Uri, member: string | undefined, view: SaveAsArgs['view'],
  args: SaveAsArgs, title: string, wholeMember: boolean,
): Promise<WriteResult> {
  const interactive = args.target === undefined;
  if (file.kind !== 'npy' && member === undefined) {
    if (!interactive) throw new Error(vscode.l10n.t('Name the member to save.'));
    member = await chooseMember(title, arrayMembers(file));
    if (member === undefined) return { status: 'dismissed' };
  }
  return withArray(file, member, async (array) => {
    const index = args.index
      ?? (wholeMember ? '...' : !interactive ? view?.index ?? '...' : await chooseIndex(title, array, view, undefined));
    if (index === undefined) return { status: 'dismissed' };
    const whole = index.trim() === '' || index.trim() === '...';
    const dest = args.target ?? await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(uri, '..', `${defaultStem(uri, member)}${whole ? '' : '-slice'}.npy`),
      filters: { [vscode.l10n.t('NumPy arrays')]: ['npy'] },
      title,
    });
    if (!dest) return { status: 'dismissed' };
    checkNotSource(dest, uri);
    const label = vscode.l10n.t('Saving {0}', dest.path.slice(dest.path.lastIndexOf('/') + 1));
    // A whole npz member is copied byte for byte; anything else is a new C-order .npy of the view.
    if (whole && file.kind === 'npz' && member !== undefined) {
      const name = member;
      return writeAtomically(dest, label, (sink, signal) => file.npz.copyMember(name, sink, { signal }), { ...args, source: uri });
    }
    const selected = array.view().index(index);
    return writeAtomically(dest, label, (sink, signal, progress) =>
      writeNpy(selected, sink, { signal, onProgress: (done, total) => progress(total ? done / total : 1) }), { ...args, source: uri });
  });
}
