/**
 * `npyview diff` as a user runs it, against NumPy: named cases written by diff_cases.py (with
 * NumPy's answers), each run with --json (every field checked) and without (the readable report
 * agrees), plus the exit status contract: 0 same, 1 different, 2 trouble with a one-line message
 * naming the file.
 */
import * as assert from 'assert';
import * as path from 'path';
import { checkErrorLine, CliResult, ROOT, runAll, tempDir } from '../../support/cli-harness';
import { requireNumpy, runPython } from '../../support/numpy';

interface Expected {
  name: string; shape: number[][]; dtype: string[]; compared: number; mismatches: number;
  max_abs: string | null; max_rel: string | null; first: { index: number[]; a: string | null; b: string | null }[];
  reason?: boolean; complex?: boolean;
}
interface Case {
  title: string; args: string[]; exit: number; mentions: string | null;
  json?: { same: boolean; pairs: Expected[]; only_in_a: string[]; only_in_b: string[] };
}
interface Pair {
  name: string; shape: number[][]; dtype: string[]; compared: number; mismatches: number;
  max_abs: number | null; max_rel: number | null; first: { index: number[]; a: string; b: string }[]; reason?: string;
}

const SCRIPT = path.join(ROOT, 'test', 'unit', 'cli', 'diff_cases.py');
const KEYS = ['name', 'shape', 'dtype', 'compared', 'mismatches', 'max_abs', 'max_rel', 'first'];

function pyFloat(s: string | null): number | null {
  return s === null ? null : s === 'inf' ? Infinity : Number(s);
}

function checkPair(got: Pair, want: Expected, what: string): void {
  assert.deepStrictEqual(Object.keys(got).filter((k) => k !== 'reason'), KEYS, `${what}: keys`);
  assert.strictEqual(got.name, want.name, what);
  assert.deepStrictEqual(got.shape, want.shape, `${what}: shape`);
  assert.deepStrictEqual(got.dtype, want.dtype, `${what}: dtype`);
  assert.strictEqual(got.compared, want.compared, `${what}: compared`);
  assert.strictEqual(got.mismatches, want.mismatches, `${what}: mismatches`);
  assert.strictEqual(typeof got.reason === 'string', want.reason === true, `${what}: reason ${got.reason}`);
  for (const k of ['max_abs', 'max_rel'] as const) {
    const w = pyFloat(want[k]);
    const g = got[k];
    const ok = w === null || g === null ? g === w : want.complex ? Math.abs(g - w) <= 4 * Number.EPSILON * Math.abs(w) : g === w;
    assert.ok(ok, `${what}: ${k} ${g}, NumPy ${want[k]}`);
  }
  assert.deepStrictEqual(got.first.map((e) => e.index), want.first.map((e) => e.index), `${what}: first indices`);
  got.first.forEach((e, i) => {
    const w = want.first[i];
    if (w.a !== null) assert.strictEqual(e.a, w.a, `${what}: first[${i}].a`);
    if (w.b !== null) assert.strictEqual(e.b, w.b, `${what}: first[${i}].b`);
    assert.ok(typeof e.a === 'string' && typeof e.b === 'string');
  });
}

describe('npyview diff vs NumPy', function () {
  this.timeout(600000);
  if (!requireNumpy()) return;
  let dir = '';
  let cases: Case[] = [];
  let json = new Map<number, CliResult>();
  let text = new Map<number, CliResult>();

  before(async function () {
    dir = tempDir('npyview-diff-');
    cases = (JSON.parse(runPython(SCRIPT, [dir], 300000)) as { cases: Case[] }).cases;
    json = await runAll(cases.map((c, i) => ({ key: i, args: ['diff', ...c.args, '--json'], cwd: dir })));
    text = await runAll(cases.map((c, i) => ({ key: i, args: ['diff', ...c.args], cwd: dir })));
  });

  it('gives NumPy\'s verdict, counts, worst differences and first mismatches with --json', function () {
    let checked = 0;
    cases.forEach((c, i) => {
      const r = json.get(i)!;
      const what = `${c.title}: npyview diff ${c.args.join(' ')} --json (in ${dir})`;
      assert.ok(!r.timedOut, `${what}: timed out`);
      assert.strictEqual(r.code, c.exit, `${what}: exit ${r.code}, stderr ${r.stderr}`);
      if (c.json === undefined) return;
      assert.strictEqual(r.stderr, '', what);
      const got = JSON.parse(r.stdout.toString()) as { same: boolean; pairs: Pair[]; only_in_a: string[]; only_in_b: string[] };
      assert.deepStrictEqual(Object.keys(got), ['same', 'pairs', 'only_in_a', 'only_in_b'], what);
      assert.strictEqual(got.same, c.json.same, what);
      assert.deepStrictEqual([got.only_in_a, got.only_in_b], [c.json.only_in_a, c.json.only_in_b], what);
      assert.strictEqual(got.pairs.length, c.json.pairs.length, what);
      got.pairs.forEach((p, k) => checkPair(p, c.json!.pairs[k], `${what}, pair ${k}`));
      checked++;
    });
    assert.strictEqual(checked, cases.filter((c) => c.json !== undefined).length);
    assert.ok(checked >= 30, `${checked} cases with a verdict`);
  });

  it('prints a readable report with the same exit status, and one error line naming the file on trouble', function () {
    let checked = 0;
    cases.forEach((c, i) => {
      const r = text.get(i)!;
      const what = `${c.title}: npyview diff ${c.args.join(' ')}`;
      assert.strictEqual(r.code, c.exit, `${what}: exit ${r.code}, stderr ${r.stderr}`);
      if (c.exit === 2) {
        assert.strictEqual(r.stdout.length, 0, what);
        assert.strictEqual(checkErrorLine(r, c.mentions ?? undefined), null, what);
      } else {
        const out = r.stdout.toString();
        const firstLine = out.split('\n')[0];
        const verdict = / vs .*: (same|differ) \(rtol=[^,]+, atol=[^)]+\)$/.exec(firstLine);
        assert.strictEqual(verdict?.[1], c.exit === 0 ? 'same' : 'differ', `${what}: ${firstLine}`);
        const p = c.json!.pairs;
        for (const pair of p) {
          if (pair.mismatches > 0) assert.ok(out.includes(`${pair.mismatches.toLocaleString('en-US')} of ${pair.compared.toLocaleString('en-US')} element`), `${what}: counts in\n${out}`);
          for (const e of pair.first) if (e.a !== null) assert.ok(out.includes(`[${e.index.join(', ')}]`) && out.includes(`a = ${e.a}`), `${what}: mismatch ${e.index} in\n${out}`);
          if (pair.max_abs !== null && Number(pair.max_abs) > 0 && !pair.complex) assert.ok(out.includes('max |a-b| = '), `${what}: worst element in\n${out}`);
        }
        for (const name of [...c.json!.only_in_a, ...c.json!.only_in_b]) assert.ok(out.includes(`'${name}'`), `${what}: only-in ${name}`);
      }
      checked++;
    });
    assert.strictEqual(checked, cases.length);
  });
});
