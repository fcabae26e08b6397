/** src/shared/format.ts: the one home of the precision range, notations, byte sizes and shape text. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  DEFAULT_FORMAT, NOTATIONS, PRECISION_MAX, PRECISION_MIN, byteSize, clampPrecision, isPrecision, normalizeFormat, shapeText,
} from '../../../src/shared/format';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

describe('shared format rules', () => {
  it("package.json's settings schema says what src/shared/format.ts says", () => {
    const props = manifest.contributes.configuration.properties;
    const precision = props['npyViewer.precision'];
    assert.strictEqual(precision.minimum, PRECISION_MIN);
    assert.strictEqual(precision.maximum, PRECISION_MAX);
    assert.strictEqual(precision.type, 'integer');
    assert.strictEqual(precision.default, DEFAULT_FORMAT.precision);
    const notation = props['npyViewer.notation'];
    assert.deepStrictEqual(notation.enum, [...NOTATIONS]);
    assert.strictEqual(notation.default, DEFAULT_FORMAT.notation);
  });

  it('clamps a precision from settings.json into the range, never refuses it', () => {
    assert.strictEqual(clampPrecision(35), 35);
    assert.strictEqual(clampPrecision(99), PRECISION_MAX);
    assert.strictEqual(clampPrecision(-1), PRECISION_MIN);
    assert.strictEqual(clampPrecision(6.5), 7);
    assert.strictEqual(clampPrecision(Infinity), PRECISION_MAX);
    for (const junk of [NaN, '6', null, undefined, {}]) assert.strictEqual(clampPrecision(junk), DEFAULT_FORMAT.precision, String(junk));
    assert.deepStrictEqual(normalizeFormat({ notation: 'fixed', precision: 40 }), { notation: 'fixed', precision: 40 });
    assert.deepStrictEqual(normalizeFormat({ notation: 'engineering', precision: 41 }), { notation: 'auto', precision: 40 });
    assert.deepStrictEqual(normalizeFormat({}), DEFAULT_FORMAT);
    assert.ok(isPrecision(0) && isPrecision(40) && !isPrecision(41) && !isPrecision(-1) && !isPrecision(2.5) && !isPrecision('3'));
  });

  it('writes byte sizes one way: one decimal below 10, none above, never 1024 of a unit', () => {
    const cases: [number, string][] = [
      [0, '0 B'], [512, '512 B'], [1023, '1023 B'], [1024, '1.0 KiB'], [1536, '1.5 KiB'], [10 * 1024, '10 KiB'],
      [1023.4 * 1024, '1023 KiB'], [1023.6 * 1024, '1.0 MiB'], [1.25 * 2 ** 20, '1.3 MiB'], [4 * 2 ** 30, '4.0 GiB'],
      [2 ** 50, '1.0 PiB'], [2 ** 60, '1.0 EiB'], [2 ** 70, '1024 EiB'],
    ];
    for (const [n, text] of cases) assert.strictEqual(byteSize(n), text, String(n));
    assert.strictEqual(byteSize(5, (k) => `${k} 字节`), '5 字节');
  });

  it('writes a shape as NumPy prints the tuple', () => {
    assert.strictEqual(shapeText([]), '()');
    assert.strictEqual(shapeText([5]), '(5,)');
    assert.strictEqual(shapeText([2, 3]), '(2, 3)');
    assert.strictEqual(shapeText([0, 3, 4]), "(0, 3, 4)");
  });
});
