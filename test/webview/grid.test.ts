/**
 * The grid webview in real headless chromium, answered by a real ViewerSession over engine output.
 * Assertions are on the DOM (what the user sees) and on the messages the webview sends.
 */
import * as assert from 'assert';
import { zipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';
import { BufferSource } from '../../src/npy/io/filesource';
import { openFile, openSource } from '../../src/npy/format/open';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource, f8, i4, i8, npyBytes, unicode, writeF8, writeI4, writeI8, writeU } from '../support/viewer-arrays';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

/** The bytes of a zip's member `name`: from its local header to the next record. */
function localEntry(zip: Uint8Array, name: string): [number, number] {
  const isRecord = (i: number): boolean => zip[i] === 0x50 && zip[i + 1] === 0x4b && (zip[i + 2] === 1 || zip[i + 2] === 3);
  for (let i = 0; i + 30 <= zip.length; i++) {
    if (!isRecord(i) || zip[i + 2] !== 3 || zip[i + 3] !== 4) continue;
    const len = zip[i + 26] | (zip[i + 27] << 8);
    if (Buffer.from(zip.subarray(i + 30, i + 30 + len)).toString('latin1') !== name) continue;
    let end = i + 30 + len;
    while (end < zip.length && !isRecord(end)) end++;
    return [i, end];
  }
  throw new Error(`no member ${name}`);
}

// Page-side code (passed as functions: the page's CSP forbids eval). Node's lib has no DOM types.
declare const document: any;
declare const window: any;
declare const MutationObserver: any;
declare function getComputedStyle(e: unknown, pseudo?: string): { fontStyle: string; content: string; backgroundColor: string; backgroundImage: string };
declare function requestAnimationFrame(cb: () => void): number;

/**
 * In the page: checks each grid cell, as drawn (window.__npyCells, see harness readGridCells),
 * against the row header level with it and the column header above it on screen (value =
 * row * 1000 + col): its box starts where the header's does, and its text really ends on screen
 * where the header's text ends (both right-aligned). Also that headers run in order.
 */
const screenCheck = (): { bad: string[]; cells: number; rowHeads: string[]; colHeads: string[]; domOrderIsVisualOrder: boolean } => {
  const textRight = (e: any): number => {
    const r = document.createRange();
    r.selectNodeContents(e);
    return r.getBoundingClientRect().right;
  };
  const rowHeads = (window.__npyRowHeads() as { t: string; y: number }[]).map((r) => ({ x: 0, y: r.y, t: r.t }));
  const colHeads = [...document.querySelectorAll('.grid .col-head')].map((e: any) => ({ x: e.getBoundingClientRect().left, y: 0, right: textRight(e), t: e.textContent }));
  const bad: string[] = [];
  const cells: any[] = window.__npyCells();
  for (const c of cells) {
    const row = rowHeads.find((r) => Math.abs(r.y - (c.y + c.h / 2)) < 2);
    const col = colHeads.find((h) => Math.abs(h.x - c.x) < 0.5);
    const expected = row && col ? String(Number(row.t) * 1000 + Number(col.t)) : '?';
    if (c.text !== expected) bad.push(`${c.text} at row ${row?.t}, col ${col?.t}`);
    else if (!(Math.abs(c.textRight - col!.right) < 1)) bad.push(`${c.text} ends at x=${c.textRight}, its header's text at ${col!.right}`);
  }
  const visual = [...cells].sort((a, b) => a.y - b.y || a.x - b.x);
  const inOrder = (xs: { x: number; y: number }[], key: 'x' | 'y'): boolean => xs.every((p, i) => i === 0 || p[key] > xs[i - 1][key]);
  return {
    bad: bad.slice(0, 5),
    cells: cells.length,
    rowHeads: inOrder(rowHeads, 'y') ? rowHeads.map((r) => r.t) : ['(out of order)'],
    colHeads: inOrder(colHeads, 'x') ? colHeads.map((c) => c.t) : ['(out of order)'],
    domOrderIsVisualOrder: visual.every((v, i) => v === cells[i]),
  };
};

/**
 * In the page: for every cell drawn, whether its text ends on screen where its column header's
 * text ends (the header above it by x), or starts where it starts for text dtypes (left-aligned),
 * as [cell text, column header, gap in px] for those off.
 */
const misaligned = (): [string, string, number][] => {
  const left = document.querySelector('.grid').classList.contains('text-left');
  const heads = [...document.querySelectorAll('.grid .col-head')].map((e: any) => {
    const r = document.createRange();
    r.selectNodeContents(e);
    const box = r.getBoundingClientRect();
    return { x: e.getBoundingClientRect().left, edge: left ? box.left : box.right, t: e.textContent };
  });
  const out: [string, string, number][] = [];
  for (const c of window.__npyCells()) {
    const h = heads.find((e) => Math.abs(e.x - c.x) < 0.5);
    const edge = left ? c.textLeft : c.textRight;
    if (!h || !(Math.abs(edge - h.edge) < 1)) out.push([c.text, h?.t ?? '(no header)', edge - (h?.edge ?? NaN)]);
  }
  return out;
};

/** In the page: the title the pointer at (x, y) would show (the nearest element with one). */
const titleAt = ([x, y]: number[]): string | null => document.elementFromPoint(x, y)?.closest('[title]')?.getAttribute('title') ?? null;

/** In the page: from now on, count changes to the text of the grid's data cells. */
const countTextChanges = (): void => {
  window.__textObserver?.disconnect();
  window.__textChanges = 0;
  window.__textObserver = new MutationObserver((records: any[]) => { window.__textChanges += records.length; });
  window.__textObserver.observe(document.querySelector('.grid-body'), { subtree: true, characterData: true });
};

/** In the page: from now on, record whether any grid cell ever shows the placeholder. */
const watchPlaceholders = (): void => {
  window.__sawPending = false;
  const check = (): void => {
    if (document.querySelector('.grid .run.pending')) window.__sawPending = true;
  };
  new MutationObserver(check).observe(document.querySelector('.grid-layer'), { subtree: true, attributes: true, childList: true });
};

describe('grid webview (headless chromium)', function () {
  const suite = pageSuite();
  let h: Harness | undefined;

  async function openBytes(bytes: Uint8Array, fileName = 'test.npy', opts = {}): Promise<Harness> {
    return Harness.open(suite.browser, await openSource(new BufferSource(bytes), fileName), { fileName, ...opts });
  }

  it('renders only a visible window of cells, with the right values', async () => {
    // 10000 x 50 int32, element (r, c) = r * 50 + c.
    h = await openBytes(npyBytes(i4, [10000, 50], writeI4((i) => i)));
    const s = await h.settled();
    const rows = s.rendered!.rows;
    const cols = s.rendered!.cols;
    assert.strictEqual(rows[0], 0);
    assert.ok(rows.length > 5 && rows.length < 60, `${rows.length} rows rendered`);
    assert.ok(cols.length > 2 && cols.length < 50, `${cols.length} columns rendered`);
    rows.forEach((r, i) => cols.forEach((c, j) => assert.strictEqual(s.rendered!.texts[i][j], String(r * 50 + c))));
    const dom = await h.domCells();
    assert.strictEqual(dom.count, rows.length * cols.length, 'DOM holds exactly the visible cells');
    assert.deepStrictEqual(dom.texts, rows.flatMap((r) => cols.map((c) => String(r * 50 + c))), 'cells as drawn, row by row');
    // Full value on hover (the title of what is under the pointer, kept current when it scrolls).
    const cell = dom.cells.find((c) => c.row === 2 && c.index === 1)!;
    const at = [cell.x + cell.w / 2, cell.y + cell.h / 2];
    await h.page.mouse.move(at[0], at[1]);
    assert.strictEqual(await h.page.evaluate(titleAt, at), `${2 * 50 + 1}\n[2, 1]`);
    await h.page.mouse.wheel(0, 22 * 3);
    await until(async () => { const st = await h!.settled(); return st.rendered!.rows[0] === 3 ? st : undefined; }, 'scrolled 3 rows');
    assert.strictEqual(await h.page.evaluate(titleAt, at), `${5 * 50 + 1}\n[5, 1]`, 'the title follows the data under the pointer');
    const under = (await h.domCells()).cells.find((c) => at[0] >= c.x && at[0] < c.x + c.w && at[1] >= c.y && at[1] < c.y + c.h);
    assert.strictEqual(under?.text, String(5 * 50 + 1), 'and is what is drawn there');
    // Header bar: dtype in NumPy spelling and plain words, shape, order.
    const info = await h.page.textContent('.infobar');
    assert.match(info!, /int32/);
    assert.match(info!, /<i4/);
    assert.match(info!, /\(10000, 50\)/);
    assert.match(info!, /32-bit/);
  });

  it('paints the first screen from the ready reply, without asking to resolve or for its pages', async () => {
    const opened = Date.now();
    h = await openBytes(npyBytes(i4, [10000, 50], writeI4((i) => i)));
    const s = await until(async () => { const st = await h!.settled(); return st.paintedAt !== undefined && st; }, 'paintedAt reported');
    assert.ok(s.paintedAt! >= opened && s.paintedAt! <= Date.now(), 'paintedAt is when the first screen was painted');
    assert.strictEqual(s.rendered!.texts[0][0], '0');
    assert.strictEqual(s.rendered!.texts[1][2], '52');
    assert.deepStrictEqual(h.log.filter((m) => m.type === 'resolveView'), [], 'the first view came resolved');
    // The ready reply carried the pages at rows 0 and 64, columns 0 and 16; only prefetches follow.
    const asked = h.log.flatMap((m) => (m.type === 'getPage' ? [`${m.row0},${m.col0}`] : []));
    for (const seeded of ['0,0', '0,16', '64,0', '64,16']) assert.ok(!asked.includes(seeded), `page ${seeded} asked for again`);
  });

  it('paints the first screen from an init event sent ahead, before the ready reply comes', async () => {
    h = await openBytes(npyBytes(i4, [10000, 50], writeI4((i) => i)), 'test.npy', { initAhead: true });
    // The reply is held: everything on screen came with the 'init' event.
    const s = await until(async () => { const st = await h!.state(); return st.paintedAt !== undefined && st; }, 'painted from init');
    assert.strictEqual(s.rendered!.texts[1][2], '52');
    assert.deepStrictEqual(h.log.filter((m) => m.type === 'resolveView'), []);
    assert.ok(!h.log.some((m) => m.type === 'getPage' && m.row0 === 0 && m.col0 === 0), 'the first page came with init');
    h.releaseReady();
    // The late reply changes nothing.
    await new Promise((r) => setTimeout(r, 200));
    const after = await h.settled();
    assert.strictEqual(after.rendered!.texts[1][2], '52');
    assert.strictEqual(after.paintedAt, s.paintedAt);
  });

  it('scrolls to row 1e9-1 of a 1e9 x 4 array and shows its values, reading only windows', async () => {
    const src = new SyntheticSource(i8, [1_000_000_000, 4], writeI8((i) => BigInt(Math.floor(i / 4)) * 10n + BigInt(i % 4)));
    h = await Harness.open(suite.browser, await openSource(src, 'huge.npy'), { fileName: 'huge.npy' });
    await h.settled();
    // Drag the (capped) native scrollbar to the very end.
    await h.page.$eval('.grid-scroller', (e) => { e.scrollTop = e.scrollHeight; });
    let s = await until(async () => {
      const st = await h!.settled();
      return st.rendered!.rows.includes(999_999_999) ? st : undefined;
    }, 'last row after scrolling to the end');
    const last = s.rendered!.rows.indexOf(999_999_999);
    assert.deepStrictEqual(s.rendered!.texts[last], ['9999999990', '9999999991', '9999999992', '9999999993']);
    const dom = await h.domCells();
    assert.ok(dom.texts.includes('9999999993'));
    assert.ok(dom.count <= s.rendered!.rows.length * 4);
    // Keyboard: Ctrl+Home goes back to the top, Ctrl+End to the last cell, precisely.
    await h.page.click('.grid-layer', { position: { x: 200, y: 100 } });
    await h.page.keyboard.press('Control+Home');
    s = await until(async () => { const st = await h!.settled(); return st.rendered!.rows[0] === 0 ? st : undefined; }, 'top');
    assert.strictEqual(s.rendered!.texts[0][0], '0');
    await h.page.keyboard.press('Control+End');
    s = await until(async () => { const st = await h!.settled(); return st.selection?.row0 === 999_999_999 ? st : undefined; }, 'Ctrl+End');
    assert.deepStrictEqual(s.selection, { row0: 999_999_999, col0: 3, row1: 999_999_999, col1: 3 });
    assert.strictEqual(await h.focusedText(), '9999999993');
    // Only pages were read: far less than the 32 GB array.
    assert.ok(src.stats.bytes < 2_000_000, `read ${src.stats.bytes} bytes`);
  });

  it('shows the right value in every visible cell however it scrolls (reused cells hold nothing stale)', async () => {
    // 1e6 x 1000 int64, element (r, c) = r * 1000 + c; wider and taller than the viewport.
    const src = new SyntheticSource(i8, [1_000_000, 1000], writeI8((i) => BigInt(i)));
    h = await Harness.open(suite.browser, await openSource(src, 'big.npy'), { fileName: 'big.npy', width: 900, height: 600 });
    await h.settled();
    await h.page.mouse.move(400, 300);
    let checks = 0;
    /** Waits until settled, then checks every cell in the DOM against the headers beside it on screen. */
    const verify = async (what: string): Promise<void> => {
      // The state can be answered just before a scheduled frame redraws: retry briefly until the
      // DOM and the state agree, then assert on the last look (a stale cell stays stale).
      let s = await h!.settled();
      let r = await h!.page.evaluate(screenCheck);
      for (let tries = 0; tries < 40 && (r.bad.length > 0 || r.rowHeads.join() !== s.rendered!.rows.join()); tries++) {
        await new Promise((res) => setTimeout(res, 50));
        s = await h!.settled();
        r = await h!.page.evaluate(screenCheck);
      }
      const where = `${what} (rows ${s.rendered!.rows[0]}.., cols ${s.rendered!.cols[0]}..)`;
      assert.deepStrictEqual(r.bad, [], `${where}: cells whose text is not their row/column's`);
      assert.deepStrictEqual(r.rowHeads, s.rendered!.rows.map(String), `${where}: row headers, top to bottom`);
      assert.deepStrictEqual(r.colHeads, s.rendered!.cols.map(String), `${where}: column headers, left to right`);
      assert.strictEqual(r.cells, s.rendered!.rows.length * s.rendered!.cols.length, `${where}: one cell per visible row and column`);
      assert.ok(r.domOrderIsVisualOrder, `${where}: DOM order is the visual order`);
      checks++;
    };
    await verify('start');
    // A small scroll keeps the elements of the rows still on screen: only rows coming into view
    // get new text (counted as text-node changes in the grid's body; a row is one run here).
    await h.page.evaluate(countTextChanges);
    await h.page.mouse.wheel(0, 66);
    await verify('wheel down 3 rows, counting changes');
    const changed: number = await h.page.evaluate('window.__textChanges');
    assert.ok(changed > 0 && changed <= 4, `${changed} text nodes changed for 3 new rows`);
    for (let i = 0; i < 4; i++) { await h.page.mouse.wheel(0, 66); await verify(`wheel down 3 rows #${i}`); }
    for (let i = 0; i < 2; i++) { await h.page.mouse.wheel(0, -29); await verify(`wheel up a row and a bit #${i}`); }
    await h.page.mouse.wheel(0, 500); await verify('wheel down most of a screen');
    await h.page.mouse.wheel(0, 5000); await verify('wheel down many screens');
    await h.page.mouse.wheel(0, -480); await verify('wheel up most of a screen');
    for (let i = 0; i < 3; i++) { await h.page.mouse.wheel(130, 0); await verify(`wheel right #${i}`); }
    // A column: each row's run changes text once (no more).
    const colPx = await h.page.$eval('.grid .col-head', (e) => e.getBoundingClientRect().width);
    await h.page.evaluate(countTextChanges);
    await h.page.mouse.wheel(colPx, 0);
    await verify('wheel right one column, counting changes');
    const changedCol: number = await h.page.evaluate('window.__textChanges');
    const rows = (await h.settled()).rendered!.rows.length;
    assert.ok(changedCol > 0 && changedCol <= rows, `${changedCol} text nodes changed for 1 new column of ${rows} rows`);
    await h.page.mouse.wheel(-60, 0); await verify('wheel left part of a column');
    await h.page.mouse.wheel(2000, 0); await verify('wheel right many columns');
    await h.page.$eval('.grid-scroller', (e) => { e.scrollTop = e.scrollHeight * 0.37; e.scrollLeft = e.scrollWidth * 0.61; });
    await verify('scrollbar jump');
    await h.page.mouse.wheel(30, 22); await verify('wheel diagonally');
    await h.page.click('.grid-layer', { position: { x: 300, y: 200 } });
    await h.page.keyboard.press('PageDown'); await verify('Page Down');
    await h.page.keyboard.press('PageUp'); await verify('Page Up');
    await h.page.keyboard.press('Control+End'); await verify('Ctrl+End');
    await h.page.keyboard.press('Control+Home'); await verify('Ctrl+Home');
    // A resize redraws on the next frame: wait for the new row count before checking.
    const shownRows = async (): Promise<number> => (await h!.settled()).rendered!.rows.length;
    const before = await shownRows();
    await h.page.setViewportSize({ width: 700, height: 420 });
    await until(async () => (await shownRows()) < before, 'fewer rows in a smaller window');
    await verify('smaller window');
    await h.page.mouse.wheel(0, 88); await verify('wheel in the smaller window');
    const small = await shownRows();
    await h.page.setViewportSize({ width: 1100, height: 800 });
    await until(async () => (await shownRows()) > small, 'more rows in a larger window');
    await verify('larger window');
    assert.strictEqual(checks, 26);
  });

  it('goes to a cell in a 10 x 1e6 array (columns are virtual too)', async () => {
    const src = new SyntheticSource(i4, [10, 1_000_000], writeI4((i) => i));
    h = await Harness.open(suite.browser, await openSource(src, 'wide.npy'), { fileName: 'wide.npy' });
    await h.settled();
    await h.page.fill('.goto', '7, -1');
    await h.page.press('.goto', 'Enter');
    const s = await until(async () => { const st = await h!.settled(); return st.selection?.col0 === 999_999 ? st : undefined; }, 'go to');
    assert.strictEqual(s.selection!.row0, 7);
    assert.strictEqual(await h.focusedText(), String(7 * 1_000_000 + 999_999));
    assert.ok((await h.domCells()).count < 400);
    await h.page.fill('.goto', '7, zz');
    await h.page.press('.goto', 'Enter');
    await until(async () => /a row and a column/.test((await h!.page.textContent('.toolbar .inline-error')) ?? ''), 'go-to error');
    await h.page.fill('.goto', '7, -1');
    await h.page.press('.goto', 'Enter');
    await until(async () => (await h!.page.textContent('.toolbar .inline-error')) === '', 'error cleared');
    await h.page.fill('.goto', '10, 0');
    await h.page.press('.goto', 'Enter');
    await until(async () => /Index 10 is out of bounds for axis 0 with size 10/.test((await h!.page.textContent('.toolbar .inline-error')) ?? ''), 'out-of-range go-to');
    assert.strictEqual((await h.settled()).selection?.col0, 999_999, 'selection unchanged');
  });

  it('slices a 4-D array with the N-D controls and the index expression box', async () => {
    // i2_4d.npy (NumPy-written): shape (2, 3, 4, 5), values arange(-60, 60).
    h = await Harness.open(suite.browser, await openFile(path.join(CORPUS, 'i2_4d.npy')), { fileName: 'i2_4d.npy' });
    let s = await h.settled();
    const value = (i: number, j: number, k: number, l: number): string => String(i * 60 + j * 20 + k * 5 + l - 60);
    assert.strictEqual(await h.page.inputValue('.index-expr'), '[0, 0, :, :]');
    assert.deepStrictEqual(s.rendered!.texts[3], [0, 1, 2, 3, 4].map((l) => value(0, 0, 3, l)));
    // Two sliders (axes 0 and 1); set axis 1 to 2 through its number box. Moving through slices
    // keeps the old values on screen until the new ones arrive (no placeholder flash).
    assert.strictEqual(await h.page.locator('.nd-slider').count(), 2);
    await h.page.evaluate(watchPlaceholders);
    await h.page.fill('.nd-slider[data-axis="1"] .nd-number', '2');
    await h.page.press('.nd-slider[data-axis="1"] .nd-number', 'Enter');
    s = await until(async () => { const st = await h!.settled(); return st.view?.index === '0, 2, :, :' ? st : undefined; }, 'slider');
    assert.deepStrictEqual(s.rendered!.texts[1], [0, 1, 2, 3, 4].map((l) => value(0, 2, 1, l)));
    assert.strictEqual(await h.page.evaluate('window.__sawPending'), false, 'no placeholders while changing slices');
    // Put axis 0 on the rows: axis 2 gets fixed, rows now run over axis 0.
    await h.page.selectOption('.axis-row', '0');
    s = await until(async () => { const st = await h!.settled(); return st.view?.index === ':, 2, 0, :' ? st : undefined; }, 'row axis');
    assert.deepStrictEqual(s.rendered!.rows, [0, 1]);
    assert.deepStrictEqual(s.rendered!.texts[1], [0, 1, 2, 3, 4].map((l) => value(1, 2, 0, l)));
    // Type an expression with a step.
    await h.page.fill('.index-expr', '[1, :, 3, ::2]');
    await h.page.press('.index-expr', 'Enter');
    s = await until(async () => { const st = await h!.settled(); return st.view?.index === '1, :, 3, ::2' ? st : undefined; }, 'expression');
    assert.deepStrictEqual(s.rendered!.texts[2], [0, 2, 4].map((l) => value(1, 2, 3, l)));
    assert.strictEqual(await h.page.inputValue('.index-expr'), '[1, :, 3, ::2]');
    // Go to a full 4-D index (rows run over axis 1, columns over axis 3 now): the other axes get
    // fixed, the row and column axes keep their slices (which hold it), the cell is selected.
    await h.page.fill('.goto', '1, 2, 0, 4');
    await h.page.press('.goto', 'Enter');
    s = await until(async () => { const st = await h!.settled(); return st.view?.index === '1, :, 0, ::2' && st.selection?.col0 === 2 ? st : undefined; }, 'go to N-D');
    assert.deepStrictEqual(s.selection, { row0: 2, col0: 2, row1: 2, col1: 2 });
    assert.strictEqual(await h.focusedText(), value(1, 2, 0, 4));
    await h.page.fill('.index-expr', '[1, :, 3, ::2]');
    await h.page.press('.index-expr', 'Enter');
    await until(async () => (await h!.settled()).view?.index === '1, :, 3, ::2', 'expression again');
    // A bad expression is reported inline; the grid keeps the previous view.
    await h.page.fill('.index-expr', '[5, :, 0, :]');
    await h.page.press('.index-expr', 'Enter');
    await until(async () => ((await h!.page.textContent('.index-error')) ?? '').length > 0, 'inline error');
    assert.match((await h.page.textContent('.index-error'))!, /5/);
    s = await h.settled();
    assert.strictEqual(s.view?.index, '1, :, 3, ::2');
    assert.strictEqual(s.error, undefined);
  });

  it('switches notation and precision through setFormat', async () => {
    h = await openBytes(npyBytes(f8, [3, 2], writeF8((i) => [1234.5678, -0.000123456, NaN, Infinity, 1 / 3, 2][i])), 'f.npy');
    let s = await h.settled();
    const before = s.rendered!.texts;
    assert.strictEqual(before[0][0], '1234.57');
    await h.page.click('.seg[data-notation="scientific"]');
    s = await until(async () => { const st = await h!.settled(); return st.format?.notation === 'scientific' && !st.loading ? st : undefined; }, 'scientific');
    assert.ok(h.log.some((m) => m.type === 'setFormat' && m.settings.notation === 'scientific'));
    assert.strictEqual(s.rendered!.texts[0][0], '1.234568e+03');
    assert.notDeepStrictEqual(s.rendered!.texts, before);
    await h.page.fill('.precision', '2');
    await h.page.press('.precision', 'Enter');
    s = await until(async () => { const st = await h!.settled(); return st.format?.precision === 2 && !st.loading ? st : undefined; }, 'precision');
    assert.strictEqual(s.rendered!.texts[0][0], '1.23e+03');
    // NaN and Inf are styled visibly.
    assert.deepStrictEqual(await h.cellsWith('special'), ['nan', 'inf']);
    const styled = await h.page.$$eval('.grid .run.special', (els) => els.map((e) => getComputedStyle(e).fontStyle));
    assert.ok(styled.length > 0 && styled.every((st) => st === 'italic'), `special values in italics: ${styled}`);
    assert.strictEqual((await h.page.textContent('.seg.active'))!.trim(), 'Scientific');
  });

  it('shows hostile strings as text, never as HTML', async () => {
    const evil = '<img src=x onerror=window.__xss=1>';
    h = await openBytes(npyBytes(unicode(40), [2], writeU(40, (i) => (i === 0 ? evil : '<b>bold</b>'))), '<script>.npy');
    const s = await h.settled();
    assert.ok(s.rendered!.texts[0][0].includes(evil), s.rendered!.texts[0][0]);
    assert.strictEqual((await h.domCells()).texts[0], evil);
    assert.strictEqual(await h.page.locator('img').count(), 0);
    assert.strictEqual(await h.page.locator('.grid b').count(), 0);
    assert.strictEqual(await h.page.evaluate('window.__xss'), undefined);
    assert.ok((await h.page.textContent('.info-file'))!.includes('<script>.npy'));
    assert.strictEqual(await h.page.locator('script').count(), 1);
  });

  it('keeps every column aligned with its header when ASCII and wider or combining text share a row', async () => {
    // Non-ASCII texts (CJK, emoji, a combining accent, Cyrillic) among ASCII ones, in every column.
    const words = ['abc', '漢字テスト', 'x', '😀ok', 'e\u0301te\u0301', 'plain text', 'Привет', '42'];
    h = await openBytes(npyBytes(unicode(12), [8, 5], writeU(12, (i) => words[(i * 3 + Math.floor(i / 5)) % words.length])), 'u.npy');
    const s = await h.settled();
    const drawn = await h.domCells();
    assert.strictEqual(drawn.count, s.rendered!.rows.length * s.rendered!.cols.length);
    assert.deepStrictEqual(drawn.texts, s.rendered!.texts.flat(), 'every value drawn whole, in its place');
    assert.ok(drawn.texts.includes('abc') && drawn.texts.includes('漢字テスト'));
    // Where each value really ends on screen: under the end of its column header's text.
    assert.deepStrictEqual(await h.page.evaluate(misaligned), []);
    // Also with the selection over a row and the focus inside it.
    h.send({ type: 'reveal', row: 3, col: 2 });
    await until(async () => (await h!.settled()).selection?.row0 === 3, 'selected');
    assert.strictEqual(await h.focusedText(), s.rendered!.texts[3][2]);
    assert.deepStrictEqual(await h.page.evaluate(misaligned), []);
  });

  it('keeps columns aligned in an editor font that is not monospace (each cell drawn alone)', async () => {
    const bytes = npyBytes(f8, [20, 6], writeF8((i) => (i % 3 === 0 ? -i * 1.25 : i * 1111.5)));
    h = await openBytes(bytes, 'f.npy');
    await h.settled();
    assert.deepStrictEqual(await h.page.evaluate(misaligned), []);
    const colWidth = (): Promise<number> => h!.page.$eval('.grid .col-head', (e) => e.getBoundingClientRect().width);
    const mono = await colWidth();
    // The user's editor font is proportional: the grid measures it again when the file reloads
    // (its columns change width: they are a number of characters of the font).
    await h.page.evaluate(() => document.documentElement.style.setProperty('--vscode-editor-font-family', 'serif'));
    await h.reload(await openSource(new BufferSource(bytes), 'f.npy'));
    await until(async () => (await colWidth()) !== mono, 'columns measured in the new font');
    const s = await h.settled();
    const drawn = await h.domCells();
    assert.deepStrictEqual(drawn.texts, s.rendered!.texts.flat());
    assert.ok(drawn.cells.every((c) => c.cls.includes('free')), 'every cell is drawn alone');
    assert.deepStrictEqual(await h.page.evaluate(misaligned), []);
  });

  it('cuts a value too long for its column with "…", and the title and a copy hold all of it', async () => {
    const long = 'The quick brown fox jumps over the lazy dog, twice over: 0123456789';
    h = await openBytes(npyBytes(unicode(80), [3, 2], writeU(80, (i) => (i === 2 ? long : `v${i}`))), 'long.npy');
    const s = await h.settled();
    assert.strictEqual(s.rendered!.texts[1][0], long, 'the grid holds the full value');
    const drawn = (await h.domCells()).cells;
    const cut = drawn.find((c) => c.row === 1 && c.index === 0)!;
    assert.ok(cut.text.endsWith('…') && cut.text.length < long.length && long.startsWith(cut.text.slice(0, -1)), `drawn as ${cut.text}`);
    assert.ok(cut.text.length > 20, `most of the column is used: ${cut.text}`);
    assert.strictEqual(drawn.find((c) => c.row === 1 && c.index === 1)!.text, 'v3', 'the next column is untouched');
    assert.deepStrictEqual(await h.page.evaluate(misaligned), []);
    const at = [cut.x + cut.w / 2, cut.y + cut.h / 2];
    await h.page.mouse.move(at[0], at[1]);
    assert.strictEqual(await h.page.evaluate(titleAt, at), `${long}\n[1, 0]`);
    await h.page.mouse.click(at[0], at[1]);
    await h.page.keyboard.press('Control+c');
    const copy = await until(async () => h!.copies[0]?.response && h!.copies[0], 'copy reply');
    assert.strictEqual(copy.response!.text, long);
  });

  it('moves the selection with the keyboard and copies the rectangle as TSV', async () => {
    h = await openBytes(npyBytes(i4, [100, 10], writeI4((i) => i)));
    await h.settled();
    // Click cell (0, 0): below the column header, right of the row header.
    const first = (await h.domCells()).cells[0];
    await h.page.mouse.click(first.x + first.w / 2, first.y + first.h / 2);
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('ArrowRight');
    let s = await h.settled();
    assert.deepStrictEqual(s.selection, { row0: 2, col0: 1, row1: 2, col1: 1 });
    // Screen readers hear the focused cell; the grid tells its size.
    assert.strictEqual(await h.page.textContent('.grid [aria-live="polite"]'), 'Row 2, column 1: 21');
    assert.deepStrictEqual(await h.page.$eval('.grid', (e) => [e.getAttribute('role'), e.getAttribute('aria-rowcount'), e.getAttribute('aria-colcount')]), ['grid', '101', '11']);
    await h.page.keyboard.press('Shift+ArrowDown');
    await h.page.keyboard.press('Shift+ArrowRight');
    await h.page.keyboard.press('Shift+ArrowRight');
    s = await h.settled();
    assert.deepStrictEqual(s.selection, { row0: 2, col0: 1, row1: 3, col1: 3 });
    assert.deepStrictEqual(await h.cellsWith('selected'), ['21', '22', '23', '31', '32', '33']);
    assert.strictEqual(await h.focusedText(), '33');
    await h.page.keyboard.press('Control+c');
    const copy = await until(async () => h!.copies[0]?.response && h!.copies[0], 'copy reply');
    assert.deepStrictEqual([copy.request.row0, copy.request.rows, copy.request.col0, copy.request.cols], [2, 2, 1, 3]);
    assert.strictEqual(copy.response!.text, '21\t22\t23\n31\t32\t33');
    await until(async () => /6/.test((await h!.page.textContent('.status')) ?? ''), 'copied status');
    // Page Down moves by a screenful, End to the last column.
    await h.page.keyboard.press('PageDown');
    s = await h.settled();
    assert.ok(s.selection!.row0 > 10, JSON.stringify(s.selection));
    await h.page.keyboard.press('End');
    s = await h.settled();
    assert.strictEqual(s.selection!.col0, 9);
    // Mouse drag selects a rectangle (interior cells: the edge ones may sit under the headers).
    const n = s.rendered!.cols.length;
    const { rows, cols } = s.rendered!;
    const drawn = (await h.domCells()).cells;
    assert.strictEqual(drawn.length, rows.length * n);
    const a = drawn.find((c) => c.row === 1 && c.index === 1)!;
    const b = drawn.find((c) => c.row === 3 && c.index === 2)!;
    await h.page.mouse.move(a.x + a.w / 2, a.y + a.h / 2);
    await h.page.mouse.down();
    await h.page.mouse.move(b.x + b.w / 2, b.y + b.h / 2, { steps: 4 });
    await h.page.mouse.up();
    s = await h.settled();
    assert.deepStrictEqual(s.selection, { row0: rows[1], col0: cols[1], row1: rows[3], col1: cols[2] });
  });

  it('shows structured arrays as one sub-column per field', async () => {
    h = await Harness.open(suite.browser, await openFile(path.join(CORPUS, 'struct_plain.npy')), { fileName: 'struct_plain.npy' });
    const s = await h.settled();
    assert.deepStrictEqual(s.rendered!.cols, [0, 0, 0]);
    assert.deepStrictEqual(s.rendered!.texts.map((r) => r[0]), ['1', '-2', '3', '2147483647']);
    const heads = await h.page.$$eval('.col-head', (els) => els.map((e) => e.textContent));
    assert.deepStrictEqual(heads, ['a', 'b', 'c']);
  });

  it('lists npz members and shows the one clicked', async () => {
    h = await Harness.open(suite.browser, await openFile(path.join(CORPUS, 'npz_compressed.npz')), { fileName: 'npz_compressed.npz' });
    let s = await h.settled();
    assert.strictEqual(s.view?.member, 'a');
    const names = await h.page.$$eval('.member .member-name', (els) => els.map((e) => e.textContent));
    assert.deepStrictEqual(names, ['a', 'b', 'f', 'st']);
    // dtype as the sidebar writes it: NumPy's str(dtype), '>i4' for a big-endian int32.
    assert.match((await h.page.textContent('.member[data-member="b"]'))!, /\(3,\)>i4/);
    h.send({ type: 'reveal', row: 2, col: 3 });
    await until(async () => (await h!.settled()).selection?.row0 === 2, 'selection in a');
    await h.page.click('.member[data-member="b"]');
    s = await until(async () => { const st = await h!.settled(); return st.view?.member === 'b' ? st : undefined; }, 'member b');
    assert.deepStrictEqual(s.rendered!.texts.map((r) => r[0]), ['1', '-2', '3']);
    assert.match((await h.page.textContent('.infobar'))!, />i4/);
    h.send({ type: 'showMember', member: 'st' });
    s = await until(async () => { const st = await h!.settled(); return st.view?.member === 'st' ? st : undefined; }, 'member st');
    assert.deepStrictEqual(s.rendered!.texts.map((r) => r[0]), ['1', '-2', '3', '2147483647']);
    // Back to 'a': shown as it was left.
    await h.page.click('.member[data-member="a"]');
    s = await until(async () => { const st = await h!.settled(); return st.view?.member === 'a' ? st : undefined; }, 'member a again');
    assert.deepStrictEqual(s.selection, { row0: 2, col0: 3, row1: 2, col1: 3 });
    assert.strictEqual(s.rendered!.texts[2][3], '1.57143');
  });

  it('opens an archive whose headers are slow to read, and fills in the members as they arrive', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, 'npz_compressed.npz')));
    const buf = new BufferSource(bytes);
    // Every read waits 40 ms, and the ready reply waits only 10 ms: every member but the first
    // starts pending. Member b's bytes are held until the list shows it pending: otherwise, when
    // the first screen takes longer than reading every header, the 'members' event comes first
    // and nothing is ever pending.
    const [b0, b1] = localEntry(bytes, 'b.npy');
    let release!: () => void;
    let heldReads = 0;
    const held = new Promise<void>((r) => { release = r; });
    const slow = {
      size: buf.size,
      read: async (o: number, n: number) => {
        await new Promise((r) => setTimeout(r, 40));
        if (o >= b0 && o < b1) { heldReads++; await held; }
        return buf.read(o, n);
      },
      close: async () => undefined,
    };
    h = await Harness.open(suite.browser, await openSource(slow, 'slow.npz'), { fileName: 'slow.npz', readyBudgetMs: 10 });
    await until(async () => (await h!.page.textContent('.member[data-member="b"]'))?.includes('…'), 'pending members listed');
    assert.ok(heldReads > 0, 'a read of member b was held while the list showed it pending');
    release();
    // Once the 'members' event came: the first array shows, with NumPy's values, and the list is complete.
    const s = await until(async () => { const st = await h!.settled(); return st.view?.member === 'a' ? st : undefined; }, 'member a shown', 15_000);
    assert.strictEqual(s.rendered!.texts[2][3], '1.57143');
    assert.match((await h.page.textContent('.member[data-member="st"]'))!, /\(4,\)/);
    assert.ok(!(await h.page.textContent('.members'))!.includes('…'), 'no member left pending');
  });

  it('never shows one member\'s values under the name of another of the same shape', async () => {
    const data = zipSync({ 'a.npy': npyBytes(f8, [30, 6], writeF8(() => 1.5)), 'b.npy': npyBytes(f8, [30, 6], writeF8(() => 2.5)) }, { level: 0 });
    const buf = new BufferSource(data);
    // Slow reads leave time to see what the grid shows while b's pages are on their way.
    const slow = { size: buf.size, read: async (o: number, n: number) => { await new Promise((r) => setTimeout(r, 150)); return buf.read(o, n); }, close: async () => undefined };
    h = await Harness.open(suite.browser, await openSource(slow, 'two.npz'), { fileName: 'two.npz' });
    await until(async () => { const st = await h!.state(); return st.view?.member === 'a' && st.rendered?.texts[0]?.[0] === '1.5'; }, 'member a', 15_000);
    // b can be clicked once its header is in (the list may still show it pending).
    await until(async () => !(await h!.page.textContent('.members'))!.includes('…'), 'every member listed', 15_000);
    // Checked between frames until b shows. A mix seen between frames is confirmed in the next
    // frame's animation callbacks, after the grid's own (a render scheduled before is registered
    // first): only what a frame paints counts, not a state a later task left for the next frame
    // to draw.
    const sawOld = await h.page.evaluate(() => new Promise<boolean>((resolve) => {
      let saw = false;
      const mixed = (): boolean => document.querySelector('.infobar').textContent.includes('› b') &&
        window.__npyCells().some((c: any) => c.text === '1.5');
      const check = (): void => {
        const texts: string[] = window.__npyCells().map((c: any) => c.text);
        if (texts.length > 0 && texts.every((t) => t === '2.5')) {
          resolve(saw);
          return;
        }
        const suspect = mixed();
        requestAnimationFrame(() => {
          if (suspect && mixed()) saw = true;
          setTimeout(check, 0);
        });
      };
      document.querySelector('.member[data-member="b"]').click();
      check();
    }));
    assert.strictEqual(sawOld, false, "a's values were shown under b's name");
  });

  it('says when an array is empty, and shows a 0-d array as one cell', async () => {
    h = await openBytes(npyBytes(i4, [0, 3], writeI4((i) => i)));
    await until(async () => !(await h!.page.isHidden('.message')), 'message');
    assert.match((await h.page.textContent('.message'))!, /empty.*\(0, 3\)/);
    assert.strictEqual((await h.domCells()).count, 0);
    await h.close();
    h = await openBytes(npyBytes(i4, [], writeI4(() => 42)));
    const s = await h.settled();
    assert.deepStrictEqual(s.rendered!.texts, [['42']]);
  });

  it('shows an error with the file name', async () => {
    h = await Harness.open(suite.browser, undefined, { readyError: 'bad.npy: not a NumPy .npy or .npz file' });
    await until(async () => /not a NumPy/.test((await h!.page.textContent('.message')) ?? ''), 'ready error');
    await h.close();
    h = await openBytes(npyBytes(i4, [3], writeI4((i) => i)));
    await h.settled();
    h.send({ type: 'error', message: 'the file was truncated', fileName: 'data.npy' });
    const s = await until(async () => { const st = await h!.state(); return st.error ? st : undefined; }, 'error event');
    assert.match(s.error!, /data\.npy.*truncated/);
    assert.ok(await h.page.isVisible('.message.error-message'));
    assert.ok(await h.page.isHidden('.grid'));
  });

  it('keeps position and selection on reload', async () => {
    h = await openBytes(npyBytes(i4, [1000, 10], writeI4((i) => i)));
    await h.settled();
    h.send({ type: 'reveal', row: 500, col: 4 });
    let s = await until(async () => { const st = await h!.settled(); return st.selection?.row0 === 500 ? st : undefined; }, 'reveal');
    const top = s.scrollRow;
    assert.ok(top > 400, `scrolled to ${top}`);
    // A script rewrote the file: fewer rows, new values (element i now holds i + 7).
    await h.reload(await openSource(new BufferSource(npyBytes(i4, [800, 10], writeI4((i) => i + 7))), 'test.npy'));
    s = await until(async () => { const st = await h!.settled(); return st.rendered!.texts[0][0] === String(st.rendered!.rows[0] * 10 + 7) ? st : undefined; }, 'reloaded values');
    assert.strictEqual(s.scrollRow, top);
    assert.deepStrictEqual(s.selection, { row0: 500, col0: 4, row1: 500, col1: 4 });
    assert.strictEqual(await h.focusedText(), String(5004 + 7));
    assert.match((await h.page.textContent('.infobar'))!, /\(800, 10\)/);
    // Shrunk below the selection: it is clamped to what still exists.
    await h.reload(await openSource(new BufferSource(npyBytes(i4, [100, 3], writeI4((i) => i))), 'test.npy'));
    s = await until(async () => { const st = await h!.settled(); return st.selection?.row0 === 99 ? st : undefined; }, 'clamped');
    assert.deepStrictEqual(s.selection, { row0: 99, col0: 2, row1: 99, col1: 2 });
    assert.ok(s.rendered!.rows.includes(99));
  });

  it('reports a failing read once, without re-requesting the page forever', async () => {
    const inner = new SyntheticSource(i4, [100_000, 4], writeI4((i) => i));
    const flaky = {
      size: inner.size,
      read: async (offset: number, length: number) => {
        if (offset > 1_000_000) throw new Error('device read error');
        return inner.read(offset, length);
      },
      close: async () => undefined,
    };
    h = await Harness.open(suite.browser, await openSource(flaky, 'flaky.npy'), { fileName: 'flaky.npy' });
    await h.settled();
    h.send({ type: 'reveal', row: 90_000, col: 0 });
    await until(async () => /device read error/.test((await h!.page.textContent('.status')) ?? ''), 'error in the status line');
    const s = await h.settled();
    assert.ok(s.rendered!.rows.includes(90_000));
    const failed = await h.cellsWith('failed');
    assert.ok(failed.length > 0 && failed.every((x) => x === '?'), `failed cells: ${failed}`);
    const asked = h.log.filter((m) => m.type === 'getPage').length;
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(h.log.filter((m) => m.type === 'getPage').length, asked, 'no retry loop');
  });

  it('shows the selection and the guide lines in light, dark and high-contrast themes', async () => {
    h = await openBytes(npyBytes(i4, [100, 10], writeI4((i) => i)));
    await h.settled();
    await h.page.click('.grid-layer', { position: { x: 150, y: 60 } });
    await h.page.keyboard.press('Shift+ArrowRight');
    const themes: [string, Record<string, string>][] = [
      ['vscode-light', { '--vscode-editor-selectionBackground': 'rgb(173, 214, 255)', '--vscode-editorIndentGuide-background': 'rgb(211, 211, 211)' }],
      ['vscode-dark', { '--vscode-editor-selectionBackground': 'rgb(38, 79, 120)', '--vscode-editorIndentGuide-background': 'rgb(64, 64, 64)' }],
      // High contrast, as VS Code's HC themes set it, and with no contrast border at all.
      ['vscode-high-contrast', { '--vscode-editor-selectionBackground': 'rgb(255, 255, 255)', '--vscode-contrastBorder': 'rgb(111, 195, 223)' }],
      ['vscode-high-contrast', { '--vscode-editor-selectionBackground': 'rgb(255, 255, 255)' }],
    ];
    for (const [cls, vars] of themes) {
      const seen: { selection: string | null; guides: string | null } = await h.page.evaluate(async ([cls, vars]: [string, Record<string, string>]) => {
        document.body.className = cls;
        const root = document.documentElement.style;
        for (const v of ['--vscode-editor-selectionBackground', '--vscode-editorIndentGuide-background', '--vscode-contrastBorder']) root.removeProperty(v);
        for (const [k, v] of Object.entries(vars)) root.setProperty(k, v);
        await new Promise((r) => setTimeout(r, 50));
        const sel = document.querySelector('.grid .run.selected');
        const guides = document.querySelector('.grid-guides');
        return { selection: sel && getComputedStyle(sel).backgroundColor, guides: guides && getComputedStyle(guides).backgroundImage };
      }, [cls, vars] as [string, Record<string, string>]);
      const what = `${cls} ${JSON.stringify(vars)}`;
      assert.strictEqual(seen.selection, vars['--vscode-editor-selectionBackground'], `selection in ${what}`);
      const line = vars['--vscode-contrastBorder'] ?? vars['--vscode-editorIndentGuide-background'];
      if (line) assert.ok(seen.guides?.includes(line), `guide lines in ${what}: ${seen.guides}`);
    }
  });

  it('draws every icon it shows from the shipped codicon subset (dist/codicons)', async () => {
    h = await openBytes(npyBytes(i4, [10, 3], writeI4((i) => i)));
    await h.settled();
    const icons: [string, string][] = await h.page.$$eval('.codicon', (els) =>
      els.map((e: any) => [e.className, getComputedStyle(e, '::before').content]));
    assert.ok(icons.length >= 3, `icons: ${JSON.stringify(icons)}`);
    for (const [cls, content] of icons) assert.ok(/^"\S"$/u.test(content), `${cls} has no glyph (content ${content})`);
  });

  it('shows inflate progress, runs Export/Save As, and restores a saved state', async () => {
    h = await Harness.open(suite.browser, await openFile(path.join(CORPUS, 'npz_3d_member.npz')), {
      fileName: 'npz_3d_member.npz',
      restore: { view: { member: 'cube', index: '1, :, :', rowAxis: 1, colAxis: 0 }, scrollRow: 0, scrollCol: 0, selection: { row0: 3, col0: 2, row1: 3, col1: 2 } },
    });
    let s = await h.settled();
    // Restored: cube[1].T, i.e. rows over axis 2 (4), columns over axis 1 (3); (3, 2) is cube[1, 2, 3].
    assert.strictEqual(s.view?.index, '1, :, :');
    assert.deepStrictEqual([s.rendered!.rows.length, s.rendered!.cols.length], [4, 3]);
    assert.deepStrictEqual(s.selection, { row0: 3, col0: 2, row1: 3, col1: 2 });
    assert.strictEqual(await h.focusedText(), String(12 + 2 * 4 + 3));
    assert.strictEqual(await h.page.inputValue('.axis-row'), '2');
    h.send({ type: 'progress', member: 'cube', done: 512, total: 2048 });
    await until(async () => h!.page.isVisible('.progress'), 'progress');
    assert.match((await h.page.textContent('.progress'))!, /cube.*512 B.*2\.0 KiB/);
    h.send({ type: 'progress', member: 'cube', done: 2048, total: 2048 });
    await until(async () => h!.page.isHidden('.progress'), 'progress done');
    await h.page.click('.action-export');
    await h.page.click('.action-saveAs');
    await until(async () => h!.log.filter((m) => m.type === 'runCommand').length === 2, 'runCommand');
    const cmds = h.log.filter((m) => m.type === 'runCommand');
    assert.deepStrictEqual(cmds.map((m) => m.type === 'runCommand' && [m.command, m.view.member, m.view.index, m.view.rowAxis]), [
      ['export', 'cube', '1, :, :', 1], ['saveAs', 'cube', '1, :, :', 1],
    ]);
    s = await h.settled();
    assert.strictEqual(s.error, undefined);
  });
});
