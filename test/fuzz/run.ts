/**
 * `npm run fuzz [-- --n N --seed S --from I --cli-every K --jobs J --minutes M --no-numpy --no-save --cli PATH]`
 *
 * Mutates the NumPy-written seeds in test/fixtures and compares the engine with NumPy case by
 * case (see fuzz.ts), J cases at a time (default 2); npyview runs end to end on every K-th case
 * (default 25). --minutes stops starting cases after that long (the summary says how many ran).
 * Failing inputs are saved to test/fixtures/fuzz (their regression tests) unless --no-save. Prints a summary
 * by class and exits 1 when anything failed that is not a listed deviation.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fuzz } from './fuzz';
import { numpyAvailable } from './oracle';
import { saveFailure } from './regressions';
import { ROOT, loadSeeds } from './seeds';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const n = Number(arg('--n') ?? 1000);
  const seed = Number(arg('--seed') ?? Math.floor(Math.random() * 2 ** 31));
  const from = Number(arg('--from') ?? 0);
  const cliEvery = Number(arg('--cli-every') ?? 25);
  const jobs = Number(arg('--jobs') ?? 2);
  const minutes = arg('--minutes');
  const save = !process.argv.includes('--no-save');
  let numpy = !process.argv.includes('--no-numpy');
  if (numpy && !numpyAvailable()) {
    if (process.env.CI) { console.error('fuzz: NumPy is required (CI is set) but python3 -c "import numpy" fails'); return 2; }
    console.error('fuzz: NumPy not found: running the engine and the CLI without the oracle');
    numpy = false;
  }
  const dist = path.join(ROOT, 'dist', 'cli.js');
  const cli = arg('--cli') ?? (fs.existsSync(dist) ? dist : path.join(ROOT, 'out', 'src', 'cli.js'));
  const seeds = loadSeeds();
  console.log(`fuzz: seed ${seed}, ${n} cases from ${from}, ${seeds.length} seeds, NumPy ${numpy ? 'on' : 'off'}, ${jobs} at a time, CLI every ${cliEvery} (${path.relative(ROOT, cli)})`);
  const rep = await fuzz(seeds, {
    n, seed, numpy, cliEvery, cli, jobs, start: from, every: Math.max(100, Math.floor(n / 100)),
    ...(minutes !== undefined ? { seconds: Number(minutes) * 60 } : {}),
    log: (l) => console.log(l),
    onFailure: (f) => {
      const file = save ? saveFailure(f) : '';
      console.log(`FAIL case ${f.index} (${f.from}: ${f.ops.join(' ')}) ${file}\n  ${f.diffs.map((d) => `[${d.cls}] ${d.detail.slice(0, 300)}`).join('\n  ')}`);
    },
  });
  console.log(JSON.stringify(rep, null, 1));
  console.log(`fuzz: ${rep.cases} cases in ${rep.seconds.toFixed(0)} s; ${rep.failures} failing; classes ${JSON.stringify(rep.classes)}; ` +
    `deviations ${JSON.stringify(rep.deviations)}; numpy resource limits ${rep.numpyResource}; CLI ${rep.cliRuns} runs, peak ${(rep.cliPeak / 1e6).toFixed(0)} MB`);
  return rep.failures === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 2; });
