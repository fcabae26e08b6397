/**
 * Restart points (src/npy/io/inflate/restarts.ts) on streams of every deflate block type: data inflated
 * again from a point is byte for byte the data, at random offsets, with memory bounded.
 */
import * as assert from 'assert';
import { constants, deflateRawSync } from 'zlib';
import { crc32 } from '../../../src/npy/io/crc32';
import { BufferSource } from '../../../src/npy/io/filesource';
import { InflateSource } from '../../../src/npy/io/inflate/inflatesource';
import { NativeInflater, nativeInflateAvailable } from '../../../src/npy/io/inflate/nativeinflate';
import { CHECK, MAX_POINTS, RestartIndex, WINDOW } from '../../../src/npy/io/inflate/restarts';
import { rng } from '../../support/npzfixtures';

/** Compressible (~3:1, no period) where `random` is false, incompressible where it is true. */
function sample(n: number, seed: number, random: (i: number) => boolean = () => false): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = random(i) || i % 3 === 0 ? Math.floor(r() * 256) : (i >> 4) & 0x1f;
  return out;
}

const N = 3 << 20;
/** One stream per block type: what zlib writes for each, checked below by the first block's type. */
const STREAMS: { name: string; data: Uint8Array; compressed: Uint8Array; btype: number }[] = (() => {
  const plain = sample(N, 11);
  // 128 KB stretches of noise between compressible ones: zlib stores the noise, so the stream
  // mixes stored and dynamic blocks, and stored blocks follow Huffman blocks at odd bits.
  const mixed = sample(N, 12, (i) => ((i >> 17) & 1) === 1);
  return [
    { name: 'dynamic Huffman (level 6)', data: plain, compressed: deflateRawSync(plain, { level: 6 }), btype: 2 },
    { name: 'fixed Huffman (Z_FIXED)', data: plain, compressed: deflateRawSync(plain, { strategy: constants.Z_FIXED }), btype: 1 },
    { name: 'stored (level 0)', data: plain, compressed: deflateRawSync(plain, { level: 0 }), btype: 0 },
    { name: 'stored and dynamic mixed', data: mixed, compressed: deflateRawSync(mixed, { level: 6 }), btype: 2 },
  ].map((s) => ({ ...s, compressed: new Uint8Array(s.compressed) }));
})();

function equalAt(got: Uint8Array, data: Uint8Array, at: number): boolean {
  return Buffer.from(got).equals(Buffer.from(data.subarray(at, at + got.length)));
}

(nativeInflateAvailable() ? describe : describe.skip)('restart points (native zlib)', () => {
  it('the streams hold the block types they are named for', () => {
    for (const s of STREAMS) assert.strictEqual((s.compressed[0] >> 1) & 3, s.btype, s.name);
  });

  for (const s of STREAMS) {
    it(`${s.name}: every point inflates again to the same bytes`, async () => {
      const index = new RestartIndex(s.data.length, 64 * 1024);
      let consumedBefore = 0;
      const inf = new NativeInflater((c) => index.onOutput(c), (used, out) => index.onBoundary(consumedBefore + used, out, s.data.length));
      for (let i = 0; i < s.compressed.length; i += 50_000) {
        consumedBefore = i;
        inf.push(s.compressed.subarray(i, i + 50_000), i + 50_000 >= s.compressed.length);
      }
      assert.ok(inf.ended);
      assert.strictEqual(inf.produced, s.data.length);
      inf.close();
      const points = index.points;
      assert.ok(points.length >= 20, `${points.length} points`);
      const src = new BufferSource(s.compressed);
      const read = (o: number, n: number): Promise<Uint8Array> => src.read(o, n);
      let checked = 0;
      const bits = new Set<number>();
      for (const p of points) {
        assert.ok(equalAt(p.window, s.data, p.out - p.window.length), `window of the point at ${p.out}`);
        const replay = await index.open(p, read, s.compressed.length);
        assert.ok(replay, `point at ${p.out} (byte ${p.byteEnd}) found no bit`);
        const got = await replay.output(100_000);
        replay.close();
        assert.strictEqual(got.length, Math.min(100_000, s.data.length - p.out));
        assert.ok(equalAt(got, s.data, p.out), `output from the point at ${p.out}`);
        bits.add(p.bit % 8);
        checked++;
      }
      assert.strictEqual(checked, points.length);
      // Huffman blocks end anywhere in a byte, so the shifted-input path is exercised; stored
      // blocks only follow byte boundaries.
      if (s.btype !== 0) assert.ok([...bits].some((b) => b !== 0), `bits mod 8: ${[...bits]}`);
      else assert.deepStrictEqual([...bits], [0]);
    });
  }

  for (const s of STREAMS) {
    it(`${s.name}: random reads through InflateSource match a full inflate, memory bounded`, async () => {
      const file = new BufferSource(s.compressed);
      const m = { source: file, offset: 0, compressedSize: s.compressed.length, size: s.data.length, crc32: crc32(s.data), label: 'x' };
      const blockSize = 16 * 1024;
      const budget = 64 * 1024;
      const src = new InflateSource(m, { blockSize, memoryBudget: budget, restartSpacing: 64 * 1024 });
      try {
        // Through to the end first (the CRC is checked), then jumps anywhere already passed.
        assert.ok(equalAt(await src.read(s.data.length - 10, 10), s.data, s.data.length - 10));
        assert.strictEqual(src.crcVerified, true);
        const r = rng(5);
        let reads = 0;
        for (let k = 0; k < 300; k++) {
          const off = Math.floor(r() * (s.data.length - 1));
          const len = Math.min(s.data.length - off, 1 + Math.floor(r() * 40_000));
          assert.ok(equalAt(await src.read(off, len), s.data, off), `read ${len} at ${off}`);
          reads++;
        }
        assert.strictEqual(reads, 300);
        const st = src.stats;
        assert.ok(st.replays > 100, `replays: ${st.replays}`);
        assert.strictEqual(st.spillFile, false);
        assert.ok(st.peakMemoryBytes <= budget + blockSize, `peak ${st.peakMemoryBytes}`);
        assert.ok(st.restartPoints >= 20 && st.restartPoints <= MAX_POINTS + 1, `${st.restartPoints} points`);
        assert.ok(st.restartBytes <= st.restartPoints * (WINDOW + CHECK));
        assert.strictEqual(st.inflatedBytes, s.data.length, 'the front inflation ran once');
      } finally {
        await src.close();
      }
    });
  }

  it('keeps at most MAX_POINTS points, spacing them wider for a bigger member', () => {
    const size = 1 << 30;
    const index = new RestartIndex(size, 1024);
    assert.strictEqual(index.spacing, Math.ceil(size / MAX_POINTS));
    // Boundaries every 100 KB of a 1 GiB stream (no real data: the windows are zeros).
    const chunk = new Uint8Array(100_000);
    let out = 0;
    while (out + chunk.length < size) {
      index.onOutput(chunk);
      out += chunk.length;
      index.onBoundary(out / 4, out, size);
    }
    assert.ok(index.points.length <= MAX_POINTS + 1 && index.points.length >= MAX_POINTS - 1, `${index.points.length} points`);
    assert.ok(index.bytes <= (MAX_POINTS + 1) * (WINDOW + CHECK), `${index.bytes} bytes`);
  });

  it('a point whose bits are corrupt is passed over for the one before it', async () => {
    const s = STREAMS[0];
    const file = new BufferSource(s.compressed);
    const m = { source: file, offset: 0, compressedSize: s.compressed.length, size: s.data.length, crc32: crc32(s.data), label: 'x' };
    const src = new InflateSource(m, { blockSize: 16 * 1024, memoryBudget: 64 * 1024, restartSpacing: 64 * 1024 });
    try {
      await src.read(s.data.length - 1, 1);
      // Spoil every saved check: no candidate bit can match, so reads fall back to earlier
      // points and, in the end, to the start of the stream, and are still right.
      const index = (src as unknown as { restarts: RestartIndex }).restarts;
      for (const p of index.points.slice(1)) p.check.fill(0x55);
      const at = s.data.length >> 2;
      assert.ok(equalAt(await src.read(at, 1000), s.data, at));
      assert.ok(index.points.slice(1).some((p) => p.bit === -2), 'points marked unusable');
    } finally {
      await src.close();
    }
  });
});
