/**
 * Runs the built webview (dist/webview.js + media/viewer.css) in real headless Debian chromium
 * via playwright-core. The page is served from a fake origin with a CSP like the real editor's;
 * a stand-in acquireVsCodeApi forwards the webview's messages to Node, where a real
 * ViewerSession over real engine output answers them through the shared MessageHandler and the
 * editor's own handler table (src/viewer/handlers.ts), schema checks included.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { MessageHandler, type Receiver } from '../../src/shared/messages';
import type {
  CopyRequest, FromWebviewMessage, PageRequest, ToWebviewMessage, WebviewSnapshot,
} from '../../src/shared/protocol';
import { viewerReceiver } from '../../src/viewer/handlers';
import { ViewerSession, type CopyResult, type SessionOptions } from '../../src/viewer/session';
import type { OpenedAny } from '../../src/npy/format/open';
import { pageHtml } from '../../src/editor/pagehtml';

export const CHROMIUM = process.env.NPYVIEW_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const ROOT = path.resolve(__dirname, '..', '..', '..');
const ORIGIN = 'http://webview.test';

/** Harnesses open in the current test (pageSuite closes them after it). */
const openHarnesses = new Set<Harness>();

/**
 * Registers a suite's hooks: one chromium for the suite (`suite.browser` once it started), and
 * after each test every harness the test opened and did not close is checked for page errors
 * and closed.
 */
export function pageSuite(): { readonly browser: Browser } {
  const suite = { browser: undefined as unknown as Browser };
  before(async () => {
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
  });
  afterEach(async () => {
    const open = [...openHarnesses];
    openHarnesses.clear();
    for (const h of open) await h.close();
    for (const h of open) assert.deepStrictEqual(h.errors, [], 'no page errors');
  });
  return suite;
}

/** Launches chromium; a missing browser is a loud failure, never a skipped suite. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Webview tests need Chromium at ${CHROMIUM} (apt-get install chromium, or set NPYVIEW_CHROMIUM). Refusing to skip.`);
  }
  const bundle = path.join(ROOT, 'dist', 'webview.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build:webview first`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** The page as the editor writes it (src/editor/pagehtml.ts), served from the test origin with a theme stylesheet first. */
export function page(nonce: string, title = 'test.npy'): string {
  return pageHtml({
    nonce,
    cspSource: ORIGIN,
    language: 'en',
    title,
    script: `${ORIGIN}/dist/webview.js`,
    styles: [`${ORIGIN}/test/theme.css`, `${ORIGIN}/dist/codicons/codicon.css`, `${ORIGIN}/media/viewer.css`],
  });
}

/** A few theme variables as VS Code's dark theme sets them (the webview uses nothing else). */
const THEME = `:root { --vscode-font-family: sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px;
  --vscode-foreground: #ccc; --vscode-editor-background: #1e1e1e; --vscode-errorForeground: #f48771;
  --vscode-editor-selectionBackground: #264f78; --vscode-focusBorder: #007fd4;
  --vscode-editorWarning-foreground: #cca700; --vscode-panel-border: #444; }`;

const STUB = `(() => {
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__npyToHost(m),
    getState: () => state,
    setState: (s) => { state = s; },
  });
})();`;

/** One grid cell as drawn: its text on screen and where, in viewport (client) pixels. */
export interface DomCell {
  /** The text shown in the cell, without its padding ('…' ends a cut one). */
  text: string;
  /** The style classes of the run that draws it. */
  cls: string[];
  /** The cell's box: left, top, width, height. */
  x: number; y: number; w: number; h: number;
  /** Where the cell's text (its glyphs) starts and ends on screen, or NaN for an empty cell. */
  textLeft: number;
  textRight: number;
  /** Index of its row element among the grid's rows (DOM order), and of the cell in the row. */
  row: number; index: number;
}

/**
 * In the page: every grid cell in the DOM, read back from the runs that draw it. A run is one
 * text node holding data-n cells of equal length (each padded to the column width), or one cell
 * alone ('free'); each cell's box is its share of the run's box, and where its text really ends
 * on screen is measured with a Range over its characters (so a glyph of the wrong width, or a
 * run of the wrong length, shows). Installed as window.__npyCells by Harness.open.
 */
function readGridCells(): DomCell[] {
  const doc = (globalThis as any).document;
  const out: DomCell[] = [];
  let ri = 0;
  for (const row of doc.querySelectorAll('.grid .grid-body .grid-row')) {
    let index = 0;
    for (const run of row.children) {
      if (!run.classList.contains('run')) continue;
      const n = Number(run.dataset.n);
      const node = run.firstChild;
      const data: string = node?.data ?? '';
      const free = run.classList.contains('free');
      const box = run.getBoundingClientRect();
      const per = free ? data.length : data.length / n;
      for (let k = 0; k < n; k++) {
        const start = free ? 0 : k * per;
        const chunk = data.slice(start, start + per);
        const lead = chunk.length - chunk.trimStart().length;
        const text = chunk.trim();
        let textLeft = NaN;
        let textRight = NaN;
        if (text.length > 0) {
          const range = doc.createRange();
          range.setStart(node, start + lead);
          range.setEnd(node, start + lead + text.length);
          const r = range.getBoundingClientRect();
          textLeft = r.left;
          textRight = r.right;
        }
        out.push({ text, cls: [...run.classList], x: box.left + (k * box.width) / n, y: box.top, w: box.width / n, h: box.height, textLeft, textRight, row: ri, index: index++ });
      }
    }
    ri++;
  }
  return out;
}

/** One row header line as drawn: its text, and its vertical centre on screen (client px). */
export interface DomRowHead { t: string; y: number; selected: boolean }

/**
 * In the page: the row headers, read back from their text (one line per row, in runs before,
 * in and after the selected rows); each line's place is measured with a Range over it.
 * Installed as window.__npyRowHeads by Harness.open.
 */
function readRowHeads(): DomRowHead[] {
  const doc = (globalThis as any).document;
  const out: DomRowHead[] = [];
  for (const run of doc.querySelectorAll('.grid .grid-row-heads .row-head')) {
    const node = run.firstChild;
    const data: string = node?.data ?? '';
    let at = 0;
    for (const line of data.split('\n')) {
      if (line.length > 0) {
        const range = doc.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + line.length);
        const r = range.getBoundingClientRect();
        out.push({ t: line, y: (r.top + r.bottom) / 2, selected: run.classList.contains('selected') });
      }
      at += line.length + 1;
    }
  }
  return out;
}

export interface OpenOptions extends Partial<SessionOptions> {
  width?: number;
  height?: number;
  /** Answer 'ready' with this error instead (a file that failed to open). */
  readyError?: string;
  /**
   * Answer 'ready' as the editor does when it sent the reply ahead: an 'init' event at once, the
   * reply itself only after releaseReady().
   */
  initAhead?: boolean;
}

/** One webview page wired to a ViewerSession. */
export class Harness {
  /** Every message the webview sent (after the host's schema check). */
  readonly log: FromWebviewMessage[] = [];
  readonly copies: { request: PageRequest; response?: CopyResult }[] = [];
  readonly errors: string[] = [];
  /** Host-side time spent answering each getPage (ms), for the benchmark. */
  readonly pageMs: number[] = [];
  private states: ((s: WebviewSnapshot) => void)[] = [];
  /** Releases a held ready reply (initAhead). */
  releaseReady: () => void = () => undefined;
  private readonly readyHeld = new Promise<void>((resolve) => { this.releaseReady = resolve; });
  private readonly host: MessageHandler<FromWebviewMessage, ToWebviewMessage>;

  private constructor(readonly page: Page, private readonly context: BrowserContext, public session: ViewerSession | undefined, readyError?: string, initAhead = false) {
    const current = (): ViewerSession => {
      if (!this.session) throw new Error('no session');
      return this.session;
    };
    let copying: { request: PageRequest; response?: CopyResult } | undefined;
    const receiver = viewerReceiver({
      session: current,
      ready: async () => {
        if (readyError) throw new Error(readyError);
        const ready = await current().ready();
        if (initAhead) {
          this.send({ type: 'init', ready });
          await this.readyHeld;
        }
        return ready;
      },
      clipboard: async (text) => { if (copying) copying.response = { cells: copying.response?.cells ?? 0, text }; },
      runCommand: async () => ({ done: true }),
      state: (msg) => {
        const w = this.states;
        this.states = [];
        for (const f of w) f({ ...msg.state, ...msg.probe });
      },
    });
    // The table as the editor has it, with a log of what came and how long pages took.
    const requests = receiver.requests!;
    const logged: Receiver<FromWebviewMessage> = {
      ...receiver,
      check: (body) => {
        const msg = receiver.check!(body);
        this.log.push(msg);
        return msg;
      },
      requests: {
        ...requests,
        copy: async (msg: CopyRequest) => {
          copying = { request: msg };
          this.copies.push(copying);
          const res = await requests.copy(msg);
          copying.response = { cells: res.cells, text: copying.response?.text ?? '' };
          return res;
        },
        getPage: async (msg) => {
          const t0 = performance.now();
          const res = await requests.getPage(msg);
          this.pageMs.push(performance.now() - t0);
          return res;
        },
      },
    };
    this.host = new MessageHandler<FromWebviewMessage, ToWebviewMessage>((env) => void this.toPage(env), logged);
  }

  static async open(browser: Browser, opened: OpenedAny | undefined, opts: OpenOptions = {}): Promise<Harness> {
    const context = await browser.newContext({ viewport: { width: opts.width ?? 900, height: opts.height ?? 600 } });
    const pg = await context.newPage();
    const nonce = Math.random().toString(36).slice(2);
    await context.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html', body: page(nonce, opts.fileName ?? 'test.npy') });
      if (url.pathname === '/test/theme.css') return route.fulfill({ contentType: 'text/css', body: THEME });
      const file = path.join(ROOT, decodeURIComponent(url.pathname));
      if (!file.startsWith(ROOT) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: '' });
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: fs.readFileSync(file) });
    });
    const session = opened
      ? new ViewerSession(opened, {
        fileName: opts.fileName ?? 'test.npy',
        sizeOnDisk: opts.sizeOnDisk ?? opened.source.size,
        settings: opts.settings ?? { notation: 'auto', precision: 6 },
        strings: opts.strings,
        maxCopyCells: opts.maxCopyCells,
        restore: opts.restore,
        shadeColormap: opts.shadeColormap,
        readyBudgetMs: opts.readyBudgetMs,
        onEvent: (e) => h.send(e),
      })
      : undefined;
    const h: Harness = new Harness(pg, context, session, opts.readyError, opts.initAhead);
    openHarnesses.add(h);
    pg.on('pageerror', (e) => h.errors.push(String(e)));
    pg.on('console', (m) => {
      if (m.type() === 'error') h.errors.push(m.text());
    });
    await pg.exposeFunction('__npyToHost', (env: unknown) => {
      void h.host.handleMessage(env);
    });
    await pg.addInitScript(STUB);
    await pg.addInitScript(`window.__npyCells = ${readGridCells.toString()}; window.__npyRowHeads = ${readRowHeads.toString()};`);
    await pg.goto(`${ORIGIN}/index.html`);
    return h;
  }

  private async toPage(env: unknown): Promise<void> {
    try {
      await this.page.evaluate(`window.postMessage(${JSON.stringify(env)}, '*')`);
    } catch {
      // The page was closed while a reply was on its way.
    }
  }

  /** Replaces the session (as the editor does when the file changed on disk) and sends 'reload'. */
  async reload(opened: OpenedAny): Promise<void> {
    const old = this.session;
    this.session = new ViewerSession(opened, { fileName: 'test.npy', sizeOnDisk: opened.source.size, settings: old?.settings ?? { notation: 'auto', precision: 6 } });
    await old?.close();
    this.send({ type: 'reload', file: await this.session.fileInfo() });
  }

  /** Sends a host → webview event. */
  send(e: ToWebviewMessage): void {
    this.host.sendEvent(e);
  }

  /** Asks the webview for its state (as the integration tests' command does). */
  state(): Promise<WebviewSnapshot> {
    return new Promise((resolve) => {
      this.states.push(resolve);
      this.send({ type: 'requestState' });
    });
  }

  /** Waits until the visible cells all hold current data (or an error/message is shown). */
  async settled(timeoutMs = 10_000): Promise<WebviewSnapshot> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.state();
      if (s.error || (s.rendered && !s.loading) || (!s.rendered && !s.loading)) return s;
      if (Date.now() > end) throw new Error(`webview did not settle: ${JSON.stringify(s).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  /** The grid cells in the DOM, read as they are drawn (see readGridCells), in DOM order. */
  async domCells(): Promise<{ count: number; texts: string[]; cells: DomCell[] }> {
    const cells = await this.page.evaluate('window.__npyCells()') as DomCell[];
    return { count: cells.length, texts: cells.map((c) => c.text), cells };
  }

  /** Texts of the cells drawn with a style class (e.g. 'focused', 'selected', 'special'). */
  async cellsWith(cls: string): Promise<string[]> {
    return (await this.domCells()).cells.filter((c) => c.cls.includes(cls)).map((c) => c.text);
  }

  /** The text of the focused cell, as drawn. */
  async focusedText(): Promise<string | undefined> {
    const f = await this.cellsWith('focused');
    if (f.length > 1) throw new Error(`${f.length} focused cells`);
    return f[0];
  }

  async close(): Promise<void> {
    openHarnesses.delete(this);
    this.releaseReady();
    this.host.dispose();
    await this.context.close();
    await this.session?.close();
  }
}

/** Waits for a condition polled in Node (for DOM checks through the harness). */
export async function until<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}
