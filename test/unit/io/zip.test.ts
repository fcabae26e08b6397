import * as assert from 'assert';
import { zipSync } from 'fflate';
import { crc32 } from '../../../src/npy/io/crc32';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource, FileSource } from '../../../src/npy/io/filesource';
import { ZipArchive } from '../../../src/npy/io/zip';
import { fixture, manifest, rejectsNpy, rng } from '../../support/npzfixtures';
import * as fs from 'fs';

async function openArchive(name: string): Promise<{ zip: ZipArchive; src: FileSource }> {
  const src = await FileSource.open(fixture(name));
  return { zip: await ZipArchive.open(src, name), src };
}

describe('crc32', () => {
  it('matches known values (zlib / Python)', () => {
    assert.strictEqual(crc32(new Uint8Array(0)), 0);
    assert.strictEqual(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    assert.strictEqual(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  });
});

describe('zip reader', () => {
  for (const [name, info] of Object.entries(manifest.files)) {
    it(`lists ${name} like Python's zipfile (${info.memberCount} entries)`, async () => {
      const { zip, src } = await openArchive(name);
      try {
        assert.strictEqual(zip.entries.length, info.memberCount);
        if (info.memberNames) {
          assert.deepStrictEqual(zip.entries.map((e) => e.name.replace(/\.npy$/, '')), info.memberNames);
        }
        const byName = new Map(zip.entries.map((e) => [e.name, e]));
        for (const m of info.members) {
          const e = byName.get(m.zipName);
          assert.ok(e, `missing ${m.zipName}`);
          assert.strictEqual(e.method, m.method);
          assert.strictEqual(e.compressedSize, m.compressedSize);
          assert.strictEqual(e.uncompressedSize, m.uncompressedSize);
          assert.strictEqual(e.crc32, m.crc32);
          assert.strictEqual(e.flags, m.flags);
        }
      } finally {
        await src.close();
      }
    });
  }

  it('computes the data offset from the local header (numpy puts a zip64 extra only there)', async () => {
    const { zip, src } = await openArchive('stored.npz');
    try {
      for (const e of zip.entries) {
        const off = (await zip.openEntry(e)).offset;
        // 30-byte header + name + the 20-byte zip64 extra that force_zip64 adds locally
        assert.strictEqual(off, e.localHeaderOffset + 30 + Buffer.byteLength(e.name) + 20, e.name);
        const magic = await src.read(off, 6);
        assert.deepStrictEqual(Array.from(magic), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
      }
    } finally {
      await src.close();
    }
  });

  it('reads the zip64 end record and saturated 0xFFFFFFFF fields', async () => {
    const { zip, src } = await openArchive('zip64_full.npz');
    try {
      assert.strictEqual(zip.zip64, true);
      assert.ok(zip.entries.every((e) => e.zip64));
      assert.deepStrictEqual(zip.entries.map((e) => e.name), ['p.npy', 'q.npy']);
      const stored = (await openArchive('stored.npz'));
      assert.strictEqual(stored.zip.zip64, false);
      await stored.src.close();
    } finally {
      await src.close();
    }
  });

  it('uses central-directory sizes for members written with data descriptors', async () => {
    for (const name of ['descriptor_stored.npz', 'descriptor_deflated.npz']) {
      const { zip, src } = await openArchive(name);
      try {
        assert.ok(zip.entries.every((e) => (e.flags & 8) !== 0));
        assert.ok(zip.entries.every((e) => e.compressedSize > 0));
      } finally {
        await src.close();
      }
    }
  });

  it('decodes UTF-8 names, cp437 names and names with slashes', async () => {
    const names = await openArchive('names.npz');
    assert.deepStrictEqual(names.zip.entries.map((e) => e.name),
      ['group/sub/x.npy', 'données.npy', '数据.npy', 'readme.txt', 'fake.npy']);
    await names.src.close();
    const cp = await openArchive('cp437.npz');
    assert.strictEqual(cp.zip.entries[0].name, 'café ß.npy');
    assert.strictEqual(cp.zip.entries[0].flags & 0x800, 0);
    await cp.src.close();
  });

  it('finds the end record behind an archive comment', async () => {
    const { zip, src } = await openArchive('names.npz');
    try {
      assert.strictEqual(zip.entries.length, 5);
      // the comment is 760 bytes: the record is not at size - 22
      const tail = await src.read(src.size - 22, 4);
      assert.notDeepStrictEqual(Array.from(tail), [0x50, 0x4b, 5, 6]);
    } finally {
      await src.close();
    }
  });

  it('reads an empty archive (np.savez with no arrays)', async () => {
    const { zip, src } = await openArchive('empty.npz');
    assert.strictEqual(zip.entries.length, 0);
    await src.close();
  });

  it('reads plain zips from another writer (fflate, no zip64)', async () => {
    const data = zipSync({ 'x.npy': new Uint8Array([1, 2, 3]), 'dir/y.bin': [new Uint8Array(1000).fill(7), { level: 6 }] }, { level: 0 });
    const zip = await ZipArchive.open(new BufferSource(data), 'mem.zip');
    assert.deepStrictEqual(zip.entries.map((e) => [e.name, e.method, e.uncompressedSize]), [['x.npy', 0, 3], ['dir/y.bin', 8, 1000]]);
    assert.strictEqual(zip.entries[1].crc32, crc32(new Uint8Array(1000).fill(7)));
  });

  it('lists members with other methods but refuses to read them, naming the method', async () => {
    const { zip, src } = await openArchive('bzip2.npz');
    try {
      assert.strictEqual(zip.entries[0].method, 12);
      await assert.rejects(zip.openEntry(zip.entries[0]),
        (e: unknown) => e instanceof NpyError && e.code === 'unsupported' && e.message.includes('bzip2 (method 12)'));
    } finally {
      await src.close();
    }
  });

  for (const [name, err] of Object.entries(manifest.errors).filter(([, e]) => e.where === 'open')) {
    it(`rejects ${name} with a clear message`, async () => {
      const src = await FileSource.open(fixture(name));
      try {
        await rejectsNpy(ZipArchive.open(src, name), err.code, name, err.contains);
      } finally {
        await src.close();
      }
    });
  }

  it('rejects a bad local header offset when the member is opened', async () => {
    const { zip, src } = await openArchive('bad_local_offset.npz');
    try {
      await rejectsNpy(zip.openEntry(zip.entries[0]), 'format', 'local header');
    } finally {
      await src.close();
    }
  });

  it('scans back at most 64 KiB + 22 bytes for the end record', async () => {
    const src = new BufferSource(new Uint8Array(1 << 20));
    await rejectsNpy(ZipArchive.open(src, 'zeros.zip'), 'format', 'end-of-central-directory');
    // the last 22 bytes first (an archive without a comment), then the whole possible comment range
    assert.ok(src.stats.bytes <= 22 + 65536 + 22, `read ${src.stats.bytes} bytes`);
  });

  it('reads only the end record and the directory of an archive without a comment', async () => {
    const { src } = await openArchive('large.npz');
    // end record + zip64 locator + central directory (2 entries) + nothing else
    assert.ok(src.stats.bytes < 22 + 20 + 400, `read ${src.stats.bytes} bytes`);
    await src.close();
  });

  it('refuses a central directory too large to read in one piece, before reading it', async () => {
    // A sparse-looking source: 1 GiB of nothing with an end record claiming a 900 MB directory.
    const size = 1 << 30;
    const rec = new Uint8Array(22);
    const dv = new DataView(rec.buffer);
    dv.setUint32(0, 0x06054b50, true);
    dv.setUint16(8, 60000, true);
    dv.setUint16(10, 60000, true);
    dv.setUint32(12, 900_000_000, true);
    dv.setUint32(16, 1000, true);
    let bytes = 0;
    const src = {
      size,
      read: async (o: number, n: number) => {
        bytes += n;
        const out = new Uint8Array(n);
        const from = size - 22;
        if (o + n > from) out.set(rec.subarray(Math.max(0, o - from), o + n - from), Math.max(0, from - o));
        return out;
      },
      close: async () => undefined,
    };
    await rejectsNpy(ZipArchive.open(src, 'huge.npz'), 'unsupported', 'huge.npz', 'central directory');
    assert.ok(bytes < 4096, `read ${bytes}`);
  });

  it('rejects files too short to be a zip', async () => {
    await rejectsNpy(ZipArchive.open(new BufferSource(new Uint8Array([0x50, 0x4b, 5, 6])), 'tiny.zip'), 'format', 'tiny.zip');
  });

  it('never crashes on truncated archives: every prefix is an NpyError', async () => {
    const data = new Uint8Array(fs.readFileSync(fixture('stored.npz')));
    for (let n = 0; n < data.length; n++) {
      const err = await ZipArchive.open(new BufferSource(data.subarray(0, n)), 'cut.npz').then(() => null, (e) => e);
      assert.ok(err instanceof NpyError, `prefix ${n}: ${err}`);
    }
  });

  it('never crashes on corrupted archives (seeded fuzz over header bytes)', async () => {
    const base = new Uint8Array(fs.readFileSync(fixture('descriptor_deflated.npz')));
    const rand = rng(1234);
    let opened = 0;
    let rounds = 0;
    for (let round = 0; round < 400; round++) {
      rounds++;
      const data = base.slice();
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) {
        // Bias towards the central directory and end record, where the structure is.
        const pos = rand() < 0.7 ? data.length - 1 - Math.floor(rand() * 200) : Math.floor(rand() * data.length);
        data[pos] = rand() < 0.5 ? 0xff : Math.floor(rand() * 256);
      }
      try {
        const zip = await ZipArchive.open(new BufferSource(data), 'fuzz.npz');
        opened++;
        for (const e of zip.entries) {
          try {
            await zip.openEntry(e);
          } catch (e2) {
            assert.ok(e2 instanceof NpyError, `round ${round}: ${(e2 as Error).stack}`);
          }
        }
      } catch (e) {
        assert.ok(e instanceof NpyError, `round ${round}: ${(e as Error).stack}`);
      }
    }
    assert.strictEqual(rounds, 400);
    assert.ok(opened > 0 && opened < rounds, `${opened} of ${rounds} mutations opened: some should, some should not`);
  });
});
