import * as assert from 'assert';
import { NpyError } from '../../src/npy/errors';
import { MAX_NESTING, PyDict, PyFloat, PyTuple, parsePyLiteral, pyRepr } from '../../src/npy/pyliteral';
import { strRepr } from '../../src/npy/pyrepr';

function rejects(text: string, re: RegExp): void {
  assert.throws(() => parsePyLiteral(text), (e: unknown) => e instanceof NpyError && e.code === 'format' && re.test(e.message));
}

describe('pyliteral', () => {
  it('parses the dict np.save writes', () => {
    const d = parsePyLiteral("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }          \n");
    assert.ok(d instanceof PyDict);
    assert.strictEqual(d.get('descr'), '<f8');
    assert.strictEqual(d.get('fortran_order'), false);
    assert.deepStrictEqual((d.get('shape') as PyTuple).items, [3, 4]);
  });

  it('tells (x) from (x,) and () and keeps nesting', () => {
    assert.strictEqual(parsePyLiteral('(5)'), 5);
    assert.deepStrictEqual((parsePyLiteral('(5,)') as PyTuple).items, [5]);
    assert.deepStrictEqual((parsePyLiteral('()') as PyTuple).items, []);
    const v = parsePyLiteral("[('a', '<i4'), ('b', [('c', '|u1')], (2, 3))]") as unknown[];
    assert.strictEqual(v.length, 2);
    assert.ok(v[1] instanceof PyTuple);
    assert.deepStrictEqual(((v[1] as PyTuple).items[2] as PyTuple).items, [2, 3]);
  });

  it('reads Python 2 longs, big ints, floats, None, True', () => {
    assert.deepStrictEqual((parsePyLiteral('(3L, 4l)') as PyTuple).items, [3, 4]);
    assert.strictEqual(parsePyLiteral('123456789012345678901234567890'), 123456789012345678901234567890n);
    assert.strictEqual(parsePyLiteral('-9007199254740993'), -9007199254740993n);
    assert.strictEqual(parsePyLiteral('-12'), -12);
    // Floats stay distinguishable from ints: NumPy refuses a shape like (3.0,).
    assert.deepStrictEqual(parsePyLiteral('2.5e3'), new PyFloat(2500));
    assert.deepStrictEqual(parsePyLiteral('3.0'), new PyFloat(3));
    assert.strictEqual(pyRepr(parsePyLiteral('(3.0,)')), '(3.0,)');
    assert.strictEqual(parsePyLiteral('0x1F'), 31);
    assert.strictEqual(parsePyLiteral('None'), null);
    assert.strictEqual(parsePyLiteral(' True '), true);
  });

  it('decodes string escapes and prefixes like Python', () => {
    assert.strictEqual(parsePyLiteral(String.raw`'a\'b\"c\\d\n\t\x41\u00e9\U0001F600\101'`), 'a\'b"c\\d\n\tAé😀A');
    assert.strictEqual(parsePyLiteral(`"it's"`), "it's");
    assert.strictEqual(parsePyLiteral(`u'x'`), 'x');
    assert.strictEqual(parsePyLiteral(`b'x\\x00'`), 'x\x00');
    assert.strictEqual(parsePyLiteral(String.raw`r'a\n'`), 'a\\n');
    assert.strictEqual(parsePyLiteral(String.raw`'\q'`), '\\q');
    assert.strictEqual(parsePyLiteral(`'''tri'ple'''`), "tri'ple");
  });

  it('accepts multi-line dicts with trailing commas and odd spacing', () => {
    const d = parsePyLiteral("{\n  'a' : [ 1 ,2, ] ,\n\t'b':(\n1,\n),\n}") as PyDict;
    assert.deepStrictEqual(d.get('a'), [1, 2]);
    assert.deepStrictEqual((d.get('b') as PyTuple).items, [1]);
  });

  it('never runs code: names and calls are refused', () => {
    rejects("__import__('os').system('echo hi')", /name '__import__' is not allowed/);
    rejects("{'descr': eval('1')}", /name 'eval' is not allowed/);
    rejects('[1, 2] + [3]', /unexpected text after the value/);
    rejects('lambda: 0', /name 'lambda'/);
  });

  it('rejects malformed literals with a position', () => {
    rejects("{'a': 1", /expected ',' or '}'/);
    rejects("'abc", /unterminated string/);
    rejects('(1 2)', /expected ',' or '\)'/);
    rejects('1j', /complex/);
    rejects("{[1]: 2}", /unhashable/);
    rejects('', /unexpected end/);
    rejects("'\\x4'", /bad \\x escape/);
  });

  it('has a nesting limit instead of a stack overflow', () => {
    assert.doesNotThrow(() => parsePyLiteral('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING)));
    rejects('['.repeat(MAX_NESTING + 2) + ']'.repeat(MAX_NESTING + 2), /nesting deeper/);
    rejects('('.repeat(200000), /nesting deeper/);
    rejects('{'.repeat(200000), /nesting deeper/);
  });

  it('parses a large flat literal (a wide structured descr) in one pass', () => {
    const items = Array.from({ length: 50000 }, (_, i) => `('f${i}', '<i4')`).join(', ');
    const v = parsePyLiteral(`[${items}]`) as unknown[];
    assert.strictEqual(v.length, 50000);
    // Nested singleton tuples must not re-parse their contents (that would be exponential).
    const deep = '('.repeat(60) + '1' + ',)'.repeat(60);
    assert.ok(parsePyLiteral(deep) instanceof PyTuple);
  });

  it('spells values like Python repr', () => {
    // Expected strings come from CPython 3.11's repr().
    assert.strictEqual(strRepr('a\x00\u00e9\u0101\u{1F600}\xad\x85\u2028\u200b\t\\"\''), String.raw`'a\x00éā😀\xad\x85\u2028\u200b\t\\"\''`);
    assert.strictEqual(strRepr("it's"), `"it's"`);
    assert.strictEqual(strRepr('it\'s "x"'), String.raw`'it\'s "x"'`);
    assert.strictEqual(pyRepr(new PyTuple([3])), '(3,)');
    assert.strictEqual(pyRepr(new PyTuple([])), '()');
    assert.strictEqual(pyRepr([new PyTuple(['a', '<i4']), new PyTuple(['b', '<f8', new PyTuple([2, 3])])]),
      "[('a', '<i4'), ('b', '<f8', (2, 3))]");
    assert.strictEqual(pyRepr(new PyDict([['x', true], ['y', null]])), "{'x': True, 'y': None}");
    assert.strictEqual(pyRepr(2n ** 70n), '1180591620717411303424');
  });
});
