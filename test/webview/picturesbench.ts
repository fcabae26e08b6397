/**
 * The pictures' benchmark (issue 14; prints numbers next to their targets, asserts nothing), run
 * by `npm run bench:webview` after the grid's (bench.ts):
 *
 * - Heatmap of a 32768×16384 float64 .npy (4 GiB, sparse: test/bench/inputs.mjs makeFieldInput):
 *   from the click on the Heatmap switch until the frame showing the first picture is rendered
 *   (target ≤ 500 ms), and from a zoom (the '=' key twice) until the detail of the visible part is
 *   drawn (target ≤ 200 ms, counted from when the view rests: the view waits DETAIL_DELAY first).
 * - Line plot of a 1e7-element float64 .npy (makeLineInput): from the click on the Line switch
 *   until its first picture is rendered (target ≤ 300 ms).
 * - The host's part of each alone: the same requests (as the page sent them: its canvas size, the
 *   zoom's region) answered through the viewer's message handler in Node, without the page.
 * - Frames of panning (a mouse drag) and zooming (the wheel) the heatmap: the handler's work plus
 *   the frame's own, from its start to rendered (target ≤ 16 ms).
 *
 * The host runs in this Node process (the harness: test/webview/harness.ts) with the real files;
 * the page in headless chromium. Inputs: $NPYVIEW_BENCH_DIR (kept) or a temp folder (removed).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { openAnyFile } from '../../src/npy/format/open';
import { MessageHandler } from '../../src/shared/messages';
import type { EnvelopeRequest, Envelope, FromWebviewMessage, HeatmapRequest, ToWebviewMessage } from '../../src/shared/protocol';
import { viewerReceiver } from '../../src/viewer/handlers';
import { ViewerSession } from '../../src/viewer/session';
import { Harness, until } from './harness';

declare const document: any;
declare const window: any;
declare const performance: { now(): number };
declare function requestAnimationFrame(cb: (frameStart: number) => void): number;
declare class KeyboardEvent { constructor(type: string, init: object) }
declare class MessageChannel { port1: { onmessage: () => void }; port2: { postMessage(m: unknown): void } }

const ROOT = path.resolve(__dirname, '..', '..', '..'); // out/test/webview → repository
const WIDTH = 1200, HEIGHT = 800;
const REPS = 5; // the first one is reported apart (cold: first reads, first compile of the page's code)
/** The heatmap's rest before it asks for the detail (webview/pictures/heatmap.ts DETAIL_DELAY). */
const DETAIL_DELAY = 120;

/** ms from the click to the DOM drawn, to that frame rendered, and to the picture's data arriving in the page. */
type Switch = [dom: number, rendered: number, arrived: number];

/** In the page: from now on, note (window.__arrivals) when each reply carrying a picture's values (heatmap, envelope) arrives. */
const noteArrivals = (): void => {
  const at: number[] = [];
  window.__arrivals = at;
  window.addEventListener('message', (e: any) => {
    const b = e.data?.body;
    if (b && (b.values !== undefined || b.lines !== undefined)) at.push(performance.now());
  }, { capture: true });
};

/**
 * In the page: clicks the view switch of `mode`, then waits frame by frame until the picture is
 * drawn (its canvas has its data and nothing is loading) and takes the time once that frame has
 * been rendered (a message posted from its animation frame callback: see bench.ts).
 */
const timeSwitch = (mode: 'heatmap' | 'line'): Promise<Switch> => new Promise((resolve) => {
  const canvas = document.querySelector(mode === 'heatmap' ? '.heatmap-canvas' : '.line-canvas');
  const drawn = (): boolean => !canvas.closest('[hidden]') && !!(mode === 'heatmap' ? canvas.dataset.scale : canvas.dataset.columns)
    && !canvas.closest('.loading');
  const arrived: number[] = window.__arrivals, seen = arrived.length;
  const t0 = performance.now();
  document.querySelector(`.pictures-switch [data-picture="${mode}"]`).click();
  const poll = (): void => {
    if (!drawn()) { requestAnimationFrame(poll); return; }
    const dom = performance.now() - t0;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve([dom, performance.now() - t0, arrived.length > seen ? arrived[arrived.length - 1] - t0 : NaN]);
    ch.port2.postMessage(0);
  };
  requestAnimationFrame(poll);
});

/** In the page: '=' pressed `times` on the heatmap; ms until the finer detail is drawn and rendered. */
const timeZoom = (times: number): Promise<Switch> => new Promise((resolve) => {
  const canvas = document.querySelector('.heatmap-canvas');
  canvas.focus();
  const arrived: number[] = window.__arrivals, seen = arrived.length;
  const t0 = performance.now();
  for (let i = 0; i < times; i++) canvas.dispatchEvent(new KeyboardEvent('keydown', { key: '=', bubbles: true, cancelable: true }));
  const poll = (): void => {
    if (!canvas.dataset.detail || canvas.closest('.zooming')) { requestAnimationFrame(poll); return; }
    const dom = performance.now() - t0;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve([dom, performance.now() - t0, arrived.length > seen ? arrived[arrived.length - 1] - t0 : NaN]);
    ch.port2.postMessage(0);
  };
  requestAnimationFrame(poll);
});

/**
 * In the page: for every wheel and pointermove event from now on, the handlers' time (a window
 * listener in the capture phase to one in the bubble phase, the canvas's own in between), and the
 * next frame: from its start to rendered, and from the event to rendered.
 */
const recordFrames = (): void => {
  const frames: { handler: number; frame: number; total: number }[] = [];
  window.__frames = frames;
  let t0 = 0;
  for (const type of ['wheel', 'pointermove']) {
    window.addEventListener(type, () => { t0 = performance.now(); }, { capture: true });
    window.addEventListener(type, () => {
      const start = t0, handler = performance.now() - start;
      requestAnimationFrame((frameStart) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          const now = performance.now();
          frames.push({ handler, frame: now - Math.max(frameStart, start + handler), total: now - start });
        };
        ch.port2.postMessage(0);
      });
    });
  }
};

interface FrameTimes { handler: number; frame: number; total: number }

function inputs(): { dir: string; keep: boolean } {
  const keep = !!process.env.NPYVIEW_BENCH_DIR;
  const dir = process.env.NPYVIEW_BENCH_DIR ? path.resolve(process.env.NPYVIEW_BENCH_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-pictures-bench-'));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'bench', 'inputs.mjs'), '--pictures', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`writing the inputs failed: ${r.stderr || r.error}`);
  return { dir, keep };
}

/** The viewer's message handler over `file` in Node (no page): times each request sent to it. */
async function hostOnly(file: string): Promise<{ time: (body: FromWebviewMessage) => Promise<number>; close: () => Promise<void> }> {
  const opened = await openAnyFile(file);
  const session = new ViewerSession(opened, { fileName: path.basename(file), sizeOnDisk: opened.source.size, settings: { notation: 'auto', precision: 6 } });
  const receiver = viewerReceiver({
    session: () => session, ready: () => session.ready(), clipboard: async () => undefined,
    runCommand: async () => ({ done: true }), state: () => undefined,
  });
  let answered: (env: Envelope<unknown>) => void = () => undefined;
  const handler = new MessageHandler<FromWebviewMessage, ToWebviewMessage>((env) => answered(env), receiver);
  await session.ready();
  let id = 0;
  const time = async (body: FromWebviewMessage): Promise<number> => {
    const mine = ++id;
    const reply = new Promise<Envelope<unknown>>((resolve) => { answered = (env) => { if (env.inReplyTo === mine) resolve(env); }; });
    const t0 = performance.now();
    await handler.handleMessage({ id: mine, body });
    const env = await reply;
    const ms = performance.now() - t0;
    if (env.error) throw new Error(`${body.type}: ${JSON.stringify(env.error)}`);
    return ms;
  };
  return { time, close: async () => { handler.dispose(); await session.close(); } };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const f1 = (x: number): string => x.toFixed(1);

function verdict(ms: number, target: number): string {
  const x = ms / target;
  return x <= 1 ? 'pass' : `FAIL (${x < 1.5 ? `${Math.round((x - 1) * 100)}% over target` : `${x.toFixed(1)}× the target`})`;
}

/** Where the time of the warm runs went: until the data arrived in the page (host and transport), then drawing it. */
function split(runs: Switch[]): string {
  const warm = runs.slice(1);
  return `the data in the page after median ${f1(median(warm.map((x) => x[2])))} ms, drawn and rendered `
    + `${f1(median(warm.map((x) => x[1] - x[2])))} ms later`;
}

/** Prints one row: the median of the warm runs against its target, the cold first run beside it. */
function row(what: string, runs: number[], target: number | undefined, note = ''): void {
  const [cold, ...warm] = runs;
  const m = median(warm);
  console.log(`${what}: median ${f1(m)} ms of ${warm.length} (cold first ${f1(cold)} ms; all ${runs.map((x) => x.toFixed(0)).join(', ')})`
    + `${target === undefined ? '' : `, target ≤ ${target} ms: ${verdict(m, target)}`}${note}`);
}

/** Opens `file` in a fresh page, waits for its grid. */
async function openPage(browser: Browser, file: string): Promise<Harness> {
  const h = await Harness.open(browser, await openAnyFile(file), { fileName: path.basename(file), width: WIDTH, height: HEIGHT });
  // The harness posts each message to the page as the source text of a script, which the page
  // then compiles: megabytes of values (a 1089×610 detail is 7 MB of base64) took seconds that
  // VS Code's postMessage (a structured clone) does not spend. Here they go as an argument.
  const page = h.page;
  (h as unknown as { toPage: (env: unknown) => Promise<void> }).toPage = async (env) => {
    try {
      await page.evaluate((e: unknown) => window.postMessage(e, '*'), env);
    } catch {
      // The page was closed while a reply was on its way.
    }
  };
  await h.settled(60_000);
  await h.page.evaluate(noteArrivals);
  return h;
}

export async function picturesBench(browser: Browser): Promise<void> {
  const { dir, keep } = inputs();
  try {
    const field = path.join(dir, 'field.npy');
    const line = path.join(dir, 'line.npy');
    console.log(`\npictures benchmark (issue 14): headless chromium at ${WIDTH}×${HEIGHT}, the host in Node on the real files; `
      + `1-minute load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);

    // ---- heatmap: first picture, then a zoom's detail, in fresh pages
    const first: Switch[] = [], zoom: Switch[] = [];
    let heatmapReq: HeatmapRequest | undefined, detailReq: HeatmapRequest | undefined;
    let factors = '';
    let frames: FrameTimes[] = [];
    for (let i = 0; i < REPS; i++) {
      const h = await openPage(browser, field);
      try {
        first.push(await h.page.evaluate(timeSwitch, 'heatmap' as const));
        zoom.push(await h.page.evaluate(timeZoom, 2));
        const asked = h.log.filter((m): m is HeatmapRequest => m.type === 'heatmap');
        heatmapReq = asked.find((m) => !m.region);
        detailReq = asked.find((m) => !!m.region);
        factors = await h.page.$eval('.heatmap-canvas', (c: any) => `picture ${c.dataset.rows}×${c.dataset.cols} cells, `
          + `downsampled ×${Number(c.dataset.cell) / Number(c.dataset.scale)}, detail ×${c.dataset.detail}`);
        if (i === REPS - 1) frames = await panAndZoom(h);
      } finally {
        await h.close();
      }
    }
    if (!heatmapReq || !detailReq) throw new Error('the page asked for no heatmap or no detail');
    row('heatmap of a 32768×16384 float64 (4 GiB): click on Heatmap → first picture rendered', first.map((x) => x[1]), 500,
      ` (${factors}; canvas ${heatmapReq.maxWidth}×${heatmapReq.maxHeight}; ${split(first)})`);
    row('  a zoom (= twice) → the detail rendered, counted from when the view rests', zoom.map((x) => x[1] - DETAIL_DELAY), 200,
      ` (from the key press: median ${f1(median(zoom.slice(1).map((x) => x[1])))} ms, of which the ${DETAIL_DELAY} ms rest before asking; ${split(zoom)})`);

    // ---- line plot: first picture
    const lines: Switch[] = [];
    let envelopeReq: EnvelopeRequest | undefined;
    for (let i = 0; i < REPS; i++) {
      const h = await openPage(browser, line);
      try {
        lines.push(await h.page.evaluate(timeSwitch, 'line' as const));
        envelopeReq = h.log.find((m): m is EnvelopeRequest => m.type === 'envelope');
      } finally {
        await h.close();
      }
    }
    if (!envelopeReq) throw new Error('the page asked for no envelope');
    row('line plot of 1e7 float64: click on Line → first picture rendered', lines.map((x) => x[1]), 300, ` (${envelopeReq.columns} columns; ${split(lines)})`);

    // ---- the host's part alone: the same requests through the message handler, in Node
    const hostHeat = await hostOnly(field);
    const heat: number[] = [], detail: number[] = [];
    try {
      for (let i = 0; i < REPS; i++) {
        heat.push(await hostHeat.time(heatmapReq));
        detail.push(await hostHeat.time(detailReq));
      }
    } finally {
      await hostHeat.close();
    }
    const hostLine = await hostOnly(line);
    const env: number[] = [];
    try {
      for (let i = 0; i < REPS; i++) env.push(await hostLine.time(envelopeReq));
    } finally {
      await hostLine.close();
    }
    row('  host alone: the heatmap request at that canvas size, through the message handler', heat, undefined);
    row('  host alone: the zoom\'s detail request', detail, undefined, ` (region ${JSON.stringify(detailReq.region)}, ${detailReq.maxWidth}×${detailReq.maxHeight})`);
    row('  host alone: the line\'s envelope request', env, undefined);

    // ---- pan and zoom frames
    const pan = frames;
    const cost = pan.map((f) => f.handler + f.frame);
    console.log(`heatmap pan/zoom frames (${pan.length} wheel and drag events): the handler plus the frame's own work `
      + `median ${f1(median(cost))} ms, p90 ${f1(p90(cost))} ms, target ≤ 16 ms: ${verdict(median(cost), 16)}; `
      + `the handler alone median ${f1(median(pan.map((f) => f.handler)))} ms; from the event to the frame rendered median ${f1(median(pan.map((f) => f.total)))} ms`);
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Wheel zooms and a drag over the zoomed heatmap with the real mouse; the frames each caused. */
async function panAndZoom(h: Harness): Promise<FrameTimes[]> {
  const box = await h.page.$eval('.heatmap-canvas', (c: any) => { const r = c.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; });
  const cx = box.x + box.w / 2, cy = box.y + box.h / 2;
  await h.page.evaluate(recordFrames);
  await h.page.mouse.move(cx, cy);
  for (let i = 0; i < 20; i++) await h.page.mouse.wheel(0, i < 10 ? -100 : 100);
  await h.page.mouse.down();
  for (let i = 0; i < 40; i++) await h.page.mouse.move(cx + 5 * i - 100, cy + 3 * i - 60);
  await h.page.mouse.up();
  await until(async () => (await h.page.evaluate(() => window.__frames.length)) >= 50 || undefined, 'the frames', 30_000).catch(() => undefined);
  return h.page.evaluate(() => window.__frames);
}
