/**
 * The Line and Histogram views in real chromium, wired to a real ViewerSession: the line passes
 * through its known points (canvas pixels at the points, none beside them) and hover shows the
 * grid's text; the envelope of 1e7 points reaches the one maximum and the one minimum hidden in
 * them; zooming asks for the visible range; rows of a 2-D slice are overlaid with a legend; the
 * histogram's bars have the heights its counts say (linear and log), with NaN / ±Inf counted beside.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { EnvelopeRequest, SavePngRequest } from '../../src/shared/protocol';
import { decodePng } from '../support/png';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource, f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;

interface PlotInfo { left: number; top: number; width: number; height: number; a: number; b: number; low: number; high: number; x: number; y: number; columns: number }

const plotInfo = (sel: string): PlotInfo | undefined => {
  const c = document.querySelector(sel);
  if (!c || !c.dataset.width || c.closest('[hidden]') || c.closest('.loading, .zooming')) return undefined;
  const r = c.getBoundingClientRect();
  const d = c.dataset;
  return {
    left: Number(d.left), top: Number(d.top), width: Number(d.width), height: Number(d.height), a: Number(d.a), b: Number(d.b),
    low: Number(d.low), high: Number(d.high), x: r.left, y: r.top, columns: Number(d.columns),
  };
};

/** Alpha of canvas pixels at CSS points (device pixel ratio 1 in the harness). */
const alphas = ([sel, points]: [string, [number, number][]]): number[] => {
  const ctx = document.querySelector(sel).getContext('2d');
  return points.map(([x, y]) => ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data[3]);
};

/** The painted rows (top, bottom) of canvas pixel columns x0 … x1 within the plot area. */
const paintedSpan = ([sel, x0, x1, top, bottom]: [string, number, number, number, number]): [number, number] => {
  const ctx = document.querySelector(sel).getContext('2d');
  const img = ctx.getImageData(x0, top, x1 - x0 + 1, bottom - top + 1);
  let lo = Infinity, hi = -Infinity;
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) {
    if (img.data[4 * (y * img.width + x) + 3] > 0) { lo = Math.min(lo, top + y); hi = Math.max(hi, top + y); }
  }
  return [lo, hi];
};

const text = (sel: string): string => document.querySelector(sel).textContent;

describe('webview: line plot and histogram', function () {
  const suite = pageSuite();

  async function show(h: Harness, mode: 'line' | 'histogram', canvas: string, ok: (p: PlotInfo) => boolean = () => true): Promise<PlotInfo> {
    await h.page.click(`.pictures-switch [data-picture="${mode}"]`);
    return until(async () => {
      const p = await h.page.evaluate(plotInfo, canvas);
      return p && ok(p) ? p : undefined;
    }, `the ${mode}`, 30_000);
  }

  it('draws a 1-D slice through its points, and hover shows the index and the grid\'s text', async () => {
    const N = 40;
    const v = (i: number): number => Math.sin(i / 3) * 10;
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [N], writeF8(v))), 'l.npy'), { fileName: 'l.npy' });
    const s = await h.settled();
    const p = await show(h, 'line', '.line-canvas');
    assert.deepStrictEqual([p.a, p.b, p.columns], [0, N, N], 'every point, one per column');
    const xOf = (i: number): number => p.left + ((i - p.a) / (p.b - p.a)) * p.width;
    const yOf = (x: number): number => p.top + (1 - (x - p.low) / (p.high - p.low)) * p.height;
    const on: [number, number][] = [], off: [number, number][] = [];
    for (let i = 1; i < N - 1; i++) {
      on.push([xOf(i), yOf(v(i))]);
      for (const dy of [-25, 25]) {
        const y = yOf(v(i)) + dy;
        if (y > p.top + 2 && y < p.top + p.height - 2) off.push([xOf(i), y]);
      }
    }
    const onA = await h.page.evaluate(alphas, ['.line-canvas', on] as [string, [number, number][]]);
    onA.forEach((a, k) => assert.ok(a > 0, `point ${k + 1} is drawn (alpha ${a})`));
    const offA = await h.page.evaluate(alphas, ['.line-canvas', off] as [string, [number, number][]]);
    assert.ok(off.length > 40, `${off.length} points beside the line`);
    offA.forEach((a, k) => assert.strictEqual(a, 0, `nothing drawn at ${off[k]}`));
    assert.strictEqual(p.low, Math.min(...Array.from({ length: N }, (_, i) => v(i))));
    // Hover over point 7: its index and the grid's own text of it.
    const row = s.rendered!.rows.indexOf(7);
    const gridText = row >= 0 ? s.rendered!.texts[row][0] : s.rendered!.texts[0][s.rendered!.cols.indexOf(7)];
    await h.page.mouse.move(p.x + xOf(7), p.y + p.top + 10);
    const got = await until(async () => {
      const t = await h.page.evaluate(text, '.line-readout');
      return t.startsWith('[7]') && t;
    }, 'the readout');
    assert.strictEqual(got, `[7]: ${gridText}`);
  });

  it('the envelope of 1e7 points covers their one maximum and one minimum; zoom asks for the visible range', async () => {
    const N = 10_000_000, UP = 1_234_567, DOWN = 7_654_321;
    const f = (i: number): number => (i === UP ? 50 : i === DOWN ? -50 : ((i * 7919) % 1000) / 1000);
    const src = new SyntheticSource(f8, [N], writeF8(f));
    const h = await Harness.open(suite.browser, await openSource(src, 'big.npy'), { fileName: 'big.npy' });
    await h.settled();
    const p = await show(h, 'line', '.line-canvas');
    assert.deepStrictEqual([p.low, p.high], [-50, 50], 'the y range is the envelope\'s min and max');
    assert.ok(p.columns <= p.width && p.columns > 100, `columns ${p.columns}`);
    const xOf = (i: number): number => p.left + ((i - p.a) / (p.b - p.a)) * p.width;
    const yOf = (x: number): number => p.top + (1 - (x - p.low) / (p.high - p.low)) * p.height;
    const bottom = p.top + p.height - 1;
    const up = await h.page.evaluate(paintedSpan, ['.line-canvas', Math.floor(xOf(UP)) - 1, Math.floor(xOf(UP)) + 1, p.top, bottom] as [string, number, number, number, number]);
    assert.ok(up[0] <= yOf(50) + 1, `the column of point ${UP} reaches ${up[0]} (50 is at ${yOf(50)})`);
    const down = await h.page.evaluate(paintedSpan, ['.line-canvas', Math.floor(xOf(DOWN)) - 1, Math.floor(xOf(DOWN)) + 1, p.top, bottom] as [string, number, number, number, number]);
    assert.ok(down[1] >= yOf(-50) - 1, `the column of point ${DOWN} reaches ${down[1]} (−50 is at ${yOf(-50)})`);
    // Elsewhere the line stays within [0, 1): far from both extremes.
    const mid = await h.page.evaluate(paintedSpan, ['.line-canvas', Math.floor(xOf(4e6)), Math.floor(xOf(4e6)) + 3, p.top, bottom] as [string, number, number, number, number]);
    assert.ok(mid[0] > yOf(2) && mid[1] < yOf(-1), `column at 4e6 spans ${mid}`);
    // Shift+drag a range: the visible points are asked for.
    const x0 = p.x + xOf(3e6), x1 = p.x + xOf(3.5e6);
    await h.page.keyboard.down('Shift');
    await h.page.mouse.move(x0, p.y + p.top + 20);
    await h.page.mouse.down();
    await h.page.mouse.move(x1, p.y + p.top + 20, { steps: 3 });
    await h.page.mouse.up();
    await h.page.keyboard.up('Shift');
    const z = await until(async () => {
      const q = await h.page.evaluate(plotInfo, '.line-canvas');
      return q && q.b - q.a < N / 10 ? q : undefined;
    }, 'the zoomed range');
    const req = await until(async () => h.log.filter((m): m is EnvelopeRequest => m.type === 'envelope' && m.start !== undefined).at(-1), 'a range request');
    assert.deepStrictEqual([req.start, req.stop], [Math.floor(z.a), Math.ceil(z.b)]);
    assert.ok(Math.abs(z.a - 3e6) < 2e4 && Math.abs(z.b - 3.5e6) < 2e4, `range ${z.a} … ${z.b}`);
  });

  it('overlays rows of a 2-D slice with a legend', async () => {
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [5, 30], writeF8((i) => Math.floor(i / 30) * 10 + (i % 30) / 30))), 'm.npy'), { fileName: 'm.npy' });
    await h.settled();
    await show(h, 'line', '.line-canvas');
    await h.page.fill('.line-lines', '0, 4');
    await h.page.press('.line-lines', 'Enter');
    const p = await until(async () => {
      const q = await h.page.evaluate(plotInfo, '.line-canvas');
      return q && q.high > 40 ? q : undefined;
    }, 'two rows');
    assert.deepStrictEqual([p.low, p.high], [0, 40 + 29 / 30]);
    assert.deepStrictEqual(await h.page.evaluate(() => [...document.querySelectorAll('.line-legend-item')].map((e: any) => e.textContent)), ['row 0', 'row 4']);
    const last = h.log.filter((m): m is EnvelopeRequest => m.type === 'envelope').at(-1)!;
    assert.deepStrictEqual(last.lines, { axis: 'row', indices: [0, 4] });
    await h.page.fill('.line-lines', '9');
    await h.page.press('.line-lines', 'Enter');
    const msg = await until(async () => h.page.evaluate(() => {
      const m = document.querySelector('.lineplot .heatmap-message');
      return !m.hidden && m.textContent;
    }), 'the message');
    assert.strictEqual(msg, '"9" is not an index from 0 to 5 − 1.');
  });

  it('the histogram\'s bars are as high as their counts (linear and log), NaN / ±Inf counted beside', async () => {
    // Values 0 … 9, value k 2k + 1 times; then 3 NaN, 2 +Inf, 1 −Inf. Automatic bins: 10 over [0, 9].
    const vals: number[] = [];
    for (let i = 0; i < 100; i++) vals.push(Math.floor(Math.sqrt(i)));
    vals.push(NaN, NaN, NaN, Infinity, Infinity, -Infinity);
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [vals.length], writeF8((i) => vals[i]))), 'h.npy'), { fileName: 'h.npy' });
    await h.settled();
    const p = await show(h, 'histogram', '.hist-canvas');
    assert.strictEqual(await h.page.evaluate(text, '.hist-specials'), 'NaN: 3   +Inf: 2   −Inf: 1   of 106 values');
    const bottom = p.top + p.height - 1;
    const check = async (height: (c: number) => number): Promise<number> => {
      let n = 0;
      for (let k = 0; k < 10; k++) {
        const x = Math.floor(p.left + ((k + 0.5) / 10) * p.width);
        const [top] = await h.page.evaluate(paintedSpan, ['.hist-canvas', x, x, p.top, bottom] as [string, number, number, number, number]);
        const want = p.top + p.height - height(2 * k + 1) * p.height;
        assert.ok(Math.abs(top - want) <= 1.5, `bar ${k} (count ${2 * k + 1}) top ${top}, want ${want}`);
        n++;
      }
      return n;
    };
    assert.strictEqual(await check((c) => c / 19), 10);
    await h.page.check('.hist-log');
    await until(async () => (await h.page.evaluate(() => document.querySelector('.hist-canvas').dataset.log)) === 'true' || undefined, 'log counts');
    assert.strictEqual(await check((c) => Math.log10(1 + c) / Math.log10(20)), 10);
    // Hover over bar 3: its range and count.
    await h.page.mouse.move(p.x + p.left + 3.5 / 10 * p.width, p.y + p.top + p.height - 2);
    const bar = await until(async () => {
      const t = await h.page.evaluate(text, '.hist-readout');
      return t.includes(': 7') && t;
    }, 'the bar readout');
    assert.match(bar, /^\[2\.7\d*, 3\.6\d*\): 7$/);
  });

  it('Export PNG sends the heatmap with its colorbar, and the line plot, as PNG bytes the host accepts', async () => {
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [6, 8], writeF8((i) => (i === 5 ? NaN : i)))), 'e.npy'), { fileName: 'e.npy' });
    await h.settled();
    assert.strictEqual(await h.page.isVisible('.pictures-export'), false, 'no export from the grid');
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    const size = await until(async () => h.page.evaluate(() => {
      const c = document.querySelector('.heatmap-canvas');
      return c && c.dataset.rows && !c.closest('.loading') ? { w: c.width, h: c.height, cell: Number(c.dataset.cell) } : undefined;
    }), 'the heatmap');
    await h.page.click('.pictures-export');
    const sent = await until(async () => h.log.filter((m): m is SavePngRequest => m.type === 'savePng').at(-1), 'the PNG');
    assert.strictEqual(sent.name, 'heatmap');
    const png = decodePng(Buffer.from(sent.png, 'base64'));
    assert.deepStrictEqual([png.width, png.height], [size.w + 96, size.h], 'the canvas and a 96-pixel colorbar');
    // The picture's pixels are the canvas's: cell (2, 3) and the NaN cell (0, 5).
    const screen = await h.page.evaluate(([x, y]: [number, number]) => Array.from(document.querySelector('.heatmap-canvas').getContext('2d').getImageData(x, y, 1, 1).data),
      [Math.floor(3.5 * size.cell), Math.floor(2.5 * size.cell)] as [number, number]);
    const at = (x: number, y: number): number[] => png.rgba(x, y);
    assert.deepStrictEqual(at(Math.floor(3.5 * size.cell), Math.floor(2.5 * size.cell)), screen);
    assert.deepStrictEqual(at(Math.floor(5.5 * size.cell), Math.floor(0.5 * size.cell)).slice(0, 3), [255, 0, 255], 'NaN is magenta');
    // The colorbar: its top is the map's high end, beside the picture.
    const barTop = at(size.w + 12 + 8, 9);
    assert.ok(barTop[0] > 200 && barTop[1] > 200, `viridis's top is yellow: ${barTop}`);
    await h.page.click('.pictures-switch [data-picture="line"]');
    await h.page.fill('.line-lines', '2');
    await h.page.press('.line-lines', 'Enter');
    const line = await until(async () => h.page.evaluate(plotInfo, '.line-canvas'), 'the line');
    assert.ok(line.width > 0);
    await h.page.click('.pictures-export');
    const sent2 = await until(async () => h.log.filter((m): m is SavePngRequest => m.type === 'savePng' && m.name === 'line').at(-1), 'the line PNG');
    const png2 = decodePng(Buffer.from(sent2.png, 'base64'));
    const cw = await h.page.evaluate(() => document.querySelector('.line-canvas').width);
    assert.strictEqual(png2.width, cw);
  });

  it('remembers the view and each picture\'s settings in the view state, restored for the file; the slice is kept', async () => {
    const bytes = npyBytes(f8, [3, 4, 5], writeF8((i) => i));
    const restore = { view: { index: '1, :, :', rowAxis: 0, colAxis: 1 }, scrollRow: 0, scrollCol: 0 };
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'r.npy'), { fileName: 'r.npy', restore });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    await h.page.selectOption('.heatmap-colormap', 'magma');
    await h.page.check('.heatmap-invert');
    await h.page.click('.pictures-switch [data-picture="line"]');
    await h.page.selectOption('.line-axis', 'col');
    await h.page.fill('.line-lines', '1, 3');
    await h.page.press('.line-lines', 'Enter');
    await h.page.click('.pictures-switch [data-picture="histogram"]');
    await h.page.check('.hist-log');
    const state = await until(async () => {
      const s = await h.state();
      return s.pictures?.histogram?.log ? s : undefined;
    }, 'the remembered settings');
    assert.strictEqual(state.view?.index, '1, :, :', 'the slice is kept across views');
    assert.deepStrictEqual(state.pictures, {
      mode: 'histogram',
      heatmap: { colormap: 'magma', invert: true, scale: 'linear' },
      line: { axis: 'col', lines: '1, 3', follow: false },
      histogram: { log: true, bins: '', scope: 'slice' },
      image: { channelsFirst: false },
    });
    // A new viewer of the file with that state opens on the histogram with the same settings.
    const again = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'r.npy'), {
      fileName: 'r.npy', restore: { view: state.view, scrollRow: 0, scrollCol: 0, pictures: state.pictures },
    });
    await until(async () => again.page.evaluate(plotInfo, '.hist-canvas'), 'the histogram shown first');
    assert.strictEqual(await again.page.isChecked('.hist-log'), true);
    assert.strictEqual(await again.page.inputValue('.heatmap-colormap'), 'magma');
    assert.strictEqual(await again.page.inputValue('.line-lines'), '1, 3');
    assert.strictEqual(await again.page.inputValue('.line-axis'), 'col');
  });
});
