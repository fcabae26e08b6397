import * as assert from 'assert';
import { numberText, parseCompareMessage, parseTolerance, pickTwo } from '../../../src/viewer/compareModel';

const GRID = { pair: 0, mode: 'diff', lead: [1], row0: 25, col0: 0, rows: 25, cols: 10, selected: [1, 30, 2], selectedText: '0.5', marked: ['1,30,2'], find: '', members: { x: 'same' }, heat: '' };
const STATE = { status: 'same', verdict: 'Same', rtol: '1e-05', atol: '1e-08', tolError: '', pairs: [{ name: 'x', mismatches: '0' }], first: [[]], onlyInA: [], onlyInB: [], results: 1, grid: GRID };
const PAGE = { type: 'getPage', seq: 1, pair: 0, lead: [2], row0: 25, col0: 10, rows: 25, cols: 10 };
const FIND = { type: 'find', seq: 2, pair: 1, from: [0, 3], direction: 'next' };

describe('compareModel: the comparison panel\'s host-side checks', () => {
  it('accepts the page\'s three messages as they are', () => {
    assert.deepStrictEqual(parseCompareMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepStrictEqual(parseCompareMessage({ type: 'setTolerance', rtol: '1e-3', atol: '0' }), { type: 'setTolerance', rtol: '1e-3', atol: '0' });
    assert.deepStrictEqual(parseCompareMessage({ type: 'state', id: 3, state: STATE }), { type: 'state', id: 3, state: STATE });
    assert.deepStrictEqual(parseCompareMessage({ type: 'state', id: 3, state: { ...STATE, grid: { ...GRID, selected: null } } }).type, 'state');
  });

  it('accepts the grid\'s page requests and searches, and refuses pages over the limits or odd indices', () => {
    assert.deepStrictEqual(parseCompareMessage(PAGE), PAGE);
    assert.deepStrictEqual(parseCompareMessage(FIND), FIND);
    assert.deepStrictEqual(parseCompareMessage({ ...FIND, from: null, direction: 'previous' }), { ...FIND, from: null, direction: 'previous' });
    assert.deepStrictEqual(parseCompareMessage({ type: 'cancelFind' }), { type: 'cancelFind' });
    const bad: unknown[] = [
      { ...PAGE, rows: 201 }, { ...PAGE, cols: 101 }, { ...PAGE, row0: -1 }, { ...PAGE, lead: [1.5] }, { ...PAGE, lead: new Array(65).fill(0) },
      { ...PAGE, pair: '0' }, { ...PAGE, extra: true }, { ...FIND, direction: 'up' }, { ...FIND, from: [-1] }, { ...FIND, from: 'x' },
      { type: 'cancelFind', seq: 1 }, { type: 'state', id: 1, state: { ...STATE, grid: { ...GRID, mode: 'html' } } },
      { type: 'state', id: 1, state: { ...STATE, grid: { ...GRID, cols: 101 } } },
    ];
    for (const m of bad) assert.throws(() => parseCompareMessage(m), /malformed|message/, JSON.stringify(m));
    assert.strictEqual(bad.length, 13);
  });

  it('refuses anything else: unknown types, extra or missing fields, wrong types, oversized text', () => {
    const bad: unknown[] = [
      null, 'ready', [], {}, { type: 'run' }, { type: '__proto__' }, { type: 'toString' },
      { type: 'ready', extra: 1 },
      { type: 'setTolerance', rtol: 1e-3, atol: '0' },
      { type: 'setTolerance', rtol: '1e-3' },
      { type: 'setTolerance', rtol: 'x'.repeat(65), atol: '0' },
      { type: 'state', id: -1, state: STATE },
      { type: 'state', id: 1, state: { ...STATE, status: 'weird' } },
      { type: 'state', id: 1, state: { ...STATE, pairs: [{ name: 5 }] } },
    ];
    for (const m of bad) assert.throws(() => parseCompareMessage(m), /malformed|message/, JSON.stringify(m));
    assert.strictEqual(bad.length, 14);
  });

  it('reads tolerances as finite numbers >= 0, like the numbers np.isclose takes', () => {
    assert.deepStrictEqual(parseTolerance('1e-5'), { value: 1e-5 });
    assert.deepStrictEqual(parseTolerance(' 0.001 '), { value: 0.001 });
    assert.deepStrictEqual(parseTolerance('0'), { value: 0 });
    assert.deepStrictEqual(parseTolerance('-0'), { value: 0 });
    assert.deepStrictEqual(parseTolerance('.5E+2'), { value: 50 });
    for (const t of ['', 'abc', 'nan', 'inf', '1e400', '0x10', '1,5', '1e-5x']) assert.deepStrictEqual(parseTolerance(t), { error: 'number' }, t);
    assert.deepStrictEqual(parseTolerance('-1e-5'), { error: 'negative' });
  });

  it('writes numbers as Python\'s repr', () => {
    assert.strictEqual(numberText(1e-5), '1e-05');
    assert.strictEqual(numberText(6), '6.0');
    assert.strictEqual(numberText(0.1), '0.1');
    assert.strictEqual(numberText(null), '');
  });

  it('takes the two files of an Explorer selection, else one or too many', () => {
    const k = (s: string): string => s;
    assert.deepStrictEqual(pickTwo('a', ['a', 'b'], k), { pair: ['a', 'b'] });
    assert.deepStrictEqual(pickTwo('a', ['a', 'a', 'b'], k), { pair: ['a', 'b'] });
    assert.deepStrictEqual(pickTwo('a', undefined, k), { one: 'a' });
    assert.deepStrictEqual(pickTwo('a', ['a'], k), { one: 'a' });
    assert.deepStrictEqual(pickTwo(undefined, undefined, k), { one: undefined });
    assert.deepStrictEqual(pickTwo('a', ['a', 'b', 'c'], k), { tooMany: 3 });
  });
});
