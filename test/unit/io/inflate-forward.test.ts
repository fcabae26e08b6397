/** InflateSource in forwardOnly mode: one pass in file order with flat memory and no spill file. */
import * as assert from 'assert';
import { deflateRawSync } from 'zlib';
import { crc32 } from '../../../src/npy/io/crc32';
import { BufferSource } from '../../../src/npy/io/filesource';
import { InflateSource } from '../../../src/npy/io/inflate/inflatesource';
import { rejectsNpy, rng } from '../../support/npzfixtures';

describe('InflateSource, forwardOnly', () => {
  const r = rng(11);
  const data = Uint8Array.from({ length: 6 << 20 }, (_, i) => (i % 3 === 0 ? Math.floor(r() * 256) : i & 0xff));
  const c = new Uint8Array(deflateRawSync(data, { level: 1 }));
  const open = (forwardOnly: boolean) => new InflateSource(
    { source: new BufferSource(c), offset: 0, compressedSize: c.length, size: data.length, crc32: crc32(data), label: "t.npz: member 'x'" },
    { blockSize: 64 << 10, memoryBudget: 256 << 10, forwardOnly });

  it('reads the member through in order within the budget, writing no spill file, and checks the CRC', async () => {
    const s = open(true);
    try {
      let reads = 0;
      for (let at = 0; at < data.length; at += 300_000) {
        const n = Math.min(300_000, data.length - at);
        assert.deepStrictEqual(await s.read(at, n), data.subarray(at, at + n));
        reads++;
      }
      assert.strictEqual(reads, Math.ceil(data.length / 300_000));
      assert.strictEqual(s.stats.spillFile, false);
      assert.strictEqual(s.stats.spilledBlocks, 0);
      // the budget, plus the read in progress and the block being filled
      assert.ok(s.stats.peakMemoryBytes <= (256 << 10) + 300_000 + 2 * (64 << 10), `peak ${s.stats.peakMemoryBytes}`);
      assert.ok(s.crcVerified);
      // Going back is refused with a message, never a crash.
      await rejectsNpy(s.read(0, 10), 'io', "t.npz: member 'x'", 'only goes forward');
    } finally {
      await s.close();
    }
  });

  it('readInto copies into the caller\'s buffer, within one block and across blocks, as read gives them', async () => {
    const s = open(true);
    try {
      let reads = 0;
      // 50_000 bytes stay inside a 64 KiB block or cross into the next one, depending on where they start.
      for (let at = 0; at < data.length; at += 250_000) {
        const n = Math.min(50_000, data.length - at);
        const target = new Uint8Array(n).fill(0xa5);
        await s.readInto(at, target);
        assert.deepStrictEqual(target, data.subarray(at, at + n), `at ${at}`);
        reads++;
      }
      assert.strictEqual(reads, Math.ceil(data.length / 250_000));
      await rejectsNpy(s.readInto(data.length - 5, new Uint8Array(10)), 'format', "t.npz: member 'x'", 'unexpected end of data');
    } finally {
      await s.close();
    }
  });

  for (const fflate of [true, false]) {
    it(`without it the same pass ${fflate ? 'spills what passes the budget (fflate)' : 'drops what passes the budget and makes it again from restart points (native zlib)'}, so going back works`, async () => {
      const s = new InflateSource(
        { source: new BufferSource(c), offset: 0, compressedSize: c.length, size: data.length, crc32: crc32(data), label: "t.npz: member 'x'" },
        { blockSize: 64 << 10, memoryBudget: 256 << 10, fflate, restartSpacing: 1 << 20 });
      try {
        for (let at = 0; at < data.length; at += 1 << 20) await s.read(at, Math.min(1 << 20, data.length - at));
        if (fflate) assert.ok(s.stats.spillFile && s.stats.spilledBlocks > 0, JSON.stringify(s.stats));
        else assert.ok(!s.stats.spillFile && s.stats.restartPoints > 1, JSON.stringify(s.stats));
        assert.deepStrictEqual(await s.read(0, 10), data.subarray(0, 10));
        assert.deepStrictEqual(await s.read(3 << 20, 1000), data.subarray(3 << 20, (3 << 20) + 1000));
        if (!fflate) assert.ok(s.stats.replays >= 2, JSON.stringify(s.stats));
      } finally {
        await s.close();
      }
    });
  }
});
