/**
 * The statistics oracle shared by the engine and CLI tests: test/unit/compute/stats_cases.py
 * writes arrays with NumPy and NumPy's statistics of them; these helpers run it and compare.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from './cli-harness';
import { PYTHON } from './numpy';

export type Num = number | 'inf' | '-inf' | 'nan' | null;
export interface Expected {
  count: number; finite: number; nan: number; posinf: number; neginf: number; zeros: number;
  min: string | null; max: string | null; argmin: number[] | null; argmax: number[] | null; mean: Num; std: Num;
  minNumber: Num; maxNumber: Num;
}
export interface StatsCase {
  id: string; file: string; member: string | null; index: string; dtype: string; shape: number[]; fortran: boolean;
  expected: Expected; positions: Partial<Record<'nan' | 'posinf' | 'neginf' | 'min' | 'max', number[]>>;
}

export const SCRIPT = path.join(ROOT, 'test', 'unit', 'compute', 'stats_cases.py');

/** Runs stats_cases.py into a fresh directory; its cases, or the generator's error. */
export function generate(args: string[]): { dir: string; cases: StatsCase[] } | { error: string } {
  const dir = tempDir('npyview-stats-');
  const r = spawnSync(PYTHON, [SCRIPT, dir, ...args], { encoding: 'utf8', timeout: 300000 });
  if (r.status !== 0) return { error: `stats_cases.py failed: ${r.stderr || r.error}` };
  return { dir, cases: (JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: StatsCase[] }).cases };
}

export function toNumber(x: Num): number | null {
  if (x === null || typeof x === 'number') return x;
  return x === 'inf' ? Infinity : x === '-inf' ? -Infinity : NaN;
}

/** The smallest normal double, 2 ** -1022. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * mean within 1e-9 of max(|mean|, std) and std within 1e-9 of std (plus 1e-15 of |mean|, for
 * a constant array, where NumPy's rounded mean leaves a std of ~1e-17 and ours is exactly 0).
 * Below the smallest normal double the scale is that double: subnormals have fewer digits, and
 * sums in other orders (chunks combined by Chan's formula) may round a tie apart, one subnormal
 * step (the mean of [5e-324, 0] is the tie 2.5e-324). Non-finite answers must match exactly.
 */
export function checkMoments(got: { mean: number | null; std: number | null }, exp: Expected, where: string): void {
  const m = toNumber(exp.mean);
  const s = toNumber(exp.std);
  if (m === null || s === null) {
    assert.strictEqual(got.mean, null, `${where}: mean`);
    assert.strictEqual(got.std, null, `${where}: std`);
    return;
  }
  const close = (g: number | null, want: number, tol: number, what: string) => {
    assert.ok(g !== null, `${where}: ${what} is null, NumPy says ${want}`);
    if (!Number.isFinite(want)) assert.ok(Object.is(g, want), `${where}: ${what} ${g}, NumPy ${want}`);
    else assert.ok(Math.abs(g - want) <= tol, `${where}: ${what} ${g}, NumPy ${want} (off by ${Math.abs(g - want)}, allowed ${tol})`);
  };
  const scale = Math.max(Number.isFinite(s) ? Math.max(Math.abs(m), s) : Math.abs(m), MIN_NORMAL);
  close(got.mean, m, 1e-9 * scale, 'mean');
  close(got.std, s, 1e-9 * Math.max(s, MIN_NORMAL) + (Number.isFinite(m) ? 1e-15 * Math.abs(m) : 0), 'std');
}

export function checkStats(got: Omit<Expected, 'mean' | 'std' | 'minNumber' | 'maxNumber'> & { mean: number | null; std: number | null }, exp: Expected, where: string): void {
  for (const k of ['count', 'finite', 'nan', 'posinf', 'neginf', 'zeros', 'min', 'max', 'argmin', 'argmax'] as const) {
    assert.deepStrictEqual(got[k], exp[k], `${where}: ${k}`);
  }
  checkMoments(got, exp, where);
}

