import * as vscode from 'vscode';
import { byteSize } from './shared/format';

/** A byte count in the UI language: '512 B' (translated), '1.5 KiB' (src/shared/format.ts). */
export function formatBytes(n: number): string {
  return byteSize(n, (k) => vscode.l10n.t('{0} B', k));
}
