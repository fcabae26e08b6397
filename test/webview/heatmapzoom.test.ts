/**
 * Zoom and pan of the Heatmap view in real chromium: the wheel zooms around the pointer and the
 * visible region is asked for at a finer factor (the detail is fetched, not upscaled: the pixel
 * under the pointer is the colour of the element the readout names, at the new factor), the
 * badge follows, 0 fits again, Shift+drag zooms to a box, a drag pans, and + / − zoom.
 */
import * as assert from 'assert';
import { openSource } from '../../src/npy/format/open';
import { colorAt, getColormap } from '../../src/shared/draw/colormaps';
import { makeNormalizer } from '../../src/shared/draw/scales';
import type { HeatmapRequest } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource, i4, writeI4 } from '../support/viewer-arrays';
import { viewportInfo, type Vp } from './heatmapprobe';

declare const document: any;

const pixel = ([x, y]: [number, number]): number[] => {
  const ctx = document.querySelector('.heatmap-canvas').getContext('2d');
  return Array.from(ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data as number[]);
};

const readout = (): string => document.querySelector('.heatmap-readout').textContent;

describe('webview: heatmap zoom and pan', function () {
  const suite = pageSuite();
  const ROWS = 3000, COLS = 6000;
  const f = (i: number): number => (i * 7919) % 1000;

  async function openBig(): Promise<{ h: Harness; k: number; vp: Vp }> {
    const src = new SyntheticSource(i4, [2, ROWS, COLS], writeI4(f));
    const h = await Harness.open(suite.browser, await openSource(src, 'big.npy'), {
      fileName: 'big.npy', restore: { view: { index: '1, :, :', rowAxis: 0, colAxis: 1 }, scrollRow: 0, scrollCol: 0 },
    });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    const vp = await until(async () => {
      const v = await h.page.evaluate(viewportInfo);
      return v && !v.loading && v.badge ? v : undefined;
    }, 'the heatmap');
    const k = Number(/×(\d+)/.exec(vp.badge)?.[1]);
    assert.ok(k > 1, vp.badge);
    return { h, k, vp };
  }

  const regions = (h: Harness): HeatmapRequest[] => h.log.filter((m): m is HeatmapRequest => m.type === 'heatmap' && !!m.region);

  it('wheel zooms around the pointer and fetches the visible region at a finer factor; 0 fits again', async () => {
    const { h, k, vp } = await openBig();
    assert.strictEqual(regions(h).length, 0, 'a fitted view asks for no region');
    const px = 200, py = 150;
    const before = { row: Math.floor(vp.y0 + py / vp.scale), col: Math.floor(vp.x0 + px / vp.scale) };
    await h.page.mouse.move(vp.left + px, vp.top + py);
    for (let i = 0; i < 4; i++) await h.page.mouse.wheel(0, -300);
    // The last detail drawn: no request in flight and none new for a while.
    let seen = -1;
    const zoomed = await until(async () => {
      const v = await h.page.evaluate(viewportInfo);
      const n = regions(h).length;
      const stable = n === seen;
      seen = n;
      if (!stable) await new Promise((r) => setTimeout(r, 300));
      return v && v.detail && !v.loading && stable ? v : undefined;
    }, 'the detail picture', 30_000);
    assert.ok(zoomed.scale > vp.scale * 4, `scale ${vp.scale} → ${zoomed.scale}`);
    // The element under the pointer stayed under it (to within an element of the old picture).
    const after = { row: Math.floor(zoomed.y0 + py / zoomed.scale), col: Math.floor(zoomed.x0 + px / zoomed.scale) };
    assert.ok(Math.abs(after.row - before.row) <= 1 && Math.abs(after.col - before.col) <= 1, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    // The region asked for is what is visible, and the factor is finer.
    const req = regions(h).at(-1)!.region!;
    assert.ok(req.row0 <= after.row && after.row < req.row0 + req.rows && req.col0 <= after.col && after.col < req.col0 + req.cols, JSON.stringify(req));
    assert.ok(req.rows < ROWS / 4 && req.cols < COLS / 4, JSON.stringify(req));
    const kd = Number(zoomed.detail);
    assert.ok(kd < k, `detail ×${kd} vs ×${k}`);
    assert.strictEqual(zoomed.badge, kd > 1 ? `downsampled ×${kd}` : '');
    // The pixel under the pointer has the colour of the element the readout names (fetched, not
    // upscaled): once the last detail is drawn, the cell under the pointer is a ×kd block of it.
    let moved = 0;
    const [r, c, v] = await until(async () => {
      await h.page.mouse.move(vp.left + px + (moved++ % 2), vp.top + py);
      await h.page.mouse.move(vp.left + px, vp.top + py);
      const m = /^\[1, (\d+), (\d+)\]: (\d+)$/.exec(await h.page.evaluate(readout));
      const got = m && [Number(m[1]), Number(m[2]), Number(m[3])];
      return got && Math.abs(got[0] - after.row) < kd && Math.abs(got[1] - after.col) < kd ? got : undefined;
    }, 'the readout of the detail');
    assert.strictEqual(v, f(ROWS * COLS + r * COLS + c), `${r}, ${c}`);
    const last = regions(h).at(-1)!.region!;
    assert.deepStrictEqual([(r - last.row0) % kd, (c - last.col0) % kd], [0, 0], `(${r}, ${c}) is the first element of its ×${kd} block of ${JSON.stringify(last)}`);
    const low = Number(await h.page.inputValue('.heatmap-low')), high = Number(await h.page.inputValue('.heatmap-high'));
    const want = [...colorAt(getColormap('viridis'), makeNormalizer({ kind: 'linear', low, high })(v)), 255];
    // The block's centre on the canvas (the pointer may sit on a block's edge, where the pixel's centre falls in the next).
    const centre: [number, number] = [(c + kd / 2 - zoomed.x0) * zoomed.scale, (r + kd / 2 - zoomed.y0) * zoomed.scale];
    assert.ok(Math.abs(centre[0] - px) <= kd * zoomed.scale && Math.abs(centre[1] - py) <= kd * zoomed.scale, `${centre} near the pointer`);
    assert.deepStrictEqual(await h.page.evaluate(pixel, centre), want);
    // 0 fits again; the badge is the whole slice's factor.
    await h.page.focus('.heatmap-canvas');
    await h.page.keyboard.press('0');
    const fitted = await until(async () => {
      const x = await h.page.evaluate(viewportInfo);
      return x && x.scale === vp.scale && x.badge === `downsampled ×${k}` ? x : undefined;
    }, 'the fitted view');
    assert.deepStrictEqual([fitted.x0, fitted.y0], [0, 0]);
  });

  it('Shift+drag zooms to the box, a drag pans, + and − zoom by 2', async () => {
    const { h, vp } = await openBig();
    await h.page.keyboard.down('Shift');
    await h.page.mouse.move(vp.left + 100, vp.top + 100);
    await h.page.mouse.down();
    await h.page.mouse.move(vp.left + 150, vp.top + 125, { steps: 3 });
    await h.page.mouse.up();
    await h.page.keyboard.up('Shift');
    const boxed = await until(async () => {
      const x = await h.page.evaluate(viewportInfo);
      return x && x.scale > vp.scale * 4 ? x : undefined;
    }, 'the box zoom');
    // The box's centre (125, 112.5) is now the canvas's centre.
    const cw = await h.page.evaluate(() => document.querySelector('.heatmap-area').clientWidth);
    const centre = vp.x0 + 125 / vp.scale;
    assert.ok(Math.abs(boxed.x0 + cw / 2 / boxed.scale - centre) < 1, `centre col ${boxed.x0 + cw / 2 / boxed.scale} vs ${centre}`);
    // Drag 40 px right: the view moves 40 / scale elements left.
    await h.page.mouse.move(vp.left + 300, vp.top + 200);
    await h.page.mouse.down();
    await h.page.mouse.move(vp.left + 340, vp.top + 200, { steps: 4 });
    await h.page.mouse.up();
    const panned = await h.page.evaluate(viewportInfo);
    assert.ok(Math.abs(panned!.x0 - (boxed.x0 - 40 / boxed.scale)) < 1e-6, `${boxed.x0} → ${panned!.x0}`);
    await h.page.focus('.heatmap-canvas');
    await h.page.keyboard.press('-');
    const out = await h.page.evaluate(viewportInfo);
    assert.ok(Math.abs(out!.scale - panned!.scale / 2) < 1e-9, `${panned!.scale} → ${out!.scale}`);
    await h.page.keyboard.press('+');
    const back = await h.page.evaluate(viewportInfo);
    assert.ok(Math.abs(back!.scale - panned!.scale) < 1e-9);
    // The detail of the last view arrives.
    await until(async () => regions(h).length > 0 && (await h.page.evaluate(viewportInfo))?.detail, 'a detail request');
  });
});
