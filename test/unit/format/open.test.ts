import * as assert from 'assert';
import * as fs from 'fs';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openFile, openSource } from '../../../src/npy/format/open';
import { fixture, manifest, rejectsNpy } from '../../support/npzfixtures';

describe('openFile / openSource', () => {
  it('opens an .npz by content', async () => {
    const f = await openFile(fixture('stored.npz'));
    try {
      assert.strictEqual(f.kind, 'npz');
      if (f.kind === 'npz') assert.deepStrictEqual(f.npz.members.map((m) => m.name), manifest.files['stored.npz'].members.map((m) => m.name));
    } finally {
      await f.close();
    }
  });

  it('decides by content, not by extension', async () => {
    const npy = await openFile(fixture('actually_npy.npz'));
    assert.strictEqual(npy.kind, 'npy');
    if (npy.kind === 'npy') {
      assert.deepStrictEqual(npy.array.shape, [4]);
    }
    await npy.close();
    const npz = await openFile(fixture('actually_npz.npy'));
    assert.strictEqual(npz.kind, 'npz');
    if (npz.kind === 'npz') {
      assert.strictEqual(npz.npz.members.length, 7);
    }
    await npz.close();
  });

  it('opens an empty archive (PK\\x05\\x06)', async () => {
    const f = await openFile(fixture('empty.npz'));
    assert.strictEqual(f.kind, 'npz');
    if (f.kind === 'npz') {
      assert.deepStrictEqual(f.npz.members, []);
    }
    await f.close();
  });

  it('names the file and shows its first bytes when it is neither', async () => {
    const p = fixture('not_an_array.bin');
    await rejectsNpy(openFile(p), 'format', `${p}: not a NumPy .npy or .npz file (starts with "GIF89a\\x01\\x00")`);
    await rejectsNpy(openSource(new BufferSource(new TextEncoder().encode('a,b\n1,2\n')), 'data.csv'), 'format',
      'data.csv: not a NumPy .npy or .npz file (starts with "a,b\\n1,2\\n")');
  });

  it('says so when the file is empty', async () => {
    await rejectsNpy(openFile(fixture('zero_bytes.npz')), 'format', 'zero_bytes.npz: the file is empty');
    await rejectsNpy(openFile(fixture('zero_bytes.npz'), 'shown.npz'), 'format', 'shown.npz: the file is empty');
  });

  it('reports corrupt archives and missing files clearly', async () => {
    await rejectsNpy(openFile(fixture('truncated.npz')), 'format', 'truncated.npz', 'end-of-central-directory');
    await rejectsNpy(openFile(fixture('no-such-file.npz')), 'io', 'no-such-file.npz', 'no such file');
  });

  it('opens from memory with a label', async () => {
    const data = new Uint8Array(fs.readFileSync(fixture('compressed.npz')));
    const f = await openSource(new BufferSource(data), 'mem.npz');
    assert.strictEqual(f.kind, 'npz');
    if (f.kind === 'npz') {
      assert.strictEqual(f.npz.label, 'mem.npz');
      const h = await f.npz.readHeader('a');
      assert.deepStrictEqual(h.shape, [3, 4]);
    }
    await f.close();
  });

  it('an opened file closes itself: the file handle and every member opened from it', async () => {
    const npz = await openFile(fixture('stored.npz'));
    assert.ok(npz.kind === 'npz');
    const member = await npz.npz.openArray(npz.npz.members.find((m) => m.isArray)!.name);
    await npz.close();
    await rejectsNpy(member.source.read(0, 1), 'io');
    await rejectsNpy(npz.source.read(0, 1), 'io', 'read after close');
    await npz.close(); // twice is harmless

    const npy = await openFile(fixture('actually_npy.npz'));
    await npy.close();
    await rejectsNpy(npy.source.read(0, 1), 'io', 'read after close');
  });
});
