/**
 * Copy Index and Export Selection: a grid selection spelled as an index into the array. The view
 * that Export Selection exports must hold exactly the selected cells, in the grid's orientation:
 * checked by reading both through a ViewerSession over an array whose every element names its index.
 */
import * as assert from 'assert';
import { BufferSource } from '../../../../src/npy/io/filesource';
import { openSource } from '../../../../src/npy/format/open';
import { gridIndexing } from '../../../../src/shared/indexing/goto';
import type { ViewSpec } from '../../../../src/shared/protocol';
import { selectionIndexText, selectionView, type SelRect } from '../../../../src/shared/indexing/selindex';
import { ViewerSession } from '../../../../src/viewer/session';
import { i4, npyBytes, writeI4 } from '../../../support/viewer-arrays';

const SHAPE = [6, 12, 64];
const value = (a: number, b: number, c: number): number => a * 100_000 + b * 1000 + c;

describe('selindex: a selection as an index into the array', () => {
  let s: ViewerSession;
  before(async () => {
    const bytes = npyBytes(i4, SHAPE, writeI4((i) => value(Math.floor(i / (12 * 64)), Math.floor(i / 64) % 12, i % 64)));
    s = new ViewerSession(await openSource(new BufferSource(bytes), 'cube.npy'), { fileName: 'cube.npy', sizeOnDisk: bytes.length, settings: { notation: 'auto', precision: 6 } });
  });

  const cases: [ViewSpec, SelRect, string][] = [
    [{ index: '2:5, 10, ::-3', rowAxis: 0, colAxis: 1 }, { row0: 1, col0: 2, row1: 1, col1: 2 }, '[3, 10, 57]'],
    [{ index: '2:5, 10, ::-3', rowAxis: 0, colAxis: 1 }, { row0: 0, col0: 0, row1: 2, col1: 2 }, '[2:5, 10, 63:56:-3]'],
    [{ index: '2:5, 10, ::-3', rowAxis: 0, colAxis: 1 }, { row0: 0, col0: 19, row1: 1, col1: 21 }, '[2:4, 10, 6::-3]'],
    [{ index: '1, :, ::2', rowAxis: 1, colAxis: 0 }, { row0: 3, col0: 4, row1: 5, col1: 4 }, '[1, 4, 6:11:2]'],
    [{ index: '::-1, 3, 5', rowAxis: 0, colAxis: -1 }, { row0: 0, col0: 0, row1: 5, col1: 0 }, '[5::-1, 3, 5]'],
    [{ index: '4, 3, 5', rowAxis: -1, colAxis: -1 }, { row0: 0, col0: 0, row1: 0, col1: 0 }, '[4, 3, 5]'],
  ];

  for (const [view, sel, text] of cases) {
    it(`${view.index} rows ${sel.row0}-${sel.row1}, columns ${sel.col0}-${sel.col1}: ${text}`, async () => {
      const gv = await s.resolve(view);
      const g = gridIndexing(gv.info, gv.array.shape);
      assert.strictEqual(selectionIndexText(g, sel), text);
      // The exported view: the selected cells, in the same orientation.
      const rect = { row0: sel.row0, rows: sel.row1 - sel.row0 + 1, col0: sel.col0, cols: sel.col1 - sel.col0 + 1 };
      const want = await s.getPage({ view, ...rect });
      const sub = selectionView(g, sel, undefined);
      const got = await s.getPage({ view: sub, row0: 0, rows: 100, col0: 0, cols: 100 });
      assert.deepStrictEqual([got.rows, got.cols, got.values], [want.rows, want.cols, want.values], JSON.stringify(sub));
    });
  }
});
