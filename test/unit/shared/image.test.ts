/**
 * The shared image rule (src/shared/draw/image.ts) against NumPy: NumPy writes H×W×C arrays of
 * uint8, float16, float32 and float64 (random values in and out of [0, 1], values at and next to
 * k/255, 0, 1, ±Inf, NaN) and computes each pixel byte as `(np.clip(x, 0, 1) * 255).astype(np.uint8)`
 * in the array's own dtype (NaN → 0, as render --rgb documents); the engine reads the files and
 * pixelBytes must give the same bytes. Also which selection the Image view draws (imageSelection).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { FileSource } from '../../../src/npy/io/filesource';
import { heatmapGrid } from '../../../src/npy/compute/heatmap';
import { channelByte, imageSelection, pixelBytes, pixelIndex, pixelKind } from '../../../src/shared/draw/image';
import { FULL_SLICE } from '../../../src/shared/indexing/indexexpr';
import { requireNumpy, runNumpy } from '../../support/numpy';

const FIXTURES = `
rng = np.random.default_rng(1414)
np.save(d + '/u8_3.npy', rng.integers(0, 256, size=(13, 17, 3), dtype=np.uint8))
np.save(d + '/u8_4.npy', rng.integers(0, 256, size=(9, 11, 4), dtype=np.uint8))
k = np.arange(256) / 255.0
edge = np.concatenate([k, np.nextafter(k, 2), np.nextafter(k, -1), [0, 1, -0.0, 1e-300, -1e-300, 2, -3, np.inf, -np.inf, np.nan]])
for name, dt in [('f8', np.float64), ('f4', np.float32), ('f2', np.float16)]:
    vals = np.concatenate([edge.astype(dt), np.nextafter(edge.astype(dt), dt(2)), (rng.random(3000) * 1.4 - 0.2).astype(dt)])
    vals = vals[: (vals.size // 12) * 12]
    np.save(d + '/' + name + '.npy', vals.reshape(-1, 4, 3))
for name in ['u8_3', 'u8_4', 'f8', 'f4', 'f2']:
    a = np.load(d + '/' + name + '.npy')
    with np.errstate(all='ignore'):
        b = a if a.dtype == np.uint8 else np.nan_to_num(np.clip(a, 0, 1) * a.dtype.type(255), nan=0).astype(np.uint8)
    np.save(d + '/' + name + '_bytes.npy', b)
`;

async function values(file: string): Promise<{ values: ArrayLike<number>; channels: number; kind: string; itemsize: number }> {
  const a = await NpyArray.open(await FileSource.open(file));
  const grid = await heatmapGrid(a.view(), { maxWidth: 1 << 16, maxHeight: 1 << 16 });
  assert.strictEqual(grid.factor, 1);
  return { values: grid.values, channels: grid.channels, kind: a.dtype.kind, itemsize: a.dtype.itemsize };
}

describe('shared image rule: pixel bytes as NumPy computes them', function () {
  this.timeout(120000);
  let dir = '';
  before(function () {
    requireNumpy(this, 'the image rule oracle');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-image-'));
    runNumpy(`d = ${JSON.stringify(dir)}\n${FIXTURES}`);
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  for (const name of ['u8_3', 'u8_4', 'f8', 'f4', 'f2']) {
    it(`${name}: every byte equals (np.clip(x, 0, 1) * 255).astype(np.uint8)`, async () => {
      const v = await values(path.join(dir, `${name}.npy`));
      const want = await values(path.join(dir, `${name}_bytes.npy`));
      const kind = pixelKind(v.kind, v.itemsize)!;
      assert.strictEqual(kind, { u8_3: 'uint8', u8_4: 'uint8', f8: 'float64', f4: 'float32', f2: 'float16' }[name]);
      const out = new Uint8Array(v.values.length);
      pixelBytes(v.values, v.channels, kind, out, v.channels);
      let checked = 0;
      for (let i = 0; i < out.length; i++) {
        assert.strictEqual(out[i], want.values[i], `${name} value ${i}: ${v.values[i]}`);
        checked++;
      }
      assert.ok(checked > (name.startsWith('u8') ? 300 : 3000), `${checked} bytes checked`);
    });
  }

  it('writes RGBA from RGB (opaque) and gray (R = G = B), from a given pixel on', () => {
    const out = new Uint8Array(8);
    pixelBytes([10, 20, 30, 40, 50, 60], 3, 'uint8', out, 4, 1, 1);
    assert.deepStrictEqual([...out.subarray(0, 4)], [40, 50, 60, 255]);
    pixelBytes([0.5, 2], 1, 'float64', out, 4);
    assert.deepStrictEqual([...out], [127, 127, 127, 255, 255, 255, 255, 255]);
    assert.strictEqual(channelByte(127.5, 'uint8'), 128, 'a uint8 block mean is rounded');
    assert.strictEqual(channelByte(NaN, 'float32'), 0);
  });
});

describe('shared image rule: the Image view selection', () => {
  const int = (index: number) => ({ kind: 'int' as const, index });
  it('takes the last three axes whole, the others at the grid index (0 where the grid runs)', () => {
    const s = imageSelection([5, 7, 9, 3], [int(2), int(4), FULL_SLICE, FULL_SLICE], false)!;
    assert.deepStrictEqual(s.sels, [int(2), FULL_SLICE, FULL_SLICE, FULL_SLICE]);
    assert.deepStrictEqual([s.hAxis, s.wAxis, s.cAxis, s.channels, s.height, s.width], [1, 2, 3, 3, 7, 9]);
    assert.deepStrictEqual(pixelIndex(s, 6, 8), [2, 6, 8]);
    const f = imageSelection([4, 6, 8], [FULL_SLICE, int(1), FULL_SLICE], true)!;
    assert.deepStrictEqual([f.hAxis, f.wAxis, f.cAxis, f.channels, f.height, f.width], [1, 2, 0, 4, 6, 8]);
    const lead = imageSelection([2, 5, 5, 4], [FULL_SLICE, FULL_SLICE, int(0), FULL_SLICE], false)!;
    assert.deepStrictEqual(lead.sels[0], int(0));
  });
  it('has no colour image without a channel axis of 3 or 4 where it is looked for', () => {
    assert.strictEqual(imageSelection([5, 7], [FULL_SLICE, FULL_SLICE], false), undefined);
    assert.strictEqual(imageSelection([5, 7, 5], [int(0), FULL_SLICE, FULL_SLICE], false), undefined);
    assert.strictEqual(imageSelection([3, 7, 8], [int(0), FULL_SLICE, FULL_SLICE], false), undefined);
    assert.ok(imageSelection([3, 7, 8], [int(0), FULL_SLICE, FULL_SLICE], true));
    assert.strictEqual(imageSelection([0, 7, 8, 3], [FULL_SLICE, int(0), FULL_SLICE, FULL_SLICE], false), undefined);
  });
});
