/**
 * Linked profiles beside the heatmap: clicking a cell (or Enter on the keyboard cursor) shows that
 * row's and that column's values as two small line plots in a side panel (VS Code editors are
 * wider than tall, so the panel takes width, not the heatmap's height). Each plot is a LineView
 * (line.ts: the host's min/max envelopes, zoom, hover readout with the grid's text) asked for one
 * row or one column, with the picked element marked by a vertical line. While the heatmap is
 * zoomed, the row profile shows the visible columns and the column profile the visible rows; Fit
 * (0) in a profile shows the whole line. Clicking another cell updates both; the Profiles button
 * and the panel's close button hide them. A new slice keeps the picked element while it is inside.
 */
import { cellIndex, gridIndexing, indexText } from '../../src/shared/indexing/goto';
import type { ViewInfo, ViewSpec } from '../../src/shared/protocol';
import { el, icon } from '../dom';
import { t } from '../strings';
import type { HeatmapView } from './heatmap';
import { LineView, type LineHost } from './line';

interface Shown { spec: ViewSpec; vi: ViewInfo; shape: number[] }
type Range = { start: number; stop: number } | undefined;

/** How long the heatmap's viewport must rest before the profiles follow it (ms). */
const FOLLOW_DELAY = 150;

export class Profiles {
  readonly panel = el('div', 'profiles');
  /** The toggle among the heatmap's controls. */
  readonly toggle = el('button', 'action profiles-toggle', t('profiles'));
  private readonly title = el('span', 'profiles-title');
  private readonly hint = el('div', 'profiles-hint', t('profilesHint'));
  private readonly rowLabel = el('div', 'profiles-label');
  private readonly colLabel = el('div', 'profiles-label');
  /** The picked row's values (along the columns) and the picked column's (along the rows). */
  readonly row: LineView;
  readonly col: LineView;
  private shown: Shown | undefined;
  private picked: { row: number; col: number } | undefined;
  private open = false;
  /** The ranges last asked for ("r0,r1|c0,c1"), so that an unmoved viewport asks for nothing. */
  private ranges = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly heatmap: HeatmapView, host: LineHost) {
    this.row = new LineView(host, 'profile', 'profile-row', 'profile');
    this.col = new LineView(host, 'profile', 'profile-col', 'profile');
    this.toggle.type = 'button';
    this.toggle.title = t('profilesTitle');
    this.toggle.setAttribute('aria-pressed', 'false');
    this.toggle.addEventListener('click', () => this.setOpen(!this.open));
    const close = el('button', 'action profiles-close');
    close.type = 'button';
    close.title = t('profilesClose');
    close.setAttribute('aria-label', t('profilesClose'));
    close.append(icon('close'));
    close.addEventListener('click', () => { this.setOpen(false); this.heatmap.focus(); });
    const head = el('div', 'profiles-head');
    head.append(this.title, close);
    this.panel.setAttribute('role', 'region');
    this.panel.setAttribute('aria-label', t('profiles'));
    this.panel.append(head, this.hint, this.rowLabel, this.row.root, this.colLabel, this.col.root);
    this.panel.hidden = true;
    heatmap.controls.append(this.toggle);
    heatmap.body.append(this.panel);
    heatmap.onPick = (row, col) => this.pick(row, col);
    heatmap.onDrawn = () => this.follow();
    this.show();
  }

  /** The slice the heatmap shows: the picked element stays while it is inside it. */
  setView(spec: ViewSpec, vi: ViewInfo, shape: number[]): void {
    this.shown = { spec, vi, shape };
    const p = this.picked;
    if (p && (vi.shape.length !== 2 || p.row >= vi.rows || p.col >= vi.cols)) this.picked = undefined;
    this.row.setView(spec, vi, shape);
    this.col.setView(spec, vi, shape);
    this.show();
  }

  /** The file changed (or the complex part did): the profiles are asked for again. */
  invalidate(): void {
    this.row.invalidate();
    this.col.invalidate();
    this.ranges = '';
  }

  /** Shows the profiles through element (row, col) of the view. */
  pick(row: number, col: number): void {
    this.picked = { row, col };
    this.open = true;
    this.show();
  }

  private setOpen(open: boolean): void {
    this.open = open;
    this.show();
  }

  /** Lays out the panel for what is picked and asks the plots for their lines. */
  private show(): void {
    const s = this.shown, p = this.picked;
    this.panel.hidden = !this.open;
    this.toggle.classList.toggle('active', this.open);
    this.toggle.setAttribute('aria-pressed', String(this.open));
    this.hint.hidden = !!p;
    for (const e of [this.rowLabel, this.row.root, this.colLabel, this.col.root]) e.hidden = !p;
    if (!this.open || !s || !p) {
      this.row.setVisible(false);
      this.col.setVisible(false);
      this.title.textContent = t('profiles');
      return;
    }
    this.title.textContent = t('profilesAt', indexText(cellIndex(gridIndexing(s.vi, s.shape), p.row, p.col)));
    this.rowLabel.textContent = t('profileRow');
    this.colLabel.textContent = t('profileCol');
    // A plot asks again only when its line changed (setView of the same slice keeps what it has).
    for (const [view, axis, index] of [[this.row, 'row', p.row], [this.col, 'col', p.col]] as const) {
      if (view.settings.axis !== axis || view.settings.lines !== String(index)) view.settings = { axis, lines: String(index) };
    }
    this.row.mark(p.col);
    this.col.mark(p.row);
    this.ranges = '';
    this.follow(true);
    this.row.setVisible(true);
    this.col.setVisible(true);
  }

  /** After a heatmap drawing: once its viewport rests, the profiles show what is visible (now: `now`). */
  private follow(now = false): void {
    if (!this.open || !this.picked || !this.shown) return;
    if (this.timer) clearTimeout(this.timer);
    const apply = (): void => {
      this.timer = undefined;
      const vp = this.heatmap.viewport;
      const v = vp.visible();
      // Fitted (or not drawn yet): whole lines. Zoomed: the visible columns along the row, rows along the column.
      const cols: Range = vp.fitted || v.cols === 0 ? undefined : { start: v.col0, stop: v.col0 + v.cols };
      const rows: Range = vp.fitted || v.rows === 0 ? undefined : { start: v.row0, stop: v.row0 + v.rows };
      const key = JSON.stringify([rows, cols]);
      if (key === this.ranges) return;
      this.ranges = key;
      this.row.zoomTo(cols);
      this.col.zoomTo(rows);
    };
    if (now) apply();
    else this.timer = setTimeout(apply, FOLLOW_DELAY);
  }
}
