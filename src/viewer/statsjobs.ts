/**
 * The viewer's statistics and go-to on the host: each request is a job (named by the webview)
 * that streams through the view with the engine (src/npy/compute/stats.ts, find.ts), reports
 * progress at most every 100 ms, and stops within one chunk when the webview cancels it. Results
 * are kept in a StatsCache under the file's identity (path, size, mtime: see SessionOptions
 * statsKey), so the same statistics are not computed twice while the file is unchanged, even
 * across viewers of it. Nothing here holds array data: a pass keeps a few chunks in flight.
 */
import type { ArrayView } from '../npy/format/array';
import { NpyError } from '../npy/errors';
import { computeStats, type Stats } from '../npy/compute/stats';
import { findNext, type FindWhat } from '../npy/compute/find';
import { floatStr } from '../npy/text/scalarstr';
import type {
  CopyStatsRequest, FindRequest, FindResponse, StatsRequest, StatsResponse, ToWebviewMessage, ViewInfo, ViewSpec,
} from '../shared/protocol';
import { statsText, type GridCell, type StatsScope, type StatsSummary } from '../shared/stats';
import { viewKey } from '../shared/indexing/views';
import type { GridView } from './session';

const PROGRESS_INTERVAL_MS = 100;
/** Jobs running at once per session; a new one past this cancels the oldest (bounded work). */
const MAX_JOBS = 4;

/**
 * Finished statistics by key, least recently used dropped first. One instance is shared by the
 * editor's viewers (keys start with the file's identity); a session without one keeps its own.
 */
export class StatsCache {
  private readonly map = new Map<string, Stats>();

  constructor(private readonly max = 64) {}

  get(key: string): Stats | undefined {
    const s = this.map.get(key);
    if (s) {
      this.map.delete(key);
      this.map.set(key, s);
    }
    return s;
  }

  set(key: string, s: Stats): void {
    this.map.delete(key);
    this.map.set(key, s);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  get size(): number { return this.map.size; }
}

/** What StatsJobs needs from its session. */
export interface StatsHost {
  resolve(spec: ViewSpec): Promise<GridView>;
  onEvent?(e: ToWebviewMessage): void;
  cache: StatsCache;
  /** The file's identity (path, size, mtime): the first part of every cache key. */
  fileKey: string;
}

export class StatsJobs {
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly host: StatsHost) {}

  /** Statistics of a view or its whole array, from the cache or computed now. */
  async stats(req: StatsRequest): Promise<StatsResponse> {
    const gv = await this.host.resolve(req.view);
    const key = this.key(gv, req.view.member, req.scope);
    const cached = this.host.cache.get(key);
    const s = cached ?? await this.run(req.job, (signal, onProgress) => computeStats(target(gv, req.scope), { signal, onProgress }));
    if (!cached) this.host.cache.set(key, s);
    return { stats: summarize(s, req.scope, gv), cached: !!cached };
  }

  /** The next / previous NaN, infinity, min or max of the grid's view from a cell. */
  async find(req: FindRequest): Promise<FindResponse> {
    const gv = await this.host.resolve(req.view);
    const view = gv.view;
    const from = req.from ? flatOf(gv.info, req.from) : req.direction === 1 ? -1 : view.size;
    if (from < -1 || from > view.size) throw new NpyError('usage', `the cell ${req.from!.row}, ${req.from!.col} is outside the view`);
    return this.run(req.job, async (signal, onProgress) => {
      let stats: Stats | undefined;
      if (req.what === 'min' || req.what === 'max') {
        const key = this.key(gv, req.view.member, 'slice');
        stats = this.host.cache.get(key);
        if (!stats) {
          stats = await computeStats(view, { signal, onProgress });
          this.host.cache.set(key, stats);
        }
      }
      const what: FindWhat = req.what;
      const hit = await findNext(view, what, from, req.direction, { signal, onProgress, stats });
      return { found: hit ? cellOf(gv.info, hit.index) : null, wrapped: hit?.wrapped ?? false };
    });
  }

  /** The statistics of a view as text, if computed (the webview's Copy button). */
  async copyText(req: CopyStatsRequest): Promise<string | undefined> {
    const gv = await this.host.resolve(req.view);
    const s = this.host.cache.get(this.key(gv, req.view.member, req.scope));
    return s && statsText(summarize(s, req.scope, gv));
  }

  /** The statistics of a view or its whole array when already computed (the histogram takes its range from them). */
  cached(gv: GridView, member: string | undefined, scope: StatsScope): Stats | undefined {
    return this.host.cache.get(this.key(gv, member, scope));
  }

  /** Stops a job; its request then fails with 'cancelled'. Unknown (finished) jobs are ignored. */
  cancel(job: number): void {
    this.running.get(job)?.abort();
  }

  /** Stops every job (the viewer closed or the file changed). */
  cancelAll(): void {
    for (const ac of this.running.values()) ac.abort();
  }

  /** Runs work as job `job` (progress events, cancel); also the histogram's (src/viewer/handlers.ts). */
  async run<T>(job: number, work: (signal: AbortSignal, onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
    this.running.get(job)?.abort();
    if (this.running.size >= MAX_JOBS) this.cancel(this.running.keys().next().value as number);
    const ac = new AbortController();
    this.running.set(job, ac);
    let last = 0;
    const onProgress = (done: number, total: number): void => {
      const now = Date.now();
      if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.host.onEvent?.({ type: 'jobProgress', job, done, total });
    };
    try {
      return await work(ac.signal, onProgress);
    } finally {
      if (this.running.get(job) === ac) this.running.delete(job);
    }
  }

  private key(gv: GridView, member: string | undefined, scope: StatsScope): string {
    const view = scope === 'array' ? 'array' : viewKey({ member, index: gv.info.index, rowAxis: gv.info.rowAxis, colAxis: gv.info.colAxis });
    return JSON.stringify([this.host.fileKey, member ?? null, view]);
  }
}

/** The view statistics are of: the grid's (oriented) view, or the whole array. */
function target(gv: GridView, scope: StatsScope): ArrayView {
  return scope === 'array' ? gv.array.view() : gv.view;
}

/** The engine's Stats as the webview gets them (keys dropped, mean/std as Python's repr). */
export function summarize(s: Stats, scope: StatsScope, gv: GridView): StatsSummary {
  const real = (x: number | null): string | null => (x === null ? null : floatStr(x, 64));
  const out: StatsSummary = {
    scope,
    shape: scope === 'array' ? [...gv.array.shape] : [...gv.view.shape],
    count: s.count, finite: s.finite, nan: s.nan, posinf: s.posinf, neginf: s.neginf, zeros: s.zeros,
    min: s.min, max: s.max, minNumber: s.minNumber, maxNumber: s.maxNumber,
    mean: real(s.mean), std: real(s.std),
    argmin: s.argmin, argmax: s.argmax,
  };
  if (scope === 'slice') {
    out.minCell = s.argmin && cellOf(gv.info, s.argmin);
    out.maxCell = s.argmax && cellOf(gv.info, s.argmax);
  }
  return out;
}

/** The grid cell of an index of the oriented view (row axis first). */
function cellOf(info: ViewInfo, index: number[]): GridCell {
  if (index.length === 2) return { row: index[0], col: index[1] };
  if (index.length === 1) return info.rowAxis >= 0 ? { row: index[0], col: 0 } : { row: 0, col: index[0] };
  return { row: 0, col: 0 };
}

/** The flat C-order index in the oriented view of a grid cell. */
function flatOf(info: ViewInfo, c: GridCell): number {
  if (c.row < 0 || c.col < 0 || c.row >= info.rows || c.col >= info.cols) return -2;
  if (info.shape.length === 2) return c.row * info.cols + c.col;
  if (info.shape.length === 1) return info.rowAxis >= 0 ? c.row : c.col;
  return 0;
}
