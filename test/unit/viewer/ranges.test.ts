/**
 * ViewInfo.ranges (where each view axis lies in the array) against NumPy: for random slices of
 * random axis lengths, the session's start and step give exactly the indices np.arange(n)[slice]
 * selects. With CI set, a missing NumPy fails the test.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openSource } from '../../../src/npy/format/open';
import { ViewerSession } from '../../../src/viewer/session';
import { rng } from '../../support/npzfixtures';
import { PYTHON, requireNumpy } from '../../support/numpy';
import { i4, npyBytes, writeI4 } from '../../support/viewer-arrays';

const CASES = 300;

describe('view ranges (NumPy oracle)', function () {
  this.timeout(60000);

  it(`match np.arange(n)[slice] for ${CASES} random slices`, async function () {
    requireNumpy(this, 'the view ranges oracle');
    const next = rng(20261207);
    const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
    const bound = (n: number): string => (next() < 0.3 ? '' : String(int(-n - 3, n + 3)));
    const cases: { n: number; sl: string }[] = [];
    for (let k = 0; k < CASES; k++) {
      const n = int(1, 40);
      const step = next() < 0.3 ? '' : String(int(-5, 5) || 1);
      cases.push({ n, sl: `${bound(n)}:${bound(n)}${step ? `:${step}` : ''}` });
    }
    const py = 'import json, sys\nimport numpy as np\nout = []\nfor c in json.load(sys.stdin):\n'
      + '    out.append([int(x) for x in eval("np.arange(%d)[%s]" % (c["n"], c["sl"]))])\nprint(json.dumps(out))\n';
    const run = spawnSync(PYTHON, ['-c', py], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60000 });
    assert.strictEqual(run.status, 0, run.stderr);
    const numpy = JSON.parse(run.stdout) as number[][];
    assert.strictEqual(numpy.length, CASES);
    let checked = 0;
    let nonEmpty = 0;
    for (let k = 0; k < CASES; k++) {
      const { n, sl } = cases[k];
      // Axis 1 of a (2, n) array, so the slice's axis is not the first.
      const bytes = npyBytes(i4, [2, n], writeI4((i) => i));
      const s = new ViewerSession(await openSource(new BufferSource(bytes), 'a.npy'), { fileName: 'a.npy', sizeOnDisk: bytes.length, settings: { notation: 'auto', precision: 6 } });
      const info = (await s.resolve({ index: `1, ${sl}`, rowAxis: 0, colAxis: 1 })).info;
      const want = numpy[k];
      assert.strictEqual(info.rows, want.length, `${sl} of ${n}`);
      const { start, step } = info.ranges[0];
      assert.deepStrictEqual(want.map((_, i) => start + i * step), want, `${sl} of ${n}: start ${start}, step ${step}`);
      if (want.length > 0) nonEmpty++;
      checked++;
    }
    assert.strictEqual(checked, CASES);
    assert.ok(nonEmpty > CASES / 2, `${nonEmpty} non-empty slices`);
  });

  it('lists one range per view axis, in view order, for integers and slices mixed', async () => {
    const bytes = npyBytes(i4, [6, 12, 64], writeI4((i) => i));
    const s = new ViewerSession(await openSource(new BufferSource(bytes), 'c.npy'), { fileName: 'c.npy', sizeOnDisk: bytes.length, settings: { notation: 'auto', precision: 6 } });
    const info = (await s.resolve({ index: '2:5, 10, ::-3', rowAxis: 0, colAxis: 1 })).info;
    assert.deepStrictEqual(info.ranges, [{ start: 2, step: 1 }, { start: 63, step: -3 }]);
    assert.deepStrictEqual((await s.resolve({ index: '1, 2, 3', rowAxis: 0, colAxis: 1 })).info.ranges, []);
    // Transposed on the grid: still one range per view axis, in view order.
    assert.deepStrictEqual((await s.resolve({ index: ':, 0, 1::2', rowAxis: 1, colAxis: 0 })).info.ranges,
      [{ start: 0, step: 1 }, { start: 1, step: 2 }]);
  });
});
