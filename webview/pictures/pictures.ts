/**
 * The view switcher above the data (Grid | Heatmap | Image | Line | Histogram) and what it shows: the
 * app's grid, or a picture of the same slice. The slice controls stay as they are; switching keeps
 * the slice (the app tells this every view it shows). The app's only hooks: build the bar and the
 * heatmap into its layout (the other pictures go beside the heatmap's root), call show() after
 * each view, and reveal()/conceal() where it shows or hides the grid.
 */
import type { MessageHandler } from '../../src/shared/messages';
import type { Domain } from '../../src/shared/draw/scales';
import { decodeFloat64 } from '../../src/shared/draw/heatmapwire';
import { COMPLEX_PARTS, type ComplexPart, type FromWebviewMessage, type HeatmapRequest, type JobProgressEvent, type PicturesProbe, type PictureSettings, type ToWebviewMessage, type ViewInfo, type ViewSpec } from '../../src/shared/protocol';
import { el } from '../dom';
import { t, type StringKey } from '../strings';
import { heatmapWithColorbar, onBackground, pngBase64 } from './exportpng';
import { HeatmapView } from './heatmap';
import { HistogramView } from './histogram';
import { ImageView } from './image';
import { LineView, type LineHost } from './line';
import { themeColour } from './plotframe';
import { Profiles } from './profiles';

export type PictureMode = PictureSettings['mode'];
/** Job numbers of the heatmap's Robust requests (apart from the statistics' and the histogram's). */
let nextRobustJob = 3_000_000_000;

const PART_LABELS: Record<ComplexPart, StringKey> = { magnitude: 'partMagnitude', phase: 'partPhase', real: 'partReal', imag: 'partImag' };

/** What the pictures share with the rest of the page (see the constructor). */
export interface PictureLinks {
  domain?(d: Domain | undefined): void;
  selection?(): { row0: number; row1: number; col0: number; col1: number } | undefined;
}
const MODES: [PictureMode, StringKey, StringKey][] = [
  ['grid', 'viewGrid', 'viewGridTitle'], ['heatmap', 'viewHeatmap', 'viewHeatmapTitle'], ['image', 'viewImage', 'viewImageTitle'],
  ['line', 'viewLine', 'viewLineTitle'], ['histogram', 'viewHistogram', 'viewHistogramTitle'],
];

export class Pictures {
  /** The bar above the data: the switcher, then the shown view's own controls. */
  readonly bar = el('div', 'pictures-bar');
  readonly heatmap: HeatmapView;
  readonly image: ImageView;
  readonly line: LineView;
  readonly histogram: HistogramView;
  readonly profiles: Profiles;
  /** What complex values are drawn as (shown for complex64/complex128 slices only); every picture's requests carry it. */
  private readonly partSelect = el('select', 'pictures-part');
  private readonly partLabel = el('label', 'label heatmap-control pictures-part-label', t('complexPart'));
  private complex = false;
  private last: [ViewSpec, ViewInfo, number[], string] | undefined;
  private readonly buttons = new Map<PictureMode, HTMLButtonElement>();
  private readonly exportButton = el('button', 'action pictures-export', t('exportPng'));
  private mode: PictureMode = 'grid';
  /** False while the app shows a message in place of the data. */
  private dataShown = false;

  /**
   * `grid`: the grid's root; `gridShown`: called when the grid is shown again (to lay it out).
   * Requests go to the host through the app's handler.
   */
  /**
   * `links.domain`: a domain dragged on the histogram (undefined: reset to automatic), for the
   * shaded cells (the heatmap takes it here); `links.selection`: the grid's selected cells, which
   * the line view can follow.
   */
  constructor(private readonly grid: HTMLElement, private readonly handler: MessageHandler<ToWebviewMessage, FromWebviewMessage>,
    private readonly gridShown: () => void, private readonly changed: () => void = () => undefined, links: PictureLinks = {}) {
    const cellText = async (view: ViewSpec, row: number, col: number, rows = 1): Promise<string> => {
      const page = await handler.sendRequest({ type: 'getPage', view, row0: row, rows, col0: col, cols: 1 });
      return page.values.join(', ');
    };
    const heatmap = (req: Omit<HeatmapRequest, 'type'>) => handler.sendRequest({ type: 'heatmap', ...req, ...this.part() });
    const heatmapValues = async (grid: number, cells: number[]) => decodeFloat64((await handler.sendRequest({ type: 'heatmapValues', grid, cells })).values);
    const robust = async (view: ViewSpec): Promise<Domain | undefined> => {
      const r = await handler.sendRequest({ type: 'robustDomain', view, job: nextRobustJob++ });
      return r.low !== null && r.high !== null ? { low: r.low, high: r.high } : undefined;
    };
    this.heatmap = new HeatmapView({ heatmap, cellText, heatmapValues, robust });
    this.image = new ImageView({ heatmap, cellText });
    const lines: LineHost = { envelope: (req) => handler.sendRequest({ type: 'envelope', ...req, ...this.part() }), cellText };
    this.line = new LineView({ ...lines, selection: links.selection });
    this.profiles = new Profiles(this.heatmap, lines);
    this.histogram = new HistogramView({
      histogram: (req) => handler.sendRequest({ type: 'histogram', ...req, ...this.part() }),
      cancel: (job) => handler.sendEvent({ type: 'cancelJob', job }),
      domain: () => this.heatmap.handDomain,
      setDomain: (d) => { this.heatmap.setDomain(d); links.domain?.(d); },
    });
    const group = el('div', 'segmented pictures-switch');
    group.setAttribute('role', 'radiogroup');
    group.setAttribute('aria-label', t('viewSwitch'));
    for (const [mode, label, title] of MODES) {
      const b = el('button', 'seg picture-seg', t(label));
      b.type = 'button';
      b.title = title && t(title);
      b.dataset.picture = mode;
      b.setAttribute('role', 'radio');
      b.addEventListener('click', () => this.setMode(mode, true));
      b.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        const next = MODES[(MODES.findIndex((m) => m[0] === mode) + (e.key === 'ArrowRight' ? 1 : MODES.length - 1)) % MODES.length][0];
        this.setMode(next, false);
        this.buttons.get(next)?.focus();
      });
      this.buttons.set(mode, b);
      group.append(b);
    }
    this.exportButton.type = 'button';
    this.exportButton.title = t('exportPngTitle');
    this.exportButton.addEventListener('click', () => void this.exportPng());
    for (const p of COMPLEX_PARTS) this.partSelect.append(Object.assign(el('option', '', t(PART_LABELS[p])), { value: p }));
    this.partLabel.title = t('complexPartTitle');
    this.partLabel.append(this.partSelect);
    this.partSelect.addEventListener('change', () => { this.partChanged(); this.changed(); });
    this.bar.append(group, this.partLabel, this.heatmap.controls, this.image.controls, this.line.controls, this.histogram.controls, this.exportButton);
    for (const v of this.views()) {
      v.root.hidden = true;
      v.controls.hidden = true;
    }
    for (const v of this.views()) v.onSettings = () => this.changed();
    this.mark();
  }

  /** What the view state remembers: the mode and every picture's settings. */
  get settings(): PictureSettings {
    const part = this.partSelect.value as ComplexPart;
    return {
      mode: this.mode, heatmap: this.heatmap.settings, image: this.image.imageSettings, line: this.line.settings, histogram: this.histogram.settings,
      ...(part !== 'magnitude' ? { part } : {}),
    };
  }

  /** Restores remembered settings (a state saved for this file), before the data is shown. */
  restore(s: PictureSettings | undefined): void {
    if (!s) return;
    if (s.heatmap) this.heatmap.settings = s.heatmap;
    if (s.line) this.line.settings = s.line;
    if (s.histogram) this.histogram.settings = s.histogram;
    if (s.image) this.image.imageSettings = s.image;
    if (s.part && COMPLEX_PARTS.includes(s.part) && s.part !== this.partSelect.value) {
      this.partSelect.value = s.part;
      // Restored after a slice was shown: its pictures are asked for again with this part.
      if (this.last) this.partChanged();
    }
    if (MODES.some((m) => m[0] === s.mode)) this.setMode(s.mode, false);
  }

  get current(): PictureMode {
    return this.mode;
  }

  /** Shows `mode` (the slice stays); `focus` gives the shown view the keyboard. */
  setMode(mode: PictureMode, focus: boolean): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.mark();
    this.changed();
    if (this.dataShown) this.reveal();
    if (focus) this.viewOf(mode)?.focus();
  }

  private views(): (HeatmapView | LineView | HistogramView)[] {
    return [this.heatmap, this.image, this.line, this.histogram];
  }

  private viewOf(mode: PictureMode): HeatmapView | LineView | HistogramView | undefined {
    return mode === 'heatmap' ? this.heatmap : mode === 'image' ? this.image : mode === 'line' ? this.line : mode === 'histogram' ? this.histogram : undefined;
  }

  /** The app shows a (new) view of a slice of an array of `dtype` (NumPy's dtype.str). */
  show(spec: ViewSpec, vi: ViewInfo, shape: number[], dtype = ''): void {
    this.last = [spec, vi, shape, dtype];
    this.complex = /^[<>=|]?c(8|16)$/.test(dtype);
    this.mark();
    this.heatmap.setView(spec, vi, shape);
    this.image.setView(spec, vi, shape);
    this.line.setView(spec, vi, shape);
    this.profiles.setView(spec, vi, shape);
    this.histogram.setView(spec);
  }

  /** What tests read of the pictures shown (WebviewProbe.pictures); undefined over the grid. */
  probe(): PicturesProbe | undefined {
    if (this.mode === 'grid') return undefined;
    const open = !this.profiles.panel.hidden;
    return {
      focus: typeof document.activeElement?.className === 'string' ? document.activeElement.className : '',
      ...(this.complex ? { part: this.partSelect.value } : {}),
      readout: this.heatmap.root.querySelector('.heatmap-readout')?.textContent ?? '',
      domain: [this.heatmap.controls.querySelector<HTMLInputElement>('.heatmap-low')?.value ?? '', this.heatmap.controls.querySelector<HTMLInputElement>('.heatmap-high')?.value ?? ''],
      ...(open ? { profiles: { title: this.profiles.panel.querySelector('.profiles-title')?.textContent ?? '', row: this.profiles.row.probe(), col: this.profiles.col.probe() } } : {}),
      ...(this.mode === 'line' ? { line: this.line.probe() } : {}),
      ...(this.mode === 'histogram' ? { histogram: this.histogram.probe() } : {}),
    };
  }

  /** A job's progress (the histogram's counts are jobs). */
  onProgress(msg: JobProgressEvent): void {
    this.histogram.onProgress(msg);
  }

  /** The file changed on disk: pictures are asked for again when next shown (`keepView`: where they are zoomed to). */
  invalidate(keepView = false): void {
    for (const v of [this.heatmap, this.image, this.line]) v.invalidate(keepView);
    this.histogram.invalidate();
    this.profiles.invalidate();
  }

  /** The `part` of a request: the selector's choice for a complex slice, nothing for real ones. */
  private part(): { part?: ComplexPart } {
    return this.complex ? { part: this.partSelect.value as ComplexPart } : {};
  }

  /** Another complex part: every picture is asked for again (the slice, zoom and pan stay: only the values change). */
  private partChanged(): void {
    this.invalidate(true);
    if (this.last) this.show(...this.last);
  }

  /** The app shows the data (not a message): the current mode's view. */
  reveal(): void {
    this.dataShown = true;
    // The other pictures sit beside the heatmap in the app's layout.
    if (this.heatmap.root.isConnected && !this.line.root.isConnected) this.heatmap.root.after(this.image.root, this.line.root, this.histogram.root);
    const wasHidden = this.grid.hidden;
    this.grid.hidden = this.mode !== 'grid';
    for (const v of this.views()) v.setVisible(v === this.viewOf(this.mode));
    if (this.mode === 'grid' && wasHidden) this.gridShown();
  }

  /** The app shows a message instead of the data. */
  conceal(): void {
    this.dataShown = false;
    this.grid.hidden = true;
    for (const v of this.views()) v.setVisible(false);
  }

  /** Shows a view (a command); `exportPng`: then exports its picture once it is drawn. */
  async command(mode: PictureMode, exportPng: boolean, focus = false): Promise<void> {
    this.setMode(mode, false);
    if (focus) this.viewOf(mode)?.focus();
    // Until the picture is drawn: a loaded machine can take long over a big slice (give up after 2 minutes).
    for (let i = 0; exportPng && i < 1200; i++) {
      if ((await this.exportPng()) !== undefined) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Export PNG…: the picture shown (the heatmap with its colorbar) to the host's Save dialog; undefined while there is none. */
  async exportPng(): Promise<boolean | undefined> {
    let canvas: HTMLCanvasElement | undefined;
    if (this.mode === 'heatmap') {
      const snap = this.heatmap.snapshot();
      canvas = snap && this.withProfiles(heatmapWithColorbar(snap.canvas, snap.map, snap.spec, snap.specials, this.heatmap.root));
    } else if (this.mode === 'image') {
      canvas = this.image.exported(this.bar);
    } else {
      const shown = this.mode === 'line' ? this.line.snapshot() : this.mode === 'histogram' ? this.histogram.snapshot() : undefined;
      canvas = shown && onBackground(shown, this.bar);
    }
    if (!canvas) return undefined;
    const r = await this.handler.sendRequest({ type: 'savePng', png: pngBase64(canvas), name: this.mode });
    return r.done;
  }

  /** The exported heatmap with the linked profiles (while shown) to its right, the row's above the column's. */
  private withProfiles(picture: HTMLCanvasElement): HTMLCanvasElement {
    const plots = this.profiles.panel.hidden ? [] : [this.profiles.row.snapshot(), this.profiles.col.snapshot()].filter((c) => !!c);
    if (plots.length === 0) return picture;
    const out = document.createElement('canvas');
    out.width = picture.width + Math.max(...plots.map((c) => c.width));
    out.height = Math.max(picture.height, plots.reduce((h, c) => h + c.height, 0));
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = themeColour(this.bar, '--vscode-editor-background', '#1e1e1e');
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(picture, 0, 0);
    let y = 0;
    for (const c of plots) { ctx.drawImage(c, picture.width, y); y += c.height; }
    return out;
  }

  private mark(): void {
    document.body.dataset.picture = this.mode; // the page's CSS hides the grid's own bars over a picture
    this.exportButton.hidden = this.mode === 'grid';
    this.partLabel.hidden = this.mode === 'grid' || !this.complex;
    for (const [m, b] of this.buttons) {
      b.classList.toggle('active', m === this.mode);
      b.setAttribute('aria-checked', String(m === this.mode));
      b.tabIndex = m === this.mode ? 0 : -1;
    }
  }
}
