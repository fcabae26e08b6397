/**
 * Writing the file the user named (issue 12, defect 3): the one home of write-to-temp-and-rename,
 * used by `npyview -o` and the extension's Save As / Export.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyError } from '../../../src/npy/errors';
import { identityOf, openOutputFile, removePendingSync } from '../../../src/npy/io/outputfile';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const posix = process.platform !== 'win32';

function tmp(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'npy-out-')); }

async function writeText(target: string, text: string, protect: string[] = []): Promise<string> {
  const f = await openOutputFile(target, { protect: await Promise.all(protect.map(identityOf)) });
  await f.write(Buffer.from(text));
  await f.commit();
  return f.path;
}

/** Names left in the directory besides the expected ones (temporary files). */
function leftovers(dir: string, expected: string[]): string[] {
  return fs.readdirSync(dir).filter((n) => !expected.includes(n));
}

describe('output files: where -o, Save As and Export write (issue 12, defect 3)', () => {
  let dir: string;
  beforeEach(() => { dir = tmp(); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('a new file appears complete; nothing else is left', async () => {
    const out = path.join(dir, 'new.txt');
    await writeText(out, 'hello\n');
    assert.strictEqual(fs.readFileSync(out, 'utf8'), 'hello\n');
    assert.deepStrictEqual(leftovers(dir, ['new.txt']), []);
  });

  it('a discarded write leaves the old file as it was and no temporary file', async () => {
    const out = path.join(dir, 'old.txt');
    fs.writeFileSync(out, 'old');
    const f = await openOutputFile(out);
    await f.write(Buffer.from('partial'));
    assert.strictEqual(leftovers(dir, ['old.txt']).length, 1, 'the temporary file sits beside the target');
    await f.discard();
    assert.strictEqual(fs.readFileSync(out, 'utf8'), 'old');
    assert.deepStrictEqual(leftovers(dir, ['old.txt']), []);
  });

  it('removePendingSync removes the temporary files of writes in progress (signals)', async () => {
    const out = path.join(dir, 'x.txt');
    const f = await openOutputFile(out);
    await f.write(Buffer.from('partial'));
    removePendingSync();
    assert.deepStrictEqual(leftovers(dir, []), []);
    await f.discard();
  });

  (posix ? it : it.skip)('a replaced file keeps its mode, read-only included (and its owner where permitted)', async () => {
    const out = path.join(dir, 'kept.txt');
    for (const mode of [0o640, 0o604, 0o444, 0o755]) {
      fs.writeFileSync(out, 'old');
      fs.chmodSync(out, mode);
      if (isRoot) fs.chownSync(out, 1234, 4321);
      const before = fs.statSync(out);
      if (!isRoot && !(mode & 0o200)) {
        // not ours to write: refused like a shell redirect, the file untouched
        await assert.rejects(writeText(out, 'new'), /permission denied/);
        assert.strictEqual(fs.readFileSync(out, 'utf8'), 'old');
        continue;
      }
      await writeText(out, 'new');
      const after = fs.statSync(out);
      assert.strictEqual(fs.readFileSync(out, 'utf8'), 'new');
      assert.notStrictEqual(after.ino, before.ino, 'replaced, not rewritten');
      assert.strictEqual(after.mode & 0o7777, mode, `mode ${mode.toString(8)}`);
      assert.strictEqual(after.uid, before.uid);
      assert.strictEqual(after.gid, before.gid);
    }
    assert.deepStrictEqual(leftovers(dir, ['kept.txt']), []);
  });

  (posix ? it : it.skip)('a symlink is followed: the file it points to is replaced beside itself, the link stays', async () => {
    const real = path.join(dir, 'sub', 'real.txt');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(path.join('sub', 'real.txt'), path.join(dir, 'link1'));
    fs.symlinkSync('link1', path.join(dir, 'link2'));
    const written = await writeText(path.join(dir, 'link2'), 'new');
    assert.strictEqual(written, real);
    assert.ok(fs.lstatSync(path.join(dir, 'link1')).isSymbolicLink());
    assert.ok(fs.lstatSync(path.join(dir, 'link2')).isSymbolicLink());
    assert.strictEqual(fs.readFileSync(real, 'utf8'), 'new');
    assert.deepStrictEqual(leftovers(path.join(dir, 'sub'), ['real.txt']), []);
    // a dangling link: the file it names is created
    fs.symlinkSync('made.txt', path.join(dir, 'dangling'));
    await writeText(path.join(dir, 'dangling'), 'made');
    assert.ok(fs.lstatSync(path.join(dir, 'dangling')).isSymbolicLink());
    assert.strictEqual(fs.readFileSync(path.join(dir, 'made.txt'), 'utf8'), 'made');
    // a loop is an error, not a hang
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    await assert.rejects(writeText(path.join(dir, 'loop-a'), 'x'), /symbolic links/);
  });

  (posix && fs.existsSync('/dev/null') ? it : it.skip)('a device is written directly, never replaced by a regular file', async () => {
    const f = await openOutputFile('/dev/null');
    assert.strictEqual(f.direct, true);
    await f.write(Buffer.from('gone'));
    await f.commit();
    assert.ok(fs.statSync('/dev/null').isCharacterDevice());
    // through a symlink too
    fs.symlinkSync('/dev/null', path.join(dir, 'null-link'));
    await writeText(path.join(dir, 'null-link'), 'gone');
    assert.ok(fs.statSync('/dev/null').isCharacterDevice());
    assert.ok(fs.lstatSync(path.join(dir, 'null-link')).isSymbolicLink());
  });

  (posix ? it : it.skip)('a FIFO is written directly (its reader gets the bytes; it stays a FIFO)', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const got: Buffer[] = [];
    const reader = new Promise<string>((resolve, reject) => {
      const s = fs.createReadStream(fifo);
      s.on('data', (b) => got.push(b as Buffer));
      s.on('end', () => resolve(Buffer.concat(got).toString()));
      s.on('error', reject);
    });
    await writeText(fifo, 'through the pipe');
    assert.strictEqual(await reader, 'through the pipe');
    assert.ok(fs.lstatSync(fifo).isFIFO());
    assert.deepStrictEqual(leftovers(dir, ['pipe']), []);
  });

  it('the input is refused before anything is opened: same path, another path, a hard link, a symlink', async () => {
    const input = path.join(dir, 'in.npy');
    fs.writeFileSync(input, 'input bytes');
    const names = [input, path.join(dir, '..', path.basename(dir), 'in.npy')];
    if (posix) {
      fs.linkSync(input, path.join(dir, 'hard.npy'));
      fs.symlinkSync('in.npy', path.join(dir, 'soft.npy'));
      names.push(path.join(dir, 'hard.npy'), path.join(dir, 'soft.npy'));
    }
    for (const name of names) {
      await assert.rejects(writeText(name, 'clobbered', [input]),
        (e: unknown) => e instanceof NpyError && e.code === 'usage' && /is the input file/.test(e.message), name);
    }
    assert.strictEqual(fs.readFileSync(input, 'utf8'), 'input bytes');
    assert.deepStrictEqual(leftovers(dir, ['in.npy', 'hard.npy', 'soft.npy']), []);
  });

  it('a directory or a missing directory is a clear error', async () => {
    await assert.rejects(writeText(dir, 'x'), /is a directory/);
    await assert.rejects(writeText(path.join(dir, 'no', 'such', 'f.txt'), 'x'), /no such directory/);
  });
});
