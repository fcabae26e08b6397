import * as assert from 'assert';
import * as fs from 'fs';
import {
  DType, StructDType, describeDType, dtypeDescr, dtypeFromDescr, dtypeName, dtypeStr, flattenFields, parseDescr,
} from '../../../src/npy/format/dtype';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';
import { readHeader } from '../../../src/npy/format/header';
import { parsePyLiteral } from '../../../src/npy/py/pyliteral';
import { expected, fixture } from '../../support/corefixtures';
import { DESCR_ORACLE_PY, ourDescr, sameAsNumpy, type DescrCase } from '../../support/descroracle';
import { requireNumpy, runNumpy } from '../../support/numpy';

const dt = (descr: string): DType => dtypeFromDescr(parsePyLiteral(descr));

function rejects(descr: string, code: string, re: RegExp): void {
  assert.throws(() => dt(descr), (e: unknown) => e instanceof NpyError && e.code === code && re.test(e.message));
}

describe('dtype', () => {
  it("spells every fixture's dtype as NumPy does (str, name, descr)", async () => {
    let n = 0;
    for (const [name, exp] of Object.entries(expected.files)) {
      const h = await readHeader(new BufferSource(fs.readFileSync(fixture(name))));
      const d = h.dtype;
      if (name.startsWith('odd_f12') || name === 'odd_c24.npy') {
        // No NumPy on x86-64 has these; the oracle's spelling is the descr itself.
        assert.strictEqual(`'${dtypeDescr(d)}'`, exp.descr, name);
        continue;
      }
      assert.strictEqual(dtypeStr(d), exp.str, `${name}: str`);
      assert.strictEqual(dtypeName(d), exp.name, `${name}: name`);
      if (exp.descr !== 'dict') {
        const want = d.kind === 'struct' ? exp.descr : exp.descr.slice(1, -1);
        if (!name.startsWith('odd_')) assert.strictEqual(dtypeDescr(d), want, `${name}: descr`);
      }
      n++;
    }
    assert.ok(n > 80);
  });

  it('reads every type string as NumPy 2.4 does: codes, sizes, byte orders, names, time units, comma strings (1,000+ strings)', async function () {
    if (!requireNumpy()) return;
    this.timeout(60000);
    const cases = JSON.parse(runNumpy(`${DESCR_ORACLE_PY}
import random
rng = random.Random(5)
codes = list('?bBhHiIlLqQpPefdgFDGSUVOMmac') + ['i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'f2', 'f4', 'f8', 'f12', 'f16', 'c8', 'c16', 'c24', 'c32',
    'b1', 'S0', 'S5', 'U0', 'U3', 'V0', 'V7', 'M8', 'm8', 'O8', 'O4', 'i3', 'f3', 'u16', 'b2', 'a5', 'S-1', 'U1000000000']
names = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'float16', 'float32', 'float64', 'float128', 'complex64', 'complex128',
    'str', 'bytes', 'void', 'object', 'datetime64', 'timedelta64', 'longlong', 'ulonglong', 'int_', 'uint', 'intp', 'uintp', 'double',
    'single', 'half', 'longdouble', 'clongdouble', 'byte', 'ubyte', 'short', 'ushort', 'intc', 'uintc', 'long', 'ulong', 'float',
    'complex', 'Float64', 'Int32', 'bool_', 'str_', 'bytes_', 'unicode', 'string', 'unicode_', 'float_', 'int0', 'a', 'U', 'S', 'V', 'M', 'm', 'O']
metas = ['', '[s]', '[25s]', '[D]', '[2D]', '[ns]', '[us]', '[Y]', '[W]', '[generic]', '[]', '[3M]', '[0s]', '[-1s]', '[1as]', '[ps]', '[fs]', '[h]', '[m]', '[ s]', '[S]', '[μs]', '[3μs]', '[μ]',
    '[ 5s]', '[  25D]', '[\\t5s]', '[\\n5ms]', '[+5s]', '[ +05s]', '[ -5s]', '[-0s]', '[ 5 s]', '[5s ]', '[+ 5s]', '[ +s]', '[2147483648s]']
cands = set(names)
for o in ['', '<', '>', '=', '|', '!']:
    cands.update(o + c for c in codes)
for o in ['', '<', '>']:
    cands.update(o + c + m for c in ['M8', 'm8', 'M', 'm', 'datetime64', 'timedelta64'] for m in metas)
for _ in range(300):
    cands.add(','.join(rng.choice(['i4', 'f8', '(2,)i4', '(2,3)f8', 'S3', 'U2', 'b1', '<i2', '>f4', '2i4', '(0,)u1']) for _ in range(rng.randint(2, 3))))
for _ in range(100):
    cands.add(rng.choice(['(2,)', '(2,3)', '2', '(0,)', '()', ' (2,)', '(2, )']) + rng.choice(['i4', 'f8', 'S3', '<U2']))
json.dump([oracle(text, text) for text in sorted(cands)], sys.stdout)`)) as DescrCase[];
    let read = 0, refused = 0, deviations = 0;
    for (const c of cases) {
      const got = await ourDescr(c, () => { const f = parseDescr(c.text); return { dtype: f.dtype, sub: f.shape }; });
      if (/^[<>=|]?(f12|c24)$/.test(c.text)) {
        deviations++; // README: 96-bit long doubles are read
        assert.ok(!(got instanceof NpyError), c.text);
      } else if (sameAsNumpy(c, got) === 'read') read++;
      else refused++;
    }
    assert.ok(cases.length > 1000 && read > 600 && refused > 200, `${cases.length} strings: read ${read}, refused ${refused}`);
    assert.strictEqual(deviations, 10, "f12 and c24, bare and after '<', '>', '=', '|'");
  });

  it('parses typestrs with every byte order and NumPy aliases', () => {
    assert.deepStrictEqual(dt("'<f8'"), { kind: 'f', itemsize: 8, order: '<' });
    assert.deepStrictEqual(dt("'>i2'"), { kind: 'i', itemsize: 2, order: '>' });
    assert.deepStrictEqual(dt("'=u4'"), { kind: 'u', itemsize: 4, order: '<' });
    assert.deepStrictEqual(dt("'|i4'"), { kind: 'i', itemsize: 4, order: '<' });
    assert.deepStrictEqual(dt("'<i1'"), { kind: 'i', itemsize: 1, order: '|' });
    assert.deepStrictEqual(dt("'?'"), { kind: 'b', itemsize: 1, order: '|' });
    assert.deepStrictEqual(dt("'|b1'"), { kind: 'b', itemsize: 1, order: '|' });
    assert.deepStrictEqual(dt("'>U5'"), { kind: 'U', itemsize: 20, order: '>' });
    assert.deepStrictEqual(dt("'S3'"), { kind: 'S', itemsize: 3, order: '|' });
    assert.deepStrictEqual(dt("'float64'"), { kind: 'f', itemsize: 8, order: '<' });
    assert.deepStrictEqual(dt("'<f12'"), { kind: 'f', itemsize: 12, order: '<' });
    assert.deepStrictEqual(dt("'>c24'"), { kind: 'c', itemsize: 24, order: '>' });
    assert.deepStrictEqual(dt("'<M8[25s]'"), { kind: 'M', itemsize: 8, order: '<', unit: 's', step: 25 });
    assert.deepStrictEqual(dt("'m8'"), { kind: 'm', itemsize: 8, order: '<', unit: 'generic', step: 1 });
    assert.strictEqual(dtypeName(dt("'<M8[25s]'")), 'datetime64[25s]');
    assert.strictEqual(dtypeStr(dt("'>m8[us]'")), '>m8[us]');
    assert.strictEqual(dtypeName(dt("'<f12'")), 'float96');
    assert.strictEqual(dtypeName(dt("'<c24'")), 'complex192');
  });

  it('reads object dtypes (the safe unpickler reads their data) and spells them like NumPy', () => {
    for (const d of ["'|O'", "'O'", "'O8'", "'object'"]) {
      const o = dt(d);
      assert.strictEqual(o.kind, 'O');
      assert.strictEqual(dtypeDescr(o), '|O');
      assert.strictEqual(dtypeName(o), 'object');
      assert.strictEqual(dtypeStr(o), 'object');
    }
    rejects("'O2'", 'format', /an object dtype is O, O4 or O8/);
    const rec = dt("[('a', '<i4'), ('b', '|O')]") as StructDType;
    assert.strictEqual(rec.fields[1].dtype.kind, 'O');
  });

  it('names what is wrong with unknown dtypes', () => {
    rejects("'<f3'", 'format', /unknown dtype '<f3': no 3-byte type/);
    rejects("'<i3'", 'format', /no 3-byte/);
    rejects("'x4'", 'format', /unknown dtype 'x4'/);
    rejects("'<M8[fortnight]'", 'format', /unknown time unit/);
    rejects("'<i4[s]'", 'format', /only datetime64/);
    rejects('42', 'format', /expected a type string/);
    rejects("[('a', '<i4'), ('a', '<f8')]", 'format', /field 'a' occurs more than once/);
    rejects("[('a',)]", 'format', /is not \(name, format\[, shape\]\)/);
    rejects("[(1, '<i4')]", 'format', /field name 1 is not a string/);
    rejects("[('a', '<i4', (-1,))]", 'format', /invalid shape in fixed-type tuple/);
    rejects("'S99999999999'", 'format', /too large/);
    rejects("{'names': ['a'], 'formats': ['<i4', '<i4']}", 'format', /same length/);
    rejects("{'names': ['a'], 'formats': ['<i8'], 'itemsize': 4}", 'format', /smaller than the fields need/);
  });

  // expected values: NumPy 2.4, np.load of a .npy with that descr (np.lib.format.dtype_to_descr)
  it("reads a one-character type number like np.dtype: chr(4) is uint16, with any byte order, never a size or [unit]", () => {
    const numbers = ['|b1', '|i1', '|u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'i8', 'u8', 'f4', 'f8', 'f16', 'c8', 'c16', 'c32',
      '|O', '|S0', 'U0', '|V0', 'M8', 'm8', 'f2'];
    numbers.forEach((exp, code) => {
      const ch = String.fromCharCode(code);
      for (const [prefix, order] of [['', '<'], ['<', '<'], ['>', '>'], ['|', '<'], ['=', '<']]) {
        const want = exp.startsWith('|') ? exp : order + exp;
        assert.strictEqual(dtypeDescr(dtypeFromDescr(prefix + ch)), want, JSON.stringify(prefix + ch));
      }
      for (const tail of ['2', '8', '[s]']) assert.throws(() => dtypeFromDescr(ch + tail), NpyError, JSON.stringify(ch + tail));
    });
    for (const code of [24, 25, 31]) assert.throws(() => dtypeFromDescr(String.fromCharCode(code)), NpyError, String(code));
  });

  it("takes a time unit multiplier of 0 as np.dtype does ('<M8[0s]': every value the epoch or NaT), not a negative one", () => {
    // the long fuzz run of seed 1206151 (case 55659) found '<M8[0s]', which np.load reads
    for (const [descr, unit] of [["'<M8[0s]'", 's'], ["'>m8[0D]'", 'D'], ["'<M8[00ms]'", 'ms']] as const) {
      const d = dt(descr);
      assert.ok((d.kind === 'M' || d.kind === 'm') && d.step === 0 && d.unit === unit, descr);
    }
    rejects("'<M8[-1s]'", 'format', /bad time unit multiplier/);
  });

  it('takes a byte order before one-letter codes and datetime64/timedelta64 only, as np.dtype does', () => {
    assert.strictEqual(dtypeDescr(dt("'>h'")), '>i2');
    assert.strictEqual(dtypeDescr(dt("'>datetime64[s]'")), '>M8[s]');
    assert.strictEqual(dtypeDescr(dt("'a'")), '|S0');
    assert.strictEqual(dtypeDescr(dt("'<a2'")), '|S2');
    for (const s of ["'<int32'", "'>float64'", "'|bool'", "'=short'", "'<a'", "'|a'", "'M[s]'", "'<m[D]'"]) {
      assert.throws(() => dt(s), NpyError, s);
    }
  });

  it("reads (name, format, x) and (format, x) as NumPy's _convert_from_tuple: x a dtype of the same size, an item size or a shape", () => {
    const cases: [string, string][] = [
      // the Python 2 header field: a string "shape" that is a dtype of the same size
      ["[('a', '<i4', '<i4')]", "[('a', '<i4')]"],
      ["[('a', '<i4', 'f4')]", "[('a', '<i4')]"],
      ["[('a', '<i4', '>u4')]", "[('a', '<i4')]"],
      ["[('a', '<u2', '<\x04')]", "[('a', '<u2')]"],
      ["[('a', '<f8', None)]", "[('a', '<f8')]"],
      ["[('a', '<f8', ('<i4', 2))]", "[('a', '<f8')]"],
      ["[('a', 'M8[s]', '<i8')]", "[('a', '<M8[s]')]"],
      // an unsized base takes the size of the dtype, or an item size
      ["[('a', 'S', '<i4')]", "[('a', '|S4')]"],
      ["[('a', 'U', '<i4')]", "[('a', '<U1')]"],
      ["[('a', 'S', None)]", "[('a', '|S8')]"],
      ["[('a', 'S', 5)]", "[('a', '|S5')]"],
      ["[('a', 'U', 3)]", "[('a', '<U3')]"],
      ["[('a', 'V', 8)]", "[('a', '|V8')]"],
      ["[('a', 'S', 0)]", "[('a', '|S0')]"],
      ["[('a', 'V', [('x', '<i4')])]", "[('a', [('x', '<i4')])]"],
      // else a shape: an int, a tuple or a list of ints
      ["[('a', '<i4', [2, 3])]", "[('a', '<i4', (2, 3))]"],
      ["[('a', '<i4', 1)]", "[('a', '<i4', (1,))]"],
      ["[('a', '<i4', ())]", "[('a', '<i4')]"],
      ["[('a', ('S5', 2))]", "[('a', '|S5', (2,))]"],
    ];
    for (const [descr, want] of cases) assert.strictEqual(dtypeDescr(dt(descr)), want, descr);
    // NumPy: "mismatch in size of old and new data-descriptor", "invalid shape in fixed-type tuple.",
    // "invalid itemsize in generic type tuple"
    for (const descr of ["[('a', '<i4', '<i8')]", "[('a', '<i4', None)]", "[('a', '<i4', [])]", "[('a', '<i4', {})]",
      "[('a', '<i4', 'x')]", "[('a', '<i4', '2')]", "[('a', '<i4', 2.0)]", "[('a', '<i4', True)]", "[('a', '<i4', (True,))]",
      "[('a', '<i4', -1)]", "[('a', 'S', (5,))]", "[('a', 'S', -1)]", "[('a', 'U', True)]", "[('a', 'V', '|O')]"]) {
      assert.throws(() => dt(descr), NpyError, descr);
    }
  });

  it('reads field lists with padding, titles, nested records and subarrays', () => {
    const d = dt("[('', '|V4'), (('T', 'a'), '<i4'), ('r', [('x', 'u1'), ('y', '>f8', 2)], (3,)), ('', '|V3')]") as StructDType;
    assert.strictEqual(d.kind, 'struct');
    assert.strictEqual(d.itemsize, 4 + 4 + 3 * 17 + 3);
    assert.deepStrictEqual(d.fields.map(f => [f.name, f.title, f.offset, f.shape]), [['a', 'T', 4, []], ['r', undefined, 8, [3]]]);
    const r = d.fields[1].dtype as StructDType;
    assert.deepStrictEqual(r.fields.map(f => [f.name, f.offset, f.shape]), [['x', 0, []], ['y', 1, [2]]]);
    assert.strictEqual(dtypeDescr(d), "[('', '|V4'), (('T', 'a'), '<i4'), ('r', [('x', '|u1'), ('y', '>f8', (2,))], (3,)), ('', '|V3')]");
  });

  it('reads the dict form, including out-of-order offsets and aligned layout', () => {
    const d = dt("{'names': ['b', 'a'], 'formats': ['<f8', '<i2'], 'offsets': [8, 0], 'itemsize': 24, 'titles': ['Bee', None]}") as StructDType;
    assert.deepStrictEqual(d.fields.map(f => [f.name, f.offset, f.title]), [['b', 8, 'Bee'], ['a', 0, undefined]]);
    assert.strictEqual(dtypeStr(d), "{'names': ['b', 'a'], 'formats': ['<f8', '<i2'], 'offsets': [8, 0], 'titles': ['Bee', None], 'itemsize': 24}");
    // A descr cannot express out-of-order fields; dtypeDescr falls back to the dict spelling.
    assert.strictEqual(dtypeDescr(d), dtypeStr(d));
    const al = dt("{'names': ['c', 'd', 'e'], 'formats': ['u1', '<f8', '<i2'], 'aligned': True}") as StructDType;
    assert.deepStrictEqual(al.fields.map(f => f.offset), [0, 8, 16]);
    assert.strictEqual(al.itemsize, 24); // as np.dtype(..., align=True)
    const packed = dt("{'names': ['c', 'd'], 'formats': ['u1', '<f8']}") as StructDType;
    assert.deepStrictEqual(packed.fields.map(f => f.offset), [0, 1]);
  });

  it('flattens nested fields to dotted names with absolute offsets', () => {
    const d = dt("[('x', '<i2'), ('rec', [('p', 'u1'), ('q', '>f4', (2,))]), ('s', 'S3')]");
    assert.deepStrictEqual(flattenFields(d).map(f => [f.name, f.offset, f.shape, dtypeStr(f.dtype)]), [
      ['x', 0, [], 'int16'], ['rec.p', 2, [], 'uint8'], ['rec.q', 3, [2], '>f4'], ['s', 11, [], '|S3'],
    ]);
    assert.deepStrictEqual(flattenFields(dt("'<f8'")), []);
  });

  it('describes dtypes in plain language', () => {
    assert.strictEqual(describeDType(dt("'<f8'")), '64-bit float, little-endian');
    assert.strictEqual(describeDType(dt("'>i2'")), '16-bit signed integer, big-endian');
    assert.strictEqual(describeDType(dt("'|u1'")), '8-bit unsigned integer');
    assert.strictEqual(describeDType(dt("'?'")), 'boolean');
    assert.strictEqual(describeDType(dt("'<U5'")), 'Unicode string of up to 5 characters (UTF-32), little-endian');
    assert.strictEqual(describeDType(dt("'|S1'")), 'byte string of up to 1 byte');
    assert.strictEqual(describeDType(dt("'<M8[ns]'")), 'date/time in nanoseconds since 1970-01-01, little-endian');
    assert.strictEqual(describeDType(dt("'<m8[25s]'")), 'time interval in units of 25 seconds, little-endian');
    assert.match(describeDType(dt("'<f16'")), /80-bit extended/);
    assert.strictEqual(describeDType(dt("[('a', '<i4'), ('b', '<f8')]")), 'structured record of 2 fields, 12 bytes each');
  });
});
