import * as vscode from 'vscode';

/** Human-readable byte count: 512 B, 1.5 KiB, 3.2 GiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return vscode.l10n.t('{0} B', n);
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
