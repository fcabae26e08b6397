import * as vscode from 'vscode';
import { DEFAULT_STRINGS } from '../shared/strings';

/**
 * The webview's strings in the UI language. The English text is the l10n key; placeholders are
 * passed back as themselves so that the webview fills them in.
 */
export function webviewStrings(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, english] of Object.entries(DEFAULT_STRINGS)) {
    out[key] = vscode.l10n.t(english, '{0}', '{1}', '{2}');
  }
  return out;
}
