import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deflateRawSync } from 'zlib';
import { crc32 } from '../../../src/npy/io/crc32';
import { BufferSource } from '../../../src/npy/io/filesource';
import { DeflatedMember, InflateOptions, InflateSource, inflateToSink } from '../../../src/npy/io/inflate/inflatesource';
import { MemorySink } from '../../../src/npy/io/sink';
import { rejectsNpy, rng } from '../../support/npzfixtures';

/** Data that compresses ~4:1 and has no period, so offsets are checkable. */
function sample(n: number, seed = 7): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i % 4 === 0) ? Math.floor(r() * 256) : (i & 0x0f);
  return out;
}

const deflated = new Map<Uint8Array, Uint8Array>();
function deflate(data: Uint8Array): Uint8Array {
  let c = deflated.get(data);
  if (!c) deflated.set(data, c = new Uint8Array(deflateRawSync(data, { level: 1 })));
  return c;
}

function member(data: Uint8Array, over: Partial<DeflatedMember> = {}, compressed?: Uint8Array): { m: DeflatedMember; src: BufferSource } {
  const c = compressed ?? deflate(data);
  // Put the stream at an offset, as in a real archive.
  const file = new Uint8Array(100 + c.length + 50);
  file.set(c, 100);
  const src = new BufferSource(file);
  return {
    src,
    m: { source: src, offset: 100, compressedSize: c.length, size: data.length, crc32: crc32(data), label: "t.npz: member 'x'", ...over },
  };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-test-'));
}

describe('InflateSource', () => {
  const data = sample(3 << 20);

  it('inflates only the prefix a read needs, and continues from there', async () => {
    const { m, src } = member(data);
    const s = new InflateSource(m);
    try {
      assert.strictEqual(s.size, data.length);
      assert.deepStrictEqual(await s.read(0, 100), data.subarray(0, 100));
      assert.ok(s.inflatedBytes >= 100 && s.inflatedBytes < 256 * 1024, `inflated ${s.inflatedBytes}`);
      assert.ok(src.stats.bytes < 16 * 1024, `read ${src.stats.bytes} compressed bytes`);
      const before = s.stats.compressedBytesRead;
      assert.deepStrictEqual(await s.read(1 << 20, 1000), data.subarray(1 << 20, (1 << 20) + 1000));
      assert.ok(s.inflatedBytes < 2 << 20, `inflated ${s.inflatedBytes}`);
      assert.ok(s.stats.compressedBytesRead > before);
      assert.strictEqual(s.crcVerified, false);
    } finally {
      await s.close();
    }
  });

  it('going back costs no inflation', async () => {
    const { m, src } = member(data);
    const s = new InflateSource(m);
    try {
      await s.read(2 << 20, 10);
      const reads = src.stats.reads;
      const inflated = s.inflatedBytes;
      assert.deepStrictEqual(await s.read(5, 70000), data.subarray(5, 70005));
      assert.strictEqual(src.stats.reads, reads);
      assert.strictEqual(s.inflatedBytes, inflated);
    } finally {
      await s.close();
    }
  });

  it('verifies the CRC once read through', async () => {
    const { m } = member(data);
    const s = new InflateSource(m);
    try {
      await s.read(data.length - 8, 8);
      assert.strictEqual(s.crcVerified, true);
      assert.strictEqual(s.inflatedBytes, data.length);
    } finally {
      await s.close();
    }
  });

  it('with fflate, keeps memory within budget: spills blocks to a temp file and reads them back right', async () => {
    const dir = tempDir();
    const opts: InflateOptions = { blockSize: 16 * 1024, memoryBudget: 64 * 1024, tempDir: dir, fflate: true };
    const { m } = member(data);
    const s = new InflateSource(m, opts);
    try {
      const r = rng(99);
      for (let k = 0; k < 300; k++) {
        const off = Math.floor(r() * (data.length - 1));
        const len = Math.min(data.length - off, Math.floor(r() * 50000));
        const got = await s.read(off, len);
        assert.ok(Buffer.from(got).equals(Buffer.from(data.subarray(off, off + len))), `read ${len} at ${off}`);
      }
      const st = s.stats;
      assert.ok(st.spilledBlocks > 100, `spilled ${st.spilledBlocks}`);
      assert.ok(st.spillReads > 0);
      assert.ok(st.peakMemoryBytes <= 64 * 1024 + 16 * 1024, `peak ${st.peakMemoryBytes}`);
      assert.ok(st.spillFile);
      // POSIX: the spill file is unlinked as soon as it is open, so nothing can be left behind
      if (process.platform !== 'win32') assert.deepStrictEqual(fs.readdirSync(dir), []);
    } finally {
      await s.close();
    }
    assert.deepStrictEqual(fs.readdirSync(dir), [], 'temp file removed on close');
    fs.rmdirSync(dir);
  });

  it('serialises concurrent reads', async () => {
    const { m } = member(data);
    const s = new InflateSource(m, { blockSize: 8192, memoryBudget: 32768, tempDir: os.tmpdir() });
    try {
      const offs = [3_000_000, 10, 2_000_000, 3_100_000, 500_000, 123_456];
      const got = await Promise.all(offs.map((o) => s.read(o, 20000)));
      offs.forEach((o, i) => assert.ok(Buffer.from(got[i]).equals(Buffer.from(data.subarray(o, o + 20000))), `at ${o}`));
    } finally {
      await s.close();
    }
  });

  it('reports progress up to the member size', async () => {
    const seen: [number, number][] = [];
    const { m } = member(data);
    const s = new InflateSource(m, { onProgress: (d, t) => seen.push([d, t]) });
    try {
      await s.read(data.length - 1, 1);
      assert.ok(seen.length >= 3);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i][0] >= seen[i - 1][0]);
      assert.deepStrictEqual(seen[seen.length - 1], [data.length, data.length]);
    } finally {
      await s.close();
    }
  });

  it('leaves the CRC to the caller (np.load checks it only when its reads reach the end): crcVerified says', async () => {
    const { m } = member(data, { crc32: crc32(data) ^ 1 });
    const s = new InflateSource(m);
    try {
      assert.deepStrictEqual(await s.read(data.length - 4, 4), data.subarray(data.length - 4));
      assert.strictEqual(s.crcVerified, false);
      const stream = await s.inflatedTo(data.length + 1);
      assert.strictEqual(stream.streamEnded, true);
      assert.throws(() => stream.checkCrc(), /CRC mismatch/);
    } finally {
      await s.close();
    }
  });

  it('cuts a stream that inflates past the declared size there (zipfile hands out no more)', async () => {
    const bomb = new Uint8Array(64 << 20); // 64 MiB of zeros, ~64 KiB deflated
    const c = new Uint8Array(deflateRawSync(bomb));
    const { m, src } = member(bomb.subarray(0, 1000), {}, c);
    const s = new InflateSource(m);
    try {
      assert.deepStrictEqual(await s.read(990, 10), new Uint8Array(10));
      await rejectsNpy(s.read(995, 10), 'format', 'unexpected end of data');
      assert.ok(s.inflatedBytes <= 1000);
      assert.ok(src.stats.bytes < 64 * 1024, `read ${src.stats.bytes} compressed bytes`);
    } finally {
      await s.close();
    }
  });

  it('stops reading trailing junk after the end of the deflate stream', async () => {
    const small = data.subarray(0, 200_000);
    const junk = sample(8 << 20, 3);
    const c = new Uint8Array(deflate(small).length + junk.length);
    c.set(deflate(small));
    c.set(junk, deflate(small).length);
    const { m, src } = member(small, {}, c);
    const s = new InflateSource(m);
    try {
      assert.deepStrictEqual(await s.read(small.length - 5, 5), small.subarray(small.length - 5));
      assert.strictEqual(s.crcVerified, true);
      assert.ok(src.stats.bytes < 2 << 20, `read ${src.stats.bytes} of ${c.length}`);
      // zlib stops at the end of the stream: of the junk only the rest of that chunk is read
      const past = src.stats.bytes - deflate(small).length;
      assert.ok(past < 64 * 1024, `read ${past} bytes past the stream`);
    } finally {
      await s.close();
    }
    // same junk behind a stream that is shorter than declared: an error, not a long wait
    const t = new InflateSource(member(small, { size: small.length + 10 }, c).m);
    await rejectsNpy(t.read(small.length, 10), 'format', 'ends after 200000 bytes');
    await t.close();
  });

  it('rejects a stream shorter than declared', async () => {
    const { m } = member(data.subarray(0, 5000), { size: 9000 });
    const s = new InflateSource(m);
    try {
      await rejectsNpy(s.read(8000, 10), 'format', 'ends after 5000 bytes', '9000');
    } finally {
      await s.close();
    }
  });

  it('rejects a corrupt deflate stream naming the member', async () => {
    const c = new Uint8Array(deflateRawSync(data.subarray(0, 100000)));
    c[0] |= 0x06; // reserved block type 3
    const { m } = member(data.subarray(0, 100000), {}, c);
    const s = new InflateSource(m);
    try {
      await rejectsNpy(s.read(0, 10), 'format', 'corrupt deflate', "member 'x'");
    } finally {
      await s.close();
    }
    const cut = new Uint8Array(deflateRawSync(data.subarray(0, 100000))).subarray(0, 3000);
    const t = new InflateSource(member(data.subarray(0, 100000), {}, cut).m);
    try {
      await rejectsNpy(t.read(99990, 10), 'format', 'deflate stream is cut short');
    } finally {
      await t.close();
    }
  });

  it('rejects reads past the end and after close', async () => {
    const { m } = member(data.subarray(0, 100));
    const s = new InflateSource(m);
    await rejectsNpy(s.read(90, 20), 'format', 'unexpected end of data');
    await s.close();
    await s.close();
    await rejectsNpy(s.read(0, 1), 'io', 'after close');
  });

  it('close() during a long inflation stops it with an NpyError', async () => {
    const { m, src } = member(data);
    // Reads that take a turn of the event loop, as a file's do (native zlib is otherwise done
    // with 3 MB before close() gets to run).
    const slow = { ...m, source: { size: src.size, read: (o: number, n: number) => new Promise<Uint8Array>((r) => setImmediate(() => r(src.read(o, n)))), close: async () => {} } };
    const s = new InflateSource(slow, { blockSize: 4096, memoryBudget: 8192, tempDir: os.tmpdir() });
    const pending = s.read(data.length - 10, 10);
    await new Promise((r) => setImmediate(r));
    await s.close();
    await rejectsNpy(pending, 'cancelled', 'closed while inflating');
    assert.ok(s.inflatedBytes < data.length);
  });

  it('handles an empty member', async () => {
    const empty = new Uint8Array(0);
    const s = new InflateSource(member(empty).m);
    assert.strictEqual((await s.read(0, 0)).length, 0);
    await s.inflatedTo(1);
    assert.strictEqual(s.crcVerified, true);
    await s.close();
  });

  it('inflateToSink writes the exact bytes (all, or a prefix) and gives the stream for the CRC', async () => {
    const sink = new MemorySink();
    const s = await inflateToSink(member(data).m, sink);
    assert.ok(Buffer.from(sink.toBuffer()).equals(Buffer.from(data)));
    assert.doesNotThrow(() => s.checkCrc());
    const bad = await inflateToSink(member(data, { crc32: 5 }).m, new MemorySink());
    assert.throws(() => bad.checkCrc(), /CRC mismatch/);
    const part = new MemorySink();
    await inflateToSink(member(data).m, part, undefined, 1000);
    assert.ok(Buffer.from(part.toBuffer()).equals(Buffer.from(data.subarray(0, 1000))));
    // a stream shorter than declared: zipfile's read() gives what there is (its CRC decides)
    const short = new MemorySink();
    const s500 = await inflateToSink(member(data.subarray(0, 500), { size: 1000 }).m, short);
    assert.strictEqual(short.toBuffer().length, 500);
    assert.doesNotThrow(() => s500.checkCrc());
    // but exactly 1000 bytes asked for cannot be had
    await rejectsNpy(inflateToSink(member(data.subarray(0, 500), { size: 1000 }).m, new MemorySink(), undefined, 1000), 'format', 'ends after 500 bytes');
    const ac = new AbortController();
    ac.abort();
    await rejectsNpy(inflateToSink(member(data).m, new MemorySink(), ac.signal), 'cancelled');
  });

  it('leaves no temp file behind when the process exits without close()', function () {
    this.timeout(20000);
    const dir = tempDir();
    const mod = path.join(__dirname, '..', '..', '..', 'src', 'npy', 'io', 'inflate', 'inflatesource.js');
    const script = `
      const { InflateSource } = require(${JSON.stringify(mod)});
      const zlib = require('zlib');
      const data = Buffer.alloc(1 << 20); for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255;
      const c = zlib.deflateRawSync(data);
      const src = { size: c.length, read: async (o, n) => c.subarray(o, o + n), close: async () => {} };
      const s = new InflateSource({ source: src, offset: 0, compressedSize: c.length, size: data.length, crc32: 0, label: 'x' },
        { blockSize: 4096, memoryBudget: 8192, tempDir: ${JSON.stringify(dir)}, fflate: true });
      s.read(900000, 10).then(() => {
        if (!s.stats.spillFile || s.stats.spilledBlocks === 0) throw new Error('no spill file');
        process.exit(0);
      });`;
    execFileSync(process.execPath, ['-e', script], { stdio: 'pipe' });
    assert.deepStrictEqual(fs.readdirSync(dir), []);
    fs.rmdirSync(dir);
  });
});
