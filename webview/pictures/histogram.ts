/**
 * The Histogram view of the current slice: the host counts every element in one streaming pass
 * (protocol 'histogram': np.histogram's bins and counts, automatic bins unless a number is typed)
 * and this draws the bars on a canvas with axes and ticks, counts linear or log, with the NaN,
 * +Inf and −Inf counts beside it as text. A long count can be cancelled (a job, like statistics).
 * Hover shows a bar's range and count.
 */
import { errorText } from '../../src/shared/errors';
import { LIMITS, type HistogramRequest, type HistogramResponse, type ViewSpec } from '../../src/shared/protocol';
import { el } from '../dom';
import { t } from '../strings';
import { drawAxes, seriesColours, type Frame } from './plotframe';
import { PlotView } from './plotview';

export interface HistogramHost {
  histogram(req: Omit<HistogramRequest, 'type'>): Promise<HistogramResponse>;
  cancel(job: number): void;
}

/** Job numbers of their own (the statistics panel numbers its jobs from 1; the host keys jobs by number). */
let nextJob = 2_000_000_000;

/** The histogram settings remembered per file. */
export interface HistogramSettings { log: boolean; bins: string }

export class HistogramView extends PlotView<{ resp: HistogramResponse; key: string }> {
  private readonly specials = el('div', 'hist-specials');
  private readonly log = el('input', 'hist-log');
  private readonly bins = el('input', 'hist-bins');
  private readonly cancelButton = el('button', 'action hist-cancel', t('histCancel'));
  private spec: ViewSpec | undefined;
  private job: number | undefined;

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
    this.controls.append(binsLabel, logLabel, this.cancelButton);
    this.root.append(this.area, this.specials, this.readout);
  }

  setView(spec: ViewSpec): void {
    this.spec = spec;
    this.schedule();
  }

  get settings(): HistogramSettings {
    return { log: this.log.checked, bins: this.bins.value };
  }

  set settings(s: HistogramSettings) {
    this.log.checked = !!s.log;
    if (typeof s.bins === 'string') this.bins.value = s.bins.slice(0, 10);
    this.data = undefined;
    this.schedule();
  }

  private key(): string {
    return JSON.stringify([this.spec, this.bins.value.trim()]);
  }

  protected refresh(): void {
    if (!this.spec) return;
    if (this.data?.key === this.key()) { this.draw(); return; }
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
    try {
      const resp = await this.host.histogram({ view: spec, job, ...(bins ? { bins } : {}) });
      if (mine !== this.seq) return;
      this.data = { resp, key };
      this.showMessage(undefined);
      this.specials.textContent = t('histSpecials', resp.nan, resp.posinf, resp.neginf, resp.size);
      this.draw();
    } catch (e) {
      if (mine !== this.seq) return;
      this.data = undefined;
      this.showMessage(errorText(e));
    } finally {
      if (mine === this.seq) {
        this.root.classList.remove('loading');
        this.cancelButton.hidden = true;
        this.job = undefined;
      }
    }
  }

  private showMessage(text: string | undefined): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
    this.canvas.hidden = text !== undefined;
    if (text !== undefined) this.specials.textContent = '';
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
