/**
 * The heatmap's float32 replies in real chromium (src/shared/draw/heatmapwire.ts): values float32
 * cannot hold (0.1, 1e300, denormals) still read exactly under the mouse — the grid's own text for
 * an element, the exact block mean for a downsampled picture — and every cell of a picture of
 * full-precision values near the colormap's edges has the colour of its float64 value.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import { heatmapGrid } from '../../src/npy/compute/heatmap';
import { colorAt, getColormap } from '../../src/shared/draw/colormaps';
import { makeNormalizer, type ScaleSpec } from '../../src/shared/draw/scales';
import { Harness, pageSuite, until } from './harness';
import { f8, npyBytes, writeF8 } from '../support/viewer-arrays';
import { canvasInfo, pixels, type CanvasInfo } from './heatmapprobe';

/** Values float32 cannot hold: rounded (0.1, 1/3), past its range (1e300), below its normal range. */
const AWKWARD = [0.1, 1e300, 5e-324, 1e-40, -2.2250738585072014e-308, 1 / 3, -1e300, 0.30000000000000004];

async function heatmapOn(h: Harness): Promise<CanvasInfo> {
  await h.settled();
  await h.page.click('.pictures-switch [data-picture="heatmap"]');
  return until(async () => h.page.evaluate(canvasInfo), 'the heatmap');
}

async function hoverText(h: Harness, at: CanvasInfo, r: number, c: number, prefix: string): Promise<string> {
  await h.page.mouse.move(at.x + (c + 0.5) * at.cell, at.y + (r + 0.5) * at.cell);
  return until(async () => {
    const t = (await h.page.evaluate(canvasInfo))?.readout;
    return t?.startsWith(prefix) && t;
  }, `readout of (${r}, ${c})`);
}

describe('webview: heatmap float32 replies', function () {
  const suite = pageSuite();

  it('the hover shows the grid\'s own text of values float32 cannot hold', async () => {
    const COLS = 8;
    const value = (i: number): number => (i < AWKWARD.length ? AWKWARD[i] : i * 0.7 - 3);
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [4, COLS], writeF8(value))), 'a.npy'), { fileName: 'a.npy' });
    const s = await h.settled();
    const at = await heatmapOn(h);
    let checked = 0;
    for (let i = 0; i < AWKWARD.length; i++) {
      const r = Math.floor(i / COLS), c = i % COLS;
      const text = await hoverText(h, at, r, c, `[${r}, ${c}]`);
      assert.strictEqual(text, `[${r}, ${c}]: ${s.rendered!.texts[r][c]}`);
      checked++;
    }
    assert.strictEqual(checked, AWKWARD.length);
    assert.strictEqual(h.log.filter((m) => m.type === 'heatmap').length, 1, 'one picture asked for');
  });

  it('a downsampled picture\'s hover shows the exact block mean, fetched when float32 rounded it', async () => {
    const ROWS = 1200, COLS = 3000;
    // 2×2 blocks of one awkward value each in the first rows, full-precision values elsewhere.
    const value = (i: number): number => {
      const r = Math.floor(i / COLS), c = i % COLS;
      if (r < 16 && c < 16 * AWKWARD.length) return AWKWARD[Math.floor(c / 16)] * (1 + (r % 2) * 1e-9);
      return Math.sin(i) * 1e3 + i / 7;
    };
    const bytes = npyBytes(f8, [ROWS, COLS], writeF8(value));
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'm.npy'), { fileName: 'm.npy' });
    const at = await heatmapOn(h);
    const k = Number(/×(\d+)/.exec(at.badge)?.[1]);
    assert.ok(k > 1 && k <= 16, `badge ${at.badge}`);
    const src = await openSource(new BufferSource(bytes), 'm.npy');
    if (src.kind !== 'npy') throw new Error(src.kind);
    const req = h.log.find((m) => m.type === 'heatmap') as { maxWidth: number; maxHeight: number };
    const want = await heatmapGrid(src.array.view(), { maxWidth: req.maxWidth, maxHeight: req.maxHeight });
    assert.strictEqual(want.method, 'mean');
    let fetched = 0;
    for (let a = 0; a < AWKWARD.length; a++) {
      const i = 0, j = Math.floor((a * 16) / k) + 1;
      const mean = want.values[i * want.cols + j];
      const text = await hoverText(h, at, i, j, `[${i * k}, ${j * k}]`);
      const shown = Number(/mean (.*)$/.exec(text)?.[1]);
      assert.ok(Object.is(shown, mean), `cell (${i}, ${j}): ${text} against ${mean}`);
      if (Math.fround(mean) !== mean) fetched++;
    }
    assert.ok(fetched >= 4, `${fetched} means float32 does not hold`);
    assert.ok(h.log.some((m) => m.type === 'heatmapValues'), 'exact values were asked for');
  });

  it('every cell of full-precision values near the colours\' edges has its float64 colour', async () => {
    const ROWS = 16, COLS = 32;
    const map = getColormap('viridis');
    // Just either side of each entry's edge over the domain [0, 1] (the extents are 0 and 1).
    const value = (i: number): number => {
      if (i === 0) return 0;
      if (i === ROWS * COLS - 1) return 1;
      const edge = (1 + (i % (map.size - 1))) / map.size;
      return edge * (1 + (i % 2 ? 1e-12 : -1e-12));
    };
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [ROWS, COLS], writeF8(value))), 'e.npy'), { fileName: 'e.npy' });
    const at = await heatmapOn(h);
    assert.deepStrictEqual([at.rows, at.cols], [ROWS, COLS]);
    const spec: ScaleSpec = { kind: 'linear', low: 0, high: 1 };
    const norm = makeNormalizer(spec);
    const centres: [number, number][] = [];
    for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) centres.push([(c + 0.5) * at.cell, (r + 0.5) * at.cell]);
    const want = centres.map((_, i) => [...colorAt(map, norm(value(i))), 255]);
    let wrongOnFloat32 = 0;
    for (let i = 0; i < centres.length; i++) {
      if (colorAt(map, norm(Math.fround(value(i))))[0] !== want[i][0] || colorAt(map, norm(Math.fround(value(i))))[1] !== want[i][1]) wrongOnFloat32++;
    }
    assert.ok(wrongOnFloat32 > 10, `${wrongOnFloat32} cells float32 alone would colour wrongly`);
    const got = await until(async () => {
      const px = await h.page.evaluate(pixels, centres);
      return px.every((p, i) => p.join() === want[i].join()) && px;
    }, 'every cell in its float64 colour', 30_000).catch(async () => h.page.evaluate(pixels, centres));
    for (let i = 0; i < centres.length; i++) assert.deepStrictEqual(got[i], want[i], `cell ${i} (${value(i)})`);
    assert.ok(h.log.some((m) => m.type === 'heatmapValues'), 'the cells near an edge were fetched exactly');
  });
});
