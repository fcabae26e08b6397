/** `npyview diff` arguments: two files, tolerances read as Python's float() reads them. */
import * as assert from 'assert';
import { parseArgs, parseFloatArg, UsageError } from '../../../src/cli/args';

describe('npyview diff argument parsing', () => {
  it('takes A, B, --member, --rtol, --atol and --json in any order', () => {
    const a = parseArgs(['diff', '--rtol', '1e-3', 'a.npz', '--atol=0.5', 'b.npz', '--json', '--member', 'x']);
    assert.deepStrictEqual([a.command, a.file, a.file2, a.rtol, a.atol, a.json, a.member], ['diff', 'a.npz', 'b.npz', 1e-3, 0.5, true, 'x']);
    const b = parseArgs(['diff', 'a.npy', '--', '-b.npy']);
    assert.deepStrictEqual([b.file, b.file2, b.rtol, b.atol, b.json], ['a.npy', '-b.npy', undefined, undefined, false]);
  });

  it('reads tolerances like Python float() (the same texts accepted and refused)', () => {
    const good: [string, number][] = [['1e-3', 0.001], ['0.5', 0.5], ['.5', 0.5], ['5.', 5], ['1E5', 1e5], ['1_000', 1000],
      ['inf', Infinity], ['-inf', -Infinity], ['Infinity', Infinity], ['+1.5e+2', 150], [' 2 ', 2], ['-0', -0]];
    for (const [t, v] of good) assert.ok(Object.is(parseFloatArg('--rtol', t), v), t);
    assert.ok(Number.isNaN(parseFloatArg('--atol', 'nan')));
    for (const t of ['abc', '0x10', '', '1e', '1__0', '_1', '--1', '1.5.2', 'infinit', '0b1']) {
      assert.throws(() => parseFloatArg('--rtol', t), (e: unknown) => e instanceof UsageError && e.message.includes('--rtol'), t);
    }
  });

  it('refuses bad usage', () => {
    for (const argv of [['diff'], ['diff', 'a.npy'], ['diff', 'a', 'b', 'c'], ['diff', 'a', ''], ['diff', 'a', 'b', '--index', '0'],
      ['diff', 'a', 'b', '--rtol', 'x'], ['diff', 'a', 'b', '--rtol', '1', '--rtol', '2'], ['diff', 'a', 'b', '-o', 'x'],
      ['info', 'a', '--rtol', '1'], ['export', 'a', '--atol', '1']]) {
      assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError, JSON.stringify(argv));
    }
  });
});
