/**
 * The comparison engine against NumPy: random pairs of NumPy-written arrays (diff_oracle.py) of
 * every numeric dtype pair and byte order, C and Fortran order, with NaN, inf, integer extremes
 * and differences right at the tolerance; strings, datetimes, records and pairs NumPy refuses.
 * The seed is random per run and shown in the title; NPYVIEW_DIFF_SEED replays a run and
 * NPYVIEW_DIFF_CASES sets the number of cases (default 240).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { FileSource } from '../../../src/npy/io/filesource';
import { comparePair, type PairDiff } from '../../../src/npy/compute/diff/pair';
import { tempDir } from '../../support/cli-harness';
import { requireNumpy, runPython } from '../../support/numpy';

const SEED = process.env.NPYVIEW_DIFF_SEED ? Number(process.env.NPYVIEW_DIFF_SEED) : Math.floor(Math.random() * 1e9);
const COUNT = process.env.NPYVIEW_DIFF_CASES ? Number(process.env.NPYVIEW_DIFF_CASES) : 240;
const ORACLE = path.resolve(__dirname, '../../../../test/unit/compute/diff_oracle.py');

interface OracleCase {
  id: string; a: string; b: string; rtol: number; atol: number; dtype: [string, string]; shape: number[];
  mismatches: number; first: number[]; max_abs: string | null; max_rel: string | null; complex: boolean;
  incomparable?: string;
}

function pyFloat(s: string | null): number | null {
  if (s === null) return null;
  return s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
}

function flatOf(index: number[], shape: number[]): number {
  return index.reduce((f, i, k) => f * shape[k] + i, 0);
}

async function openNpy(file: string): Promise<NpyArray> {
  return NpyArray.open(await FileSource.open(file), file);
}

/** Exact for reals; complex magnitudes come from hypot, which may differ from C's by an ulp or two. */
function sameNumber(got: number | null, want: number | null, approx: boolean): boolean {
  if (got === null || want === null) return got === want;
  if (!approx || !Number.isFinite(want)) return Object.is(got, want) || got === want;
  return Math.abs(got - want) <= 4 * Number.EPSILON * Math.abs(want);
}

describe(`comparison engine vs NumPy (seed ${SEED}, ${COUNT} random pairs)`, function () {
  this.timeout(600000);
  if (!requireNumpy()) return;
  let dir = '';
  let cases: OracleCase[] = [];

  before(function () {
    dir = tempDir('npyview-diff-oracle-');
    runPython(ORACLE, [String(SEED), String(COUNT), dir], 300000);
    cases = (JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: OracleCase[] }).cases;
  });

  it('agrees with np.isclose(equal_nan=True) / == on every pair, whatever the chunk size', async function () {
    let checked = 0;
    let numeric = 0;
    let incomparable = 0;
    let differing = 0;
    const chunkSizes = [undefined, 16, 100, 4096];
    for (const c of cases) {
      const [a, b] = [await openNpy(path.join(dir, c.a)), await openNpy(path.join(dir, c.b))];
      try {
        const chunkBytes = chunkSizes[checked % chunkSizes.length];
        const got: PairDiff = await comparePair(a.view(), b.view(), { rtol: c.rtol, atol: c.atol, chunkBytes });
        const what = `seed ${SEED} case ${c.id}: ${c.dtype.join(' vs ')} shape [${c.shape}] rtol ${c.rtol} atol ${c.atol} chunk ${chunkBytes}\n` +
          `  replay: NPYVIEW_DIFF_SEED=${SEED} NPYVIEW_DIFF_CASES=${COUNT}`;
        if (c.incomparable !== undefined) {
          assert.ok(got.reason !== null && got.compared === 0 && !got.same, `NumPy: ${c.incomparable}; we compared: ${JSON.stringify(got)}\n${what}`);
          incomparable++;
        } else {
          assert.strictEqual(got.reason, null, `${got.reason}\n${what}`);
          assert.strictEqual(got.compared, c.shape.reduce((x, y) => x * y, 1), what);
          assert.strictEqual(got.mismatches, c.mismatches, what);
          assert.deepStrictEqual(got.first.map((e) => flatOf(e.index, c.shape)), c.first, what);
          assert.ok(sameNumber(got.max_abs, pyFloat(c.max_abs), c.complex), `max_abs ${got.max_abs} vs ${c.max_abs}\n${what}`);
          assert.ok(sameNumber(got.max_rel, pyFloat(c.max_rel), c.complex), `max_rel ${got.max_rel} vs ${c.max_rel}\n${what}`);
          assert.strictEqual(got.same, c.mismatches === 0, what);
          if (c.max_abs !== null) numeric++;
          if (c.mismatches > 0) differing++;
        }
        checked++;
      } finally {
        await a.close();
        await b.close();
      }
    }
    assert.strictEqual(checked, COUNT);
    // The generator must keep producing each kind of case, or the test proves less than it says.
    assert.ok(numeric >= COUNT / 3 && incomparable >= 1 && differing >= COUNT / 4, `numeric ${numeric}, incomparable ${incomparable}, differing ${differing}`);
  });
});
