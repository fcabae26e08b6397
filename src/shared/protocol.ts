/**
 * The one message protocol between the extension host (src/editor) and the grid webview (webview/):
 * every message's type, the request → response map, and the limits the host holds requests to.
 * The MessageHandler that carries them is in messages.ts. Imports nothing outside src/shared: it
 * is bundled into both sides.
 *
 * Every message travels in an Envelope. A request carries an `id`; its answer carries
 * `inReplyTo` = that id and either a body or a typed `error` (every request gets one or the other,
 * so the webview never waits forever). Events carry an id but expect no answer. Tags are strings
 * so that message logs read well.
 */
import type { FormatSettings } from './format';
import type { AxisSel } from './indexing/indexexpr';
import type { FindTarget, GridCell, StatsScope, StatsSummary } from './stats';

export interface Envelope<T> {
  id: number;
  inReplyTo?: number;
  body?: T;
  /** Set on a reply whose request got no answer. */
  error?: ReplyError;
}

/** Why a request got no answer. */
export type ReplyErrorCode =
  /** The message failed the host's schema: a field is missing, of the wrong type or out of range. */
  | 'malformed'
  /** No such message type. */
  | 'unknownType'
  /** The handler produced nothing (a bug, reported instead of leaving the sender waiting). */
  | 'noAnswer'
  /** The handler failed; the message is for the user (e.g. an index out of bounds). */
  | 'failed'
  /** No reply came in time, or the handler was disposed first (set by the sender's side). */
  | 'timeout'
  | 'disposed';

export interface ReplyError {
  code: ReplyErrorCode;
  message: string;
}

/**
 * Limits the host holds webview requests to (src/viewer/messages.ts checks every message against
 * its schema before any handler runs; ViewerSession caps the work). A request past a field's
 * limit gets a 'malformed' reply; a page past the cell, value or byte budget is cut to fit (its
 * reply says which rectangle it covers).
 */
export const LIMITS = {
  /** Characters of an index expression (NumPy arrays have at most 64 axes). */
  indexChars: 4096,
  /** Width of the npz member table in CSS pixels (the webview keeps it within its window). */
  membersWidth: 100_000,
  /** Characters of an npz member name (a zip name has at most 65,535 bytes). */
  memberChars: 65_535,
  /** Array axes (NumPy's NPY_MAXDIMS). */
  axes: 64,
  /** Rows and columns one page request may ask for (the webview asks PAGE_ROWS × PAGE_COLS). */
  pageRows: 4096,
  pageCols: 4096,
  /** Elements in one page, values in it (elements × fields of a structured dtype) and bytes read for it. */
  pageCells: 1 << 16,
  pageValues: 1 << 18,
  pageBytes: 64 << 20,
  /** Default largest copy, in elements (ViewerSession's maxCopyCells), and its text in characters. */
  copyCells: 1_000_000,
  copyChars: 32 << 20,
  /** Characters of the error text the webview reports (it may quote a member name). */
  textChars: 1 << 20,
  /** Rows and columns of rendered cells the webview reports, and their text in all (a page's worth). */
  renderedLines: 4096,
  renderedChars: 64 << 20,
  /** Cells across and down one heatmap request may ask for (a canvas in device pixels), and in all. */
  heatmapSide: 8192,
  heatmapCells: 1 << 22,
  /** Cells one heatmapValues request may ask for. */
  heatmapValues: 1 << 16,
  /** Pixel columns of one line-plot envelope, and lines drawn at once. */
  envelopeColumns: 8192,
  envelopeLines: 8,
  /** Bins one histogram request may ask for. */
  histogramBins: 4096,
  /** Bytes of a PNG the webview sends to be saved (base64 text is 4/3 of it). */
  pngBytes: 48 << 20,
} as const;

// ---------------------------------------------------------------- shared data shapes

import type { WebviewProbe } from './probe';
export type { HeatmapProbe, HistogramProbe, LineProbe, PicturesProbe, PlotLineProbe, StartMarks, StatsProbe, WebviewProbe } from './probe';
export type { FormatSettings, Notation } from './format';

/** One array: a whole .npy file or one npz member. */
export interface ArrayInfo {
  /** NumPy's dtype.str-like spelling, e.g. '<f8', '|S5', or the descr of a structured dtype. */
  dtype: string;
  /** NumPy's str(dtype), e.g. 'float64', '<U4', "[('a', '<i4')]". */
  dtypeStr: string;
  /** NumPy's dtype name, e.g. 'float64', 'datetime64[ns]', 'void96' for structured. */
  dtypeName: string;
  /** Plain language, e.g. '64-bit float, little-endian'. */
  dtypeDescription: string;
  shape: number[];
  /** The shape in decimal when a dimension is past 2**53 (an empty array may have one); shape is then rounded. */
  exactShape?: string[];
  fortranOrder: boolean;
  /** Header format version '1.0' | '2.0' | '3.0'. */
  version: string;
  /** Where the array data starts in the .npy (after the header). */
  dataOffset: number;
  /** Bytes of array data (product of shape × itemsize). */
  dataBytes: number;
  /**
   * Display sub-columns per element: [] for plain dtypes (one value per cell), else the flattened
   * field names of a structured dtype ('a', 'b.c', ...), one sub-column each.
   */
  fields: string[];
}

/** An npz member as the zip directory lists it (the engine's NpzMember is this type). */
export interface MemberEntry {
  /** The name NumPy uses: the zip name minus a trailing '.npy'. */
  name: string;
  /** The name inside the zip archive. */
  zipName: string;
  compressed: boolean;
  compressedSize: number;
  uncompressedSize: number;
  /**
   * Whether np.load(npz)[name] gives an array. In a bare listing, a guess from the name (ends
   * with '.npy'); NumPy decides by the member's first bytes, and MemberInfo says what they say.
   */
  isArray: boolean;
}

/** One npz member as np.load sees it (src/viewer/describe.ts describeMember). */
export interface MemberInfo extends MemberEntry {
  /** Present when isArray and the header could be read. */
  info?: ArrayInfo;
  /** Why np.load fails on the member (a bad header, an unreadable zip entry). */
  error?: string;
  /** A safetensors tensor's dtype as the file writes it ('BF16', 'I64'); `info` is what NumPy holds. */
  storedDtype?: string;
  /** A sharded checkpoint's tensor: the shard file that holds it. */
  shard?: string;
  /** The header is still being read (see MembersEvent); neither info nor error yet. */
  pending?: boolean;
}

export interface FileInfo {
  fileName: string;
  /** How the file is shown: one array ('npy') or named arrays ('npz'); `kind` says which file it is. */
  format: 'npy' | 'npz';
  /**
   * Absent for .npy/.npz; 'raw': binary read with a layout the user chose; 'safetensors' and
   * 'safetensors-index' (a sharded checkpoint): tensors listed as members.
   */
  kind?: 'raw' | 'safetensors' | 'safetensors-index';
  /** A safetensors file's `__metadata__` (an index's "metadata"), entries in file order. */
  metadata?: [string, string][];
  sizeOnDisk: number;
  /** For .npy. */
  array?: ArrayInfo;
  /** For .npz. */
  members?: MemberInfo[];
}

/**
 * What the grid shows: an index expression applied to the array (NumPy basic indexing text, e.g.
 * '...', '3, :, ::2') gives a view; `rowAxis` / `colAxis` are axes of that view (-1: none).
 * The view must have at most two axes left, and those are the row and column axes. Axis numbers
 * that do not fit the view (e.g. colAxis 1 for a 1-D view) are replaced by defaults: a 2-D view
 * gets rows 0 / columns 1, a 1-D view rows 0 / no column axis.
 */
export interface ViewSpec {
  /** npz member name; absent for .npy. */
  member?: string;
  index: string;
  rowAxis: number;
  colAxis: number;
}

/** Per-cell flags for styling. */
export const enum CellFlag {
  None = 0,
  NaN = 1,
  Inf = 2,
  /** NaT for datetime/timedelta. */
  NaT = 3,
  /** Negative number (for optional styling). */
  Negative = 4,
}

/** A rectangle of a view's grid, in elements: first row and number of rows, first column and number of columns. */
export interface Rect {
  row0: number;
  rows: number;
  col0: number;
  cols: number;
}

/** A rectangle of a view (clipped by the host to the view). */
export interface PageRequest extends Rect {
  view: ViewSpec;
}

/** The rectangle a page covers (it may be less than asked for) and its cells. */
export interface PageData extends Rect {
  /** Sub-columns per element (1 for plain dtypes, fields.length for structured). */
  fieldCount: number;
  /** Formatted values, row-major: index = (r * cols + c) * fieldCount + f. */
  values: string[];
  /** CellFlag per value, same indexing as values. */
  flags: number[];
}

/** Where a view axis lies along its array axis: view index i is array index start + i × step. */
export interface AxisRange { start: number; step: number }

/** Shape of the view after applying ViewSpec.index, and what the axes mean. */
export interface ViewInfo {
  /** Shape of the view (0, 1 or 2 axes). */
  shape: number[];
  /** For each view axis, the axis of the underlying array it comes from. */
  sourceAxes: number[];
  /** The index expression normalised to NumPy's spelling (e.g. '3, :, ::2'). */
  index: string;
  /**
   * The selection on every axis of the underlying array, ellipsis expanded (src/shared/indexing/indexexpr.ts
   * normalizeSels): an integer index (non-negative) or a slice (the whole axis as FULL_SLICE). The
   * webview edits this data to build the next view (sliders change one entry, axis pickers swap
   * entries); it never parses index text back.
   */
  axisSels: AxisSel[];
  /** The view axis that runs down the rows (-1: none) and across the columns (-1: none), after defaults. */
  rowAxis: number;
  colAxis: number;
  /** Grid size in elements (1 for an axis that is absent; 0 when the view is empty). */
  rows: number;
  cols: number;
  /**
   * For each view axis (as `shape`), where it lies along its array axis: the grid's headers,
   * hover and Go to show the array's own indices (after '2:5, 10, ::-3': rows 2, 3, 4).
   */
  ranges: AxisRange[];
}

// ---------------------------------------------------------------- webview → host

/** The webview has loaded; the host answers with everything needed to start. */
export interface ReadyRequest { type: 'ready' }
export interface ReadyResponse {
  file: FileInfo;
  settings: FormatSettings;
  /** Localised UI strings, by key. */
  strings: Record<string, string>;
  /** The view state to restore (after a reload or when the editor is restored). */
  restore?: ViewState;
  /**
   * The view the webview will show first (by src/shared/indexing/views.ts), already resolved, with the
   * pages at its scroll position: the first screen paints without further round trips. Absent
   * when the host could not tell or resolving failed (the webview then asks as usual).
   */
  first?: FirstView;
  /** The colormap of shaded cells last chosen in any viewer: a new viewer's default (the editor's globalState). */
  shadeColormap?: string;
  /** The settings of the views last used on this file (src/viewer/fileSettings.ts), when `restore` has none. */
  remembered?: RememberedSettings;
}

/** The settings of each view a file was last shown with (which view showed is not kept). */
export interface RememberedSettings { pictures?: PictureSettings; shade?: ShadeSettings }

/** A resolved view and some of its pages (each aligned to the PAGE_ROWS × PAGE_COLS grid). */
export interface FirstView {
  view: ViewSpec;
  info: ViewInfo;
  pages: PageData[];
}

/** Resolve a ViewSpec (validates the index expression; errors name the axis and bound). */
export interface ResolveViewRequest { type: 'resolveView'; view: ViewSpec }
export type ResolveViewResponse = ViewInfo;

/** Read and format a rectangle of the view. */
export interface GetPageRequest extends PageRequest { type: 'getPage' }
export type GetPageResponse = PageData;

/**
 * How a copy spells the elements: 'shown', as the grid shows them (the user's notation and
 * precision), tab-separated; 'full', at full precision (NumPy's str of each element, strings as
 * Python reprs), tab-separated; 'literal', Python source of the selection, np.array([...], dtype=...).
 */
export type CopyMode = 'shown' | 'full' | 'literal';
export const COPY_MODES: readonly CopyMode[] = ['shown', 'full', 'literal'];

/** Copy a rectangle of the view: the host formats it as text (`mode`, default 'shown') and writes the clipboard. */
export interface CopyRequest extends PageRequest { type: 'copy'; mode?: CopyMode }
export interface CopyResponse {
  /** Elements copied. */
  cells: number;
}

/** One cell's element at full precision (CopyMode 'full'), for the hover. */
export interface CellValueRequest { type: 'cellValue'; view: ViewSpec; row: number; col: number }
export interface CellValueResponse { text: string }

/** The user changed number formatting in the view's toolbar. */
export interface SetFormatRequest { type: 'setFormat'; settings: FormatSettings }
export type SetFormatResponse = FormatSettings;

/** Run an extension command on the current view ('export' = Export to Text…, 'saveAs' = Save As…). */
export interface RunCommandRequest { type: 'runCommand'; command: 'export' | 'saveAs'; view: ViewSpec }
export interface RunCommandResponse { done: boolean }

/**
 * Statistics of the view shown (scope 'slice') or of its whole array or member ('array'),
 * computed on the host in one streaming pass (or taken from its cache while the file is
 * unchanged). `job` names the pass for JobProgressEvents and CancelJobEvent.
 */
export interface StatsRequest { type: 'stats'; view: ViewSpec; scope: StatsScope; job: number }
export interface StatsResponse { stats: StatsSummary; cached: boolean }

/**
 * Go to the next (direction 1) or previous (-1) NaN, infinity, min or max of the view after /
 * before `from` (a grid cell; absent: from the start / the end), wrapping around. Min and max
 * need the view's statistics: the host computes them first if it has not (the same job).
 */
export interface FindRequest { type: 'find'; view: ViewSpec; what: FindTarget; direction: 1 | -1; from?: GridCell; job: number }
export interface FindResponse { found: GridCell | null; wrapped: boolean }

/** Put the statistics of a view (already computed) on the clipboard as text. */
export interface CopyStatsRequest { type: 'copyStats'; view: ViewSpec; scope: StatsScope }
export interface CopyStatsResponse { copied: boolean }

/** Event: stop a statistics or find job (its request then fails with 'cancelled'). */
export interface CancelJobEvent { type: 'cancelJob'; job: number }

/** What a complex value is drawn as, in the heatmap, the line plot and the histogram: np.abs, np.angle, .real, .imag. */
export type ComplexPart = 'magnitude' | 'phase' | 'real' | 'imag';
export const COMPLEX_PARTS: readonly ComplexPart[] = ['magnitude', 'phase', 'real', 'imag'];

/**
 * The heatmap of a 2-D view (src/viewer/pictures/heatmap.ts; the engine's heatmapGrid): at most
 * maxWidth × maxHeight cells over `region` (default: the whole view), downsampled by one factor k
 * when it does not fit, never reading the whole array for it.
 */
export interface HeatmapRequest {
  type: 'heatmap';
  view: ViewSpec;
  maxWidth: number;
  maxHeight: number;
  region?: Rect;
  /** What a complex value is drawn as (default magnitude); ignored for real dtypes. */
  part?: ComplexPart;
  /** The Image view: the H×W×C ('last') or C×H×W ('first') image around the slice (draw/image.ts imageSelection), else the slice in gray. */
  image?: 'last' | 'first';
}
export interface HeatmapResponse {
  /** The rectangle of the view drawn. */
  region: Rect;
  /** Cells down and across; cell (i, j) stands for view element (row0 + i·factor, col0 + j·factor). */
  rows: number;
  cols: number;
  /** Elements per cell along each axis (1: every element; k > 1: "downsampled ×k"). */
  factor: number;
  /** 'full' (factor 1), 'stride' (each cell is its block's first element) or 'mean' (the block's nanmean). */
  method: 'full' | 'stride' | 'mean';
  /**
   * rows × cols float64 values (float32 with `encoding`), C order, little-endian, base64 (NaN and
   * ±Inf as they are: they survive any transport, unlike JSON numbers). Data only: the webview
   * decodes it into a Float64Array (src/shared/draw/heatmapwire.ts decodeGrid).
   */
  values: string;
  /** 'float32': `values` are float32, drawn as float64 would draw them (heatmapwire.ts); absent: float64. */
  encoding?: 'float32';
  /** With float32: cells (uint32 LE, base64) whose exact float64 values (LE, base64) are given here. */
  overrides?: { cells: string; values: string };
  /** With float32 values some of which are rounded: the id that fetches exact ones (HeatmapValuesRequest). */
  grid?: number;
  /** With `image`: values per cell (3 or 4 for a colour image, 1 for gray; C order, channels last) and how they become bytes. */
  channels?: number;
  pixels?: 'uint8' | 'float16' | 'float32' | 'float64';
}

/** Exact float64 values of cells (C-order indices) of a float32 heatmap reply, by its `grid` id. */
export interface HeatmapValuesRequest { type: 'heatmapValues'; grid: number; cells: number[] }
/** The cells' values, float64 LE base64, in the order asked. */
export interface HeatmapValuesResponse { values: string }

/**
 * Min/max envelopes of a line (src/viewer/pictures/plots.ts; the engine's lineEnvelope): the 1-D view, or
 * rows (axis 'row') or columns ('col') of a 2-D view, points start … stop − 1 (default all) in
 * at most `columns` pixel columns.
 */
export interface EnvelopeRequest {
  type: 'envelope';
  view: ViewSpec;
  columns: number;
  start?: number;
  stop?: number;
  lines?: { axis: 'row' | 'col'; indices: number[] };
  part?: ComplexPart;
}
export interface EnvelopeResponse {
  /** Points along each line. */
  size: number;
  start: number;
  stop: number;
  /** Columns used (min(columns, stop − start)); column c holds points columnStart(c) … columnStart(c + 1) − 1. */
  columns: number;
  /** Per line (as asked), per column, float64 base64 as in HeatmapResponse: least, greatest, first and last value. */
  lines: { index?: number; min: string; max: string; first: string; last: string }[];
}

/**
 * The histogram of the view (src/viewer/pictures/plots.ts; the engine's histogramView, np.histogram's
 * bins and counts), automatic bins unless `bins` is given; a job like 'stats' (progress, cancel).
 * `scope` 'array': of the view's whole array or npz member instead (default 'slice').
 */
export interface HistogramRequest { type: 'histogram'; view: ViewSpec; bins?: number; job: number; part?: ComplexPart; scope?: StatsScope }
export interface HistogramResponse {
  /** bins + 1 edges and bins counts (finite numbers). */
  edges: number[];
  counts: number[];
  nan: number;
  posinf: number;
  neginf: number;
  /** Elements counted (of the view, or of the whole array for scope 'array'). */
  size: number;
}

/**
 * The robust domain of value-shaded cells: the 1st and 99th percentiles of the view's finite
 * values (src/viewer/pictures/plots.ts; the engine's percentilesView: exact up to 1e6 elements,
 * else within one bin of a 65536-bin histogram); a job like 'stats' (progress, cancel).
 */
export interface RobustDomainRequest { type: 'robustDomain'; view: ViewSpec; job: number }
/** low/high: the finite min/max when the two percentiles are equal; null when the view has no finite value. */
export interface RobustDomainResponse { low: number | null; high: number | null; exact: boolean }

/** Save a picture: PNG bytes in base64 (the host checks the signature and the size) and a file name to offer. */
export interface SavePngRequest { type: 'savePng'; png: string; name: string }
export interface SavePngResponse { done: boolean }

/**
 * Event: what the webview shows, in two parts kept apart: `state`, the user's place, which the
 * webview persists with setState and the host gives back to restore it; and `probe`, what tests
 * and benchmarks read about the page, never persisted nor restored.
 */
export interface StateEvent { type: 'state'; state: ViewState; probe: WebviewProbe }

export type FromWebviewMessage =
  | ReadyRequest | ResolveViewRequest | GetPageRequest | CopyRequest | SetFormatRequest
  | RunCommandRequest | HeatmapRequest | StateEvent | StatsRequest | FindRequest | CopyStatsRequest | CancelJobEvent
  | CellValueRequest | EnvelopeRequest | HistogramRequest | SavePngRequest | RobustDomainRequest
  | HeatmapValuesRequest;

/** The user's place in a viewer: persisted with setState, sent back to restore it. */
export interface ViewState {
  view?: ViewSpec;
  /** Top-left visible cell. */
  scrollRow: number;
  scrollCol: number;
  /** Selected rectangle, inclusive, in view coordinates. */
  selection?: { row0: number; col0: number; row1: number; col1: number };
  /** The selection's focused cell (the one the keys move; the status bar item shows it). */
  focus?: { row: number; col: number };
  /** How the npz member table is laid out (absent: open, as wide as its content). */
  members?: MembersLayout;
  /** The view shown (grid or a picture) and each picture's settings (webview/pictures/). */
  pictures?: PictureSettings;
  /** Value-shaded cells' settings (webview/shade/). */
  shade?: ShadeSettings;
}

/** Value-shaded cells: on or off, the colormap, the domain choice (and the typed low/high), remembered per file. */
export interface ShadeSettings { on: boolean; colormap: string; domain: 'minmax' | 'robust' | 'custom'; low?: number; high?: number }

/** The view switcher's choice and the pictures' settings, remembered per file with the view state. */
export interface PictureSettings {
  mode: 'grid' | 'heatmap' | 'image' | 'line' | 'histogram';
  heatmap?: { colormap: string; invert: boolean; scale: 'linear' | 'log' | 'symlog' | 'sqrt'; domain?: { low: number; high: number } };
  line?: { axis: 'row' | 'col'; lines: string; follow?: boolean };
  histogram?: { log: boolean; bins: string; scope?: StatsScope };
  /** What complex values are drawn as (the selector shows for complex dtypes only). */
  part?: ComplexPart;
  image?: { channelsFirst: boolean };
}

/** The npz member table beside the grid: collapsed or open, and its width in CSS pixels when the user set one. */
export interface MembersLayout {
  collapsed: boolean;
  width?: number;
}

/**
 * What the test command npyViewer.test.getWebviewState returns: the state and the probe side by
 * side in one object (the tests' view; the protocol and the persisted state keep them apart).
 */
export type WebviewSnapshot = ViewState & WebviewProbe;

// ---------------------------------------------------------------- host → webview events

/**
 * The ready reply, sent before the webview asked (VS Code holds it until the page has loaded), so
 * the first screen is there when the script starts. The webview still asks; it uses whichever
 * of this event and the reply comes first (both carry the same answer).
 */
export interface InitEvent { type: 'init'; ready: ReadyResponse }
/** Every npz member with its header read, after a ready reply that had some still pending. */
export interface MembersEvent { type: 'members'; members: MemberInfo[] }
/** The file changed on disk: the webview re-requests ready info and keeps its position. */
export interface ReloadEvent { type: 'reload'; file: FileInfo }
/** Inflate progress of a compressed member (bytes of uncompressed data available so far). */
export interface ProgressEvent { type: 'progress'; member: string; done: number; total: number }
/** Settings changed in VS Code. */
export interface SettingsEvent { type: 'settings'; settings: FormatSettings }
/** Show a member (e.g. clicked in the sidebar tree). */
export interface ShowMemberEvent { type: 'showMember'; member: string }
/** The host failed to open the file: show this message (and the file name) instead of the grid. */
export interface ErrorEvent { type: 'error'; message: string; fileName?: string }
/** Tests ask the webview to report its state now (answered with a StateEvent). */
export interface RequestStateEvent { type: 'requestState' }
/**
 * Go to (the command, Ctrl+G; tests): `row, col` are indices into the array along the grid's row
 * and column axes (negative: from the end); `index`, when given, is what the user typed instead
 * (1, 2 or one integer per array axis: see src/shared/indexing/goto.ts). The grid selects the cell and
 * takes the keyboard focus.
 */
export interface RevealEvent { type: 'reveal'; row: number; col: number; index?: number[] }

/**
 * The npz member list: `filter`, the sidebar's "Filter Members" text ('' shows all); `layout`, the
 * layout the user last gave a member list in any viewer, for a viewer whose state has none.
 */
export interface MemberListEvent { type: 'memberList'; filter: string; layout?: MembersLayout }

/** Elements a statistics or find job has read so far, of `total`. */
export interface JobProgressEvent { type: 'jobProgress'; job: number; done: number; total: number }
/** A command: go to the next / previous NaN, infinity, min or max. */
export interface FindCommandEvent { type: 'findCommand'; what: FindTarget; direction: 1 | -1 }
/** A command: show (and compute) the statistics panel, toggle value-shaded cells, or cancel a statistics pass or search. */
export interface ViewCommandEvent { type: 'viewCommand'; command: 'statistics' | 'shade' | 'cancel' }

/** Show a view (grid or a picture) and, with exportPng, export its picture once drawn; focus gives it the keyboard (test hook). */
export interface PictureCommandEvent {
  type: 'pictureCommand'; mode: PictureSettings['mode']; exportPng?: boolean; focus?: boolean;
  /** The viewer benchmark: '=' pressed this many times on the heatmap (zoom ×2 each around the cursor). */
  zoom?: number;
}

export type ToWebviewMessage =
  | PictureCommandEvent | InitEvent | MembersEvent | ReloadEvent | ProgressEvent | SettingsEvent | ShowMemberEvent | ErrorEvent | RequestStateEvent
  | RevealEvent | MemberListEvent | JobProgressEvent | FindCommandEvent | ViewCommandEvent;

/** Request type → response type (the webview asks, the host answers). */
export interface ResponseMap {
  ready: ReadyResponse;
  resolveView: ResolveViewResponse;
  getPage: GetPageResponse;
  copy: CopyResponse;
  setFormat: SetFormatResponse;
  runCommand: RunCommandResponse;
  stats: StatsResponse;
  find: FindResponse;
  copyStats: CopyStatsResponse;
  heatmap: HeatmapResponse;
  heatmapValues: HeatmapValuesResponse;
  cellValue: CellValueResponse;
  envelope: EnvelopeResponse;
  histogram: HistogramResponse;
  robustDomain: RobustDomainResponse;
  savePng: SavePngResponse;
}

export type RequestType = keyof ResponseMap;

/** The message of type K among the messages M. */
export type MessageOf<M extends { type: string }, K extends M['type']> = Extract<M, { type: K }>;

/**
 * The host's handler table: one handler per request type, answering with that type's response.
 * The compiler refuses a table that misses a request type or answers with the wrong shape.
 */
export type RequestHandlers = { [K in RequestType]: (msg: MessageOf<FromWebviewMessage, K>) => Promise<ResponseMap[K]> };

/** One handler per event type among the messages M (events get no reply). */
export type EventHandlers<M extends { type: string }> = {
  [K in Exclude<M['type'], RequestType>]: (msg: MessageOf<M, K>) => void | Promise<void>;
};
