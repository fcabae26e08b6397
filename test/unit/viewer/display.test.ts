import * as assert from 'assert';
import { dtypeFromDescr } from '../../../src/npy/format/dtype';
import { makeCellFormatter, makeFieldFormatters, visibleText, FLAG_NAN, FLAG_INF, FLAG_NAT, FLAG_NEGATIVE, FLAG_NONE, DisplaySettings } from '../../../src/viewer/display';
import { parsePyLiteral } from '../../../src/npy/py/pyliteral';

const AUTO: DisplaySettings = { notation: 'auto', precision: 6 };

function cell(descr: string, bytes: number[] | Uint8Array, s: DisplaySettings = AUTO): { text: string; flag: number } {
  const dt = dtypeFromDescr(descr.startsWith('[') ? parsePyLiteral(descr) : descr);
  return makeCellFormatter(dt, s)(Uint8Array.from(bytes), 0);
}
const f8 = (x: number): Uint8Array => new Uint8Array(new Float64Array([x]).buffer);
const f4 = (x: number): Uint8Array => new Uint8Array(new Float32Array([x]).buffer);
const i8 = (x: bigint): Uint8Array => new Uint8Array(new BigInt64Array([x]).buffer);
const u8 = (x: bigint): Uint8Array => new Uint8Array(new BigUint64Array([x]).buffer);

describe('display: grid cell text', () => {
  it('integers are exact, including 64-bit', () => {
    assert.deepStrictEqual(cell('<i8', i8(-(2n ** 63n))), { text: '-9223372036854775808', flag: FLAG_NEGATIVE });
    assert.deepStrictEqual(cell('<u8', u8(2n ** 64n - 1n)), { text: '18446744073709551615', flag: FLAG_NONE });
    assert.deepStrictEqual(cell('|i1', [0xff]), { text: '-1', flag: FLAG_NEGATIVE });
  });
  it('auto floats: numpy str when short, else rounded to precision digits', () => {
    assert.strictEqual(cell('<f8', f8(0.1)).text, '0.1');
    assert.strictEqual(cell('<f8', f8(1)).text, '1.0');
    assert.strictEqual(cell('<f8', f8(Math.PI)).text, '3.14159');
    assert.strictEqual(cell('<f8', f8(123456789.123)).text, '1.23457e+08');
    assert.strictEqual(cell('<f8', f8(1e-7)).text, '1e-07');
    assert.strictEqual(cell('<f8', f8(2.5e-7 / 3)).text, '8.33333e-08');
    assert.strictEqual(cell('<f4', f4(0.1)).text, '0.1');
    assert.strictEqual(cell('<f8', f8(Math.PI), { notation: 'auto', precision: 3 }).text, '3.14');
  });
  it('fixed and scientific notation', () => {
    assert.strictEqual(cell('<f8', f8(2.675), { notation: 'fixed', precision: 2 }).text, '2.67'); // exact binary value
    assert.strictEqual(cell('<f8', f8(-1234.5), { notation: 'scientific', precision: 3 }).text, '-1.234e+03');
    assert.strictEqual(cell('<f8', f8(-1234.5), { notation: 'scientific', precision: 3 }).flag, FLAG_NEGATIVE);
  });
  it('nan / inf flags', () => {
    assert.deepStrictEqual(cell('<f8', f8(NaN)), { text: 'nan', flag: FLAG_NAN });
    assert.deepStrictEqual(cell('<f8', f8(-Infinity)), { text: '-inf', flag: FLAG_INF });
    assert.deepStrictEqual(cell('<f8', f8(Infinity), { notation: 'fixed', precision: 2 }), { text: 'inf', flag: FLAG_INF });
  });
  it('complex, bool, bytes, unicode with control characters', () => {
    assert.strictEqual(cell('<c16', [...f8(1), ...f8(-2)]).text, '1-2j');
    assert.strictEqual(cell('<c16', [...f8(1.5), ...f8(2)]).text, '1.5+2j');
    assert.strictEqual(cell('<c16', [...f8(NaN), ...f8(2)]).flag, FLAG_NAN);
    assert.strictEqual(cell('|b1', [1]).text, 'True');
    assert.strictEqual(cell('|S4', [0x61, 10, 0xff, 0]).text, "b'a\\n\\xff'");
    const u = new Uint8Array(12);
    new DataView(u.buffer).setUint32(0, 0x4e2d, true);
    new DataView(u.buffer).setUint32(4, 10, true);
    new DataView(u.buffer).setUint32(8, 0x1b, true);
    assert.strictEqual(cell('<U3', u).text, '中\\n\\x1b');
    assert.strictEqual(visibleText('a\tb'), 'a\\tb');
  });
  it('unicode that is not valid text: lone surrogates as escapes, past U+10FFFF as U+FFFD', () => {
    const u = new Uint8Array(20);
    const dv = new DataView(u.buffer);
    [0x41, 0xd800, 0x42, 0xdc00, 0x110000].forEach((cp, i) => dv.setUint32(i * 4, cp, true));
    assert.strictEqual(cell('<U5', u).text, 'A\\ud800B\\udc00\ufffd');
    assert.strictEqual(visibleText('\ud83d\ude00 \ude00\ud83d'), '\ud83d\ude00 \\ude00\\ud83d'); // a real pair stays
  });
  it('datetime / timedelta in numpy spelling, NaT flagged', () => {
    assert.deepStrictEqual(cell('<M8[D]', i8(18262n)), { text: '2020-01-01', flag: FLAG_NONE });
    assert.deepStrictEqual(cell('<M8[ms]', i8(1n)), { text: '1970-01-01T00:00:00.001', flag: FLAG_NONE });
    assert.deepStrictEqual(cell('<m8[s]', i8(-(2n ** 63n))), { text: 'NaT', flag: FLAG_NAT });
    assert.deepStrictEqual(cell('<m8[s]', i8(5n)), { text: '5 seconds', flag: FLAG_NONE });
  });
  it('structured: one formatter per flattened field, subarrays compact and elided', () => {
    const dt = dtypeFromDescr(parsePyLiteral("[('a', '<i4'), ('b', [('c', '<f8')]), ('s', '<i2', (12,)), ('t', '<i2', (2, 2))]"));
    const fields = makeFieldFormatters(dt, AUTO);
    assert.deepStrictEqual(fields.map((f) => f.name), ['a', 'b.c', 's', 't']);
    const rec = new Uint8Array(4 + 8 + 24 + 8);
    const v = new DataView(rec.buffer);
    v.setInt32(0, -7, true);
    v.setFloat64(4, 0.5, true);
    for (let i = 0; i < 12; i++) v.setInt16(12 + 2 * i, i, true);
    for (let i = 0; i < 4; i++) v.setInt16(36 + 2 * i, 10 + i, true);
    assert.deepStrictEqual(fields.map((f) => f.format(rec, 0).text), ['-7', '0.5', '[0, 1, 2, 3, 4, 5, 6, 7, …]', '[[10, 11], [12, 13]]']);
    assert.strictEqual(makeCellFormatter(dt, AUTO)(rec, 0).text, '(-7, (0.5,), [0, 1, 2, 3, 4, 5, 6, 7, …], [[10, 11], [12, 13]])');
  });
});
