/**
 * The grid's VS Code context menu and the hover's full value, in real chromium over a real
 * ViewerSession: the grid carries the data-vscode-context that package.json's webview/context
 * menu matches (and that hides the browser's Cut/Copy/Paste), a right-click selects the cell
 * under it unless it is in the selection, and the hover gives NumPy's full-precision value where
 * the grid shows the rounded one.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import { Harness, pageSuite, until } from './harness';
import { f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;
const titleAt = ([x, y]: number[]): string | null => document.elementFromPoint(x, y)?.closest('[title]')?.getAttribute('title') ?? null;

describe('webview: context menu and full values', () => {
  const suite = pageSuite();

  /** 20 x 6 float64: element i is i / 3, element 0 is 0.1 + 0.2. */
  async function open(): Promise<Harness> {
    const bytes = npyBytes(f8, [20, 6], writeF8((i) => (i === 0 ? 0.1 + 0.2 : i / 3)));
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'thirds.npy'), { fileName: 'thirds.npy' });
    await h.settled();
    return h;
  }

  async function centerOf(h: Harness, row: number, col: number): Promise<number[]> {
    const cell = (await h.domCells()).cells.find((c) => c.row === row && c.index === col)!;
    return [cell.x + cell.w / 2, cell.y + cell.h / 2];
  }

  it('marks the grid for the webview/context menu, hiding the browser\'s own items', async () => {
    const h = await open();
    const ctx = await h.page.$eval('.grid', (e) => (e as any).dataset.vscodeContext as string);
    assert.deepStrictEqual(JSON.parse(ctx), { webviewSection: 'grid', preventDefaultContextMenuItems: true });
    // The attribute is on the grid only: the toolbar keeps the browser's menu (its text boxes need Paste).
    assert.strictEqual(await h.page.$$eval('[data-vscode-context]', (els) => els.length), 1);
  });

  it('a right-click selects the cell under it, but keeps a selection it falls in', async () => {
    const h = await open();
    const a = await centerOf(h, 2, 1);
    await h.page.mouse.click(a[0], a[1], { button: 'right' });
    let s = await until(async () => { const st = await h.settled(); return st.selection?.row0 === 2 && st; }, 'right-click selected (2, 1)');
    assert.deepStrictEqual(s.selection, { row0: 2, col0: 1, row1: 2, col1: 1 });
    assert.deepStrictEqual(s.focus, { row: 2, col: 1 });
    // Select (1, 0)..(3, 2), then right-click inside it: the selection stays.
    const b = await centerOf(h, 1, 0);
    const c = await centerOf(h, 3, 2);
    await h.page.mouse.click(b[0], b[1]);
    await h.page.keyboard.down('Shift');
    await h.page.mouse.click(c[0], c[1]);
    await h.page.keyboard.up('Shift');
    await until(async () => (await h.settled()).selection?.row1 === 3, 'shift-click extended the selection');
    await h.page.mouse.click(a[0], a[1], { button: 'right' });
    s = await h.settled();
    assert.deepStrictEqual(s.selection, { row0: 1, col0: 0, row1: 3, col1: 2 });
    assert.deepStrictEqual(s.focus, { row: 3, col: 2 }, 'the focus is the shift-clicked cell');
  });

  it('the hover shows the value at full precision where the grid rounds it', async () => {
    const h = await open();
    const s = await h.settled();
    assert.strictEqual(s.rendered!.texts[0][0], '0.3');
    assert.strictEqual(s.rendered!.texts[1][2], '2.66667');
    const a = await centerOf(h, 0, 0);
    await h.page.mouse.move(a[0], a[1]);
    await until(async () => (await h.page.evaluate(titleAt, a)) === '0.30000000000000004\n[0, 0]', 'full value of (0, 0) in the title');
    const b = await centerOf(h, 1, 2);
    await h.page.mouse.move(b[0], b[1]);
    await until(async () => (await h.page.evaluate(titleAt, b)) === '2.6666666666666665\n[1, 2]', 'full value of (1, 2) in the title');
    assert.ok(h.log.some((m) => m.type === 'cellValue'), 'asked the host');
  });
});
