import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { pageHtml } from './pagehtml';

/** The viewer's custom editor (package.json customEditors) and its webview's id in menus' when clauses. */
export const VIEW_TYPE = 'npyViewer.editor';

/** Folders the webview may load from: the build output (script, codicons) and media (css, icons). */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/**
 * The webview page (src/editor/pagehtml.ts): one script (the grid's dist/webview.js, or the
 * comparison panel's dist/compare.js) and its stylesheet, under a strict CSP with a fresh nonce.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string,
  page: { script: string; css: string } = { script: 'webview.js', css: 'viewer.css' }): string {
  const res = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return pageHtml({
    nonce: randomBytes(16).toString('base64'),
    cspSource: webview.cspSource,
    language: vscode.env.language,
    title,
    script: res('dist', page.script),
    styles: [res('dist', 'codicons', 'codicon.css'), res('media', page.css)],
  });
}
