/**
 * The differential fuzz loop: mutate a seed, run the engine (worker thread, time and heap
 * limits) and ask NumPy (oracle.py, when it is installed) at the same time, run npyview end to
 * end on every Nth case, and sort what differs into classes. A few lanes run cases side by side,
 * each with its own workers. Failing inputs can be kept as fixtures (regressions.ts).
 * Used by `npm run fuzz` (run.ts) and by the short run in the unit layer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCli } from './clicheck';
import { Difference, compare } from './compare';
import { Engine } from './engine';
import { Rand, Seed, mutant, rng } from './mutate';
import { Oracle } from './oracle';
import { BASE_FORMATS, MORE_FORMATS, Outcome } from './outcome';

export interface FuzzOptions {
  n: number;
  seed: number;
  /** Compare with NumPy (needs python3 + numpy). */
  numpy: boolean;
  /** Run npyview end to end on every Nth case (0: never). */
  cliEvery: number;
  /** The CLI to run (dist/cli.js or out/src/cli.js). */
  cli: string;
  /** Called with each failing case (not for listed deviations). */
  onFailure?(f: Failure): void;
  /** Progress lines (every `every` cases). */
  log?(line: string): void;
  every?: number;
  /** First case index (replay a case with n: 1). */
  start?: number;
  /** Stop starting new cases after this many seconds (the report says how many ran). */
  seconds?: number;
  /** Cases run at the same time (each with its own engine worker and NumPy worker; default 2). */
  jobs?: number;
}

export interface Failure {
  index: number;
  seed: number;
  bytes: Uint8Array;
  kind: 'npy' | 'npz';
  from: string;
  ops: string[];
  fmts: string[];
  diffs: Difference[];
  numpy: Outcome | null;
}

export interface FuzzReport {
  cases: number;
  seconds: number;
  /** Failing cases by class (a case counts once per class). */
  classes: Record<string, number>;
  /** Listed deviations met, by name. */
  deviations: Record<string, number>;
  /** Cases where NumPy hit its own memory or time limit. */
  numpyResource: number;
  /** Cases where NumPy and the engine agree: both read the file, or both refuse it. */
  agreeOk: number;
  agreeError: number;
  cliCases: number;
  cliRuns: number;
  cliPeak: number;
  engineRestarts: number;
  oracleRestarts: number;
  failures: number;
}

/** The generator of case i: a case replays from (seed, i) alone. */
export function caseRand(seed: number, i: number): Rand {
  return rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
}

export function formatsFor(r: Rand): string[] {
  return [...BASE_FORMATS, MORE_FORMATS[Math.floor(r() * MORE_FORMATS.length)]];
}

/** Time limit of a case on each side (the engine, NumPy, each CLI run). */
const HANG_MS = 30000;

/** One lane: its own engine worker and NumPy worker, asked at the same time. */
interface Lane { engine: Engine; oracle: Oracle | null; dir: string }

export async function fuzz(seeds: Seed[], o: FuzzOptions): Promise<FuzzReport> {
  // tmpfs where there is one: a case file is written, read twice and dropped
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const tmp = fs.mkdtempSync(path.join(base, 'npyview-fuzz-'));
  const lanes: Lane[] = [];
  for (let j = 0; j < Math.max(1, o.jobs ?? 2); j++) {
    const dir = path.join(tmp, String(j));
    fs.mkdirSync(dir);
    lanes.push({ engine: new Engine(HANG_MS), oracle: o.numpy ? new Oracle(HANG_MS) : null, dir });
  }
  const rep: FuzzReport = {
    cases: 0, seconds: 0, classes: {}, deviations: {}, numpyResource: 0, agreeOk: 0, agreeError: 0,
    cliCases: 0, cliRuns: 0, cliPeak: 0, engineRestarts: 0, oracleRestarts: 0, failures: 0,
  };
  const t0 = Date.now();
  const first = o.start ?? 0;
  let next = first;

  const runCase = async (lane: Lane, i: number): Promise<void> => {
    const r = caseRand(o.seed, i);
    const m = mutant(seeds, r);
    const fmts = formatsFor(r);
    const file = path.join(lane.dir, `case.${m.kind}`);
    fs.writeFileSync(file, m.bytes);
    const [once, numpy] = await Promise.all([lane.engine.evaluate(file, fmts), lane.oracle ? lane.oracle.evaluate(file, fmts) : null]);
    // a loaded machine can starve a case past the limit: a hang is one that a 4x longer retry confirms
    const ours = once.timeout ? await lane.engine.evaluate(file, fmts, 4 * HANG_MS) : once;
    let diffs: Difference[] = numpy ? compare(numpy, ours)
      : ours.crash ? [{ cls: 'crash', detail: ours.crash }] : ours.timeout ? [{ cls: 'hang', detail: 'timeout' }]
        : ours.memory ? [{ cls: 'memory', detail: 'heap limit' }] : [];
    if (numpy && (numpy.timeout || numpy.memory || /^MemoryError/.test(numpy.error ?? ''))) rep.numpyResource++;
    if (o.cliEvery > 0 && i % o.cliEvery === 0 && !ours.timeout && !ours.crash) {
      const c = await checkCli(o.cli, file, ours, lane.dir, HANG_MS);
      rep.cliCases++;
      rep.cliRuns += c.runs;
      rep.cliPeak = Math.max(rep.cliPeak, c.peak);
      diffs = diffs.concat(c.diffs);
    }
    rep.cases++;
    const real = diffs.filter((d) => !d.deviation);
    for (const d of diffs.filter((x) => x.deviation)) rep.deviations[d.deviation!] = (rep.deviations[d.deviation!] ?? 0) + 1;
    for (const cls of new Set(real.map((d) => d.cls))) rep.classes[cls] = (rep.classes[cls] ?? 0) + 1;
    if (numpy && diffs.length === 0) {
      if (numpy.kind !== 'error' && numpy.items.every((x) => x.error === undefined)) rep.agreeOk++; else rep.agreeError++;
    }
    if (real.length) {
      rep.failures++;
      o.onFailure?.({ index: i, seed: o.seed, bytes: m.bytes, kind: m.kind, from: m.seed, ops: m.ops, fmts, diffs: real, numpy });
    }
    if (o.log && o.every && rep.cases % o.every === 0) {
      const s = (Date.now() - t0) / 1000;
      o.log(`${rep.cases} cases, ${s.toFixed(0)} s (${(rep.cases / s).toFixed(1)}/s); failing: ${JSON.stringify(rep.classes)}; deviations: ${JSON.stringify(rep.deviations)}`);
    }
  };
  // each lane takes the next case index until n are taken (or time is up): a case replays from
  // (seed, index) alone, whichever lane ran it
  const work = async (lane: Lane): Promise<void> => {
    while (next < first + o.n) {
      if (o.seconds !== undefined && Date.now() - t0 > o.seconds * 1000) return;
      await runCase(lane, next++);
    }
  };
  try {
    await Promise.all(lanes.map(work));
  } finally {
    rep.seconds = (Date.now() - t0) / 1000;
    for (const l of lanes) {
      rep.engineRestarts += l.engine.restarts;
      rep.oracleRestarts += l.oracle?.restarts ?? 0;
      l.engine.close();
      l.oracle?.close();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rep;
}
