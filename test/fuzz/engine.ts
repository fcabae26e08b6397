/**
 * The engine in-process, but in a worker thread with a heap limit and a time limit per case: a
 * case that loops or allocates without bound is stopped and reported (hang / memory) instead of
 * taking the fuzzer down; the worker is then replaced.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Outcome } from './outcome';

export class Engine {
  private worker: Worker | null = null;
  private next = 0;
  private waiting: { id: number; resolve: (o: Outcome) => void } | null = null;
  restarts = 0;
  /** Heap + external memory the worker reported at most (sampled after each case). */
  peak = 0;

  constructor(private readonly timeoutMs = 30000, private readonly heapMb = 300) {}

  private start(): Worker {
    const w = new Worker(path.join(__dirname, 'engine-worker.js'), {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 32 },
    });
    w.on('message', (m: { id: number; outcome: Outcome }) => {
      if (this.waiting?.id === m.id) {
        const r = this.waiting;
        this.waiting = null;
        r.resolve(m.outcome);
      }
    });
    w.on('error', (e: Error & { code?: string }) => {
      // a worker we stopped (timeout) ends later: the case waiting now is another worker's
      if (this.worker !== w) return;
      this.worker = null;
      const r = this.waiting;
      this.waiting = null;
      const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      r?.resolve({ kind: 'error', error: memory ? 'out of memory' : `worker error: ${e.message}`, items: [], memory, ...(memory ? {} : { crash: e.stack ?? e.message }) });
    });
    w.on('exit', () => {
      if (this.worker !== w) return;
      this.worker = null;
      const r = this.waiting;
      this.waiting = null;
      r?.resolve({ kind: 'error', error: 'worker exited', items: [], crash: 'worker exited' });
    });
    w.unref();
    return w;
  }

  evaluate(file: string, fmts: string[]): Promise<Outcome> {
    if (!this.worker) this.worker = this.start();
    const w = this.worker;
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiting?.id !== id) return;
        this.waiting = null;
        this.restarts++;
        this.worker = null;
        void w.terminate();
        resolve({ kind: 'error', error: 'timeout', items: [], timeout: true });
      }, this.timeoutMs);
      this.waiting = { id, resolve: (o) => { clearTimeout(timer); resolve(o); } };
      w.postMessage({ id, file, fmts });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
