/**
 * Statistics panel, go to NaN/Inf/min/max and value-shaded cells in real headless chromium,
 * answered by a real ViewerSession: the panel shows the engine's figures, the keys and buttons
 * move the selection where the values are, and shaded cells have the colormap's colour of their
 * value (read back from the canvas's pixels), NaN and ±Inf their own.
 */
import * as assert from 'assert';
import { colorAt, getColormap } from '../../src/shared/draw/colormaps';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource, f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;

/** 1000 × 6 float64, element i = i, except NaN at [0, 1], +inf at [0, 2], −inf at [0, 3]. */
const ROWS = 1000;
const COLS = 6;
const valueAt = (i: number): number => (i === 1 ? NaN : i === 2 ? Infinity : i === 3 ? -Infinity : i);

/** The shared colormap's colour of v over [low, high] (matplotlib's lookup), as the canvas holds it (opaque RGBA). */
function colour(map: string, v: number, low: number, high: number): number[] {
  return [...colorAt(getColormap(map), (v - low) / (high - low)), 255];
}

/** matplotlib's gray, written out: entry floor(t·256) clamped is rgb(i, i, i) (checks the table, not only the lookup). */
function gray(v: number, low: number, high: number): number[] {
  const i = Math.min(255, Math.max(0, Math.floor(((v - low) / (high - low)) * 256)));
  return [i, i, i, 255];
}

/** RGBA of the shade canvas at a client point. */
const pixelAt = ([x, y]: number[]): number[] => {
  const c = document.querySelector('.grid-shade');
  const r = c.getBoundingClientRect();
  // The canvas may be stretched (one pixel row per grid row): scale each axis on its own.
  return [...c.getContext('2d').getImageData(Math.floor(((x - r.left) * c.width) / r.width), Math.floor(((y - r.top) * c.height) / r.height), 1, 1).data];
};

describe('statistics, go to and value shading (headless chromium)', function () {
  const suite = pageSuite();
  let h: Harness | undefined;

  async function openField(): Promise<Harness> {
    const bytes = npyBytes(f8, [ROWS, COLS], writeF8(valueAt));
    return Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'field.npy'), { fileName: 'field.npy' });
  }

  /** The cell (as drawn) showing `text`, and the centre of its box. */
  async function cellOf(text: string) {
    const cell = (await h!.domCells()).cells.find((c) => c.text === text);
    assert.ok(cell, `a cell shows ${text}`);
    return { cell, centre: [cell.x + cell.w / 2, cell.y + cell.h / 2] };
  }

  it('shows the statistics of the slice, and goes to its max', async () => {
    h = await openField();
    await h.settled();
    await h.page.click('.action-stats');
    await until(async () => (await h!.page.textContent('.stats-table tr[data-stat="count"] td.stats-value')) === String(ROWS * COLS) && true, 'the count');
    const figures = await h.page.$$eval('.stats-table tr', (trs: any[]) => trs.map((tr) => [tr.dataset.stat, tr.querySelector('td.stats-value').textContent]));
    let sum = 0;
    let n = 0;
    for (let i = 0; i < ROWS * COLS; i++) if (Number.isFinite(valueAt(i))) { sum += i; n++; }
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < ROWS * COLS; i++) if (Number.isFinite(valueAt(i))) m2 += (i - mean) ** 2;
    const got = Object.fromEntries(figures);
    assert.deepStrictEqual(
      { count: got.count, finite: got.finite, nan: got.nan, posinf: got.posinf, neginf: got.neginf, zeros: got.zeros, min: got.min, max: got.max },
      { count: '6000', finite: '5997', nan: '1', posinf: '1', neginf: '1', zeros: '1', min: '0.0', max: '5999.0' });
    assert.ok(Math.abs(Number(got.mean) - mean) <= 1e-9 * mean, `mean ${got.mean} vs ${mean}`);
    assert.ok(Math.abs(Number(got.std) - Math.sqrt(m2 / n)) <= 1e-9 * Math.sqrt(m2 / n), `std ${got.std}`);
    // Go to the max: the grid selects its cell (last row, last column) and scrolls there.
    await h.page.click('.stats-table tr[data-stat="max"] .stats-goto');
    const s = await until(async () => { const st = await h!.settled(); return st.selection?.row0 === ROWS - 1 && st; }, 'the max selected');
    assert.deepStrictEqual(s.selection, { row0: ROWS - 1, col0: COLS - 1, row1: ROWS - 1, col1: COLS - 1 });
    assert.strictEqual(await h.focusedText(), '5999.0');
  });

  it('goes to the next and previous NaN, Inf, min and max with Alt+N/I/M/X (Shift: previous)', async () => {
    h = await openField();
    await h.settled();
    await h.page.focus('.grid');
    const press = async (key: string, want: [number, number], what: string): Promise<void> => {
      const before = h!.log.filter((m) => m.type === 'find').length;
      await h!.page.keyboard.press(key);
      await until(async () => h!.log.filter((m) => m.type === 'find').length > before && true, `${what} asked`);
      const sel = await until(async () => {
        const st = await h!.state();
        return st.selection && st.selection.row0 === want[0] && st.selection.col0 === want[1] && st.selection;
      }, `${what} at ${want}`);
      assert.ok(sel);
    };
    await press('Alt+KeyN', [0, 1], 'first NaN');
    await press('Alt+KeyI', [0, 2], 'next inf (+inf)');
    await press('Alt+KeyI', [0, 3], 'next inf (−inf)');
    await press('Alt+KeyI', [0, 2], 'next inf wraps to the first');
    assert.match(await h.page.textContent('.status') ?? '', /wrapped/);
    await press('Alt+KeyX', [ROWS - 1, COLS - 1], 'the max');
    await press('Shift+Alt+KeyM', [0, 0], 'previous min');
    await press('Shift+Alt+KeyN', [0, 1], 'previous NaN wraps');
    // The panel's buttons do the same.
    await h.page.click('.action-stats');
    await h.page.click('[data-find="max-next"]');
    await until(async () => { const st = await h!.state(); return st.selection?.row0 === ROWS - 1 && true; }, 'max by button');
  });

  it('shades cells by value (viridis) over the slice\'s min–max, NaN and ±Inf in their own colours, text readable; another colormap', async () => {
    h = await openField();
    await h.settled();
    await h.page.click('.action-shade');
    // The range comes from the slice's statistics (finite min and max: 0 and 5999).
    await until(async () => (await h!.page.textContent('.shade-range')) === '0 to 5999' && true, 'the statistics range');
    await h.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    let checked = 0;
    for (const v of [0, 4, 5, 30, 60]) {
      const { centre } = await cellOf(`${v}.0`);
      assert.deepStrictEqual(await h.page.evaluate(pixelAt, centre), colour('viridis', v, 0, 5999), `colour of ${v}`);
      checked++;
    }
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('nan')).centre), [255, 0, 255, 255], 'NaN: magenta');
    // The column guide shows between fills: about the last pixel of a cell is left clear.
    const four = (await cellOf('4.0')).cell;
    const edge: number[] = [];
    for (let dx = -2; dx <= 1; dx += 0.5) edge.push((await h.page.evaluate(pixelAt, [four.x + four.w + dx, four.y + four.h / 2]))[3]);
    assert.ok(edge.includes(0) && edge.filter((x) => x === 0).length <= 3, `the column guide is not covered: alpha ${edge}`);
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('inf')).centre), [255, 255, 255, 255], '+inf: white');
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('-inf')).centre), [0, 0, 0, 255], '−inf: black');
    // Dark fills (every value on screen is below 256 of 5999: viridis's dark purple end): light
    // text; NaN (magenta) and +inf (white): dark text; −inf (black): light text.
    assert.ok((await cellOf('100.0')).cell.cls.includes('on-dark'), 'light text on a dark fill');
    assert.ok((await cellOf('nan')).cell.cls.includes('on-light'), 'dark text on magenta');
    assert.ok((await cellOf('inf')).cell.cls.includes('on-light'), 'dark text on white');
    assert.ok((await cellOf('-inf')).cell.cls.includes('on-dark'), 'light text on black');
    assert.strictEqual(checked, 5);

    // Another colormap: gray, with its own specials (+inf red, −inf blue).
    await h.page.selectOption('.shade-colormap', 'gray');
    await h.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('60.0')).centre), gray(60, 0, 5999), 'gray colour of 60');
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('inf')).centre), [255, 0, 0, 255], 'gray: +inf red');
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('-inf')).centre), [0, 0, 255, 255], 'gray: −inf blue');
    await h.page.selectOption('.shade-colormap', 'viridis');

    // A typed range: 0 to 60 puts 50 near the top of the map, and 70 (above it) at its end.
    await h.page.selectOption('.shade-mode', 'custom');
    await h.page.fill('.shade-low', '0');
    await h.page.fill('.shade-high', '60');
    await h.page.press('.shade-high', 'Enter');
    await until(async () => (await h!.page.textContent('.shade-range')) === '0 to 60' && true, 'the typed range');
    await h.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('50.0')).centre), colour('viridis', 50, 0, 60));
    // Above the range: viridis's last entry (yellow).
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, (await cellOf('70.0')).centre), colour('viridis', 1, 0, 1));
    assert.ok((await cellOf('70.0')).cell.cls.includes('on-light'), 'dark text on yellow');
    // A bad range is refused with a message, the old one stays.
    await h.page.fill('.shade-low', '7');
    await h.page.fill('.shade-high', '3');
    await h.page.press('.shade-high', 'Enter');
    assert.match(await h.page.textContent('.shade-bar .inline-error') ?? '', /low below high/);

    // High contrast: a border of the colour, no fill, text in the theme's colour.
    await h.page.evaluate('document.body.classList.add("vscode-high-contrast")');
    await h.page.selectOption('.shade-mode', 'minmax');
    await until(async () => (await h!.page.textContent('.shade-range')) === '0 to 5999' && true, 'back to min–max');
    await h.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const nan = await cellOf('nan');
    assert.strictEqual((await h.page.evaluate(pixelAt, nan.centre))[3], 0, 'no fill inside');
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, [nan.cell.x + 2, nan.centre[1]]), [255, 0, 255, 255], 'a magenta border');
    assert.ok(!nan.cell.cls.some((c) => c.startsWith('on-')), 'theme text colour');

    // The bar is the grid's: not shown over a picture (the heatmap has its own colours), shown again on the grid.
    const barShown = (): Promise<boolean> => h!.page.evaluate(`getComputedStyle(document.querySelector('.shade-bar')).display !== 'none'`) as Promise<boolean>;
    assert.strictEqual(await barShown(), true, 'on the grid');
    for (const picture of ['heatmap', 'histogram', 'grid']) {
      await h.page.click(`.pictures-switch [data-picture="${picture}"]`);
      assert.strictEqual(await barShown(), picture === 'grid', `over the ${picture}`);
    }

    // Off: no canvas.
    await h.page.click('.action-shade');
    await until(async () => (await h!.page.$('.grid-shade')) === null, 'the shade layer removed');
  });

  it('shows progress while a large array is read, and Cancel stops it', async function () {
    this.timeout(60000);
    // 1e8 float64 (800 MB, computed on read): takes seconds to read whole.
    const src = new SyntheticSource(f8, [1e8], writeF8((i) => i % 977));
    h = await Harness.open(suite.browser, await openSource(src, 'big.npy'), { fileName: 'big.npy' });
    await h.settled();
    await h.page.click('.action-stats');
    await until(async () => /\d+%/.test(await h!.page.textContent('.stats-note') ?? '') && Number(await h!.page.getAttribute('.stats-progress', 'aria-valuenow')) > 0 && true, 'progress shown');
    assert.strictEqual(await h.page.isVisible('.stats-cancel'), true);
    await h.page.click('.stats-cancel');
    await until(async () => (await h!.page.textContent('.stats-note')) === 'Cancelled.' && true, 'cancelled');
    const read = src.stats.bytes;
    assert.ok(read < 8e8, `read ${read} bytes of 8e8`);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(src.stats.bytes, read, 'nothing read after Cancel');
    assert.ok(h.log.some((m) => m.type === 'cancelJob'), 'the webview sent cancelJob');
    assert.strictEqual(await h.page.isVisible('.stats-cancel'), false);
  });
});
