/** src/shared/indexing/indexexpr.ts and views.ts: the index parser and view rules both sides use, and which controls apply to a dtype. */
import * as assert from 'assert';
import * as path from 'path';
import {
  FULL_SLICE, IndexExprError, expandIndex, formatIndexExpr, keptAxes, normalizeSels, parseIndexExpr, type AxisSel,
} from '../../../../src/shared/indexing/indexexpr';
import { defaultView, gridAxes, hasFloats, isText, memberMatches, viewKey } from '../../../../src/shared/indexing/views';
import { dtypeLabel, dtypeText } from '../../../../src/shared/format';
import { NpyError } from '../../../../src/npy/errors';
import { parseIndexExpr as engineParse } from '../../../../src/npy/format/indexexpr';
import { NpyArray } from '../../../../src/npy/format/array';
import { openFile } from '../../../../src/npy/format/open';
import { BufferSource } from '../../../../src/npy/io/filesource';
import { i4, npyBytes, writeI4 } from '../../../support/viewer-arrays';
import { describeArray } from '../../../../src/viewer/describe';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'corpus');

const int = (index: number): AxisSel => ({ kind: 'int', index });

describe('shared index expressions', () => {
  it('expands the ellipsis and the missing tail to full slices, with NumPy\'s errors', () => {
    assert.deepStrictEqual(expandIndex([int(1)], 3), [int(1), FULL_SLICE, FULL_SLICE]);
    assert.deepStrictEqual(expandIndex([{ kind: 'ellipsis' }, int(0)], 2), [FULL_SLICE, int(0)]);
    assert.deepStrictEqual(expandIndex([], 0), []);
    assert.throws(() => expandIndex([{ kind: 'ellipsis' }, { kind: 'ellipsis' }], 2), /single ellipsis/);
    assert.throws(() => expandIndex([int(0), int(0)], 1), (e: unknown) => e instanceof IndexExprError &&
      e.message === 'too many indices for array: array is 1-dimensional, but 2 were indexed');
  });

  it('normalises per-axis selections for the viewer and names the kept axes', () => {
    const sels = expandIndex(parseIndexExpr('-1, ::1, 1:3, ::-1'), 4);
    assert.strictEqual(formatIndexExpr(normalizeSels(sels, [5, 6, 7, 8])), '4, :, 1:3, ::-1');
    assert.deepStrictEqual(keptAxes(sels), [1, 2, 3]);
  });

  it('is the engine\'s parser: same selections, same messages (as NpyError there)', () => {
    for (const text of ['3', '[1, :, ::2]', '...,-1', '1_000:', '']) assert.deepStrictEqual(engineParse(text), parseIndexExpr(text), text);
    for (const bad of ['a', '1:2:3:4', '[1', '::0', '...,...', 'None', '100000000000000000000']) {
      let shared = '';
      assert.throws(() => parseIndexExpr(bad), (e: unknown) => { shared = (e as Error).message; return e instanceof IndexExprError; });
      assert.throws(() => engineParse(bad), (e: unknown) => e instanceof NpyError && e.code === 'index' && e.message === shared, bad);
    }
  });

  it('ArrayView.index expands with the same rule and message', async () => {
    const a = await NpyArray.open(new BufferSource(npyBytes(i4, [2, 3], writeI4((i) => i))));
    assert.deepStrictEqual(a.view().index('..., 1').shape, [2]);
    assert.throws(() => a.view().index('0, 0, 0'), (e: unknown) => e instanceof NpyError &&
      e.message === 'too many indices for array: array is 2-dimensional, but 3 were indexed');
  });
});

describe('shared view rules', () => {
  it('defaults row and column axes', () => {
    assert.deepStrictEqual(gridAxes(2, 1, 0), { rowAxis: 1, colAxis: 0 });
    assert.deepStrictEqual(gridAxes(2, 0, 0), { rowAxis: 0, colAxis: 1 });
    assert.deepStrictEqual(gridAxes(1, 0, 1), { rowAxis: 0, colAxis: -1 });
    assert.deepStrictEqual(gridAxes(1, -1, 0), { rowAxis: -1, colAxis: 0 });
    assert.deepStrictEqual(gridAxes(0, 0, 1), { rowAxis: -1, colAxis: -1 });
  });

  it('starts N-D arrays on the last two axes, and keys views once', () => {
    assert.deepStrictEqual(defaultView('m', [2, 3, 4, 5]), { member: 'm', index: '0, 0, :, :', rowAxis: 0, colAxis: 1 });
    assert.deepStrictEqual(defaultView(undefined, [4]), { member: undefined, index: '...', rowAxis: 0, colAxis: 1 });
    assert.strictEqual(viewKey({ index: '...', rowAxis: 0, colAxis: 1 }), viewKey({ member: undefined, index: '...', rowAxis: 0, colAxis: 1 }));
    assert.notStrictEqual(viewKey({ index: '...', rowAxis: 1, colAxis: 0 }), viewKey({ index: '...', rowAxis: 0, colAxis: 1 }));
  });
});

describe('dtype rules for the controls', () => {
  it('applies number formatting to floats and complex numbers, plain or in a field', () => {
    for (const dt of ['<f8', '>f4', '<f2', '<f16', '<c16', '>c8', "[('a', '<i4'), ('b', '<f8'), ('c', '|S3')]", "[('x', [('y', '>c16')])]"]) {
      assert.ok(hasFloats(dt), dt);
    }
    for (const dt of ['<i4', '|u1', '|b1', '<U5', '|S3', '<M8[ns]', '<m8[s]', '|V4', "[('f4', '<i4'), ('c8', '<u2')]"]) {
      assert.ok(!hasFloats(dt), dt);
    }
  });

  it('left-aligns str_ and bytes_ only', () => {
    for (const dt of ['<U5', '>U1', '|S3']) assert.ok(isText(dt), dt);
    for (const dt of ['<f8', '|V4', "[('a', '<U3')]", '<M8[D]']) assert.ok(!isText(dt), dt);
  });

  it('reads the dtype as the viewer describes NumPy-written files', async () => {
    const cases: [string, boolean, boolean][] = [
      ['f8_2d_random.npy', true, false], ['c16_2d.npy', true, false], ['i4_le_2d.npy', false, false],
      ['U_le_1d.npy', false, true], ['S_1d.npy', false, true], ['struct_plain.npy', true, false], ['M8_ns.npy', false, false],
      ['bool_1d.npy', false, false],
    ];
    for (const [file, floats, text] of cases) {
      const a = await openFile(path.join(CORPUS, file));
      if (a.kind !== 'npy') assert.fail(file);
      const dtype = describeArray(a.array.header).dtype;
      assert.deepStrictEqual([hasFloats(dtype), isText(dtype)], [floats, text], `${file}: ${dtype}`);
      await a.array.close();
    }
  });
});

describe('member lists (the sidebar and the viewer\'s table)', () => {
  it('filter by a name containing the text, in any case', () => {
    assert.ok(memberMatches('Beta', 'e') && memberMatches('names', 'E') && memberMatches('x', ''));
    assert.ok(!memberMatches('grid', 'e'));
  });

  it('write a dtype whole up to 48 characters, longer ones cut with "…"', () => {
    assert.strictEqual(dtypeLabel('<U4'), '<U4');
    const long = `[${Array.from({ length: 6 }, (_, i) => `('f${i}', '<f8')`).join(', ')}]`;
    assert.strictEqual(dtypeLabel(long.slice(0, 48)), long.slice(0, 48));
    assert.strictEqual(dtypeLabel(long), `${long.slice(0, 47)}…`);
    assert.strictEqual(dtypeLabel(long).length, 48);
  });

  it('write a safetensors tensor\'s stored dtype first, on the same label (cut as a whole) and whole in tooltips', () => {
    assert.strictEqual(dtypeLabel('float32', 'BF16'), 'BF16 → float32');
    assert.strictEqual(dtypeText('int64', 'I64'), 'I64 → int64');
    assert.strictEqual(dtypeText('int64'), 'int64');
    const long = 'x'.repeat(60);
    assert.strictEqual(dtypeLabel(long, 'F8_E4M3'), `F8_E4M3 → ${'x'.repeat(37)}…`);
    assert.strictEqual(dtypeLabel(long, 'F8_E4M3').length, 48);
  });
});
