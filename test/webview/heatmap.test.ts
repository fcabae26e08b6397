/**
 * The Heatmap view in real headless chromium, wired to a real ViewerSession: the canvas pixels of
 * known cells are the colormap's colours for their values (shared colormap tables), NaN and ±Inf
 * have their own colours, hover shows the index and the grid's own text, a slice larger than the
 * canvas is drawn downsampled ×k from the elements it names, and switching views keeps the slice.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import { colorAt, getColormap, type Colormap } from '../../src/shared/draw/colormaps';
import { makeNormalizer, type ScaleSpec } from '../../src/shared/draw/scales';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource, f8, i4, npyBytes, writeF8, writeI4 } from '../support/viewer-arrays';
import { canvasInfo, pixels, type CanvasInfo } from './heatmapprobe';

// Page-side code (passed as functions: the page's CSP forbids eval). Node's lib has no DOM types.
declare const document: any;

/** Rows × cols float64 with NaN, +Inf and −Inf at known cells. */
const ROWS = 6, COLS = 8;
const SPECIAL: Record<number, number> = { 11: NaN, 29: Infinity, 40: -Infinity };
const value = (i: number): number => (i in SPECIAL ? SPECIAL[i] : (i % 7) * 3 - 4 + i / 10);

async function switchToHeatmap(h: Harness): Promise<CanvasInfo> {
  await h.page.click('.pictures-switch [data-picture="heatmap"]');
  return until(async () => h.page.evaluate(canvasInfo), 'the heatmap');
}

/** The colour the picture must have for v under a map and a scale over the finite values. */
function expected(map: Colormap, spec: ScaleSpec, v: number): number[] {
  if (Number.isNaN(v)) return [...map.nan, 255];
  if (v === Infinity) return [...map.posinf, 255];
  if (v === -Infinity) return [...map.neginf, 255];
  return [...colorAt(map, makeNormalizer(spec)(v)), 255];
}

function finiteRange(n: number, f: (i: number) => number): { low: number; high: number } {
  let low = Infinity, high = -Infinity;
  for (let i = 0; i < n; i++) { const v = f(i); if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); } }
  return { low, high };
}

describe('webview: heatmap view', function () {
  const suite = pageSuite();
  let h: Harness;

  async function open(): Promise<Harness> {
    const bytes = npyBytes(f8, [ROWS, COLS], writeF8(value));
    return Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'h.npy'), { fileName: 'h.npy' });
  }

  /** Centres of every cell in page coordinates. */
  function centres(info: CanvasInfo): [number, number][] {
    const out: [number, number][] = [];
    for (let r = 0; r < info.rows; r++) for (let c = 0; c < info.cols; c++) out.push([(c + 0.5) * info.cell, (r + 0.5) * info.cell]);
    return out;
  }

  it('draws each cell in the colormap colour of its value, and NaN / ±Inf in their own colours', async () => {
    h = await open();
    await h.settled();
    const info = await switchToHeatmap(h);
    assert.deepStrictEqual([info.rows, info.cols], [ROWS, COLS]);
    assert.strictEqual(h.log.filter((m) => m.type === 'heatmap').length, 1, 'one picture asked for');
    assert.strictEqual(info.badge, '', 'not downsampled');
    const spec: ScaleSpec = { kind: 'linear', ...finiteRange(ROWS * COLS, value) };
    const got = await h.page.evaluate(pixels, centres(info));
    const viridis = getColormap('viridis');
    let checked = 0;
    for (let i = 0; i < ROWS * COLS; i++) {
      assert.deepStrictEqual(got[i], expected(viridis, spec, value(i)), `cell ${i} (${value(i)})`);
      checked++;
    }
    assert.strictEqual(checked, 48);
    assert.deepStrictEqual(got[11].slice(0, 3), [...viridis.nan], 'the NaN cell is magenta');
    // The colorbar names the specials present and has ticks.
    const bar = await h.page.evaluate(() => ({
      specials: [...document.querySelectorAll('.colorbar-special')].map((e: any) => e.dataset.special),
      ticks: [...document.querySelectorAll('.colorbar-tick')].map((e: any) => e.textContent),
      low: document.querySelector('.heatmap-low').value, high: document.querySelector('.heatmap-high').value,
    }));
    assert.deepStrictEqual(bar.specials, ['nan', 'posinf', 'neginf']);
    assert.ok(bar.ticks.length >= 2, `ticks ${bar.ticks}`);
    assert.deepStrictEqual([Number(bar.low), Number(bar.high)], [spec.low, spec.high], 'the automatic domain is the finite min/max');
  });

  it('follows the colormap, invert, scale and a typed domain', async () => {
    h = await open();
    await h.settled();
    const info = await switchToHeatmap(h);
    await h.page.selectOption('.heatmap-colormap', 'RdBu');
    await h.page.check('.heatmap-invert');
    await h.page.fill('.heatmap-low', '-2');
    await h.page.fill('.heatmap-high', '10');
    await h.page.press('.heatmap-high', 'Enter');
    await h.page.selectOption('.heatmap-scale', 'sqrt');
    // Choosing a scale makes the domain automatic again; type it once more for sqrt.
    await h.page.fill('.heatmap-low', '-2');
    await h.page.press('.heatmap-low', 'Enter');
    await h.page.fill('.heatmap-high', '10');
    await h.page.press('.heatmap-high', 'Enter');
    const got = await h.page.evaluate(pixels, centres(info));
    const map = getColormap('RdBu', true);
    const spec: ScaleSpec = { kind: 'sqrt', low: -2, high: 10 };
    for (let i = 0; i < ROWS * COLS; i++) assert.deepStrictEqual(got[i], expected(map, spec, value(i)), `cell ${i}`);
    await h.page.selectOption('.heatmap-colormap', 'gray');
    await h.page.uncheck('.heatmap-invert');
    const gray = await h.page.evaluate(pixels, centres(info));
    const g = getColormap('gray');
    for (let i = 0; i < ROWS * COLS; i++) assert.deepStrictEqual(gray[i], expected(g, spec, value(i)), `gray cell ${i}`);
  });

  it('Robust sets the domain to the 1st and 99th percentiles of the slice\'s finite values (np.percentile\'s linear rule)', async () => {
    h = await open();
    await h.settled();
    const info = await switchToHeatmap(h);
    await h.page.click('.heatmap-robust');
    const finite = Array.from({ length: ROWS * COLS }, (_, i) => value(i)).filter(Number.isFinite).sort((a, b) => a - b);
    const pct = (p: number): number => {
      const at = (finite.length - 1) * p / 100, lo = Math.floor(at);
      return lo + 1 < finite.length ? finite[lo] + (finite[lo + 1] - finite[lo]) * (at - lo) : finite[lo];
    };
    const [wantLow, wantHigh] = [pct(1), pct(99)];
    const all = finiteRange(ROWS * COLS, value);
    assert.ok(wantLow > all.low && wantHigh < all.high, 'the percentiles lie inside the min/max');
    // The host computes the percentiles: wait for its answer, then read both bounds at once (one
    // read each could fall on either side of the answer).
    const [low, high] = await until(async () => {
      const v = await h.page.evaluate(`['.heatmap-low', '.heatmap-high'].map((q) => Number(document.querySelector(q).value))`) as number[];
      return (v[0] !== all.low || v[1] !== all.high) && v;
    }, 'the robust domain');
    assert.ok(Math.abs(low - wantLow) <= 1e-12 * Math.abs(wantLow) && Math.abs(high - wantHigh) <= 1e-12 * Math.abs(wantHigh), `${low}, ${high} against ${wantLow}, ${wantHigh}`);
    const got = await h.page.evaluate(pixels, centres(info));
    const viridis = getColormap('viridis');
    for (let i = 0; i < ROWS * COLS; i++) assert.deepStrictEqual(got[i], expected(viridis, { kind: 'linear', low, high }, value(i)), `cell ${i}`);
    await h.page.click('.heatmap-auto');
    assert.deepStrictEqual([Number(await h.page.inputValue('.heatmap-low')), Number(await h.page.inputValue('.heatmap-high'))], [all.low, all.high], 'Auto: the min/max again');
  });

  it('shows the index and the grid\'s own text under the mouse and the keyboard cursor', async () => {
    h = await open();
    const s = await h.settled();
    const info = await switchToHeatmap(h);
    const gridText = (r: number, c: number): string => s.rendered!.texts[r][c];
    for (const [r, c] of [[2, 3], [1, 3], [3, 5], [5, 0]]) {
      await h.page.mouse.move(info.x + (c + 0.5) * info.cell, info.y + (r + 0.5) * info.cell);
      const text = await until(async () => {
        const t = (await h.page.evaluate(canvasInfo))?.readout;
        return t?.startsWith(`[${r}, ${c}]`) && t;
      }, `readout of (${r}, ${c})`);
      assert.strictEqual(text, `[${r}, ${c}]: ${gridText(r, c)}`);
    }
    assert.match(gridText(1, 3), /^nan$/);
    await h.page.focus('.heatmap-canvas');
    await h.page.keyboard.press('ArrowRight');
    await h.page.keyboard.press('ArrowDown');
    const key = await until(async () => {
      const t = (await h.page.evaluate(canvasInfo))?.readout;
      return t?.startsWith('[1, 1]') && t;
    }, 'the keyboard readout');
    assert.strictEqual(key, `[1, 1]: ${gridText(1, 1)}`);
  });

  it('draws a slice larger than the canvas downsampled ×k from the elements it names', async () => {
    const f = (i: number): number => (i * 7919) % 1000;
    const src = new SyntheticSource(i4, [4, 3000, 6000], writeI4(f));
    h = await Harness.open(suite.browser, await openSource(src, 'big.npy'), {
      fileName: 'big.npy', restore: { view: { index: '2, :, :', rowAxis: 0, colAxis: 1 }, scrollRow: 0, scrollCol: 0 },
    });
    await h.settled();
    const before = src.stats.bytes;
    const info = await switchToHeatmap(h);
    const k = Number(/×(\d+)/.exec(info.badge)?.[1]);
    assert.ok(k > 1, `badge ${info.badge}`);
    assert.deepStrictEqual([info.rows, info.cols], [Math.ceil(3000 / k), Math.ceil(6000 / k)]);
    // A strided read reads every k-th row (whole rows, as the disk sees them): about 1/k of the slice.
    assert.ok(src.stats.bytes - before < (2 * 3000 * 6000 * 4) / k, `read ${src.stats.bytes - before} bytes at k = ${k}`);
    const elem = (r: number, c: number): number => f(2 * 3000 * 6000 + r * k * 6000 + c * k);
    // (Not cell (0, 0): the focused canvas outlines its keyboard cursor there.)
    const cells: [number, number][] = [[3, 4], [5, 7], [info.rows - 1, info.cols - 1], [100, 200]];
    const got = await h.page.evaluate(pixels, cells.map(([r, c]) => [(c + 0.5) * info.cell, (r + 0.5) * info.cell] as [number, number]));
    const low = Number(await h.page.inputValue('.heatmap-low')), high = Number(await h.page.inputValue('.heatmap-high'));
    const spec: ScaleSpec = { kind: 'linear', low, high };
    cells.forEach(([r, c], n) => assert.deepStrictEqual(got[n], expected(getColormap("viridis"), spec, elem(r, c)), `cell (${r}, ${c}) = ${elem(r, c)} k ${k} domain ${low}..${high} cell ${info.cell}`));
    await h.page.mouse.move(info.x + 7.5 * info.cell, info.y + 5.5 * info.cell);
    const text = await until(async () => {
      const t = (await h.page.evaluate(canvasInfo))?.readout;
      return t?.startsWith('[2,') && t;
    }, 'the readout');
    assert.strictEqual(text, `[2, ${5 * k}, ${7 * k}]: ${elem(5, 7)}`);
    assert.strictEqual(h.log.filter((m) => m.type === 'heatmap').length, 1, 'one picture asked for');
  });

  it('draws the new values when the file changes on disk', async () => {
    h = await open();
    await h.settled();
    await switchToHeatmap(h);
    const { low } = finiteRange(ROWS * COLS, value);
    assert.strictEqual(Number(await h.page.inputValue('.heatmap-low')), low);
    await h.reload(await openSource(new BufferSource(npyBytes(f8, [ROWS, COLS], writeF8((i) => value(i) + 100))), 'h.npy'));
    await until(async () => Number(await h.page.inputValue('.heatmap-low')) === low + 100 || undefined, 'the new domain');
    const info = await until(async () => h.page.evaluate(canvasInfo), 'the heatmap');
    const got = await h.page.evaluate(pixels, centres(info));
    const spec: ScaleSpec = { kind: 'linear', ...finiteRange(ROWS * COLS, (i) => value(i) + 100) };
    for (let i = 0; i < ROWS * COLS; i++) assert.deepStrictEqual(got[i], expected(getColormap('viridis'), spec, value(i) + 100), `cell ${i}`);
  });

  it('keeps the slice when switching views, and explains a slice it cannot draw', async () => {
    const bytes = npyBytes(f8, [3, 4, 5], writeF8((i) => i));
    h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'c.npy'), {
      fileName: 'c.npy', restore: { view: { index: '1, :, :', rowAxis: 0, colAxis: 1 }, scrollRow: 0, scrollCol: 0 },
    });
    await h.settled();
    const info = await switchToHeatmap(h);
    assert.deepStrictEqual([info.rows, info.cols], [4, 5]);
    await h.page.mouse.move(info.x + 2.5 * info.cell, info.y + 3.5 * info.cell);
    await until(async () => (await h.page.evaluate(canvasInfo))?.readout === '[1, 3, 2]: 37.0', 'the readout of slice 1');
    await h.page.click('.pictures-switch [data-picture="grid"]');
    const s = await h.settled();
    assert.strictEqual(s.view?.index, '1, :, :');
    assert.strictEqual(s.rendered?.texts[3][2], '37.0');
    assert.strictEqual(await h.page.evaluate(() => document.querySelector('.heatmap').hidden), true);
    // A 1-D slice: the heatmap says why it cannot draw it.
    await h.page.fill('.index-expr', '1, 2, :');
    await h.page.press('.index-expr', 'Enter');
    await until(async () => (await h.state()).view?.index === '1, 2, :', 'the 1-D view');
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    const msg = await until(async () => h.page.evaluate(() => {
      const m = document.querySelector('.heatmap-message');
      return !m.hidden && m.textContent;
    }), 'the message');
    assert.match(msg, /a heatmap needs a 2-D slice; this one is 1-D/);
  });
});
