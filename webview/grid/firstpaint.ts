/** When a grid's first screen of data was painted (WebviewProbe.paintedAt, for tests and benchmarks). */
import type { Grid } from './grid';

export class FirstPaint {
  /** Date.now() when every visible cell first showed its text. */
  at: number | undefined;
  private watching = false;

  constructor(private readonly grid: Grid) {}

  /**
   * Notes when every visible cell first shows its text: checked after each frame until then (the
   * grid renders in an animation frame; a task queued from it runs once that frame is painted).
   * Stops while a message is shown instead of the grid, and after 10 s (pages that fail to load
   * never fill in); the next view or page starts it again.
   */
  watch(): void {
    if (this.at !== undefined || this.watching) return;
    this.watching = true;
    const until = Date.now() + 10_000;
    const check = (): void => {
      setTimeout(() => {
        if (this.grid.root.hidden || Date.now() > until) { this.watching = false; return; }
        if (this.grid.rendered().complete) {
          this.at = Date.now();
          this.watching = false;
        } else requestAnimationFrame(check);
      }, 0);
    };
    requestAnimationFrame(check);
  }
}
