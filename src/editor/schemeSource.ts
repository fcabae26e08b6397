import * as vscode from 'vscode';
import { versionRef, workingPath } from '../commands/compare/versionPair';
import { fileNameOf } from './uriSource';

/**
 * Versions of a file on other file systems: the `git:` URIs the Source Control view and the
 * Timeline open (left side of a diff), and those of other SCM providers. Such a URI names the
 * working file it is a version of: the git extension puts it in the query
 * (`git:/repo/a.npy?{"path":"/repo/a.npy","ref":"HEAD"}`); others keep the path.
 */

/** The working file `uri` is a version of, as a file: URI (itself for a file). */
export function workingFileOf(uri: vscode.Uri): vscode.Uri {
  return uri.scheme === 'file' ? uri : vscode.Uri.file(workingPath(uri));
}

/** Which version `uri` is, for labels: undefined for a working file. */
export function versionName(uri: vscode.Uri): string | undefined {
  if (uri.scheme === 'file') return undefined;
  const v = versionRef(uri);
  return typeof v === 'string' ? v : vscode.l10n.t('Index (staged)');
}

/**
 * How a side of a comparison is named: its workspace-relative path, and which version it is
 * when it is not the working file ('data/a.npy (HEAD)').
 */
export function compareLabel(uri: vscode.Uri): string {
  const version = versionName(uri);
  if (version === undefined) return vscode.workspace.asRelativePath(uri, false);
  const rel = vscode.workspace.asRelativePath(vscode.Uri.file(workingPath(uri)), false);
  return vscode.l10n.t('{0} ({1})', rel || fileNameOf(uri), version);
}
