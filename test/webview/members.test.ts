/**
 * The npz member list beside the grid (issue 17 item 10), in real headless chromium: dtype and
 * sizes written as the sidebar writes them, collapsed and resized by the user and remembered in
 * the view state, and filtered by the sidebar's filter (the host's 'memberList' event).
 */
import * as assert from 'assert';
import { zipSync } from 'fflate';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { ViewState } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { f8, i4, npyBytes, unicode, writeF8, writeI4, writeU } from '../support/viewer-arrays';

// Page-side code (passed as functions: the page's CSP forbids eval). Node's lib has no DOM types.
declare const document: any;

/** In the page: each member row shown, as [name, shape, dtype, size, compressed]. */
const shownRows = (): string[][] => [...document.querySelectorAll('.members-table tbody tr')]
  .filter((tr: any) => !tr.hidden)
  .map((tr: any) => [...tr.children].map((td: any) => td.textContent));

/** In the page: the member list's width and whether its table shows. */
const listBox = (): { width: number; table: boolean; sash: number[] } => {
  const root = document.querySelector('.members');
  const sash = document.querySelector('.sash').getBoundingClientRect();
  return { width: root.getBoundingClientRect().width, table: !document.querySelector('.members-table').hidden, sash: [sash.left + sash.width / 2, sash.top + sash.height / 2] };
};

/**
 * An archive of: 'names' (300,) <U4, stored: 128 + 300 × 16 = 4928 bytes; 'grid' (20, 10) float64,
 * deflated: 128 + 1600 = 1728 bytes; 'beta' (3,) int32, stored: 140 bytes.
 */
function archive(): Uint8Array {
  return zipSync({
    'names.npy': [npyBytes(unicode(4), [300], writeU(4, (i) => `n${i % 100}`)), { level: 0 }],
    'grid.npy': [npyBytes(f8, [20, 10], writeF8((i) => i / 7)), { level: 6 }],
    'beta.npy': [npyBytes(i4, [3], writeI4((i) => i)), { level: 0 }],
  });
}

describe('npz member list in the viewer (headless chromium)', function () {
  const suite = pageSuite();

  async function open(restore?: ViewState): Promise<Harness> {
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(archive()), 'three.npz'), { fileName: 'three.npz', width: 1000, restore });
    await h.settled();
    return h;
  }

  it('writes dtype and sizes as the sidebar does (NumPy\'s str(dtype), one byte-size format)', async () => {
    const h = await open();
    const rows = await h.page.evaluate(shownRows);
    assert.deepStrictEqual(rows, [
      ['names', '(300,)', '<U4', '4.8 KiB', 'no'],
      ['grid', '(20, 10)', 'float64', '1.7 KiB', rows[1][4]],
      ['beta', '(3,)', 'int32', '140 B', 'no'],
    ]);
    const packed = (await h.session!.fileInfo()).members!.find((m) => m.name === 'grid')!.compressedSize;
    assert.ok(packed < 1024, `${packed}`);
    assert.strictEqual(rows[1][4], `${packed} B`);
  });

  it('collapses and opens from its toggle, and the view state keeps it', async () => {
    let h = await open();
    assert.strictEqual((await h.page.evaluate(listBox)).table, true);
    await h.page.click('.members-toggle');
    let s = await until(async () => { const st = await h.settled(); return st.members?.collapsed ? st : undefined; }, 'collapsed in the state');
    const collapsed = await h.page.evaluate(listBox);
    assert.strictEqual(collapsed.table, false);
    assert.ok(collapsed.width < 40, `a strip: ${collapsed.width} px`);
    assert.strictEqual(await h.page.getAttribute('.members-toggle', 'aria-expanded'), 'false');
    await h.close();
    // A new webview restored from that state starts collapsed; the toggle opens it again.
    h = await open({ view: s.view, scrollRow: 0, scrollCol: 0, members: s.members });
    assert.strictEqual((await h.page.evaluate(listBox)).table, false);
    await h.page.click('.members-toggle');
    s = await until(async () => { const st = await h.settled(); return st.members && !st.members.collapsed ? st : undefined; }, 'open in the state');
    assert.strictEqual((await h.page.evaluate(listBox)).table, true);
  });

  it('resizes by its sash (drag, arrow keys, double-click to fit), within the window', async () => {
    let h = await open();
    const before = await h.page.evaluate(listBox);
    await h.page.mouse.move(before.sash[0], before.sash[1]);
    await h.page.mouse.down();
    await h.page.mouse.move(before.sash[0] + 150, before.sash[1], { steps: 5 });
    await h.page.mouse.up();
    let s = await until(async () => { const st = await h.settled(); return st.members?.width ? st : undefined; }, 'width in the state');
    assert.ok(Math.abs(s.members!.width! - (before.width + 150)) <= 2, `${s.members!.width} vs ${before.width} + 150`);
    assert.ok(Math.abs((await h.page.evaluate(listBox)).width - s.members!.width!) <= 1);
    await h.page.focus('.sash');
    await h.page.keyboard.press('ArrowLeft');
    s = await until(async () => { const st = await h.settled(); return st.members!.width! < before.width + 150 - 10 ? st : undefined; }, 'narrower by a key');
    // Dragged far past the window: the grid keeps 200 px.
    const at = await h.page.evaluate(listBox);
    await h.page.mouse.move(at.sash[0], at.sash[1]);
    await h.page.mouse.down();
    await h.page.mouse.move(at.sash[0] + 2000, at.sash[1], { steps: 5 });
    await h.page.mouse.up();
    s = await until(async () => { const st = await h.settled(); return st.members!.width! > at.width + 100 ? st : undefined; }, 'wide');
    assert.strictEqual(s.members!.width, 1000 - 200);
    const restore = { view: s.view, scrollRow: 0, scrollCol: 0, members: { collapsed: false, width: 300 } };
    await h.close();
    h = await open(restore);
    assert.ok(Math.abs((await h.page.evaluate(listBox)).width - 300) <= 1, 'the restored width');
    await h.page.dblclick('.sash');
    s = await until(async () => { const st = await h.settled(); return st.members && st.members.width === undefined ? st : undefined; }, 'fit to content');
    assert.ok(Math.abs((await h.page.evaluate(listBox)).width - before.width) <= 1);
  });

  it('follows the sidebar\'s filter, and starts with the layout last set in another viewer', async () => {
    const h = await open();
    h.send({ type: 'memberList', filter: 'E', layout: { collapsed: false, width: 260 } });
    await until(async () => (await h.page.evaluate(shownRows)).length === 2, 'filtered');
    assert.deepStrictEqual((await h.page.evaluate(shownRows)).map((r) => r[0]), ['names', 'beta']);
    assert.strictEqual(await h.page.textContent('.members-count'), '2 of 3, filter: E');
    assert.ok(Math.abs((await h.page.evaluate(listBox)).width - 260) <= 1, 'a viewer without a layout of its own takes it');
    h.send({ type: 'memberList', filter: '' });
    await until(async () => (await h.page.evaluate(shownRows)).length === 3, 'unfiltered');
    assert.strictEqual(await h.page.textContent('.members-count'), '');
    // Once this viewer's list was laid out by the user here, the last layout elsewhere does not replace it.
    await h.page.click('.members-toggle');
    await until(async () => !(await h.page.evaluate(listBox)).table, 'collapsed here');
    await h.page.click('.members-toggle');
    await until(async () => (await h.page.evaluate(listBox)).table, 'open here');
    h.send({ type: 'memberList', filter: '', layout: { collapsed: true } });
    await h.settled();
    assert.strictEqual((await h.page.evaluate(listBox)).table, true);
  });
});
