/**
 * Scroll-render benchmark (issue 6; prints numbers, asserts nothing): in headless chromium over a
 * synthesized 1e9 x 8 float64 array, how long from a scroll until every newly visible cell shows
 * its value and the frame showing it is rendered — per screenful and per notch scrolled with the
 * wheel (pages already cached: the loader prefetches ahead), and per far jump with the scrollbar
 * (pages fetched from the host first); and a screenful with value-shaded cells on.
 * Then the pictures' benchmark (picturesbench.ts).
 * Run: npm run bench:webview [-- --pictures]   (--pictures: only the pictures' benchmark)
 */
import { openSource } from '../../src/npy/format/open';
import { Harness, launchBrowser } from './harness';
import { picturesBench } from './picturesbench';
import { SyntheticSource, f8, writeF8 } from '../support/viewer-arrays';

// Page-side code is passed as functions, not strings: the page's CSP forbids eval (as VS Code's does).
// It runs in the browser, so it is typed loosely here (Node's lib has no DOM).
declare const document: any;
declare const performance: { now(): number };
declare function requestAnimationFrame(cb: (frameStart: number) => void): number;
declare class WheelEvent { constructor(type: string, init: object) }
declare class MessageChannel { port1: { onmessage: () => void }; port2: { postMessage(m: unknown): void } }

/**
 * In the page: performs `move` ('wheel' by `dy` pixels, or a scrollbar jump to fraction f), then
 * waits frame by frame until the first row changed and no visible cell is pending, and takes the
 * time once that frame has been rendered. Timing inside the page keeps the browser-driver round
 * trips (~50-100 ms headless) out of the numbers.
 *
 * "Rendered" is taken with a message posted from the frame's requestAnimationFrame callback: it
 * runs as the next task, after the frame's style, layout, paint and commit on the main thread.
 * (The benchmark used to stop the clock inside that callback, with the new text in the DOM but
 * before the browser had laid it out or painted it, which left out most of the cost of showing
 * it.) Until that frame starts the page waits for the display's next frame (and, after a jump, for
 * the pages from the host); that is not rendering. The frame's own cost is from its start (the timestamp its animation
 * frame callbacks get) to rendered. Returned: [to DOM, to rendered, frame start], ms from the scroll.
 */
const timeMove = (arg: { move: 'wheel' | 'jump'; dy: number; f: number }): Promise<Times> => new Promise((resolve) => {
  const head = (): string => document.querySelector('.grid-row-heads')?.textContent ?? '';
  const before = head();
  const layer = document.querySelector('.grid-layer');
  const scroller = document.querySelector('.grid-scroller');
  const t0 = performance.now();
  if (arg.move === 'wheel') layer.dispatchEvent(new WheelEvent('wheel', { deltaY: arg.dy, bubbles: true, cancelable: true }));
  else scroller.scrollTop = Math.floor((scroller.scrollHeight - scroller.clientHeight) * arg.f);
  const poll = (frameStart: number): void => {
    const done = head() !== before && document.querySelectorAll('.grid .run').length > 0 &&
      document.querySelectorAll('.grid .run.pending').length === 0;
    if (!done) {
      requestAnimationFrame(poll);
      return;
    }
    const dom = performance.now() - t0;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve([dom, performance.now() - t0, Math.max(0, frameStart - t0)]);
    ch.port2.postMessage(0);
  };
  requestAnimationFrame(poll);
});
type Times = [dom: number, rendered: number, frameStart: number];
const allLoaded = (): boolean => document.querySelectorAll('.grid .run').length > 0 &&
  document.querySelectorAll('.grid .run.pending').length === 0;

async function main(): Promise<void> {
  const browser = await launchBrowser();
  try {
    if (!process.argv.includes('--pictures')) await gridBench(browser);
    await picturesBench(browser);
  } finally {
    await browser.close();
  }
}

async function gridBench(browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<void> {
  const src = new SyntheticSource(f8, [1_000_000_000, 8], writeF8((i) => i * 0.001));
  const h = await Harness.open(browser, await openSource(src, 'bench.npy'), { fileName: 'bench.npy', width: 1200, height: 800 });
  try {
    await h.page.waitForFunction(allLoaded);
    const screenful = await h.page.$eval('.grid-layer', (e: any) => e.clientHeight - 30);
    const wheel: Times[] = [];
    for (let i = 0; i < 40; i++) wheel.push(await h.page.evaluate(timeMove, { move: 'wheel' as const, dy: screenful, f: 0 }));
    // A mouse wheel notch: Chromium scrolls 100 px (4-5 rows here).
    const notch: Times[] = [];
    for (let i = 0; i < 40; i++) notch.push(await h.page.evaluate(timeMove, { move: 'wheel' as const, dy: 100, f: 0 }));
    const jumps: Times[] = [];
    for (let i = 1; i <= 20; i++) jumps.push(await h.page.evaluate(timeMove, { move: 'jump' as const, dy: 0, f: (i * 0.618) % 1 }));
    const cells = (await h.domCells()).count;
    // Value-shaded cells (issue 13): the same screenfuls with shading on over a typed range (the
    // min-max choice would start a statistics pass over the whole 64 GB view meanwhile).
    await h.page.click('.action-shade');
    await h.page.selectOption('.shade-mode', 'custom');
    await h.page.fill('.shade-low', '0');
    await h.page.fill('.shade-high', '10000000');
    await h.page.press('.shade-high', 'Enter');
    await h.page.waitForFunction(() => document.querySelector('.shade-range')?.textContent === '0 to 10000000')
      .catch(async (e: Error) => { throw new Error(`${e.message}; range shown: ${await h.page.textContent('.shade-range')}; log: ${h.log.slice(-6).map((m) => m.type).join(' ')}`); });
    // Turning shading on started a min-max statistics pass (cancelled by the typed range): wait
    // until it has stopped reading, so that it does not share the CPU with the measured frames.
    for (let last = -1; last !== src.stats.bytes;) {
      last = src.stats.bytes;
      await new Promise((r) => setTimeout(r, 500));
    }
    const shaded: Times[] = [];
    for (let i = 0; i < 40; i++) shaded.push(await h.page.evaluate(timeMove, { move: 'wheel' as const, dy: screenful, f: 0 }));
    report('wheel, one screenful', wheel);
    report('wheel, one notch (100 px)', notch);
    report('scrollbar jump', jumps);
    report('wheel, one screenful, value-shaded cells', shaded);
    report('host: answering one getPage (64 x 16 cells)', h.pageMs);
    console.log(`cells in the DOM: ${cells}; bytes read from the 64 GB source: ${src.stats.bytes} in ${src.stats.reads} reads`);
  } finally {
    await h.close();
  }
}

const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Prints the times to rendered; for scrolls also the median time to the DOM, and the frame's own
 * cost (rendered minus frame start).
 */
function report(what: string, ms: number[] | Times[]): void {
  const rendered = ms.map((m) => (Array.isArray(m) ? m[1] : m));
  const s = [...rendered].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  let note = '';
  if (Array.isArray(ms[0])) {
    const times = ms as Times[];
    note = ' (ms from the scroll until every newly visible value is shown and the frame rendered); '
      + `the frame itself, from its start to rendered: median ${medianOf(times.map((m) => m[1] - m[2])).toFixed(1)} ms `
      + `(it started ${medianOf(times.map((m) => m[2])).toFixed(1)} ms after the scroll); `
      + `text in the DOM at ${medianOf(times.map((m) => m[0])).toFixed(1)} ms, before layout and paint`;
  }
  console.log(`${what}: ${s.length} runs, median ${s[s.length >> 1].toFixed(1)} ms, mean ${mean.toFixed(1)} ms, p90 ${s[Math.floor(s.length * 0.9)].toFixed(1)} ms${note}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
