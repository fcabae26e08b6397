/**
 * Paths and reasons as a notification shows them (no `vscode`: unit-tested on Node). A message
 * says why first and where after, and a long path is shortened in its middle so it can never
 * push the reason out of a notification: '/home/me/…/runs/out.csv'.
 */

/** Longest path a notification shows whole. */
export const PATH_CHARS = 60;

/**
 * `p` cut in the middle to at most `max` characters: its first folders, '…', its last folders
 * and the file name, whole folders only; a file name longer than that keeps its end.
 */
export function shortenPath(p: string, max = PATH_CHARS): string {
  if (p.length <= max) return p;
  const sep = p.includes('/') || !p.includes('\\') ? '/' : '\\';
  const parts = p.split(sep);
  const name = parts.pop() ?? '';
  const ell = '…';
  if (name.length + ell.length + sep.length > max || parts.length === 0) {
    return ell + p.slice(p.length - (max - ell.length));
  }
  const head: string[] = [];
  const tail: string[] = [name];
  let i = 0;
  let j = parts.length - 1;
  const text = (): string => [...head, ell, ...tail].join(sep);
  // Nearest folders first (they say most about where the file is), then alternately the first ones.
  for (let turn = 0; i <= j; turn++) {
    const fromEnd = turn % 2 === 0;
    const tried = fromEnd ? [...head, ell, parts[j], ...tail] : [...head, parts[i], ell, ...tail];
    if (tried.join(sep).length > max) break;
    if (fromEnd) tail.unshift(parts[j--]); else head.push(parts[i++]);
  }
  if (i > j) return p;
  return text();
}

/**
 * The reason alone from an engine message that starts by naming the file ('cannot write
 * out.csv: permission denied' → 'permission denied'); other messages are returned as they are.
 */
export function reasonOf(message: string, label: string): string {
  const start = `cannot write ${label}`;
  if (!message.startsWith(start)) return message;
  // 'cannot write NAME: why' or 'cannot write NAME (a FIFO): why'
  const m = /^(?: \(([^)]*)\))?: ([^]*)$/.exec(message.slice(start.length));
  if (!m) return message;
  return m[1] ? `${m[2]} (${m[1]})` : m[2];
}

/**
 * Whether a failure message should name the file after its reason: not when the reason
 * already names it (a path appears once in a message).
 */
export function needsPath(reason: string, fileName: string): boolean {
  return fileName === '' || !reason.includes(fileName);
}
