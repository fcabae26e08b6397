/**
 * The comparison panel's page (dist/compare.js + media/compare.css) in real chromium, wired to
 * the panel's host logic without VS Code: every message the page sends goes through
 * parseCompareMessage (the host's schema check), the grid's getPage / find / cancelFind are
 * answered by CompareGrid over the real files, and the result is compareFiles' on them.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { compareFiles, DEFAULT_TOLERANCE, type DiffResult } from '../../src/npy/compute/diff';
import { openFile, type OpenedFile } from '../../src/npy/format/open';
import type { CompareFromWebview, ComparePanelState, CompareStrings, CompareToWebview } from '../../src/shared/compare';
import { DEFAULT_FORMAT } from '../../src/shared/format';
import { CompareGrid } from '../../src/viewer/compare/pages';
import { parseCompareMessage, resultView } from '../../src/viewer/compareModel';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ORIGIN = 'http://webview.test';

const THEME = `:root { --vscode-font-family: sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: monospace; --vscode-foreground: #ccc; --vscode-editor-background: #1e1e1e;
  --vscode-errorForeground: #f48771; --vscode-editorError-foreground: #f14c4c;
  --vscode-diffEditor-removedTextBackground: rgba(255, 0, 0, 0.2); --vscode-focusBorder: #007fd4; }`;

const STUB = `window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => undefined, setState: () => undefined });`;

function html(nonce: string): string {
  const csp = [
    "default-src 'none'", `style-src ${ORIGIN} 'nonce-${nonce}'`, `font-src ${ORIGIN}`, `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" nonce="${nonce}" href="${ORIGIN}/test/theme.css">
<link rel="stylesheet" nonce="${nonce}" href="${ORIGIN}/dist/codicons/codicon.css">
<link rel="stylesheet" nonce="${nonce}" href="${ORIGIN}/media/compare.css">
</head><body><div id="app"></div>
<script nonce="${nonce}" src="${ORIGIN}/dist/compare.js"></script></body></html>`;
}

/**
 * The page's strings: a key missing from them shows as the key itself (the page's translator),
 * so the tests read keys; a few come with their placeholders.
 */
const STRINGS = { noGrid: 'noGrid: {0}', searching: 'searching {0}%' } as Partial<CompareStrings> as CompareStrings;

export class CompareHarness {
  readonly errors: string[] = [];
  /** Every message the page sent, after the schema check. */
  readonly log: CompareFromWebview[] = [];
  private waiters = new Map<number, (s: ComparePanelState) => void>();
  private stateId = 0;
  private grid!: CompareGrid;
  result!: DiffResult;

  private constructor(readonly page: Page, private readonly context: BrowserContext, private readonly files: [OpenedFile, OpenedFile]) {}

  /** The panel of A and B in a page of `viewport` CSS pixels. */
  static async open(browser: Browser, a: string, b: string, viewport = { width: 1000, height: 700 }): Promise<CompareHarness> {
    const files: [OpenedFile, OpenedFile] = [await openFile(a), await openFile(b)];
    const context = await browser.newContext({ viewport });
    const pg = await context.newPage();
    const h = new CompareHarness(pg, context, files);
    h.result = await compareFiles({ file: files[0], label: 'A' }, { file: files[1], label: 'B' });
    // CompareFiles closed nothing: the grid reopens members from the same opened files.
    h.grid = new CompareGrid({
      files: async () => files, post: (m) => void h.send(m), settings: () => DEFAULT_FORMAT,
      tolerance: () => ({ ...DEFAULT_TOLERANCE }), result: () => h.result,
    });
    const nonce = Math.random().toString(36).slice(2);
    await context.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html', body: html(nonce) });
      if (url.pathname === '/test/theme.css') return route.fulfill({ contentType: 'text/css', body: THEME });
      const file = path.join(ROOT, decodeURIComponent(url.pathname));
      if (!file.startsWith(ROOT) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ contentType: file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream', body: fs.readFileSync(file) });
    });
    pg.on('pageerror', (e) => h.errors.push(String(e)));
    pg.on('console', (m) => { if (m.type() === 'error') h.errors.push(m.text()); });
    await pg.exposeFunction('__toHost', (m: unknown) => h.fromPage(m));
    await pg.addInitScript(STUB);
    await pg.goto(`${ORIGIN}/index.html`);
    return h;
  }

  private fromPage(raw: unknown): void {
    let msg: CompareFromWebview;
    try {
      msg = parseCompareMessage(raw);
    } catch (e) {
      this.errors.push(`refused: ${String(e)}`);
      return;
    }
    this.log.push(msg);
    if (msg.type === 'ready') {
      void this.send({ type: 'init', strings: STRINGS, a: 'a', b: 'b', rtol: '1e-05', atol: '1e-08' });
      void this.send({ type: 'result', view: resultView(this.result) });
    } else if (msg.type === 'state') {
      this.waiters.get(msg.id)?.(msg.state);
      this.waiters.delete(msg.id);
    } else if (msg.type === 'getPage' || msg.type === 'find' || msg.type === 'cancelFind' || msg.type === 'getHeatmap') {
      void this.grid.handle(msg);
    }
  }

  async send(m: CompareToWebview): Promise<void> {
    try {
      await this.page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
    } catch {
      // closed meanwhile
    }
  }

  state(): Promise<ComparePanelState> {
    const id = ++this.stateId;
    return new Promise((resolve) => {
      this.waiters.set(id, resolve);
      void this.send({ type: 'getState', id });
    });
  }

  /** Polls the page's state until `ok` holds. */
  async until(ok: (s: ComparePanelState) => boolean, what: string, timeoutMs = 20_000): Promise<ComparePanelState> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.state();
      if (ok(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s.grid).slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.grid.close();
    await Promise.allSettled(this.files.map((f) => f.close()));
  }
}
