/**
 * A vertical sash on the right edge of a panel, as VS Code's own: drag it to set the panel's
 * width, or focus it and use the arrow keys; a double-click gives the panel back the width of its
 * content. The width stays between `min` and what leaves the rest of the window `RESERVE` pixels.
 */
import { el } from '../dom';

/** Pixels the rest of the window keeps, however wide the panel is made. */
const RESERVE = 200;
/** Pixels an arrow key moves the sash. */
const STEP = 16;

export class Sash {
  readonly root = el('div', 'sash');

  /** `resized(width)`: the user set the panel's width (undefined: as wide as its content). */
  constructor(private readonly panel: HTMLElement, label: string, private readonly min: number, private readonly resized: (width: number | undefined) => void) {
    this.root.tabIndex = 0;
    this.root.title = label;
    this.root.setAttribute('role', 'separator');
    this.root.setAttribute('aria-orientation', 'vertical');
    this.root.setAttribute('aria-label', label);
    this.root.addEventListener('pointerdown', (e) => this.drag(e));
    this.root.addEventListener('dblclick', () => this.resized(undefined));
    this.root.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowLeft' ? -STEP : e.key === 'ArrowRight' ? STEP : 0;
      if (!d) return;
      e.preventDefault();
      this.resized(this.clamp(this.panel.getBoundingClientRect().width + d));
    });
  }

  /** A width the panel may have in the window as it is now. */
  clamp(width: number): number {
    const room = (this.panel.parentElement?.getBoundingClientRect().width ?? window.innerWidth) - RESERVE;
    return Math.round(Math.max(this.min, Math.min(width, room)));
  }

  private drag(down: PointerEvent): void {
    if (down.button !== 0) return;
    down.preventDefault();
    const start = this.panel.getBoundingClientRect().width;
    const x0 = down.clientX;
    this.root.setPointerCapture(down.pointerId);
    this.root.classList.add('active');
    const move = (e: PointerEvent): void => {
      // While dragging, only the panel's style changes; the layout is told once, at the end.
      this.panel.style.width = `${this.clamp(start + e.clientX - x0)}px`;
    };
    const up = (e: PointerEvent): void => {
      this.root.removeEventListener('pointermove', move);
      this.root.removeEventListener('pointerup', up);
      this.root.removeEventListener('pointercancel', up);
      this.root.classList.remove('active');
      this.resized(this.clamp(start + e.clientX - x0));
    };
    this.root.addEventListener('pointermove', move);
    this.root.addEventListener('pointerup', up);
    this.root.addEventListener('pointercancel', up);
  }
}
