import * as vscode from 'vscode';
import { errorText } from '../shared/errors';
import { ArrayView } from '../npy/format/array';
import { SAVETXT_DEFAULTS, SavetxtOptions, savetxt } from '../npy/text/savetxt';
import { ViewSpec } from '../shared/protocol';
import { arrayMembers, checkNotSource, defaultStem, resolveTarget, selectView, withArray, withFile } from './arrays';
import { WriteControl, WriteResult, writeAtomically } from './atomicWrite';
import { Step, chooseIndex, chooseMember, chooseTextOptions, lastChoices, memberListingOf, nextStep, rememberChoices } from './exportDialog';
import { announceFailure, announceWritten } from './notices/notify';

/** Arguments for scripts, keybindings and tests; with `target` no dialog is shown. */
export interface ExportArgs extends WriteControl, Partial<SavetxtOptions> {
  member?: string;
  /** NumPy index expression selecting at most two axes ('' or '...': everything). */
  index?: string;
  /** The viewer's view (sent by its toolbar). */
  view?: ViewSpec;
  target?: vscode.Uri;
  /** Dialog steps already taken (Save As asked the format first): this dialog's steps are numbered after them. */
  stepsBefore?: number;
}

export function registerExportText(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('npyViewer.exportText', (arg?: unknown, opts?: unknown) =>
    exportText(context, arg, asArgs(opts)));
}

/** Explorer menus pass the selected URIs as the second argument: that is not an options bag. */
export function asArgs<T extends object>(opts: unknown): T {
  return (opts && typeof opts === 'object' && !Array.isArray(opts) && !(opts instanceof vscode.Uri) ? opts : {}) as T;
}

export async function exportText(context: vscode.ExtensionContext, arg: unknown, args: ExportArgs): Promise<WriteResult> {
  const title = vscode.l10n.t('Export to Text');
  const target = resolveTarget(arg, args);
  if (!target) return { status: 'dismissed' };
  const interactive = args.target === undefined;
  try {
    return await withFile(target.uri, async (file) => {
      let member = target.member;
      const askMember = file.kind !== 'npy' && member === undefined;
      // Numbered from the first step shown: member (if there is a choice), part of the array, then three for the text.
      const before = args.stepsBefore ?? 0;
      const steps = (askMember && arrayMembers(file).length > 1 ? 1 : 0) + (args.index === undefined ? 1 : 0) + 3;
      let step: Step = { step: before + 1, totalSteps: before + steps };
      if (askMember) {
        if (!interactive) throw new Error(vscode.l10n.t('Name the member to export.'));
        member = await chooseMember(title, memberListingOf(target.uri, file), step);
        if (member === undefined) return { status: 'dismissed' } as WriteResult;
        if (arrayMembers(file).length > 1) step = nextStep(step);
      }
      return withArray(file, member, async (array) => {
        const spec = target.view;
        let index = args.index ?? (interactive ? undefined : spec?.index ?? '...');
        if (index === undefined) {
          index = await chooseIndex(title, array, spec, 2, step);
          if (index === undefined) return { status: 'dismissed' };
          step = nextStep(step);
        }
        const view = selectView(array, index, args.index === undefined || index === spec?.index ? spec : undefined);
        let options: SavetxtOptions;
        if (interactive) {
          const choices = await chooseTextOptions(title, lastChoices(context.globalState), columnsOf(view), step);
          if (!choices) return { status: 'dismissed' };
          await rememberChoices(context.globalState, choices);
          options = { ...SAVETXT_DEFAULTS, ...choices, newline: args.newline ?? SAVETXT_DEFAULTS.newline };
        } else {
          options = { ...SAVETXT_DEFAULTS, ...definedOnly(args) };
        }
        const dest = args.target ?? await askTarget(target.uri, member, options.delimiter);
        if (!dest) return { status: 'dismissed' };
        checkNotSource(dest, target.uri);
        const result = await writeAtomically(dest, vscode.l10n.t('Exporting to {0}', basename(dest)), (sink, signal, progress) =>
          savetxt(view, options, sink, { signal, onProgress: (done, rows) => progress(rows ? done / rows : 1) }), { ...args, source: target.uri });
        announce(result, { rows: rowsOf(view) });
        return result;
      });
    });
  } catch (e) {
    const message = errorText(e);
    announceFailure(exportFailed, message, target.uri);
    return { status: 'failed', message };
  }
}

function exportFailed(detail: string): string {
  return vscode.l10n.t('Export failed: {0}', detail);
}

/** Tells the user how a write ended (a cancelled one needs no word: they cancelled it). */
export function announce(result: WriteResult, written: Parameters<typeof announceWritten>[1], failed = exportFailed): void {
  if (result.status === 'written' && result.target) announceWritten(result.target, written);
  else if (result.status === 'failed') announceFailure(failed, result.message ?? '', result.target);
}

/** Lines np.savetxt writes for the data: one per row of a 2-D view, per element of a 1-D one, one for a 0-d value. */
function rowsOf(view: ArrayView): number {
  return view.shape.length === 0 ? 1 : view.shape[0];
}

function columnsOf(view: ArrayView): number {
  return view.shape.length === 2 ? view.shape[1] : 1;
}

function definedOnly(args: ExportArgs): Partial<SavetxtOptions> {
  const out: Partial<SavetxtOptions> = {};
  for (const k of ['fmt', 'delimiter', 'newline', 'header', 'footer', 'comments'] as const) {
    if (args[k] !== undefined) (out as Record<string, unknown>)[k] = args[k];
  }
  return out;
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** Save dialog next to the source, named after it, .csv for commas else .txt. */
export function askTarget(source: vscode.Uri, member: string | undefined, delimiter: string): Thenable<vscode.Uri | undefined> {
  const ext = delimiter === ',' ? 'csv' : 'txt';
  return vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(source, '..', `${defaultStem(source, member)}.${ext}`),
    filters: ext === 'csv'
      ? { [vscode.l10n.t('CSV files')]: ['csv'], [vscode.l10n.t('Text files')]: ['txt'] }
      : { [vscode.l10n.t('Text files')]: ['txt'], [vscode.l10n.t('CSV files')]: ['csv'] },
    saveLabel: vscode.l10n.t('Export'),
    title: vscode.l10n.t('Export to Text'),
  });
}
