/**
 * Inert display (issue 12), in real headless chromium: member names, field names, str_/bytes_
 * values and file names holding markup, `javascript:` URLs, bidi and zero-width characters,
 * controls and 100,000-character strings are shown as text, with the controls written as escapes
 * and long text cut; nothing in the page is made from data. And the page's own policy: scripts
 * only by nonce, no inline code, no eval in the bundles.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { zipSync } from 'fflate';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { DType } from '../../src/npy/format/dtype';
import { pageCsp } from '../../src/editor/pagehtml';
import { VISIBLE_MAX } from '../../src/shared/visible';
import { rawNpy } from '../support/corefixtures';
import { i4, npyBytes, unicode, writeI4, writeU } from '../support/viewer-arrays';
import { Harness, page, pageSuite, until } from './harness';

// Page-side code (passed as functions: the page's CSP forbids eval). Node's lib has no DOM types.
declare const document: any;

const LONG = 100_000;
/** Values as a hostile file holds them, and the text the viewer must show for each. */
const HOSTILE: [string, string][] = [
  ['<script>alert(1)</script>', '<script>alert(1)</script>'],
  ['javascript:alert(1)', 'javascript:alert(1)'],
  ['<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a>', '<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a>'],
  ['abc\u202Edef', 'abc\\u202edef'],
  ['\u2066x\u2069\u200Ey\u200F', '\\u2066x\\u2069\\u200ey\\u200f'],
  ['zero\u200Bwidth\u200C\u200D\uFEFF', 'zero\\u200bwidth\\u200c\\u200d\\ufeff'],
  ['bell\x07esc\x1b[31m\x85line\nend', 'bell\\x07esc\\x1b[31m\\x85line\\nend'],
];
/** What no text or tooltip in the page may hold raw (it reorders or hides the text around it). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** In the page: what was made of the data, if anything. */
const audit = (rawControl: string): { foreignScripts: number; active: string[]; handlers: string[]; rawText: string[] } => {
  const re = new RegExp(rawControl);
  const all = [...document.querySelectorAll('*')];
  const active = all.filter((e: any) => /^(A|IMG|IFRAME|OBJECT|EMBED|FORM|BASE|META|LINK|STYLE)$/.test(e.tagName) && !e.closest('head'))
    .map((e: any) => e.outerHTML.slice(0, 80));
  const handlers: string[] = [];
  const rawText: string[] = [];
  for (const e of all) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) handlers.push(`${e.tagName} ${a.name}`);
      if (/^(href|src|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) handlers.push(`${e.tagName} ${a.name}=${a.value}`);
      if (a.name === 'title' && re.test(a.value)) rawText.push(`title of ${e.className}: ${JSON.stringify(a.value.slice(0, 60))}`);
    }
  }
  const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (re.test(n.data)) rawText.push(JSON.stringify(n.data.slice(0, 60)));
  const foreignScripts = [...document.scripts].filter((s: any) => !s.src || !s.nonce).length;
  return { foreignScripts, active, handlers, rawText };
};

/** In the page: texts of the member list's name cells, of the column headers, of the info line, and the document title. */
const shownTexts = (): { members: string[]; memberTitles: string[]; colHeads: string[]; info: string; title: string } => ({
  members: [...document.querySelectorAll('.members-table .member-name')].map((td: any) => td.textContent),
  memberTitles: [...document.querySelectorAll('.members-table .member-name')].map((td: any) => td.title),
  colHeads: [...document.querySelectorAll('.grid-col-heads > *')].map((c: any) => c.textContent).filter((t: string) => t !== ''),
  info: document.querySelector('.info-file')?.textContent ?? '',
  title: document.title,
});

describe('inert display of hostile text (headless chromium)', function () {
  const suite = pageSuite();

  async function assertInert(h: Harness): Promise<void> {
    const found = await h.page.evaluate(audit, RAW_CONTROL.source);
    assert.deepStrictEqual(found, { foreignScripts: 0, active: [], handlers: [], rawText: [] });
    assert.deepStrictEqual(h.errors, [], 'no page errors (no script ran from data)');
  }

  it('shows str_ values as text with controls escaped, and cuts a 100,000-character value (a copy holds all of it)', async () => {
    const values = [...HOSTILE.map(([v]) => v), 'x'.repeat(LONG)];
    const bytes = npyBytes(unicode(LONG), [values.length], writeU(LONG, (i) => values[i]));
    const name = '<b>w</b>\u202Egpj.npy';
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), name), { fileName: name, height: 700 });
    const s = await h.settled(30_000);
    const texts = s.rendered!.texts.map((r) => r[0]);
    assert.deepStrictEqual(texts.slice(0, HOSTILE.length), HOSTILE.map(([, shown]) => shown));
    const cut = texts[HOSTILE.length];
    assert.strictEqual(cut, `${'x'.repeat(VISIBLE_MAX)}…`, 'the long value is cut in the cell');
    const drawn = (await h.domCells()).cells.map((c) => c.text);
    assert.ok(drawn.some((t) => t.startsWith('abc\\u202edef')), `drawn: ${JSON.stringify(drawn.slice(0, 8))}`);
    assert.ok(drawn.every((t) => t.length <= VISIBLE_MAX + 1), 'no cell draws more than the cut text');
    const shown = await h.page.evaluate(shownTexts);
    assert.strictEqual(shown.info, '<b>w</b>\\u202egpj.npy', 'the file name in the info line: text, control escaped');
    assert.strictEqual(shown.title, name, 'the page title is the file name as text (no markup parsed)');
    await assertInert(h);
    // The full value on demand: Copy puts all 100,000 characters on the clipboard.
    const cells = (await h.domCells()).cells;
    // Row elements are in row order from the top: the long value is the last row.
    const longCell = cells.find((c) => c.row === HOSTILE.length && c.index === 0)!;
    assert.ok(longCell && longCell.text.startsWith('xxxx') && longCell.text.endsWith('…'), `the long cell drawn: ${longCell?.text.slice(0, 40)}`);
    await h.page.mouse.click(longCell.x + 5, longCell.y + longCell.h / 2);
    await h.page.keyboard.press('Control+c');
    const copy = await until(async () => (h.copies[0]?.response?.text ? h.copies[0] : undefined), 'the copy reply', 30_000);
    assert.strictEqual(copy.response!.text, 'x'.repeat(LONG));
  });

  it('shows bytes_ values as NumPy writes them (escapes), never as markup', async () => {
    const raw = ['<script>alert(1)</script>', 'javascript:alert(1)', '\x1b[2J\x00\x7f'];
    const S40: DType = { kind: 'S', itemsize: 40, order: '|' };
    const bytes = npyBytes(S40, [raw.length], (dv, at, i) => { for (let k = 0; k < raw[i].length; k++) dv.setUint8(at + k, raw[i].charCodeAt(k)); });
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 's.npy'));
    const s = await h.settled();
    assert.deepStrictEqual(s.rendered!.texts.map((r) => r[0]), ["b'<script>alert(1)</script>'", "b'javascript:alert(1)'", "b'\\x1b[2J\\x00\\x7f'"]);
    await assertInert(h);
  });

  it('shows field names of a structured dtype as text in the headers, a 100,000-character one cut', async () => {
    const names = [...HOSTILE.slice(0, 6).map(([v]) => v), 'F'.repeat(LONG)];
    // Python literal of each name: single-quoted, the quote and backslash escaped (none here but the long one's plain letters).
    const descr = names.map((n) => `('${n}', '<i4')`).join(', ');
    const header = `{'descr': [${descr}], 'fortran_order': False, 'shape': (2,), }`;
    const data = new Uint8Array(2 * names.length * 4);
    new DataView(data.buffer).setInt32(0, 42, true);
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(rawNpy(header, data, 3)), 'fields.npy'), { width: 1600 });
    const s = await h.settled(30_000);
    assert.strictEqual(s.error, undefined);
    const heads = (await h.page.evaluate(shownTexts)).colHeads;
    const expected = [...HOSTILE.slice(0, 6).map(([, shown]) => shown), `${'F'.repeat(VISIBLE_MAX)}…`];
    // Each header is the field's name as shown (a header may be cut to its column by the grid, with '…').
    assert.ok(heads.length >= 3, `headers: ${JSON.stringify(heads)}`);
    heads.forEach((t, i) => {
      const want = expected[i];
      assert.ok(t === want || (t.endsWith('…') && want.startsWith(t.slice(0, -1))), `header ${i}: ${JSON.stringify(t.slice(0, 80))} for ${JSON.stringify(want.slice(0, 80))}`);
    });
    await assertInert(h);
  });

  it('shows npz member names as text in the member list, controls escaped, a long one cut', async () => {
    const small = npyBytes(i4, [2], writeI4((i) => i));
    const names = [...HOSTILE.slice(0, 6).map(([v]) => v), 'n'.repeat(60_000)];
    const files: Record<string, [Uint8Array, { level: 0 }]> = {};
    for (const n of names) files[`${n}.npy`] = [small, { level: 0 }];
    const npz = zipSync(files);
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npz), 'm.npz'), { fileName: 'm.npz', width: 1400 });
    await h.settled(30_000);
    const shown = await until(async () => {
      const t = await h.page.evaluate(shownTexts);
      return t.members.length === names.length && t;
    }, 'the member list');
    assert.deepStrictEqual(shown.members, [...HOSTILE.slice(0, 6).map(([, v]) => v), `${'n'.repeat(VISIBLE_MAX)}…`]);
    assert.strictEqual(shown.memberTitles[3], 'abc\\u202edef.npy', 'the tooltip names the zip entry, controls escaped');
    assert.ok(shown.memberTitles[6].length < 6000, 'a long name\'s tooltip is cut too');
    await assertInert(h);
  });

  it('the page allows scripts only by nonce: no inline code, no eval, no handlers; the bundles use no eval', async () => {
    const html = page('bm9uY2U=', '</title><script>alert(1)</script>');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
    assert.strictEqual(csp, pageCsp('bm9uY2U=', 'http://webview.test'));
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(directives.get('script-src'), ["'nonce-bm9uY2U='"], 'scripts: the nonce only');
    for (const v of directives.values()) assert.ok(!v.some((x) => /unsafe-inline|unsafe-eval|\*/.test(x)), csp);
    // Every script element carries the nonce and a src (nothing inline); no inline handlers; the title stays text.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.strictEqual(scripts.length, 1, html);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, /\bnonce="bm9uY2U="/);
      assert.match(attrs, /\bsrc="/);
      assert.strictEqual(body.trim(), '');
    }
    assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handler attributes');
    assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
    // The bundles the webviews load: no eval, no new Function (the CSP would refuse them anyway).
    const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
    for (const bundle of ['webview.js', 'compare.js']) {
      const code = fs.readFileSync(path.join(dist, bundle), 'utf8');
      assert.ok(code.length > 1000, `${bundle} is built`);
      assert.ok(!/\beval\s*\(|new\s+Function\s*\(/.test(code), `${bundle} uses eval or new Function`);
    }
    // And in the browser the page runs under it: an inline script would be refused, the bundle ran.
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(i4, [2], writeI4((i) => i))), 'c.npy'));
    await h.settled();
    const policy = await h.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
    assert.match(policy ?? '', /script-src 'nonce-[^']+'$/);
    await assertInert(h);
  });
});
