/**
 * What a new user tripped over on the command line (issue 17, item 13): -o naming a directory,
 * `save -o x.txt`, `--delimiter '\t'` typed as two characters, and paths named twice in a message.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkErrorLine, CliResult, CORPUS, runCli, tempDir } from '../../support/cli-harness';

function ok(r: CliResult, what: string): void {
  assert.ok(!r.timedOut, `${what}: timed out`);
  assert.strictEqual(r.code, 0, `${what}: exit ${r.code}, stderr: ${r.stderr}`);
}

function failed(r: CliResult, what: string, code: number, mention: string): string {
  assert.ok(!r.timedOut, `${what}: timed out`);
  assert.strictEqual(r.code, code, `${what}: exit ${r.code} (want ${code}), stderr: ${r.stderr}`);
  const problem = checkErrorLine(r, mention);
  assert.strictEqual(problem, null, `${what}: ${problem}`);
  return r.stderr.trim();
}

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('npyview paper cuts (issue 17)', function () {
  this.timeout(120000);

  describe('-o naming a directory', function () {
    for (const [what, argv] of [
      ['export', ['export', 'npz_compressed_larger.npz', '--member', 'big']],
      // U_le_1d with the default '%.18e' fails in the work itself: the -o check must come first.
      ['export that would fail later', ['export', 'U_le_1d.npy']],
      ['save', ['save', 'npz_compressed_larger.npz', '--member', 'big']],
    ] as const) {
      it(`${what}: refused before any work, one line naming it once, nothing written`, async function () {
        const dir = tempDir('npyview-odir-');
        for (const o of [dir, dir + path.sep]) {
          const r = await runCli([...argv, '-o', o]);
          const line = failed(r, `${what} -o ${o}`, 2, 'is a directory');
          assert.strictEqual(count(line, dir), 2, `the directory, and the example file in it: ${line}`);
          assert.ok(!/\.tmp|EISDIR|rename/.test(line), line);
          assert.deepStrictEqual(fs.readdirSync(dir), [], 'no temporary file left');
        }
      });
    }

    it('-o "." (the current directory) too', async function () {
      const work = tempDir('npyview-odot-');
      fs.copyFileSync(path.join(CORPUS, 'i1_2d.npy'), path.join(work, 'i1_2d.npy'));
      const r = await runCli(['export', 'i1_2d.npy', '-o', '.'], { cwd: work });
      failed(r, 'export -o .', 2, 'is a directory');
      assert.deepStrictEqual(fs.readdirSync(work), ['i1_2d.npy']);
    });

    it('a missing folder names the path once', async function () {
      const missing = path.join(tempDir('npyview-omiss-'), 'nope');
      const r = await runCli(['export', 'i1_2d.npy', '-o', path.join(missing, 'x.txt')]);
      const line = failed(r, 'export into a missing folder', 1, 'x.txt');
      assert.strictEqual(count(line, missing), 1, line);
    });
  });

  describe('save -o with a name that is not .npy', function () {
    it('a text name (.txt, .csv, .tsv) is refused, pointing to export, nothing written', async function () {
      const dir = tempDir('npyview-savetxt-');
      for (const name of ['x.txt', 'x.CSV', 'x.tsv']) {
        const out = path.join(dir, name);
        const r = await runCli(['save', 'i1_2d.npy', '-o', out]);
        const line = failed(r, `save -o ${name}`, 2, 'export');
        assert.ok(line.includes('.npy bytes'), line);
      }
      assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it('another name writes the .npy with a one-line warning', async function () {
      const dir = tempDir('npyview-savebin-');
      const bin = path.join(dir, 'x.bin');
      const npy = path.join(dir, 'x.npy');
      const a = await runCli(['save', 'npz_single.npz', '-o', bin]);
      ok(a, 'save -o x.bin');
      const lines = a.stderr.split('\n').filter(Boolean);
      assert.strictEqual(lines.length, 1, a.stderr);
      assert.ok(lines[0].startsWith('npyview: warning: ') && lines[0].includes('.npy bytes'), lines[0]);
      const b = await runCli(['save', 'npz_single.npz', '-o', npy]);
      ok(b, 'save -o x.npy');
      assert.strictEqual(b.stderr, '', 'no warning for .npy');
      assert.ok(fs.readFileSync(bin).equals(fs.readFileSync(npy)));
    });
  });

  describe('--delimiter and --newline escapes as Python users type them', function () {
    it("'\\t' (backslash, t) is a tab, the same bytes as a real tab", async function () {
      const typed = await runCli(['export', 'i1_2d.npy', '--fmt', '%d', '--delimiter', '\\t']);
      const real = await runCli(['export', 'i1_2d.npy', '--fmt', '%d', '--delimiter', '\t']);
      ok(typed, 'typed \\t');
      ok(real, 'real tab');
      assert.ok(typed.stdout.toString().split('\n')[0].includes('\t'), typed.stdout.toString());
      assert.ok(!typed.stdout.includes('\\'), 'no backslash left');
      assert.ok(typed.stdout.equals(real.stdout));
    });

    it("'\\r\\n' as --newline is CRLF; '\\\\t' is a backslash and t", async function () {
      const r = await runCli(['export', 'i1_2d.npy', '--fmt', '%d', '--newline', '\\r\\n', '--delimiter', '\\\\t']);
      ok(r, 'export');
      const text = r.stdout.toString();
      assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), JSON.stringify(text.slice(0, 80)));
      assert.ok(text.includes('\\t') && !text.includes('\t'), JSON.stringify(text.slice(0, 80)));
    });

    it('--help says so', async function () {
      const r = await runCli(['export', '--help']);
      ok(r, 'export --help');
      assert.match(r.stdout.toString(), /--delimiter D .*'\\t' is a tab/);
    });
  });

  describe('a path appears once in a message', function () {
    for (const [what, argv, name, code] of [
      ['a missing file', ['info', 'no-such-file.npy'], 'no-such-file.npy', 1],
      ['a directory as FILE', ['export', 'expected'], 'expected', 1],
      ['a missing member', ['export', 'npz_stored.npz', '--member', 'nope'], 'npz_stored.npz', 2],
    ] as const) {
      it(what, async function () {
        const r = await runCli([...argv]);
        const line = failed(r, what, code, name);
        assert.strictEqual(count(line, name), 1, line);
      });
    }
  });
});

describe('npyview export --help states the 0-d rule (issue 17, item 12)', function () {
  it('mentions numpy.atleast_1d and that numpy.savetxt refuses 0-d', async function () {
    const r = await runCli(['export', '--help']);
    ok(r, 'export --help');
    const text = r.stdout.toString().replace(/\s+/g, ' ');
    assert.ok(/0-d array .* numpy\.atleast_1d\(arr\)/.test(text), text);
    assert.ok(text.includes('numpy.savetxt itself refuses 0-d arrays'), text);
  });
});
