/**
 * The engine in-process, but in a worker thread with a heap limit and a time limit per case: a
 * case that loops or allocates without bound is stopped and reported (hang / memory) instead of
 * taking the fuzzer down; the worker is then replaced (jobs.ts).
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Jobs } from './jobs';
import { Outcome } from './outcome';

export class Engine {
  private readonly jobs: Jobs<{ file: string; fmts: string[] }>;

  constructor(timeoutMs = 30000, heapMb = 300) {
    this.jobs = new Jobs((ev) => {
      const w = new Worker(path.join(__dirname, 'engine-worker.js'), {
        resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
      });
      w.on('message', (m: { id: number; outcome: Outcome }) => ev.reply(m.id, m.outcome));
      w.on('error', (e: Error & { code?: string }) => {
        const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
        ev.died({ kind: 'error', error: memory ? 'out of memory' : `worker error: ${e.message}`, items: [], memory, ...(memory ? {} : { crash: e.stack ?? e.message }) });
      });
      w.on('exit', () => ev.died({ kind: 'error', error: 'worker exited', items: [], crash: 'worker exited' }));
      w.unref();
      return { send: (id, req) => w.postMessage({ id, ...req }), kill: () => void w.terminate() };
    }, timeoutMs, { kind: 'error', error: 'timeout', items: [], timeout: true });
  }

  get restarts(): number { return this.jobs.restarts; }

  evaluate(file: string, fmts: string[], timeoutMs?: number): Promise<Outcome> {
    return this.jobs.run({ file, fmts }, timeoutMs);
  }

  close(): void { this.jobs.close(); }
}
