import * as assert from 'assert';
import { defaultStem, safeFileName } from '../../../src/commands/fileName';

describe('default file names for save dialogs', () => {
  it('never lets a member name leave the folder', () => {
    for (const hostile of ['../../x', '/etc/passwd', '..\\..\\win', 'a/../../b', 'C:\\temp\\x']) {
      const s = safeFileName(hostile);
      assert.ok(!s.includes('/') && !s.includes('\\') && !s.startsWith('.') && !s.includes(':'), `${hostile} -> ${s}`);
    }
    assert.strictEqual(safeFileName('../../x'), '_.._x');
  });
  it('keeps ordinary names and replaces control characters', () => {
    assert.strictEqual(safeFileName('sin_array'), 'sin_array');
    assert.strictEqual(safeFileName('a\nb\u0000c'), 'a_b_c');
  });
  it('avoids empty names and device names', () => {
    assert.strictEqual(safeFileName(''), 'array');
    assert.strictEqual(safeFileName('...'), 'array');
    assert.strictEqual(safeFileName('CON'), '_CON');
    assert.strictEqual(safeFileName('nul.txt'), '_nul.txt');
  });
  it('names exports after the source and the member', () => {
    assert.strictEqual(defaultStem('data.npz', 'arr_0'), 'data-arr_0');
    assert.strictEqual(defaultStem('weights.NPY'), 'weights');
    assert.strictEqual(defaultStem('x.npz', '../../etc/passwd'), 'x-.._.._etc_passwd');
  });
});
