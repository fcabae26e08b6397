/**
 * The Line view's "Follow selection" in real chromium wired to a real ViewerSession: with it on,
 * the line view draws the rows selected in the grid (or their columns with the axis on columns),
 * and the choice is remembered with the view state.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { EnvelopeRequest } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;

const legend = (): string[] => [...document.querySelectorAll('.line-legend-item')].map((e: any) => e.textContent);

describe('webview: the line view follows the grid\'s selection', function () {
  this.timeout(120_000);
  const suite = pageSuite();

  it('draws the selected rows (or columns) while "Follow selection" is on', async () => {
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [6, 20], writeF8((i) => i))), 'f.npy'), { fileName: 'f.npy' });
    await h.settled();
    // Select rows 1 … 3 of column 0: Ctrl+Home, down, then Shift+down twice.
    await h.page.click('.grid-layer', { position: { x: 200, y: 60 } });
    await h.page.keyboard.press('Control+Home');
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('Shift+ArrowDown');
    await h.page.keyboard.press('Shift+ArrowDown');
    const s = await until(async () => { const st = await h.settled(); return st.selection?.row1 === 3 ? st : undefined; }, 'the selection');
    assert.deepStrictEqual(s.selection, { row0: 1, col0: 0, row1: 3, col1: 0 });
    await h.page.click('.pictures-switch [data-picture="line"]');
    await until(async () => h.page.evaluate(() => {
      const c = document.querySelector('.line-canvas');
      return !!c && !!c.dataset.width && !c.closest('[hidden]') && !c.closest('.loading');
    }) || undefined, 'the line of row 0');
    assert.deepStrictEqual(h.log.filter((m): m is EnvelopeRequest => m.type === 'envelope').at(-1)!.lines, { axis: 'row', indices: [0] });
    await h.page.check('.line-follow');
    const rows = await until(async () => {
      const l = await h.page.evaluate(legend);
      return l.length === 3 ? l : undefined;
    }, 'the selected rows');
    assert.deepStrictEqual(rows, ['row 1', 'row 2', 'row 3']);
    assert.strictEqual(await h.page.inputValue('.line-lines'), '1, 2, 3');
    const req = h.log.filter((m): m is EnvelopeRequest => m.type === 'envelope').at(-1)!;
    assert.deepStrictEqual(req.lines, { axis: 'row', indices: [1, 2, 3] });
    // Columns: the selection's one column.
    await h.page.selectOption('.line-axis', 'col');
    const cols = await until(async () => {
      const r = h.log.filter((m): m is EnvelopeRequest => m.type === 'envelope').at(-1)!;
      return r.lines?.axis === 'col' ? r.lines : undefined;
    }, 'the selected column');
    assert.deepStrictEqual(cols, { axis: 'col', indices: [0] });
    const st = await until(async () => { const x = await h.state(); return x.pictures?.line?.follow ? x : undefined; }, 'saved');
    assert.deepStrictEqual(st.pictures!.line, { axis: 'col', lines: '0', follow: true });
  });
});
