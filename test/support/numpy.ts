/**
 * Tests that need NumPy (the oracle: python3 with numpy writes the cases or checks our output).
 * Where NumPy is missing they skip with a visible reason, except in CI (the CI variable set, as
 * .ci/run sets it), where a NumPy check that cannot run is a failure: CI must never pass without
 * the oracle having been asked.
 */
import { spawnSync } from 'child_process';

/**
 * The Python to run: NPYVIEW_PYTHON when set, else `python3` from PATH. The integration runner sets
 * it to the python3 that has NumPy where it starts: VS Code gives its extension host the PATH of a
 * login shell, which Debian's /etc/profile resets, so a python3 found through PATH by the runner
 * (pyenv's, say) may not be the extension host's.
 */
export const PYTHON = process.env.NPYVIEW_PYTHON || 'python3';

let found: boolean | undefined;

/** CI is set (and not to 'false' or '0'). */
export function inCi(): boolean {
  const ci = process.env.CI;
  return !!ci && !/^(0|false)$/i.test(ci);
}

/** Whether `python3 -c 'import numpy'` works (asked once per process). */
export function hasNumpy(): boolean {
  if (found === undefined) found = spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore', timeout: 60000 }).status === 0;
  return found;
}

/** The reason printed or thrown when NumPy is missing. */
export function missingNumpy(what: string): string {
  return `${what} needs python3 with numpy, which is not available` +
    (inCi() ? ' (CI is set: this is a failure, not a skip; .ci/run installs python3-numpy)' : ': skipped');
}

/**
 * Two forms:
 * - in a test, first (`requireNumpy(this, 'what it checks')`): without NumPy, in CI it throws (the
 *   test fails); elsewhere it prints the reason and skips the test.
 * - in a describe() body (`if (!requireNumpy()) return;`): returns true when NumPy is here;
 *   otherwise registers one test that fails in CI or skips elsewhere, and returns false so the
 *   caller defines nothing else.
 */
export function requireNumpy(ctx: Mocha.Context, what: string): void;
export function requireNumpy(): boolean;
export function requireNumpy(ctx?: Mocha.Context, what = 'this suite'): boolean | void {
  if (hasNumpy()) return ctx ? undefined : true;
  const reason = missingNumpy(what);
  if (ctx) {
    if (inCi()) throw new Error(reason);
    console.log(`      (${reason})`);
    ctx.skip();
  }
  it('needs python3 with numpy', function () {
    if (inCi()) throw new Error(reason);
    console.log(`      (${reason})`);
    this.skip();
  });
  return false;
}

/**
 * Runs a Python script (or `-c` code) with `input` on its stdin; its stdout, or a failure naming
 * its stderr.
 */
export function runPython(script: string, args: string[], timeoutMs = 120000, input = ''): string {
  const r = spawnSync(PYTHON, [script, ...args], { input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`python3 ${script === '-c' ? 'snippet' : script} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Runs a Python snippet (numpy imported as np; sys and json too) with `input` on stdin; its stdout. */
export function runNumpy(script: string, input = ''): string {
  return runPython('-c', [`import sys, json\nimport numpy as np\n${script}`], 120000, input);
}

/**
 * Python for NumPy fixture scripts: `sprinkle(a, every)` returns a copy of the float array `a`
 * with NaN, +inf and -inf (in turn) at max(3, a.size // every) places drawn from the script's
 * `rng` (which the script defines first).
 */
export const PY_SPRINKLE = `
def sprinkle(a, every):
    a = a.copy(); flat = a.reshape(-1)
    idx = rng.choice(flat.size, size=max(3, flat.size // every), replace=False)
    flat[idx[0::3]] = np.nan; flat[idx[1::3]] = np.inf; flat[idx[2::3]] = -np.inf
    return a
`;
