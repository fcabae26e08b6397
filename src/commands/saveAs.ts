import * as vscode from 'vscode';
import { errorText } from '../shared/errors';
import { writeNpy } from '../npy/format/npywrite';
import { OpenedAny } from '../npy/format/open';
import { MemberItem } from '../tree/memberItem';
import { arrayMembers, checkNotSource, defaultStem, resolveTarget, withArray, withFile } from './arrays';
import { WriteResult, Writer, writeAtomically } from './atomicWrite';
import { Step, chooseFormat, chooseIndex, chooseMember, memberListingOf, nextStep } from './exportDialog';
import { ExportArgs, announce, asArgs, exportText } from './exportText';
import { announceFailure } from './notices/notify';

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
  const askFormat = !format;
  if (!format) {
    format = await chooseFormat(title);
    if (!format) return { status: 'dismissed' };
  }
  const stepsBefore = askFormat ? 1 : 0;
  if (format === 'text') return exportText(context, target.uri, { ...args, member: target.member, view: target.view, stepsBefore });
  try {
    return await withFile(target.uri, (file) => saveNpy(file, target.uri, target.member, target.view, { ...args, stepsBefore }, title, arg instanceof MemberItem));
  } catch (e) {
    const message = errorText(e);
    announceFailure(saveAsFailed, message, target.uri);
    return { status: 'failed', message };
  }
}

function saveAsFailed(detail: string): string {
  return vscode.l10n.t('Save As failed: {0}', detail);
}

async function saveNpy(
  file: OpenedAny, uri: vscode.Uri, member: string | undefined, view: SaveAsArgs['view'],
  args: SaveAsArgs, title: string, wholeMember: boolean,
): Promise<WriteResult> {
  const interactive = args.target === undefined;
  const askMember = file.kind !== 'npy' && member === undefined;
  const askIndex = args.index === undefined && !wholeMember && interactive;
  const before = args.stepsBefore ?? 0;
  let step: Step = { step: before + 1, totalSteps: before + (askMember && arrayMembers(file).length > 1 ? 1 : 0) + (askIndex ? 1 : 0) };
  if (askMember) {
    if (!interactive) throw new Error(vscode.l10n.t('Name the member to save.'));
    member = await chooseMember(title, memberListingOf(uri, file), step);
    if (member === undefined) return { status: 'dismissed' };
    if (arrayMembers(file).length > 1) step = nextStep(step);
  }
  return withArray(file, member, async (array) => {
    const index = args.index
      ?? (wholeMember ? '...' : !interactive ? view?.index ?? '...' : await chooseIndex(title, array, view, undefined, step));
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
    let write: Writer;
    if (whole && file.kind === 'npz' && member !== undefined) {
      const [npz, name] = [file.npz, member];
      write = (sink, signal) => npz.copyMember(name, sink, { signal });
    } else {
      const selected = array.view().index(index);
      write = (sink, signal, progress) => writeNpy(selected, sink, { signal, onProgress: (done, total) => progress(total ? done / total : 1) });
    }
    const result = await writeAtomically(dest, label, write, { ...args, source: uri });
    announce(result, { bytes: result.bytes ?? 0 }, saveAsFailed);
    return result;
  });
}
