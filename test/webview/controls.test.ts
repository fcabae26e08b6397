/**
 * The controls around the grid (issue 17 items 7-9), in real headless chromium: visible in both
 * high-contrast themes, shown only where they apply, and laid out for an editor 700-900 px wide
 * (VS Code's default window with the Chat panel open).
 */
import * as assert from 'assert';
import { zipSync } from 'fflate';
import * as path from 'path';
import { BufferSource } from '../../src/npy/io/filesource';
import { openFile, openSource } from '../../src/npy/format/open';
import { Harness, pageSuite, until } from './harness';
import { f8, i4, npyBytes, unicode, writeF8, writeI4, writeU } from '../support/viewer-arrays';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

// Page-side code (passed as functions: the page's CSP forbids eval). Node's lib has no DOM types.
declare const document: any;
declare const window: any;
declare function getComputedStyle(e: unknown): any;

/**
 * The theme variables VS Code 1.10x sets for its two high-contrast themes (the ones the webview
 * uses; a variable VS Code leaves undefined in a theme is absent here too), and the body classes.
 */
const HIGH_CONTRAST: [string, string, Record<string, string>][] = [
  ['Dark High Contrast', 'vscode-high-contrast', {
    '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-editorWidget-background': '#0c141f',
    '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518', '--vscode-focusBorder': '#f38518',
    '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
    '--vscode-button-secondaryForeground': '#ffffff', '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff',
    '--vscode-input-border': '#6fc3df', '--vscode-list-focusOutline': '#f38518', '--vscode-list-hoverBackground': 'rgba(255, 255, 255, 0.1)',
    '--vscode-panel-border': '#6fc3df', '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)', '--vscode-editor-selectionBackground': '#f3f518',
    '--vscode-progressBar-background': '#6fc3df', '--vscode-editorLineNumber-foreground': '#ffffff',
  }],
  ['Light High Contrast', 'vscode-high-contrast vscode-high-contrast-light', {
    '--vscode-foreground': '#292929', '--vscode-editor-background': '#ffffff', '--vscode-editorWidget-background': '#ffffff',
    '--vscode-contrastBorder': '#0f4a85', '--vscode-contrastActiveBorder': '#006bbd', '--vscode-focusBorder': '#006bbd',
    '--vscode-button-background': '#0f4a85', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#0f4a85',
    '--vscode-button-secondaryBackground': '#ffffff', '--vscode-button-secondaryForeground': '#292929',
    '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#292929', '--vscode-input-border': '#0f4a85',
    '--vscode-list-focusOutline': '#006bbd', '--vscode-list-activeSelectionBackground': 'rgba(15, 74, 133, 0.1)',
    '--vscode-list-hoverBackground': 'rgba(15, 74, 133, 0.1)', '--vscode-panel-border': '#0f4a85',
    '--vscode-descriptionForeground': 'rgba(41, 41, 41, 0.7)', '--vscode-editor-selectionBackground': '#0f4a85',
    '--vscode-progressBar-background': '#0f4a85', '--vscode-editorLineNumber-foreground': '#292929',
  }],
];

/**
 * In the page: switches to a theme (body classes and variables; every variable the harness's dark
 * theme set is dropped first), then reports for every control what marks it out against the
 * page's background: a visible border, outline or background, and the slider's accent colour.
 * A mark is '<what>:<colour>'; colours equal to the background or fully transparent are no marks.
 */
interface Marks { page: string; controls: { what: string; marks: string[] }[]; rows: { what: string; marks: string[] }[] }
const controlMarks = async ([cls, vars]: [string, Record<string, string>]): Promise<Marks> => {
  document.body.className = cls;
  const root = document.documentElement;
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules ?? []) {
      if (rule.selectorText === ':root') for (const name of [...rule.style]) root.style.setProperty(name, 'initial');
    }
  }
  for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
  for (const name of [...root.style]) if (root.style.getPropertyValue(name) === 'initial') root.style.removeProperty(name);
  await new Promise((r) => setTimeout(r, 50));
  const page = getComputedStyle(document.body).backgroundColor;
  const visible = (c: string): boolean => !!c && c !== page && !/rgba\(.*, 0\)$/.test(c) && c !== 'transparent';
  const marksOf = (e: any): string[] => {
    const s = getComputedStyle(e);
    const out: string[] = [];
    for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
      if (s[`border${side}Style`] !== 'none' && parseFloat(s[`border${side}Width`]) >= 1 && visible(s[`border${side}Color`])) out.push(`border${side}:${s[`border${side}Color`]}`);
    }
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && visible(s.outlineColor)) out.push(`outline:${s.outlineColor}`);
    if (visible(s.backgroundColor)) out.push(`background:${s.backgroundColor}`);
    if (e.type === 'range' && visible(s.accentColor)) out.push(`accent:${s.accentColor}`);
    return out;
  };
  const shown = (sel: string): { what: string; marks: string[] }[] => [...document.querySelectorAll(sel)]
    .filter((e: any) => e.getClientRects().length > 0)
    .map((e: any) => ({ what: e.className || e.tagName, marks: marksOf(e) }));
  return { page, controls: shown('button, input, select'), rows: shown('tr.member') };
};

describe('controls: themes, what applies, layout (headless chromium)', function () {
  const suite = pageSuite();
  let h: Harness | undefined;

  it('marks the active Notation button, and outlines every control, in both high-contrast themes', async () => {
    // An archive: the member list is a control too (its current row must show).
    const data = zipSync({ 'a.npy': npyBytes(f8, [30, 6], writeF8((i) => i / 3)), 'b.npy': npyBytes(f8, [2, 8, 6], writeF8((i) => i)) }, { level: 0 });
    h = await Harness.open(suite.browser, await openSource(new BufferSource(data), 'two.npz'), { fileName: 'two.npz' });
    await h.settled();
    await h.page.click('.member[data-member="b"]');
    await until(async () => (await h!.settled()).view?.member === 'b', 'member b (with a slider)');
    for (const [name, cls, vars] of HIGH_CONTRAST) {
      const seen: Marks = await h.page.evaluate(controlMarks, [cls, vars] as [string, Record<string, string>]);
      // The Notation buttons, and the Grid | Heatmap | Image | Line | Histogram switcher (webview/pictures/): the active one stands out.
      for (const [what, count, buttons] of [['Notation', 3, seen.controls.filter((c) => /\bseg\b/.test(c.what) && !/\bpicture-seg\b/.test(c.what))],
        ['view switcher', 5, seen.controls.filter((c) => /\bpicture-seg\b/.test(c.what))]] as const) {
        assert.strictEqual(buttons.length, count, `${name}: ${count} ${what} buttons`);
        const active = buttons.find((c) => /\bactive\b/.test(c.what))!;
        const others = buttons.filter((c) => c !== active);
        const own = active.marks.filter((m) => others.every((o) => !o.marks.includes(m)));
        assert.ok(own.length > 0, `${name}: the active ${what} button looks like the others: ${JSON.stringify(buttons)}`);
      }
      for (const c of seen.controls) assert.ok(c.marks.length > 0, `${name}: ${c.what} has no visible border, outline or background: ${JSON.stringify(c)}`);
      assert.ok(seen.controls.length >= 10, `${name}: ${seen.controls.length} controls checked`);
      const members = seen.rows;
      assert.strictEqual(members.length, 2);
      const current = members.find((c) => /\bcurrent\b/.test(c.what))!;
      const rest = members.filter((c) => c !== current);
      assert.ok(current.marks.some((m) => rest.every((o) => !o.marks.includes(m))), `${name}: the current member looks like the others: ${JSON.stringify(members)}`);
    }
  });

  it('shows Notation and Precision only for float and complex data', async () => {
    const notation = async (): Promise<boolean> => h!.page.isVisible('.toolbar .segmented');
    const precision = async (): Promise<boolean> => h!.page.isVisible('.toolbar .precision');
    h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(i4, [5, 5], writeI4((i) => i))), 'i.npy'), { fileName: 'i.npy' });
    await h.settled();
    assert.deepStrictEqual([await notation(), await precision()], [false, false], 'int32');
    await h.close();
    h = await Harness.open(suite.browser, await openFile(path.join(CORPUS, 'c16_2d.npy')), { fileName: 'c16_2d.npy' });
    await h.settled();
    assert.deepStrictEqual([await notation(), await precision()], [true, true], 'complex128');
    await h.close();
    // An archive of float64, >i4 and structured (with a float field) members: the controls follow the member.
    h = await Harness.open(suite.browser, await openFile(path.join(CORPUS, 'npz_compressed.npz')), { fileName: 'npz_compressed.npz' });
    await h.settled();
    assert.deepStrictEqual([await notation(), await precision()], [true, true], 'member a: float64');
    await h.page.click('.member[data-member="b"]');
    await until(async () => (await h!.settled()).view?.member === 'b', 'member b');
    assert.deepStrictEqual([await notation(), await precision()], [false, false], 'member b: >i4');
    await h.page.click('.member[data-member="st"]');
    await until(async () => (await h!.settled()).view?.member === 'st', 'member st');
    assert.deepStrictEqual([await notation(), await precision()], [true, true], "member st: fields ('a', '<i4'), ('b', '<f8'), ('c', 'S3')");
  });

  it('left-aligns strings (cells and headers), right-aligns numbers', async () => {
    h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(unicode(12), [4, 3], writeU(12, (i) => ['a', 'bb', 'a longer one', 'x'][i % 4]))), 'u.npy'), { fileName: 'u.npy' });
    await h.settled();
    const lefts = await h.page.evaluate(() => {
      const heads = [...document.querySelectorAll('.grid .col-head')].map((e: any) => {
        const r = document.createRange();
        r.selectNodeContents(e);
        return { x: e.getBoundingClientRect().left, textLeft: r.getBoundingClientRect().left };
      });
      return window.__npyCells().map((c: any) => {
        const head = heads.find((e) => Math.abs(e.x - c.x) < 0.5);
        return [c.text, c.textLeft - c.x, head ? head.textLeft - head.x : NaN];
      });
    }) as [string, number, number][];
    assert.strictEqual(lefts.length, 12);
    const pad = lefts[0][1];
    assert.ok(pad > 0 && pad < 12, `padding ${pad}`);
    for (const [text, left, headLeft] of lefts) {
      assert.ok(Math.abs(left - pad) < 1, `"${text}" starts ${left} px into its cell, the first one ${pad}`);
      assert.ok(Math.abs(headLeft - pad) < 1, `its header starts ${headLeft} px in`);
    }
  });

  it('reads an axis slider as "index 0 of 0–7"', async () => {
    h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(i4, [8, 4, 5], writeI4((i) => i))), 'cube.npy'), { fileName: 'cube.npy' });
    await h.settled();
    const row = '.nd-slider[data-axis="0"]';
    const read = async (): Promise<[string, string | null, string]> => [
      (await h!.page.innerText(row)).replace(/\s+/g, ' ').trim(),
      await h!.page.getAttribute(`${row} .nd-range`, 'aria-valuetext'),
      await h!.page.inputValue(`${row} .nd-number`),
    ];
    let [text, valueText, value] = await read();
    assert.doesNotMatch(text, /\/ 8/);
    assert.match(text, /index\s*of 0–7/);
    assert.strictEqual(value, '0');
    assert.strictEqual(valueText, 'index 0 of 0–7');
    await h.page.fill(`${row} .nd-number`, '3');
    await h.page.press(`${row} .nd-number`, 'Enter');
    await until(async () => (await h!.settled()).view?.index === '3, :, :', 'slider moved');
    [text, valueText, value] = await read();
    assert.strictEqual(valueText, 'index 3 of 0–7');
  });

  for (const width of [700, 800, 900]) {
    it(`keeps the toolbar on one line at ${width} px, the rest in a "…" menu that works`, async () => {
      h = await Harness.open(suite.browser, await openFile(path.join(CORPUS, 'f4_3d.npy')), { fileName: 'f4_3d.npy', width, height: 500 });
      await h.settled();
      const lines = async (): Promise<number> => h!.page.evaluate(() => {
        const tops = new Set<number>();
        for (const e of document.querySelector('.toolbar').children) {
          const r = e.getBoundingClientRect();
          if (r.width > 0 && r.height > 0) tops.add(Math.round(r.top + r.height / 2));
        }
        return tops.size;
      });
      assert.strictEqual(await lines(), 1, 'one line of controls');
      const bar = await h.page.evaluate(() => {
        const t = document.querySelector('.toolbar');
        return { h: t.getBoundingClientRect().height, scroll: t.scrollWidth, client: t.clientWidth };
      });
      assert.ok(bar.h < 40 && bar.scroll <= bar.client + 1, `toolbar ${JSON.stringify(bar)}`);
      // Whatever did not fit is in the menu, and works from there.
      const visibleSaveAs = await h.page.isVisible('.action-saveAs');
      if (!visibleSaveAs) {
        await h.page.click('.toolbar-more');
        await until(async () => h!.page.isVisible('.action-saveAs'), 'Save As… in the menu');
        assert.strictEqual(await h.page.getAttribute('.toolbar-more', 'aria-expanded'), 'true');
      }
      await h.page.click('.action-saveAs');
      await until(async () => h!.log.some((m) => m.type === 'runCommand' && m.command === 'saveAs'), 'Save As run');
      if (!visibleSaveAs) {
        await until(async () => !(await h!.page.isVisible('.toolbar-menu')), 'the menu closes after a choice');
        assert.strictEqual(await lines(), 1, 'still one line');
      }
      if (width === 700) assert.ok(!visibleSaveAs, 'at 700 px something must overflow (else this test tests nothing)');
    });
  }

  it('ellipsizes the info line with the full text in its tooltip, and keeps a long inflate from pushing the fields out', async () => {
    const name = 'a_member_with_a_rather_long_descriptive_name_from_an_experiment';
    const data = zipSync({ [`${name}.npy`]: npyBytes(f8, [1000, 8], writeF8((i) => i)) }, { level: 0 });
    h = await Harness.open(suite.browser, await openSource(new BufferSource(data), 'experiment_results_2026_12_07.npz'), { fileName: 'experiment_results_2026_12_07.npz', width: 760 });
    await h.settled();
    const info = async (): Promise<{ h: number; items: number[]; shape: number[]; progress: number[] | null; title: string | null; clipped: boolean }> => h!.page.evaluate(() => {
      const box = (e: any): number[] => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
      const items = document.querySelector('.info-items');
      const progress = document.querySelector('.infobar .progress');
      return {
        h: document.querySelector('.infobar').getBoundingClientRect().height,
        items: box(items),
        shape: box(document.querySelector('.info-shape')),
        progress: progress && progress.getClientRects().length ? box(progress) : null,
        title: items.getAttribute('title') ?? document.querySelector('.infobar').getAttribute('title'),
        clipped: items.scrollWidth > items.clientWidth,
      };
    });
    let s = await info();
    assert.ok(s.h < 30, `one line: ${s.h} px`);
    assert.ok(s.title?.includes(name) && s.title.includes('(1000, 8)') && s.title.includes('float64'), `tooltip: ${s.title}`);
    h.send({ type: 'progress', member: name, done: 123_456_789, total: 987_654_321 });
    await until(async () => h!.page.isVisible('.infobar .progress'), 'progress shown');
    s = await info();
    assert.ok(s.h < 30, `still one line with the progress: ${s.h} px`);
    assert.ok(s.progress![1] - s.progress![0] <= 760 * 0.35, `the progress takes at most about a third: ${JSON.stringify(s.progress)}`);
    assert.ok(s.items[1] - s.items[0] >= 760 * 0.5, `the fields keep at least half: ${JSON.stringify(s.items)}`);
    assert.ok(s.progress![0] >= s.items[1] - 0.5, 'the progress sits after the fields, not over them');
    const progressTitle = await h.page.getAttribute('.infobar .progress', 'title');
    assert.ok(progressTitle?.includes(name), `the progress's full text in its tooltip: ${progressTitle}`);
  });
});
