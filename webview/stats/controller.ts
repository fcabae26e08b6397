/**
 * Statistics, go to NaN/Inf/min/max and value-shaded cells, as one controller beside the app:
 * it owns the statistics panel and the shading controls, sends the host its 'stats', 'find' and
 * 'copyStats' requests as numbered jobs (progress events name the job; Cancel and Escape send
 * 'cancelJob'), moves the grid to what was found, and gives the shader its colour range (the
 * slice's min/max from its statistics, robust, or typed). The app calls viewChanged() when
 * another view is shown and routes the host's jobProgress / findCommand / viewCommand here.
 */
import { getColormap } from '../../src/shared/draw/colormaps';
import { errorText } from '../../src/shared/errors';
import type { MessageHandler } from '../../src/shared/messages';
import type {
  EventHandlers, FromWebviewMessage, JobProgressEvent, ShadeSettings, StatsResponse, ToWebviewMessage, ViewInfo, ViewSpec,
} from '../../src/shared/protocol';
import type { FindTarget, GridCell, StatsScope, StatsSummary } from '../../src/shared/stats';
import { viewKey } from '../../src/shared/indexing/views';
import { el, icon } from '../dom';
import type { Grid } from '../grid/grid';
import { ShadeControls } from '../shade/controls';
import type { Domain, DomainMode } from '../shade/domain';
import { Shader } from '../shade/shade';
import { t } from '../strings';
import { StatsPanel } from './panel';

/** What the controller needs of the app. */
export interface ViewToolsHost {
  handler: MessageHandler<ToWebviewMessage, FromWebviewMessage>;
  grid: Grid;
  /** The view on the grid (its resolved spelling) and what the host said of it. */
  spec(): ViewSpec | undefined;
  viewInfo(): ViewInfo | undefined;
  /** Shows an element of the whole array by its full index (another slice if needed). */
  showIndex(index: number[]): Promise<void>;
  status(text: string, isError: boolean): void;
  /** The shading's settings changed (the view state is saved again). */
  changed?(): void;
}

/** Keys (with Alt; Shift for previous) of the finds: KeyboardEvent.code, the same on every layout. */
const FIND_CODES: Record<string, FindTarget> = { KeyN: 'nan', KeyI: 'inf', KeyM: 'min', KeyX: 'max' };
const FIND_NAMES = { nan: 'statNan', inf: 'statPosinf', min: 'statMin', max: 'statMax' } as const;

/**
 * The app's handlers of the host's events for the tools (`tools()` is undefined until built);
 * `others`: more owners of jobs (the pictures' histogram) that hear every job's progress too.
 */
export function toolEvents(tools: () => ViewTools | undefined, others: () => { onProgress(msg: JobProgressEvent): void } | undefined = () => undefined):
Pick<EventHandlers<ToWebviewMessage>, 'jobProgress' | 'findCommand' | 'viewCommand'> {
  return {
    jobProgress: (msg) => { tools()?.onProgress(msg); others()?.onProgress(msg); },
    findCommand: (msg) => void tools()?.find(msg.what, msg.direction),
    viewCommand: (msg) => tools()?.command(msg.command),
  };
}

export class ViewTools {
  readonly panel: StatsPanel;
  readonly shade: ShadeControls;
  readonly statsButton: HTMLButtonElement;
  readonly shader = new Shader();
  private jobs = 0;
  /** Statistics requests in flight, by view and scope (the panel and the shading share one). */
  private readonly inflight = new Map<string, { job: number; reply: Promise<StatsResponse> }>();
  /** The job the panel shows, and the key it is for. */
  private panelJob: { job: number; key: string } | undefined;
  private findJob: { job: number; what: FindTarget } | undefined;
  /** The statistics shown in the panel, and the key they are for. */
  private shown: StatsSummary | undefined;
  private shownKey = '';
  /** The slice statistics the shading waits for (cancelled when the view moves on). */
  private shadeJob: { job: number; key: string; mode: DomainMode } | undefined;
  /** The slice's robust domains (host percentiles) by view key; null: no finite value. */
  private readonly robust = new Map<string, Domain | null>();
  private domainMode: DomainMode = 'minmax';
  private customDomain: Domain | undefined;

  constructor(private readonly host: ViewToolsHost) {
    this.panel = new StatsPanel({
      compute: (scope) => void this.compute(scope),
      cancel: () => this.cancel(),
      copy: (scope) => void this.copy(scope),
      close: () => this.togglePanel(false),
      goTo: (which) => void this.goToExtreme(which),
      find: (what, direction) => void this.find(what, direction),
    });
    this.shade = new ShadeControls({
      toggle: (on) => { this.setShading(on); host.changed?.(); },
      domain: (mode, custom) => { this.domainMode = mode; this.customDomain = custom; this.applyDomain(); host.changed?.(); },
      colormap: (name) => {
        this.shader.setMap(getColormap(name));
        this.host.grid.scheduleRender();
        host.changed?.();
      },
    });
    this.statsButton = el('button', 'action action-stats');
    this.statsButton.type = 'button';
    this.statsButton.title = t('statsButtonTitle');
    this.statsButton.setAttribute('aria-pressed', 'false');
    this.statsButton.append(icon('graph'), el('span', '', t('statsButton')));
    this.statsButton.addEventListener('click', () => this.togglePanel(!this.panel.isOpen));
    this.shader.onDomain = () => {
      this.shade.showDomain(this.shader.getDomain());
      this.host.grid.scheduleRender();
    };
    host.grid.root.addEventListener('keydown', (e) => this.onKey(e));
  }

  // ------------------------------------------------------------------ events from the app

  /** Another view is on the grid: slice figures are stale; the panel and the shading follow it. */
  viewChanged(): void {
    const key = this.key(this.panel.scope);
    if (this.panelJob && this.panelJob.key !== key) {
      this.cancelJob(this.panelJob.job);
      this.panelJob = undefined;
      this.panel.busy(false);
    }
    // Whole-array figures stay while the array is the same; a slice's go with the slice.
    if (this.shown && this.shownKey !== key) {
      this.shown = undefined;
      this.panel.show(undefined);
      this.panel.setNote('');
    }
    if (this.panel.isOpen && !this.shown && !this.panelJob) void this.compute(this.panel.scope);
    if (this.shade.isOn) this.applyDomain();
  }

  /** The file changed on disk: nothing computed before holds. */
  fileChanged(): void {
    this.inflight.clear();
    this.robust.clear();
    this.panelJob = undefined;
    this.shadeJob = undefined;
    this.panel.busy(false);
    this.shown = undefined;
    this.panel.show(undefined);
    this.panel.setNote('');
  }

  onProgress(msg: JobProgressEvent): void {
    const fraction = msg.total > 0 ? msg.done / msg.total : 1;
    if (this.panelJob?.job === msg.job) {
      this.panel.setProgress(fraction);
      this.panel.setNote(t('statsReading', Math.floor(fraction * 100)));
    } else if (this.findJob?.job === msg.job) {
      this.host.status(t('findSearching', t(FIND_NAMES[this.findJob.what]), Math.floor(fraction * 100)), false);
    }
  }

  command(command: 'statistics' | 'shade' | 'cancel'): void {
    if (command === 'statistics') {
      this.togglePanel(true);
      this.panel.focus();
    } else if (command === 'shade') this.shade.setOn(!this.shade.isOn, true);
    else this.cancel();
  }

  // ------------------------------------------------------------------ statistics

  private togglePanel(open: boolean): void {
    this.statsButton.setAttribute('aria-pressed', String(open));
    if (!open) {
      if (this.panelJob) this.cancel();
      this.panel.close();
      this.host.grid.focus();
      return;
    }
    this.panel.open();
    if (!this.shown && !this.panelJob) void this.compute(this.panel.scope);
  }

  /** The key of the statistics of the current view in a scope ('' when there is no view). */
  private key(scope: StatsScope): string {
    const spec = this.host.spec();
    if (!spec) return '';
    return scope === 'array' ? JSON.stringify([spec.member ?? null, 'array']) : viewKey(spec);
  }


  /** Statistics of the current view in a scope: one request per view and scope at a time. */
  private statsFor(scope: StatsScope): { job: number; reply: Promise<StatsResponse> } | undefined {
    const spec = this.host.spec();
    if (!spec) return undefined;
    const key = this.key(scope);
    let entry = this.inflight.get(key);
    if (!entry) {
      const job = ++this.jobs;
      const reply = this.host.handler.sendRequest({ type: 'stats', view: spec, scope, job });
      entry = { job, reply };
      this.inflight.set(key, entry);
      const done = (): void => { if (this.inflight.get(key) === entry) this.inflight.delete(key); };
      reply.then(done, done);
    }
    return entry;
  }

  private async compute(scope: StatsScope): Promise<void> {
    const entry = this.statsFor(scope);
    if (!entry) return;
    const key = this.key(scope);
    if (this.panelJob && this.panelJob.job !== entry.job) this.cancelJob(this.panelJob.job);
    this.panelJob = { job: entry.job, key };
    this.panel.busy(true);
    this.panel.setNote(t('statsReading', 0));
    const started = Date.now();
    try {
      const r = await entry.reply;
      if (this.panelJob?.job !== entry.job) return;
      this.shown = r.stats;
      this.shownKey = key;
      this.panel.show(r.stats);
      this.panel.setNote(r.cached ? t('statsCached') : t('statsDone', ((Date.now() - started) / 1000).toFixed(1)));
    } catch (e) {
      if (this.panelJob?.job !== entry.job) return;
      const text = errorText(e);
      this.panel.show(undefined);
      this.panel.setNote(/cancelled/i.test(text) ? t('statsCancelled') : t('statsFailed', text), !/cancelled/i.test(text));
    } finally {
      if (this.panelJob?.job === entry.job) {
        this.panelJob = undefined;
        this.panel.busy(false);
      }
    }
  }

  /** Cancel (button, Escape): stops the panel's pass and a running search. */
  private cancel(): void {
    if (this.panelJob) this.cancelJob(this.panelJob.job);
    if (this.findJob) this.cancelJob(this.findJob.job);
  }

  private cancelJob(job: number): void {
    this.host.handler.sendEvent({ type: 'cancelJob', job });
  }

  private async copy(scope: StatsScope): Promise<void> {
    const spec = this.host.spec();
    if (!spec) return;
    try {
      const r = await this.host.handler.sendRequest({ type: 'copyStats', view: spec, scope });
      if (r.copied) this.panel.setNote(t('statsCopied'));
    } catch (e) {
      this.panel.setNote(t('statsFailed', errorText(e)), true);
    }
  }

  private async goToExtreme(which: 'min' | 'max'): Promise<void> {
    const s = this.shown;
    if (!s) return;
    if (s.scope === 'slice') {
      const cell = which === 'min' ? s.minCell : s.maxCell;
      if (cell) this.reveal(cell);
      return;
    }
    const index = which === 'min' ? s.argmin : s.argmax;
    if (index) await this.host.showIndex(index);
  }

  // ------------------------------------------------------------------ go to NaN / Inf / min / max

  /** Selects a cell of the grid, scrolls to it and focuses the grid. */
  private reveal(cell: GridCell): void {
    this.host.grid.select({ anchor: cell, focus: cell }, true);
    this.host.grid.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape' && (this.panelJob || this.findJob)) {
      this.cancel();
      e.preventDefault();
      return;
    }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const what = FIND_CODES[e.code];
    if (!what) return;
    e.preventDefault();
    e.stopPropagation();
    void this.find(what, e.shiftKey ? -1 : 1);
  }

  /** Finds the next (1) or previous (-1) `what` from the selected cell and selects it. */
  async find(what: FindTarget, direction: 1 | -1): Promise<void> {
    const spec = this.host.spec();
    if (!spec) return;
    if (this.findJob) this.cancelJob(this.findJob.job);
    const job = ++this.jobs;
    this.findJob = { job, what };
    const name = t(FIND_NAMES[what]);
    const from = this.host.grid.selection?.focus;
    try {
      const r = await this.host.handler.sendRequest({ type: 'find', view: spec, what, direction, from, job });
      if (this.findJob?.job !== job) return;
      if (!r.found) {
        this.host.status(t('findNone', name), false);
        return;
      }
      this.reveal(r.found);
      const at = this.cellText(r.found);
      this.host.status(r.wrapped ? t('findWrapped', name, at) : t('findFound', name, at), false);
    } catch (e) {
      if (this.findJob?.job !== job) return;
      const text = errorText(e);
      this.host.status(/cancelled/i.test(text) ? t('statsCancelled') : t('findFailed', text), !/cancelled/i.test(text));
    } finally {
      if (this.findJob?.job === job) this.findJob = undefined;
    }
  }

  /** A grid cell as the view's index text ('3, 4', '3' for 1-D). */
  private cellText(c: GridCell): string {
    const vi = this.host.viewInfo();
    if (!vi || vi.shape.length === 2) return `${c.row}, ${c.col}`;
    return vi.shape.length === 1 ? String(vi.rowAxis >= 0 ? c.row : c.col) : '';
  }

  // ------------------------------------------------------------------ shading

  /** The shading's settings, remembered with the view state. */
  get shadeSettings(): ShadeSettings {
    const d = this.domainMode === 'custom' ? this.customDomain : undefined;
    return { on: this.shade.isOn, colormap: this.shade.colormapValue, domain: this.domainMode, ...(d ? { low: d.low, high: d.high } : {}) };
  }

  /**
   * A domain set elsewhere (dragged on the histogram): shaded cells use it as typed low/high;
   * undefined returns them to the slice's min/max.
   */
  useDomain(d: Domain | undefined): void {
    this.domainMode = d ? 'custom' : 'minmax';
    this.customDomain = d && { ...d };
    this.shade.restore(this.shade.colormapValue, this.domainMode, this.customDomain);
    this.applyDomain();
    this.host.changed?.();
  }

  /** Restores remembered settings (a colormap no longer known keeps the default). */
  restoreShade(s: ShadeSettings | undefined): void {
    if (!s) return;
    this.domainMode = s.domain;
    this.customDomain = s.low !== undefined && s.high !== undefined && s.low < s.high ? { low: s.low, high: s.high } : undefined;
    if (this.shade.restore(s.colormap, s.domain, this.customDomain)) this.shader.setMap(getColormap(s.colormap));
    if (s.on) {
      this.shade.setOn(true, false);
      this.setShading(true);
    }
  }

  private setShading(on: boolean): void {
    this.host.grid.setShader(on ? this.shader : undefined);
    if (on) this.applyDomain();
    else if (this.shadeJob) {
      if (this.panelJob?.job !== this.shadeJob.job) this.cancelJob(this.shadeJob.job);
      this.shadeJob = undefined;
    }
  }

  /** Gives the shader the colour range of the current choice (min–max comes with the slice's statistics). */
  private applyDomain(): void {
    const mode = this.domainMode;
    const key = this.key('slice');
    // A pass for another slice, or for a choice no longer made, is not waited for.
    const old = this.shadeJob;
    if (old && (mode !== old.mode || old.key !== key)) {
      if (this.panelJob?.job !== old.job) this.cancelJob(old.job);
      this.shadeJob = undefined;
    }
    if (mode === 'custom') {
      this.shader.setDomain(this.customDomain);
      this.shade.showDomain(this.customDomain);
    } else {
      // Until the statistics come (or for robust), the values on screen give the range.
      this.shader.sampleDomain(mode);
      this.shade.showDomain(undefined);
    }
    this.host.grid.scheduleRender();
    if (mode === 'robust') return this.robustDomain(key);
    if (mode !== 'minmax') return;
    const entry = this.statsFor('slice');
    this.shadeJob = entry && { job: entry.job, key, mode };
    entry?.reply.then((r) => {
      if (this.domainMode !== 'minmax' || !this.shade.isOn || this.key('slice') !== key) return;
      const s = r.stats;
      if (s.minNumber === null || s.maxNumber === null) return;
      const d = { low: s.minNumber, high: s.maxNumber };
      this.shader.setDomain(d);
      this.shade.showDomain(d);
      this.host.grid.scheduleRender();
    }, () => undefined);
  }

  /**
   * Robust: the 1st/99th percentiles of the whole slice, asked of the host once per slice (the
   * on-screen values' estimate shows meanwhile).
   */
  private robustDomain(key: string): void {
    const done = (d: Domain | null): void => {
      if (!d) return;
      this.shader.setDomain(d);
      this.shade.showDomain(d);
      this.host.grid.scheduleRender();
    };
    if (this.robust.has(key)) return done(this.robust.get(key) ?? null);
    if (this.shadeJob?.key === key && this.shadeJob.mode === 'robust') return;
    const spec = this.host.spec();
    if (!spec) return;
    const job = ++this.jobs;
    this.shadeJob = { job, key, mode: 'robust' };
    this.host.handler.sendRequest({ type: 'robustDomain', view: spec, job }).then((r) => {
      if (this.shadeJob?.job === job) this.shadeJob = undefined;
      const d = r.low !== null && r.high !== null ? { low: r.low, high: r.high } : null;
      this.robust.set(key, d);
      if (this.domainMode === 'robust' && this.shade.isOn && this.key('slice') === key) done(d);
    }, () => { if (this.shadeJob?.job === job) this.shadeJob = undefined; });
  }
}
