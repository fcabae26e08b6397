/** The toolbar's Export… and Save As… on a file that failed to open (headless chromium). */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import { Harness, pageSuite, until } from './harness';
import { i4, npyBytes, writeI4 } from '../support/viewer-arrays';

describe('webview: Export and Save As buttons', function () {
  const suite = pageSuite();
  let h: Harness | undefined;

  async function buttons(): Promise<{ disabled: boolean; title: string }[]> {
    return h!.page.$$eval('.action-export, .action-saveAs', (els) =>
      els.map((e: any) => ({ disabled: e.disabled as boolean, title: e.title as string })));
  }

  it('are disabled with the reason in their tooltip while the file cannot be shown, and work again after a reload', async () => {
    h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(i4, [3, 2], writeI4((i) => i))), 'data.npy'), { fileName: 'data.npy' });
    await h.settled();
    let b = await buttons();
    assert.strictEqual(b.length, 2);
    assert.ok(b.every((x) => !x.disabled), JSON.stringify(b));
    assert.match(b[0].title, /Export the current view/);

    h.send({ type: 'error', message: 'the file was truncated', fileName: 'data.npy' });
    await until(async () => (await h!.state()).error, 'error event');
    b = await buttons();
    assert.ok(b.every((x) => x.disabled), JSON.stringify(b));
    for (const x of b) assert.match(x.title, /^Unavailable: Could not open data\.npy: the file was truncated$/);
    // A click on a disabled button sends nothing to the host.
    const before = h.log.filter((m) => m.type === 'runCommand').length;
    await h.page.click('.action-export', { force: true }).catch(() => undefined);
    assert.strictEqual(h.log.filter((m) => m.type === 'runCommand').length, before);

    await h.reload(await openSource(new BufferSource(npyBytes(i4, [2, 2], writeI4((i) => i))), 'data.npy'));
    await until(async () => (await buttons()).every((x) => !x.disabled), 'buttons enabled after the reload');
    assert.match((await buttons())[1].title, /Save the current member/);
  });
});
