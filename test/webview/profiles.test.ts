/**
 * Linked profiles and complex parts in real chromium, wired to a real ViewerSession: clicking a
 * heatmap cell plots that row and that column beside it (the lines pass through the data's points
 * at known indices, the picked element is marked, hover reads the grid's text), another click or
 * Enter on the cursor moves them, zooming the heatmap restricts them to the visible range, the
 * close button hides them; for a complex array the part selector (hidden for real ones) changes
 * what the heatmap draws, and the readout still shows the exact complex value.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { DType } from '../../src/npy/format/dtype';
import { colorAt, getColormap } from '../../src/shared/draw/colormaps';
import { makeNormalizer } from '../../src/shared/draw/scales';
import type { EnvelopeRequest, HeatmapRequest } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;

interface Plot { left: number; top: number; width: number; height: number; a: number; b: number; low: number; high: number; x: number; y: number; columns: number; mark: string }

/** A profile's drawing (its canvas's data), once drawn and not loading. */
const plotInfo = (sel: string): Plot | undefined => {
  const c = document.querySelector(sel);
  if (!c || !c.dataset.width || !c.dataset.low || c.closest('[hidden]') || c.closest('.loading, .zooming')) return undefined;
  const r = c.getBoundingClientRect();
  const d = c.dataset;
  return {
    left: Number(d.left), top: Number(d.top), width: Number(d.width), height: Number(d.height), a: Number(d.a), b: Number(d.b),
    low: Number(d.low), high: Number(d.high), x: r.left, y: r.top, columns: Number(d.columns), mark: d.mark,
  };
};

const heatmapInfo = (): { x: number; y: number; cell: number; x0: number; y0: number; scale: number; w: number; h: number } | undefined => {
  const c = document.querySelector('.heatmap-canvas');
  if (!c || !c.dataset.rows || c.closest('[hidden]') || c.closest('.heatmap.loading')) return undefined;
  const r = c.getBoundingClientRect();
  const d = c.dataset;
  return { x: r.left, y: r.top, cell: Number(d.cell), x0: Number(d.x0), y0: Number(d.y0), scale: Number(d.scale), w: r.width, h: r.height };
};

/** Alpha of canvas pixels at CSS points (device pixel ratio 1 in the harness). */
const alphas = ([sel, points]: [string, [number, number][]]): number[] => {
  const ctx = document.querySelector(sel).getContext('2d');
  return points.map(([x, y]) => ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data[3]);
};

const pixels = (points: [number, number][]): number[][] => {
  const ctx = document.querySelector('.heatmap-canvas').getContext('2d');
  return points.map(([x, y]) => Array.from(ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data as number[]));
};

const text = (sel: string): string => document.querySelector(sel)?.textContent ?? '';
const hidden = (sel: string): boolean => { const e = document.querySelector(sel); return !e || !!e.closest('[hidden]'); };

const ROW = '.profile-row .profile-canvas', COL = '.profile-col .profile-canvas';

/** The plot of `sel` once `ok` holds. */
async function plot(h: Harness, sel: string, ok: (p: Plot) => boolean, what: string): Promise<Plot> {
  return until(async () => {
    const p = await h.page.evaluate(plotInfo, sel);
    return p && ok(p) ? p : undefined;
  }, what, 30_000);
}

/** Every point of a profile drawn where its value is, and nothing well above or below it (but the mark's dashed line). */
async function passesThrough(h: Harness, sel: string, p: Plot, values: number[], what: string): Promise<number> {
  const xOf = (i: number): number => p.left + ((i - p.a) / (p.b - p.a)) * p.width;
  const yOf = (v: number): number => p.top + (1 - (v - p.low) / (p.high - p.low)) * p.height;
  const on: [number, number][] = [], off: [number, number][] = [];
  for (let i = Math.ceil(p.a) + 1; i < Math.floor(p.b) - 1; i++) {
    on.push([xOf(i), yOf(values[i])]);
    if (Math.abs(i - Number(p.mark)) <= 1) continue;
    for (const dy of [-12, 12]) {
      const y = yOf(values[i]) + dy;
      if (y > p.top + 2 && y < p.top + p.height - 2) off.push([xOf(i), y]);
    }
  }
  const onA = await h.page.evaluate(alphas, [sel, on] as [string, [number, number][]]);
  onA.forEach((a, k) => assert.ok(a > 0, `${what}: point ${Math.ceil(p.a) + 1 + k} is drawn at its value`));
  const offA = await h.page.evaluate(alphas, [sel, off] as [string, [number, number][]]);
  offA.forEach((a, k) => assert.strictEqual(a, 0, `${what}: nothing drawn at ${off[k]}`));
  return on.length;
}

describe('webview: linked profiles and complex parts', function () {
  const suite = pageSuite();
  const ROWS = 24, COLS = 30;
  /** Distinct rows and a wavy column direction: a[r, c] = 100·r + 10·sin(c/2) + c/10 … */
  const value = (r: number, c: number): number => 100 * r + 10 * Math.sin(c / 2) + c / 10 + 3 * Math.cos(r);

  async function heatmap(h: Harness) {
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    return until(async () => h.page.evaluate(heatmapInfo), 'the heatmap', 30_000);
  }

  it('a click plots the cell\'s row and column through the data\'s points; another click, Enter, zoom and close follow', async () => {
    const bytes = npyBytes(f8, [ROWS, COLS], writeF8((i) => value(Math.floor(i / COLS), i % COLS)));
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'p.npy'), { fileName: 'p.npy', width: 1400, height: 800 });
    const s = await h.settled();
    const hm = await heatmap(h);
    assert.ok(await h.page.evaluate(hidden, '.profiles'), 'no profiles before a click');
    assert.ok(await h.page.evaluate(hidden, '.pictures-part-label'), 'no part selector for float64');
    const clickCell = async (r: number, c: number): Promise<void> => {
      const now = await until(async () => h.page.evaluate(heatmapInfo), 'the heatmap');
      await h.page.mouse.click(now.x + (c + 0.5 - now.x0) * now.scale, now.y + (r + 0.5 - now.y0) * now.scale);
    };
    await clickCell(7, 11);
    const rowValues = (r: number): number[] => Array.from({ length: COLS }, (_, c) => value(r, c));
    const colValues = (c: number): number[] => Array.from({ length: ROWS }, (_, r) => value(r, c));
    let row = await plot(h, ROW, (p) => p.mark === '11', 'the row profile');
    let col = await plot(h, COL, (p) => p.mark === '7', 'the column profile');
    assert.deepStrictEqual([row.a, row.b, row.columns], [0, COLS, COLS], 'the whole row, one point per column');
    assert.deepStrictEqual([col.a, col.b, col.columns], [0, ROWS, ROWS]);
    assert.deepStrictEqual([row.low, row.high], [Math.min(...rowValues(7)), Math.max(...rowValues(7))]);
    assert.deepStrictEqual([col.low, col.high], [Math.min(...colValues(11)), Math.max(...colValues(11))]);
    const envs = h.log.filter((m): m is EnvelopeRequest => m.type === 'envelope');
    assert.deepStrictEqual(envs.map((m) => m.lines), [{ axis: 'row', indices: [7] }, { axis: 'col', indices: [11] }]);
    let points = await passesThrough(h, ROW, row, rowValues(7), 'row 7');
    points += await passesThrough(h, COL, col, colValues(11), 'column 11');
    assert.ok(points >= COLS + ROWS - 6, `${points} points checked`);
    assert.strictEqual(await h.page.evaluate(text, '.profiles-title'), 'Profiles through [7, 11]');
    // Hover over point 3 of the row: its index and the grid's own text of a[7, 3].
    await h.page.mouse.move(row.x + row.left + ((3 - row.a) / (row.b - row.a)) * row.width, row.y + row.top + 5);
    const read = await until(async () => { const t = await h.page.evaluate(text, '.profile-row .profile-readout'); return t.startsWith('[7, 3]') && t; }, 'the readout');
    const page = s.rendered!;
    assert.ok(page.rows.includes(7) && page.cols.includes(3), 'the grid had shown a[7, 3]');
    assert.strictEqual(read, `[7, 3]: ${page.texts[page.rows.indexOf(7)][page.cols.indexOf(3)]}`);
    // Another click moves both profiles.
    await clickCell(3, 5);
    row = await plot(h, ROW, (p) => p.mark === '5' && p.low === Math.min(...rowValues(3)), 'row 3');
    col = await plot(h, COL, (p) => p.mark === '3' && p.low === Math.min(...colValues(5)), 'column 5');
    await passesThrough(h, ROW, row, rowValues(3), 'row 3');
    await passesThrough(h, COL, col, colValues(5), 'column 5');
    // Enter on the keyboard cursor (moved from the clicked cell) picks it.
    await h.page.focus('.heatmap-canvas');
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('ArrowRight');
    await h.page.keyboard.press('Enter');
    await plot(h, ROW, (p) => p.mark === '6' && p.low === Math.min(...rowValues(4)), 'row 4 by Enter');
    await plot(h, COL, (p) => p.mark === '4' && p.low === Math.min(...colValues(6)), 'column 6 by Enter');
    // Zoom in on the heatmap: the profiles show the visible columns and rows.
    for (let i = 0; i < 3; i++) await h.page.keyboard.press('+');
    const z = await until(async () => {
      const q = await h.page.evaluate(heatmapInfo);
      return q && q.scale > hm.scale * 1.5 ? q : undefined;
    }, 'the zoomed heatmap');
    const c0 = Math.max(0, Math.floor(z.x0)), c1 = Math.min(COLS, Math.ceil(z.x0 + z.w / z.scale));
    const r0 = Math.max(0, Math.floor(z.y0)), r1 = Math.min(ROWS, Math.ceil(z.y0 + z.h / z.scale));
    assert.ok(c1 - c0 < COLS && r1 - r0 < ROWS, `visible ${r0}…${r1} × ${c0}…${c1}`);
    row = await plot(h, ROW, (p) => p.a === c0 && p.b === c1, `the row profile over columns ${c0}…${c1}`);
    col = await plot(h, COL, (p) => p.a === r0 && p.b === r1, `the column profile over rows ${r0}…${r1}`);
    await until(async () => h.log.some((m) => m.type === 'envelope' && m.lines?.axis === 'row' && m.start === c0 && m.stop === c1), 'the visible columns asked for');
    await until(async () => h.log.some((m) => m.type === 'envelope' && m.lines?.axis === 'col' && m.start === r0 && m.stop === r1), 'the visible rows asked for');
    row = await plot(h, ROW, (p) => p.a === c0 && p.b === c1, `the row profile over columns ${c0}…${c1}`);
    await passesThrough(h, ROW, row, rowValues(4), 'zoomed row 4');
    // Close: the panel hides; the toggle brings it back with the same cell.
    await h.page.click('.profiles-close');
    await until(async () => h.page.evaluate(hidden, '.profiles'), 'the panel hidden');
    assert.strictEqual(await h.page.getAttribute('.profiles-toggle', 'aria-pressed'), 'false');
    await h.page.click('.profiles-toggle');
    await plot(h, COL, (p) => p.mark === '4', 'the profiles again');
    assert.deepStrictEqual(h.errors, []);
  });

  it('for a complex array the part selector changes what the heatmap draws; the readout keeps the exact complex value', async () => {
    const c16: DType = { kind: 'c', itemsize: 16, order: '<' };
    const R = 5, C = 6;
    const re = (i: number): number => (i % C) - 2.5, im = (i: number): number => Math.floor(i / C) * 1.5 - 3;
    const bytes = npyBytes(c16, [R, C], (dv, at, i) => { dv.setFloat64(at, re(i), true); dv.setFloat64(at + 8, im(i), true); });
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'c.npy'), { fileName: 'c.npy' });
    const s = await h.settled();
    const info = await heatmap(h);
    assert.ok(!(await h.page.evaluate(hidden, '.pictures-part-label')), 'the selector shows for complex128');
    const drawn: Record<string, (i: number) => number> = {
      magnitude: (i) => Math.hypot(re(i), im(i)), phase: (i) => Math.atan2(im(i), re(i)), real: re, imag: im,
    };
    const centres = Array.from({ length: R * C }, (_, i) => [(i % C + 0.5) * info.cell, (Math.floor(i / C) + 0.5) * info.cell] as [number, number]);
    const viridis = getColormap('viridis');
    for (const part of ['magnitude', 'real', 'imag', 'phase']) {
      if (part !== 'magnitude') await h.page.selectOption('.pictures-part', part);
      const f = drawn[part];
      const vals = Array.from({ length: R * C }, (_, i) => f(i));
      const norm = makeNormalizer({ kind: 'linear', low: Math.min(...vals), high: Math.max(...vals) });
      const want = vals.map((v) => [...colorAt(viridis, norm(v)), 255]);
      const got = await until(async () => {
        if (!(await h.page.evaluate(heatmapInfo))) return undefined;
        const px = await h.page.evaluate(pixels, centres);
        return JSON.stringify(px) === JSON.stringify(want) && px;
      }, `the ${part} picture`, 30_000).catch(async () => h.page.evaluate(pixels, centres));
      for (let i = 0; i < R * C; i++) assert.deepStrictEqual(got[i], want[i], `${part}: cell ${i} (${vals[i]})`);
      const last = h.log.filter((m): m is HeatmapRequest => m.type === 'heatmap').at(-1)!;
      assert.strictEqual(last.part, part);
    }
    // Hover reads the grid's own text of the complex value, whatever part is drawn.
    const now = (await h.page.evaluate(heatmapInfo))!;
    await h.page.mouse.move(now.x + 4.5 * now.cell, now.y + 2.5 * now.cell);
    const read = await until(async () => { const t = await h.page.evaluate(text, '.heatmap-readout'); return t.startsWith('[2, 4]') && t; }, 'the readout');
    assert.strictEqual(read, `[2, 4]: ${s.rendered!.texts[2][4]}`);
    assert.match(read, /j/);
    // The part is remembered with the picture settings.
    const state = await h.state();
    assert.strictEqual(state.pictures?.part, 'phase');
    // The line plot and the histogram ask for the same part; the selector stays in their bars.
    for (const [mode, type] of [['line', 'envelope'], ['histogram', 'histogram']] as const) {
      await h.page.click(`.pictures-switch [data-picture="${mode}"]`);
      await until(async () => h.log.some((m) => m.type === type && m.part === 'phase'), `a ${type} request for the phase`, 30_000);
      assert.ok(!(await h.page.evaluate(hidden, '.pictures-part-label')), `the selector shows in the ${mode} view`);
    }
    await h.page.click('.pictures-switch [data-picture="grid"]');
    assert.ok(await h.page.evaluate(hidden, '.pictures-part-label'), 'no selector over the grid');
    assert.deepStrictEqual(h.errors, []);
  });
});
