/**
 * The webview page as text, with no `vscode` import (the webview tests load it as the editor
 * does and check its policy): an empty shell plus one nonce'd script and its stylesheets.
 * Everything the page shows arrives by message and is rendered as text, so the CSP forbids
 * inline code, eval and every remote origin.
 */
export interface PageParts {
  /** A fresh random nonce per page (base64). */
  nonce: string;
  /** The webview's resource origin (webview.cspSource). */
  cspSource: string;
  /** The display language (vscode.env.language). */
  language: string;
  /** The page title: a file name, i.e. data (escaped). */
  title: string;
  script: string;
  styles: string[];
}

/** The Content-Security-Policy of the page: scripts only with the nonce, no inline code, no eval, no remote origins. */
export function pageCsp(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function pageHtml(p: PageParts): string {
  const links = p.styles.map((href) => `<link rel="stylesheet" nonce="${p.nonce}" href="${escapeAttr(href)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(p.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${pageCsp(p.nonce, p.cspSource)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
<title>${escapeText(p.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${p.nonce}" src="${escapeAttr(p.script)}"></script>
</body>
</html>`;
}

function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]!));
}
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
