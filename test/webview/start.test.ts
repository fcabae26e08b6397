/**
 * Start-up of the webview page in headless chromium: what it can do before the host has answered.
 */
import * as assert from 'assert';
import type { Browser } from 'playwright-core';
import { BufferSource } from '../../src/npy/filesource';
import { openSource } from '../../src/npy/open';
import { Harness, launchBrowser, until } from './harness';
import { i4, npyBytes, writeI4 } from '../unit/viewer-arrays';

// Page-side code is typed loosely (Node's lib has no DOM).
declare const document: any;
declare const window: any;

describe('webview start-up (headless chromium)', function () {
  let browser: Browser;
  let h: Harness | undefined;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    if (h) assert.deepStrictEqual(h.errors, [], 'no page errors');
    await h?.close();
    h = undefined;
  });

  const open = async (opts: Parameters<typeof Harness.open>[2]): Promise<Harness> =>
    Harness.open(browser, await openSource(new BufferSource(npyBytes(i4, [100, 10], writeI4((i) => i))), 'test.npy'), { fileName: 'test.npy', ...opts });
  const toolbarText = (): string => document.querySelector('.toolbar')?.textContent ?? '';

  it('builds its controls from the strings in the page while the first screen is still coming', async () => {
    // A translation with markup in it: it must reach the page as text.
    const notation = '记数法 <img src=x onerror="window.__pwned=1">';
    h = await open({ holdReady: true, stringsInHtml: { notation }, strings: { notation } });
    await until(async () => h!.log.some((m) => m.type === 'ready'), 'the ready request');
    // The reply is held, yet the toolbar is there, in the page's language.
    const text = await until(async () => (await h!.page.evaluate(toolbarText)) || undefined, 'the toolbar before the reply');
    assert.ok(text.includes(notation), text);
    assert.strictEqual(await h.page.evaluate(() => window.__pwned), undefined);
    assert.strictEqual(await h.page.locator('.grid .grid-row').count(), 0, 'no data before the reply');
    h.releaseReady();
    const s = await until(async () => { const st = await h!.state(); return st.paintedAt !== undefined && st; }, 'painted after the reply');
    assert.strictEqual(s.rendered!.texts[2][3], '23');
    assert.ok(s.marks!.built! <= s.marks!.reply!, `controls built (${s.marks!.built}) before the reply (${s.marks!.reply})`);
  });

  it('without strings in the page, builds its controls from the ready reply', async () => {
    h = await open({ holdReady: true, strings: { notation: 'NOTATION-FROM-REPLY' } });
    await until(async () => h!.log.some((m) => m.type === 'ready'), 'the ready request');
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(await h.page.evaluate(toolbarText), '', 'nothing is built before the reply');
    h.releaseReady();
    await until(async () => { const st = await h!.state(); return st.paintedAt !== undefined && st; }, 'painted after the reply');
    assert.ok((await h.page.evaluate(toolbarText)).includes('NOTATION-FROM-REPLY'));
  });
});
