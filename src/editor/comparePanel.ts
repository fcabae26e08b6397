import * as vscode from 'vscode';
import { compareFiles, DEFAULT_TOLERANCE, type DiffResult, type Tolerance } from '../npy/compute/diff';
import { isNpyError } from '../npy/errors';
import type { OpenedFile } from '../npy/format/open';
import type { CompareFromWebview, ComparePanelState, CompareStrings, CompareToWebview } from '../shared/compare';
import { errorText } from '../shared/errors';
import { formatSettings } from '../settings';
import { CompareGrid } from '../viewer/compare/pages';
import { gridCellText, numberText, parseCompareMessage, parseTolerance, resultView } from '../viewer/compareModel';
import { localResourceRoots, webviewHtml } from './html';
import { compareLabel } from './schemeSource';
import { fileNameOf, openUri } from './uriSource';

export const COMPARE_VIEW_TYPE = 'npyViewer.compare';

/** What one panel compares: two files, and the npz member when one side is a .npy and the other an archive. */
export interface CompareTarget {
  a: vscode.Uri;
  b: vscode.Uri;
  member?: string;
}

/** The panel's strings in the UI language (the English text is the l10n key). */
function compareStrings(): CompareStrings {
  return {
    title: vscode.l10n.t('Compare Arrays'),
    same: vscode.l10n.t('Same'),
    different: vscode.l10n.t('Different'),
    running: vscode.l10n.t('Comparing…'),
    cancelled: vscode.l10n.t('Comparison cancelled.'),
    error: vscode.l10n.t('Could not compare: {0}', '{0}'),
    fileA: vscode.l10n.t('A'),
    fileB: vscode.l10n.t('B'),
    rtol: vscode.l10n.t('rtol'),
    atol: vscode.l10n.t('atol'),
    rerun: vscode.l10n.t('Compare'),
    rerunTitle: vscode.l10n.t('Compare again with these tolerances (np.isclose: |a − b| ≤ atol + rtol·|b|)'),
    tolerance: vscode.l10n.t('Tolerances'),
    pair: vscode.l10n.t('Array'),
    wholeArray: vscode.l10n.t('(array)'),
    shape: vscode.l10n.t('Shape'),
    dtype: vscode.l10n.t('Dtype'),
    compared: vscode.l10n.t('Compared'),
    mismatches: vscode.l10n.t('Mismatches'),
    maxAbs: vscode.l10n.t('Max abs'),
    maxRel: vscode.l10n.t('Max rel'),
    worst: vscode.l10n.t('Largest difference at {0}: A = {1}, B = {2}', '{0}', '{1}', '{2}'),
    firstMismatches: vscode.l10n.t('First mismatches'),
    index: vscode.l10n.t('Index'),
    valueA: vscode.l10n.t('A'),
    valueB: vscode.l10n.t('B'),
    onlyInA: vscode.l10n.t('Only in A: {0}', '{0}'),
    onlyInB: vscode.l10n.t('Only in B: {0}', '{0}'),
    reason: vscode.l10n.t('Not compared: {0}', '{0}'),
    none: vscode.l10n.t('—'),
    pairSame: vscode.l10n.t('same'),
    pairDiffers: vscode.l10n.t('differs'),
    summary: vscode.l10n.t('{0} of {1} arrays differ', '{0}', '{1}'),
    notArray: vscode.l10n.t('not an array'),
    verdictColumn: vscode.l10n.t('Status'),
    onlyA: vscode.l10n.t('only in A'),
    onlyB: vscode.l10n.t('only in B'),
    shapeDiffers: vscode.l10n.t('shape differs'),
    dtypeDiffers: vscode.l10n.t('dtype differs'),
    showA: vscode.l10n.t('A'),
    showB: vscode.l10n.t('B'),
    showDiff: vscode.l10n.t('A − B'),
    showRel: vscode.l10n.t('|A − B| / |B|'),
    viewTitle: vscode.l10n.t('Show'),
    nextMismatch: vscode.l10n.t('Next Mismatch (F7)'),
    previousMismatch: vscode.l10n.t('Previous Mismatch (Shift+F7)'),
    searching: vscode.l10n.t('Searching… {0}%', '{0}'),
    cancel: vscode.l10n.t('Cancel'),
    noMismatch: vscode.l10n.t('No mismatch in this array.'),
    wrapped: vscode.l10n.t('Search wrapped around.'),
    slice: vscode.l10n.t('Slice'),
    rowsOf: vscode.l10n.t('rows {0}–{1} of {2}', '{0}', '{1}', '{2}'),
    colsOf: vscode.l10n.t('columns {0}–{1} of {2}', '{0}', '{1}', '{2}'),
    pageUp: vscode.l10n.t('Previous rows (Page Up)'),
    pageDown: vscode.l10n.t('Next rows (Page Down)'),
    pageLeft: vscode.l10n.t('Previous columns (Shift+Page Up)'),
    pageRight: vscode.l10n.t('Next columns (Shift+Page Down)'),
    noGrid: vscode.l10n.t('This pair cannot be shown as a grid: {0}', '{0}'),
    mismatchMark: vscode.l10n.t('mismatch'),
    gridOf: vscode.l10n.t('Elements of {0}', '{0}'),
    showHeat: vscode.l10n.t('|A − B| heatmap'),
    downsampled: vscode.l10n.t('downsampled ×{0}', '{0}'),
  };
}

/**
 * One comparison panel: runs compareFiles on the extension host (VS Code progress, cancellable)
 * and shows the result in its webview. Tolerances typed in the page come back as text, are
 * checked here, and re-run the comparison at once; the last result stays while the panel lives.
 */
export class ComparePanel implements vscode.Disposable {
  private static readonly panels = new Set<ComparePanel>();
  private static lastActive?: ComparePanel;

  private tol: Tolerance = { ...DEFAULT_TOLERANCE };
  private ready = false;
  private disposed = false;
  /** The last status sent (running, result, error): a recreated page gets it again. */
  private last?: CompareToWebview;
  private running?: AbortController;
  private stateId = 0;
  private readonly stateWaiters = new Map<number, (s: ComparePanelState) => void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The last result (scripts and tests read it). */
  result?: DiffResult;
  /** Both files, opened on the grid's first request and kept while the panel lives. */
  private files?: Promise<[OpenedFile, OpenedFile]>;
  private readonly grid = new CompareGrid({
    files: () => {
      if (!this.files) {
        const files = this.openBoth();
        this.files = files;
        files.catch(() => { if (this.files === files) this.files = undefined; }); // tried again next time
      }
      return this.files;
    },
    post: (m) => { if (!this.disposed) void this.panel.webview.postMessage(m); },
    settings: () => formatSettings(),
    tolerance: () => ({ ...this.tol }),
    result: () => this.result,
  });

  /** The panel that was last active or opened (test probe, commands from the palette). */
  static get current(): ComparePanel | undefined {
    return ComparePanel.lastActive;
  }

  static open(extensionUri: vscode.Uri, target: CompareTarget): ComparePanel {
    const title = vscode.l10n.t('{0} ↔ {1}', fileNameOf(target.a), fileNameOf(target.b));
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: localResourceRoots(extensionUri),
    });
    return new ComparePanel(panel, extensionUri, target);
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, readonly target: CompareTarget) {
    ComparePanel.panels.add(this);
    ComparePanel.lastActive = this;
    panel.webview.html = webviewHtml(panel.webview, extensionUri, panel.title, { script: 'compare.js', css: 'compare.css' });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState((e) => { if (e.webviewPanel.active) ComparePanel.lastActive = this; }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.abort();
    const files = this.files;
    void this.grid.close().then(() => files?.then(([a, b]) => Promise.allSettled([a.close(), b.close()]), () => undefined));
    ComparePanel.panels.delete(this);
    if (ComparePanel.lastActive === this) ComparePanel.lastActive = [...ComparePanel.panels].pop();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  /** Compares the two files with the current tolerances (a run in progress is cancelled first). */
  async run(): Promise<DiffResult | undefined> {
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    const tol = { ...this.tol };
    this.send({ type: 'running', ...this.tolTexts() });
    const label = compareLabel;
    const [la, lb] = [label(this.target.a), label(this.target.b)];
    const title = vscode.l10n.t('Comparing {0} and {1}', la, lb);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let shown = 0;
          const onProgress = (done: number, total: number): void => {
            const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
            if (pct > shown) { progress.report({ increment: pct - shown }); shown = pct; }
          };
          const fa = await openNamed(this.target.a, la);
          try {
            const fb = await openNamed(this.target.b, lb);
            try {
              return await compareFiles({ file: fa, label: la }, { file: fb, label: lb },
                { ...tol, member: this.target.member, signal: abort.signal, onProgress, cellText: gridCellText(formatSettings()) });
            } finally {
              await fb.close().catch(() => undefined);
            }
          } finally {
            await fa.close().catch(() => undefined);
          }
        });
      if (this.running !== abort) return undefined; // a newer run replaced this one
      this.result = result;
      this.send({ type: 'result', view: resultView(result) });
      return result;
    } catch (e) {
      if (this.running !== abort) return undefined;
      const cancelled = abort.signal.aborted || (isNpyError(e) && e.code === 'cancelled');
      this.result = undefined;
      this.send({ type: 'error', message: cancelled ? '' : errorText(e), cancelled });
      return undefined;
    } finally {
      if (this.running === abort) this.running = undefined;
    }
  }

  /** The page's state as it shows it now (integration tests), or undefined after timeoutMs. */
  requestState(timeoutMs = 5000): Promise<ComparePanelState | undefined> {
    const id = ++this.stateId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.stateWaiters.delete(id); resolve(undefined); }, timeoutMs);
      this.stateWaiters.set(id, (s) => { clearTimeout(timer); resolve(s); });
      void this.panel.webview.postMessage({ type: 'getState', id } satisfies CompareToWebview);
    });
  }

  /** Does on the page's grid what a user does there (tests): show pair `pair`, next / previous mismatch, a view. */
  gridAction(action: Extract<CompareToWebview, { type: 'gridAction' }>['action'], pair?: number): void {
    void this.panel.webview.postMessage({ type: 'gridAction', action, pair } satisfies CompareToWebview);
  }

  /** Sets the tolerances from the page's text fields and re-runs; an invalid field is reported, nothing runs. */
  setTolerance(rtolText: string, atolText: string): boolean {
    const r = parseTolerance(rtolText);
    const a = parseTolerance(atolText);
    const bad = 'error' in r ? ['rtol', r.error] as const : 'error' in a ? ['atol', a.error] as const : undefined;
    if (bad) {
      const message = bad[1] === 'negative'
        ? vscode.l10n.t('{0} must not be negative.', bad[0])
        : vscode.l10n.t('{0} must be a number, like 1e-05 or 0.001.', bad[0]);
      void this.panel.webview.postMessage({ type: 'tolError', message } satisfies CompareToWebview);
      return false;
    }
    this.tol = { rtol: (r as { value: number }).value, atol: (a as { value: number }).value };
    void this.run();
    return true;
  }

  private onMessage(raw: unknown): void {
    let msg: CompareFromWebview;
    try {
      msg = parseCompareMessage(raw);
    } catch (e) {
      console.warn(`npy-viewer: comparison panel: refused a message from the webview: ${errorText(e)}`);
      return;
    }
    if (msg.type === 'ready') {
      this.ready = true;
      void this.panel.webview.postMessage({
        type: 'init', strings: compareStrings(), a: compareLabel(this.target.a),
        b: compareLabel(this.target.b), ...this.tolTexts(),
      } satisfies CompareToWebview);
      if (this.last) void this.panel.webview.postMessage(this.last);
    } else if (msg.type === 'setTolerance') {
      this.setTolerance(msg.rtol, msg.atol);
    } else if (msg.type === 'getPage' || msg.type === 'find' || msg.type === 'cancelFind' || msg.type === 'getHeatmap') {
      void this.grid.handle(msg);
    } else {
      const w = this.stateWaiters.get(msg.id);
      this.stateWaiters.delete(msg.id);
      w?.(msg.state);
    }
  }

  /** Opens both files for the grid (closed with the panel). */
  private async openBoth(): Promise<[OpenedFile, OpenedFile]> {
    const label = (u: vscode.Uri): string => vscode.workspace.asRelativePath(u, false);
    const fa = await openNamed(this.target.a, label(this.target.a));
    try {
      return [fa, await openNamed(this.target.b, label(this.target.b))];
    } catch (e) {
      await fa.close().catch(() => undefined);
      throw e;
    }
  }

  private tolTexts(): { rtol: string; atol: string } {
    return { rtol: numberText(this.tol.rtol), atol: numberText(this.tol.atol) };
  }

  /** Status messages: kept for a page that is (re)created, sent now if the page is up. */
  private send(msg: CompareToWebview): void {
    if (this.disposed) return;
    this.last = msg;
    if (!this.ready) return;
    void this.panel.webview.postMessage(msg).then((delivered) => {
      if (!delivered) this.ready = false; // the page was destroyed (hidden): 'ready' comes again
    });
  }
}

/** Opens one side; an error names the file (the engine's open errors do not). */
async function openNamed(uri: vscode.Uri, label: string): Promise<OpenedFile> {
  let f;
  try {
    f = await openUri(uri);
  } catch (e) {
    throw new Error(`${label}: ${errorText(e)}`);
  }
  if (f.kind !== 'safetensors') return f;
  await f.close().catch(() => undefined);
  throw new Error(vscode.l10n.t('{0}: only .npy and .npz files can be compared.', label));
}
