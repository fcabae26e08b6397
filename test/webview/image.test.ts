/**
 * The Image view in real headless chromium, wired to a real ViewerSession: the canvas pixels of
 * known points are the data — uint8 RGB exactly, uint8 RGBA (alpha exactly; the colour within
 * the canvas's premultiplied rounding), floats clipped to [0, 1] and scaled, channels-first with
 * the switch, a 2-D slice in gray (uint8 levels as they are, floats over their min/max) — hover
 * shows `[index]  (values)`, a large image is drawn downsampled ×k from the elements it names
 * without reading the whole array (zooming in asks for the detail of what is visible), a slice it
 * cannot draw gets a message, Export PNG sends it.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { DType } from '../../src/npy/format/dtype';
import { colorAt, getColormap } from '../../src/shared/draw/colormaps';
import type { HeatmapRequest, SavePngRequest } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { decodePng } from '../support/png';
import { SyntheticSource, f8, npyBytes, writeF8 } from '../support/viewer-arrays';

// Page-side code (passed as functions: the page's CSP forbids eval). Node's lib has no DOM types.
declare const document: any;
declare const getComputedStyle: any;

const u1: DType = { kind: 'u', itemsize: 1, order: '|' };
const writeU1 = (f: (i: number) => number) => (dv: DataView, at: number, i: number): void => dv.setUint8(at, f(i));

interface ImageInfo { rows: number; cols: number; cell: number; x: number; y: number; badge: string; readout: string; message: string }

const imageInfo = (): ImageInfo | undefined => {
  const root = document.querySelector('.image-view');
  const c = root?.querySelector('canvas');
  if (!c || root.hidden || root.classList.contains('loading')) return undefined;
  const m = root.querySelector('.heatmap-message');
  if (!m.hidden) return { rows: 0, cols: 0, cell: 0, x: 0, y: 0, badge: '', readout: '', message: m.textContent };
  if (!c.dataset.rows) return undefined;
  const r = c.getBoundingClientRect();
  return {
    rows: Number(c.dataset.rows), cols: Number(c.dataset.cols), cell: Number(c.dataset.cell), x: r.left, y: r.top,
    badge: document.querySelector('.image-controls .heatmap-downsampled').textContent, readout: root.querySelector('.heatmap-readout').textContent, message: '',
  };
};

/** RGBA of the image canvas at CSS points (device pixel ratio 1 in the harness). */
const pixels = (points: [number, number][]): number[][] => {
  const ctx = document.querySelector('.image-view canvas').getContext('2d');
  return points.map(([x, y]) => Array.from(ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data as number[]));
};

/** The float rule, written out here: NaN and v ≤ 0 → 0, v ≥ 1 → 255, else floor(v · 255). */
const floatByte = (v: number): number => (!(v > 0) ? 0 : v >= 1 ? 255 : Math.floor(v * 255));

async function switchToImage(h: Harness, what = 'the image'): Promise<ImageInfo> {
  await h.page.click('.pictures-switch [data-picture="image"]');
  return until(async () => h.page.evaluate(imageInfo), what);
}

/** Centres of every pixel (row, col) of the picture. */
function centres(info: ImageInfo): { rc: [number, number]; at: [number, number] }[] {
  const out: { rc: [number, number]; at: [number, number] }[] = [];
  for (let r = 0; r < info.rows; r++) for (let c = 0; c < info.cols; c++) out.push({ rc: [r, c], at: [(c + 0.5) * info.cell, (r + 0.5) * info.cell] });
  return out;
}

describe('webview: image view', function () {
  const suite = pageSuite();

  async function open(bytes: Uint8Array, restoreIndex?: string): Promise<Harness> {
    return Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'i.npy'), {
      fileName: 'i.npy', ...(restoreIndex ? { restore: { view: { index: restoreIndex, rowAxis: 0, colAxis: 1 }, scrollRow: 0, scrollCol: 0 } } : {}),
    });
  }

  it('draws an H×W×3 uint8 array as its RGB bytes exactly, and hover shows the index and the values', async () => {
    const H = 5, W = 7;
    const v = (i: number): number => (i * 37 + 11) % 256;
    const h = await open(npyBytes(u1, [H, W, 3], writeU1(v)));
    await h.settled();
    const info = await switchToImage(h);
    assert.deepStrictEqual([info.rows, info.cols, info.badge], [H, W, '']);
    const pts = centres(info);
    const got = await h.page.evaluate(pixels, pts.map((p) => p.at));
    pts.forEach(({ rc: [r, c] }, n) => {
      const i = (r * W + c) * 3;
      assert.deepStrictEqual(got[n], [v(i), v(i + 1), v(i + 2), 255], `pixel (${r}, ${c})`);
    });
    assert.strictEqual(got.length, H * W);
    for (const [r, c] of [[2, 3], [4, 6], [0, 1]]) {
      await h.page.mouse.move(info.x + (c + 0.5) * info.cell, info.y + (r + 0.5) * info.cell);
      const i = (r * W + c) * 3;
      const want = `[${r}, ${c}]  (${v(i)}, ${v(i + 1)}, ${v(i + 2)})`;
      await until(async () => (await h.page.evaluate(imageInfo))?.readout === want || undefined, `readout ${want}`);
    }
    // The keyboard: the cursor moves a pixel and reads it.
    await h.page.focus('.image-view canvas');
    await h.page.keyboard.press('ArrowRight');
    await h.page.keyboard.press('ArrowDown');
    await until(async () => (await h.page.evaluate(imageInfo))?.readout === `[1, 1]  (${v(24)}, ${v(25)}, ${v(26)})` || undefined, 'the keyboard readout');
    // The slice is kept for the grid; the colorbar is not shown for a colour image.
    assert.strictEqual(await h.page.evaluate(() => getComputedStyle(document.querySelector('.image-view .colorbar')).display), 'none');
    await h.page.click('.pictures-switch [data-picture="grid"]');
    assert.strictEqual((await h.settled()).view?.index, '0, :, :');
  });

  it('draws an H×W×4 uint8 array as RGBA: alpha exactly, colour within premultiplied rounding', async () => {
    const H = 4, W = 6;
    const alphas = [255, 200, 160];
    const v = (i: number): number => (i % 4 === 3 ? alphas[(i >> 2) % 3] : (i * 53 + 7) % 256);
    const h = await open(npyBytes(u1, [H, W, 4], writeU1(v)));
    await h.settled();
    const info = await switchToImage(h);
    assert.deepStrictEqual([info.rows, info.cols], [H, W]);
    const pts = centres(info);
    const got = await h.page.evaluate(pixels, pts.map((p) => p.at));
    pts.forEach(({ rc: [r, c] }, n) => {
      const i = (r * W + c) * 4, a = v(i + 3);
      assert.strictEqual(got[n][3], a, `alpha of (${r}, ${c})`);
      const tol = a === 255 ? 0 : Math.ceil(255 / a);
      for (let k = 0; k < 3; k++) assert.ok(Math.abs(got[n][k] - v(i + k)) <= tol, `(${r}, ${c}) channel ${k}: ${got[n][k]} vs ${v(i + k)}`);
    });
  });

  it('draws floats clipped to [0, 1] and scaled, NaN as 0; the switch reads C×H×W; Export PNG sends the image', async () => {
    const H = 4, W = 5;
    const f = (i: number): number => (i % 11 === 4 ? NaN : ((i * 0.137) % 1.6) - 0.3);
    // C×H×W: channel k of pixel (r, c) is element k·H·W + r·W + c.
    const h = await open(npyBytes(f8, [3, H, W], writeF8(f)));
    await h.settled();
    // Without the switch the last axis (5) is no channel axis: the grid's slice (0, :, :) in gray.
    const gray = await switchToImage(h, 'the gray slice');
    assert.deepStrictEqual([gray.rows, gray.cols], [H, W]);
    await h.page.check('.image-channels-first');
    const info = await until(async () => {
      const i = await h.page.evaluate(imageInfo);
      return i && (await h.page.evaluate(() => document.querySelector('.image-view').classList.contains('image-bytes'))) && i;
    }, 'the colour image');
    assert.deepStrictEqual([info.rows, info.cols], [H, W]);
    const pts = centres(info);
    const got = await h.page.evaluate(pixels, pts.map((p) => p.at));
    let clipped = 0;
    pts.forEach(({ rc: [r, c] }, n) => {
      const ch = [0, 1, 2].map((k) => f(k * H * W + r * W + c));
      clipped += ch.filter((x) => !(x >= 0 && x <= 1)).length;
      assert.deepStrictEqual(got[n], [...ch.map(floatByte), 255], `pixel (${r}, ${c}) of ${ch}`);
    });
    assert.ok(clipped >= 5, `${clipped} values out of [0, 1] or NaN`);
    await h.page.mouse.move(info.x + 2.5 * info.cell, info.y + 1.5 * info.cell);
    const readout = await until(async () => { const t = (await h.page.evaluate(imageInfo))?.readout; return t?.startsWith('[1, 2]') && t; }, 'the readout');
    // The grid's own text of each value (its format: channel 0 is the grid's slice 0, :, :).
    const m = /^\[1, 2\] {2}\((\S+), (\S+), (\S+)\)$/.exec(readout);
    assert.ok(m, readout);
    [0, 1, 2].forEach((k) => assert.ok(Math.abs(Number(m[k + 1]) - f(k * H * W + 1 * W + 2)) < 1e-3, `${readout} channel ${k}`));
    // The setting is remembered per file.
    assert.deepStrictEqual((await h.state()).pictures?.image, { channelsFirst: true });
    await h.page.click('.pictures-export');
    const sent = await until(async () => h.log.filter((m): m is SavePngRequest => m.type === 'savePng').at(-1), 'the PNG');
    assert.strictEqual(sent.name, 'image');
    const png = decodePng(Buffer.from(sent.png, 'base64'));
    const { x, y } = { x: Math.floor(3.5 * info.cell), y: Math.floor(2.5 * info.cell) };
    assert.deepStrictEqual(png.rgba(x, y), [...[0, 1, 2].map((k) => floatByte(f(k * H * W + 2 * W + 3))), 255], 'the PNG has the image');
    await h.page.click('.pictures-switch [data-picture="grid"]');
    assert.strictEqual(m[1], (await h.settled()).rendered?.texts[1][2], 'the readout has the grid\'s text');
  });

  it('draws a 2-D slice in gray: uint8 levels as they are, floats over their finite min/max', async () => {
    const H = 6, W = 4;
    const v = (i: number): number => (i * 41 + 3) % 256;
    const h = await open(npyBytes(u1, [H, W], writeU1(v)));
    await h.settled();
    const info = await switchToImage(h);
    const pts = centres(info);
    const got = await h.page.evaluate(pixels, pts.map((p) => p.at));
    pts.forEach(({ rc: [r, c] }, n) => assert.deepStrictEqual(got[n], [v(r * W + c), v(r * W + c), v(r * W + c), 255], `gray (${r}, ${c})`));
    await h.page.mouse.move(info.x + 1.5 * info.cell, info.y + 2.5 * info.cell);
    await until(async () => (await h.page.evaluate(imageInfo))?.readout === `[2, 1]: ${v(9)}` || undefined, 'the gray readout');

    const g = (i: number): number => (i === 5 ? NaN : Math.sin(i) * 10);
    const h2 = await open(npyBytes(f8, [H, W], writeF8(g)));
    await h2.settled();
    const info2 = await switchToImage(h2);
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < H * W; i++) if (Number.isFinite(g(i))) { lo = Math.min(lo, g(i)); hi = Math.max(hi, g(i)); }
    const map = getColormap('gray');
    const got2 = await h2.page.evaluate(pixels, centres(info2).map((p) => p.at));
    centres(info2).forEach(({ rc: [r, c] }, n) => {
      const x = g(r * W + c);
      const want = Number.isNaN(x) ? [...map.nan, 255] : [...colorAt(map, (x - lo) / (hi - lo)), 255];
      assert.deepStrictEqual(got2[n], want, `gray (${r}, ${c}) = ${x}`);
    });
  });

  it('draws a large image downsampled ×k from the elements it names, and explains a slice it cannot draw', async () => {
    const H = 6000, W = 5000;
    const v = (i: number): number => (i * 7 + (i >> 11)) % 256;
    const src = new SyntheticSource(u1, [H, W, 3], writeU1(v));
    const h = await Harness.open(suite.browser, await openSource(src, 'big.npy'), { fileName: 'big.npy' });
    await h.settled();
    const before = src.stats.bytes;
    const info = await switchToImage(h);
    const k = Number(/×(\d+)/.exec(info.badge)?.[1]);
    assert.ok(k > 1, `badge ${info.badge}`);
    assert.deepStrictEqual([info.rows, info.cols], [Math.ceil(H / k), Math.ceil(W / k)]);
    assert.ok(src.stats.bytes - before < (2 * H * W * 3) / k, `read ${src.stats.bytes - before} bytes at k = ${k}`);
    const cells: [number, number][] = [[3, 4], [info.rows - 1, info.cols - 1], [100, 200]];
    const got = await h.page.evaluate(pixels, cells.map(([r, c]) => [(c + 0.5) * info.cell, (r + 0.5) * info.cell] as [number, number]));
    cells.forEach(([r, c], n) => {
      const i = (r * k * W + c * k) * 3;
      assert.deepStrictEqual(got[n], [v(i), v(i + 1), v(i + 2), 255], `cell (${r}, ${c}) at k ${k}`);
    });
    await h.page.mouse.move(info.x + 4.5 * info.cell, info.y + 3.5 * info.cell);
    const i = (3 * k * W + 4 * k) * 3;
    await until(async () => (await h.page.evaluate(imageInfo))?.readout === `[${3 * k}, ${4 * k}]  (${v(i)}, ${v(i + 1)}, ${v(i + 2)})` || undefined, 'the readout');
    // Zooming in (+ around the keyboard cursor) asks for the visible region of the image at a finer factor.
    await h.page.focus('.image-view canvas');
    for (let n = 0; n < 3; n++) await h.page.keyboard.press('+');
    const detail = await until(async () => h.log.find((m): m is HeatmapRequest => m.type === 'heatmap' && m.region !== undefined), 'the detail request', 30_000);
    assert.strictEqual(detail.image, 'last');
    assert.ok(detail.region!.rows < H && detail.region!.cols < W, JSON.stringify(detail.region));
    await until(async () => {
      const b = (await h.page.evaluate(imageInfo))?.badge;
      return b !== undefined && Number(/×(\d+)/.exec(b)?.[1] ?? 1) < k;
    }, 'a finer factor shown', 60_000); // the detail reads (block means) a synthesized region: slow on a loaded machine

    const h2 = await open(npyBytes(f8, [6], writeF8((j) => j)));
    await h2.settled();
    const msg = await switchToImage(h2, 'the message');
    assert.match(msg.message, /an image needs an H×W×3 or H×W×4 array .* this slice is 1-D/);
  });
});
