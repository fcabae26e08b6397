/**
 * Every input that ever failed a fuzz run is kept in test/fixtures/fuzz with what NumPy made of
 * it (cases.json): the unit layer replays them all (fuzz.test.ts) without needing NumPy.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Failure } from './fuzz';
import { FIXTURES } from './seeds';
import { Outcome } from './outcome';

export const FUZZ_FIXTURES = path.join(FIXTURES, 'fuzz');
const INDEX = path.join(FUZZ_FIXTURES, 'cases.json');

export interface SavedCase {
  file: string;
  classes: string[];
  detail: string;
  /** Replay: `npm run fuzz -- --seed S --from I --n 1`. */
  seed: number;
  index: number;
  from: string;
  ops: string[];
  fmts: string[];
  numpy: Outcome | null;
  /** Set by hand while the difference is not fixed: why (the README lists these). */
  open?: string;
}

export function loadSaved(): SavedCase[] {
  if (!fs.existsSync(INDEX)) return [];
  return (JSON.parse(fs.readFileSync(INDEX, 'utf8')) as { cases: SavedCase[] }).cases;
}

/** Keeps a failing input (once per content) and returns its file name. */
export function saveFailure(f: Failure): string {
  fs.mkdirSync(FUZZ_FIXTURES, { recursive: true });
  const cases = loadSaved();
  const sha = createHash('sha256').update(f.bytes).digest('hex').slice(0, 12);
  const cls = f.diffs[0].cls;
  const file = `${cls}-${sha}.${f.kind}`;
  if (!cases.some((c) => c.file === file)) {
    fs.writeFileSync(path.join(FUZZ_FIXTURES, file), f.bytes);
    cases.push({
      file, classes: [...new Set(f.diffs.map((d) => d.cls))], detail: f.diffs.map((d) => d.detail).join(' | ').slice(0, 1000),
      seed: f.seed, index: f.index, from: f.from, ops: f.ops, fmts: f.fmts, numpy: f.numpy,
    });
    cases.sort((a, b) => a.file.localeCompare(b.file));
    fs.writeFileSync(INDEX, JSON.stringify({ cases }, null, 1) + '\n');
  }
  return file;
}
