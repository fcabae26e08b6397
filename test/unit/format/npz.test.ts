import * as assert from 'assert';
import { createHash } from 'crypto';
import { zipSync } from 'fflate';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileSource, BufferSource } from '../../../src/npy/io/filesource';
import { InflateSource } from '../../../src/npy/io/inflate/inflatesource';
import { makeDecoder } from '../../../src/npy/format/decode';
import { NpzFile, memberBytes } from '../../../src/npy/format/npz/npz';
import { writeNpy } from '../../../src/npy/format/npywrite';
import { rawNpy } from '../../support/corefixtures';
import { tailExpected, writeTailNpz } from '../../support/tailnpz';
import { MemorySink } from '../../../src/npy/io/sink';
import { fixture, lowbias32, manifest, rejectsNpy, rng, sha256 } from '../../support/npzfixtures';
import { NpyError } from '../../../src/npy/errors';

async function openNpz(name: string, opts = {}): Promise<{ npz: NpzFile; src: FileSource }> {
  const src = await FileSource.open(fixture(name));
  return { npz: await NpzFile.open(src, name, opts), src };
}

/** Decodes the little-endian numeric dtypes the small fixtures use (independent of decode.ts). */
function decodeSimple(descr: string, b: Uint8Array): (number | boolean)[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const size = Number(descr.slice(2));
  const le = descr[0] !== '>';
  const out: (number | boolean)[] = [];
  for (let p = 0; p + size <= b.length; p += size) {
    switch (descr.slice(1)) {
      case 'b1': out.push(b[p] !== 0); break;
      case 'i1': out.push(dv.getInt8(p)); break;
      case 'u1': out.push(dv.getUint8(p)); break;
      case 'i2': out.push(dv.getInt16(p, le)); break;
      case 'u2': out.push(dv.getUint16(p, le)); break;
      case 'i4': out.push(dv.getInt32(p, le)); break;
      case 'u4': out.push(dv.getUint32(p, le)); break;
      case 'i8': out.push(Number(dv.getBigInt64(p, le))); break;
      case 'f4': out.push(dv.getFloat32(p, le)); break;
      case 'f8': out.push(dv.getFloat64(p, le)); break;
      default: throw new Error(`test decoder lacks ${descr}`);
    }
  }
  return out;
}

describe('NpzFile', () => {
  for (const [name, info] of Object.entries(manifest.files)) {
    it(`lists the members of ${name} like numpy`, async () => {
      const { npz } = await openNpz(name);
      try {
        assert.strictEqual(npz.members.length, info.memberCount);
        if (info.memberNames) assert.deepStrictEqual(npz.members.map((m) => m.name), info.memberNames);
        for (const want of info.members) {
          const m = npz.member(want.zipName);
          assert.deepStrictEqual(
            { name: m.name, zipName: m.zipName, compressed: m.compressed, compressedSize: m.compressedSize, uncompressedSize: m.uncompressedSize, isArray: m.isArray },
            { name: want.name, zipName: want.zipName, compressed: want.compressed, compressedSize: want.compressedSize, uncompressedSize: want.uncompressedSize, isArray: want.isArray });
        }
      } finally {
        await npz.close();
      }
    });
  }

  it('finds members with or without .npy and by exact zip name', async () => {
    const { npz } = await openNpz('names.npz');
    try {
      assert.strictEqual(npz.member('group/sub/x').zipName, 'group/sub/x.npy');
      assert.strictEqual(npz.member('group/sub/x.npy').zipName, 'group/sub/x.npy');
      assert.strictEqual(npz.member('数据').zipName, '数据.npy');
      assert.strictEqual(npz.member('readme.txt').isArray, false);
      const e = await rejectsNpy(Promise.resolve().then(() => npz.member('nope')), 'usage', "no member 'nope' in names.npz");
      assert.ok(e.message.includes('members: group/sub/x, données, 数据, readme.txt, fake'), e.message);
    } finally {
      await npz.close();
    }
  });

  it('resolves names like numpy: an exact zip name wins over a stripped one', async () => {
    const z = zipSync({ 'x.npy': new Uint8Array([1]), x: new Uint8Array([2, 2]) }, { level: 0 });
    const npz = await NpzFile.open(new BufferSource(z), 'dup.npz');
    assert.deepStrictEqual(npz.members.map((m) => m.name), ['x', 'x']);
    assert.strictEqual(npz.member('x').zipName, 'x');
    assert.strictEqual(npz.member('x.npy').zipName, 'x.npy');
  });

  it('keeps the missing-member message short for big archives', async () => {
    const { npz } = await openNpz('many.npz');
    try {
      const e = await rejectsNpy(Promise.resolve().then(() => npz.member('zzz')), 'usage', "no member 'zzz'", '1080 more');
      assert.ok(e.message.length < 400);
      const empty = await NpzFile.open(new BufferSource(new Uint8Array([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)])), 'e.npz');
      await rejectsNpy(Promise.resolve().then(() => empty.member('a')), 'usage', "no member 'a' in e.npz (the archive is empty)");
    } finally {
      await npz.close();
    }
  });

  it('reads each member header from the file once, however often it is asked for', async () => {
    const { npz, src } = await openNpz('compressed.npz');
    try {
      const name = manifest.files['compressed.npz'].members.find((m) => m.shape)!.name;
      const first = await npz.readHeader(name);
      const reads = src.stats.reads;
      const again = await Promise.all([npz.readHeader(name), npz.readHeader(`${name}.npy`)]);
      assert.strictEqual(again[0], first);
      assert.strictEqual(again[1], first);
      assert.strictEqual(src.stats.reads, reads, 'a header read again went back to the file');
    } finally {
      await npz.close();
    }
  });

  it('forgets its cached headers on close: readHeader then fails like openArray', async () => {
    const { npz } = await openNpz('compressed.npz');
    const name = manifest.files['compressed.npz'].members.find((m) => m.shape)!.name;
    await npz.readHeader(name);
    await npz.close();
    const opened = await rejectsNpy(npz.openArray(name), 'io', 'archive is closed');
    const header = await rejectsNpy(npz.readHeader(name), 'io', 'archive is closed');
    assert.strictEqual(header.message, opened.message);
  });

  it('reads headers like numpy, inflating only a little of a compressed member', async () => {
    for (const name of ['stored.npz', 'compressed.npz', 'names.npz', 'descriptor_deflated.npz', 'zip64_full.npz', 'large.npz']) {
      const { npz, src } = await openNpz(name);
      try {
        for (const want of manifest.files[name].members.filter((m) => m.shape)) {
          const before = src.stats.bytes;
          const h = await npz.readHeader(want.name);
          assert.deepStrictEqual(h.shape, want.shape, `${name}:${want.name}`);
          assert.strictEqual(h.fortranOrder, want.fortranOrder);
          assert.strictEqual(h.dataOffset, want.dataOffset);
          if (typeof want.dtype === 'string' && !want.dtype.startsWith('[')) assert.strictEqual(h.descr, want.dtype);
          assert.ok(src.stats.bytes - before < 8 * 1024, `${name}:${want.name} read ${src.stats.bytes - before} bytes for its header`);
        }
      } finally {
        await npz.close();
      }
    }
  });

  it('opens arrays whose bytes match numpy (stored, deflated, data descriptors, zip64)', async () => {
    for (const name of ['stored.npz', 'compressed.npz', 'names.npz', 'descriptor_stored.npz', 'descriptor_deflated.npz', 'zip64_full.npz', 'many.npz', 'cp437.npz']) {
      const { npz } = await openNpz(name);
      try {
        for (const want of manifest.files[name].members.filter((m) => m.values && typeof m.dtype === 'string')) {
          const arr = await npz.openArray(want.name);
          try {
            assert.deepStrictEqual(arr.shape, want.shape);
            const nbytes = arr.source.size - arr.header.dataOffset;
            const raw = await arr.source.read(arr.header.dataOffset, nbytes);
            let vals = decodeSimple(want.dtype!, raw);
            if (want.fortranOrder) {
              // file holds F order; numpy's values list is C order
              const [r, c] = want.shape!;
              vals = Array.from({ length: r * c }, (_, k) => vals[(k % c) * r + Math.floor(k / c)]);
            }
            assert.deepStrictEqual(vals, want.values, `${name}:${want.name}`);
          } finally {
            await arr.close();
          }
        }
      } finally {
        await npz.close();
      }
    }
  });

  it('copies every member byte-identical to what np.save writes', async () => {
    for (const [name, info] of Object.entries(manifest.files)) {
      const { npz } = await openNpz(name);
      try {
        for (const want of info.members) {
          if (want.method !== 0 && want.method !== 8) continue;
          const sink = new MemorySink();
          await npz.copyMember(want.zipName, sink);
          const got = sha256(sink.toBuffer());
          assert.strictEqual(got, want.sha256, `${name}:${want.zipName}`);
          if (want.npySha256) assert.strictEqual(got, want.npySha256);
        }
      } finally {
        await npz.close();
      }
    }
  });

  it('shows the first rows of a big compressed member after inflating only a prefix', async () => {
    const { npz, src } = await openNpz('large.npz');
    try {
      const m = npz.member('big');
      const opened = src.stats.bytes;
      const arr = await npz.openArray('big');
      const inflate = memberBytes(arr.source) as InflateSource;
      assert.ok(inflate instanceof InflateSource);
      const rowBytes = 100 * 4;
      const first = decodeSimple('<i4', await arr.source.read(arr.header.dataOffset, 3 * rowBytes));
      assert.deepStrictEqual(first, Array.from({ length: 300 }, (_, i) => lowbias32(i) & 3));
      assert.ok(inflate.inflatedBytes < m.uncompressedSize / 10, `inflated ${inflate.inflatedBytes} of ${m.uncompressedSize}`);
      assert.ok(src.stats.bytes - opened < m.compressedSize / 10, `read ${src.stats.bytes - opened} of ${m.compressedSize} compressed`);
      assert.strictEqual(inflate.crcVerified, false);
      // the last row: read through, CRC checked
      const lastOff = arr.header.dataOffset + 4999 * rowBytes;
      const last = decodeSimple('<i4', await arr.source.read(lastOff, rowBytes));
      assert.deepStrictEqual(last, Array.from({ length: 100 }, (_, i) => lowbias32(499900 + i) & 3));
      assert.strictEqual(inflate.crcVerified, true);
      await arr.close();
    } finally {
      await npz.close();
    }
  });

  it('serves views of a compressed member through the engine (index, readBlock, decode)', async () => {
    const { npz } = await openNpz('large.npz');
    try {
      const arr = await npz.openArray('big');
      const v = arr.view().index('-2:, ::33');
      assert.deepStrictEqual(v.shape, [2, 4]);
      const bytes = await v.readBlock([0, 0], [2, 4]);
      const dec = makeDecoder(arr.dtype);
      const got = Array.from({ length: 8 }, (_, k) => dec(bytes, k * 4));
      const want = [4998, 4999].flatMap((r) => [0, 33, 66, 99].map((c) => lowbias32(r * 100 + c) & 3));
      assert.deepStrictEqual(got, want);
      await arr.close();
      const c = await openNpz('compressed.npz');
      const f = await c.npz.openArray('fortran');
      assert.strictEqual(f.header.fortranOrder, true);
      const fb = await f.view().readBlock([0, 0], [2, 3]);
      assert.deepStrictEqual(Array.from({ length: 6 }, (_, k) => makeDecoder(f.dtype)(fb, k * 4)), [0, 1, 2, 3, 4, 5]);
      await c.npz.close();
    } finally {
      await npz.close();
    }
  });

  for (const fflate of [true, false]) {
    it(`respects the cache budget for a member (${fflate ? 'fflate: spill file, removed on close' : 'native zlib: blocks made again from restart points, no spill file'})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-npz-'));
      const inflate = { blockSize: 32 * 1024, memoryBudget: 128 * 1024, tempDir: dir, fflate, restartSpacing: 64 * 1024 };
      const { npz } = await openNpz('large.npz', { inflate });
      try {
        const arr = await npz.openArray('big');
        const s = memberBytes(arr.source) as InflateSource;
        for (const row of [4990, 10, 2500, 4999, 0, 3333]) {
          const vals = decodeSimple('<i4', await s.read(arr.header.dataOffset + row * 400, 400));
          assert.deepStrictEqual(vals, Array.from({ length: 100 }, (_, i) => lowbias32(row * 100 + i) & 3), `row ${row}`);
        }
        if (fflate) {
          assert.ok(s.stats.spilledBlocks > 10 && s.stats.spillReads > 0, JSON.stringify(s.stats));
          assert.ok(s.stats.spillFile);
        } else {
          assert.ok(s.stats.replays > 0 && s.stats.restartPoints > 1 && !s.stats.spillFile, JSON.stringify(s.stats));
        }
        assert.ok(s.stats.peakMemoryBytes <= 160 * 1024, JSON.stringify(s.stats));
      } finally {
        await npz.close(); // closes the member's source too
      }
      assert.deepStrictEqual(fs.readdirSync(dir), []);
      fs.rmdirSync(dir);
    });
  }

  it('reports inflation progress through openArray', async () => {
    const { npz } = await openNpz('large.npz');
    try {
      const seen: number[] = [];
      const arr = await npz.openArray('big', { onProgress: (d, t) => { seen.push(d); assert.strictEqual(t, npz.member('big').uncompressedSize); } });
      await arr.source.read(arr.source.size - 4, 4);
      assert.ok(seen.length >= 1 && seen[seen.length - 1] === arr.source.size);
      await arr.close();
    } finally {
      await npz.close();
    }
  });

  it('refuses non-array members as arrays, but copies them', async () => {
    const { npz } = await openNpz('names.npz');
    try {
      await rejectsNpy(npz.openArray('readme.txt'), 'format', "member 'readme.txt' is not a .npy array", 'written by');
      await rejectsNpy(npz.readHeader('fake'), 'format', "member 'fake' is not a .npy array");
      const sink = new MemorySink();
      await npz.copyMember('readme.txt', sink);
      assert.strictEqual(new TextDecoder().decode(sink.toBuffer()), 'written by make_npz.py\n'.repeat(3));
    } finally {
      await npz.close();
    }
  });

  it('copies a deflated member named .npy that is not an array (no header check)', async () => {
    const text = new TextEncoder().encode('plain text, not an array\n'.repeat(50));
    const npz = await NpzFile.open(new BufferSource(zipSync({ 'fake.npy': [text, { level: 6 }] })), 'z.npz');
    assert.strictEqual(npz.members[0].compressed, true);
    const sink = new MemorySink();
    await npz.copyMember('fake', sink);
    assert.deepStrictEqual(sink.toBuffer(), text);
    await rejectsNpy(npz.openArray('fake'), 'format', "z.npz: member 'fake' is not a .npy array (it starts with \"plain text, not \")");
  });

  it('names the archive and member in errors from the .npy layer', async () => {
    const bad = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 20, 0, ...new TextEncoder().encode("{'descr': 5}        ")]);
    const npz = await NpzFile.open(new BufferSource(zipSync({ 'x.npy': [bad, { level: 6 }], 'y.npy': [bad, { level: 0 }] })), 'z.npz');
    await rejectsNpy(npz.readHeader('x'), 'format', "z.npz: member 'x'");
    await rejectsNpy(npz.openArray('y'), 'format', "z.npz: member 'y'");
  });

  it('reads a deflated member with bytes after its array, as np.load does, without inflating them (issue 12, defect 7)', async function () {
    this.timeout(120000);
    // a 10-element array, then 200 MB of zeros, deflated (200 KB: written here, see tailnpz.ts)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-tail-'));
    const file = path.join(dir, 'tail_200mb.npz');
    const want = tailExpected();
    const wrote = await writeTailNpz(file);
    // the member make_hostile.py wrote with Python's zipfile, and np.load read
    assert.deepStrictEqual(wrote, { sha256: want.member_sha256, size: want.member_size });
    const src = await FileSource.open(file);
    const npz = await NpzFile.open(src, 'tail.npz');
    try {
      assert.strictEqual(npz.members[0].uncompressedSize, want.member_size);
      const arr = await npz.openArray('a', { verify: true });
      const b = await arr.view().readBlock([0], [10]);
      assert.deepStrictEqual(Array.from({ length: 10 }, (_, k) => makeDecoder(arr.dtype)(b, k * 8)), want.values);
      await arr.close();
      assert.ok(src.stats.bytes < 64 * 1024, `read ${src.stats.bytes} bytes of the archive`);
      // save copies the member, zeros included, streamed: memory stays bounded
      const h = createHash('sha256');
      let n = 0;
      let biggest = 0;
      const rss = process.memoryUsage().rss;
      await npz.copyMember('a', { write: async (c: Uint8Array) => { h.update(c); n += c.length; biggest = Math.max(biggest, c.length); } });
      assert.strictEqual(n, want.member_size);
      assert.strictEqual(h.digest('hex'), want.member_sha256);
      assert.ok(biggest <= 4 << 20, `a chunk of ${biggest} bytes`);
      assert.ok(process.memoryUsage().rss - rss < 150e6, `rss grew by ${process.memoryUsage().rss - rss}`);
    } finally {
      await npz.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a stored member's CRC is checked when np.load's reads reach its end (np.load: BadZipFile)", async () => {
    const npy = rawNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", new Uint8Array(new Int32Array([1, -2, 3]).buffer));
    const zip = zipSync({ 's.npy': [npy, { level: 0 }], 'd.npy': [npy, { level: 6 }] });
    const npz0 = await NpzFile.open(new BufferSource(zip), 'z.npz');
    await npz0.verifyStored('s');
    await npz0.verifyStored('d'); // deflated: checked as it is inflated
    await npz0.close();
    const bad = zip.slice();
    const at = Buffer.from(bad).indexOf(Buffer.from(npy)) + npy.length - 1; // last data byte of the stored copy
    bad[at] ^= 0xff;
    const npz = await NpzFile.open(new BufferSource(bad), 'z.npz');
    try {
      await rejectsNpy(npz.verifyStored('s'), 'format', "member 's'", 'CRC mismatch');
      // a small member is read whole by zipfile's first read: opening it fails already
      await rejectsNpy(npz.openArray('s'), 'format', "member 's'", 'CRC mismatch');
    } finally {
      await npz.close();
    }
  });

  it('refuses unsupported compression methods by name', async () => {
    const { npz } = await openNpz('bzip2.npz');
    try {
      assert.strictEqual(npz.members[0].compressed, true);
      await rejectsNpy(npz.openArray('a'), 'unsupported', 'bzip2', "member 'a'");
      await rejectsNpy(npz.copyMember('a', new MemorySink()), 'unsupported', 'bzip2');
    } finally {
      await npz.close();
    }
  });

  it('cancels copyMember through its signal', async () => {
    const { npz } = await openNpz('stored.npz');
    try {
      const ac = new AbortController();
      ac.abort();
      await rejectsNpy(npz.copyMember('a', new MemorySink(), { signal: ac.signal }), 'cancelled');
    } finally {
      await npz.close();
    }
  });

  describe('hostile members', () => {
    for (const [name, err] of Object.entries(manifest.errors).filter(([, e]) => e.where !== 'open')) {
      it(`${name}: ${err.where} fails with a clear ${err.code} error`, async () => {
        const { npz, src } = await openNpz(name);
        try {
          const member = err.member!;
          const label = `${name}: member '${member}'`;
          switch (err.where) {
            case 'header':
              await rejectsNpy(npz.readHeader(member), err.code, label, err.contains);
              await rejectsNpy(npz.openArray(member), err.code, label, err.contains);
              break;
            case 'array':
              await rejectsNpy(npz.openArray(member), err.code, label, err.contains);
              await rejectsNpy(npz.copyMember(member, new MemorySink()), err.code, label, err.contains);
              break;
            case 'read': {
              // Small members are inflated through by the first read already, so the error may
              // come from openArray itself or from reading the data.
              const readAll = async () => {
                const arr = await npz.openArray(member);
                try {
                  await arr.source.read(0, arr.source.size);
                } finally {
                  await arr.close();
                }
              };
              await rejectsNpy(readAll(), err.code, label, err.contains);
              await rejectsNpy(npz.copyMember(member, new MemorySink()), err.code, label, err.contains);
              break;
            }
            case 'copy':
              await rejectsNpy(npz.copyMember(member, new MemorySink()), err.code, label, err.contains);
              break;
          }
          // whatever happened, only a bounded part of the file was read (the bombs are 20 MB inflated)
          assert.ok(src.stats.bytes < 200 * 1024, `read ${src.stats.bytes}`);
        } finally {
          await npz.close();
        }
      });
    }

    for (const [name, members] of Object.entries(manifest.lenient ?? {})) {
      it(`${name}: np.load reads it (zipfile's leniency), and so do we`, async () => {
        const { npz, src } = await openNpz(name);
        try {
          for (const [member, want] of Object.entries(members)) {
            const copy = new MemorySink();
            await npz.copyMember(member, copy);
            assert.strictEqual(sha256(copy.toBuffer()), want.memberSha256, `${name} ${member}: the member's bytes`);
            const arr = await npz.openArray(member);
            assert.deepStrictEqual(arr.shape, want.shape);
            // the array NumPy gives, written back as the .npy np.save makes of it
            const npy = new MemorySink();
            await writeNpy(arr.view(), npy);
            assert.strictEqual(sha256(npy.toBuffer()), want.npySha256, `${name} ${member}: the array`);
            await arr.close();
          }
          // the "bombs" inflate to 20 MB: only a bounded part of the file was read
          assert.ok(src.stats.bytes < 200 * 1024, `read ${src.stats.bytes}`);
        } finally {
          await npz.close();
        }
      });
    }

    it('bomb_stream.npz: never holds more than the declared size in memory', async () => {
      const { npz } = await openNpz('bomb_stream.npz');
      try {
        const s = await npz.memberSource('a') as InflateSource;
        await s.read(0, s.size);
        assert.ok(s.stats.peakMemoryBytes <= s.size, JSON.stringify(s.stats));
        assert.strictEqual(s.inflatedBytes, s.size);
        await s.close();
      } finally {
        await npz.close();
      }
    });
  });

  it('never crashes on corrupted archives: every failure is an NpyError (seeded fuzz)', async function () {
    this.timeout(60000);
    let rounds = 0;
    let opened = 0;
    for (const name of ['compressed.npz', 'stored.npz']) {
      const base = new Uint8Array(fs.readFileSync(fixture(name)));
      const rand = rng(name.length * 7919);
      for (let round = 0; round < 60; round++) {
        rounds++;
        const data = base.slice();
        for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) data[Math.floor(rand() * data.length)] = Math.floor(rand() * 256);
        const fail = (e: unknown) => assert.ok(e instanceof NpyError, `${name} round ${round}: ${(e as Error).stack}`);
        let npz: NpzFile;
        try {
          npz = await NpzFile.open(new BufferSource(data), name);
        } catch (e) {
          fail(e);
          continue;
        }
        opened++;
        for (const m of npz.members) {
          await npz.readHeader(m.zipName).catch(fail);
          await npz.copyMember(m.zipName, new MemorySink()).catch(fail);
          try {
            const arr = await npz.openArray(m.zipName);
            await arr.view().readBlock(arr.shape.map(() => 0), arr.shape);
            await arr.close();
          } catch (e) {
            fail(e);
          }
        }
        await npz.close();
      }
    }
    assert.strictEqual(rounds, 120);
    assert.ok(opened > 0 && opened < rounds, `${opened} of ${rounds} corrupted archives opened: the fuzz should reach both paths`);
  });

  it('close() is idempotent and later calls fail cleanly', async () => {
    const { npz } = await openNpz('stored.npz');
    await npz.close();
    await npz.close();
    await rejectsNpy(npz.openArray('a'), 'io', 'closed');
  });
});

