/**
 * Pure rules of "Compare the Two Versions" (no vscode import: unit-tested in Node). A URI is seen
 * as its parts: scheme, path, query.
 */
export interface UriParts { scheme: string; path: string; query: string }

/**
 * The git extension's query (`git:/repo/a.npy?{"path":"/repo/a.npy","ref":"HEAD"}`): the working
 * file's path and the ref ('~' or '' = the index, 'HEAD', a commit); undefined for anything else.
 */
export function gitQuery(uri: UriParts): { path: string; ref: string } | undefined {
  if (uri.scheme !== 'git' || !uri.query) return undefined;
  try {
    const q: unknown = JSON.parse(uri.query);
    if (q && typeof q === 'object' && typeof (q as { path?: unknown }).path === 'string') {
      const ref = (q as { ref?: unknown }).ref;
      return { path: (q as { path: string }).path, ref: typeof ref === 'string' ? ref : '' };
    }
  } catch {
    // not the git extension's query: the URI's path names the file
  }
  return undefined;
}

/** The path of the working file `uri` is a version of: git's query names it, other schemes keep the path. */
export function workingPath(uri: UriParts): string {
  return gitQuery(uri)?.path ?? uri.path;
}

/** Which version a non-file URI is: 'index' (git's '~' or ''), a ref ('HEAD'), a commit's first 8 hex digits, or the scheme. */
export function versionRef(uri: UriParts): string | { index: true } {
  const git = gitQuery(uri);
  if (!git) return uri.scheme;
  if (git.ref === '' || git.ref === '~') return { index: true };
  return /^[0-9a-f]{40}$/i.test(git.ref) ? git.ref.slice(0, 8) : git.ref;
}

/** A viewer as the pairing sees it: its document's URI, whether its webview is visible, its editor group. */
export interface ViewerSlot { uri: UriParts; key: string; visible: boolean; column: number | undefined }

/**
 * The two sides (A, B) of the diff `active` is part of, among `viewers` (in the order VS Code
 * opened them). VS Code shows a diff of two array files as two of our viewers side by side in one
 * editor group and tells extensions nothing about the pair (the tab's input is unknown): the
 * other side is another visible viewer of that group, preferably a version of the same working
 * file, else the only one. A = the version on another file system (git's left side, the older),
 * B = the working file; two of a kind keep VS Code's order (left first).
 */
export function diffPair<T extends ViewerSlot>(active: T, viewers: readonly T[]): [T, T] | undefined {
  const others = viewers.filter((p) => p !== active && p.key !== active.key && p.visible && p.column === active.column);
  const same = others.filter((p) => workingPath(p.uri) === workingPath(active.uri));
  const other = same.length > 0 ? same[0] : others.length === 1 ? others[0] : undefined;
  if (!other) return undefined;
  const activeIsFile = active.uri.scheme === 'file';
  if (activeIsFile !== (other.uri.scheme === 'file')) return activeIsFile ? [other, active] : [active, other];
  return viewers.indexOf(other) < viewers.indexOf(active) ? [other, active] : [active, other];
}
