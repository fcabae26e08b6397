/**
 * One job at a time to a long-lived helper (the engine's worker thread, NumPy's python3 process)
 * with a time limit: a job that takes too long kills the helper and answers `onTimeout`; a helper
 * that dies answers its job with what `start` reports. The next job starts a fresh helper.
 * engine.ts and oracle.ts supply only how to start, message and kill their helper.
 */
import { Outcome } from './outcome';

export interface Helper<Req> {
  send(id: number, req: Req): void;
  kill(): void;
}

export interface HelperEvents {
  /** The answer to job `id`. */
  reply(id: number, o: Outcome): void;
  /** The helper ended (or failed) by itself: the job waiting, if any, gets `o`. */
  died(o: Outcome): void;
}

export class Jobs<Req> {
  private helper: Helper<Req> | null = null;
  private next = 0;
  private waiting: { id: number; resolve: (o: Outcome) => void } | null = null;
  /** Helpers killed at a time limit. */
  restarts = 0;

  constructor(
    private readonly start: (events: HelperEvents) => Helper<Req>,
    private readonly timeoutMs: number,
    private readonly onTimeout: Outcome,
  ) {}

  private settle(id: number | null, o: Outcome): void {
    const w = this.waiting;
    if (!w || (id !== null && w.id !== id)) return;
    this.waiting = null;
    w.resolve(o);
  }

  run(req: Req, timeoutMs = this.timeoutMs): Promise<Outcome> {
    if (this.waiting) throw new Error('Jobs.run: one job at a time');
    if (!this.helper) {
      let h: Helper<Req> | null = null;
      // events of a helper we replaced (killed at a time limit) are not about the job waiting now
      h = this.start({
        reply: (id, o) => { if (this.helper === h) this.settle(id, o); },
        died: (o) => { if (this.helper !== h) return; this.helper = null; this.settle(null, o); },
      });
      this.helper = h;
    }
    const helper = this.helper;
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiting?.id !== id) return;
        this.restarts++;
        this.helper = null;
        helper.kill();
        this.settle(id, { ...this.onTimeout, items: [] });
      }, timeoutMs);
      this.waiting = { id, resolve: (o) => { clearTimeout(timer); resolve(o); } };
      helper.send(id, req);
    });
  }

  close(): void {
    const h = this.helper;
    this.helper = null;
    h?.kill();
  }
}
