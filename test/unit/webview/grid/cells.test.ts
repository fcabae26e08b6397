/** The grid's cell model (webview/grid/cells.ts), in Node: pages looked up, texts and states read, headers. */
import * as assert from 'assert';
import { parseIndexExpr, type AxisSel } from '../../../../src/shared/indexing/indexexpr';
import type { PageData } from '../../../../src/shared/protocol';
import {
  colHeadLabel, focusedValue, lookPages, readCells, rowHeadTexts, shownText, State, Tone, type GridModel, type PageSource,
} from '../../../../webview/grid/cells';
import type { PageKey } from '../../../../webview/pages';

/** The per-axis selections of an index expression, as ViewInfo.axisSels holds them. */
const sels = (text: string): AxisSel[] => parseIndexExpr(text);

/** A page of a rows × cols grid whose value at (r, c, field f) is `r.c.f`; NaN at (1, 1). */
function page(row0: number, rows: number, col0: number, cols: number, fieldCount = 1): PageData {
  const values: string[] = [];
  const flags: number[] = [];
  for (let r = row0; r < row0 + rows; r++) {
    for (let c = col0; c < col0 + cols; c++) {
      for (let f = 0; f < fieldCount; f++) {
        values.push(r === 1 && c === 1 ? 'nan' : `${r}.${c}.${f}`);
        flags.push(r === 1 && c === 1 ? 1 : 0);
      }
    }
  }
  return { row0, rows, col0, cols, fieldCount, values, flags };
}

/** Pages of 4 × 2 by "vk#pr,pc"; `fresh` and `failed` name pages by the same key. */
function source(pages: Record<string, PageData>, fresh: string[], failed: string[] = []): PageSource {
  const k = (vk: string, p: PageKey): string => `${vk}#${p.pr},${p.pc}`;
  return {
    pageRows: 4,
    pageCols: 2,
    lookup: (vk, p) => pages[k(vk, p)],
    isFresh: (vk, p) => fresh.includes(k(vk, p)),
    hasFailed: (vk, p) => failed.includes(k(vk, p)),
  };
}

const model = (over: Partial<GridModel> = {}): GridModel => ({
  view: { index: '...', rowAxis: 0, colAxis: 1 }, rows: 8, cols: 4, fields: [], hasRowAxis: true, hasColAxis: true,
  indexing: { shape: [8, 4], sels: sels(':, :'), rowSrc: 0, colSrc: 1, row: { start: 0, step: 1 }, col: { start: 0, step: 1 }, rows: 8, cols: 4 },
  leftAligned: false,
  ...over,
});

describe('grid cells', () => {
  it('reads every visible cell from its page, with its state', () => {
    const src = source({ 'v#0,0': page(0, 4, 0, 2), 'v#0,1': page(0, 4, 2, 2) }, ['v#0,0', 'v#0,1']);
    const visible = [{ pr: 0, pc: 0 }, { pr: 0, pc: 1 }];
    const g = lookPages(src, 'v', undefined, visible, 1, 1);
    const c = readCells(g, 4, 2, 1, 2, [1, 2], [0, 0]);
    assert.deepStrictEqual(c.rows, [1, 2]);
    assert.deepStrictEqual(c.texts, [['nan', '1.2.0'], ['2.1.0', '2.2.0']]);
    assert.deepStrictEqual(c.states, [[State.Special, State.Value], [State.Value, State.Value]]);
    assert.strictEqual(c.complete, true);
    assert.strictEqual(c.loading, false);
    assert.strictEqual(c.longest, 5);
  });

  it('asks the shader the tone of every value shown (visible position, text, flag), and of no pending cell', () => {
    const src = source({ 'v#0,0': page(0, 4, 0, 2) }, ['v#0,0']);
    const g = lookPages(src, 'v', undefined, [{ pr: 0, pc: 0 }, { pr: 0, pc: 1 }], 1, 1);
    const asked: [number, number, string, number][] = [];
    const c = readCells(g, 4, 2, 1, 2, [1, 2], [0, 0], (a, b, text, flag) => {
      asked.push([a, b, text, flag]);
      return text === 'nan' ? Tone.Dark : Tone.Light;
    });
    assert.deepStrictEqual(asked.map(([a, b, text]) => [a, b, text]), [[0, 0, 'nan'], [1, 0, '2.1.0']]);
    assert.notStrictEqual(asked[0][3], asked[1][3], 'the NaN cell\'s flag is passed');
    assert.deepStrictEqual(c.tones, [[Tone.Dark, Tone.None], [Tone.Light, Tone.None]]);
    assert.deepStrictEqual(readCells(g, 4, 2, 1, 2, [1, 2], [0, 0]).tones, [[Tone.None, Tone.None], [Tone.None, Tone.None]], 'no shader: no tones');
  });

  it('marks cells of missing pages pending, of failed pages failed, of stale pages loading', () => {
    const src = source({ 'v#0,0': page(0, 4, 0, 2) }, [], ['v#1,0']);
    const g = lookPages(src, 'v', undefined, [{ pr: 0, pc: 0 }, { pr: 1, pc: 0 }, { pr: 0, pc: 1 }], 3, 0);
    const c = readCells(g, 4, 2, 3, 2, [1, 2], [0, 0]);
    assert.deepStrictEqual(c.texts, [['3.1.0', ''], ['', '']]);
    assert.deepStrictEqual(c.states, [[State.Value, State.Pending], [State.Failed, State.Pending]]);
    assert.strictEqual(c.complete, false);
    assert.strictEqual(c.loading, true, 'a stale page and a missing one are loading');
  });

  it("shows the previous slice's page (stale) until the view's own arrives", () => {
    const src = source({ 'old#0,0': page(0, 4, 0, 2) }, ['old#0,0']);
    const g = lookPages(src, 'new', 'old', [{ pr: 0, pc: 0 }], 0, 0);
    assert.strictEqual(g.pages[0][0].fresh, false);
    const c = readCells(g, 4, 2, 0, 1, [0], [0]);
    assert.deepStrictEqual(c.texts, [['0.0.0']]);
    assert.strictEqual(c.loading, true);
    assert.strictEqual(c.complete, false);
  });

  it('reads the sub-columns of a structured dtype', () => {
    const src = source({ 'v#0,0': page(0, 4, 0, 2, 3) }, ['v#0,0']);
    const g = lookPages(src, 'v', undefined, [{ pr: 0, pc: 0 }], 0, 0);
    const c = readCells(g, 4, 2, 2, 1, [0, 0, 1], [1, 2, 0]);
    assert.deepStrictEqual(c.texts, [['2.0.1', '2.0.2', '2.1.0']]);
    assert.strictEqual(focusedValue(model({ fields: ['a', 'b', 'c'] }), c, { row: 2, col: 0 }, 2, 1), undefined, 'field a is not shown');
    const all = readCells(g, 4, 2, 2, 1, [0, 0, 0], [0, 1, 2]);
    assert.strictEqual(focusedValue(model({ fields: ['a', 'b', 'c'] }), all, { row: 2, col: 0 }, 2, 0), 'a: 2.0.0, b: 2.0.1, c: 2.0.2');
  });

  it('says what a cell shows while pending or failed', () => {
    assert.strictEqual(shownText(State.Value, '1.5', '·'), '1.5');
    assert.strictEqual(shownText(State.Special, 'nan', '·'), 'nan');
    assert.strictEqual(shownText(State.Pending, '', '·'), '·');
    assert.strictEqual(shownText(State.Failed, '', '·'), '?');
  });

  it('writes the row headers in three runs: before, in and after the selection', () => {
    assert.deepStrictEqual(rowHeadTexts(10, 5, undefined, String), ['10\n11\n12\n13\n14', '', '']);
    assert.deepStrictEqual(rowHeadTexts(10, 5, { row0: 11, row1: 12 }, String), ['10\n', '11\n12\n', '13\n14']);
    assert.deepStrictEqual(rowHeadTexts(10, 3, { row0: 0, row1: 99 }, String), ['', '10\n11\n12', '']);
    assert.deepStrictEqual(rowHeadTexts(10, 3, { row0: 50, row1: 60 }, String), ['10\n11\n12', '', '']);
    assert.deepStrictEqual(rowHeadTexts(0, 1, undefined, () => ''), ['', '', '']);
  });

  it('labels columns by index, field, or "value" without a column axis', () => {
    assert.strictEqual(colHeadLabel(model(), '7', 0, 'value'), '7');
    assert.strictEqual(colHeadLabel(model({ hasColAxis: false }), '0', 0, 'value'), 'value');
    assert.strictEqual(colHeadLabel(model({ fields: ['x', 'y'] }), '7', 1, 'value'), '7: y');
    assert.strictEqual(colHeadLabel(model({ fields: ['x', 'y'], hasColAxis: false }), '0', 0, 'value'), 'x');
  });
});
