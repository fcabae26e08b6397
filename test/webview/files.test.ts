/** The webview with a .safetensors file (headless chromium): 'Tensors', the stored dtype, the metadata as text. */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openAnySource } from '../../src/npy/format/open';
import { Harness, pageSuite, until } from './harness';
import { stFile } from '../support/stfixtures';

describe('webview: safetensors files', function () {
  const suite = pageSuite();
  let h: Harness | undefined;

  it('lists tensors with their stored dtype and shows __metadata__ as text, never as markup', async () => {
    const bits = new Uint16Array([0x3f80, 0xc020, 0x3eab]); // 1, -2.5, 0.333984375 as bfloat16
    const bytes = stFile({
      __metadata__: { format: 'pt', '<b>note</b>': '<img src=x onerror=alert(1)>' },
      'layers.0.w': { dtype: 'BF16', shape: [3], data_offsets: [0, 6] },
    }, new Uint8Array(bits.buffer));
    const opened = await openAnySource(new BufferSource(bytes, 'm.safetensors'), 'm.safetensors');
    h = await Harness.open(suite.browser, opened, { fileName: 'm.safetensors' });
    const s = await h.settled();
    assert.strictEqual(s.view?.member, 'layers.0.w');
    assert.deepStrictEqual(s.rendered!.texts.map((r) => r[0]), ['1.0', '-2.5', '0.333984']);
    assert.strictEqual(await h.page.textContent('.members-title'), 'Tensors');
    assert.match((await h.page.textContent('.member[data-member="layers.0.w"]'))!, /\(3,\)BF16 → float32/);
    await h.page.click('.members-metadata summary');
    const terms = await h.page.$$eval('.metadata-list dt', (els) => els.map((e) => e.textContent));
    const values = await h.page.$$eval('.metadata-list dd', (els) => els.map((e) => e.textContent));
    assert.deepStrictEqual(terms, ['format', '<b>note</b>']);
    assert.deepStrictEqual(values, ['pt', '<img src=x onerror=alert(1)>']);
    await until(async () => (await h!.page.$$('.metadata-list img')).length === 0, 'no element made from the metadata');
    assert.match((await h.page.textContent('.infobar'))!, /bfloat16, shown as float32/);
  });
});
