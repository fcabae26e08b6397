/**
 * Two handles (low, high) laid over a plot's x axis that set a domain: dragged with the pointer or
 * moved with the arrow keys (1 % of the axis a press; Shift 10 %; Home/End to the ends), each a
 * focusable slider (role, aria values), the band between them shaded, and the two values shown
 * beside the handles while they move. The owner lays them out after each drawing (plot area and
 * the axis's range) and hears `input` while they move and `change` when a move ends.
 */
import { el } from '../dom';

export interface DomainRange { low: number; high: number }

export interface DomainHandlesEvents {
  /** While dragging (every move). */
  input(d: DomainRange): void;
  /** A drag ended, or a key moved a handle. */
  change(d: DomainRange): void;
}

/** Where the axis is: its plot area's left and width (CSS px, in the layer) and the values at its ends. */
export interface AxisPlace { left: number; top: number; width: number; height: number; low: number; high: number }

export class DomainHandles {
  readonly root = el('div', 'domain-handles');
  private readonly band = el('div', 'domain-band');
  private readonly lowHandle: HTMLDivElement;
  private readonly highHandle: HTMLDivElement;
  private readonly label = el('div', 'domain-label');
  private axis: AxisPlace | undefined;
  private domain: DomainRange | undefined;
  private dragging: 'low' | 'high' | undefined;

  /** `names`: the handles' accessible names; `title`: their tooltip; `format`: a value as text. */
  constructor(private readonly events: DomainHandlesEvents, names: { low: string; high: string }, title: string,
    private readonly format: (v: number) => string = (v) => String(v)) {
    this.lowHandle = this.handle('low', names.low, title);
    this.highHandle = this.handle('high', names.high, title);
    this.label.hidden = true;
    this.root.append(this.band, this.lowHandle, this.highHandle, this.label);
    this.root.hidden = true;
  }

  /** The domain shown (undefined: none yet). */
  get value(): DomainRange | undefined {
    return this.domain && { ...this.domain };
  }

  /** Shows `d` on the axis (clamped to it when drawn); undefined hides the handles. */
  layout(axis: AxisPlace | undefined, d: DomainRange | undefined): void {
    this.axis = axis && axis.high > axis.low ? axis : undefined;
    if (!this.dragging) this.domain = d && { ...d };
    this.place();
  }

  private handle(which: 'low' | 'high', name: string, title: string): HTMLDivElement {
    const h = el('div', `domain-handle domain-${which}`);
    h.tabIndex = 0;
    h.title = title;
    h.setAttribute('role', 'slider');
    h.setAttribute('aria-label', name);
    h.dataset.handle = which;
    h.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !this.axis) return;
      e.preventDefault();
      h.focus();
      h.setPointerCapture(e.pointerId);
      this.dragging = which;
      this.label.hidden = false;
    });
    h.addEventListener('pointermove', (e) => {
      if (this.dragging !== which || !this.axis) return;
      const box = this.root.getBoundingClientRect();
      this.move(which, this.valueAt(e.clientX - box.left));
      this.events.input(this.domain!);
    });
    const end = (): void => {
      if (this.dragging !== which) return;
      this.dragging = undefined;
      this.label.hidden = true;
      if (this.domain) this.events.change({ ...this.domain });
    };
    h.addEventListener('pointerup', end);
    h.addEventListener('pointercancel', end);
    h.addEventListener('keydown', (e) => this.onKey(which, e));
    return h;
  }

  private onKey(which: 'low' | 'high', e: KeyboardEvent): void {
    const a = this.axis;
    if (!a) return;
    const span = a.high - a.low;
    const d = this.domain ?? { low: a.low, high: a.high };
    const now = which === 'low' ? d.low : d.high;
    let to: number;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') to = now - span * (e.shiftKey ? 0.1 : 0.01);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') to = now + span * (e.shiftKey ? 0.1 : 0.01);
    else if (e.key === 'Home') to = a.low;
    else if (e.key === 'End') to = a.high;
    else return;
    e.preventDefault();
    e.stopPropagation();
    this.move(which, to);
    this.events.change({ ...this.domain! });
  }

  /** The value at x (layer px), on the axis. */
  private valueAt(x: number): number {
    const a = this.axis!;
    const f = Math.min(1, Math.max(0, (x - a.left) / a.width));
    return a.low + f * (a.high - a.low);
  }

  /**
   * Moves one end to `v`, rounded to a round number about a pixel's worth of the axis (so a drag
   * gives 24.7, not 24.6893…), within the axis and not past the other end.
   */
  private move(which: 'low' | 'high', v: number): void {
    const a = this.axis!;
    const d = this.domain ?? { low: a.low, high: a.high };
    const gap = (a.high - a.low) / Math.max(1, a.width);
    const q = 10 ** Math.floor(Math.log10(gap));
    if (Number.isFinite(q) && q > 0) v = Number((Math.round(v / q) * q).toPrecision(15));
    v = Math.min(a.high, Math.max(a.low, v));
    if (which === 'low') d.low = Math.min(v, d.high - gap);
    else d.high = Math.max(v, d.low + gap);
    this.domain = d;
    this.place();
  }

  private place(): void {
    const a = this.axis, d = this.domain;
    this.root.hidden = !a;
    if (!a) return;
    const show = d ?? { low: a.low, high: a.high };
    const xOf = (v: number): number => a.left + Math.min(1, Math.max(0, (v - a.low) / (a.high - a.low))) * a.width;
    const x0 = xOf(show.low), x1 = xOf(show.high);
    for (const [h, x, v] of [[this.lowHandle, x0, show.low], [this.highHandle, x1, show.high]] as const) {
      h.style.left = `${x}px`;
      h.style.top = `${a.top}px`;
      h.style.height = `${a.height}px`;
      h.setAttribute('aria-valuemin', String(a.low));
      h.setAttribute('aria-valuemax', String(a.high));
      h.setAttribute('aria-valuenow', String(v));
      h.setAttribute('aria-valuetext', this.format(v));
      h.dataset.value = String(v);
    }
    this.band.style.left = `${x0}px`;
    this.band.style.width = `${Math.max(0, x1 - x0)}px`;
    this.band.style.top = `${a.top}px`;
    this.band.style.height = `${a.height}px`;
    this.band.hidden = !d;
    this.label.textContent = `${this.format(show.low)} … ${this.format(show.high)}`;
    this.label.style.left = `${(x0 + x1) / 2}px`;
    this.label.style.top = `${a.top}px`;
  }
}
