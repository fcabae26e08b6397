/**
 * Go to, keyboard focus after it, and the array's own indices (issue 17 items 1-3), in real
 * headless chromium answered by a real ViewerSession. Assertions are on what the user sees: the
 * cell drawn focused inside the grid's visible area, the header texts, titles and the live region.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { WebviewSnapshot } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource, f8, i4, npyBytes, writeF8, writeI4 } from '../support/viewer-arrays';

// Page-side code (passed as functions: the page's CSP forbids eval). Node's lib has no DOM types.
declare const document: any;

/** In the page: the focused cell's box and the box of the grid's data area (right of and below the headers). */
const focusedBox = (): { cell: number[]; area: number[] } | null => {
  const run = document.querySelector('.grid .run.focused');
  if (!run) return null;
  const layer = document.querySelector('.grid-layer').getBoundingClientRect();
  const rowHeads = document.querySelector('.grid-row-heads').getBoundingClientRect();
  const colHeads = document.querySelector('.grid-col-heads').getBoundingClientRect();
  const r = run.getBoundingClientRect();
  return { cell: [r.left, r.top, r.right, r.bottom], area: [rowHeads.right, colHeads.bottom, layer.right, layer.bottom] };
};

/** In the page: the title the pointer at (x, y) would show (the nearest element with one). */
const titleAt = ([x, y]: number[]): string | null => document.elementFromPoint(x, y)?.closest('[title]')?.getAttribute('title') ?? null;

describe('go to, focus and array indices (headless chromium)', function () {
  const suite = pageSuite();
  let h: Harness | undefined;

  /** Waits until view cell (row, col) is selected, its value drawn, and the whole cell inside the data area. */
  async function landedOn(row: number, col: number, what: string): Promise<WebviewSnapshot> {
    return until(async () => {
      const s = await h!.settled();
      if (s.selection?.row0 !== row || s.selection.col0 !== col || s.selection.row1 !== row || s.selection.col1 !== col) return undefined;
      const i = s.rendered!.rows.indexOf(row);
      const j = s.rendered!.cols.indexOf(col);
      if (i < 0 || j < 0 || (await h!.focusedText()) !== s.rendered!.texts[i][j]) return undefined;
      const box = await h!.page.evaluate(focusedBox);
      const inside = !!box && box.cell[0] >= box.area[0] - 0.5 && box.cell[1] >= box.area[1] - 0.5 && box.cell[2] <= box.area[2] + 0.5 && box.cell[3] <= box.area[3] + 0.5;
      return inside ? s : undefined;
    }, `${what}: cell (${row}, ${col}) selected and in view`);
  }

  async function goTo(text: string): Promise<void> {
    await h!.page.fill('.goto', text);
    await h!.page.press('.goto', 'Enter');
  }

  it('lands on the cell when the columns widen for the wide values there (toolbar box and Ctrl+G), again and again', async () => {
    // np.zeros((100000, 50)) with the last 100 rows set to 1.23456789e15.
    const rows = 100_000;
    const cols = 50;
    const src = new SyntheticSource(f8, [rows, cols], writeF8((i) => (i >= (rows - 100) * cols ? 1.23456789e15 : 0)));
    h = await Harness.open(suite.browser, await openSource(src, 'zeros.npy'), { fileName: 'zeros.npy', width: 800 });
    await h.settled();
    await goTo('-1, -1');
    let s = await landedOn(rows - 1, cols - 1, 'toolbar -1, -1');
    assert.strictEqual(await h.focusedText(), '1.23457e+15');
    // Back to the top with the keyboard, then Go to the same cell again, by its positive index.
    await h.page.keyboard.press('Control+Home');
    await landedOn(0, 0, 'Ctrl+Home');
    await goTo('99999, 49');
    s = await landedOn(rows - 1, cols - 1, 'toolbar 99999, 49');
    assert.ok(s.rendered!.cols.includes(cols - 1));
    // The command's path (Ctrl+G → 'reveal'), to a column left of the view and then back.
    h.send({ type: 'reveal', row: rows - 50, col: 3 });
    await landedOn(rows - 50, 3, 'reveal 99950, 3');
    h.send({ type: 'reveal', row: -1, col: -1 });
    await landedOn(rows - 1, cols - 1, 'reveal -1, -1');
  });

  it('lands on the last cell of a 1 GiB array whose last rows are wide, and goes on from there', async () => {
    // (1048576, 128) float64: 1 GiB, synthesized (only the windows shown are read).
    const rows = 1_048_576;
    const cols = 128;
    const src = new SyntheticSource(f8, [rows, cols], writeF8((i) => (i >= (rows - 100) * cols ? -1.23456789e-300 : i % 7)));
    h = await Harness.open(suite.browser, await openSource(src, 'gig.npy'), { fileName: 'gig.npy', width: 760 });
    await h.settled();
    await goTo('1048575, 127');
    await landedOn(rows - 1, cols - 1, 'go to 1048575, 127');
    assert.strictEqual(await h.focusedText(), '-1.23457e-300');
    h.send({ type: 'reveal', row: rows - 1, col: 60 });
    await landedOn(rows - 1, 60, 'a second Go to');
    assert.ok(src.stats.bytes < 4_000_000, `read ${src.stats.bytes} bytes`);
  });

  it('gives the grid keyboard focus after Go to from the command (the reveal event): arrows, Ctrl+Home and Ctrl+C work at once', async () => {
    h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(i4, [100, 10], writeI4((i) => i))), 'test.npy'), { fileName: 'test.npy' });
    await h.settled();
    // The command's input box took the focus away (here: nothing in the page has it).
    await h.page.evaluate(() => document.activeElement?.blur());
    h.send({ type: 'reveal', row: 5, col: 2 });
    await landedOn(5, 2, 'reveal');
    await h.page.keyboard.press('ArrowDown');
    await landedOn(6, 2, 'ArrowDown after Go to');
    await h.page.keyboard.press('Control+c');
    const copy = await until(async () => h!.copies[0]?.response && h!.copies[0], 'copy reply');
    assert.strictEqual(copy.response!.text, '62');
    await h.page.keyboard.press('Control+Home');
    await landedOn(0, 0, 'Ctrl+Home after Go to');
    // The same through the toolbar box: the grid has the keys afterwards, not the box.
    await goTo('7, 3');
    await landedOn(7, 3, 'toolbar');
    await h.page.keyboard.press('ArrowRight');
    await landedOn(7, 4, 'ArrowRight after the toolbar Go to');
  });

  it("labels rows and columns with the array's own indices after [2:5, 10, ::-3], and goes to them", async () => {
    const value = (a: number, b: number, c: number): number => a * 100_000 + b * 1000 + c;
    const shape = [6, 12, 64];
    h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(i4, shape, writeI4((i) => value(Math.floor(i / (12 * 64)), Math.floor(i / 64) % 12, i % 64)))), 'cube.npy'), { fileName: 'cube.npy' });
    await h.settled();
    await h.page.fill('.index-expr', '[2:5, 10, ::-3]');
    await h.page.press('.index-expr', 'Enter');
    let s = await until(async () => { const st = await h!.settled(); return st.view?.index === '2:5, 10, ::-3' ? st : undefined; }, 'the sliced view');
    assert.strictEqual(s.rendered!.texts[0][0], String(value(2, 10, 63)));
    // Headers: the index into the array along each axis.
    const rowHeads = (await h.page.evaluate('window.__npyRowHeads()') as { t: string }[]).map((r) => r.t);
    assert.deepStrictEqual(rowHeads, ['2', '3', '4']);
    const colHeads = await h.page.$$eval('.col-head', (els) => els.map((e) => e.textContent));
    assert.deepStrictEqual(colHeads.slice(0, 4), ['63', '60', '57', '54']);
    // Hover: the value and where it is in the array.
    const cell = (await h.domCells()).cells.find((c) => c.row === 1 && c.index === 2)!;
    const at = [cell.x + cell.w / 2, cell.y + cell.h / 2];
    await h.page.mouse.move(at[0], at[1]);
    assert.strictEqual(await h.page.evaluate(titleAt, at), `${value(3, 10, 57)}\n[3, 10, 57]`);
    // Screen readers hear the array's indices too.
    await h.page.mouse.click(at[0], at[1]);
    await until(async () => (await h!.page.textContent('.grid [aria-live="polite"]')) === `Row 3, column 57: ${value(3, 10, 57)}`, 'live region');
    // Go to takes the array's indices: 4, 60 is view cell (2, 1); -2 counts from the end of the array's axis.
    await goTo('4, 60');
    await landedOn(2, 1, 'go to 4, 60');
    assert.strictEqual(await h.focusedText(), String(value(4, 10, 60)));
    await goTo('3, -1');
    await landedOn(1, 0, 'go to 3, -1 (column 63)');
    // A cell the view does not hold: the grid axis that misses it is shown whole, the other keeps its slice.
    await goTo('4, 58');
    s = await until(async () => { const st = await h!.settled(); return st.view?.index === '2:5, 10, :' ? st : undefined; }, 'view widened for 4, 58');
    await landedOn(2, 58, 'go to 4, 58');
    assert.strictEqual(await h.focusedText(), String(value(4, 10, 58)));
    // A full index (one integer per axis) fixes the other axes.
    await goTo('-1, 0, 7');
    s = await until(async () => { const st = await h!.settled(); return st.view?.index === ':, 0, :' ? st : undefined; }, 'full index');
    await landedOn(5, 7, 'go to -1, 0, 7');
    assert.strictEqual(await h.focusedText(), String(value(5, 0, 7)));
    // Out of the array: NumPy's words, and the selection stays.
    await goTo('9, 0, 0');
    await until(async () => /out of bounds for axis 0 with size 6/.test((await h!.page.textContent('.toolbar .inline-error')) ?? ''), 'out-of-bounds error');
    assert.deepStrictEqual((await h.settled()).selection, { row0: 5, col0: 7, row1: 5, col1: 7 });
  });
});
