/**
 * Paging: which pages a visible window needs, an LRU cache of pages, and a loader that fetches
 * missing pages (visible first, then a prefetch ring just ahead), a few at a time.
 *
 * Pages are identified by (viewKey, pageRow, pageCol). Entries remember the generation they were
 * loaded in: after a format change or a reload the generation is bumped, stale pages are still
 * shown (so cells never flash empty) until their fresh copy arrives.
 */
import type { PageData, PageRequest, Rect, ViewSpec } from '../src/shared/protocol';
import { errorText } from '../src/shared/errors';
import { PAGE_COLS, PAGE_ROWS, viewKey } from '../src/shared/indexing/views';

export interface PageKey { pr: number; pc: number }

/** A window of the grid, in elements. */
export type Window = Rect;

/** Pages overlapping a window of elements. */
export function pagesFor(w: Window, pageRows = PAGE_ROWS, pageCols = PAGE_COLS): PageKey[] {
  if (w.rows <= 0 || w.cols <= 0) return [];
  const out: PageKey[] = [];
  const pr1 = Math.floor((w.row0 + w.rows - 1) / pageRows);
  const pc1 = Math.floor((w.col0 + w.cols - 1) / pageCols);
  for (let pr = Math.floor(w.row0 / pageRows); pr <= pr1; pr++)
    for (let pc = Math.floor(w.col0 / pageCols); pc <= pc1; pc++) out.push({ pr, pc });
  return out;
}

/**
 * Pages to prefetch: the window grown by one page in the direction of travel (dr, dc = sign of the
 * last scroll move), or by one page each way when not moving. Clipped to the grid.
 */
export function prefetchFor(w: Window, dr: number, dc: number, rows: number, cols: number,
  pageRows = PAGE_ROWS, pageCols = PAGE_COLS): PageKey[] {
  const up = dr < 0 || dr === 0 ? pageRows : 0;
  const down = dr > 0 || dr === 0 ? pageRows : 0;
  const left = dc < 0 || dc === 0 ? pageCols : 0;
  const right = dc > 0 || dc === 0 ? pageCols : 0;
  const row0 = Math.max(0, w.row0 - up);
  const col0 = Math.max(0, w.col0 - left);
  const row1 = Math.min(rows, w.row0 + w.rows + down);
  const col1 = Math.min(cols, w.col0 + w.cols + right);
  return pagesFor({ row0, rows: row1 - row0, col0, cols: col1 - col0 }, pageRows, pageCols);
}

interface Entry { data: PageData; gen: number }

/** Least-recently-used page cache (a Map keeps insertion order; a hit re-inserts). */
export class PageCache {
  private readonly map = new Map<string, Entry>();
  constructor(readonly capacity = 256) {}

  static key(view: string, p: PageKey): string {
    return `${view}#${p.pr},${p.pc}`;
  }

  get(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.map.set(key, e);
    }
    return e;
  }

  /** Like get, without refreshing recency (used while rendering every cell). */
  peek(key: string): Entry | undefined {
    return this.map.get(key);
  }

  set(key: string, data: PageData, gen: number): void {
    this.map.delete(key);
    this.map.set(key, { data, gen });
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

export type Fetch = (req: PageRequest) => Promise<PageData>;

/**
 * Loads pages through `fetch`, at most `concurrency` at once. `want` replaces the queue with
 * what is needed now (older queued requests that are no longer wanted are dropped, so a fast
 * scroll does not leave a backlog); in-flight requests finish and are cached.
 */
export class PageLoader {
  gen = 0;
  private queue: { key: string; view: ViewSpec; p: PageKey }[] = [];
  private readonly inflight = new Set<string>();
  /**
   * Pages whose request failed in this generation: not asked for again until the next
   * invalidate() (otherwise every render after a failure would re-request it, forever).
   */
  private readonly failed = new Set<string>();
  /** The last failure, shown by the grid. */
  lastError: string | undefined;

  constructor(
    readonly cache: PageCache,
    private readonly fetch: Fetch,
    private readonly onLoaded: () => void,
    private readonly concurrency = 4,
    readonly pageRows = PAGE_ROWS,
    readonly pageCols = PAGE_COLS,
  ) {}

  /** Fresh or stale data for a page (stale: loaded under an older generation). */
  lookup(vk: string, p: PageKey): PageData | undefined {
    return this.cache.peek(PageCache.key(vk, p))?.data;
  }

  isFresh(vk: string, p: PageKey): boolean {
    return this.cache.peek(PageCache.key(vk, p))?.gen === this.gen;
  }

  hasFailed(vk: string, p: PageKey): boolean {
    return this.failed.has(PageCache.key(vk, p));
  }

  /** Marks everything stale (format change, reload); failed pages may be tried again. */
  invalidate(): void {
    this.gen++;
    this.failed.clear();
  }

  /** Stores a page that came without a request (the first screen, sent with the ready reply). */
  seed(view: ViewSpec, data: PageData): void {
    const p = { pr: Math.floor(data.row0 / this.pageRows), pc: Math.floor(data.col0 / this.pageCols) };
    this.cache.set(PageCache.key(viewKey(view), p), data, this.gen);
  }

  want(view: ViewSpec, pages: PageKey[]): void {
    const vk = viewKey(view);
    this.queue = [];
    for (const p of pages) {
      const key = PageCache.key(vk, p);
      const e = this.cache.get(key);
      if (e && e.gen === this.gen) continue;
      if (this.inflight.has(`${this.gen}|${key}`) || this.failed.has(key)) continue;
      this.queue.push({ key, view, p });
    }
    this.pump();
  }

  get pending(): number {
    return this.queue.length + this.inflight.size;
  }

  private pump(): void {
    while (this.inflight.size < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const gen = this.gen;
      const tag = `${gen}|${job.key}`;
      if (this.inflight.has(tag)) continue;
      this.inflight.add(tag);
      const req: PageRequest = {
        view: job.view,
        row0: job.p.pr * this.pageRows,
        rows: this.pageRows,
        col0: job.p.pc * this.pageCols,
        cols: this.pageCols,
      };
      this.fetch(req).then(
        (data) => {
          // A page from an older generation is still better than nothing, but never overwrites newer.
          const cur = this.cache.peek(job.key);
          if (!cur || cur.gen <= gen) this.cache.set(job.key, data, gen);
          this.lastError = undefined;
        },
        (e: unknown) => {
          if (gen === this.gen) this.failed.add(job.key);
          this.lastError = errorText(e);
        },
      ).finally(() => {
        this.inflight.delete(tag);
        this.onLoaded();
        this.pump();
      });
    }
  }
}
