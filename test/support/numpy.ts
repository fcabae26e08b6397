/**
 * NumPy as the tests' oracle: whether python3 with numpy is here, and how a suite that needs it
 * reacts when it is not (skipped while developing; a failure when CI is set, never a skip).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';

let cached: boolean | undefined;

export function hasNumpy(): boolean {
  cached ??= spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore', timeout: 30000 }).status === 0;
  return cached;
}

/**
 * For a describe() body: returns true when NumPy is available; otherwise registers one test that
 * skips (or fails under CI) and returns false, so the caller defines nothing else.
 */
export function requireNumpy(): boolean {
  if (hasNumpy()) return true;
  it('needs python3 with numpy', function () {
    if (process.env.CI) assert.fail('python3 with numpy is required when CI is set (the tests\' oracle)');
    this.skip();
  });
  return false;
}

/** Runs a Python script; its stdout, or a failure naming its stderr. */
export function runPython(script: string, args: string[], timeoutMs = 120000): string {
  const r = spawnSync('python3', [script, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr || r.error}`);
  return r.stdout;
}
