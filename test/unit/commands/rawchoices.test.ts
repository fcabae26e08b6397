/** "Open as Array…": the dtypes, offsets and shapes it offers and takes, checked with NumPy's rules. */
import * as assert from 'assert';
import { checkDType, checkOffset, checkShape, COMMON_DTYPES, isRawChoice, shapeOffers } from '../../../src/commands/rawChoices';
import { parseDTypeText } from '../../../src/npy/format/raw';

const f4 = parseDTypeText('<f4');
const f8 = parseDTypeText('<f8');

describe('Open as Array: choices', () => {
  it('offers only dtypes NumPy reads, and reads typed ones as np.dtype does', () => {
    for (const d of COMMON_DTYPES) assert.ok(!('error' in checkDType(d)), d);
    const be = checkDType(' >f4 ');
    assert.ok(!('error' in be) && be.name === 'float32' && be.dtype.order === '>', JSON.stringify(be));
    const rec = checkDType('i4,f8');
    assert.ok(!('error' in rec) && rec.dtype.itemsize === 12);
    for (const bad of ['float33', '>float32', 'O', 'S0', '']) assert.ok('error' in checkDType(bad), bad);
  });

  it('takes offsets in decimal or hex within the file', () => {
    assert.strictEqual(checkOffset('', 100), 0);
    assert.strictEqual(checkOffset('0x10', 100), 16);
    assert.strictEqual(checkOffset('100', 100), 100);
    for (const bad of ['-1', '1.5', 'abc', '101']) assert.ok(typeof checkOffset(bad, 100) !== 'number', bad);
  });

  it('suggests shapes that use every element after the offset, the last choice first', () => {
    // 2400 bytes of float32 after 0: 600 elements.
    const offers = shapeOffers(2400, f4, 0, [20, 30]);
    assert.deepStrictEqual(offers[0], { shape: [20, 30], why: 'last choice' });
    assert.ok(offers.some((o) => o.shape.length === 1 && o.shape[0] === 600), 'the 1-D shape');
    for (const o of offers) assert.strictEqual(o.shape.reduce((a, b) => a * b, 1), 600, o.shape.join(','));
    assert.strictEqual(new Set(offers.map((o) => o.shape.join(','))).size, offers.length, 'no shape twice');
    // The last choice no longer fits float64 (300 elements): not offered.
    assert.ok(shapeOffers(2400, f8, 0, [20, 30]).every((o) => o.why !== 'last choice'));
    // A -1 in the last choice is kept as typed when it still fits.
    assert.deepStrictEqual(shapeOffers(2400, f8, 0, [-1, 3])[0], { shape: [-1, 3], why: 'last choice' });
    // An image-sized file: H × W × 3 is offered.
    assert.ok(shapeOffers(480 * 640 * 3, parseDTypeText('u1'), 0).some((o) => o.shape.join(',') === '480,640,3'));
  });

  it('checks a typed shape against the file as reshape would, with the bytes needed and present', () => {
    assert.deepStrictEqual(checkShape('-1, 4', 2400, f4, 0), { typed: [-1, 4], shape: [150, 4] });
    assert.deepStrictEqual(checkShape('(10, 15)', 1208, f8, 8), { typed: [10, 15], shape: [10, 15] });
    const r = checkShape('7, 7', 2400, f4, 0);
    assert.ok('error' in r && /needs 49 items/.test(r.error) && /600 whole/.test(r.error), JSON.stringify(r));
  });

  it('accepts only well-formed remembered choices', () => {
    assert.ok(isRawChoice({ dtype: '<f4', shape: [2, -1], offset: 0, order: 'F' }));
    for (const bad of [null, 'x', { dtype: 1, shape: [], offset: 0, order: 'C' }, { dtype: 'u1', shape: [1.5], offset: 0, order: 'C' },
      { dtype: 'u1', shape: [], offset: -0.5, order: 'C' }, { dtype: 'u1', shape: [], offset: 0, order: 'X' }]) {
      assert.ok(!isRawChoice(bad), JSON.stringify(bad));
    }
  });
});
