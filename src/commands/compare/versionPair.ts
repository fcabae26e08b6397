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

/** How the git extension names a ref in a diff's title: '', '~' and 'HEAD' as they are, else its first 8 characters ('^' kept). */
export function shortRef(ref: string): string {
  if (ref === '' || ref === '~' || ref === 'HEAD') return ref;
  return ref.endsWith('^') ? `${ref.slice(0, 8)}^` : ref.slice(0, 8);
}

/**
 * Which of two git versions a diff's title puts on the left. The git extension titles a diff of
 * two versions (its Timeline) '{name} ({ref}) ↔ {name} ({ref})', the left one first. 0: `a` is
 * left; 1: `b` is; undefined when the title does not tell (another title, refs that look alike).
 */
export function leftInTitle(title: string, a: UriParts, b: UriParts): 0 | 1 | undefined {
  const ga = gitQuery(a);
  const gb = gitQuery(b);
  const arrow = title.indexOf('\u2194');
  if (!ga || !gb || arrow < 0 || title.indexOf('\u2194', arrow + 1) >= 0) return undefined;
  const left = title.slice(0, arrow).trimEnd();
  const right = title.slice(arrow + 1).trimEnd();
  const ta = `(${shortRef(ga.ref)})`;
  const tb = `(${shortRef(gb.ref)})`;
  if (ta === tb) return undefined;
  const aLeft = left.endsWith(ta) && right.endsWith(tb);
  const bLeft = left.endsWith(tb) && right.endsWith(ta);
  return aLeft === bLeft ? undefined : aLeft ? 0 : 1;
}

/** A viewer as the pairing sees it: its document's URI, whether its webview is visible, its editor group. */
export interface ViewerSlot { uri: UriParts; key: string; visible: boolean; column: number | undefined }

/**
 * The two sides (A, B) of the diff `active` is part of, among `viewers` (in the order VS Code
 * opened them). VS Code shows a diff of two array files as two of our viewers side by side in one
 * editor group and tells extensions nothing about the pair (the tab's input is unknown): the
 * other side is another visible viewer of that group, preferably a version of the same working
 * file, else the only one. A = the version on another file system (git's left side, the older),
 * B = the working file. Two git versions: the left one of the first of `titles` (the group's tab
 * labels, its active tab's first) that tells (leftInTitle); else, and for two of another kind,
 * the order VS Code opened them in.
 */
export function diffPair<T extends ViewerSlot>(active: T, viewers: readonly T[], titles: readonly string[] = []): [T, T] | undefined {
  const others = viewers.filter((p) => p !== active && p.key !== active.key && p.visible && p.column === active.column);
  const same = others.filter((p) => workingPath(p.uri) === workingPath(active.uri));
  const other = same.length > 0 ? same[0] : others.length === 1 ? others[0] : undefined;
  if (!other) return undefined;
  const activeIsFile = active.uri.scheme === 'file';
  if (activeIsFile !== (other.uri.scheme === 'file')) return activeIsFile ? [other, active] : [active, other];
  for (const title of titles) {
    const left = leftInTitle(title, active.uri, other.uri);
    if (left !== undefined) return left === 0 ? [active, other] : [other, active];
  }
  return viewers.indexOf(other) < viewers.indexOf(active) ? [other, active] : [active, other];
}
