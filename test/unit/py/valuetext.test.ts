/**
 * Full-precision text and NumPy literals of elements, with NumPy as the oracle: the literal of
 * every scalar fixture (every dtype kind, NaN, ±inf, -0.0, NaT, odd units, byte orders), every
 * float16, and random float32/float64/complex bit patterns is evaluated by python3 and must give
 * back the same bytes (a NaN any NaN: np.nan has NumPy's own payload) in the same dtype.
 */
import * as assert from 'assert';
import { dtypeFromDescr, type DType } from '../../../src/npy/format/dtype';
import { makeDecoder } from '../../../src/npy/format/decode';
import { parsePyLiteral } from '../../../src/npy/py/pyliteral';
import { fullValueText, literalItem, numpyLiteral } from '../../../src/npy/py/valuetext';
import { requireNumpy, runNumpy } from '../../support/numpy';
import { loadScalars } from '../text/scalarstr.test';

/** Python: reads [[literal, descr, hex]...] on stdin, prints the cases whose literal does not give the bytes back. */
const CHECK_LITERALS = String.raw`
def same(a, b):
    if a.dtype.names:
        return all(same(a[n], b[n]) for n in a.dtype.names)
    if a.dtype.kind == 'c':
        return same(a.real, b.real) and same(a.imag, b.imag)
    a, b = np.atleast_1d(a).ravel(), np.atleast_1d(b).ravel()
    if a.tobytes() == b.tobytes():
        return True
    if a.dtype.kind == 'f':
        # by value (a long double's padding bytes are garbage), the sign of a zero too
        return all((x == y and np.signbit(x) == np.signbit(y)) or (np.isnan(x) and np.isnan(y)) for x, y in zip(a, b))
    return False
bad = []
n = 0
for lit, descr, hexs in json.load(sys.stdin):
    dt = np.dtype(eval(descr))
    want = np.frombuffer(bytes.fromhex(hexs), dtype=dt)
    try:
        got = eval(lit)
        ok = got.dtype == dt and got.size == want.size and same(got.reshape(-1), want)
    except Exception as e:
        ok, got = False, e
    n += 1
    if not ok:
        bad.append([lit[:300], descr, hexs[:64], repr(got)[:300]])
print(json.dumps({'n': n, 'bad': bad[:20]}))
`;

function checkLiterals(cases: [string, string, string][]): void {
  const out = JSON.parse(runNumpy(CHECK_LITERALS, JSON.stringify(cases))) as { n: number; bad: string[][] };
  assert.strictEqual(out.n, cases.length);
  assert.deepStrictEqual(out.bad, []);
}

/** `count` elements of dtype `descr` from random bytes (a seeded generator: the same cases every run). */
function randomCases(descr: string, count: number, seed: number): [string, string, string][] {
  const dt = dtypeFromDescr(parsePyLiteral(descr));
  const dec = makeDecoder(dt);
  let s = seed >>> 0;
  const next = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s & 0xff; };
  const out: [string, string, string][] = [];
  for (let i = 0; i < count; i++) {
    const b = Buffer.from(Array.from({ length: dt.itemsize }, next));
    out.push([numpyLiteral(dt, [1], [literalItem(dt, dec(b, 0))]), descr, b.toString('hex')]);
  }
  return out;
}

describe('valuetext: full-precision text and NumPy literals (numpy checks)', function () {
  this.timeout(180000);
  const scalars = loadScalars();

  it('full value text is NumPy\'s str() of the scalar, strings and bytes as Python reprs', function () {
    requireNumpy(this, 'full value text');
    const input = scalars.map((x) => [x.c.descr, x.c.hex]);
    const want = JSON.parse(runNumpy(String.raw`
out = []
for descr, hexs in json.load(sys.stdin):
    x = np.frombuffer(bytes.fromhex(hexs), dtype=np.dtype(eval(descr)))[0]
    out.append(repr(str(x)) if x.dtype.kind == 'U' else str(x))
print(json.dumps(out))
`, JSON.stringify(input))) as string[];
    const bad = scalars.map((x, i) => [x.c.descr, x.c.hex, fullValueText(x.dt, x.value), want[i]]).filter((r) => r[2] !== r[3]);
    assert.deepStrictEqual(bad, []);
    assert.strictEqual(want.length, 479);
  });

  it('full value text reads back as the same float (shortest round trip), e.g. 0.30000000000000004', () => {
    const f8 = dtypeFromDescr('<f8');
    assert.strictEqual(fullValueText(f8, 0.1 + 0.2), '0.30000000000000004');
    assert.strictEqual(fullValueText(f8, 1.2345678901234567e20), '1.2345678901234567e+20');
    assert.strictEqual(fullValueText(dtypeFromDescr('<U3'), 'abc'), "'abc'");
    assert.strictEqual(fullValueText(dtypeFromDescr('|S3'), new Uint8Array([97, 98, 99])), "b'abc'");
    assert.strictEqual(fullValueText(dtypeFromDescr('<c16'), { re: 1, im: 2 }), '(1+2j)');
  });

  it('the literal of every scalar fixture evaluates to the same value and dtype', function () {
    requireNumpy(this, 'NumPy literals');
    const cases = scalars.map((x): [string, string, string] => [numpyLiteral(x.dt, [1], [literalItem(x.dt, x.value)]), x.c.descr, x.c.hex]);
    assert.strictEqual(cases.length, 479);
    checkLiterals(cases);
  });

  it('every float16, and random float32, float64, complex64 and complex128 bit patterns round-trip', function () {
    requireNumpy(this, 'NumPy literals');
    const f2 = dtypeFromDescr('<f2');
    const dec = makeDecoder(f2);
    const items: string[] = [];
    const bytes = Buffer.alloc(2 * 65536);
    for (let h = 0; h < 65536; h++) {
      bytes.writeUInt16LE(h, 2 * h);
      items.push(literalItem(f2, dec(bytes, 2 * h)));
    }
    const all: [string, string, string][] = [[numpyLiteral(f2, [256, 256], items), "'<f2'", bytes.toString('hex')]];
    checkLiterals([
      ...all, ...randomCases("'<f4'", 3000, 1), ...randomCases("'>f4'", 1000, 2), ...randomCases("'<f8'", 2000, 3),
      ...randomCases("'<c8'", 1000, 4), ...randomCases("'>c16'", 1000, 5),
    ]);
  });

  it('a 2-D selection of a structured dtype is a nested list of tuples with the descr as dtype', function () {
    requireNumpy(this, 'NumPy literals');
    const descr = "[('a', '<i2'), ('b', '<f8', (2,)), ('c', '<U2')]";
    const dt: DType = dtypeFromDescr(parsePyLiteral(descr));
    const buf = Buffer.alloc(dt.itemsize * 4);
    for (let i = 0; i < 4; i++) {
      buf.writeInt16LE(i - 2, i * dt.itemsize);
      buf.writeDoubleLE(i / 3, i * dt.itemsize + 2);
      buf.writeDoubleLE(-i * 1e300, i * dt.itemsize + 10);
      buf.writeUInt32LE(0x4e00 + i, i * dt.itemsize + 18);
    }
    const dec = makeDecoder(dt);
    const items = [0, 1, 2, 3].map((i) => literalItem(dt, dec(buf, i * dt.itemsize)));
    const lit = numpyLiteral(dt, [2, 2], items);
    assert.match(lit, /^np\.array\(\[\[\(-2, \[0\.0, -0\.0\], '\u4e00'\), /);
    // The 2-D shape is checked against the bytes read as (2, 2).
    const out = runNumpy(`a = ${lit}\nb = np.frombuffer(bytes.fromhex('${buf.toString('hex')}'), dtype=${descr}).reshape(2, 2)\nprint(a.shape, a.dtype == b.dtype, (a == b).all())`);
    assert.strictEqual(out.trim(), '(2, 2) True True');
  });

  it('refuses an object array (its elements are Python objects)', () => {
    assert.throws(() => literalItem(dtypeFromDescr('|O'), 1 as never), /object array has no NumPy literal/);
  });
});
