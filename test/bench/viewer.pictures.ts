/**
 * The pictures' rows of the viewer benchmark (issue 14), run by viewer.bench.ts inside a real VS
 * Code: the page's data comes through VS Code's postMessage, as users get it.
 *
 * - Heatmap on the 4 GiB 32768×16384 float64 field (test/bench/inputs.mjs makeFieldInput): from
 *   the command that switches the open viewer to the Heatmap until the webview painted the first
 *   picture (HeatmapProbe.drawnAt, the webview's Date.now(): same machine, same clock); then '='
 *   twice (a zoom ×4 around the cursor) until the detail of the visible part is painted, less the
 *   view's rest before it asks (DETAIL_DELAY).
 * - Line plot of 1e7 float64 (makeLineInput): from the switch until the host sees the plot drawn
 *   (LineProbe: its columns set, not loading), polled every POLL_MS, so later than painted by up to
 *   one poll and its round trip (printed).
 *
 * Each is done REPS times from a fresh open (the first reported apart as cold); the view goes back
 * to the grid before the viewer closes, as a viewer remembers its view per file.
 */
import * as vscode from 'vscode';
import type { WebviewSnapshot } from '../../src/shared/protocol';

const VIEW_TYPE = 'npyViewer.editor';
const REPS = 4;
const POLL_MS = 25;
/** The heatmap's rest before it asks for the detail (webview/pictures/heatmap.ts DETAIL_DELAY). */
const DETAIL_DELAY = 120;

export interface PictureRow {
  name: string; target: number; coldMs: number; warmMs: number[]; medianMs: number;
  /** The same, as the host saw it by polling (ms). */
  seenMs: number[];
  note: string;
}

// Also the other viewer rows' (viewer.bench.ts).
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function getState(): Thenable<WebviewSnapshot | undefined> {
  return vscode.commands.executeCommand<WebviewSnapshot | undefined>('npyViewer.test.getWebviewState');
}

/** Polls the active viewer's state until `done`; the state and the round trip of one poll. */
async function until(what: string, timeoutMs: number, done: (s: WebviewSnapshot) => boolean): Promise<{ state: WebviewSnapshot; pollMs: number }> {
  const deadline = Date.now() + timeoutMs;
  let last: WebviewSnapshot | undefined;
  let pollMs = 0;
  while (Date.now() < deadline) {
    const p0 = performance.now();
    last = await getState();
    pollMs = performance.now() - p0;
    if (last?.error) throw new Error(`${what}: the viewer shows an error: ${last.error}`);
    if (last && done(last)) return { state: last, pollMs };
    await sleep(POLL_MS);
  }
  throw new Error(`${what}: not seen after ${timeoutMs} ms (last state: ${JSON.stringify(last?.heatmap ?? last?.line ?? last?.error)})`);
}

const picture = (mode: string, zoom?: number) => vscode.commands.executeCommand('npyViewer.test.pictureCommand', mode, undefined, true, zoom);

async function openFresh(file: string, closeAll: () => Promise<void>, painted: () => Promise<unknown>): Promise<void> {
  await closeAll();
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), VIEW_TYPE);
  await painted();
}

/** Back to the grid (remembered per file), so that the next open starts there. */
async function backToGrid(): Promise<void> {
  await picture('grid');
  await until('the grid again', 60_000, (s) => !s.heatmap && !s.line);
}

function row(name: string, target: number, ms: number[], seen: number[], note: string): PictureRow {
  const [coldMs, ...warmMs] = ms;
  return { name, target, coldMs, warmMs, medianMs: median(warmMs), seenMs: seen, note };
}

export async function timeHeatmap(file: string, closeAll: () => Promise<void>, painted: () => Promise<unknown>): Promise<PictureRow[]> {
  const first: number[] = [], firstSeen: number[] = [], zoom: number[] = [], zoomSeen: number[] = [];
  const firstReply: number[] = [], zoomReply: number[] = [];
  let note = '', polls: number[] = [];
  for (let i = 0; i < REPS; i++) {
    await openFresh(file, closeAll, painted);
    const e0 = Date.now(), t0 = performance.now();
    await picture('heatmap');
    const shown = await until('the first picture', 180_000, (s) => !!s.heatmap?.factor && !s.heatmap.busy && (s.heatmap.drawnAt ?? 0) >= e0);
    firstSeen.push(performance.now() - t0);
    first.push(shown.state.heatmap!.drawnAt! - e0);
    firstReply.push(shown.state.heatmap!.replyMs ?? NaN);
    const e1 = Date.now(), t1 = performance.now();
    await picture('heatmap', 2);
    const z = await until('the zoom\'s detail', 180_000, (s) => !!s.heatmap?.detail && !s.heatmap.busy && (s.heatmap.drawnAt ?? 0) > e1);
    zoomSeen.push(performance.now() - t1 - DETAIL_DELAY);
    zoom.push(z.state.heatmap!.drawnAt! - e1 - DETAIL_DELAY);
    zoomReply.push(z.state.heatmap!.replyMs ?? NaN);
    note = `first picture ×${shown.state.heatmap!.factor}, detail ×${z.state.heatmap!.detail}`;
    polls = [shown.pollMs, z.pollMs];
    await backToGrid();
  }
  note += `; one state poll ${polls.map((x) => x.toFixed(0)).join(' / ')} ms`;
  const replies = (xs: number[]) => `request → reply in the page (host + postMessage) ${xs.map((x) => x.toFixed(0)).join(', ')} ms`;
  return [
    row('Heatmap on the 4 GiB 32768×16384 float64 field: switch → first picture painted', 500, first, firstSeen, `${replies(firstReply)}; ${note}`),
    row('Heatmap: a zoom (= twice) → the detail painted, after the 120 ms rest', 200, zoom, zoomSeen, `${replies(zoomReply)}; ${note}`),
  ];
}

export async function timeLine(file: string, closeAll: () => Promise<void>, painted: () => Promise<unknown>): Promise<PictureRow> {
  const seen: number[] = [];
  let note = '';
  for (let i = 0; i < REPS; i++) {
    await openFresh(file, closeAll, painted);
    const t0 = performance.now();
    await picture('line');
    const s = await until('the line plot', 180_000, (st) => !!st.line?.columns && !st.line.busy);
    seen.push(performance.now() - t0);
    note = `${s.state.line!.columns} columns; seen by the host, polled every ${POLL_MS} ms (one poll ${s.pollMs.toFixed(0)} ms)`;
    await backToGrid();
  }
  return row('Line plot of 1e7 float64: switch → first picture seen drawn', 300, seen, seen, note);
}

/** The report's lines for the rows measured (`overBy` as the other rows say a miss). */
export function pictureLines(rows: PictureRow[], overBy: (value: number, target: number) => string): string[] {
  return rows.map((r) => {
    const verdict = r.medianMs <= r.target ? 'pass' : `FAIL (${overBy(r.medianMs, r.target)})`;
    return `  ${r.name}: median ${r.medianMs.toFixed(0)} ms of ${r.warmMs.length} (${r.warmMs.map((x) => x.toFixed(0)).join(', ')}; `
      + `cold ${r.coldMs.toFixed(0)} ms), target ≤ ${r.target} ms: ${verdict}\n`
      + `    seen by the host: ${r.seenMs.map((x) => x.toFixed(0)).join(', ')} ms; ${r.note}`;
  });
}
