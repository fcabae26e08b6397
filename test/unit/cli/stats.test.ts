/**
 * `npyview stats` as a user runs it (a child process; the bundle with NPYVIEW_CLI=dist): `--json`
 * against NumPy's statistics computed in this run (stats_cases.py), the readable table, and the
 * failures (unsupported dtype: exit 1; bad index or option: exit 2; one line, no stack).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkErrorLine, runAll, runCli, tempDir, type CliResult } from '../../support/cli-harness';
import { writeSparseF8 } from '../../support/corefixtures';
import { requireNumpy } from '../../support/numpy';
import { checkStats, generate, type StatsCase } from '../../support/statscases';
import { STATS_KEYS } from '../../../src/cli/stats';

/** Parses `--json` output, whose non-finite numbers are Python's Infinity / -Infinity / NaN. */
export function parseStatsJson(text: string): Record<string, unknown> {
  const marked = text.replace(/: (-?Infinity|NaN)(,?)$/gm, ': "@number $1"$2');
  return JSON.parse(marked, (_k, v: unknown) => (typeof v === 'string' && v.startsWith('@number ') ? Number(v.slice(8)) : v));
}

function args(dir: string, c: StatsCase, json = true): string[] {
  const a = ['stats', path.join(dir, c.file)];
  if (c.member !== null) a.push('--member', c.member);
  if (c.index !== '') a.push('--index', c.index);
  if (json) a.push('--json');
  return a;
}

describe('npyview stats --json vs NumPy', function () {
  if (!requireNumpy()) return;
  const gen = generate(['fixed']);
  if ('error' in gen) { it('generates the fixtures', () => assert.fail(gen.error)); return; }
  const { dir, cases } = gen;
  let results = new Map<string, CliResult>();

  before(async function () {
    this.timeout(0); // each run has its own hang guard (cli-harness)
    results = await runAll(cases.map((c) => ({ key: c.id, args: args(dir, c) })));
  });

  for (const c of cases) {
    it(`${c.id}${c.member ? ` (member ${c.member})` : ''}${c.index ? ` [${c.index}]` : ''}`, () => {
      const r = results.get(c.id)!;
      assert.strictEqual(r.code, 0, `exit ${r.code}: ${r.stderr}`);
      assert.strictEqual(r.stderr, '');
      const got = parseStatsJson(r.stdout.toString());
      assert.deepStrictEqual(Object.keys(got), [...STATS_KEYS], 'exactly the issue\'s keys, in order');
      checkStats(got as Parameters<typeof checkStats>[0], c.expected, c.id);
    });
  }

  it('gives the same answer on worker threads (NPYVIEW_WORKERS=2), from the bundle too', async function () {
    this.timeout(120000);
    const c = cases.find((x) => x.id === 'chunks')!;
    const before = process.env.NPYVIEW_WORKERS;
    process.env.NPYVIEW_WORKERS = '2';
    try {
      const r = await runCli(args(dir, c));
      assert.strictEqual(r.code, 0, r.stderr);
      checkStats(parseStatsJson(r.stdout.toString()) as Parameters<typeof checkStats>[0], c.expected, 'chunks on 2 threads');
    } finally {
      if (before === undefined) delete process.env.NPYVIEW_WORKERS; else process.env.NPYVIEW_WORKERS = before;
    }
  });

  it('prints a readable table: every figure on its own aligned line, where the extremes are', async () => {
    const c = cases.find((x) => x.id === 'f8_slices')!;
    const r = await runCli(args(dir, c, false));
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.toString().split('\n');
    assert.match(lines[0], /f8_slices\.npy \[::-3, 5:-2:2\]: float64, shape \(17, 17\)$/);
    const e = c.expected;
    const fields = new Map(lines.slice(1).filter(Boolean).map((l) => [l.slice(0, 10).trim(), l.slice(10)]));
    assert.deepStrictEqual([...fields.keys()], ['count', 'finite', 'nan', '+inf', '-inf', 'zeros', 'min', 'max', 'mean', 'std']);
    assert.strictEqual(fields.get('count'), e.count.toLocaleString('en-US'));
    assert.strictEqual(fields.get('nan'), String(e.nan));
    assert.match(fields.get('min')!, new RegExp(`^${e.min!.replace(/[.+-]/g, '\\$&')} +at \\[${e.argmin!.join(', ')}\\]$`));
    assert.match(fields.get('max')!, new RegExp(`^${e.max!.replace(/[.+-]/g, '\\$&')} +at \\[${e.argmax!.join(', ')}\\]$`));
    assert.strictEqual(fields.get('min')!.indexOf(' at '), fields.get('max')!.indexOf(' at '), 'the positions line up');
    assert.ok(Math.abs(Number(fields.get('mean')) - (e.mean as number)) <= 1e-9 * Math.abs(e.std as number));
  });

  it('fails clearly: unsupported dtype exit 1, bad index or option exit 2', async () => {
    const f8 = path.join(dir, 'f8.npy');
    const runs: [string[], number, string][] = [
      [['stats', path.join(dir, 'members.npz'), '--member', 'nope'], 2, 'nope'],
      [['stats', f8, '--index', '50'], 2, 'out of bounds'],
      [['stats', f8, '--index', '1:2:0'], 2, 'step'],
      [['stats', f8, '-o', 'x.txt'], 2, 'does not take -o'],
      [['stats', f8, '--fmt', '%d'], 2, 'does not take --fmt'],
      [['stats', path.join(dir, 'f8.npy'), '--member', 'a'], 2, '--member is for files of several arrays'],
      [['stats', path.join(dir, 'missing.npy')], 1, 'no such file'],
    ];
    for (const [a, code, mention] of runs) {
      const r = await runCli(a);
      assert.strictEqual(r.code, code, `${a.join(' ')}: exit ${r.code} (${r.stderr})`);
      assert.strictEqual(r.stdout.length, 0);
      assert.strictEqual(checkErrorLine(r, mention), null);
    }
  });
});

describe('npyview stats: dtypes without statistics', () => {
  it('exits 1 naming the dtype', async () => {
    for (const [file, name] of [['complex_c16_le.npy', 'complex128'], ['datetime_s.npy', 'datetime64[s]'], ['bytes_S5.npy', 'bytes40']]) {
      const r = await runCli(['stats', path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'core', file), '--json']);
      assert.strictEqual(r.code, 1, `${file}: ${r.stderr}`);
      assert.strictEqual(checkErrorLine(r, name), null);
      assert.match(r.stderr, /bool, integer and float/);
    }
  });
});

describe('npyview stats of a file past 256 MiB: its own thread and workers read it (statsfile.ts)', () => {
  it('gives the same exact answer with 0, 1 and the default number of workers, and refuses it once truncated', async function () {
    this.timeout(120000);
    const rows = 40_960, cols = 1024; // 320 MiB of zeros, sparse on disk
    const file = path.join(tempDir('npyview-stats-big-'), 'big.npy');
    writeSparseF8(file, rows, cols, [[30_000, 5, -7.5], [100, 1000, 9.25], [7, 7, NaN], [40_000, 0, Infinity], [5, 3, -7.5]]);
    const n = rows * cols;
    const answers: Record<string, unknown>[] = [];
    for (const workers of ['0', '1', undefined]) {
      const env = { ...process.env, NPYVIEW_WORKERS: workers };
      if (workers === undefined) delete env.NPYVIEW_WORKERS;
      const r = await runCli(['stats', file, '--json'], { env });
      assert.strictEqual(r.code, 0, `NPYVIEW_WORKERS=${workers}: ${r.stderr}`);
      answers.push(parseStatsJson(r.stdout.toString('utf8')));
    }
    const s = answers[0];
    assert.deepStrictEqual([s.count, s.finite, s.nan, s.posinf, s.neginf, s.zeros], [n, n - 2, 1, 1, 0, n - 5]);
    assert.deepStrictEqual([s.min, s.max, s.argmin, s.argmax], ['-7.5', '9.25', [5, 3], [100, 1000]]);
    const mean = (-7.5 - 7.5 + 9.25) / (n - 2);
    const std = Math.sqrt((2 * 7.5 ** 2 + 9.25 ** 2) / (n - 2) - mean ** 2);
    assert.ok(Math.abs((s.mean as number) - mean) <= 1e-12 * Math.abs(mean), `mean ${s.mean} vs ${mean}`);
    assert.ok(Math.abs((s.std as number) - std) <= 1e-9 * std, `std ${s.std} vs ${std}`);
    assert.deepStrictEqual(answers[1], s, 'with one worker');
    assert.deepStrictEqual(answers[2], s, 'with the default workers');
    fs.truncateSync(file, 1000);
    const gone = await runCli(['stats', file, '--json']);
    assert.strictEqual(gone.code, 1);
    assert.strictEqual(checkErrorLine(gone, 'shorter'), null);
  });
});
