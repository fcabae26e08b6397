import * as vscode from 'vscode';
import { fileNameOf } from './uriSource';

/**
 * Versions of a file on other file systems: the `git:` URIs the Source Control view and the
 * Timeline open (left side of a diff), and those of other SCM providers. Such a URI names the
 * working file it is a version of: the git extension puts it in the query
 * (`git:/repo/a.npy?{"path":"/repo/a.npy","ref":"HEAD"}`); others keep the path.
 */

/** The git extension's query: the working file's path and the ref ('~' or '' = the index, 'HEAD', a commit). */
function gitQuery(uri: vscode.Uri): { path: string; ref: string } | undefined {
  if (uri.scheme !== 'git' || !uri.query) return undefined;
  try {
    const q: unknown = JSON.parse(uri.query);
    if (q && typeof q === 'object' && typeof (q as { path?: unknown }).path === 'string') {
      const ref = (q as { ref?: unknown }).ref;
      return { path: (q as { path: string }).path, ref: typeof ref === 'string' ? ref : '' };
    }
  } catch {
    // not the git extension's query: use the URI's path
  }
  return undefined;
}

/** The path of the working file `uri` is a version of (itself for a file). */
export function workingPathOf(uri: vscode.Uri): string {
  return gitQuery(uri)?.path ?? uri.path;
}

/** The working file `uri` is a version of, as a file: URI (itself for a file). */
export function workingFileOf(uri: vscode.Uri): vscode.Uri {
  return uri.scheme === 'file' ? uri : vscode.Uri.file(workingPathOf(uri));
}

/** Which version `uri` is, for labels: undefined for a working file. */
export function versionName(uri: vscode.Uri): string | undefined {
  if (uri.scheme === 'file') return undefined;
  const git = gitQuery(uri);
  if (!git) return uri.scheme;
  if (git.ref === '' || git.ref === '~') return vscode.l10n.t('Index (staged)');
  return /^[0-9a-f]{40}$/i.test(git.ref) ? git.ref.slice(0, 8) : git.ref;
}

/**
 * How a side of a comparison is named: its workspace-relative path, and which version it is
 * when it is not the working file ('data/a.npy (HEAD)').
 */
export function compareLabel(uri: vscode.Uri): string {
  const version = versionName(uri);
  if (version === undefined) return vscode.workspace.asRelativePath(uri, false);
  const rel = vscode.workspace.asRelativePath(vscode.Uri.file(workingPathOf(uri)), false);
  return vscode.l10n.t('{0} ({1})', rel || fileNameOf(uri), version);
}
