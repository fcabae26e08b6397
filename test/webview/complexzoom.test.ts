/**
 * The complex part selector keeps the heatmap's zoom and pan in real chromium: only the values
 * change. A downsampled complex128 heatmap is zoomed in (to one element per pixel) and panned;
 * choosing another part leaves the viewport where it was, asks for the same visible region with
 * the new part, and the pixels under known elements take the colours of the new part's values.
 */
import * as assert from 'assert';
import { openSource } from '../../src/npy/format/open';
import type { DType } from '../../src/npy/format/dtype';
import { colorAt, getColormap } from '../../src/shared/draw/colormaps';
import { makeNormalizer } from '../../src/shared/draw/scales';
import type { HeatmapRequest } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource } from '../support/viewer-arrays';
import { pixels, viewportInfo, type Vp } from './heatmapprobe';

declare const document: any;

describe('webview: the complex part keeps the heatmap zoom', function () {
  const suite = pageSuite();
  const ROWS = 1500, COLS = 2500;
  const c16: DType = { kind: 'c', itemsize: 16, order: '<' };
  const re = (i: number): number => ((i % COLS) % 97) - 40;
  const im = (i: number): number => (Math.floor(i / COLS) % 89) * 0.5 + 1;

  it('zoomed and panned, another part redraws the same region with the new values', async () => {
    const src = new SyntheticSource(c16, [ROWS, COLS], (dv, at, i) => { dv.setFloat64(at, re(i), true); dv.setFloat64(at + 8, im(i), true); });
    const h = await Harness.open(suite.browser, await openSource(src, 'z.npy'), { fileName: 'z.npy' });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    const fitted = await until(async () => {
      const v = await h.page.evaluate(viewportInfo);
      return v && !v.loading ? v : undefined;
    }, 'the heatmap', 30_000);
    assert.ok(fitted.scale < 1, `the slice is downsampled (scale ${fitted.scale})`);
    // Zoom in around the cursor until an element is at least a pixel, then pan.
    await h.page.focus('.heatmap-canvas');
    while ((await h.page.evaluate(viewportInfo))!.scale < 2) await h.page.keyboard.press('+');
    await h.page.mouse.move(fitted.left + 300, fitted.top + 200);
    await h.page.mouse.down();
    await h.page.mouse.move(fitted.left + 200, fitted.top + 120, { steps: 4 });
    await h.page.mouse.up();
    const regions = (part: string): HeatmapRequest[] => h.log.filter((m): m is HeatmapRequest => m.type === 'heatmap' && !!m.region && m.part === part);
    const settle = async (part: string, what: string): Promise<Vp> => {
      let seen = -1;
      return until(async () => {
        const v = await h.page.evaluate(viewportInfo);
        const n = regions(part).length;
        const stable = n === seen;
        seen = n;
        if (!stable) await new Promise((r) => setTimeout(r, 300));
        return v && v.detail === '1' && !v.loading && stable && n > 0 ? v : undefined;
      }, what, 30_000);
    };
    const zoomed = await settle('magnitude', 'the zoomed detail');
    assert.ok(zoomed.x0 > 10 && zoomed.y0 > 10, `panned away from the corner: ${zoomed.x0}, ${zoomed.y0}`);
    const before = regions('magnitude').at(-1)!.region!;

    await h.page.selectOption('.pictures-part', 'real');
    const after = await settle('real', 'the real part\'s detail');
    assert.deepStrictEqual([after.scale, after.x0, after.y0], [zoomed.scale, zoomed.x0, zoomed.y0], 'the viewport stayed');
    assert.deepStrictEqual(regions('real').at(-1)!.region, before, 'the same visible region, asked for with the new part');
    // Known elements are drawn in the real part's colours (the detail is one element per cell).
    const low = Number(await h.page.inputValue('.heatmap-low')), high = Number(await h.page.inputValue('.heatmap-high'));
    // The automatic domain is the whole (strided) picture's: the real part's, which is negative in places (a magnitude never is).
    assert.ok(low >= -40 && low < -30 && high > 50 && high <= 56, `the real part's domain: ${low}, ${high}`);
    const norm = makeNormalizer({ kind: 'linear', low, high });
    const viridis = getColormap('viridis');
    const cells: [number, number][] = [];
    for (let k = 0; k < 12; k++) cells.push([before.row0 + 2 + 3 * k, before.col0 + 3 + 7 * k]);
    const at = cells.map(([r, c]) => [(c + 0.5 - after.x0) * after.scale, (r + 0.5 - after.y0) * after.scale] as [number, number]);
    const want = cells.map(([r, c]) => [...colorAt(viridis, norm(re(r * COLS + c))), 255]);
    assert.deepStrictEqual(await h.page.evaluate(pixels, at), want);
    assert.deepStrictEqual(h.errors, []);
  });

  it('in the line view too: a zoomed plot keeps its x range and shows the new part\'s values', async () => {
    const N = 5000;
    const src = new SyntheticSource(c16, [N], (dv, at, i) => { dv.setFloat64(at, -(i % 50), true); dv.setFloat64(at + 8, 1000 + (i % 70), true); });
    const h = await Harness.open(suite.browser, await openSource(src, 'l.npy'), { fileName: 'l.npy' });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="line"]');
    const info = (): { a: number; b: number; low: number; high: number; busy: boolean } | undefined => {
      const c = document.querySelector('.line-canvas');
      if (!c || !c.dataset.a || c.closest('[hidden]')) return undefined;
      const d = c.dataset;
      return { a: Number(d.a), b: Number(d.b), low: Number(d.low), high: Number(d.high), busy: !!c.closest('.loading, .zooming') };
    };
    const whole = await until(async () => { const v = await h.page.evaluate(info); return v && !v.busy ? v : undefined; }, 'the line plot', 30_000);
    assert.deepStrictEqual([whole.a, whole.b], [0, N]);
    await h.page.focus('.line-canvas');
    for (let i = 0; i < 4; i++) await h.page.keyboard.press('+');
    await h.page.keyboard.press('ArrowRight');
    const zoomed = await until(async () => { const v = await h.page.evaluate(info); return v && !v.busy && v.b - v.a < N / 8 ? v : undefined; }, 'the zoomed plot', 30_000);
    assert.ok(zoomed.low >= 1000, `the magnitude is drawn: ${zoomed.low}`);
    await h.page.selectOption('.pictures-part', 'real');
    const real = await until(async () => {
      const v = await h.page.evaluate(info);
      return v && !v.busy && h.log.some((m) => m.type === 'envelope' && m.part === 'real') && v.high <= 0 ? v : undefined;
    }, 'the real part', 30_000);
    assert.deepStrictEqual([real.a, real.b], [zoomed.a, zoomed.b], 'the x range stayed');
    assert.deepStrictEqual([real.low, real.high], [-49, 0], 'the real part\'s values over the range shown');
    assert.deepStrictEqual(h.errors, []);
  });
});
