/**
 * What the webview reports about itself for tests and benchmarks (with each state event; never
 * persisted): the cells rendered, the statistics panel and the heatmap as shown, and start-up
 * marks. Kept apart from the protocol's messages (protocol.ts re-exports these types).
 */
import type { FormatSettings } from './format';

/** What tests and benchmarks read about the page (reported with the state; never persisted). */
export interface WebviewProbe {
  /** Rendered cells: the text of the visible cells, row-major, with their indices. */
  rendered?: { rows: number[]; cols: number[]; texts: string[][] };
  /** Message shown instead of the grid (an error), if any. */
  error?: string;
  /** True while some visible cells still wait for data (their texts are ''). */
  loading?: boolean;
  /** Number formatting shown in the toolbar. */
  format?: FormatSettings;
  /**
   * Date.now() just after the first frame that showed text in every visible cell was painted
   * (the viewer benchmark's end point; host and webview share the machine's clock).
   */
  paintedAt?: number;
  /** Date.now() at the webview's start-up steps (the viewer benchmark prints where the time goes). */
  marks?: StartMarks;
  /** The statistics panel (webview/stats) as shown, and the status line's text. */
  stats?: StatsProbe;
  status?: string;
  /** The Heatmap as drawn (only while it is the view shown). */
  heatmap?: HeatmapProbe;
  line?: LineProbe;
  /** The pictures' readouts, linked profiles, line and histogram as drawn (while a picture is shown). */
  plots?: PicturesProbe;
}

/** What the pictures show, for the integration suite (webview/pictures: Pictures.probe). */
export interface PicturesProbe {
  /** The class of the element with the keyboard focus in the page ('' for none). */
  focus: string;
  /** The complex part chosen (complex slices only). */
  part?: string;
  /** The Heatmap's readout text (index and value under the mouse or keyboard cursor). */
  readout: string;
  /** The Heatmap's domain fields (low, high): the automatic domain of the values drawn until edited. */
  domain: [string, string];
  /** The linked profiles while open: the panel's title and the row's and column's plots. */
  profiles?: { title: string; row?: PlotLineProbe; col?: PlotLineProbe };
  line?: PlotLineProbe;
  histogram?: HistogramProbe;
}

/** A line plot as drawn: the x range, its data (first line; per column min and max, at most 256), y range, marked point. */
export interface PlotLineProbe { a: number; b: number; start: number; stop: number; index?: number; min: number[]; max: number[]; low: number; high: number; mark?: number; busy: boolean }

/** A histogram as drawn: counts and edges (at most 256 bins), what it counted, log counts, bar heights (0-1). */
export interface HistogramProbe { scope: string; log: boolean; edges: number[]; counts: number[]; size: number; nan: number; heights: number[]; busy: boolean }

/**
 * The Heatmap as drawn: the whole slice's picture's factor ("downsampled ×k"; absent before the
 * first picture), the detail's factor once a zoom fetched one, and whether a request is on its way.
 */
export interface HeatmapProbe {
  factor?: number; detail?: number; busy: boolean;
  /** Date.now() once the latest picture or detail was painted on the canvas (the viewer benchmark's end point). */
  drawnAt?: number;
  /** ms from the latest picture's request to its reply in the page (the host's work and the transport). */
  replyMs?: number;
}

/** The Line plot as drawn (only while it is the view shown): its pixel columns once drawn, and whether it is loading. */
export interface LineProbe { columns?: number; busy: boolean }

/** The statistics panel as shown: open, a pass running (and its progress, 0-100), its note and figures. */
export interface StatsProbe {
  open: boolean;
  busy: boolean;
  progress: number;
  note: string;
  /** Figure name (STATS_ROWS) → the text shown. */
  figures: Record<string, string>;
}

/**
 * When the webview's script started, had the ready reply (or the 'init' sent ahead), had built
 * its controls, and had put the first view on the grid (before that frame's layout and paint).
 */
export interface StartMarks { script?: number; reply?: number; built?: number; shown?: number }
