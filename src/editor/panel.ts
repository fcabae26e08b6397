import * as vscode from 'vscode';
import { errorText } from '../shared/errors';
import { MessageHandler } from '../shared/messages';
import type {
  CopyMode, Envelope, FormatSettings, PageRequest, FromWebviewMessage, ReadyResponse, RememberedSettings, RunCommandRequest, RunCommandResponse, StateEvent,
  ToWebviewMessage, ViewSpec, ViewState, WebviewSnapshot,
} from '../shared/protocol';
import { viewerReceiver } from '../viewer/handlers';
import { binaryValues } from '../viewer/pictures/heatmapwire';
import { savePng } from './savePng';
import { gridIndexing, type GridIndexing } from '../shared/indexing/goto';
import { formatSettings } from '../settings';
import { ViewerSession, type CopyResult } from '../viewer/session';
import { StatsCache } from '../viewer/statsjobs';
import { NpyDocument } from './document';
import { webviewStrings } from './strings';

/** Statistics of every viewer, kept while their files are unchanged (keys name the file's size and mtime). */
const STATS_CACHE = new StatsCache();

/** How long to wait for the webview's first view before sending it a member to show. */
const SETTLE_TIMEOUT_MS = 2000;

/**
 * One webview showing a document: routes webview ⇄ MessageHandler ⇄ the handler table
 * (src/viewer/handlers.ts) over its ViewerSession, gives the table what only the editor can do
 * (the ready reply sent ahead, clipboard, commands), and remembers the webview's last state.
 */
export class ViewerPanel implements vscode.Disposable {
  private readonly handler: MessageHandler<FromWebviewMessage, ToWebviewMessage>;
  private session?: ViewerSession;
  private ready = false;
  private disposed = false;
  /** Events sent before the webview asked for 'ready' would be lost: they wait here. */
  private queued: ToWebviewMessage[] = [];
  /** The webview reported its state since it started, so its initial view is in place. */
  private settled = false;
  /** A member to show once the webview can take it (see showMember). */
  private pendingMember?: string;
  /** The ready reply sent ahead by preload(), for the webview's first 'ready' request. */
  private early?: Promise<ReadyResponse>;
  private settleTimer?: ReturnType<typeof setTimeout>;
  private stateWaiters: ((s: WebviewSnapshot) => void)[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly didChangeState = new vscode.EventEmitter<ViewState>();
  /** Fires on every state report of the webview (view, position, selection). */
  readonly onDidChangeState = this.didChangeState.event;
  /** The webview's last reported view state (restored when the webview is recreated). */
  lastState?: ViewState;
  /** Date.now() when the editor was resolved, its HTML set, and the ready reply sent ahead (benchmark). */
  readonly openMarks: { resolve: number; html?: number; init?: number } = { resolve: Date.now() };

  /**
   * `shadeColormap`: the default colormap of shaded cells for the ready reply (the user's last
   * choice); `remembered`: the settings of the views last used on this file.
   */
  constructor(
    readonly document: NpyDocument, readonly webviewPanel: vscode.WebviewPanel,
    private readonly shadeColormap?: () => string | undefined, private readonly remembered?: () => RememberedSettings | undefined,
  ) {
    this.handler = new MessageHandler<FromWebviewMessage, ToWebviewMessage>(
      (env) => this.post(env),
      viewerReceiver({
        session: () => this.requireSession(),
        ready: () => this.onReady(),
        clipboard: async (text) => { await vscode.env.clipboard.writeText(text); },
        runCommand: (msg) => this.runCommand(msg),
        state: (msg) => this.onState(msg),
        savePng: async (png, kind) => (await savePng(this.document.uri, png, kind, this.lastState?.view?.member)).status === 'written',
      }),
    );
    this.disposables.push(
      // Anything the page posts goes to the handler, which checks it before use.
      webviewPanel.webview.onDidReceiveMessage((env: unknown) => this.handler.handleMessage(env)),
      document.onDidReload(() => this.onReload()),
      this.didChangeState,
    );
  }

  /**
   * Posts to the webview. A hidden webview is destroyed (no retainContextWhenHidden) and
   * postMessage then reports the message undelivered: events wait for the next 'ready';
   * replies to the dead page are dropped. Replies may also complete after the editor closed.
   */
  private post(env: Envelope<unknown>): void {
    if (this.disposed) return;
    void this.webviewPanel.webview.postMessage(binaryValues(env)).then((delivered) => {
      if (delivered || this.disposed || env.inReplyTo !== undefined || !env.body) return;
      this.ready = this.settled = false;
      // Not a reply: an event this side sent.
      this.send(env.body as ToWebviewMessage);
    });
  }

  /** The view the user is looking at (member, index expression, axes), if the webview told us. */
  get view(): ViewSpec | undefined { return this.lastState?.view; }

  /** How the view the user is looking at maps cells to array indices (Go to Cell checks against it). */
  async indexing(): Promise<GridIndexing | undefined> {
    const view = this.view;
    if (!view || !this.session) return undefined;
    try {
      const gv = await this.session.resolve(view);
      return gridIndexing(gv.info, gv.array.shape);
    } catch {
      return undefined;
    }
  }

  /** The text of a rectangle of a view (the session's copy; throws a message for the user). */
  copyText(req: PageRequest & { mode?: CopyMode }): Promise<CopyResult> {
    return this.requireSession().copy(req);
  }

  send(event: ToWebviewMessage): void {
    if (this.ready) this.handler.sendEvent(event);
    else if (event.type !== 'progress' && event.type !== 'jobProgress') this.queued.push(event);
  }

  /**
   * Shows an npz member. Before the webview is ready the member becomes its initial view; while
   * it is still opening its first view, the request waits, so that first view cannot replace it.
   */
  showMember(member: string): void {
    if (this.ready && this.settled) this.handler.sendEvent({ type: 'showMember', member });
    else this.pendingMember = member;
  }

  /** The webview's first view is in place: a member asked for meanwhile can be shown now. */
  private settle(): void {
    if (this.settled || !this.ready) return;
    this.settled = true;
    if (this.pendingMember !== undefined) this.handler.sendEvent({ type: 'showMember', member: this.pendingMember });
    this.pendingMember = undefined;
  }

  /** Asks the webview for its state and probe now and waits for the answer (tests). */
  requestState(timeoutMs = 5000): Promise<WebviewSnapshot | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.stateWaiters.push((s) => { clearTimeout(timer); resolve(s); });
      this.send({ type: 'requestState' });
    });
  }

  private onState(msg: StateEvent): void {
    this.lastState = msg.state;
    // Early reports (before the first view is built) carry neither a view nor an error.
    if (msg.state.view || msg.probe.error) this.settle();
    const waiters = this.stateWaiters;
    this.stateWaiters = [];
    const snapshot: WebviewSnapshot = { ...msg.state, ...msg.probe };
    for (const w of waiters) w(snapshot);
    this.didChangeState.fire(msg.state);
  }

  private async runCommand(msg: RunCommandRequest): Promise<RunCommandResponse> {
    const id = msg.command === 'export' ? 'npyViewer.exportText' : 'npyViewer.saveAs';
    const result = await vscode.commands.executeCommand(id, this.document.uri, { view: msg.view });
    return { done: result !== undefined && result !== null && (result as { status?: string }).status === 'written' };
  }

  /**
   * Sends the ready reply now, as an 'init' event, while VS Code is still creating the webview:
   * the script then finds its first screen waiting instead of asking and waiting for the answer.
   * The webview's own 'ready' request later gets the same reply. A file that failed to open
   * goes the usual way (the error is sent after 'ready'). `member`: the npz member to start on.
   */
  preload(member?: string): void {
    if (member !== undefined) this.pendingMember = member;
    const early = this.document.loaded.then(() => {
      if (!this.document.file) throw new Error('not open'); // the error goes the usual way
      return this.readyReply();
    });
    this.early = early;
    early.then(
      (ready) => {
        if (this.early !== early || this.disposed) return;
        this.handler.sendEvent({ type: 'init', ready });
        this.openMarks.init ??= Date.now();
      },
      () => { if (this.early === early) this.early = undefined; },
    );
  }

  private async onReady(): Promise<ReadyResponse> {
    // What was sent ahead is what the webview shows; a member asked for since waits for settle().
    const early = this.early;
    this.early = undefined;
    const reply = await (early ? early.catch(() => this.readyReply()) : this.readyReply());
    // Queued events go right after the reply is posted (the handler posts it when we return):
    // the webview drops events that come before it knows the file.
    setTimeout(() => this.flush(), 0);
    this.startSettling();
    return reply;
  }

  /** The reply to 'ready'. A member asked for before it becomes the initial view. */
  private async readyReply(): Promise<ReadyResponse> {
    await this.document.loaded;
    const session = this.session ?? this.newSession();
    if (!session) {
      this.queued.unshift(this.errorEvent());
      return {
        file: { fileName: this.document.fileName, format: /\.npz$/i.test(this.document.uri.path) ? 'npz' : 'npy', sizeOnDisk: this.document.sizeOnDisk },
        settings: formatSettings(),
        strings: webviewStrings(),
      };
    }
    // The last reported state wins over the one the session was created with (tab switches);
    // a member asked for before the webview was ready wins over both.
    const member = this.pendingMember;
    this.pendingMember = undefined;
    return session.ready(this.lastState, member);
  }

  /** The webview is (re)starting: wait for its first view before showing a member asked for. */
  private startSettling(): void {
    this.settled = false;
    // An archive with no array to show never reports a view: stop waiting for one after a while.
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), SETTLE_TIMEOUT_MS);
  }

  /** A session over the document's current handle, or undefined if the file could not be opened. */
  private newSession(): ViewerSession | undefined {
    void this.session?.dispose();
    const file = this.document.file;
    this.session = file && new ViewerSession(file, {
      fileName: this.document.fileName,
      sizeOnDisk: this.document.sizeOnDisk,
      settings: this.session?.settings ?? formatSettings(),
      strings: webviewStrings(),
      shadeColormap: this.shadeColormap?.(),
      remembered: this.remembered?.(),
      onEvent: (e) => this.send(e),
      statsCache: STATS_CACHE,
      statsKey: this.document.identity,
      onFileChanged: () => this.document.fileChanged(),
    });
    return this.session;
  }

  private errorEvent(): ToWebviewMessage {
    return { type: 'error', message: this.document.error ?? '', fileName: this.document.fileName };
  }

  /** The VS Code settings changed: the session formats with them, the webview shows them. */
  applySettings(settings: FormatSettings): void {
    this.session?.setFormat(settings);
    this.send({ type: 'settings', settings });
  }

  private flush(): void {
    this.ready = true;
    const q = this.queued;
    this.queued = [];
    for (const e of q) this.handler.sendEvent(e);
  }

  private async onReload(): Promise<void> {
    this.early = undefined;
    const session = this.newSession();
    if (!session) { this.send(this.errorEvent()); return; }
    try {
      this.send({ type: 'reload', file: await session.fileInfo() });
    } catch (e) {
      this.send({ type: 'error', message: errorText(e), fileName: this.document.fileName });
    }
  }

  private requireSession(): ViewerSession {
    if (!this.session) throw new Error(this.document.errorWithName ?? vscode.l10n.t('The file is not open.'));
    return this.session;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.settleTimer);
    this.handler.dispose();
    for (const d of this.disposables) d.dispose();
    void this.session?.dispose();
  }
}
