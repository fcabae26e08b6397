/** Pure parts of the grid webview: scroll math, paging, selection, N-D axis choice. */
import * as assert from 'assert';
import * as S from '../../../webview/scroll';
import { PageCache, pagesFor, prefetchFor } from '../../../webview/pages';
import { clampSelection, moveSelection, rectOf, type Selection } from '../../../webview/selection';
import { chooseAxis, setIndex } from '../../../webview/axes';
import { formatIndexExpr, parseIndexExpr } from '../../../src/shared/indexing/indexexpr';
import { specOf, type AxisChoice } from '../../../src/shared/indexing/views';

describe('webview scroll model', () => {
  const huge: S.Axis = { count: 1e9, itemPx: 22, viewportPx: 440 };
  const small: S.Axis = { count: 100, itemPx: 22, viewportPx: 440 };

  it('caps the spacer but maps the scrollbar ends to the content ends', () => {
    assert.strictEqual(S.spacerPx(huge), S.MAX_SPACER_PX);
    assert.strictEqual(S.scrollToOffset(huge, 0), 0);
    const end = S.scrollToOffset(huge, S.MAX_SPACER_PX - 440);
    assert.strictEqual(end, 1e9 * 22 - 440);
    const v = S.visibleRange(huge, end);
    assert.strictEqual(v.first + v.n - 1, 1e9 - 1, 'last row visible at the end');
    assert.strictEqual(v.first, 1e9 - 20);
  });

  it('is the identity for small content', () => {
    assert.strictEqual(S.spacerPx(small), 2200);
    assert.strictEqual(S.scrollToOffset(small, 123), 123);
    assert.strictEqual(S.offsetToScroll(small, 123), 123);
    assert.strictEqual(S.scrollToOffset(small, 99999), 2200 - 440);
  });

  it('round-trips offsets through the scrollbar proportionally', () => {
    const o = 1e9 * 22 * 0.37;
    const sc = S.offsetToScroll(huge, o);
    assert.ok(sc > 0 && sc < S.MAX_SPACER_PX);
    assert.ok(Math.abs(S.scrollToOffset(huge, sc) - o) < 1e-3 * o);
  });

  it('computes the visible range with a partial first row', () => {
    assert.deepStrictEqual(S.visibleRange(small, 33), { first: 1, n: 21, shiftPx: 11 });
    assert.deepStrictEqual(S.visibleRange({ count: 3, itemPx: 22, viewportPx: 440 }, 0), { first: 0, n: 3, shiftPx: 0 });
    assert.deepStrictEqual(S.visibleRange({ count: 0, itemPx: 22, viewportPx: 440 }, 0), { first: 0, n: 0, shiftPx: 0 });
  });

  it('reveals an item moving as little as possible', () => {
    assert.strictEqual(S.revealOffset(small, 0, 5), 0);
    assert.strictEqual(S.revealOffset(small, 0, 25), 26 * 22 - 440);
    assert.strictEqual(S.revealOffset(small, 500, 3), 66);
    assert.strictEqual(S.revealOffset(huge, 0, 1e9 - 1), 1e9 * 22 - 440);
    assert.strictEqual(S.itemsPerPage(small), 20);
  });
});

describe('webview paging', () => {
  it('lists the pages overlapping a window', () => {
    assert.deepStrictEqual(pagesFor({ row0: 60, rows: 10, col0: 0, cols: 5 }, 64, 16), [{ pr: 0, pc: 0 }, { pr: 1, pc: 0 }]);
    assert.deepStrictEqual(pagesFor({ row0: 0, rows: 0, col0: 0, cols: 5 }), []);
  });

  it('prefetches one page ahead in the direction of travel, clipped to the grid', () => {
    const down = prefetchFor({ row0: 64, rows: 20, col0: 0, cols: 5 }, 1, 0, 1000, 5, 64, 16);
    assert.deepStrictEqual(down, [{ pr: 1, pc: 0 }, { pr: 2, pc: 0 }]);
    const still = prefetchFor({ row0: 64, rows: 20, col0: 0, cols: 5 }, 0, 0, 1000, 5, 64, 16);
    assert.deepStrictEqual(still, [{ pr: 0, pc: 0 }, { pr: 1, pc: 0 }, { pr: 2, pc: 0 }]);
  });

  it('evicts the least recently used page', () => {
    const c = new PageCache(2);
    const page = { row0: 0, rows: 0, col0: 0, cols: 0, fieldCount: 1, values: [], flags: [] };
    c.set('a', page, 0);
    c.set('b', page, 0);
    c.get('a');
    c.set('c', page, 0);
    assert.ok(c.peek('a') && c.peek('c'));
    assert.strictEqual(c.peek('b'), undefined);
  });
});

describe('webview selection', () => {
  const sel = (r: number, c: number): Selection => ({ anchor: { row: r, col: c }, focus: { row: r, col: c } });
  const mv = (s: Selection, key: string, shift = false, ctrl = false) => moveSelection(s, { key, shift, ctrl }, 100, 10, 20);

  it('moves with arrows, pages and home/end, clamped', () => {
    assert.deepStrictEqual(mv(sel(0, 0), 'ArrowDown')!.focus, { row: 1, col: 0 });
    assert.deepStrictEqual(mv(sel(0, 0), 'ArrowUp')!.focus, { row: 0, col: 0 });
    assert.deepStrictEqual(mv(sel(5, 5), 'PageDown')!.focus, { row: 25, col: 5 });
    assert.deepStrictEqual(mv(sel(95, 5), 'PageDown')!.focus, { row: 99, col: 5 });
    assert.deepStrictEqual(mv(sel(5, 5), 'End')!.focus, { row: 5, col: 9 });
    assert.deepStrictEqual(mv(sel(5, 5), 'End', false, true)!.focus, { row: 99, col: 9 });
    assert.deepStrictEqual(mv(sel(5, 5), 'Home', false, true)!.focus, { row: 0, col: 0 });
    assert.strictEqual(mv(sel(5, 5), 'x'), undefined);
  });

  it('extends with shift and keeps the anchor', () => {
    const s = mv(mv(sel(2, 2), 'ArrowDown', true)!, 'ArrowRight', true)!;
    assert.deepStrictEqual(rectOf(s), { row0: 2, col0: 2, row1: 3, col1: 3 });
    assert.deepStrictEqual(rectOf(mv(s, 'ArrowLeft')!), { row0: 3, col0: 2, row1: 3, col1: 2 });
  });

  it('clamps a selection to a smaller grid', () => {
    assert.deepStrictEqual(clampSelection({ anchor: { row: 5, col: 5 }, focus: { row: 50, col: 50 } }, 10, 3),
      { anchor: { row: 5, col: 2 }, focus: { row: 9, col: 2 } });
    assert.strictEqual(clampSelection(sel(1, 1), 0, 3), undefined);
  });
});

describe('webview N-D axis choice', () => {
  /** A choice written as index text, and its selections back as text, for short tables. */
  const choice = (index: string, rowSrc: number, colSrc: number): AxisChoice => ({ sels: parseIndexExpr(index), rowSrc, colSrc });
  const text = (c: AxisChoice): [string, number, number] => [formatIndexExpr(c.sels), c.rowSrc, c.colSrc];

  it('builds the index expression and view axes', () => {
    assert.deepStrictEqual(specOf('m', choice('3, :, 0, :', 3, 1)), { member: 'm', index: '3, :, 0, :', rowAxis: 1, colAxis: 0 });
    assert.deepStrictEqual(specOf(undefined, choice('2, :', -1, 1)), { member: undefined, index: '2, :', rowAxis: -1, colAxis: 0 });
  });

  it('fixes the replaced axis and frees the chosen one; choosing the other grid axis swaps', () => {
    const c = choice(':, :, 2', 0, 1);
    assert.deepStrictEqual(text(chooseAxis(c, 'row', 2, [7])), ['7, :, :', 2, 1]);
    assert.deepStrictEqual(text(chooseAxis(c, 'col', 0, [])), [':, :, 2', 1, 0]);
    assert.deepStrictEqual(text(chooseAxis(c, 'col', -1, [])), [':, 0, 2', 0, -1]);
    assert.deepStrictEqual(text(setIndex(c, 2, 5)), [':, :, 5', 0, 1]);
  });
});
