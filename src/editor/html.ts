import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

/** Folders the webview may load from: the build output (script, codicons) and media (css, icons). */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/**
 * The webview page: an empty shell plus one script (the grid's dist/webview.js, or the comparison
 * panel's dist/compare.js) and its stylesheet. Everything it shows arrives by message and is
 * rendered as text, so the CSP can forbid inline code, eval and every remote origin.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string,
  page: { script: string; css: string } = { script: 'webview.js', css: 'viewer.css' }): string {
  const nonce = randomBytes(16).toString('base64');
  const res = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${res('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" nonce="${nonce}" href="${res('media', page.css)}">
<title>${escapeText(title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${res('dist', page.script)}"></script>
</body>
</html>`;
}

// The title is a file name (user data): escape it even though it only reaches <title>.
function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]!));
}
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
