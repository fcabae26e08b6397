import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dtypeFromDescr, DType } from '../../../src/npy/format/dtype';
import { makeDecoder, Value } from '../../../src/npy/format/decode';
import { parsePyLiteral } from '../../../src/npy/py/pyliteral';
import { numpyStr, numpyRepr, floatStr } from '../../../src/npy/text/scalarstr';
import { bytesRepr, strRepr } from '../../../src/npy/py/pyrepr';

const FIX = path.join(__dirname, '../../../../test/fixtures/text');

export interface ScalarCase { descr: string; hex: string; str: string; repr: string; fmt: Record<string, string> }
export function loadScalars(): { dt: DType; value: Value; c: ScalarCase }[] {
  const data = JSON.parse(fs.readFileSync(path.join(FIX, 'scalars.json'), 'utf8')) as { cases: ScalarCase[] };
  return data.cases.map((c) => {
    const dt = dtypeFromDescr(parsePyLiteral(c.descr));
    const value = makeDecoder(dt)(Buffer.from(c.hex, 'hex'), 0);
    return { dt, value, c };
  });
}

describe('scalarstr: str()/repr() of numpy scalars (numpy outputs)', () => {
  const cases = loadScalars();
  it('has cases of every kind', () => {
    const kinds = new Set(cases.map((x) => x.dt.kind));
    for (const k of ['b', 'i', 'u', 'f', 'c', 'S', 'U', 'V', 'M', 'm', 'struct']) assert.ok(kinds.has(k as DType['kind']), k);
  });
  it('str() matches numpy for every case', () => {
    const bad = cases.filter((x) => numpyStr(x.dt, x.value) !== x.c.str)
      .map((x) => `${x.c.descr} ${x.c.hex}: ${JSON.stringify(numpyStr(x.dt, x.value))} != ${JSON.stringify(x.c.str)}`);
    assert.deepStrictEqual(bad, []);
  });
  it('repr() matches numpy for every case', () => {
    const bad = cases.filter((x) => numpyRepr(x.dt, x.value) !== x.c.repr)
      .map((x) => `${x.c.descr} ${x.c.hex}: ${JSON.stringify(numpyRepr(x.dt, x.value))} != ${JSON.stringify(x.c.repr)}`);
    assert.deepStrictEqual(bad, []);
  });
});

describe('scalarstr: shortest round-trip digits (float16/32/64, longdouble)', () => {
  const data = JSON.parse(fs.readFileSync(path.join(FIX, 'shortest.json'), 'utf8')) as Record<string, [string, string][]>;
  for (const descr of Object.keys(data)) {
    it(`str() of ${descr} matches numpy (${data[descr].length} values)`, () => {
      const dt = dtypeFromDescr(descr);
      const dec = makeDecoder(dt);
      const bad: string[] = [];
      for (const [hex, want] of data[descr]) {
        const got = numpyStr(dt, dec(Buffer.from(hex, 'hex'), 0));
        if (got !== want && bad.length < 10) bad.push(`${hex}: ${got} != ${want}`);
      }
      assert.deepStrictEqual(bad, []);
    });
  }
});

describe('scalarstr: spot checks', () => {
  it('float thresholds per type', () => {
    assert.strictEqual(floatStr(1e16, 64), '1e+16');
    assert.strictEqual(floatStr(1e15, 64), '1000000000000000.0');
    assert.strictEqual(floatStr(1000, 16), '1e+03');
    assert.strictEqual(floatStr(999, 16), '999.0');
    assert.strictEqual(floatStr(1e6, 32), '1e+06');
    assert.strictEqual(floatStr(-0, 64), '-0.0');
    assert.strictEqual(floatStr(1.5e-5, 64), '1.5e-05');
  });
  it('python reprs of bytes and str', () => {
    assert.strictEqual(bytesRepr(Buffer.from("it's")), `b"it's"`);
    assert.strictEqual(bytesRepr(Buffer.from([0, 10, 255, 92])), "b'\\x00\\n\\xff\\\\'");
    assert.strictEqual(strRepr('a\u200bb\u00e9'), "'a\\u200bb\u00e9'");
  });
});
