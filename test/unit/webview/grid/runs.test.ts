/** Text runs (webview/grid/runs.ts), in Node: how a row's cells are grouped and padded. */
import * as assert from 'assert';
import { State, Tone } from '../../../../webview/grid/cells';
import { fitted, isSimple, rowRuns, type Fit } from '../../../../webview/grid/runs';

const fit = (over: Partial<Fit> = {}): Fit => ({ mono: true, monoExtras: new Set(['…', '·']), cellChars: 7, left: false, ...over });

/** The runs of a row as [cells, classes, text]. */
function runs(texts: string[], states: State[], sel?: { row0: number; col0: number; row1: number; col1: number }, focus?: { row: number; col: number }, f = fit(), colOf = texts.map((_, i) => i)): [number, string, string][] {
  const out: [number, string, string][] = [];
  const n = rowRuns({ row: 5, texts, states }, colOf, sel, focus, f, '·', (i, k, cls, text) => {
    assert.strictEqual(i, out.length, 'runs come in order');
    out.push([k, cls, text]);
  });
  assert.strictEqual(n, out.length);
  return out;
}

describe('grid text runs', () => {
  it('right-aligns a text in the column, cutting a long one with "…"', () => {
    assert.strictEqual(fitted(fit(), '1.5'), '   1.5 ');
    assert.strictEqual(fitted(fit(), '12345'), ' 12345 ');
    assert.strictEqual(fitted(fit(), '123456'), ' 1234… ');
    assert.strictEqual(fitted(fit({ monoExtras: new Set() }), '123456'), undefined, 'no one-column ellipsis');
    assert.strictEqual(fitted(fit({ left: true }), 'ab'), ' ab    ', 'text: left-aligned');
    assert.strictEqual(fitted(fit({ left: true }), 'abcdefg'), ' abcd… ');
  });

  it('draws only printable ASCII and one-column extras inside runs, and nothing in a proportional font', () => {
    assert.ok(isSimple(fit(), 'abc -1.5e+10'));
    assert.ok(isSimple(fit(), '·'));
    assert.ok(!isSimple(fit(), '中'));
    assert.ok(!isSimple(fit(), 'a\tb'));
    assert.ok(!isSimple(fit({ mono: false }), '1'));
  });

  it('keeps shaded cells of one tone in one run, and gives selected cells the selection\'s colours instead', () => {
    const V = State.Value;
    const out: [number, string][] = [];
    const put = (_i: number, k: number, cls: string): void => { out.push([k, cls]); };
    const tones = [Tone.Light, Tone.Light, Tone.Dark, Tone.None, Tone.Dark];
    rowRuns({ row: 5, texts: ['1', '2', '3', '4', '5'], states: [V, V, V, V, V], tones }, [0, 1, 2, 3, 4], undefined, undefined, fit(), '·', put);
    assert.deepStrictEqual(out, [[2, 'run on-dark'], [1, 'run on-light'], [1, 'run'], [1, 'run on-light']]);
    out.length = 0;
    rowRuns({ row: 5, texts: ['1', '2', '3'], states: [V, V, V], tones: [Tone.Light, Tone.Dark, Tone.Dark] }, [0, 1, 2], { row0: 5, col0: 1, row1: 5, col1: 2 }, undefined, fit(), '·', put);
    assert.deepStrictEqual(out, [[1, 'run on-dark'], [2, 'run selected']]);
  });

  it('groups cells of one style into one run', () => {
    assert.deepStrictEqual(runs(['1', '22', '333'], [State.Value, State.Value, State.Value]), [[3, 'run', '     1     22    333 ']]);
  });

  it('splits at a change of state or selection, and draws the focused cell alone', () => {
    const V = State.Value;
    assert.deepStrictEqual(runs(['1', 'nan', '', '4'], [V, State.Special, State.Pending, V]), [
      [1, 'run', '     1 '], [1, 'run special', '   nan '], [1, 'run pending', '     · '], [1, 'run', '     4 '],
    ]);
    const sel = { row0: 0, col0: 1, row1: 9, col1: 3 };
    assert.deepStrictEqual(runs(['1', '2', '3', '4', '5'], [V, V, V, V, V], sel, { row: 5, col: 2 }), [
      [1, 'run', '     1 '], [1, 'run selected', '     2 '], [1, 'run selected focused', '     3 '], [1, 'run selected', '     4 '], [1, 'run', '     5 '],
    ]);
    // Another row is not selected there.
    assert.deepStrictEqual(runs(['1', '2'], [V, V], { row0: 0, col0: 0, row1: 4, col1: 1 }), [[2, 'run', '     1      2 ']]);
  });

  it('draws text that is not simple alone, as it is ("free"); a failed cell shows "?"', () => {
    const V = State.Value;
    assert.deepStrictEqual(runs(['1', '中文', '3', ''], [V, V, V, State.Failed]), [
      [1, 'run', '     1 '], [1, 'run free', '中文'], [1, 'run', '     3 '], [1, 'run failed', '     ? '],
    ]);
    assert.deepStrictEqual(runs(['1', '2'], [V, V], undefined, undefined, fit({ mono: false })), [[1, 'run free', '1'], [1, 'run free', '2']]);
  });

  it('selects and focuses by element column: the sub-columns of an element share its style', () => {
    const V = State.Value;
    assert.deepStrictEqual(runs(['a', 'b', 'c', 'd'], [V, V, V, V], { row0: 5, col0: 1, row1: 5, col1: 1 }, undefined, fit(), [0, 0, 1, 1]), [
      [2, 'run', '     a      b '], [2, 'run selected', '     c      d '],
    ]);
  });
});
