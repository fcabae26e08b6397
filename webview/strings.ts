/** The webview's UI strings: the host's translations, English (src/shared/strings.ts) where missing. */
import { DEFAULT_STRINGS, type StringKey } from '../src/shared/strings';

export type { StringKey };

let table: Record<string, string> = {};

/** Installs the host's translations (keys not given keep their English default). */
export function setStrings(strings: Record<string, string> | undefined): void {
  table = { ...(strings ?? {}) };
}

/** The string for `key` with {n} replaced by args[n]. */
export function t(key: StringKey, ...args: (string | number)[]): string {
  const s = table[key] ?? DEFAULT_STRINGS[key];
  return s.replace(/\{(\d+)\}/g, (m, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : m));
}
