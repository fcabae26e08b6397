import * as assert from 'assert';
import { fflateZlib, writePng, type PngColor, type ZlibFactory } from '../../../src/npy/format/png';
import { nodeZlib } from '../../../src/npy/io/nodezlib';
import type { ByteSink } from '../../../src/npy/io/sink';
import { decodePng } from '../../support/png';
import { rng } from '../../support/npzfixtures';

class MemorySink implements ByteSink {
  parts: Uint8Array[] = [];
  async write(chunk: Uint8Array): Promise<void> { this.parts.push(chunk.slice()); }
  get bytes(): Uint8Array { return Buffer.concat(this.parts); }
}

const CHANNELS: Record<PngColor, number> = { gray: 1, rgb: 3, rgba: 4, indexed: 1 };
const TYPES: Record<PngColor, number> = { gray: 0, rgb: 2, rgba: 6, indexed: 3 };

async function roundTrip(color: PngColor, width: number, height: number, pixels: Uint8Array, zlib?: ZlibFactory, palette?: Uint8Array) {
  const sink = new MemorySink();
  const stride = width * CHANNELS[color];
  const asked: number[] = [];
  await writePng(sink, { width, height, color, palette, text: [['Comment', 'naïve ✓ text']] }, (y0, count, out) => {
    asked.push(y0);
    assert.strictEqual(out.length, count * stride);
    out.set(pixels.subarray(y0 * stride, (y0 + count) * stride));
  }, { zlib });
  assert.deepStrictEqual(asked, [...asked].sort((a, b) => a - b), 'rows asked for in order');
  return decodePng(sink.bytes);
}

describe('PNG writer', function () {
  this.timeout(60000);
  it('round-trips every colour type and size through an independent decoder, with both compressors', async () => {
    const next = rng(77);
    let checked = 0;
    for (const color of ['gray', 'rgb', 'rgba', 'indexed'] as PngColor[]) {
      for (const [w, h] of [[1, 1], [1, 9], [17, 1], [33, 20], [300, 2000]]) {
        for (const zlib of [undefined, nodeZlib(), fflateZlib(1)]) {
          // Smooth areas, noise and runs, so every filter gets chosen somewhere.
          const px = new Uint8Array(w * h * CHANNELS[color]);
          for (let i = 0; i < px.length; i++) px[i] = i % 7 === 0 ? Math.floor(next() * 256) : (i >> 4) & 0xff;
          const palette = color === 'indexed' ? Uint8Array.from({ length: 768 }, (_, i) => (i * 37) & 0xff) : undefined;
          const png = await roundTrip(color, w, h, px, zlib, palette);
          assert.deepStrictEqual([png.width, png.height, png.colorType], [w, h, TYPES[color]]);
          assert.ok(Buffer.from(png.pixels).equals(Buffer.from(px)), `${color} ${w}×${h}`);
          assert.strictEqual(png.text.Comment, 'naïve ✓ text');
          if (palette) assert.deepStrictEqual([...png.palette!], [...palette]);
          checked++;
        }
      }
    }
    assert.strictEqual(checked, 4 * 5 * 3);
  });

  it('splits a big stream into several IDAT chunks of at most 256 KiB', async () => {
    const w = 1000, h = 1000;
    const px = new Uint8Array(w * h * 3);
    const next = rng(5);
    for (let i = 0; i < px.length; i++) px[i] = Math.floor(next() * 256);
    const png = await roundTrip('rgb', w, h, px);
    assert.ok(png.chunks.filter((c) => c === 'IDAT').length >= 11, `${png.chunks.length} chunks`);
    assert.ok(Buffer.from(png.pixels).equals(Buffer.from(px)));
  });

  it('refuses sizes and palettes PNG cannot hold', async () => {
    const sink = new MemorySink();
    const fill = () => undefined;
    await assert.rejects(writePng(sink, { width: 0, height: 5, color: 'rgb' }, fill), /between 1×1/);
    await assert.rejects(writePng(sink, { width: 5, height: 5, color: 'indexed' }, fill), /1 to 256 RGB palette entries/);
    await assert.rejects(writePng(sink, { width: 5, height: 5, color: 'indexed', palette: new Uint8Array(771) }, fill), /palette/);
    await assert.rejects(writePng(sink, { width: 5, height: 5, color: 'gray', text: [['', 'x']] }, fill), /keyword/);
    assert.strictEqual(sink.parts.length, 0, 'nothing written');
  });
});
