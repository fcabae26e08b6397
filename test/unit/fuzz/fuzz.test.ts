/**
 * The fuzz harness in the unit layer (test/fuzz, `npm run fuzz`): every input a fuzz run ever
 * found failing (test/fixtures/fuzz) is replayed against what NumPy made of it, and a short
 * deterministic run mutates the seeds, runs the engine in its worker, NumPy (when installed;
 * with CI set it must be) and npyview end to end, and finds nothing.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCli } from '../../fuzz/clicheck';
import { compare } from '../../fuzz/compare';
import { evaluate } from '../../fuzz/evaluate';
import { fuzz } from '../../fuzz/fuzz';
import { numpyAvailable } from '../../fuzz/oracle';
import { FUZZ_FIXTURES, loadSaved } from '../../fuzz/regressions';
import { ROOT, loadSeeds } from '../../fuzz/seeds';

/** Cases of the short run: a few hundred, a couple of minutes on a loaded 2-core machine. */
const SHORT_RUN = 300;
const SHORT_SEED = 20261206;

function cliPath(): string {
  const dist = path.join(ROOT, 'dist', 'cli.js');
  return fs.existsSync(dist) ? dist : path.join(ROOT, 'out', 'src', 'cli.js');
}

describe('fuzz harness', () => {
  const numpy = numpyAvailable();

  it('replays every input a fuzz run found failing: the engine now gives what NumPy gave', async function () {
    this.timeout(300000);
    const saved = loadSaved();
    let replayed = 0;
    for (const c of saved) {
      const file = path.join(FUZZ_FIXTURES, c.file);
      assert.ok(fs.existsSync(file), `${c.file} is listed in cases.json but missing`);
      const ours = await evaluate(file, c.fmts);
      assert.strictEqual(ours.crash, undefined, `${c.file}: ${ours.crash}`);
      if (c.numpy) {
        const real = compare(c.numpy, ours).filter((d) => !d.deviation);
        // an open case still differs (else it is fixed: drop its `open`); all others agree
        if (c.open) assert.notDeepStrictEqual(real, [], `${c.file} is marked open but agrees with NumPy now`);
        else assert.deepStrictEqual(real, [], `${c.file} (was: ${c.detail})`);
      }
      // a case npyview failed end to end runs through npyview again
      if (c.classes.some((k) => k.startsWith('cli-'))) {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-fuzz-replay-'));
        try {
          const cli = await checkCli(cliPath(), file, ours, tmp);
          assert.deepStrictEqual(cli.diffs, [], `${c.file} (was: ${c.detail})`);
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      }
      replayed++;
    }
    assert.strictEqual(replayed, saved.length);
    // every file kept there is listed (a fixture nobody replays is a fixture that cannot fail)
    const files = fs.existsSync(FUZZ_FIXTURES) ? fs.readdirSync(FUZZ_FIXTURES).filter((f) => f !== 'cases.json') : [];
    assert.deepStrictEqual(files.sort(), saved.map((c) => c.file).sort());
  });

  it(`a short deterministic run (${SHORT_RUN} cases, seed ${SHORT_SEED}) finds no crash, hang, memory or difference from NumPy`, async function () {
    this.timeout(900000);
    if (!numpy && process.env.CI) assert.fail('NumPy is required with CI set: python3 -c "import numpy" fails');
    const cli = cliPath();
    const failures: string[] = [];
    const rep = await fuzz(loadSeeds(), {
      n: SHORT_RUN, seed: SHORT_SEED, numpy, cliEvery: 50, cli,
      onFailure: (f) => failures.push(`case ${f.index} (${f.from}: ${f.ops.join(' ')}): ${f.diffs.map((d) => `[${d.cls}] ${d.detail}`).join('; ')}`),
    });
    assert.strictEqual(rep.cases, SHORT_RUN);
    assert.strictEqual(rep.cliCases, SHORT_RUN / 50);
    assert.deepStrictEqual(failures, [], `replay one with: npm run fuzz -- --seed ${SHORT_SEED} --from I --n 1`);
    if (numpy) {
      // the mutants reach both sides: files NumPy reads and files it refuses
      assert.ok(rep.agreeOk > 0 && rep.agreeError > 0, JSON.stringify(rep));
    }
  });
});
