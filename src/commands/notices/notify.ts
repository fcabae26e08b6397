/**
 * What the user is told after Export to Text and Save As, whichever way they were started (the
 * Explorer menu, the sidebar's member menu, the viewer's buttons, the palette): a notification
 * naming what was written, with Open and Reveal in Explorer; or, on failure, the reason first and
 * the file after it (shortened in its middle: a long path never hides the reason).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { VIEW_TYPE } from '../../editor/html';
import { formatBytes } from '../../format';
import { PATH_CHARS, needsPath, shortenPath } from './pathText';

/** What a notification says and offers (tests read the last one: npyViewer.test.lastNotice). */
export interface Notice {
  severity: 'info' | 'error';
  message: string;
  /** Titles of its buttons, in order. */
  actions: string[];
}

interface Action { title: string; run(): Thenable<unknown> }

let last: { notice: Notice; actions: Action[] } | undefined;

function show(severity: Notice['severity'], message: string, actions: Action[] = []): void {
  last = { notice: { severity, message, actions: actions.map((a) => a.title) }, actions };
  const titles = actions.map((a) => a.title);
  const shown = severity === 'info'
    ? vscode.window.showInformationMessage(message, ...titles)
    : vscode.window.showErrorMessage(message, ...titles);
  shown.then((choice) => actions.find((a) => a.title === choice)?.run());
}

/** The last notification shown (test hook). */
export function lastNotice(): Notice | undefined {
  return last?.notice;
}

/** Does what choosing `title` on the last notification does, as a click would (test hook). */
export async function chooseNoticeAction(title: string): Promise<boolean> {
  const action = last?.actions.find((a) => a.title === title);
  if (!action) return false;
  await action.run();
  return true;
}

/** What was written: text rows (Export to Text) or a .npy of so many bytes (Save As). */
export type Written = { rows: number } | { bytes: number };

/** "Saved 1,000 rows to grid.csv" / "Saved grid.npy (7.8 KiB)", with Open and Reveal in Explorer. */
export function announceWritten(target: vscode.Uri, what: Written): void {
  const name = path.posix.basename(target.path);
  const message = 'rows' in what
    ? what.rows === 1
      ? vscode.l10n.t('Saved 1 row to {0}', name)
      : vscode.l10n.t('Saved {0} rows to {1}', what.rows.toLocaleString(vscode.env.language), name)
    : vscode.l10n.t('Saved {0} ({1})', name, formatBytes(what.bytes));
  const actions: Action[] = [{ title: vscode.l10n.t('Open'), run: () => openWritten(target) }];
  const reveal = revealAction(target);
  if (reveal) actions.push(reveal);
  show('info', message, actions);
}

/** A failure: `failed` is the command's own words ('Export failed: {0}'), the reason first, then where. */
export function announceFailure(failed: (detail: string) => string, reason: string, where?: vscode.Uri): void {
  show('error', failed(failureDetail(reason, where)));
}

/** The reason, then the file it is about, shortened in its middle ('no such directory — /tmp/…/x/out.csv'). */
export function failureDetail(reason: string, where?: vscode.Uri): string {
  if (!where) return reason;
  if (!needsPath(reason, path.posix.basename(where.path))) return reason;
  return vscode.l10n.t('{0} — {1}', reason, shortenPath(displayPath(where), PATH_CHARS));
}

/** A workspace file relative to its folder, a local file by its path, anything else by its URI. */
function displayPath(uri: vscode.Uri): string {
  if (vscode.workspace.getWorkspaceFolder(uri)) return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}

/** A written .npy opens in the NumPy viewer; text in a text editor (VS Code asks first for a huge one). */
function openWritten(uri: vscode.Uri): Thenable<unknown> {
  return /\.npy$/i.test(uri.path)
    ? vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE)
    : vscode.commands.executeCommand('vscode.open', uri);
}

/** Reveal in the Explorer view for a workspace file; in the system's file manager for another local file (desktop only). */
function revealAction(uri: vscode.Uri): Action | undefined {
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    return { title: vscode.l10n.t('Reveal in Explorer'), run: () => vscode.commands.executeCommand('revealInExplorer', uri) };
  }
  if (uri.scheme !== 'file' || vscode.env.uiKind !== vscode.UIKind.Desktop || vscode.env.remoteName) return undefined;
  const title = process.platform === 'darwin' ? vscode.l10n.t('Reveal in Finder')
    : process.platform === 'win32' ? vscode.l10n.t('Reveal in File Explorer') : vscode.l10n.t('Open Containing Folder');
  return { title, run: () => vscode.commands.executeCommand('revealFileInOS', uri) };
}
