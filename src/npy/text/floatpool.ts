/**
 * Worker threads that format blocks of doubles as '%.Ne' rows (the default np.savetxt format),
 * so a large export uses every core. The workers run floatfmt's self-contained factory from its
 * source text, so this works the same from tsc output, the CLI bundle and the extension bundle.
 */
import type { Worker } from 'worker_threads';
import { availableParallelism, cpus } from 'os';
import { floatFormatFactory } from './floatfmt';

export interface BlockLayout { ncols: number; lits: Uint8Array[]; precs: number[]; uppers: boolean[] }

/** The workers' script (built when a pool starts: most runs never start one). */
const workerSource = (): string => `
const { parentPort } = require('worker_threads');
const F = (${floatFormatFactory.toString()})();
parentPort.on('message', (m) => {
  try {
    const out = F.formatBlockE(new Float64Array(m.xs), m.ncols, m.lits, m.precs, m.uppers).slice();
    parentPort.postMessage({ id: m.id, out }, [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.stack || e) });
  }
});
`;

interface Job { resolve(b: Uint8Array): void; reject(e: Error): void }

/**
 * Worker threads worth starting here. Measured on 2 cores: the pool made a 2e6-value export
 * slower (0.46 vs 0.21 of np.savetxt's time) because the main thread needs a core for reading,
 * copying and writing; so only machines with 4+ cores get workers (one core left to the main thread).
 */
export function poolSize(): number {
  const forced = Number(process.env.NPYVIEW_WORKERS);
  if (process.env.NPYVIEW_WORKERS && Number.isInteger(forced) && forced >= 0) return Math.min(forced, 8);
  const n = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return n >= 4 ? Math.min(n - 1, 4) : 0;
}

export class FloatPool {
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private turn = 0;
  private failed: Error | null = null;

  constructor(size: number) {
    // Loaded here, not at the top: most runs never start a pool, and loading worker_threads is
    // a few ms of every CLI start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const { Worker: WorkerThread } = require('worker_threads') as typeof import('worker_threads');
    const source = workerSource();
    for (let i = 0; i < size; i++) {
      const w = new WorkerThread(source, { eval: true });
      w.on('message', (m: { id: number; out?: Uint8Array; error?: string }) => {
        const job = this.jobs.get(m.id);
        if (!job) return;
        this.jobs.delete(m.id);
        if (this.jobs.size === 0) this.setBusy(false);
        if (m.out) job.resolve(m.out); else job.reject(new Error(`formatting worker failed: ${m.error}`));
      });
      w.on('error', (e) => this.fail(e));
      w.unref(); // idle workers never keep the process alive
      this.workers.push(w);
    }
  }

  /** While a job is pending the workers must keep the process alive: the caller awaits them, and
   * an awaited promise alone does not (Node would exit 0 in the middle of an export). */
  private setBusy(busy: boolean): void {
    for (const w of this.workers) { if (busy) w.ref(); else w.unref(); }
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const job of this.jobs.values()) job.reject(e);
    this.jobs.clear();
    this.setBusy(false);
  }

  /** Formats rows of xs (its buffer is transferred to a worker: do not use xs afterwards). */
  format(xs: Float64Array, layout: BlockLayout): Promise<Uint8Array> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const w = this.workers[this.turn++ % this.workers.length];
    const own = xs.byteOffset === 0 && xs.byteLength === xs.buffer.byteLength ? xs : xs.slice();
    return new Promise<Uint8Array>((resolve, reject) => {
      if (this.jobs.size === 0) this.setBusy(true);
      this.jobs.set(id, { resolve, reject });
      w.postMessage({ id, xs: own.buffer, ...layout }, [own.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('formatting pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
