/**
 * Worker threads for the engine's heavy loops, started from source text (`eval`), so no separate
 * worker file has to exist: the same code runs from tsc output, the CLI bundle and the extension
 * bundle. The loop is given as source text: an expression whose value is the handler from one job
 * to `{ value, transfer }`, usually built from a self-contained factory (no imports, no outside
 * names) as `(${factory.toString()})().handle`.
 */
import type { Worker } from 'worker_threads';
import * as os from 'os';

/** A job's answer: the value posted back and the buffers moved (not copied) with it. */
export interface Reply { value: unknown; transfer?: ArrayBuffer[] }

/** The logical cores of this machine. */
export function coreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * NPYVIEW_WORKERS=n (0–8) forces the number of worker threads of every pool (tests and
 * measurements); undefined when unset or not such a number.
 */
export function forcedWorkers(): number | undefined {
  const text = process.env.NPYVIEW_WORKERS;
  const n = Number(text);
  return text && Number.isInteger(n) && n >= 0 ? Math.min(n, 8) : undefined;
}

/**
 * What every worker runs: it waits for its handler's source text, then answers jobs with it. A
 * worker can so be started before the code that knows its work has loaded (startSpareWorkers).
 */
const WORKER_SOURCE = `
const { parentPort } = require('worker_threads');
let handle;
parentPort.on('message', (m) => {
  if (m.source !== undefined) { handle = (0, eval)(m.source); return; }
  let r;
  try {
    r = handle(m.job);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.stack) || e) });
    return;
  }
  parentPort.postMessage({ id: m.id, value: r.value }, r.transfer || []);
});
`;

function startWorker(): Worker {
  // Loaded here, not at the top: most runs never start a thread, and loading worker_threads is a
  // few ms of every CLI start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const { Worker: WorkerThread } = require('worker_threads') as typeof import('worker_threads');
  return new WorkerThread(WORKER_SOURCE, { eval: true });
}

/**
 * Started threads no pool has taken yet, shared by every bundle of this process (the CLI's entry
 * starts them, a command's bundle takes them), hence a global under a registered symbol.
 */
const SPARES = Symbol.for('npy-viewer.spare-workers');
interface Spare { w: Worker; drop(): void }
function spareList(): Spare[] {
  const g = globalThis as unknown as Record<symbol, Spare[] | undefined>;
  return (g[SPARES] ??= []);
}

/**
 * Starts `n` threads ahead of the work, for the next pool to take: a thread takes ~60 ms to
 * start, and the CLI's entry starts them while the command's code loads. They never keep the
 * process alive, and one that fails before it is taken is dropped.
 */
export function startSpareWorkers(n: number): void {
  const list = spareList();
  for (let i = 0; i < n; i++) {
    const w = startWorker();
    w.unref();
    const spare: Spare = { w, drop: () => { const k = list.indexOf(spare); if (k >= 0) list.splice(k, 1); } };
    w.once('error', spare.drop);
    w.once('exit', spare.drop);
    list.push(spare);
  }
}

function takeSpares(n: number): Worker[] {
  const list = spareList();
  return list.splice(0, n).map(({ w, drop }) => {
    w.off('error', drop);
    w.off('exit', drop);
    return w;
  });
}

/** Bytes from which the CLI's own thread is joined by workers on a pass over one run of a file. */
export const INLINE_WORKERS_FROM = 256 * 1024 * 1024;

/**
 * Worker threads beside the CLI's own thread for a pass over `bytes` of a file: the other cores
 * from INLINE_WORKERS_FROM (a worker takes ~60 ms to start, while a thread sums ~4 MB a ms), at
 * most 3 (four threads share the memory's bandwidth); NPYVIEW_WORKERS overrides.
 */
export function inlineWorkers(bytes: number): number {
  return forcedWorkers() ?? (bytes < INLINE_WORKERS_FROM ? 0 : Math.max(0, Math.min(coreCount() - 1, 3)));
}

interface Pending { resolve(v: unknown): void; reject(e: Error): void; worker: number }

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly jobs = new Map<number, Pending>();
  private nextId = 0;
  private failed: Error | null = null;

  /**
   * `size` threads, each evaluating `handlerSource` once and then calling the handler for every
   * job. `what` names the work in error messages ("formatting", "statistics").
   */
  constructor(handlerSource: string, size: number, private readonly what: string) {
    const spares = takeSpares(size);
    for (let i = 0; i < size; i++) {
      const w = spares[i] ?? startWorker();
      w.postMessage({ source: handlerSource });
      w.on('message', (m: { id: number; value?: unknown; error?: string }) => {
        const job = this.jobs.get(m.id);
        if (!job) return;
        this.jobs.delete(m.id);
        if (--this.busy[job.worker] === 0) w.unref();
        if (m.error === undefined) job.resolve(m.value); else job.reject(new Error(`${this.what} worker failed: ${m.error}`));
      });
      w.on('error', (e) => this.fail(e));
      w.unref(); // idle workers never keep the process alive
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  get size(): number { return this.workers.length; }

  /** Jobs not yet answered by the least busy thread. */
  get leastBusy(): number { return Math.min(...this.busy); }

  /**
   * Runs one job on the least busy thread. The buffers in `transfer` move to the worker: do not
   * touch them afterwards. While a job is pending its worker keeps the process alive (an awaited
   * promise alone does not: Node would exit in the middle of the work).
   */
  run<T>(job: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const k = this.busy.indexOf(this.leastBusy);
    const w = this.workers[k];
    return new Promise<T>((resolve, reject) => {
      if (this.busy[k]++ === 0) w.ref();
      this.jobs.set(id, { resolve: resolve as (v: unknown) => void, reject, worker: k });
      w.postMessage({ id, job }, transfer);
    });
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const job of this.jobs.values()) job.reject(e);
    this.jobs.clear();
    this.busy.fill(0);
    for (const w of this.workers) w.unref();
  }

  /** Stops every thread at once (a pending job is rejected): also the way to cancel. */
  async close(): Promise<void> {
    this.fail(new Error(`${this.what} pool closed`));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
