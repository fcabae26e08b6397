/**
 * The webview application: wires the protocol to the grid and its controls, and keeps the
 * state (file, member, view, format). The view state (ViewState: view, position, selection) is
 * persisted with setState and reported to the host; the probe (what is on screen, for tests and
 * benchmarks) is reported beside it, never persisted.
 */
import { errorText } from '../src/shared/errors';
import { MessageHandler } from '../src/shared/messages';
import type {
  ArrayInfo, EventHandlers, FileInfo, FirstView, FormatSettings, MemberInfo, FromWebviewMessage, ReadyResponse, StartMarks,
  MembersLayout, ToWebviewMessage, ViewInfo, ViewSpec, ViewState, WebviewProbe,
} from '../src/shared/protocol';
import { DEFAULT_FORMAT, shapeText } from '../src/shared/format';
import { expandIndex, keptAxes, parseIndexExpr } from '../src/shared/indexing/indexexpr';
import { cellOf, goToTarget, gridIndexing, type GoToError } from '../src/shared/indexing/goto';
import { defaultView, firstMember, hasFloats, isText, parseGoTo, specOf, viewKey, type AxisChoice } from '../src/shared/indexing/views';
import { visibleText } from '../src/shared/visible';
import { el } from './dom';
import { FirstPaint } from './grid/firstpaint';
import { Grid } from './grid/grid';
import { InfoBar } from './infobar';
import { MemberList } from './members';
import { NdControls } from './ndcontrols';
import { PageCache, PageLoader } from './pages';
import { Pictures } from './pictures/pictures';
import { lineProbe } from './pictures/plotview';
import { clampSelection, rectOf, type Selection } from './selection';
import { toolEvents, ViewTools } from './stats/controller';
import { setStrings, t } from './strings';
import { Toolbar } from './toolbar';

export interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** A view state to show, any part of which may be missing. */
type Saved = Partial<ViewState>;

export class App {
  private readonly handler: MessageHandler<ToWebviewMessage, FromWebviewMessage>;
  private readonly root: HTMLElement;
  // Built after the ready reply (see build()).
  private toolbar!: Toolbar;
  private info!: InfoBar;
  private members!: MemberList;
  private nd!: NdControls;
  private grid!: Grid;
  private loader!: PageLoader;
  /** Statistics panel, go to NaN/Inf/min/max, value shading (webview/stats/controller.ts). */
  private tools!: ViewTools;
  private pictures!: Pictures;
  private readonly message = el('div', 'message');
  private readonly status = el('div', 'status');
  private readonly main = el('div', 'main');
  private file: FileInfo | undefined;
  private settings: FormatSettings = { ...DEFAULT_FORMAT };
  private member: string | undefined;
  private array: ArrayInfo | undefined;
  private viewInfo: ViewInfo | undefined;
  private spec: ViewSpec | undefined;
  private error: string | undefined;
  /** Views being resolved/shown right now (the state reports "loading" meanwhile). */
  private showing = 0;
  /** Where the user was in each npz member they left. */
  private readonly memberStates = new Map<string, Saved>();
  /** Serialises view changes: a slider drag sends many; only the latest pending one runs next. */
  private applying: Promise<void> = Promise.resolve();
  private nextApply: (() => Promise<void>) | undefined;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  /** The host's guess at the first view, already resolved (its pages are in the cache). */
  private first: FirstView | undefined;
  /** Resolves with the ready reply when the host sends it ahead as an 'init' event. */
  private gotInit!: (r: ReadyResponse) => void;
  private readonly init = new Promise<ReadyResponse>((resolve) => { this.gotInit = resolve; });
  /** A 'members' event that arrived before the file was known (start() uses it). */
  private earlyMembers: MemberInfo[] | undefined;
  /** The sidebar's member filter, and the member list layout last set in any viewer (the host's 'memberList' event). */
  private memberFilter = '';
  private lastLayout: MembersLayout | undefined;
  /** This viewer's member list has a layout of its own (restored, or set here): the last one set elsewhere does not replace it. */
  private ownLayout = false;
  /** When the first screen of data was painted (WebviewProbe.paintedAt). */
  private firstPaint: FirstPaint | undefined;
  private readonly marks: StartMarks = { script: Date.now() };

  constructor(private readonly vscode: VsCodeApi, container: HTMLElement) {
    this.handler = new MessageHandler<ToWebviewMessage, FromWebviewMessage>(
      (env) => vscode.postMessage(env),
      { events: this.events() },
    );
    window.addEventListener('message', (e: MessageEvent) => void this.handler.handleMessage(e.data));
    this.root = container;
    this.root.append(this.message);
    this.message.textContent = t('loading');
    // VS Code gives the page the focus back (after Go to's input box, a tab switch): the keys go
    // to the grid when nothing else in the page had them.
    window.addEventListener('focus', () => {
      if ((!document.activeElement || document.activeElement === document.body) && this.grid && !this.grid.root.hidden) this.grid.focus();
    });
  }

  // ------------------------------------------------------------------ start-up and events

  async start(): Promise<void> {
    try {
      // Ask, but take the reply the host sent ahead if it is already here (both are the same).
      const r = await Promise.race([this.handler.sendRequest({ type: 'ready' }), this.init]);
      this.marks.reply = Date.now();
      // Controls read their labels when built, so build them once the translations are in. (Not
      // before: laying them out loads the codicon font, and VS Code holds our messages, the 'init'
      // one included, until the page's load event, which then waits for the font: measured
      // ~55 ms later than building them here.)
      setStrings(r.strings);
      this.build();
      this.marks.built = Date.now();
      this.settings = r.settings;
      this.toolbar.show(r.settings);
      if (r.first) {
        this.first = r.first;
        // Pages are cached under the view as the grid names it: the resolved spelling.
        const shown = shownSpec(r.first.view.member, r.first.info);
        for (const page of r.first.pages) this.loader.seed(shown, page);
      }
      const saved = (r.restore ?? this.vscode.getState() ?? {}) as Saved;
      this.pictures.restore(saved.pictures ?? r.remembered?.pictures);
      this.tools.restoreShade(saved.shade ?? r.remembered?.shade ?? (r.shadeColormap ? { on: false, colormap: r.shadeColormap, domain: 'minmax' } : undefined));
      // The full member list may have come before this reply was read.
      const early = this.earlyMembers;
      this.earlyMembers = undefined;
      await this.openFile(early && r.file.format === 'npz' ? { ...r.file, members: early } : r.file, saved);
      this.marks.shown = Date.now();
      // Keyboard navigation should work at once when the editor opens.
      if (!document.activeElement || document.activeElement === document.body) this.grid.focus();
    } catch (e) {
      this.fail(errorText(e));
    }
  }

  private build(): void {
    this.toolbar = new Toolbar({
      format: (s) => void this.setFormat(s),
      goTo: (text) => void this.goTo(parseGoTo(text)),
      command: (command) => void this.runCommand(command),
    });
    this.info = new InfoBar();
    this.members = new MemberList((name) => void this.showMember(name), () => {
      this.ownLayout = true;
      this.stateChanged();
    });
    this.members.setFilter(this.memberFilter);
    this.nd = new NdControls({
      choose: (c) => this.queueApply(() => this.applyChoice(c)),
      expression: (text) => this.queueApply(() => this.applyExpression(text)),
    });
    this.loader = new PageLoader(new PageCache(), (req) => this.handler.sendRequest({ type: 'getPage', ...req }), () => this.onPagesLoaded());
    this.grid = new Grid(this.loader, { changed: () => this.stateChanged(), copy: (r) => void this.copy(r),
      cellValue: async (view, row, col) => (await this.handler.sendRequest({ type: 'cellValue', view, row, col })).text });
    this.firstPaint = new FirstPaint(this.grid);
    this.tools = new ViewTools({ handler: this.handler, grid: this.grid, spec: () => this.spec, viewInfo: () => this.viewInfo,
      showIndex: (index) => this.goTo(index), status: (text, isError) => this.setStatus(text, isError), changed: () => this.stateChanged() });
    this.toolbar.addActions(this.tools.statsButton, this.tools.shade.button);
    this.pictures = new Pictures(this.grid.root, this.handler, () => this.grid.scheduleRender(), () => this.stateChanged(), { domain: (d) => this.tools.useDomain(d), selection: () => this.grid.selection && rectOf(this.grid.selection) });
    this.members.setShown(false);
    this.main.append(this.pictures.bar, this.nd.root, this.tools.shade.bar, this.grid.root, this.pictures.heatmap.root, this.message, this.status);
    const body = el('div', 'body');
    body.append(this.members.root, this.members.sash.root, this.main, this.tools.panel.root);
    this.root.replaceChildren(this.toolbar.root, this.info.root, body);
    this.showMessage(t('loading'));
  }

  /** One handler per event the host sends. */
  private events(): EventHandlers<ToWebviewMessage> {
    return {
      init: (msg) => this.gotInit(msg.ready),
      members: (msg) => this.updateMembers(msg.members),
      reload: (msg) => this.reload(msg.file),
      progress: (msg) => {
        // Progress before the controls are built (a member inflating for the first screen) is dropped.
        if (msg.member === this.member || !this.array) this.info?.showProgress(msg.member, msg.done, msg.total);
      },
      settings: (msg) => this.applySettings(msg.settings),
      showMember: (msg) => this.showMember(msg.member),
      pictureCommand: (msg) => { void this.pictures.command(msg.mode, !!msg.exportPng, !!msg.focus); if (msg.zoom) this.pictures.heatmap.zoomIn(msg.zoom); },
      error: (msg) => this.fail(msg.fileName ? t('openError', visibleText(msg.fileName), msg.message) : t('error', msg.message)),
      requestState: () => {
        this.grid?.renderNow();
        this.report();
      },
      reveal: (msg) => this.goTo(msg.index ?? [msg.row, msg.col]),
      memberList: (msg) => {
        this.memberFilter = msg.filter;
        this.members?.setFilter(msg.filter);
        this.lastLayout = msg.layout;
        if (msg.layout && this.members && !this.ownLayout) this.members.setLayout(msg.layout);
      },
      ...toolEvents(() => this.tools, () => this.pictures),
    };
  }

  private async openFile(file: FileInfo, saved: Saved): Promise<void> {
    this.file = file;
    this.error = undefined;
    if (file.format === 'npz') {
      const list = file.members ?? [];
      this.members.setShown(true);
      if (saved.members) this.members.setLayout(saved.members);
      // A viewer with no layout of its own starts with the one the user last set in any viewer.
      else if (this.lastLayout) this.members.setLayout(this.lastLayout);
      this.ownLayout ||= !!saved.members;
      this.members.setFile(file);
      const want = saved.view?.member;
      const first = firstMember(list, want);
      this.members.show(list, first?.name);
      if (!first) {
        this.info.show(file.fileName, undefined, undefined);
        // Headers still being read: the 'members' event shows the first array (updateMembers).
        this.showMessage(list.some((m) => m.pending) ? t('loading') : t('chooseMember'));
        return;
      }
      await this.showMember(first.name, first.name === want ? saved : {});
    } else {
      this.members.setShown(false);
      this.array = file.array;
      this.info.show(file.fileName, file.array, file.sizeOnDisk);
      await this.showView(saved.view ?? defaultView(undefined, file.array?.shape), saved);
    }
  }

  async showMember(name: string, saved?: Saved): Promise<void> {
    const m = this.file?.members?.find((x) => x.name === name);
    if (!m || !this.file) return;
    if (!saved && name === this.member && this.spec?.member === name) return;
    // Coming back to a member shows it as it was left (view, position, selection).
    if (this.member && this.spec?.member === this.member) this.memberStates.set(this.member, this.saved());
    saved ??= this.memberStates.get(name) ?? {};
    this.member = name;
    this.members.mark(name);
    if (!m.info) {
      this.array = undefined;
      this.toolbar.showFormat(false);
      this.info.show(`${this.file.fileName} › ${m.name}`, undefined, undefined);
      this.showMessage(m.pending ? t('loading') : m.error ?? t('notArray'));
      return;
    }
    this.array = m.info;
    // The header bar names the member once its view is on the grid: until then the grid still
    // holds the previous member's values.
    await this.showView(saved.view && saved.view.member === name ? saved.view : defaultView(name, m.info.shape), saved);
    if (this.member === name) this.info.show(`${this.file.fileName} › ${m.name}`, m.info, m.compressed ? m.compressedSize : m.uncompressedSize);
  }

  /**
   * The rest of the npz member headers arrived: the list fills in, and if nothing is shown yet,
   * or the member shown was still pending, it is shown now.
   */
  private async updateMembers(list: MemberInfo[]): Promise<void> {
    if (!this.file) {
      this.earlyMembers = list;
      return;
    }
    if (this.file.format !== 'npz') return;
    const wasPending = this.file.members?.find((m) => m.name === this.member)?.pending === true;
    this.file = { ...this.file, members: list };
    this.members.show(list, this.member);
    if (this.member === undefined) {
      const first = firstMember(list, undefined);
      if (first) await this.showMember(first.name, {});
      else this.showMessage(t('chooseMember'));
    } else if (wasPending) await this.showMember(this.member);
  }

  private async reload(file: FileInfo): Promise<void> {
    const at = this.grid.topLeft();
    const sel = this.grid.selection;
    const spec = this.spec;
    this.loader.invalidate();
    this.tools.fileChanged();
    this.pictures.invalidate();
    this.file = file;
    // The file may come back after it failed (deleted, then written again): the error goes.
    this.error = undefined;
    this.message.classList.remove('error-message');
    this.message.removeAttribute('role');
    if (file.format === 'npz') {
      const list = file.members ?? [];
      this.members.setFile(file);
      this.members.show(list, this.member);
      const still = list.find((m) => m.name === this.member && m.info);
      if (!still) return this.openFile(file, {});
      this.array = still.info;
      this.info.show(`${file.fileName} › ${still.name}`, still.info, still.compressed ? still.compressedSize : still.uncompressedSize);
    } else {
      this.array = file.array;
      this.info.show(file.fileName, file.array, file.sizeOnDisk);
    }
    const saved: Saved = { scrollRow: at.row, scrollCol: at.col, selection: sel && selToState(sel) };
    try {
      await this.showView(spec ?? defaultView(this.member, this.array?.shape), saved, true);
    } catch {
      await this.showView(defaultView(this.member, this.array?.shape), saved, true);
    }
  }

  // ------------------------------------------------------------------ views

  private queueApply(fn: () => Promise<void>): void {
    this.nextApply = fn;
    this.applying = this.applying.then(async () => {
      const next = this.nextApply;
      this.nextApply = undefined;
      if (next) await next();
    });
  }

  private async applyChoice(c: AxisChoice): Promise<void> {
    const keep = this.grid.topLeft();
    const sameShape = this.viewInfo && c.rowSrc === this.rowSrc() && c.colSrc === this.colSrc();
    try {
      // Another slice on the same grid axes (a slider move): old values stay until the new ones arrive.
      await this.showView(specOf(this.member, c), sameShape ? { scrollRow: keep.row, scrollCol: keep.col, selection: this.grid.selection && selToState(this.grid.selection) } : {}, true, !!sameShape);
    } catch (e) {
      this.nd.showError(errorText(e));
    }
  }

  /**
   * The index box: the expression is parsed here with the engine's own parser (same errors, shown
   * at once), and the user's row/column axes are kept when the new selection still has them.
   */
  private async applyExpression(text: string): Promise<void> {
    try {
      const kept = keptAxes(expandIndex(parseIndexExpr(text), this.array?.shape.length ?? 0));
      const ri = kept.indexOf(this.rowSrc());
      const ci = kept.indexOf(this.colSrc());
      const keep = kept.length === 2 && ri >= 0 && ci >= 0;
      await this.showView({ member: this.member, index: text, rowAxis: keep ? ri : 0, colAxis: keep ? ci : 1 }, {}, true);
    } catch (e) {
      this.nd.showError(errorText(e));
    }
  }

  private rowSrc(): number {
    const v = this.viewInfo;
    return v && v.rowAxis >= 0 ? v.sourceAxes[v.rowAxis] : -1;
  }

  private colSrc(): number {
    const v = this.viewInfo;
    return v && v.colAxis >= 0 ? v.sourceAxes[v.colAxis] : -1;
  }

  private resolve(view: ViewSpec): Promise<ViewInfo> {
    const first = this.first;
    this.first = undefined;
    if (first && viewKey(first.view) === viewKey(view)) return Promise.resolve(first.info);
    return this.handler.sendRequest({ type: 'resolveView', view });
  }

  /**
   * Resolves and shows a view. `saved` restores position and selection; `strict` rethrows
   * resolve errors (for the index box) instead of showing them in place of the grid.
   * `sameAxes`: another slice along the same grid axes (see Grid.setModel).
   */
  private async showView(view: ViewSpec, saved: Saved, strict = false, sameAxes = false): Promise<void> {
    this.showing++;
    try {
      await this.showViewNow(view, saved, strict, sameAxes);
    } finally {
      this.showing--;
    }
  }

  private async showViewNow(view: ViewSpec, saved: Saved, strict: boolean, sameAxes = false): Promise<void> {
    let vi: ViewInfo;
    try {
      vi = await this.resolve(view);
    } catch (e) {
      if (strict) throw e;
      // A restored view may no longer fit the file: fall back to the whole array.
      const fallback = defaultView(view.member, this.array?.shape);
      if (view.index !== fallback.index) return this.showViewNow(fallback, {}, false);
      this.fail(errorText(e));
      return;
    }
    this.viewInfo = vi;
    this.spec = shownSpec(view.member, vi);
    this.toolbar.setUnavailable(undefined);
    this.tools.viewChanged();
    const shape = this.array?.shape ?? [];
    const dtype = this.array?.dtype ?? '';
    this.toolbar.showFormat(hasFloats(dtype));
    const choice: AxisChoice = { sels: vi.axisSels, rowSrc: this.rowSrc(), colSrc: this.colSrc() };
    this.nd.show(shape, choice, vi.index);
    this.nd.root.hidden = shape.length === 0;
    if (vi.rows === 0 || vi.cols === 0) {
      const size = shape.reduce((a, b) => a * b, 1);
      this.showMessage(t('empty', shapeText(size === 0 ? shape : vi.shape)));
      this.stateChanged();
      return;
    }
    this.hideMessage();
    const sel = saved.selection
      ? clampSelection({ anchor: { row: saved.selection.row0, col: saved.selection.col0 }, focus: { row: saved.selection.row1, col: saved.selection.col1 } }, vi.rows, vi.cols)
      : undefined;
    const at = saved.scrollRow !== undefined
      ? { row: Math.min(vi.rows - 1, saved.scrollRow), col: Math.min(vi.cols - 1, saved.scrollCol ?? 0) }
      : undefined;
    this.grid.setModel({
      view: this.spec,
      rows: vi.rows,
      cols: vi.cols,
      fields: (this.array?.fields ?? []).map((f) => visibleText(f)),
      hasRowAxis: vi.rowAxis >= 0,
      hasColAxis: vi.colAxis >= 0,
      indexing: gridIndexing(vi, shape),
      leftAligned: isText(dtype),
    }, at, sel, sameAxes);
    this.pictures.show(this.spec, vi, shape, dtype);
    this.firstPaint?.watch();
    this.stateChanged();
  }

  /** The current view, position and selection, as persisted. */
  private saved(): Saved {
    const at = this.grid.topLeft();
    return { view: this.spec, scrollRow: at.row, scrollCol: at.col, selection: this.grid.selection && selToState(this.grid.selection) };
  }

  /**
   * Go to (the toolbar box, or the command's 'reveal' event): selects the cell the integers name
   * (see src/shared/indexing/goto.ts), showing a view that holds it if this one does not, and gives the
   * grid the keyboard focus.
   */
  private async goTo(nums: number[] | undefined): Promise<void> {
    this.toolbar.clearGoTo();
    const vi = this.viewInfo;
    const shape = this.array?.shape ?? [];
    if (!vi) return;
    const target = nums ? goToTarget(nums, gridIndexing(vi, shape)) : { error: 'syntax' as const };
    if ('error' in target) {
      this.toolbar.goToError.textContent = goToMessage(target, shape.length);
      return;
    }
    let cell = 'cell' in target ? target.cell : undefined;
    if ('sels' in target) {
      await this.showView(specOf(this.member, { sels: target.sels, rowSrc: this.rowSrc(), colSrc: this.colSrc() }), {}, false);
      if (this.viewInfo) cell = cellOf(gridIndexing(this.viewInfo, shape), target.index);
    }
    if (!cell) return;
    this.grid.select({ anchor: cell, focus: cell }, true);
    this.grid.focus();
  }

  // ------------------------------------------------------------------ format, copy, commands

  private async setFormat(s: FormatSettings): Promise<void> {
    try {
      const applied = await this.handler.sendRequest({ type: 'setFormat', settings: s });
      this.applySettings(applied);
    } catch (e) {
      this.setStatus(errorText(e), true);
      this.toolbar.show(this.settings);
    }
  }

  private applySettings(s: FormatSettings): void {
    this.settings = s;
    // Before the ready reply built the controls, the reply's settings come later anyway.
    if (!this.toolbar) return;
    this.toolbar.show(s);
    // Old texts stay on screen until the re-formatted pages arrive (no flash).
    this.loader.invalidate();
    this.grid.scheduleRender();
    this.stateChanged();
  }

  private async copy(r: { row0: number; col0: number; row1: number; col1: number }): Promise<void> {
    if (!this.spec) return;
    try {
      const res = await this.handler.sendRequest({
        type: 'copy', view: this.spec, row0: r.row0, rows: r.row1 - r.row0 + 1, col0: r.col0, cols: r.col1 - r.col0 + 1,
      });
      this.setStatus(t('copied', res.cells), false);
    } catch (e) {
      this.setStatus(t('copyFailed', errorText(e)), true);
    }
  }

  private async runCommand(command: 'export' | 'saveAs'): Promise<void> {
    if (!this.spec) return;
    try {
      await this.handler.sendRequest({ type: 'runCommand', command, view: this.spec });
    } catch (e) {
      this.setStatus(errorText(e), true);
    }
  }

  // ------------------------------------------------------------------ display helpers

  private onPagesLoaded(): void {
    this.grid.scheduleRender();
    this.firstPaint?.watch();
    if (this.loader.lastError) this.setStatus(this.loader.lastError, true);
  }

  private showMessage(text: string): void {
    this.message.textContent = text;
    this.message.hidden = false;
    this.pictures.conceal();
  }

  private hideMessage(): void {
    this.message.hidden = true;
    this.pictures.reveal();
  }

  /** Replaces the whole view with an error message. */
  private fail(text: string): void {
    this.error = text;
    this.toolbar?.setUnavailable(text);
    this.message.classList.add('error-message');
    this.message.setAttribute('role', 'alert');
    if (this.grid) {
      this.nd.root.hidden = true;
      this.showMessage(text);
    } else this.message.textContent = text;
    this.stateChanged();
  }

  private setStatus(text: string, isError: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('error-text', isError);
  }

  /** The user's place: what setState persists and the host restores. */
  private viewState(): ViewState {
    if (!this.grid || !this.file) return { scrollRow: 0, scrollCol: 0 };
    const at = this.grid.topLeft();
    const members = this.file.format === 'npz' ? this.members.layout : undefined;
    const sel = this.grid.selection;
    return { view: this.spec, scrollRow: at.row, scrollCol: at.col, selection: sel && selToState(sel), focus: sel?.focus, members, pictures: this.pictures.settings, shade: this.tools.shadeSettings };
  }

  /** What is on screen, for tests and benchmarks. */
  private probe(): WebviewProbe {
    if (!this.grid || !this.file) return { error: this.error, loading: !this.error };
    const r = this.grid.rendered();
    const showing = !this.grid.root.hidden;
    return {
      rendered: showing ? { rows: r.rows, cols: r.cols, texts: r.texts } : undefined,
      // Member headers still coming count as loading (the list and maybe the view will change).
      loading: this.showing > 0 || (showing && (r.loading || this.loader.pending > 0)) || !!this.file.members?.some((m) => m.pending),
      error: this.error,
      format: this.settings,
      paintedAt: this.firstPaint?.at,
      marks: this.marks,
      stats: this.tools.panel.probe(),
      status: this.status.textContent ?? '',
      heatmap: this.pictures.current === 'heatmap' ? this.pictures.heatmap.probe() : undefined,
      line: this.pictures.current === 'line' ? lineProbe() : undefined,
      plots: this.pictures.probe(),
    };
  }

  /** Tells the host the view state and the probe (two parts, kept apart). */
  private report(): ViewState {
    const state = this.viewState();
    this.handler.sendEvent({ type: 'state', state, probe: this.probe() });
    return state;
  }

  /** Persists the view state (debounced) and tells the host. */
  private stateChanged(): void {
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      this.vscode.setState(this.report());
    }, 250);
  }
}

/** The spec of a resolved view, in the host's normalised spelling (the key of its cached pages). */
function shownSpec(member: string | undefined, vi: ViewInfo): ViewSpec {
  return { member, index: vi.index, rowAxis: vi.rowAxis, colAxis: vi.colAxis };
}

function selToState(s: Selection): NonNullable<ViewState['selection']> {
  return rectOf(s);
}

/** What is wrong with a Go to, for an array of `ndim` axes. */
function goToMessage(e: GoToError, ndim: number): string {
  if (e.error === 'range') return t('goToRange', e.value, e.axis, e.size);
  return ndim > 2 ? t('goToErrorNd', ndim) : t('goToError');
}

