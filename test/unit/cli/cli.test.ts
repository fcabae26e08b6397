/**
 * Black-box tests of `npyview` over the NumPy-written corpus (test/fixtures/corpus, see
 * make_corpus.py): info --json against the manifest, export byte for byte against np.savetxt's
 * committed output, save against the member bytes NumPy wrote, hostile files and usage errors.
 * Needs no NumPy: everything NumPy said is in the manifest and expected/.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { checkErrorLine, cliPath, CliResult, CORPUS, ROOT, runAll, runCli, tempDir } from '../../support/cli-harness';

interface ArrayMeta {
  dtype: string | null; dtype_name: string; descr: string | null; descr_len?: number; descr_sha256?: string;
  shape: number[]; fortran_order: boolean; version: string;
}
interface ExportCase {
  case: string; options: Record<string, string | string[]>; index?: string; member?: string;
  expected?: string; error?: string; zero_d?: boolean;
}
interface MemberMeta extends Partial<ArrayMeta> {
  name: string; zip_name: string; compressed: boolean; compressed_size: number; size: number; sha256: string; is_array: boolean;
}
interface SaveCase { index: string; sha256: string; shape: number[]; descr: string }
interface Entry extends Partial<ArrayMeta> {
  file: string; kind: 'npy' | 'npz' | 'bad';
  exports?: ExportCase[]; saves?: SaveCase[]; members?: MemberMeta[];
  failure?: string; commands?: string[][]; note?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as { entries: Entry[] };
// NPYVIEW_CORPUS_FILTER=<regex> runs only the matching corpus files (handy while developing).
const only = process.env.NPYVIEW_CORPUS_FILTER ? new RegExp(process.env.NPYVIEW_CORPUS_FILTER) : null;
const entries = manifest.entries.filter((e) => !only || only.test(e.file));
const good = entries.filter((e) => e.kind !== 'bad');
const bad = entries.filter((e) => e.kind === 'bad');
const OUT = tempDir('npyview-cli-test-');

// Spawning dominates the run time, so the text view and -o runs cover a sample of files: every
// fourth file and every npz, with its first export case that has an expected output or error.
// Decided here, before any run, so each sampled -o case is a test of its own that must find its result.
const sampled = new Set(good.filter((e, n) => n % 4 === 0 || e.kind === 'npz'));
const viaO = new Map<Entry, ExportCase>();
for (const e of sampled) {
  const c = (e.exports ?? []).find((x) => x.expected !== undefined || x.error !== undefined);
  if (c) viaO.set(e, c);
}

const OPTION_FLAGS: Record<string, string> = {
  delimiter: '--delimiter', newline: '--newline', header: '--header', footer: '--footer', comments: '--comments',
};

export function exportArgs(file: string, c: ExportCase): string[] {
  const args = ['export', file];
  if (c.member !== undefined) args.push('--member', c.member);
  if (c.index !== undefined) args.push('--index', c.index);
  for (const [k, v] of Object.entries(c.options)) {
    if (k === 'fmt') for (const f of Array.isArray(v) ? v : [v]) args.push('--fmt', f);
    else args.push(OPTION_FLAGS[k], v as string);
  }
  return args;
}

function caseName(e: Entry, c: ExportCase): string {
  return `${e.file}${c.member !== undefined ? ` [${c.member}]` : ''} ${c.case}${c.index !== undefined ? ` [${c.index}]` : ''}`;
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Shows where two outputs first differ (the whole thing is too long to read in a failure). */
function firstDiff(got: Buffer, want: Buffer): string {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const from = Math.max(0, i - 40);
  return `first difference at byte ${i} (got ${got.length} bytes, want ${want.length}):\n` +
    `  got:  ${JSON.stringify(got.subarray(from, i + 40).toString('utf8'))}\n` +
    `  want: ${JSON.stringify(want.subarray(from, i + 40).toString('utf8'))}`;
}

function assertOk(r: CliResult, what: string): void {
  assert.ok(!r.timedOut, `${what}: timed out`);
  assert.strictEqual(r.code, 0, `${what}: exit ${r.code}, stderr: ${r.stderr}`);
  assert.strictEqual(r.stderr, '', `${what}: unexpected stderr`);
}

function assertFailed(r: CliResult, what: string, mention: string, code?: number): void {
  assert.ok(!r.timedOut, `${what}: did not finish in time`);
  if (code !== undefined) assert.strictEqual(r.code, code, `${what}: exit ${r.code} (want ${code}), stderr: ${r.stderr}`);
  else assert.ok(r.code !== 0 && r.code !== null, `${what}: exit ${r.code}, should fail; stdout: ${r.stdout.toString().slice(0, 200)}`);
  const problem = checkErrorLine(r, mention);
  assert.strictEqual(problem, null, `${what}: ${problem}`);
}

/** The `dtype` of info --json is the descr; a huge one is checked by length and hash. */
function checkArrayMeta(got: Record<string, unknown>, want: Partial<ArrayMeta>, what: string): void {
  if (want.descr_sha256 !== undefined) {
    const d = String(got.dtype);
    assert.strictEqual(d.length, want.descr_len, `${what}: dtype length`);
    assert.strictEqual(sha256(Buffer.from(d, 'utf8')), want.descr_sha256, `${what}: dtype differs from numpy's descr`);
  } else {
    assert.strictEqual(got.dtype, want.descr, `${what}: dtype`);
  }
  assert.strictEqual(got.dtype_name, want.dtype_name, `${what}: dtype_name`);
  assert.deepStrictEqual(got.shape, want.shape, `${what}: shape`);
  assert.strictEqual(got.fortran_order, want.fortran_order, `${what}: fortran_order`);
  assert.strictEqual(got.version, want.version, `${what}: version`);
}

describe(`npyview CLI over the NumPy corpus (${path.relative(ROOT, cliPath())})`, function () {
  this.timeout(600000);
  let results = new Map<string, CliResult>();

  before(async function () {
    this.timeout(0); // each run has its own hang guard (cli-harness)
    assert.ok(fs.existsSync(cliPath()), `CLI not built: ${cliPath()}`);
    const jobs: { key: string; args: string[] }[] = [];
    good.forEach((e) => {
      jobs.push({ key: `info-json:${e.file}`, args: ['info', e.file, '--json'] });
      if (sampled.has(e)) jobs.push({ key: `info-text:${e.file}`, args: ['info', e.file] });
      for (const c of e.exports ?? []) {
        jobs.push({ key: `export:${caseName(e, c)}`, args: exportArgs(e.file, c) });
        // The same bytes through the -o path, or no file at all after a failure.
        if (viaO.get(e) === c) jobs.push({ key: `export-o:${caseName(e, c)}`, args: [...exportArgs(e.file, c), '-o', outFile(e, c.case + '.txt')] });
      }
      for (const m of e.members ?? []) {
        if (m.is_array) jobs.push({ key: `save:${e.file}:${m.zip_name}`, args: ['save', e.file, '--member', m.zip_name, '-o', outFile(e, sha256(Buffer.from(m.zip_name)) + '.npy')] });
      }
      (e.saves ?? []).forEach((s, i) => {
        const idx = s.index === '' ? [] : ['--index', s.index];
        jobs.push({ key: `save-index:${e.file}:${i}`, args: ['save', e.file, ...idx, '-o', outFile(e, `save${i}.npy`)] });
      });
    });
    for (const e of bad) {
      (e.commands ?? []).forEach((cmd, i) => {
        const args = [cmd[0], e.file, ...cmd.slice(1)];
        if (cmd[0] === 'save' || cmd[0] === 'export') args.push('-o', outFile(e, `bad${i}.out`));
        jobs.push({ key: `bad:${e.file}:${i}:${e.failure}`, args });
      });
    }
    results = await runAll(jobs);
  });

  function outFile(e: Entry, name: string): string {
    return path.join(OUT, `${e.file}__${name}`);
  }
  /** Asserts that a run with -o OUT printed nothing and left no temporary file (.OUT.<pid>.<t>.tmp) beside OUT. */
  function assertQuietAndClean(r: CliResult, out: string, what: string): void {
    assert.strictEqual(r.stdout.length, 0, `${what}: -o must print nothing on stdout, got ${JSON.stringify(r.stdout.subarray(0, 200).toString('utf8'))}`);
    const base = path.basename(out);
    const left = fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith(`.${base}.`) && f.endsWith('.tmp'));
    assert.deepStrictEqual(left, [], `${what}: temporary files left beside ${base}`);
  }
  function result(key: string): CliResult {
    const r = results.get(key);
    assert.ok(r, `no result for ${key}`);
    return r;
  }

  describe('info --json matches the manifest', function () {
    for (const e of good) {
      it(e.file, function () {
        const r = result(`info-json:${e.file}`);
        assertOk(r, 'info --json');
        const got = JSON.parse(r.stdout.toString('utf8')) as Record<string, unknown>;
        assert.strictEqual(got.format, e.kind);
        if (e.kind === 'npy') {
          checkArrayMeta(got, e, e.file);
          assert.strictEqual(got.order, e.fortran_order ? 'F' : 'C');
          return;
        }
        const members = got.members as Record<string, unknown>[];
        assert.ok(Array.isArray(members), 'members is a list');
        assert.deepStrictEqual(members.map((m) => m.zip_name), e.members!.map((m) => m.zip_name), 'member zip names in archive order');
        e.members!.forEach((want, i) => {
          const m = members[i];
          const what = `${e.file} member ${want.zip_name}`;
          assert.strictEqual(m.name, want.name, `${what}: name`);
          assert.strictEqual(m.compressed, want.compressed, `${what}: compressed`);
          assert.strictEqual(m.compressed_size, want.compressed_size, `${what}: compressed_size`);
          assert.strictEqual(m.size, want.size, `${what}: size`);
          assert.strictEqual(m.is_array, want.is_array, `${what}: is_array`);
          if (want.is_array) checkArrayMeta(m, want, what);
        });
      });
    }
  });

  describe('info (text) describes the file', function () {
    for (const e of sampled) {
      it(e.file, function () {
        const r = result(`info-text:${e.file}`);
        assertOk(r, 'info');
        const text = r.stdout.toString('utf8');
        assert.ok(text.includes(e.file), 'names the file');
        if (e.kind === 'npy') {
          const shape = e.shape!.length === 1 ? `(${e.shape![0]},)` : `(${e.shape!.join(', ')})`;
          assert.ok(text.includes(shape), `shows the shape ${shape}:\n${text}`);
          assert.ok(text.includes(e.version!), 'shows the version');
        } else {
          for (const m of e.members!) assert.ok(text.includes(JSON.stringify(m.name)), `lists ${m.name}`);
        }
      });
    }
  });

  describe('export matches np.savetxt byte for byte', function () {
    for (const e of good) {
      for (const c of e.exports ?? []) {
        const title = `${caseName(e, c)}${c.error !== undefined ? ' → fails like numpy' : ''}`;
        it(title, function () {
          const r = result(`export:${caseName(e, c)}`);
          if (c.error !== undefined) {
            assertFailed(r, `numpy raised ${c.error}`, e.file);
            return;
          }
          assertOk(r, 'export');
          const want = fs.readFileSync(path.join(CORPUS, c.expected!));
          if (!r.stdout.equals(want)) assert.fail(`${exportArgs(e.file, c).map((a) => JSON.stringify(a)).join(' ')}\n${firstDiff(r.stdout, want)}`);
        });
      }
    }
  });

  describe('export -o OUT: the file holds exactly what stdout would, nothing is printed, a failure leaves no file', function () {
    it('the -o sample covers both successful and failing exports', function () {
      const cases = [...viaO.values()];
      if (only) this.skip(); // a filtered corpus may hold either kind or none
      assert.ok(cases.filter((c) => c.expected !== undefined).length >= 10, 'successful -o cases');
      assert.ok(cases.some((c) => c.error !== undefined), 'failing -o cases');
    });
    for (const [e, c] of viaO) {
      it(`${caseName(e, c)}${c.error !== undefined ? ' → fails like numpy, no file' : ''}`, function () {
        const r = result(`export-o:${caseName(e, c)}`);
        const out = outFile(e, c.case + '.txt');
        if (c.error !== undefined) {
          assertFailed(r, `with -o (numpy raised ${c.error})`, e.file);
          assert.ok(!fs.existsSync(out), 'a failed export leaves no output file');
        } else {
          assertOk(r, 'export -o');
          assert.ok(fs.existsSync(out), `-o wrote no file ${out}`);
          const got = fs.readFileSync(out);
          const want = fs.readFileSync(path.join(CORPUS, c.expected!));
          if (!got.equals(want)) assert.fail(`-o file differs from np.savetxt output: ${firstDiff(got, want)}`);
        }
        assertQuietAndClean(r, out, 'export -o');
      });
    }
  });

  describe('save writes the bytes numpy wrote', function () {
    for (const e of good) {
      for (const m of (e.members ?? []).filter((x) => x.is_array)) {
        it(`${e.file} member ${m.zip_name}`, function () {
          const r = result(`save:${e.file}:${m.zip_name}`);
          assertOk(r, 'save');
          const out = outFile(e, sha256(Buffer.from(m.zip_name)) + '.npy');
          assertQuietAndClean(r, out, 'save');
          const got = fs.readFileSync(out);
          assert.strictEqual(got.length, m.size, 'size');
          assert.strictEqual(sha256(got), m.sha256, 'bytes equal the archive member');
        });
      }
      (e.saves ?? []).forEach((s, i) => {
        it(`${e.file} --index '${s.index}' → np.save(np.ascontiguousarray(arr[${s.index}]))`, function () {
          const r = result(`save-index:${e.file}:${i}`);
          assertOk(r, 'save --index');
          const out = outFile(e, `save${i}.npy`);
          assertQuietAndClean(r, out, 'save --index');
          const got = fs.readFileSync(out);
          assert.strictEqual(sha256(got), s.sha256, `bytes equal np.save of shape [${s.shape}]`);
        });
      });
    }
  });

  describe('hostile and bad files: exit 1 (2 for a usage error), one stderr line, no output file', function () {
    for (const e of bad) {
      (e.commands ?? []).forEach((cmd, i) => {
        it(`${e.file}: ${cmd.join(' ')} (${e.failure}${e.note ? ', ' + e.note : ''})`, function () {
          const r = result(`bad:${e.file}:${i}:${e.failure}`);
          assertFailed(r, cmd.join(' '), e.file, e.failure === 'usage' ? 2 : 1);
          const out = outFile(e, `bad${i}.out`);
          assert.ok(!fs.existsSync(out), 'no output file');
          if (cmd[0] === 'save' || cmd[0] === 'export') assertQuietAndClean(r, out, cmd[0]);
        });
      });
    }
  });
});

describe('npyview CLI usage', function () {
  this.timeout(300000); // sequential spawns; a loaded CI box can take seconds per node start
  const usage: [string, string[]][] = [
    ['no arguments', []],
    ['unknown command', ['show', 'f8_0d.npy']],
    ['unknown option', ['info', 'f8_0d.npy', '--bogus']],
    ['missing FILE', ['info']],
    ['two files', ['info', 'f8_0d.npy', 'i1_2d.npy']],
    ['option without its value', ['export', 'f8_0d.npy', '--fmt']],
    ['option of another command', ['info', 'f8_0d.npy', '--fmt', '%d']],
    ['--json with export', ['export', 'f8_0d.npy', '--json']],
    ['save without -o', ['save', 'npz_stored.npz', '--member', 'a']],
    ['delimiter given twice', ['export', 'i1_2d.npy', '--delimiter', ',', '--delimiter', ';']],
    ['npz with several arrays and no --member', ['export', 'npz_stored.npz']],
    ['--member on a .npy', ['export', 'i1_2d.npy', '--member', 'a']],
    ['malformed index', ['export', 'i1_2d.npy', '--index', '1:2:x']],
    ['zero slice step', ['export', 'i1_2d.npy', '--index', '::0']],
    ['index out of bounds', ['export', 'i1_2d.npy', '--index', '4']],
    ['negative index out of bounds', ['export', 'i1_2d.npy', '--index', ':, -4']],
    ['too many indices', ['export', 'i1_2d.npy', '--index', '1, 2, 3']],
    ['3-D selection', ['export', 'f4_3d.npy']],
    ['4-D member selection', ['export', 'i2_4d.npy', '--index', '...']],
    ['fmt list of the wrong length', ['export', 'i1_2d.npy', '--fmt', '%d', '--fmt', '%d']],
  ];
  for (const [what, args] of usage) {
    it(`${what} → exit 2 with one line`, async function () {
      const r = await runCli(args);
      assertFailed(r, args.join(' '), 'npyview', 2);
      assert.strictEqual(r.stdout.length, 0, 'nothing on stdout');
    });
  }

  it('a missing file → exit 1 naming it', async function () {
    const r = await runCli(['info', 'no-such-file.npy']);
    assertFailed(r, 'info', 'no-such-file.npy', 1);
  });

  it('a directory → exit 1', async function () {
    const r = await runCli(['info', 'expected']);
    assertFailed(r, 'info', 'expected', 1);
  });

  it('--help and -h print usage, exit 0', async function () {
    for (const flag of ['--help', '-h']) {
      const r = await runCli([flag]);
      assertOk(r, flag);
      const text = r.stdout.toString();
      for (const word of ['npyview info', 'npyview export', 'npyview save', '--fmt', '--member']) assert.ok(text.includes(word), `${flag} mentions ${word}`);
    }
    assertOk(await runCli(['export', '--help']), 'export --help');
  });

  it('--version prints the package version', async function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    assertOk(r, '--version');
    assert.strictEqual(r.stdout.toString().trim(), `npyview ${pkg.version}`);
  });
});

describe('npyview CLI behaviour', function () {
  this.timeout(300000); // sequential spawns; a loaded CI box can take seconds per node start
  const want = (name: string): Buffer => fs.readFileSync(path.join(CORPUS, 'expected', name));

  it('--opt=value works like --opt value, values starting with "-" included', async function () {
    const a = await runCli(['export', 'i1_2d.npy', '--fmt=%d', '--delimiter=,']);
    assertOk(a, 'export --fmt=%d --delimiter=,');
    assert.ok(a.stdout.equals(want('i1_2d__d_comma.txt')));
    const b = await runCli(['export', 'i2_le_2d.npy', '--index=-1:0:-2']);
    assertOk(b, '--index=-1:0:-2');
    assert.ok(b.stdout.equals(want('i2_le_2d__idx2.txt')));
    const c = await runCli(['export', 'i2_le_2d.npy', '--index', '-1:0:-2']);
    assertOk(c, '--index -1:0:-2');
    assert.ok(c.stdout.equals(want('i2_le_2d__idx2.txt')));
  });

  it('flag text is literal apart from --delimiter/--newline escapes: "\\t" in a header stays two characters', async function () {
    const r = await runCli(['export', 'i1_2d.npy', '--fmt', '%d', '--header', 'a\\tb']);
    assertOk(r, 'export');
    const first = r.stdout.toString().split('\n')[0];
    assert.strictEqual(first, '# a\\tb');
  });

  it('export of an npz with exactly one array member needs no --member', async function () {
    const r = await runCli(['export', 'npz_single.npz']);
    assertOk(r, 'export');
    assert.ok(r.stdout.equals(want('npz_single__only__default.txt')));
  });

  it('-o: a failing export leaves an existing OUT untouched and no temporary files', async function () {
    const dir = tempDir('npyview-o-');
    const out = path.join(dir, 'out.txt');
    fs.writeFileSync(out, 'previous contents\n');
    const r = await runCli(['export', 'U_le_1d.npy', '-o', out]); // '%.18e' on strings: numpy raises
    assertFailed(r, 'export', 'U_le_1d.npy', undefined);
    assert.strictEqual(fs.readFileSync(out, 'utf8'), 'previous contents\n');
    assert.deepStrictEqual(fs.readdirSync(dir), ['out.txt']);
  });

  it('-o into a missing directory → exit 1, one line', async function () {
    const r = await runCli(['export', 'f8_0d.npy', '-o', path.join(tempDir('npyview-o-'), 'nope', 'x.txt')]);
    assertFailed(r, 'export', 'f8_0d.npy', 1);
  });

  it('save of a non-array member is refused', async function () {
    const out = path.join(tempDir('npyview-save-'), 'x.npy');
    const r = await runCli(['save', 'npz_names.npz', '--member', 'notes.txt', '-o', out]);
    assertFailed(r, 'save', 'npz_names.npz', 1);
    assert.ok(!fs.existsSync(out));
  });

  it('save never writes outside -o for hostile member names', async function () {
    const dir = tempDir('npyview-evil-');
    const work = path.join(dir, 'a', 'b');
    fs.mkdirSync(work, { recursive: true });
    fs.copyFileSync(path.join(CORPUS, 'npz_hostile_names.npz'), path.join(work, 'h.npz'));
    const r = await runCli(['save', 'h.npz', '--member', '../../evil', '-o', 'out.npy'], { cwd: work });
    assertOk(r, 'save');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['a']);
    assert.deepStrictEqual(fs.readdirSync(work).sort(), ['h.npz', 'out.npy']);
  });

  it('a closed stdout pipe ends the export quietly (EPIPE)', async function () {
    const child = spawn(process.execPath, [cliPath(), 'export', 'npz_compressed_larger.npz', '--member', 'big'],
      { cwd: CORPUS, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.strictEqual(stderr, '', 'nothing on stderr');
    assert.strictEqual(code, 0);
  });
});

describe('npyview argument parsing (in process)', function () {
  // Imported lazily so a broken engine import cannot hide these results.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseArgs, UsageError } = require('../../../src/cli/args') as typeof import('../../../src/cli/args');

  it('takes values literally, even when they start with "-" or hold control characters', function () {
    const a = parseArgs(['export', 'x.npy', '--index', '-1', '--delimiter', '\t', '--newline', '\r\n', '--header', '--help',
      '--comments', '-o', '--fmt', '%d', '--fmt', '-%x']);
    assert.strictEqual(a.command, 'export');
    assert.strictEqual(a.file, 'x.npy');
    assert.strictEqual(a.index, '-1');
    assert.strictEqual(a.delimiter, '\t');
    assert.strictEqual(a.newline, '\r\n');
    assert.strictEqual(a.header, '--help');
    assert.strictEqual(a.comments, '-o');
    assert.strictEqual(a.output, undefined);
    assert.deepStrictEqual(a.fmt, ['%d', '-%x']);
  });

  it('accepts --opt=value (the value may contain "=") and -- before a file named like an option', function () {
    const a = parseArgs(['export', '--delimiter==', '--fmt=%d=%d', '--', '-weird.npy']);
    assert.strictEqual(a.delimiter, '=');
    assert.deepStrictEqual(a.fmt, ['%d=%d']);
    assert.strictEqual(a.file, '-weird.npy');
    assert.strictEqual(parseArgs(['export', 'x.npy', '--delimiter=']).delimiter, '');
  });

  it('help and version', function () {
    assert.throws(() => parseArgs([]), (e: unknown) => e instanceof UsageError, 'no arguments is a usage error');
    assert.strictEqual(parseArgs(['info', '-h']).command, 'help');
    assert.strictEqual(parseArgs(['--version']).command, 'version');
  });

  it('rejects bad usage with UsageError', function () {
    for (const argv of [['info'], ['frob', 'x'], ['info', 'x', '--fmt', '%d'], ['export', 'x', '--index'],
      ['save', 'x', '--member', 'a'], ['export', 'x', '-o', 'a', '-o', 'b'], ['info', 'x', '--json=1'], ['--json', 'info', 'x']]) {
      assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError, JSON.stringify(argv));
    }
  });
});
