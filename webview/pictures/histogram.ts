/**
 * The Histogram view of the current slice: the host counts every element in one streaming pass
 * (protocol 'histogram': np.histogram's bins and counts, automatic bins unless a number is typed)
 * and this draws the bars on a canvas with axes and ticks, counts linear or log, with the NaN,
 * +Inf and −Inf counts beside it as text. A long count can be cancelled (a job, like statistics).
 * Hover shows a bar's range and count.
 *
 * "Slice | Whole array" chooses what is counted: the slice, or the whole array or npz member
 * (scope 'array', streamed on the host). A count that takes long shows a progress bar with its
 * percent and a Cancel button in the view. Two handles over the bars set the domain the heatmap
 * and value-shaded cells use (the host of this view applies it; 'Reset' returns to automatic).
 */
import { errorText } from '../../src/shared/errors';
import { LIMITS, type HistogramRequest, type HistogramProbe, type HistogramResponse, type JobProgressEvent, type ViewSpec } from '../../src/shared/protocol';
import type { StatsScope } from '../../src/shared/stats';
import { el } from '../dom';
import { t } from '../strings';
import { DomainHandles, type DomainRange } from '../widgets/domainhandles';
import { drawAxes, seriesColours, type Frame } from './plotframe';
import { PlotView } from './plotview';

export interface HistogramHost {
  histogram(req: Omit<HistogramRequest, 'type'>): Promise<HistogramResponse>;
  cancel(job: number): void;
  /** The domain the heatmap and shaded cells use when set by hand (undefined: automatic). */
  domain?(): DomainRange | undefined;
  /** Sets that domain (undefined: back to automatic). */
  setDomain?(d: DomainRange | undefined): void;
}

/** How long a count runs before its progress shows (ms). */
const PROGRESS_AFTER_MS = 250;

/** Job numbers of their own (the statistics panel numbers its jobs from 1; the host keys jobs by number). */
let nextJob = 2_000_000_000;

/** The histogram settings remembered per file. */
export interface HistogramSettings { log: boolean; bins: string; scope?: StatsScope }

export class HistogramView extends PlotView<{ resp: HistogramResponse; key: string }> {
  private readonly specials = el('div', 'hist-specials');
  private readonly log = el('input', 'hist-log');
  private readonly bins = el('input', 'hist-bins');
  private readonly cancelButton = el('button', 'action hist-cancel', t('histCancel'));
  private spec: ViewSpec | undefined;
  private job: number | undefined;
  private scope: StatsScope = 'slice';
  private readonly scopeButtons = new Map<StatsScope, HTMLButtonElement>();
  private readonly progressRow = el('div', 'hist-progress-row');
  private readonly progress = el('div', 'hist-progress');
  private readonly progressBar = el('div', '');
  private readonly progressText = el('span', 'hist-progress-text');
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  /** The key of a count the user cancelled: not started again by a redraw, only by a choice. */
  private cancelledKey: string | undefined;
  private readonly handles: DomainHandles;
  private readonly resetDomain = el('button', 'action hist-domain-reset', t('histDomainReset'));

  constructor(private readonly host: HistogramHost) {
    super('hist', 'histogram', t('histLabel'), t('histHint'));
    this.log.type = 'checkbox';
    this.log.title = t('histLogTitle');
    this.log.addEventListener('change', () => { this.draw(); this.onSettings(); });
    this.bins.type = 'text';
    this.bins.placeholder = t('histBinsAuto');
    this.bins.title = t('histBins');
    this.bins.addEventListener('change', () => { this.data = undefined; this.schedule(); this.onSettings(); });
    this.cancelButton.type = 'button';
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener('click', () => { if (this.job !== undefined) this.host.cancel(this.job); });
    const logLabel = el('label', 'label heatmap-control', t('histLog'));
    logLabel.append(this.log);
    const binsLabel = el('label', 'label heatmap-control', t('histBins'));
    binsLabel.append(this.bins);
    this.controls.append(binsLabel, logLabel);
    this.controls.prepend(this.scopeSwitch());
    this.progress.setAttribute('role', 'progressbar');
    this.progress.setAttribute('aria-valuemin', '0');
    this.progress.setAttribute('aria-valuemax', '100');
    this.progress.append(this.progressBar);
    this.progressRow.append(this.progress, this.progressText, this.cancelButton);
    this.progressRow.hidden = true;
    this.handles = new DomainHandles({
      input: (d) => { this.readout.textContent = t('histDomain', d.low, d.high); },
      change: (d) => { this.host.setDomain?.(d); this.readout.textContent = t('histDomain', d.low, d.high); this.markDomain(); },
    }, { low: t('histDomainLow'), high: t('histDomainHigh') }, t('histDomainTitle'));
    this.resetDomain.type = 'button';
    this.resetDomain.title = t('histDomainResetTitle');
    this.resetDomain.addEventListener('click', () => { this.host.setDomain?.(undefined); this.placeHandles(); this.markDomain(); });
    if (this.host.setDomain) this.controls.append(this.resetDomain);
    this.area.append(this.handles.root);
    this.root.append(this.progressRow, this.area, this.specials, this.readout);
  }

  /** The "Slice | Whole array" choice (a radio group; arrow keys move it). */
  private scopeSwitch(): HTMLElement {
    const group = el('div', 'segmented hist-scope');
    group.setAttribute('role', 'radiogroup');
    group.setAttribute('aria-label', t('histScope'));
    const scopes: [StatsScope, 'histScopeSlice' | 'histScopeArray', 'histScopeSliceTitle' | 'histScopeArrayTitle'][] = [
      ['slice', 'histScopeSlice', 'histScopeSliceTitle'], ['array', 'histScopeArray', 'histScopeArrayTitle'],
    ];
    for (const [scope, label, title] of scopes) {
      const b = el('button', 'seg hist-scope-seg', t(label));
      b.type = 'button';
      b.title = t(title);
      b.dataset.scope = scope;
      b.setAttribute('role', 'radio');
      b.addEventListener('click', () => this.setScope(scope, true));
      b.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        const next = scope === 'slice' ? 'array' : 'slice';
        this.setScope(next, true);
        this.scopeButtons.get(next)?.focus();
      });
      this.scopeButtons.set(scope, b);
      group.append(b);
    }
    this.markScope();
    return group;
  }

  /** Counts the slice or the whole array; `user`: a choice (it restarts a cancelled count). */
  private setScope(scope: StatsScope, user: boolean): void {
    if (user) this.cancelledKey = undefined;
    if (scope !== this.scope) {
      this.scope = scope;
      this.data = undefined;
      this.markScope();
      if (user) this.onSettings();
    }
    this.schedule();
  }

  private markScope(): void {
    for (const [s, b] of this.scopeButtons) {
      b.classList.toggle('active', s === this.scope);
      b.setAttribute('aria-checked', String(s === this.scope));
      b.tabIndex = s === this.scope ? 0 : -1;
    }
    this.canvas.setAttribute('aria-label', t(this.scope === 'array' ? 'histLabelArray' : 'histLabel'));
  }

  /** A progress event of the host: this view's count moved on. */
  onProgress(msg: JobProgressEvent): void {
    if (msg.job !== this.job) return;
    const pct = Math.floor((msg.total > 0 ? msg.done / msg.total : 1) * 100);
    this.progressBar.style.width = `${pct}%`;
    this.progress.setAttribute('aria-valuenow', String(pct));
    this.progressText.textContent = t('histProgress', pct);
  }

  private showProgress(on: boolean): void {
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    if (!on) {
      this.progressRow.hidden = true;
      return;
    }
    this.progressBar.style.width = '0%';
    this.progress.setAttribute('aria-valuenow', '0');
    this.progressText.textContent = t('histProgress', 0);
    this.progressTimer = setTimeout(() => { this.progressRow.hidden = false; }, PROGRESS_AFTER_MS);
  }

  /** The handles at the domain the host holds (at the bars' ends while it is automatic). */
  private placeHandles(): void {
    const d = this.data, f = this.frame;
    if (!d || !f || !this.host.setDomain || this.canvas.hidden) { this.handles.layout(undefined, undefined); return; }
    const { edges } = d.resp;
    const low = edges[0], high = edges[edges.length - 1];
    // The handles move over the bars' range (a hand-set domain beyond it shows at the ends).
    this.handles.layout({ ...f, low, high }, this.host.domain?.());
    this.markDomain();
  }

  private markDomain(): void {
    const set = this.host.domain?.();
    this.resetDomain.disabled = !set;
    this.root.dataset.domain = set ? `${set.low},${set.high}` : 'auto';
  }

  invalidate(): void {
    super.invalidate();
    this.cancelledKey = undefined;
    this.showProgress(false);
  }

  setView(spec: ViewSpec): void {
    this.spec = spec;
    this.schedule();
  }

  get settings(): HistogramSettings {
    return { log: this.log.checked, bins: this.bins.value, scope: this.scope };
  }

  set settings(s: HistogramSettings) {
    this.log.checked = !!s.log;
    if (typeof s.bins === 'string') this.bins.value = s.bins.slice(0, 10);
    if (s.scope === 'slice' || s.scope === 'array') { this.scope = s.scope; this.markScope(); }
    this.data = undefined;
    this.schedule();
  }

  private key(): string {
    // The whole array is the same whatever the slice: only the member names it.
    const view = this.scope === 'array' ? this.spec?.member ?? null : this.spec;
    return JSON.stringify([view, this.bins.value.trim(), this.scope]);
  }

  protected refresh(): void {
    if (!this.spec) return;
    if (this.data?.key === this.key()) { this.draw(); return; }
    if (this.cancelledKey === this.key()) return;
    void this.load();
  }

  private async load(): Promise<void> {
    const spec = this.spec;
    if (!spec) return;
    const text = this.bins.value.trim();
    let bins: number | undefined;
    if (text !== '' && text !== t('histBinsAuto')) {
      bins = Number(text);
      if (!Number.isInteger(bins) || bins < 1 || bins > LIMITS.histogramBins) {
        this.showMessage(`${t('histBins')}: 1 … ${LIMITS.histogramBins}`);
        return;
      }
    }
    const key = this.key();
    const mine = ++this.seq;
    if (this.job !== undefined) this.host.cancel(this.job);
    const job = this.job = nextJob++;
    this.root.classList.add('loading');
    this.cancelButton.hidden = false;
    this.cancelledKey = undefined;
    this.showProgress(true);
    try {
      const resp = await this.host.histogram({ view: spec, job, ...(bins ? { bins } : {}), ...(this.scope === 'array' ? { scope: 'array' as const } : {}) });
      if (mine !== this.seq) return;
      this.data = { resp, key };
      this.showMessage(undefined);
      this.specials.textContent = t('histSpecials', resp.nan, resp.posinf, resp.neginf, resp.size);
      this.draw();
    } catch (e) {
      if (mine !== this.seq) return;
      this.data = undefined;
      const text = errorText(e);
      const cancelled = /cancelled/i.test(text);
      if (cancelled) this.cancelledKey = key;
      this.showMessage(cancelled ? t('histCancelled') : text);
    } finally {
      if (mine === this.seq) {
        this.root.classList.remove('loading');
        this.cancelButton.hidden = true;
        this.job = undefined;
        this.showProgress(false);
      }
    }
  }

  private showMessage(text: string | undefined): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
    this.canvas.hidden = text !== undefined;
    if (text !== undefined) this.specials.textContent = '';
    if (text !== undefined) this.handles.layout(undefined, undefined);
  }

  /** What tests read of the histogram drawn (PicturesProbe); undefined before it is. */
  probe(): HistogramProbe | undefined {
    const d = this.data;
    if (!d) return undefined;
    const { edges, counts, size, nan } = d.resp;
    const max = counts.reduce((a, b) => Math.max(a, b), 0);
    return {
      scope: this.scope, log: this.canvas.dataset.log === 'true', edges: edges.slice(0, 257), counts: counts.slice(0, 256), size, nan,
      heights: counts.slice(0, 256).map((c) => this.heightOf(c, max)), busy: this.job !== undefined || this.root.classList.contains('loading'),
    };
  }

  /** Bar height as a fraction of the plot: count / max, or log10(1 + count) / log10(1 + max). */
  private heightOf(count: number, max: number): number {
    if (max <= 0) return 0;
    return this.log.checked ? Math.log10(1 + count) / Math.log10(1 + max) : count / max;
  }

  private draw(): void {
    const drawing = this.startDraw();
    if (!drawing) return;
    const { d, ctx, frame } = drawing;
    const { edges, counts } = d.resp;
    const max = counts.reduce((a, b) => Math.max(a, b), 0);
    const low = edges[0], high = edges[edges.length - 1];
    this.canvas.dataset.max = String(max);
    this.canvas.dataset.bins = String(counts.length);
    this.canvas.dataset.log = String(this.log.checked);
    const y = this.log.checked
      ? { kind: 'linear' as const, low: 0, high: Math.log10(1 + Math.max(1, max)) }
      : { kind: 'linear' as const, low: 0, high: Math.max(1, max) };
    drawAxes(ctx, this.root, frame, { kind: 'linear', low, high }, this.log.checked ? undefined : y);
    if (this.log.checked) this.logTicks(ctx, frame, max);
    ctx.fillStyle = seriesColours(this.root)[0];
    const xOf = (v: number): number => frame.left + ((v - low) / (high - low)) * frame.width;
    counts.forEach((c, i) => {
      if (c <= 0) return;
      const x0 = xOf(edges[i]), x1 = xOf(edges[i + 1]);
      const h = this.heightOf(c, max) * frame.height;
      // Bars touch; one pixel at least, so a lone count still shows.
      ctx.fillRect(x0, frame.top + frame.height - h, Math.max(1, x1 - x0), h);
    });
    if (counts.every((c) => c === 0)) this.readout.textContent = t('histEmpty');
    this.placeHandles();
  }

  /** Labels 1, 10, 100 … on a log-counts axis. */
  private logTicks(ctx: CanvasRenderingContext2D, f: Frame, max: number): void {
    ctx.save();
    ctx.fillStyle = getComputedStyle(this.root).getPropertyValue('--vscode-foreground') || '#cccccc';
    ctx.font = '11px sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let p = 1; p <= Math.max(1, max); p *= 10) {
      const yy = f.top + f.height * (1 - this.heightOf(p, max));
      ctx.fillText(String(p), f.left - 6, yy);
    }
    ctx.restore();
  }

  protected hoverAt(x: number): void {
    const d = this.data, f = this.frame;
    if (!d || !f || x < f.left || x > f.left + f.width) return;
    const { edges, counts } = d.resp;
    const i = Math.min(counts.length - 1, Math.max(0, Math.floor(((x - f.left) / f.width) * counts.length)));
    this.readout.textContent = t('histBar', edges[i], edges[i + 1], i === counts.length - 1 ? ']' : ')', counts[i]);
    this.readout.dataset.bin = String(i);
  }
}
