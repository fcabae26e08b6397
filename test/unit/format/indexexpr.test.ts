import * as assert from 'assert';
import { NpyError } from '../../../src/npy/errors';
import { AxisSel, formatIndexExpr, parseIndexExpr } from '../../../src/npy/format/indexexpr';

const all = { kind: 'slice', start: null, stop: null, step: null } as const;

function rejects(text: string, re: RegExp): void {
  assert.throws(() => parseIndexExpr(text), (e: unknown) => e instanceof NpyError && e.code === 'index' && re.test(e.message));
}

describe('indexexpr', () => {
  it('parses integers, slices and ellipsis', () => {
    assert.deepStrictEqual(parseIndexExpr('3'), [{ kind: 'int', index: 3 }]);
    assert.deepStrictEqual(parseIndexExpr('-1'), [{ kind: 'int', index: -1 }]);
    assert.deepStrictEqual(parseIndexExpr('1:9:3'), [{ kind: 'slice', start: 1, stop: 9, step: 3 }]);
    assert.deepStrictEqual(parseIndexExpr('::-2'), [{ kind: 'slice', start: null, stop: null, step: -2 }]);
    assert.deepStrictEqual(parseIndexExpr(':,2,:'), [all, { kind: 'int', index: 2 }, all]);
    assert.deepStrictEqual(parseIndexExpr('...,-1'), [{ kind: 'ellipsis' }, { kind: 'int', index: -1 }]);
    assert.deepStrictEqual(parseIndexExpr(' [3, :, ::2] '), [{ kind: 'int', index: 3 }, all, { kind: 'slice', start: null, stop: null, step: 2 }]);
    assert.deepStrictEqual(parseIndexExpr('5:'), [{ kind: 'slice', start: 5, stop: null, step: null }]);
    assert.deepStrictEqual(parseIndexExpr('None:3:None'), [{ kind: 'slice', start: null, stop: 3, step: null }]);
    assert.deepStrictEqual(parseIndexExpr('1_000'), [{ kind: 'int', index: 1000 }]);
  });

  it('treats empty text and ... as everything, and allows one trailing comma', () => {
    assert.deepStrictEqual(parseIndexExpr(''), []);
    assert.deepStrictEqual(parseIndexExpr('  '), []);
    assert.deepStrictEqual(parseIndexExpr('[]'), []);
    assert.deepStrictEqual(parseIndexExpr('...'), [{ kind: 'ellipsis' }]);
    assert.deepStrictEqual(parseIndexExpr('3,'), [{ kind: 'int', index: 3 }]);
  });

  it('clamps huge slice bounds (they clamp to the axis anyway) but refuses huge integers', () => {
    assert.deepStrictEqual(parseIndexExpr(':100000000000000000000'), [{ kind: 'slice', start: null, stop: Number.MAX_SAFE_INTEGER, step: null }]);
    rejects('100000000000000000000', /out of bounds/);
  });

  it('explains bad expressions', () => {
    rejects('a', /"a" is not an integer/);
    rejects('1.5', /not an integer/);
    rejects('1:2:3:4', /not a slice/);
    rejects('[1', /unbalanced/);
    rejects('1,,2', /empty index/);
    rejects('::0', /slice step cannot be zero/);
    rejects('...,...', /single ellipsis/);
    rejects('None', /new axes/);
  });

  it('formats like NumPy and round-trips', () => {
    const cases: [AxisSel[], string][] = [
      [[], '...'],
      [[all], ':'],
      [[{ kind: 'int', index: 3 }, all, { kind: 'slice', start: null, stop: null, step: 2 }], '3, :, ::2'],
      [[{ kind: 'ellipsis' }, { kind: 'int', index: -1 }], '..., -1'],
      [[{ kind: 'slice', start: 1, stop: -1, step: null }], '1:-1'],
      [[{ kind: 'slice', start: -1, stop: null, step: -1 }], '-1::-1'],
    ];
    for (const [sels, text] of cases) {
      assert.strictEqual(formatIndexExpr(sels), text);
      if (sels.length) assert.deepStrictEqual(parseIndexExpr(text), sels);
    }
  });
});
