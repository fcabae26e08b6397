import * as assert from 'assert';
import { NpyError } from '../../../src/npy/errors';
import { MAX_NESTING, PyBytes, PyDict, PyFloat, PyTuple, parsePyLiteral, pyRepr } from '../../../src/npy/py/pyliteral';
import { strRepr } from '../../../src/npy/py/pyrepr';
import { requireNumpy, runPython } from '../../support/numpy';

function rejects(text: string, re: RegExp, python2 = true): void {
  assert.throws(() => parsePyLiteral(text, { python2 }), (e: unknown) => e instanceof NpyError && e.code === 'format' && re.test(e.message),
    JSON.stringify(text));
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
    assert.deepStrictEqual((parsePyLiteral('(3L, 4 L, 0x1fL)') as PyTuple).items, [3, 4, 31]);
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
    assert.deepStrictEqual(parsePyLiteral(`b'x\\x00'`), new PyBytes('x\x00'));
    assert.strictEqual(parsePyLiteral(String.raw`r'a\n'`), 'a\\n');
    assert.strictEqual(parsePyLiteral(String.raw`'\q'`), '\\q');
    assert.strictEqual(parsePyLiteral(`'''tri'ple'''`), "tri'ple");
  });

  it('refuses NUL bytes anywhere, as ast.literal_eval does (np.load: "Cannot parse header")', () => {
    const good = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
    assert.ok(parsePyLiteral(good + '   \n') instanceof PyDict);
    rejects(good + '\0\0\0\n', new RegExp(`NUL byte.* at character ${good.length} `)); // NUL padding
    rejects(good.replace(", 'shape'", ",\0'shape'"), /NUL byte/);
    rejects('\0' + good, /NUL byte.* at character 0 /);
    rejects("'<f8\0'", /NUL byte/); // even inside a string
    assert.strictEqual(parsePyLiteral("'<f8\\x00'"), '<f8\0'); // the escape is fine
  });

  it('python 2 longs only where NumPy retries (versions 1.0/2.0), and only a capital L', () => {
    rejects('(3L,)', /invalid number/, false);
    rejects('(3l,)', /invalid number/);
    rejects('(3Lx,)', /invalid number|expected/);
    // NumPy's filter drops every 'L' name in a row after a number (fuzz seed 1206221, case 9127):
    // _filter_header('(2 L L, 3L\tL)') gives '(2    , 3   )', (2, 3); an 'L' after a name or 'LL' stays
    assert.deepStrictEqual((parsePyLiteral('(2 L L, 3L\tL)') as PyTuple).items, [2, 3]);
    rejects('(2 L LL,)', /expected/);
    rejects("('a' L,)", /expected/);
  });

  it('reads numbers with Python 3 grammar: 0o/0b/0x, single underscores, signs; no leading zeros', () => {
    assert.deepStrictEqual((parsePyLiteral('(0o17, 0b101, 0x_1f, 1_000, 00, 0_0, +3, - 4, -0)') as PyTuple).items, [15, 5, 31, 1000, 0, 0, 3, -4, 0]);
    assert.deepStrictEqual(parsePyLiteral('1_0.5e1_0'), new PyFloat(10.5e10));
    assert.deepStrictEqual(parsePyLiteral('03.5'), new PyFloat(3.5)); // a float may have leading zeros
    assert.deepStrictEqual(parsePyLiteral('-.5'), new PyFloat(-0.5));
    for (const bad of ['03', '1__0', '3_', '0x', '0o8', '0b2', '1e', '1.5.2', '--3', '+-3', '-True', '- (3)']) rejects(`(${bad},)`, /number|sign|expected/);
  });

  it('comments, line continuations and adjacent string literals, like Python', () => {
    const d = parsePyLiteral("{'des' 'cr': '<' # the byte order\n \"f8\", 'shape': (3,), } # end") as PyDict;
    assert.strictEqual(d.get('descr'), '<f8');
    assert.deepStrictEqual(parsePyLiteral("[b'a' b'b', u'c' r'\\d']"), [new PyBytes('ab'), 'c\\d']);
    assert.deepStrictEqual(parsePyLiteral("[1, # ] not the end\n 2]"), [1, 2]);
    assert.deepStrictEqual(parsePyLiteral('[1, \\\n 2]'), [1, 2]);
    assert.deepStrictEqual(parsePyLiteral("'#' # '"), '#');
    rejects("['a' b'b']", /mix bytes and str/);
    rejects('[1] \\\n', /line continuation/); // a continuation right before the end
  });

  it('whitespace is Python\'s: no vertical tab, no NBSP; form feed and CR are fine', () => {
    assert.deepStrictEqual(parsePyLiteral('[1,\f2,\r3]'), [1, 2, 3]);
    rejects('[1,\v2]', /unexpected character/);
    rejects('[1,\u00a02]', /unexpected character/);
  });

  it('indentation: the first line of the value must not be indented (v3 also: nor the last)', () => {
    assert.deepStrictEqual(parsePyLiteral(' \t[1]'), [1]); // literal_eval strips spaces and tabs
    assert.deepStrictEqual(parsePyLiteral('\n# c\n\n[1]'), [1]);
    assert.deepStrictEqual(parsePyLiteral('\n \f[1]'), [1]); // a form feed resets the column
    assert.deepStrictEqual(parsePyLiteral('\\\n[1]'), [1]);
    rejects('\n  [1]', /unexpected indent/);
    rejects('# c\n\t[1]', /unexpected indent/);
    rejects('\\\n [1]', /unexpected indent/);
    // NumPy's Python 2 retry forgives an indent on the very first line and after the last newline
    assert.deepStrictEqual(parsePyLiteral('\f [1]'), [1]);
    rejects('\f [1]', /unexpected indent/, false);
    assert.deepStrictEqual(parsePyLiteral('[1]\n   '), [1]);
    rejects('[1]\n   ', /unexpected indent/, false);
    assert.deepStrictEqual(parsePyLiteral('[1]\n   \n', { python2: false }), [1]);
    assert.deepStrictEqual(parsePyLiteral('[1]\n  # c', { python2: false }), [1]);
  });

  it('bytes literals stay bytes (NumPy refuses a b\'descr\' key or a b\'<f8\' descr)', () => {
    const v = parsePyLiteral("{b'k': b'\\xff\\u0041'}") as PyDict;
    assert.deepStrictEqual(v.entries, [[new PyBytes('k'), new PyBytes('\xff\\u0041')]]);
    assert.strictEqual(pyRepr(v), "{b'k': b'\\xff\\\\u0041'}");
    rejects("b'\u00e9'", /ASCII/);
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
    // ast.literal_eval: TypeError: unhashable type: 'list' (a tuple is hashable only if all it holds is)
    rejects("{('a', [1]): 2}", /unhashable/);
    rejects("{(1, (2, {})): 2}", /unhashable/);
    assert.deepStrictEqual((parsePyLiteral("{(1, ('a', None)): 2}") as PyDict).entries.length, 1);
    rejects('', /unexpected end/);
    rejects("'\\x4'", /bad \\x escape/);
  });

  it('has a nesting limit instead of a stack overflow', () => {
    // Python: ast.literal_eval('[' * 200 + ']' * 200) works, 201 levels are too many
    assert.strictEqual(MAX_NESTING, 200);
    assert.doesNotThrow(() => parsePyLiteral('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING)));
    assert.doesNotThrow(() => parsePyLiteral('{1: ' + '('.repeat(MAX_NESTING - 1) + '2' + ')'.repeat(MAX_NESTING - 1) + '}'));
    rejects('['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1), /nesting deeper/);
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

describe('parsePyLiteral: carriage returns, as compile() reads source (universal newlines)', () => {
  it("reads '\\r' and '\\r\\n' as ast.literal_eval does, in and out of strings (Python is the oracle)", function () {
    requireNumpy(this, 'ast.literal_eval of texts with carriage returns');
    // the long fuzz run of seed 1206151 (case 20670) found a field name with a backslash before
    // '\r': a line continuation to Python, two characters of the name to us
    const texts: string[] = [];
    for (const q of ["'", '"', "'''", 'b\'', "b'''"]) {
      const close = q.replace('b', '');
      for (const mid of ['\\\r', '\\\r\n', '\r', '\r\n', '\\\n', '\n', '\\\\\r', '\r\r', '\\\r\\\r']) texts.push(`${q}a${mid}b${close}`);
    }
    texts.push("{'a':\r1,\r\n'b': 2}", "[1,\r2]", "(\r)", "{'descr': '<f8',\r 'shape': (3,),\r}");
    const want = JSON.parse(runPython('-c', [`
import ast, json, sys
out = []
for t in json.load(sys.stdin):
    try:
        out.append(repr(ast.literal_eval(t)))
    except Exception:
        out.append(None)
print(json.dumps(out))
`], 60000, JSON.stringify(texts))) as (string | null)[];
    const wrong: string[] = [];
    texts.forEach((t, i) => {
      let got: string | null;
      try {
        got = pyRepr(parsePyLiteral(t));
      } catch (e) {
        if (!(e instanceof NpyError)) throw e;
        got = null;
      }
      if (got !== want[i]) wrong.push(`${JSON.stringify(t)}: Python ${want[i]}, we ${got}`);
    });
    assert.strictEqual(texts.length, 49);
    assert.deepStrictEqual(wrong, []);
  });
});
