/**
 * ViewerSession: the host side of one open viewer, free of `vscode` so it runs in tests and
 * benchmarks. It answers the webview's protocol requests (through the handler table of
 * handlers.ts) from an opened engine file, reading only the rectangle each request asks for
 * (never the whole array), and never more than a page's budget of cells, values and bytes.
 */
import type {
  CopyMode, FileInfo, FirstView, FormatSettings, MemberInfo, PageData, PageRequest, ReadyResponse, Rect, RememberedSettings, ToWebviewMessage,
  ViewInfo, ViewSpec, ViewState,
} from '../shared/protocol';
import { LIMITS } from '../shared/protocol';
import { normalizeFormat, shapeText } from '../shared/format';
import { formatIndexExpr, keptAxes, normalizeSels } from '../shared/indexing/indexexpr';
import { defaultView, firstMember, PAGE_COLS, PAGE_ROWS, viewKey } from '../shared/indexing/views';
import type { ArrayView, NpyArray } from '../npy/format/array';
import { NpyError } from '../npy/errors';
import { expandIndex, parseIndexExpr } from '../npy/format/indexexpr';
import type { OpenedAny } from '../npy/format/open';
import { makeFormatters, type CellFormatter } from './cells';
import { elementTexts, joinCopy } from './copytext';
import { type AnyMember, containerOf, describeArray, describeMember, fileKind, listedMember, type MemberContainer, memberKey } from './describe';
import { StatsCache, StatsJobs } from './statsjobs';
import { axisRanges, orient } from './viewspec';

export interface SessionOptions {
  fileName: string;
  sizeOnDisk: number;
  settings: FormatSettings;
  /** Localised UI strings for the webview (ReadyResponse.strings). */
  strings?: Record<string, string>;
  /** The view state to restore, sent with the ready reply. */
  restore?: ViewState;
  /** The default colormap of shaded cells (ReadyResponse.shadeColormap). */
  shadeColormap?: string;
  /** The settings last used on this file (ReadyResponse.remembered). */
  remembered?: RememberedSettings;
  /** Events for the webview (inflate progress of compressed members). */
  onEvent?(e: ToWebviewMessage): void;
  /** Largest copy, in cells (a bigger selection gets an error suggesting Export; default LIMITS.copyCells). */
  maxCopyCells?: number;
  /** Largest copy's text, in characters (default LIMITS.copyChars). */
  maxCopyChars?: number;
  /**
   * How long the ready reply waits for npz member headers (ms). Members not read by then are
   * sent as pending, and a 'members' event brings the whole list once every header is read.
   */
  readyBudgetMs?: number;
  /**
   * Statistics results are kept here (the editor shares one cache among its viewers) under
   * statsKey, the file's identity (path, size and mtime): a changed file has another key. Without
   * them the session keeps its own cache.
   */
  statsCache?: StatsCache;
  statsKey?: string;
  /**
   * The file changed on disk under a read (NpyError 'changed' from the source's verify()): the
   * editor reopens it. The read itself fails with that error, so no page mixes old and new bytes.
   */
  onFileChanged?(e: NpyError): void;
}

/** A resolved view: the oriented ArrayView (row axis first) and what the webview is told. */
export interface GridView {
  view: ArrayView;
  info: ViewInfo;
  array: NpyArray;
}

const PROGRESS_INTERVAL_MS = 100;
/** An archive with hundreds of compressed members takes ~1-2 ms per header here: don't hold the first screen for all. */
const READY_BUDGET_MS = 150;

export class ViewerSession {
  settings: FormatSettings;
  private formatters: { key: string; dtype: unknown; fmts: CellFormatter[] } | undefined;
  private readonly members = new Map<string, Promise<NpyArray>>();
  private readonly views = new Map<string, Promise<GridView>>();
  private infoCache: Promise<FileInfo> | undefined;
  /** Members whose header has been read (or failed), by memberKey (an npz member's zip name). */
  private readonly memberInfos = new Map<string, MemberInfo>();
  /** Set by dispose(): late results (the members event) are no longer sent. */
  private disposed = false;
  /** Statistics and go-to jobs (progress, cancel, cache). */
  readonly stats: StatsJobs;

  constructor(readonly opened: OpenedAny, private readonly opts: SessionOptions) {
    this.settings = normalizeFormat(opts.settings);
    this.container = containerOf(opened);
    this.stats = new StatsJobs({
      resolve: (spec) => this.resolve(spec),
      onEvent: (e) => { if (!this.disposed) opts.onEvent?.(e); },
      cache: opts.statsCache ?? new StatsCache(),
      fileKey: opts.statsKey ?? '',
    });
  }

  /** The file's named arrays (npz members, safetensors tensors); undefined for a single array. */
  private readonly container: MemberContainer | undefined;

  /**
   * The ready reply: the file, and the first screen for `restore` (default: the session's). For an
   * npz it waits for member headers only up to the budget, and always for the member it starts
   * on; the rest are marked pending and follow in a 'members' event. `startMember`: an npz member
   * to start on in its default view (Open Member); it replaces `restore`.
   */
  async ready(restore: ViewState | undefined = this.opts.restore, startMember?: string): Promise<ReadyResponse> {
    const file = await this.fileInfoWithin(this.opts.readyBudgetMs ?? READY_BUDGET_MS, startMember ?? restore?.view?.member);
    if (startMember !== undefined) {
      const m = file.members?.find((x) => x.name === startMember);
      restore = { view: defaultView(startMember, m?.info?.shape), scrollRow: 0, scrollCol: 0 };
    }
    const first = await this.firstView(restore, file);
    const { shadeColormap, remembered } = this.opts;
    return { file, settings: this.settings, strings: this.opts.strings ?? {}, restore, first, ...(shadeColormap ? { shadeColormap } : {}), ...(remembered ? { remembered } : {}) };
  }

  private async fileInfoWithin(budgetMs: number, want: string | undefined): Promise<FileInfo> {
    const full = this.fileInfo();
    const c = this.container;
    if (!c) return full;
    const all: readonly AnyMember[] = c.members;
    // The member shown first: the one asked for if it is an array, else the first array.
    const wanted = want === undefined ? undefined : all.find((m) => m.name === want);
    if (!(wanted && (await this.memberInfo(wanted)).info)) {
      // In order, until one is an array: NumPy decides by the first bytes, not the name.
      for (const m of all) if ((await this.memberInfo(m)).info) break;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const inTime = await Promise.race([
      full.then(() => true, () => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), budgetMs); }),
    ]);
    clearTimeout(timer);
    if (inTime) return full;
    full.then((f) => { if (!this.disposed) this.opts.onEvent?.({ type: 'members', members: f.members ?? [] }); }, () => undefined);
    const members = all.map((m): MemberInfo => this.memberInfos.get(memberKey(m)) ?? { ...listedMember(m), pending: true });
    return { fileName: this.opts.fileName, sizeOnDisk: this.opts.sizeOnDisk, ...fileKind(this.opened), members };
  }

  /**
   * What the webview will show first for `restore` (a saved view and scroll position), resolved,
   * with the pages that cover its first screen: two page rows and two page columns from the
   * restored top-left cell (ReadyResponse.first). Undefined when there is nothing to show or the
   * view does not resolve; the webview then asks as usual and shows the error itself. `file`:
   * the file as the webview is told it (default: with every member header).
   */
  async firstView(restore: ViewState | undefined, file?: FileInfo): Promise<FirstView | undefined> {
    let saved: Partial<ViewState> = restore ?? {};
    file ??= await this.fileInfo();
    let view: ViewSpec;
    if (file.format === 'npz') {
      const m = firstMember(file.members ?? [], saved.view?.member);
      if (!m?.info) return undefined;
      // Another member than the saved one starts at the top, in its default view (as the webview does).
      if (saved.view?.member !== m.name) saved = {};
      view = saved.view ?? defaultView(m.name, m.info.shape);
    } else {
      if (!file.array) return undefined;
      view = saved.view ?? defaultView(undefined, file.array.shape);
    }
    let info: ViewInfo;
    try {
      info = (await this.resolve(view)).info;
    } catch {
      return undefined;
    }
    const pages: PageData[] = [];
    for (const row0 of pageStarts(saved.scrollRow, info.rows, PAGE_ROWS)) {
      for (const col0 of pageStarts(saved.scrollCol, info.cols, PAGE_COLS)) {
        pages.push(await this.getPage({ view, row0, rows: PAGE_ROWS, col0, cols: PAGE_COLS }));
      }
    }
    return { view, info, pages };
  }

  /** What the file holds; for an npz every member's header is read (not its data). */
  fileInfo(): Promise<FileInfo> {
    this.infoCache ??= this.buildFileInfo();
    return this.infoCache;
  }

  private async buildFileInfo(): Promise<FileInfo> {
    const base = { fileName: this.opts.fileName, sizeOnDisk: this.opts.sizeOnDisk, ...fileKind(this.opened) };
    const o = this.opened;
    if (o.kind === 'npy') return { ...base, array: describeArray(o.array.header) };
    const members: MemberInfo[] = [];
    for (const m of this.container?.members ?? []) members.push(await this.memberInfo(m));
    return { ...base, members };
  }

  /** One member as np.load sees it (describeMember); read once. */
  private async memberInfo(m: AnyMember): Promise<MemberInfo> {
    const key = memberKey(m);
    const done = this.memberInfos.get(key);
    if (done) return done;
    const mi = this.container ? await describeMember(this.container, m) : listedMember(m);
    this.memberInfos.set(key, mi);
    return mi;
  }

  /** Formats with `s` from now on; values out of range are clamped (src/shared/format.ts), never refused. */
  setFormat(s: FormatSettings): FormatSettings {
    this.settings = normalizeFormat(s);
    return this.settings;
  }

  /** The array a view refers to (the .npy, or a member opened once and cached). */
  arrayFor(member: string | undefined): Promise<NpyArray> {
    const o = this.opened;
    const c = this.container;
    if (o.kind === 'npy' || !c) {
      if (member !== undefined && member !== '') throw new NpyError('usage', `${this.opts.fileName} holds one array; it has no member '${member}'`);
      if (o.kind !== 'npy') throw new NpyError('usage', `${this.opts.fileName}: no array`);
      return Promise.resolve(o.array);
    }
    if (member === undefined || member === '') throw new NpyError('usage', `${this.opts.fileName} holds several arrays: choose a member`);
    // The viewer names members as listed ('x' for x.npy); only then a zip name. NpzFile.member
    // tries zip names first, so 'x.npy' would mean the zip entry x.npy, not the member x.npy.npy.
    const members: readonly AnyMember[] = c.members;
    let m: AnyMember | undefined;
    for (let i = members.length - 1; i >= 0 && !m; i--) if (members[i].name === member) m = members[i];
    m ??= c.member(member);
    const key = memberKey(m);
    let p = this.members.get(key);
    if (!p) {
      p = c.openArray(key, { onProgress: this.progressReporter(m.name) });
      this.members.set(key, p);
      // A failed open is not cached, so the user can retry.
      p.catch(() => this.members.delete(key));
    }
    return p;
  }

  private progressReporter(member: string): (done: number, total: number) => void {
    let last = 0;
    return (done, total) => {
      const now = Date.now();
      if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.opts.onEvent?.({ type: 'progress', member, done, total });
    };
  }

  /** Resolves a ViewSpec (cached per spec); errors are NpyErrors naming the axis and bound. */
  resolve(spec: ViewSpec): Promise<GridView> {
    const key = viewKey(spec);
    let p = this.views.get(key);
    if (!p) {
      p = this.checked(this.resolveUncached(spec));
      this.views.set(key, p);
      p.catch(() => this.views.delete(key));
      if (this.views.size > 32) this.views.delete(this.views.keys().next().value as string);
    }
    return p;
  }

  private async resolveUncached(spec: ViewSpec): Promise<GridView> {
    const array = await this.arrayFor(spec.member);
    const shape = array.shape;
    const sels = expandIndex(parseIndexExpr(spec.index), shape.length);
    const indexed = array.view().index(sels);
    const ndim = indexed.shape.length;
    if (ndim > 2) {
      throw new NpyError('index', `the index leaves ${ndim} axes (shape ${shapeText(indexed.shape)}); the grid shows at most 2, so give an integer index for ${ndim - 2} more axis${ndim - 2 > 1 ? 'es' : ''}`);
    }
    const { view, rowAxis, colAxis } = orient(indexed, spec);
    const axisSels = normalizeSels(sels, shape);
    const info: ViewInfo = {
      shape: [...indexed.shape],
      sourceAxes: keptAxes(sels),
      index: formatIndexExpr(axisSels),
      axisSels,
      rowAxis,
      colAxis,
      rows: rowAxis >= 0 ? indexed.shape[rowAxis] : 1,
      cols: colAxis >= 0 ? indexed.shape[colAxis] : 1,
      ranges: axisRanges(sels, shape),
    };
    return { view, info, array };
  }

  private fmts(array: NpyArray): CellFormatter[] {
    const key = JSON.stringify([this.settings, array.header.headerText]);
    // Same header text, other values: object arrays' dtypes carry their objects, so compare the dtype too.
    if (this.formatters?.key !== key || this.formatters.dtype !== array.dtype) {
      this.formatters = { key, dtype: array.dtype, fmts: makeFormatters(array.dtype, this.settings) };
    }
    return this.formatters.fmts;
  }

  /** Reads and formats a rectangle, clipped to the view. */
  async getPage(req: PageRequest): Promise<PageData> {
    const gv = await this.resolve(req.view);
    const fmts = this.fmts(gv.array);
    const itemsize = gv.array.dtype.itemsize;
    const rect = clip(req, gv.info.rows, gv.info.cols);
    // Within a page's limits: rows, columns, and the cell budget (cut rows first, then columns).
    rect.rows = Math.min(rect.rows, LIMITS.pageRows);
    rect.cols = Math.min(rect.cols, LIMITS.pageCols);
    const budget = cellBudget(fmts.length, itemsize);
    rect.cols = Math.min(rect.cols, budget);
    if (rect.rows * rect.cols > budget) rect.rows = Math.max(1, Math.floor(budget / rect.cols));
    const fieldCount = fmts.length;
    const values: string[] = [];
    const flags: number[] = [];
    if (rect.rows > 0 && rect.cols > 0) {
      const bytes = await this.checked(readRect(gv, rect));
      const n = rect.rows * rect.cols;
      for (let k = 0; k < n; k++) {
        for (const f of fmts) {
          const c = f(bytes, k * itemsize);
          values.push(c.text);
          flags.push(c.flag);
        }
      }
    }
    return { ...rect, fieldCount, values, flags };
  }

  /**
   * Formats a rectangle as tab-separated text (rows on lines), read in chunks of a page's budget.
   * Refused with a message past maxCopyCells elements or maxCopyChars characters of text.
   */
  async copy(req: PageRequest & { mode?: CopyMode }): Promise<CopyResult> {
    const gv = await this.resolve(req.view);
    const mode = req.mode ?? 'shown';
    const fmts = elementTexts(gv.array.dtype, mode, this.fmts(gv.array));
    const rect = clip(req, gv.info.rows, gv.info.cols);
    const cells = rect.rows * rect.cols;
    const max = this.opts.maxCopyCells ?? LIMITS.copyCells;
    if (cells > max) {
      throw new NpyError('usage', `the selection has ${cells} cells; copying is limited to ${max}. Use Export… for larger slices`);
    }
    const maxChars = this.opts.maxCopyChars ?? LIMITS.copyChars;
    const itemsize = gv.array.dtype.itemsize;
    const budget = cellBudget(fmts.length, itemsize);
    const chunkCols = Math.max(1, Math.min(rect.cols, budget));
    const chunkRows = Math.max(1, Math.floor(budget / chunkCols));
    const lines: string[][] = [];
    let chars = 0;
    for (let r = rect.row0; r < rect.row0 + rect.rows; r += chunkRows) {
      const rows = Math.min(chunkRows, rect.row0 + rect.rows - r);
      const parts: string[][] = Array.from({ length: rows }, () => []);
      for (let c = rect.col0; c < rect.col0 + rect.cols; c += chunkCols) {
        const sub = { row0: r, rows, col0: c, cols: Math.min(chunkCols, rect.col0 + rect.cols - c) };
        const bytes = await this.checked(readRect(gv, sub));
        for (let i = 0; i < sub.rows; i++) {
          for (let j = 0; j < sub.cols; j++) {
            const off = (i * sub.cols + j) * itemsize;
            for (const f of fmts) {
              const text = f(bytes, off);
              chars += text.length + 1;
              parts[i].push(text);
            }
          }
        }
        if (chars > maxChars) {
          throw new NpyError('usage', `the selection's text is longer than ${maxChars} characters; use Export… for larger slices`);
        }
      }
      lines.push(...parts);
    }
    return { cells, text: joinCopy(mode, gv.array.dtype, lines, rect, gv.view.shape.length, gv.info.rowAxis) };
  }

  /**
   * The result of work that read the file, once the file is known to be the one opened: checked
   * after the work, so a change before or during it fails it (NpyError 'changed') and tells the
   * editor; so does a failure the change caused (a short read, a header that no longer parses).
   * Statistics, find and heatmap answers go through it too (handlers.ts).
   */
  async checked<T>(work: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work;
    } catch (e) {
      await this.verifyFile();
      throw e;
    }
    await this.verifyFile();
    return result;
  }

  /** Rejects with the source's NpyError 'changed' (and tells the editor); other failures of the check are the work's to report. */
  private async verifyFile(): Promise<void> {
    try {
      await this.opened.source.verify?.();
    } catch (e) {
      if (!(e instanceof NpyError && e.code === 'changed')) return;
      if (!this.disposed) this.opts.onFileChanged?.(e);
      throw e;
    }
  }

  /** Closes the file and every opened npz member. */
  async close(): Promise<void> {
    await this.dispose();
    await this.opened.close();
  }

  /**
   * Releases what the session opened itself (npz members) and its caches, but not the file,
   * which belongs to whoever opened it (the editor's document).
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stats.cancelAll();
    const opened = [...this.members.values()];
    this.members.clear();
    this.views.clear();
    for (const p of opened) {
      try {
        await (await p).close();
      } catch {
        // Already failed or closed: nothing to release.
      }
    }
  }
}


/** A copied rectangle: elements, and their text (the editor puts it on the clipboard). */
export interface CopyResult { cells: number; text: string }

/** Elements one read may cover: a page's budget of cells, of values (cells × fields) and of bytes. */
function cellBudget(fields: number, itemsize: number): number {
  return Math.max(1, Math.min(LIMITS.pageCells, Math.floor(LIMITS.pageValues / Math.max(1, fields)),
    Math.floor(LIMITS.pageBytes / Math.max(1, itemsize))));
}

function clip(req: PageRequest, rows: number, cols: number): Rect {
  const int = (v: number): number => (Number.isFinite(v) ? Math.floor(v) : 0);
  const row0 = Math.min(rows, Math.max(0, int(req.row0)));
  const col0 = Math.min(cols, Math.max(0, int(req.col0)));
  return {
    row0,
    rows: Math.max(0, Math.min(rows - row0, int(req.rows))),
    col0,
    cols: Math.max(0, Math.min(cols - col0, int(req.cols))),
  };
}

/** Packed row-major bytes of a rectangle of the oriented view. */
function readRect(gv: GridView, r: Rect): Promise<Uint8Array> {
  const nd = gv.view.shape.length;
  if (nd === 2) return gv.view.readBlock([r.row0, r.col0], [r.rows, r.cols]);
  if (nd === 1) return gv.info.rowAxis === 0 ? gv.view.readBlock([r.row0], [r.rows]) : gv.view.readBlock([r.col0], [r.cols]);
  return gv.view.readBlock([], []);
}


/**
 * First elements of the (at most two) pages along one axis that hold a screen starting at `at`:
 * its page and the next, or the one before when `at` is in the last page (the grid then scrolls
 * back to fill the screen).
 */
function pageStarts(at: number | undefined, size: number, page: number): number[] {
  if (size <= 0) return [];
  const row = at !== undefined && Number.isFinite(at) ? Math.min(size - 1, Math.max(0, Math.floor(at))) : 0;
  const p = Math.floor(row / page);
  const last = Math.floor((size - 1) / page);
  const pair = p < last ? [p, p + 1] : p > 0 ? [p - 1, p] : [p];
  return pair.map((x) => x * page);
}
