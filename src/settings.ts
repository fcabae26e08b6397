import * as vscode from 'vscode';
import { normalizeFormat, type FormatSettings } from './shared/format';

/** Every setting lives under this one prefix. */
export const SECTION = 'npyViewer';

/**
 * The grid's number formatting as configured. settings.json can hold anything: an unknown
 * notation is 'auto', a precision out of range (99, -1) is clamped into it (src/shared/format.ts).
 */
export function formatSettings(): FormatSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return normalizeFormat({ notation: cfg.get<unknown>('notation'), precision: cfg.get<unknown>('precision') });
}

/** Calls `listener` with the new settings whenever a formatting setting changes. */
export function onDidChangeFormatSettings(listener: (s: FormatSettings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.notation`) || e.affectsConfiguration(`${SECTION}.precision`)) {
      listener(formatSettings());
    }
  });
}
