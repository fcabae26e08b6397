/**
 * What the line plot and the histogram share as views: their controls and root, a canvas in an
 * area with a message over it and a readout under it, shown or hidden by the switcher, redrawn on
 * the next frame after a change (or a resize), and the canvas handed to Export PNG while a plot
 * is drawn. A subclass loads its data (`data`; `seq` numbers its requests so a stale answer is
 * dropped) and draws it in refresh().
 */
import { el } from '../dom';
import { prepare, type Frame } from './plotframe';

export abstract class PlotView<D> {
  readonly controls: HTMLDivElement;
  readonly root: HTMLDivElement;
  protected readonly area: HTMLDivElement;
  protected readonly canvas: HTMLCanvasElement;
  protected readonly message: HTMLDivElement;
  protected readonly readout: HTMLDivElement;
  protected data: D | undefined;
  protected visible = false;
  protected seq = 0;
  /** The plot area of the last drawing (for hover and zoom). */
  protected frame: Frame | undefined;
  private raf = 0;
  /** Called when the user changes a setting remembered per file. */
  onSettings: () => void = () => undefined;

  /**
   * `kind`: the class prefix of the view's parts (`hist`, `line`); `rootClass`: its root's class;
   * `base`: the classes it shares with the heatmap's layout (a plot inside the heatmap, such as
   * the linked profiles, takes its own, so that the heatmap's parts stay the first of their class).
   */
  constructor(kind: string, rootClass: string, label: string, hint: string, base = 'heatmap') {
    this.controls = el('div', `heatmap-controls ${kind}-controls`);
    this.root = el('div', `${base} ${rootClass}`);
    this.area = el('div', `${base}-area`);
    this.message = el('div', `${base}-message`);
    this.canvas = el('canvas', `${kind}-canvas`);
    this.readout = el('div', `${base}-readout ${kind}-readout`);
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
    this.canvas.addEventListener('mousemove', (e) => void this.hoverAt(e.offsetX));
    this.message.hidden = true;
    this.readout.setAttribute('aria-live', 'polite');
    this.readout.textContent = hint;
    this.area.append(this.canvas, this.message);
    new ResizeObserver(() => this.schedule()).observe(this.area);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.root.hidden = !visible;
    this.controls.hidden = !visible;
    this.schedule();
  }

  invalidate(): void {
    this.data = undefined;
    this.seq++;
  }

  focus(): void {
    this.canvas.focus();
  }

  /** The plot as drawn (for Export PNG), while there is one. */
  snapshot(): HTMLCanvasElement | undefined {
    return this.data && !this.canvas.hidden ? this.canvas : undefined;
  }

  /** Refreshes on the next frame (once, however often it is asked) while the view is shown. */
  protected schedule(): void {
    if (!this.visible || this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      if (this.visible) this.refresh();
    });
  }

  /** The data, a cleared canvas sized to its box and the plot area to draw in; nothing when there is nothing to draw. */
  protected startDraw(): { d: D; ctx: CanvasRenderingContext2D; frame: Frame } | undefined {
    const d = this.data;
    if (!d || !this.visible) return undefined;
    const prep = prepare(this.canvas, this.area);
    if (!prep) return undefined;
    this.frame = prep.frame;
    return { d, ctx: prep.ctx, frame: prep.frame };
  }

  /** Draws what is loaded, or loads what the view needs. */
  protected abstract refresh(): void;
  /** The readout for the pointer at `x` (CSS pixels in the canvas). */
  protected abstract hoverAt(x: number): void | Promise<void>;
}

/** The Line view as drawn, for the viewer benchmark (its canvas's columns once drawn; loading). */
export function lineProbe(): { columns?: number; busy: boolean } {
  const c = document.querySelector<HTMLCanvasElement>('.lineplot .line-canvas');
  const columns = Number(c?.dataset.columns);
  return { columns: columns > 0 ? columns : undefined, busy: !c || !!c.closest('.loading') };
}
