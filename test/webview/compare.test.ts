/**
 * The comparison panel's page in real chromium (compareHarness.ts): the grid of a pair with the
 * mismatching cells marked (class, title and a mark that needs no colour), the A / B / A − B /
 * |A − B| / |B| switcher, next / previous mismatch with F7 / Shift+F7 / Alt+Down landing where
 * NumPy's np.argwhere(~np.isclose(a, b, equal_nan=True)) puts them (across slices), and two .npz
 * side by side with a status per member. Pairs are written by NumPy.
 */
import * as assert from 'assert';
import * as path from 'path';
import type { ComparePanelState } from '../../src/shared/compare';
import { dtypeFromDescr } from '../../src/npy/format/dtype';
import { makeCellFormatter } from '../../src/viewer/display';
import { tempDir } from '../support/cli-harness';
import { requireNumpy, runNumpy } from '../support/numpy';
import { CompareHarness } from './compareHarness';
import { pageSuite } from './harness';

const WRITE = `
import os
out = json.loads(sys.stdin.read())['dir']
rng = np.random.default_rng(3)
a = rng.normal(size=(3, 40, 15))
b = a.copy()
for i in [(0, 2, 3), (0, 7, 0), (0, 30, 12), (1, 0, 14), (2, 39, 14)]:
    b[i] += 0.5
a[0, 1, 1] = 0.5; b[0, 1, 1] = 1.5
a[0, 5, 5] = np.nan; b[0, 5, 5] = np.nan
np.save(os.path.join(out, 'a.npy'), a)
np.save(os.path.join(out, 'b.npy'), b)
where = [list(map(int, i)) for i in np.argwhere(~np.isclose(a, b, equal_nan=True))]
np.savez(os.path.join(out, 'a.npz'), same=np.arange(6.0), differs=np.arange(4.0), shape=np.zeros((2, 3)), dtype=np.zeros(3), only_a=np.ones(2))
np.savez(os.path.join(out, 'b.npz'), same=np.arange(6.0), differs=np.arange(4.0) + [0, 0, 1, 0], shape=np.zeros((3, 2)), dtype=np.array(['x', 'y', 'z']), only_b=np.ones(2))
wide = rng.normal(size=(30, 60))
np.save(os.path.join(out, 'wide_a.npy'), wide)
np.save(os.path.join(out, 'wide_b.npy'), wide * (1 + 1e-3 * (np.arange(60) % 7 == 0)))
json.dump({'where': where}, sys.stdout)
`;

describe('comparison panel page: grid, marks, switcher, mismatch navigation, members', function () {
  this.timeout(120000);
  if (!requireNumpy()) return;
  const suite = pageSuite();
  let dir = '';
  let where: number[][] = [];
  let h: CompareHarness | undefined;

  before(() => {
    dir = tempDir('npyview-compare-page-');
    where = (JSON.parse(runNumpy(WRITE, JSON.stringify({ dir }))) as { where: number[][] }).where;
  });
  afterEach(async () => {
    if (!h) return;
    const errors = h.errors;
    await h.close();
    h = undefined;
    assert.deepStrictEqual(errors, [], 'no page errors, no refused messages');
  });

  it('marks the mismatching cells of the page as NumPy finds them, with a mark that needs no colour', async () => {
    h = await CompareHarness.open(suite.browser, path.join(dir, 'a.npy'), path.join(dir, 'b.npy'));
    const s = await h.until((x) => x.grid.marked.length > 0, 'the first page');
    // No search runs: its Cancel button is not shown (a button's own display must not undo hidden).
    assert.strictEqual(await h.page.evaluate(`getComputedStyle(document.querySelector('button.cancel-find')).display`), 'none');
    // page 1 of slice 0: rows 0-24, and the columns that fit (at least 0-9)
    assert.ok(s.grid.rows === 25 && s.grid.cols >= 10, `${s.grid.rows} x ${s.grid.cols}`);
    const want = where.filter(([i, r, c]) => i === 0 && r < 25 && c < s.grid.cols).map((x) => x.join(','));
    assert.deepStrictEqual(s.grid.marked, want);
    assert.deepStrictEqual(want, ['0,1,1', '0,2,3', '0,7,0'], 'the fixture as written');
    const marks = await h.page.evaluate(`[...document.querySelectorAll('table.cmpgrid td.mismatch')].map((td) => {
      const before = getComputedStyle(td, '::before');
      return { r: td.dataset.r, c: td.dataset.c, title: td.title, outline: getComputedStyle(td).outlineStyle, mark: before.borderTopWidth };
    })`) as { r: string; c: string; title: string; outline: string; mark: string }[];
    assert.deepStrictEqual(marks.map((m) => `${m.r},${m.c}`), ['1,1', '2,3', '7,0']);
    for (const m of marks) {
      assert.strictEqual(m.title, 'mismatchMark');
      assert.strictEqual(m.outline, 'dashed');
      assert.strictEqual(m.mark, '6px', 'the corner mark');
    }
    // The NaN on both sides is not marked (equal_nan=True).
    const nanCell = await h.page.evaluate(`document.querySelector('td[data-r="5"][data-c="5"]').className`) as string;
    assert.ok(!nanCell.includes('mismatch'), nanCell);
  });

  it('switches between A, B, A − B and |A − B| / |B|', async () => {
    h = await CompareHarness.open(suite.browser, path.join(dir, 'a.npy'), path.join(dir, 'b.npy'));
    await h.until((x) => x.grid.marked.length > 0, 'the first page');
    const cell = (): Promise<string> => h!.page.evaluate(`document.querySelector('td[data-r="1"][data-c="1"]').textContent`) as Promise<string>;
    const f8 = makeCellFormatter(dtypeFromDescr('<f8'), { notation: 'auto', precision: 6 });
    const text = (x: number): string => { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, x, true); return f8(b, 0).text; };
    assert.strictEqual(await cell(), text(0.5));
    const pressed = async (mode: string): Promise<void> => {
      await h!.page.click(`button[data-mode="${mode}"]`);
      const p = await h!.page.evaluate(`[...document.querySelectorAll('button[data-mode]')].filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.dataset.mode)`);
      assert.deepStrictEqual(p, [mode]);
      assert.strictEqual((await h!.state()).grid.mode, mode);
    };
    await pressed('b');
    assert.strictEqual(await cell(), text(1.5));
    await pressed('diff');
    assert.strictEqual(await cell(), text(-1));
    await pressed('rel');
    assert.strictEqual(await cell(), text(1 / 1.5));
    await pressed('a');
    assert.strictEqual(await cell(), text(0.5));
    // |A − B| as a heatmap with the heatmap's colours: the largest difference (1.0 at (1, 1)) at the
    // top of viridis, an equal cell at its bottom, one pixel per element (the slice fits).
    await pressed('heat');
    const s = await h.until((x) => x.grid.heat !== '', 'the heatmap');
    assert.strictEqual(s.grid.heat, '40x15/1');
    const px = await h.page.evaluate(`(() => {
      const c = document.querySelector('canvas.diff-heatmap-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const at = (r, q) => Array.from(d.slice(4 * (r * c.width + q), 4 * (r * c.width + q) + 3));
      return { w: c.width, h: c.height, top: at(1, 1), half: at(2, 3), zero: at(0, 0), table: document.querySelector('table.cmpgrid').hidden };
    })()`) as { w: number; h: number; top: number[]; half: number[]; zero: number[]; table: boolean };
    assert.deepStrictEqual([px.w, px.h, px.table], [15, 40, true]);
    const { getColormap, colorAt } = await import('../../src/shared/draw/colormaps');
    const viridis = getColormap('viridis');
    assert.deepStrictEqual(px.top, [...colorAt(viridis, 1)]);
    assert.deepStrictEqual(px.zero, [...colorAt(viridis, 0)]);
    assert.notDeepStrictEqual(px.half, px.top);
    // F7 from the heatmap goes back to the table, on the mismatch
    await h.page.keyboard.press('F7');
    await h.until((x) => x.grid.mode === 'a' && JSON.stringify(x.grid.selected) === JSON.stringify(where[0]), 'back in the table');
  });

  it('F7 / Shift+F7 / Alt+Down go to the next and previous mismatch in C order, across slices and pages', async () => {
    h = await CompareHarness.open(suite.browser, path.join(dir, 'a.npy'), path.join(dir, 'b.npy'));
    await h.until((x) => x.grid.marked.length > 0, 'the first page');
    await h.page.focus('table.cmpgrid');
    const at = async (want: number[], what: string): Promise<void> => {
      const s = await h!.until((x) => JSON.stringify(x.grid.selected) === JSON.stringify(want) && x.grid.selectedText !== '', what);
      assert.deepStrictEqual(s.grid.lead, want.slice(0, 1), `${what}: the slice`);
      assert.ok(s.grid.marked.includes(want.join(',')), `${what}: the selected cell is marked`);
    };
    for (let i = 0; i < where.length; i++) {
      await h.page.keyboard.press(i % 2 ? 'Alt+ArrowDown' : 'F7');
      await at(where[i], `next #${i}`);
    }
    const slice = await h.page.evaluate(`document.querySelector('.slice input').value`);
    assert.strictEqual(slice, String(where[where.length - 1][0]), 'the slice field follows');
    await h.page.keyboard.press('Shift+F7');
    await at(where[where.length - 2], 'previous');
    await h.page.keyboard.press('Alt+ArrowUp');
    await at(where[where.length - 3], 'previous again');
    // past the last one: around to the first, and the page says so
    await h.page.keyboard.press('F7');
    await at(where[where.length - 2], 'next');
    await h.page.keyboard.press('F7');
    await at(where[where.length - 1], 'last');
    await h.page.keyboard.press('F7');
    await at(where[0], 'wrapped');
    assert.strictEqual((await h.state()).grid.find, 'wrapped');
    const finds = h.log.filter((m) => m.type === 'find').length;
    assert.strictEqual(finds, where.length + 5);
  });

  it('the wheel scrolls the page by rows and columns; arrows scroll just enough; Home / End, Ctrl+Home / Ctrl+End', async () => {
    // A panel too narrow for more than the fewest columns, 10 of the 15
    h = await CompareHarness.open(suite.browser, path.join(dir, 'a.npy'), path.join(dir, 'b.npy'), { width: 600, height: 700 });
    const first = await h.until((x) => x.grid.marked.length > 0, 'the first page');
    assert.deepStrictEqual([first.grid.rows, first.grid.cols], [25, 10]);
    // The page's first row and column as drawn (the heads), once the page asked for has come.
    const shown = async (row0: number, col0: number, what: string): Promise<void> => {
      const end = Date.now() + 20_000;
      let heads = '';
      while (Date.now() < end) {
        heads = await h!.page.evaluate(`(() => {
          const t = document.querySelector('table.cmpgrid');
          return t.querySelector('tbody th').textContent + ',' + t.querySelector('thead th.col-head').textContent + ',' + t.querySelectorAll('tbody tr').length;
        })()`) as string;
        if (heads === `${row0},${col0},25`) break;
        await new Promise((r) => setTimeout(r, 40));
      }
      assert.strictEqual(heads, `${row0},${col0},25`, what);
      const s = await h!.state();
      assert.deepStrictEqual([s.grid.row0, s.grid.col0], [row0, col0], what);
    };
    const box = (await h.page.locator('table.cmpgrid').boundingBox())!;
    await h.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await h.page.mouse.wheel(0, 100);
    await shown(3, 0, 'a notch down: 3 rows');
    await h.page.mouse.wheel(0, 1000);
    await shown(15, 0, 'far down: the last whole page of the 40 rows');
    await h.page.mouse.wheel(100, 0);
    await shown(15, 1, 'a notch sideways: 1 column');
    await h.page.mouse.wheel(0, -2000);
    await shown(0, 1, 'back to the top');
    // The cells follow: the page shows rows 0-24 and columns 1-10 of the slice.
    assert.deepStrictEqual(await h.page.evaluate(`[...document.querySelectorAll('table.cmpgrid td')].slice(0, 2).map((td) => td.dataset.r + ',' + td.dataset.c)`), ['0,1', '0,2']);
    await h.page.focus('table.cmpgrid');
    const selected = async (want: number[], row0: number, col0: number, what: string): Promise<void> => {
      await h!.until((x) => JSON.stringify(x.grid.selected) === JSON.stringify(want), what);
      await shown(row0, col0, what);
    };
    await h.page.keyboard.press('Control+End');
    await selected([0, 39, 14], 15, 5, 'Ctrl+End: the last cell');
    await h.page.keyboard.press('Control+Home');
    await selected([0, 0, 0], 0, 0, 'Ctrl+Home: the first cell');
    await h.page.keyboard.press('End');
    await selected([0, 0, 14], 0, 5, "End: the row's last cell, scrolled just enough");
    await h.page.keyboard.press('Home');
    await selected([0, 0, 0], 0, 0, "Home: the row's first cell");
    for (let i = 0; i < 25; i++) await h.page.keyboard.press('ArrowDown');
    await selected([0, 25, 0], 1, 0, 'down past the page: one row on');
    await h.page.keyboard.press('PageDown');
    await selected([0, 39, 0], 15, 0, 'a page down at the end: the selection moves with the page');
  });

  it('a page has as many columns as the panel is wide for (at least 10), and follows a resize', async () => {
    h = await CompareHarness.open(suite.browser, path.join(dir, 'wide_a.npy'), path.join(dir, 'wide_b.npy'), { width: 1600, height: 700 });
    type Drawn = { cols: number; col0: number; table: number; room: number; widest: number; heads: string[] };
    // The page drawn once the fitting is done: the last page asked for has come and is drawn
    // (a fit asks for its page while drawing the one before, so before the state is sent).
    const settled = async (want: (x: ComparePanelState) => boolean, what: string): Promise<Drawn> => {
      const end = Date.now() + 20_000;
      for (;;) {
        const s = await h!.until((x) => {
          const asked = h!.log.filter((m) => m.type === 'getPage').pop() as { cols: number; col0: number } | undefined;
          return want(x) && asked !== undefined && asked.cols === x.grid.cols && asked.col0 === x.grid.col0 && x.grid.marked.length > 0;
        }, what);
        const m = await h!.page.evaluate(`(() => {
          const t = document.querySelector('table.cmpgrid');
          const heads = [...t.querySelectorAll('th.col-head')];
          return { table: t.offsetWidth, room: document.querySelector('section.grid-view').clientWidth,
            widest: Math.max(...heads.map((th) => th.offsetWidth)), heads: heads.map((th) => th.textContent) };
        })()`) as Omit<Drawn, 'cols' | 'col0'>;
        if (m.heads.length === s.grid.cols && m.heads[0] === String(s.grid.col0)) return { cols: s.grid.cols, col0: s.grid.col0, ...m };
        if (Date.now() > end) assert.fail(`${what}: the page drawn is not the one asked for: ${m.heads.join(',')}`);
        await new Promise((r) => setTimeout(r, 40));
      }
    };
    // Wide: more than 10 columns, as many as fit at the mean width of a page drawn before (so
    // the page drawn may be off by part of a column: its numbers are others).
    const fits = (w: Drawn, what: string): void => {
      assert.ok(w.cols > 10 && w.cols < 60, `${what}: ${w.cols} columns`);
      assert.ok(w.table <= w.room + w.widest / 2, `${what}: the table (${w.table} px) fits the panel (${w.room} px)`);
      assert.ok(w.table + 1.5 * w.widest > w.room, `${what}: no room for a column more (${w.widest} px): ${w.table} of ${w.room} px`);
    };
    let w = await settled((x) => x.grid.cols > 10, 'more columns in a wide panel');
    fits(w, 'wide');
    assert.deepStrictEqual(w.heads, Array.from({ length: w.cols }, (_, i) => String(i)));
    const wide = w.cols;
    // The row's last cell (End), then a narrow panel: 10 columns, the selected cell still shown.
    await h.page.focus('table.cmpgrid');
    await h.page.keyboard.press('End');
    w = await settled((x) => JSON.stringify(x.grid.selected) === '[0,59]', 'End');
    assert.deepStrictEqual([w.cols, w.col0], [wide, 60 - wide], 'End: the last columns');
    await h.page.setViewportSize({ width: 500, height: 700 });
    w = await settled((x) => x.grid.cols === 10, 'the fewest columns in a narrow panel');
    assert.deepStrictEqual([w.col0, w.heads[9]], [50, '59'], 'the selected cell stays on the page');
    assert.strictEqual((await h.state()).grid.selectedText !== '', true);
    // Wide again: about as many as before, the selected cell still at the page's right end.
    await h.page.setViewportSize({ width: 1600, height: 700 });
    w = await settled((x) => x.grid.cols > 10, 'wide again');
    fits(w, 'wide again');
    assert.ok(Math.abs(w.cols - wide) <= 2, `${w.cols} columns, ${wide} before`);
    assert.deepStrictEqual([w.col0, w.heads[w.cols - 1]], [60 - w.cols, '59']);
    const asked = h.log.filter((m) => m.type === 'getPage').map((m) => (m as { cols: number }).cols);
    assert.strictEqual(asked[0], 10, 'the first page has the fewest columns, then they fit');
  });

  it('two .npz side by side: a status per member; selecting a member shows its grid', async () => {
    h = await CompareHarness.open(suite.browser, path.join(dir, 'a.npz'), path.join(dir, 'b.npz'));
    const s = await h.until((x) => Object.keys(x.grid.members).length === 6 && x.grid.pair >= 0, 'the member list');
    assert.deepStrictEqual(s.grid.members, {
      same: 'pairSame', differs: 'pairDiffers', shape: 'shapeDiffers', dtype: 'dtypeDiffers', only_a: 'onlyA', only_b: 'onlyB',
    });
    // The first member that differs is shown, its mismatch marked (a 1-d array: one column).
    const names = h.result.pairs.map((p) => p.name);
    assert.strictEqual(s.grid.pair, names.indexOf('differs'));
    await h.until((x) => x.grid.marked.join(';') === '2', 'the mark in member differs');
    // Another member, by a click on its row
    await h.page.click('table.summary tr[data-pair="' + names.indexOf('same') + '"]');
    await h.until((x) => x.grid.pair === names.indexOf('same'), 'member same');
    const rows = (): Promise<number> => h!.page.evaluate(`document.querySelectorAll('table.cmpgrid tbody tr').length`) as Promise<number>;
    const end = Date.now() + 20_000;
    while (await rows() !== 6 && Date.now() < end) await new Promise((r) => setTimeout(r, 40));
    assert.strictEqual(await rows(), 6, 'the six elements of member same');
    assert.deepStrictEqual((await h.state()).grid.marked, []);
    // A member of different shapes has no grid: the page says why
    await h.page.click('table.summary tr[data-pair="' + names.indexOf('shape') + '"]');
    const note = await h.page.evaluate(`document.querySelector('.grid-note').textContent`) as string;
    assert.match(note, /different shapes \(2, 3\) and \(3, 2\)/);
    assert.strictEqual(await h.page.evaluate(`document.querySelector('table.cmpgrid').hidden`), true);
    assert.deepStrictEqual(await h.page.evaluate(`['table.cmpgrid', '.grid-toolbar'].map((q) => getComputedStyle(document.querySelector(q)).display)`), ['none', 'none'],
      'neither the table nor its toolbar is shown');
  });
});
