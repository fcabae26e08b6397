/**
 * Cells by the array's own indices and Go to: one parser (src/shared/indexing/views.ts parseGoTo) and one
 * resolver (src/shared/indexing/goto.ts) for both sides.
 */
import * as assert from 'assert';
import {
  arrayIndexAt, cellIndex, cellOf, goToTarget, gridIndexing, indexText, viewIndexOf, type GridIndexing,
} from '../../../../src/shared/indexing/goto';
import { parseIndexExpr, type AxisSel } from '../../../../src/shared/indexing/indexexpr';
import { parseGoTo } from '../../../../src/shared/indexing/views';

/** The per-axis selections of an index expression, as ViewInfo.axisSels holds them. */
const sels = (text: string): AxisSel[] => parseIndexExpr(text);

/** The indexing of [2:5, 10, ::-3] of a (6, 12, 64) array: rows 2, 3, 4 (axis 0), columns 63, 60, … 0 (axis 2). */
const sliced: GridIndexing = gridIndexing({
  shape: [3, 22], sourceAxes: [0, 2], index: '2:5, 10, ::-3', axisSels: sels('2:5, 10, ::-3'),
  rowAxis: 0, colAxis: 1, rows: 3, cols: 22, ranges: [{ start: 2, step: 1 }, { start: 63, step: -3 }],
}, [6, 12, 64]);

describe('cells by array index', () => {
  it('maps view indices to array indices and back along an axis', () => {
    assert.strictEqual(arrayIndexAt({ start: 63, step: -3 }, 2), 57);
    assert.strictEqual(viewIndexOf({ start: 63, step: -3 }, 22, 57), 2);
    assert.strictEqual(viewIndexOf({ start: 63, step: -3 }, 22, 58), undefined, 'not on the step');
    assert.strictEqual(viewIndexOf({ start: 63, step: -3 }, 22, 66), undefined, 'before the start');
    assert.strictEqual(viewIndexOf({ start: 2, step: 1 }, 3, 5), undefined, 'past the end');
  });

  it('gives the full index of a cell, and the cell of an index', () => {
    assert.deepStrictEqual(sliced.row, { start: 2, step: 1 });
    assert.deepStrictEqual([sliced.rowSrc, sliced.colSrc], [0, 2]);
    assert.deepStrictEqual(cellIndex(sliced, 1, 2), [3, 10, 57]);
    assert.strictEqual(indexText(cellIndex(sliced, 1, 2)), '[3, 10, 57]');
    assert.deepStrictEqual(cellOf(sliced, [3, 10, 57]), { row: 1, col: 2 });
    assert.strictEqual(cellOf(sliced, [3, 11, 57]), undefined, 'another fixed index');
    assert.strictEqual(cellOf(sliced, [3, 10, 56]), undefined);
  });

  it('treats a transposed view (rows over axis 1) and an absent column axis', () => {
    const t = gridIndexing({ shape: [7, 5], sourceAxes: [0, 1], index: ':, :', axisSels: sels(':, :'), rowAxis: 1, colAxis: 0, rows: 7, cols: 5, ranges: [{ start: 0, step: 1 }, { start: 0, step: 1 }] }, [5, 7]);
    assert.deepStrictEqual([t.rowSrc, t.colSrc], [1, 0]);
    assert.deepStrictEqual(cellIndex(t, 6, 2), [2, 6]);
    const oneD = gridIndexing({ shape: [9], sourceAxes: [0], index: ':', axisSels: sels(':'), rowAxis: 0, colAxis: -1, rows: 9, cols: 1, ranges: [{ start: 0, step: 1 }] }, [9]);
    assert.strictEqual(oneD.colSrc, -1);
    assert.deepStrictEqual(cellIndex(oneD, 4, 0), [4]);
  });
});

describe('go to', () => {
  it('parses integers separated by commas or spaces, in brackets or parentheses, negative ones too', () => {
    assert.deepStrictEqual(parseGoTo('[3, -1, 2]'), [3, -1, 2]);
    assert.deepStrictEqual(parseGoTo(' 12 '), [12]);
    assert.deepStrictEqual(parseGoTo('(99999 49)'), [99999, 49]);
    assert.deepStrictEqual(parseGoTo('-1, -1'), [-1, -1]);
    assert.deepStrictEqual(parseGoTo('+4,5'), [4, 5]);
    for (const bad of ['', '1, x', '1.5', '1,,2', '[]', '1e3']) assert.strictEqual(parseGoTo(bad), undefined, bad);
  });

  it('goes to a row and column by their indices in the array, negative ones from the end of the array axis', () => {
    assert.deepStrictEqual(goToTarget([4, 60], sliced), { index: [4, 10, 60], cell: { row: 2, col: 1 } });
    assert.deepStrictEqual(goToTarget([3, -1], sliced), { index: [3, 10, 63], cell: { row: 1, col: 0 } });
    assert.deepStrictEqual(goToTarget([2], sliced), { index: [2, 10, 63], cell: { row: 0, col: 0 } }, 'a row alone: its first column');
  });

  it('shows a view that holds a cell the current one does not: a missing grid axis whole, the other slices kept', () => {
    assert.deepStrictEqual(goToTarget([4, 58], sliced), { index: [4, 10, 58], sels: sels('2:5, 10, :') });
    assert.deepStrictEqual(goToTarget([0, 58], sliced), { index: [0, 10, 58], sels: sels(':, 10, :') });
  });

  it('takes a full index, one integer per axis, fixing the other axes', () => {
    assert.deepStrictEqual(goToTarget([-1, 0, 7], sliced), { index: [5, 0, 7], sels: sels(':, 0, :') });
    assert.deepStrictEqual(goToTarget([3, 10, 60], sliced), { index: [3, 10, 60], cell: { row: 1, col: 1 } });
  });

  it('reads two integers as row and column when the grid shows both axes of a 2-D array, else as a full index', () => {
    const whole = gridIndexing({ shape: [100000, 50], sourceAxes: [0, 1], index: ':, :', axisSels: sels(':, :'), rowAxis: 0, colAxis: 1, rows: 100000, cols: 50, ranges: [{ start: 0, step: 1 }, { start: 0, step: 1 }] }, [100000, 50]);
    assert.deepStrictEqual(goToTarget([-1, -1], whole), { index: [99999, 49], cell: { row: 99999, col: 49 } });
    assert.deepStrictEqual(goToTarget([99999, 49], whole), { index: [99999, 49], cell: { row: 99999, col: 49 } });
    // [3, :] of a (5, 7) array: rows over axis 1, axis 0 fixed. "4, 6" is a full index.
    const row3 = gridIndexing({ shape: [7], sourceAxes: [1], index: '3, :', axisSels: sels('3, :'), rowAxis: 0, colAxis: -1, rows: 7, cols: 1, ranges: [{ start: 0, step: 1 }] }, [5, 7]);
    assert.deepStrictEqual(goToTarget([4, 6], row3), { index: [4, 6], sels: sels('4, :') });
    assert.deepStrictEqual(goToTarget([6], row3), { index: [3, 6], cell: { row: 6, col: 0 } });
    // A 1-D array: "r, 0" is fine (the one column), "r, 1" is not a cell.
    const oneD = gridIndexing({ shape: [9], sourceAxes: [0], index: ':', axisSels: sels(':'), rowAxis: 0, colAxis: -1, rows: 9, cols: 1, ranges: [{ start: 0, step: 1 }] }, [9]);
    assert.deepStrictEqual(goToTarget([-2, 0], oneD), { index: [7], cell: { row: 7, col: 0 } });
    assert.deepStrictEqual(goToTarget([2, 1], oneD), { error: 'count' });
  });

  it("refuses a wrong count and indices out of the array, in NumPy's terms", () => {
    assert.deepStrictEqual(goToTarget([1, 2, 3, 4], sliced), { error: 'count' });
    assert.deepStrictEqual(goToTarget([], sliced), { error: 'count' });
    assert.deepStrictEqual(goToTarget([9, 0, 0], sliced), { error: 'range', value: 9, axis: 0, size: 6 });
    assert.deepStrictEqual(goToTarget([0, -65], sliced), { error: 'range', value: -65, axis: 2, size: 64 });
    assert.deepStrictEqual(goToTarget([6, 0], sliced), { error: 'range', value: 6, axis: 0, size: 6 });
  });
});
