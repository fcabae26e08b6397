/**
 * Scroll-render benchmark (issue 6; prints numbers, asserts nothing): in headless chromium over a
 * synthesized 1e9 x 8 float64 array, how long from a scroll until every newly visible cell shows
 * its value — per screenful scrolled with the wheel, and per far jump with the scrollbar.
 * Run: npm run bench:webview
 */
import { openSource } from '../../src/npy/open';
import { Harness, launchBrowser } from './harness';
import { SyntheticSource, f8, writeF8 } from '../unit/viewer-arrays';

// Page-side code is passed as functions, not strings: the page's CSP forbids eval (as VS Code's does).
// It runs in the browser, so it is typed loosely here (Node's lib has no DOM).
declare const document: any;
declare const performance: { now(): number };
declare function requestAnimationFrame(cb: () => void): number;
declare class WheelEvent { constructor(type: string, init: object) }

/**
 * In the page: performs `move` ('wheel' one screenful, or a scrollbar jump to fraction f), then
 * waits frame by frame until the first row changed and no visible cell is pending. Timing inside
 * the page keeps the browser-driver round trips (~50-100 ms headless) out of the numbers.
 */
const timeMove = (arg: { move: 'wheel' | 'jump'; f: number }): Promise<number> => new Promise((resolve) => {
  const head = (): string => document.querySelector('.row-head')?.textContent ?? '';
  const before = head();
  const layer = document.querySelector('.grid-layer');
  const scroller = document.querySelector('.grid-scroller');
  const t0 = performance.now();
  if (arg.move === 'wheel') layer.dispatchEvent(new WheelEvent('wheel', { deltaY: layer.clientHeight - 30, bubbles: true, cancelable: true }));
  else scroller.scrollTop = Math.floor((scroller.scrollHeight - scroller.clientHeight) * arg.f);
  const poll = (): void => {
    const done = head() !== before && document.querySelectorAll('.grid .cell').length > 0 &&
      document.querySelectorAll('.grid .cell.pending').length === 0;
    if (done) resolve(performance.now() - t0);
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
});
const allLoaded = (): boolean => document.querySelectorAll('.grid .cell').length > 0 &&
  document.querySelectorAll('.grid .cell.pending').length === 0;

async function main(): Promise<void> {
  const browser = await launchBrowser();
  const src = new SyntheticSource(f8, [1_000_000_000, 8], writeF8((i) => i * 0.001));
  const h = await Harness.open(browser, await openSource(src, 'bench.npy'), { fileName: 'bench.npy', width: 1200, height: 800 });
  try {
    await h.page.waitForFunction(allLoaded);
    const wheel: number[] = [];
    for (let i = 0; i < 40; i++) wheel.push(await h.page.evaluate(timeMove, { move: 'wheel' as const, f: 0 }));
    const jumps: number[] = [];
    for (let i = 1; i <= 20; i++) jumps.push(await h.page.evaluate(timeMove, { move: 'jump' as const, f: (i * 0.618) % 1 }));
    const cells = (await h.domCells()).count;
    report('wheel, one screenful', wheel);
    report('scrollbar jump', jumps);
    report('host: answering one getPage (64 x 16 cells)', h.pageMs);
    console.log(`cells in the DOM: ${cells}; bytes read from the 64 GB source: ${src.stats.bytes} in ${src.stats.reads} reads`);
  } finally {
    await h.close();
    await browser.close();
  }
}

function report(what: string, ms: number[]): void {
  const s = [...ms].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  console.log(`${what}: ${s.length} runs, median ${s[s.length >> 1].toFixed(1)} ms, mean ${mean.toFixed(1)} ms, p90 ${s[Math.floor(s.length * 0.9)].toFixed(1)} ms (ms per newly visible page, to all values shown)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
