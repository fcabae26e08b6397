/** FileSource.verify(): a file that changes under an open handle is told apart from the one opened. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyError } from '../../../src/npy/errors';
import { FileSource } from '../../../src/npy/io/filesource';

/** Rejects with NpyError 'changed' whose message matches `how`. */
function changed(how: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof NpyError && e.code === 'changed' && /changed on disk since it was opened/.test(e.message) && how.test(e.message);
}

describe('FileSource: files that change underfoot', () => {
  let dir: string;
  let file: string;
  let src: FileSource | undefined;
  const bytes = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-underfoot-'));
    file = path.join(dir, 'weights.npy');
    fs.writeFileSync(file, bytes(1000, 1));
    // Written "a minute ago", so a rewrite now has another mtime even on a coarse clock.
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(file, past, past);
    src = await FileSource.open(file);
  });

  afterEach(async () => {
    await src?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes while the file is untouched (also after reads, and a chmod)', async () => {
    await src!.verify();
    assert.deepStrictEqual(await src!.read(10, 4), bytes(4, 1));
    fs.chmodSync(file, 0o600);
    await src!.verify();
  });

  it('refuses a file rewritten in place with the same size', async () => {
    fs.writeFileSync(file, bytes(1000, 2)); // O_TRUNC then write: same inode, same size
    await assert.rejects(src!.verify(), changed(/rewritten|shrank|grew/));
  });

  it('refuses a truncated file, and a read past its new end fails with the same typed error', async () => {
    fs.truncateSync(file, 100);
    await assert.rejects(src!.verify(), changed(/shrank from 1000 to 100 bytes/));
    await assert.rejects(src!.read(500, 10), changed(/shorter than the 1000 bytes/));
  });

  it('refuses a grown file', async () => {
    fs.appendFileSync(file, bytes(24, 3));
    await assert.rejects(src!.verify(), changed(/grew from 1000 to 1024 bytes/));
  });

  it('refuses a file replaced by a rename (new inode), though the old one still reads', async () => {
    const tmp = path.join(dir, 'weights.npy.tmp');
    fs.writeFileSync(tmp, bytes(1000, 4));
    fs.renameSync(tmp, file);
    // The open descriptor still reads the old file: only the identity check can tell.
    assert.deepStrictEqual(await src!.read(0, 4), bytes(4, 1));
    await assert.rejects(src!.verify(), changed(/replaced by another file/));
  });

  it('refuses a deleted file', async () => {
    fs.unlinkSync(file);
    await assert.rejects(src!.verify(), changed(/deleted/));
  });

  it('a closed source reports a plain io error, not a change', async () => {
    await src!.close();
    await assert.rejects(src!.verify(), (e: unknown) => e instanceof NpyError && e.code === 'io');
    src = undefined;
  });
});
