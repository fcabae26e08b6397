import * as vscode from 'vscode';
import type { FormatSettings, Notation } from './shared/protocol';

/** Every setting lives under this one prefix. */
export const SECTION = 'npyViewer';

const NOTATIONS: readonly Notation[] = ['auto', 'fixed', 'scientific'];

/** The grid's number formatting as configured (invalid values fall back to the defaults). */
export function formatSettings(): FormatSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const notation = cfg.get<string>('notation', 'auto');
  const precision = cfg.get<number>('precision', 6);
  return {
    notation: (NOTATIONS as readonly string[]).includes(notation) ? (notation as Notation) : 'auto',
    precision: Number.isInteger(precision) && precision >= 0 && precision <= 40 ? precision : 6,
  };
}

/** Calls `listener` with the new settings whenever a formatting setting changes. */
export function onDidChangeFormatSettings(listener: (s: FormatSettings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.notation`) || e.affectsConfiguration(`${SECTION}.precision`)) {
      listener(formatSettings());
    }
  });
}
