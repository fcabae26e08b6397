import * as assert from 'assert';
import * as fs from 'fs';
import { NpyArray } from '../../../src/npy/format/array';
import { StructDType } from '../../../src/npy/format/dtype';
import { NpyError, NpyErrorCode } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';
import { buildHeader, readHeader } from '../../../src/npy/format/header';
import { expected, fixture, rawNpy } from '../../support/corefixtures';
import { DESCR_ORACLE_PY, ourDescr, sameAsNumpy, type DescrCase } from '../../support/descroracle';
import { requireNumpy, runNumpy } from '../../support/numpy';

async function fails(bytes: Uint8Array, code: NpyErrorCode, re: RegExp): Promise<void> {
  await assert.rejects(NpyArray.open(new BufferSource(bytes)), (e: unknown) => {
    assert.ok(e instanceof NpyError, `not an NpyError: ${e}`);
    assert.strictEqual(e.code, code, e.message);
    assert.match(e.message, re);
    return true;
  });
}

const DESCR_SEED = process.env.NPYVIEW_DESCR_SEED ? Number(process.env.NPYVIEW_DESCR_SEED) : Math.floor(Math.random() * 1e9);

const hdr = (descr: string, shape: string, fo = 'False') => `{'descr': ${descr}, 'fortran_order': ${fo}, 'shape': ${shape}, }`;

/** Our reading of a .npy of shape (2,) whose header holds the descr `c.text` (data as long as NumPy's dtype needs). */
function headerOf(c: DescrCase): ReturnType<typeof ourDescr> {
  const items = c.sub ? c.sub.reduce((a, b) => a * b, 2) : 0;
  const bytes = rawNpy(hdr(c.text, '(2,)'), new Uint8Array(c.error ? 0 : items * c.itemsize!), 3);
  return ourDescr(c, async () => { const h = await readHeader(new BufferSource(bytes)); return { dtype: h.dtype, sub: h.subShape }; });
}

describe('header', () => {
  it('reads version, shape, order and data offset of every fixture', async () => {
    for (const [name, exp] of Object.entries(expected.files)) {
      const h = await readHeader(new BufferSource(fs.readFileSync(fixture(name))));
      assert.strictEqual(h.version, exp.version, name);
      assert.deepStrictEqual(h.shape, exp.shape, name);
      assert.strictEqual(h.dataOffset, exp.data_offset, name);
      if (exp.fortran_order !== null) assert.strictEqual(h.fortranOrder, exp.fortran_order, name);
    }
    const odd = await readHeader(new BufferSource(fs.readFileSync(fixture('odd_fortran_true.npy'))));
    assert.strictEqual(odd.fortranOrder, true);
  });

  it('covers versions 1.0, 2.0 (wide record, >64 KiB header) and 3.0 (UTF-8 names)', () => {
    assert.strictEqual(expected.files['struct_wide_v2.npy'].version, '2.0');
    assert.ok(expected.files['struct_wide_v2.npy'].data_offset > 65536);
    assert.strictEqual(expected.files['struct_utf8_name_v3.npy'].version, '3.0');
    assert.strictEqual(expected.files['v2_forced.npy'].version, '2.0');
    assert.strictEqual(expected.files['v3_forced.npy'].version, '3.0');
  });

  it('buildHeader writes exactly the bytes np.save wrote', async () => {
    let n = 0;
    for (const [name, exp] of Object.entries(expected.files)) {
      if (!exp.exact_save) continue;
      const file = fs.readFileSync(fixture(name));
      const h = await readHeader(new BufferSource(file));
      const built = buildHeader(h.dtype, h.shape, h.fortranOrder);
      assert.strictEqual(Buffer.from(built).toString('latin1'), file.subarray(0, exp.data_offset).toString('latin1'), name);
      n++;
    }
    assert.ok(n > 80, `only ${n} exact fixtures`);
  });

  it('pads a header that would already be aligned with 64 more bytes, as NumPy does', () => {
    // 'shape': (n,) with n chosen so that the text makes 8+2+len+1 a multiple of 64.
    for (let digits = 1; digits <= 20; digits++) {
      const n = Number('1'.repeat(Math.min(digits, 15)));
      const b = buildHeader({ kind: 'f', itemsize: 8, order: '<' }, [n], false);
      assert.strictEqual(b.length % 64, 0);
      assert.strictEqual(b[b.length - 1], 0x0a);
    }
  });

  it('refuses hostile and broken headers with a clear message', async () => {
    const ok = rawNpy(hdr("'<i4'", '(2,)'), new Uint8Array(8));
    await fails(new Uint8Array(0), 'format', /file is empty/);
    await fails(ok.subarray(0, 5), 'format', /not a \.npy file/);
    await fails(ok.subarray(0, 9), 'format', /truncated/);
    await fails(Buffer.from('PK\x03\x04 this is a zip'), 'format', /zip archive/);
    await fails(Buffer.from('hello world, not an array'), 'format', /magic string/);
    const v4 = Buffer.from(ok); v4[6] = 4;
    await fails(v4, 'unsupported', /unsupported \.npy format version 4\.0/);
    const v11 = Buffer.from(ok); v11[7] = 1;
    await fails(v11, 'unsupported', /version 1\.1/);
    const past = Buffer.from(ok); past.writeUInt16LE(60000, 8);
    await fails(past, 'format', /header length \(60000 bytes\) runs past the end of the file/);
    const huge = Buffer.from(rawNpy(hdr("'<i4'", '(2,)'), new Uint8Array(8), 2)); huge.writeUInt32LE(0xfffffff0, 8);
    await fails(huge, 'format', /more than the limit/);
    await fails(rawNpy("[('descr', '<i4')]"), 'format', /not a dictionary/);
    await fails(rawNpy("{'descr': __import__('os').system('touch /tmp/pwned'), 'fortran_order': False, 'shape': ()}"), 'format', /not allowed/);
    await fails(rawNpy("{'descr': '<i4', 'shape': (2,)}"), 'format', /missing 'fortran_order'/);
    await fails(rawNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'x': 1}"), 'format', /unexpected 'x'/);
    await fails(rawNpy(hdr("'<q7'", '(2,)')), 'format', /unknown dtype '<q7'/);
    await fails(rawNpy(hdr("'|O'", '(2,)')), 'format', /the pickled data is corrupt: it ends early/);
    await fails(rawNpy(hdr("[('a', '<i4'), ('b', '|O')]", '(2,)')), 'unsupported', /structured dtype with Python object fields/);
    await fails(rawNpy(hdr("'<i4'", '(-2,)')), 'format', /negative dimension/);
    await fails(rawNpy(hdr("'<i4'", '(2.5,)')), 'format', /not a tuple of integers/);
    await fails(rawNpy(hdr("'<i4'", '[2]')), 'format', /not a tuple of integers/);
    await fails(rawNpy(hdr("'<i4'", '(2**3,)')), 'format', /not a valid Python literal/);
    await fails(rawNpy(hdr("'<f8'", '(1000000000, 1000000000)')), 'format', /too large/);
    await fails(rawNpy(hdr("'<f8'", '(100000000000000000000000,)')), 'format', /too large/);
    await fails(rawNpy(hdr("'<i4'", '(2,)', '0')), 'format', /fortran_order is not True or False/);
    await fails(rawNpy(hdr("'<i4'", '(' + '1, '.repeat(65) + ')')), 'format', /at most 64/);
    await fails(rawNpy('{' + "'a': {".repeat(1000)), 'format', /nesting deeper/);
    const badUtf8 = Buffer.from(rawNpy(hdr("'<i4'", '(0,)'), new Uint8Array(0), 3));
    badUtf8[20] = 0xff;
    await fails(badUtf8, 'format', /not valid UTF-8/);
  });

  it('accepts and refuses like np.load (ast.literal_eval, with the Python 2 retry only for 1.0/2.0)', async () => {
    const data = new Uint8Array(8);
    const good = hdr("'<i4'", '(2,)');
    const opened = async (b: Uint8Array) => (await NpyArray.open(new BufferSource(b))).header.shape;
    // NumPy: ValueError: Cannot parse header (a NUL byte anywhere in the header text)
    const nulPad = Buffer.from(rawNpy(good, data)); nulPad.fill(0, 10 + good.length, nulPad.length - 8 - 1);
    await fails(nulPad, 'format', /NUL byte/);
    await fails(rawNpy(good.replace(", 'shape'", ",\0'shape'"), data), 'format', /NUL byte/);
    await fails(rawNpy(good.replace(", 'shape'", ",\v'shape'"), data), 'format', /unexpected character/);
    // 2L is Python 2: retried (and read) in 1.0/2.0, a syntax error in 3.0
    assert.deepStrictEqual(await opened(rawNpy(hdr("'<i4'", '(2L,)'), data, 1)), [2]);
    assert.deepStrictEqual(await opened(rawNpy(hdr("'<i4'", '(2L,)'), data, 2)), [2]);
    await fails(rawNpy(hdr("'<i4'", '(2L,)'), data, 3), 'format', /invalid number/);
    // descr_to_dtype: only a str is a type string; NumPy does not trim it
    await fails(rawNpy(hdr("b'<i4'", '(2,)'), data), 'format', /unknown dtype b'<i4'/);
    await fails(rawNpy(hdr("'<i4 '", '(2,)'), data), 'format', /unknown dtype '<i4 '/);
    await fails(rawNpy(good.replace("'descr'", "b'descr'"), data), 'format', /unexpected b'descr'/);
    // and what literal_eval accepts, although np.save never writes it
    assert.deepStrictEqual(await opened(rawNpy("{'descr': '<' 'i4', # comment\n'fortran_order': False, 'shape': (0b10,)}", data)), [2]);
  });

  it("reads a descr as np.load does (descr_to_dtype, not np.dtype): strings and dicts unpacked as fields, padding, tuples", async function () {
    if (!requireNumpy()) return;
    this.timeout(60000);
    // Each np.load reads (or refuses) as NumPy 2.4 does: the field 'fi' is ('f', 'i'), a dict is its
    // keys, a (base, shape) tuple ignores a third item, an unnamed subarray is padding.
    const descrs = [
      "[('a', '<i4'), 'fi']", "['fi', 'gd']", "['fS', 'gU', 'hV']", "['fM', 'g?']", "[{'a': 1, '<i4': 2}]", "[{'a': 1, '<i4': 2, (2,): 3}]",
      "[('a', '<i4'), {'b': 0, 'f8': 0}]", "{('a', '<i4'): 1}", "{'fi': 0, 'gd': 1}", "[('a', ['fi'])]", "[('a', {'fi': 0})]", "[' i']",
      "[('a', '<i4', [2])]", "[['a', '<i4']]", "[{('t', 'n'): 0, '<i4': 0}]", "['fi', ('g', '<f8', 2)]", "[('a', (['fi'], 2))]",
      "[('', '<i4')]", "[('', '<i4', (3,)), ('b', 'u1')]", "[('', 'V4'), ('b', 'u1')]", "[(('t', ''), 'V4'), ('b', 'u1')]", "[('a', ('<i4', 2, 9))]",
      "{}", "[]", "[('', '|V0')]", "[((None, 'a'), '<i4')]", "['\u00e9i']", "{'fi': 0, 'fi': 1}",
      // refused by both
      "[('a', '<i4'), 'xi3']", "[b'fi']", "['  ']", "[('', 'fi')]", "'fi'", "('<i4',)", "[('a', [('b', 'fi')])]", "[('a', ('fi', 2))]",
      "['f8']", "{'fi': 0, 'fd': 1}", "['fi', 'fi']", "[('a', '<i4'), 'a?']", "[1]", "[('a', '<i4', 2.0)]", "[{'a': 0}]", "[{'a': 0, 'b': 0, 'c': 0, 'd': 0}]",
      "[('a', ('<i4', (0,)), (2,))]", "[(('a', 'a'), '<i4')]", "[(('t', 'a'), '<i4'), ('t', 'u1')]", "[('t', 'u1'), (('t', 'a'), '<i4')]",
    ];
    const cases = JSON.parse(runNumpy(`${DESCR_ORACLE_PY}
import ast
json.dump([oracle(text, ast.literal_eval(text)) for text in json.loads(sys.stdin.read())], sys.stdout)`, JSON.stringify(descrs))) as DescrCase[];
    let read = 0, refused = 0;
    for (const c of cases) {
      const got = await headerOf(c);
      if (sameAsNumpy(c, got) === 'read') read++;
      else refused++;
    }
    assert.deepStrictEqual(cases.map((c) => c.text), descrs);
    assert.deepStrictEqual([read, refused], [28, 20]);
    // A deliberate deviation (README): NumPy makes (('<i2', (0,)), 2) a dtype of 2 bytes whose shape holds none
    await fails(rawNpy(hdr("[('a', ('<i2', (0,)), 2)]", '(2,)'), new Uint8Array(4)), 'format', /a subarray of no bytes/);
  });

  it(`random descrs read as np.load reads them (seed ${DESCR_SEED}; NPYVIEW_DESCR_SEED replays)`, async function () {
    if (!requireNumpy()) return;
    this.timeout(120000);
    // Nested type strings, (base, shape) tuples, field lists and dicts, fields as tuples, lists,
    // strings and dicts, names with titles or of other types: what np.load makes of each
    // (numpy.lib.format.descr_to_dtype), nested subarrays flattened as np.load's arrays are.
    const cases = JSON.parse(runNumpy(`${DESCR_ORACLE_PY}
import ast, random
seed, n = json.loads(sys.stdin.read())
rng = random.Random(seed)
TYPES = ["'<m8[2D]'", "'>U0'", "'a4'", "'|V0'", "None", "1", "b'<i4'", "'i4,f8'", "'(2,)i4'", "'=i4'", "'|O'", "'<i4'", "'u1'", "'<f8'", "'|b1'", "'S3'", "'<U2'", "'V4'", "'i'", "'f'", "'?'", "'S'", "'V'", "'>i2'", "'<M8[s]'", "'fi'", "''", "'x'", "'c16'", "'<f2'"]
NAMES = ["b'a'", "('', 'x')", "('x', '')", "(None, 'n')", "'  '", "'a'", "'b'", "''", "('t', 'c')", "'f'", "'\u00e9'", "1", "None", "('x',)"]
def shape(): return rng.choice(["(2, -1)", "(True,)", "((2,),)", "(65,)", "2", "(2,)", "(2, 3)", "()", "[2]", "(0,)", "'2'", "-1", "(1,)"])
def fmt(d):
    r = rng.random()
    if d > 2 or r < 0.5: return rng.choice(TYPES)
    if r < 0.65: return "(%s, %s)" % (fmt(d + 1), shape())
    if r < 0.85: return fields(d + 1)
    return "{%s}" % ", ".join("%s: 0" % field(d + 1) for _ in range(rng.randint(1, 2)))
def field(d):
    r = rng.random()
    if r < 0.6: return "(%s, %s)" % (rng.choice(NAMES), fmt(d))
    if r < 0.75: return "(%s, %s, %s)" % (rng.choice(NAMES), fmt(d), shape())
    if r < 0.85: return repr(rng.choice(['fi', 'gd', 'hb', 'xi3', 'a?', 'ab', 'zS', 'q']))
    if r < 0.95: return "[%s, %s]" % (rng.choice(NAMES), fmt(d))
    return "{%s: 0, %s: 1}" % (rng.choice(NAMES), fmt(d))
def fields(d): return "[%s]" % ", ".join(field(d) for _ in range(rng.randint(0, 3)))
out = []
while len(out) < n:
    text = fmt(0) if rng.random() < 0.3 else fields(0)
    try:
        value = ast.literal_eval(text)
    except SyntaxError:
        continue
    except Exception as e:
        out.append({'text': text, 'error': type(e).__name__})
        continue
    out.append(oracle(text, value))
json.dump(out, sys.stdout)`, JSON.stringify([DESCR_SEED, 1500]))) as DescrCase[];
    let read = 0, refused = 0, deviations = 0;
    for (const c of cases) {
      const got = await headerOf(c);
      if (!c.error && got instanceof NpyError && /a subarray of no bytes/.test(got.message)) {
        deviations++; // README: NumPy makes a dtype whose size is not its shape's
      } else if (sameAsNumpy(c, got) === 'read') read++;
      else refused++;
    }
    assert.strictEqual(read + refused + deviations, 1500);
    assert.ok(read > 500 && refused > 300 && deviations < 30, `read ${read}, refused ${refused}, deviations ${deviations}`);
  });

  it("refuses a set in the header with a message: NumPy's reading of one depends on an order Python does not fix", async () => {
    await fails(rawNpy(hdr("[{'a', '<i4'}]", '(2,)'), new Uint8Array(8)), 'unsupported', /holds a set/);
  });

  it('decodes version 1.0/2.0 headers as true latin-1 (0x80 is U+0080, not the euro sign)', async () => {
    const text = "{'descr': [('\x80\xe9', '<i4')], 'fortran_order': False, 'shape': (1,), }";
    const h = await readHeader(new BufferSource(rawNpy(text, new Uint8Array(4))));
    assert.deepStrictEqual((h.dtype as StructDType).fields.map(f => f.name), ['\u0080\u00e9']);
  });

  it('says how many bytes the data needs and how many are there', async () => {
    await fails(rawNpy(hdr("'<f8'", '(3, 4)'), new Uint8Array(50)), 'format', /needs 96 bytes, but only 50 bytes are present/);
    const file = fs.readFileSync(fixture('c_3x4_i4.npy'));
    await fails(file.subarray(0, file.length - 1), 'format', /needs 48 bytes, but only 47/);
  });

  it('opens a zero-size and a 0-d array', async () => {
    const z = await NpyArray.open(new BufferSource(rawNpy(hdr("'<f8'", '(0, 1000000000000000)'))));
    assert.deepStrictEqual(z.shape, [0, 1e15]);
    const s = await NpyArray.open(new BufferSource(rawNpy(hdr("'<f8'", '()'), new Uint8Array(8))));
    assert.deepStrictEqual(s.shape, []);
  });

  it('never crashes on corrupted headers: every failure is an NpyError', async () => {
    // Deterministic mutations of real files: flipped bytes in the header, truncations, splices.
    let seed = 99;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const names = Object.keys(expected.files);
    let failures = 0;
    let opened = 0;
    for (let t = 0; t < 600; t++) {
      const name = names[rand(names.length)];
      const file = Buffer.from(fs.readFileSync(fixture(name)));
      const hdrEnd = expected.files[name].data_offset;
      let bytes: Buffer;
      switch (t % 3) {
        case 0: // flip a few header bytes (length field included)
          bytes = file;
          for (let k = 1 + rand(3); k > 0; k--) bytes[rand(Math.min(hdrEnd, 200))] = rand(256);
          break;
        case 1: // truncate anywhere
          bytes = file.subarray(0, rand(file.length));
          break;
        default: { // replace a span of the header text with text of another header
          const other = fs.readFileSync(fixture(names[rand(names.length)]));
          const a = 10 + rand(Math.max(1, Math.min(hdrEnd, 300) - 10));
          bytes = Buffer.concat([file.subarray(0, a), other.subarray(10 + rand(50), 10 + rand(200)), file.subarray(a)]);
        }
      }
      try {
        const arr = await NpyArray.open(new BufferSource(bytes));
        const v = arr.view();
        if (v.size > 0) await v.readBlock(v.shape.map(() => 0), v.shape.map(() => 1));
        opened++;
      } catch (e) {
        assert.ok(e instanceof NpyError, `${name} mutation ${t}: ${(e as Error).stack}`);
        assert.ok(e.message.length > 10 && e.message.length < 600);
        failures++;
      }
    }
    assert.ok(failures > 300, `only ${failures} of 600 mutations were rejected`);
    assert.strictEqual(failures + opened, 600, 'every mutation was tried');
  });

  it('a top-level subarray descr: NumPy 2.4 reads items of it and reshapes them to the shape (see shapes.test.ts)', async () => {
    // (2, 3) values cannot take the shape (2,): "Failed to read all data for array"
    await assert.rejects(NpyArray.open(new BufferSource(rawNpy(hdr("('<i2', (3,))", '(2,)'), new Uint8Array(12)))),
      /Failed to read all data for array. Expected \(2,\) = 2 elements, could only read 6 elements/);
    // one element per item: the shape stays, the dtype is the base
    const a = await NpyArray.open(new BufferSource(rawNpy(hdr("('<i2', (1,))", '(2,)'), new Uint8Array(4))));
    assert.deepStrictEqual(a.shape, [2]);
    assert.strictEqual(a.dtype.itemsize, 2);
  });
});
