#!/usr/bin/env node
/**
 * Draws the extension's icon, media/icon.png (256×256, the "icon" of package.json): an array grid
 * on a blue tile, two more layers behind it for the other dimensions, a header row, and one
 * selected cell. Plain Node, no dependencies: shapes are sampled 4×4 per pixel (anti-aliasing),
 * and the PNG is written with Node's zlib. The PNG is committed; rerun this after changing it:
 *
 *   node scripts/make-icon.mjs [OUT.png]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 256;
const SS = 4; // samples per pixel along each axis
const HI = SIZE * SS;

// ---------------------------------------------------------------- a tiny rasterizer

/** Premultiplied RGBA at the sampling resolution, values 0–1. */
const px = new Float32Array(HI * HI * 4);

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);

/** True when the sample point (x, y) (in icon pixels) is inside the rounded rectangle. */
function inRoundRect(x, y, r) {
  if (x < r.x || x > r.x + r.w || y < r.y || y > r.y + r.h) return false;
  const rad = r.r ?? 0;
  const cx = Math.min(Math.max(x, r.x + rad), r.x + r.w - rad);
  const cy = Math.min(Math.max(y, r.y + rad), r.y + r.h - rad);
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
}

/**
 * Paints a rounded rectangle {x, y, w, h, r} (icon pixels) over what is there (source-over);
 * `color` is '#rrggbb' or a function of y giving [r, g, b] (gradients).
 */
function fill(rect, color, alpha = 1) {
  const x0 = Math.max(0, Math.floor(rect.x * SS));
  const x1 = Math.min(HI, Math.ceil((rect.x + rect.w) * SS));
  const y0 = Math.max(0, Math.floor(rect.y * SS));
  const y1 = Math.min(HI, Math.ceil((rect.y + rect.h) * SS));
  const fixed = typeof color === 'string' ? rgb(color) : null;
  for (let sy = y0; sy < y1; sy++) {
    const y = (sy + 0.5) / SS;
    const c = fixed ?? color(y);
    for (let sx = x0; sx < x1; sx++) {
      const x = (sx + 0.5) / SS;
      if (!inRoundRect(x, y, rect)) continue;
      const i = (sy * HI + sx) * 4;
      const keep = 1 - alpha;
      px[i] = c[0] * alpha + px[i] * keep;
      px[i + 1] = c[1] * alpha + px[i + 1] * keep;
      px[i + 2] = c[2] * alpha + px[i + 2] * keep;
      px[i + 3] = alpha + px[i + 3] * keep;
    }
  }
}

/** Averages each SS×SS block into one pixel: straight (not premultiplied) 8-bit RGBA rows. */
function downsample() {
  const out = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const acc = [0, 0, 0, 0];
      for (let dy = 0; dy < SS; dy++) {
        for (let dx = 0; dx < SS; dx++) {
          const i = ((y * SS + dy) * HI + x * SS + dx) * 4;
          for (let k = 0; k < 4; k++) acc[k] += px[i + k];
        }
      }
      const a = acc[3] / (SS * SS);
      const o = (y * SIZE + x) * 4;
      for (let k = 0; k < 3; k++) out[o + k] = a > 0 ? Math.round((255 * acc[k]) / (SS * SS) / a) : 0;
      out[o + 3] = Math.round(255 * a);
    }
  }
  return out;
}

// ---------------------------------------------------------------- PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG of `rgba` (SIZE×SIZE), each row with filter 0 (none). */
function png(rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- the picture

const lerp = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

// The tile: a blue gradient, top to bottom.
const top = rgb('#3b82d6');
const bottom = rgb('#1f4f99');
fill({ x: 8, y: 8, w: 240, h: 240, r: 44 }, (y) => lerp(top, bottom, (y - 8) / 240));

// Two layers behind the grid: the array's other dimensions.
fill({ x: 76, y: 36, w: 148, h: 148, r: 12 }, '#ffffff', 0.35);
fill({ x: 58, y: 54, w: 148, h: 148, r: 12 }, '#ffffff', 0.55);

// The grid: 4 × 4 cells on a white sheet, a header row, one selected cell.
const sheet = { x: 40, y: 72, w: 148, h: 148, r: 12 };
fill(sheet, '#ffffff');
const pad = 12;
const gap = 6;
const cell = (sheet.w - 2 * pad - 3 * gap) / 4;
for (let row = 0; row < 4; row++) {
  for (let col = 0; col < 4; col++) {
    const x = sheet.x + pad + col * (cell + gap);
    const y = sheet.y + pad + row * (cell + gap);
    const colour = row === 2 && col === 1 ? '#ffb000' : row === 0 ? '#8fb5e8' : '#dbe7f6';
    fill({ x, y, w: cell, h: cell, r: 4 }, colour);
  }
}

const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'media', 'icon.png'));
fs.writeFileSync(out, png(downsample()));
console.log(`${path.relative(process.cwd(), out)}: ${SIZE}×${SIZE} PNG, ${fs.statSync(out).size} bytes`);
