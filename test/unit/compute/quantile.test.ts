/**
 * Percentiles of a view's finite values (the robust domain of value-shaded cells) against
 * np.nanpercentile: exact for views of at most EXACT_LIMIT elements, within one histogram bin
 * width for larger ones.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { FileSource } from '../../../src/npy/io/filesource';
import { EXACT_LIMIT, percentilesView } from '../../../src/npy/compute/quantile';
import { FULL_SLICE } from '../../../src/shared/indexing/indexexpr';
import { requireNumpy, runNumpy } from '../../support/numpy';

const FIXTURES = `
rng = np.random.default_rng(13)
f8 = rng.standard_normal((3, 40, 50)); f8[1, 0, :7] = np.nan; f8[1, 5, 5] = 1e6; f8[1, 6, 6] = -1e6
np.save(d + '/f8.npy', f8)
np.save(d + '/f8be.npy', f8.astype('>f8'))
np.save(d + '/f4.npy', rng.standard_normal((17, 19)).astype(np.float32))
np.save(d + '/i2.npy', rng.integers(-300, 300, size=(33, 17), dtype=np.int16))
np.save(d + '/one.npy', np.array([2.5]))
np.save(d + '/nan.npy', np.full((4, 4), np.nan))
big = rng.standard_normal((2, 1_100_000)) * 3 + 1; big[1, ::97] = np.nan; big[1, :50] = 1e3
np.save(d + '/big.npy', big)
`;

/** np.nanpercentile of the slice (sl: a Python index) at 1 and 99, as JSON. */
function numpyPercentiles(dir: string, file: string, sl: string): [number, number] {
  const out = runNumpy(`import warnings
warnings.simplefilter('ignore')
a = np.load(${JSON.stringify(path.join(dir, file))})[${sl}].astype(np.float64)
print(json.dumps([float(x) for x in np.nanpercentile(a, [1, 99])]))`);
  return JSON.parse(out.replace(/NaN/g, 'null')) as [number, number];
}

describe('percentiles of a view vs np.nanpercentile', function () {
  this.timeout(300000);
  if (!requireNumpy()) return;
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-quantile-'));
    runNumpy(`d = ${JSON.stringify(dir)}\n${FIXTURES}`);
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  async function ours(file: string, first?: number) {
    const a = await NpyArray.open(await FileSource.open(path.join(dir, file)));
    try {
      let v = a.view();
      if (first !== undefined) v = v.index([{ kind: 'int', index: first }, ...v.shape.slice(1).map(() => FULL_SLICE)]);
      return await percentilesView(v, [1, 99], { chunkBytes: 4096 * 8 });
    } finally {
      await a.close();
    }
  }

  const small: [string, number | undefined, string][] = [
    ['f8.npy', undefined, ':'], ['f8.npy', 1, '1'], ['f8be.npy', 1, '1'], ['f8.npy', 2, '2'],
    ['f4.npy', undefined, ':'], ['i2.npy', undefined, ':'], ['i2.npy', 4, '4'], ['one.npy', undefined, ':'],
  ];
  for (const [file, first, sl] of small) {
    it(`exact for a small view: ${file}[${sl}]`, async () => {
      const got = await ours(file, first);
      assert.strictEqual(got.exact, true);
      assert.deepStrictEqual(got.values, numpyPercentiles(dir, file, sl));
    });
  }

  it('no finite value: null', async () => {
    const got = await ours('nan.npy');
    assert.deepStrictEqual(got.values, [null, null]);
    assert.strictEqual(got.finite, 0);
  });

  it(`within one bin width for a view of more than ${EXACT_LIMIT} elements (histogram path)`, async () => {
    for (const [first, sl] of [[0, '0'], [1, '1']] as const) {
      const got = await ours('big.npy', first);
      const want = numpyPercentiles(dir, 'big.npy', sl);
      assert.strictEqual(got.exact, false);
      assert.ok(got.binWidth > 0);
      got.values.forEach((g, i) => {
        assert.ok(g !== null && Math.abs(g - want[i]) <= got.binWidth, `slice ${sl}, p${[1, 99][i]}: ${g} vs NumPy ${want[i]} (bin width ${got.binWidth})`);
      });
    }
  });
});
