/**
 * A small, independent PNG reader for tests (8-bit gray, RGB, RGBA and palette images, not
 * interlaced): checks the signature, every chunk's CRC (Node's zlib.crc32, not ours) and the chunk
 * order, inflates the IDAT stream with Node's zlib and undoes the five row filters.
 */
import * as assert from 'assert';
import * as zlib from 'zlib';

export interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  /** Chunk types in file order. */
  chunks: string[];
  palette?: Uint8Array;
  /** iTXt / tEXt chunks by keyword. */
  text: Record<string, string>;
  /** Raw pixels after unfiltering: height × width × channels bytes. */
  pixels: Uint8Array;
  channels: number;
  /** RGBA of a pixel (palette looked up; alpha 255 unless the image has alpha). */
  rgba(x: number, y: number): [number, number, number, number];
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodePng(file: Uint8Array): DecodedPng {
  assert.deepStrictEqual([...file.subarray(0, 8)], SIGNATURE, 'PNG signature');
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  const text: Record<string, string> = {};
  let ihdr: Uint8Array | undefined;
  let palette: Uint8Array | undefined;
  let at = 8;
  while (at < file.length) {
    const len = dv.getUint32(at);
    const type = String.fromCharCode(...file.subarray(at + 4, at + 8));
    const data = file.subarray(at + 8, at + 8 + len);
    const crc = dv.getUint32(at + 8 + len);
    assert.strictEqual(crc, zlib.crc32(file.subarray(at + 4, at + 8 + len)), `CRC of ${type} at ${at}`);
    chunks.push(type);
    if (type === 'IHDR') ihdr = data;
    else if (type === 'PLTE') palette = data.slice();
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'iTXt') {
      const nul = data.indexOf(0);
      assert.deepStrictEqual([...data.subarray(nul, nul + 5)], [0, 0, 0, 0, 0], 'iTXt: uncompressed, no language');
      text[Buffer.from(data.subarray(0, nul)).toString('latin1')] = Buffer.from(data.subarray(nul + 5)).toString('utf8');
    }
    at += 12 + len;
  }
  assert.strictEqual(at, file.length, 'no bytes after the last chunk');
  assert.strictEqual(chunks[0], 'IHDR');
  assert.strictEqual(chunks[chunks.length - 1], 'IEND');
  const firstIdat = chunks.indexOf('IDAT');
  assert.ok(firstIdat > 0, 'has IDAT');
  assert.ok(chunks.slice(firstIdat, chunks.lastIndexOf('IDAT') + 1).every((c) => c === 'IDAT'), 'IDAT chunks are consecutive');
  const h = new DataView(ihdr!.buffer, ihdr!.byteOffset, 13);
  const width = h.getUint32(0), height = h.getUint32(4), depth = ihdr![8], colorType = ihdr![9];
  assert.strictEqual(depth, 8);
  assert.deepStrictEqual([ihdr![10], ihdr![11], ihdr![12]], [0, 0, 0], 'deflate, filter method 0, no interlace');
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (colorType === 3) assert.ok(palette && chunks.indexOf('PLTE') < firstIdat, 'PLTE before IDAT');
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  assert.strictEqual(raw.length, height * (stride + 1), 'scanline bytes');
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    assert.ok(f <= 4, `filter type ${f}`);
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= channels ? pixels[y * stride + i - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + i] = (x + pred) & 0xff;
    }
  }
  const rgba = (x: number, y: number): [number, number, number, number] => {
    const o = (y * width + x) * channels;
    switch (colorType) {
      case 0: return [pixels[o], pixels[o], pixels[o], 255];
      case 2: return [pixels[o], pixels[o + 1], pixels[o + 2], 255];
      case 3: { const p = 3 * pixels[o]; return [palette![p], palette![p + 1], palette![p + 2], 255]; }
      case 6: return [pixels[o], pixels[o + 1], pixels[o + 2], pixels[o + 3]];
      default: return [pixels[o], pixels[o], pixels[o], pixels[o + 1]];
    }
  };
  return { width, height, colorType, chunks, palette, text, pixels, channels, rgba };
}
