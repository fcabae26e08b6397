/** The grid's layout arithmetic (webview/grid/layout.ts) and click selection, in Node. */
import * as assert from 'assert';
import * as L from '../../../../webview/grid/layout';
import { clickSelection } from '../../../../webview/selection';

describe('grid layout', () => {
  it('sizes columns in whole characters, between 4 characters / 56 px and 36 characters, padding included', () => {
    assert.strictEqual(L.cellCharsFor(10, 8), 12);
    assert.strictEqual(L.cellCharsFor(1, 8), 7, '56 px at 8 px a character');
    assert.strictEqual(L.cellCharsFor(2, 20), 6, 'at least 4 characters');
    assert.strictEqual(L.cellCharsFor(500, 8), L.MAX_COL_CHARS + L.PAD_CHARS);
    assert.strictEqual(L.rowHeadPxFor(9, 8), Math.ceil(11 * 8 + 2));
    assert.strictEqual(L.rowHeadPxFor(1, 8), 40);
  });

  it('makes the axes from the viewport minus the headers', () => {
    const g = { rows: 1000, displayCols: 30, colPx: 80, rowHeadPx: 60, viewW: 860, viewH: 464 };
    assert.deepStrictEqual(L.axisY(g), { count: 1000, itemPx: L.ROW_PX, viewportPx: 464 - L.HEAD_PX });
    assert.deepStrictEqual(L.axisX(g), { count: 30, itemPx: 80, viewportPx: 800 });
    assert.strictEqual(L.axisX({ ...g, viewW: 10 }).viewportPx, 0);
  });

  it('finds the visible window and the element column and field of each display column', () => {
    const ay = { count: 1000, itemPx: 22, viewportPx: 440 };
    const ax = { count: 3 * 10, itemPx: 50, viewportPx: 200 };
    const w = L.shownWindow(ay, ax, 33, 125, 3);
    assert.deepStrictEqual(w.vy, { first: 1, n: 21, shiftPx: 11 });
    assert.deepStrictEqual(w.vx, { first: 2, n: 5, shiftPx: 25 });
    assert.deepStrictEqual(w.colOf, [0, 1, 1, 1, 2]);
    assert.deepStrictEqual(w.fieldOf, [2, 0, 1, 2, 0]);
    assert.strictEqual(w.col0, 0);
    assert.strictEqual(w.cols, 3);
    const empty = L.shownWindow(ay, { ...ax, count: 0 }, 0, 0, 1);
    assert.strictEqual(empty.cols, 0);
    assert.deepStrictEqual(empty.colOf, []);
  });

  it('maps a point of the layer to a row and display column, headers and scroll included', () => {
    assert.deepStrictEqual(L.pointAt(60, L.HEAD_PX, 0, 0, 60, 80), { row: 0, d: 0 });
    assert.deepStrictEqual(L.pointAt(59, L.HEAD_PX - 1, 0, 0, 60, 80), { row: -1, d: -1 });
    assert.deepStrictEqual(L.pointAt(60 + 79, L.HEAD_PX + 21, 160, 22 * 10, 60, 80), { row: 10, d: 2 });
  });

  it('rotates reused elements moving only the shorter side', () => {
    for (const [k, movedCount] of [[1, 1], [4, 2], [5, 1], [3, 3]]) {
      const items = [0, 1, 2, 3, 4, 5];
      const moves: [number, number | undefined][] = [];
      L.rotate(items, k, (item, before) => moves.push([item, before]));
      assert.deepStrictEqual(items, [...[0, 1, 2, 3, 4, 5].slice(k), ...[0, 1, 2, 3, 4, 5].slice(0, k)], `k=${k}`);
      assert.strictEqual(moves.length, movedCount, `k=${k} moves`);
      // Moved to the end (undefined) when the head moves, else before the old first.
      for (const [, before] of moves) assert.strictEqual(before, k <= 3 ? undefined : 0);
    }
    const same = [1, 2];
    L.rotate(same, 0, () => assert.fail('nothing moves'));
    assert.deepStrictEqual(same, [1, 2]);
  });

  it('turns wheel deltas into pixels; Shift scrolls across', () => {
    const u = { lineY: 22, lineX: 80, pageY: 400, pageX: 700 };
    assert.deepStrictEqual(L.wheelDelta({ deltaX: 0, deltaY: 100, deltaMode: 0, shiftKey: false }, u), { dx: 0, dy: 100 });
    assert.deepStrictEqual(L.wheelDelta({ deltaX: 1, deltaY: 3, deltaMode: 1, shiftKey: false }, u), { dx: 80, dy: 66 });
    assert.deepStrictEqual(L.wheelDelta({ deltaX: 0, deltaY: 1, deltaMode: 2, shiftKey: false }, u), { dx: 0, dy: 400 });
    assert.deepStrictEqual(L.wheelDelta({ deltaX: 0, deltaY: 100, deltaMode: 0, shiftKey: true }, u), { dx: 100, dy: 0 });
  });
});

describe('grid clicks', () => {
  const m = { rows: 50, cols: 8 };
  const cell = { row: 4, col: 3 };
  it('selects the whole grid from the corner, a column from its header, a row from its header', () => {
    assert.deepStrictEqual(clickSelection(m, { cell, rowHead: true, colHead: true }, false, undefined),
      { anchor: { row: 0, col: 0 }, focus: { row: 49, col: 7 } });
    assert.deepStrictEqual(clickSelection(m, { cell, rowHead: false, colHead: true }, false, undefined),
      { anchor: { row: 0, col: 3 }, focus: { row: 49, col: 3 } });
    assert.deepStrictEqual(clickSelection(m, { cell, rowHead: true, colHead: false }, false, undefined),
      { anchor: { row: 4, col: 0 }, focus: { row: 4, col: 7 } });
  });

  it('selects a cell, or extends from the anchor with Shift', () => {
    const cur = { anchor: { row: 1, col: 1 }, focus: { row: 2, col: 2 } };
    assert.deepStrictEqual(clickSelection(m, { cell, rowHead: false, colHead: false }, false, cur), { anchor: cell, focus: cell });
    assert.deepStrictEqual(clickSelection(m, { cell, rowHead: false, colHead: false }, true, cur), { anchor: { row: 1, col: 1 }, focus: cell });
    assert.deepStrictEqual(clickSelection(m, { cell, rowHead: false, colHead: false }, true, undefined), { anchor: cell, focus: cell });
  });
});
