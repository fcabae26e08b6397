/**
 * Export PNG of the heatmap while the linked profiles are shown, in real chromium: the PNG is the
 * heatmap with its colorbar and, to its right, the row profile above the column profile, each
 * plot's own pixels where it draws; with the profiles closed it is the heatmap and colorbar alone.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { SavePngRequest } from '../../src/shared/protocol';
import { decodePng } from '../support/png';
import { Harness, pageSuite, until } from './harness';
import { f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;

/** A canvas's size and its first few fully opaque pixels (x, y, rgba), once it has drawn. */
const opaque = (sel: string): { w: number; h: number; px: [number, number, number[]][] } | undefined => {
  const c = document.querySelector(sel);
  if (!c || !c.dataset.low || c.closest('[hidden]') || c.closest('.loading, .zooming')) return undefined;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const px: [number, number, number[]][] = [];
  for (let i = 0; i < d.length && px.length < 20; i += 4 * 7) {
    if (d[i + 3] === 255) px.push([(i / 4) % c.width, Math.floor(i / 4 / c.width), [d[i], d[i + 1], d[i + 2], 255]]);
  }
  return { w: c.width, h: c.height, px };
};

describe('webview: Export PNG with the linked profiles', function () {
  const suite = pageSuite();

  it('puts the row and column profiles to the right of the heatmap and its colorbar', async () => {
    const [R, C] = [24, 30];
    const bytes = npyBytes(f8, [R, C], writeF8((i) => Math.floor(i / C) * 100 + 10 * Math.sin(i % C)));
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'p.npy'), { fileName: 'p.npy', width: 1400, height: 800 });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    const hm = await until(async () => h.page.evaluate(() => {
      const c = document.querySelector('.heatmap-canvas');
      const r = c?.getBoundingClientRect();
      return c && c.dataset.rows && !c.closest('.loading') ? { w: c.width, h: c.height, x: r.left, y: r.top, cell: Number(c.dataset.cell) } : undefined;
    }), 'the heatmap');
    await h.page.mouse.click(hm.x + 7.5 * hm.cell, hm.y + 5.5 * hm.cell);
    const row = await until(async () => h.page.evaluate(opaque, '.profile-row .profile-canvas'), 'the row profile', 30_000);
    const col = await until(async () => h.page.evaluate(opaque, '.profile-col .profile-canvas'), 'the column profile', 30_000);
    assert.ok(row.px.length > 5 && col.px.length > 5, 'the plots drew opaque pixels (axes, text, lines)');
    const exported = async (n: number) => {
      await h.page.click('.pictures-export');
      const sent = await until(async () => h.log.filter((m): m is SavePngRequest => m.type === 'savePng').at(n), `PNG ${n + 1}`);
      return decodePng(Buffer.from(sent.png, 'base64'));
    };
    // The panel took width from the heatmap: its canvas as it is now.
    const now = await h.page.evaluate(() => { const c = document.querySelector('.heatmap-canvas'); return { w: c.width, h: c.height }; });
    const png = await exported(0);
    const left = now.w + 96;
    assert.deepStrictEqual([png.width, png.height], [left + Math.max(row.w, col.w), Math.max(now.h, row.h + col.h)]);
    for (const [x, y, rgba] of row.px) assert.deepStrictEqual(png.rgba(left + x, y), rgba, `row profile pixel (${x}, ${y})`);
    for (const [x, y, rgba] of col.px) assert.deepStrictEqual(png.rgba(left + x, row.h + y), rgba, `column profile pixel (${x}, ${y})`);
    // Closed: the heatmap and its colorbar alone.
    await h.page.click('.profiles-close');
    await until(async () => h.page.evaluate((w: number) => document.querySelector('.heatmap-canvas').width > w, now.w), 'the heatmap wide again');
    const alone = await exported(1);
    const wide = await h.page.evaluate(() => { const c = document.querySelector('.heatmap-canvas'); return { w: c.width, h: c.height }; });
    assert.deepStrictEqual([alone.width, alone.height], [wide.w + 96, wide.h]);
    assert.deepStrictEqual(h.errors, []);
  });
});
