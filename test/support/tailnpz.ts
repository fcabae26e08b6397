/**
 * Issue 12, defect 7's archive, written at test time rather than committed: one deflated member
 * holding a .npy of a 10-element array followed by 200 MB of zeros. Deflate cannot shrink that
 * below ~1/1032 (200 KB), too big to keep in git for one test; make_hostile.py wrote the same
 * member with Python's zipfile and recorded its SHA-256, its values and np.savetxt's text in
 * test/fixtures/hostile/expected.json, so the tests check that this file holds those bytes.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { crc32Update } from '../../src/npy/io/crc32';
import { writeZip } from './zipwriter';

export const TAIL_EXPECTED = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'hostile', 'expected.json');

export interface TailExpect { member_sha256: string; member_size: number; npy_size: number; values: number[]; export: string }

export function tailExpected(): TailExpect {
  return JSON.parse(fs.readFileSync(TAIL_EXPECTED, 'utf8'))['tail_200mb.npz'] as TailExpect;
}

/** np.save(np.arange(10, dtype='<f8') * 1.5): the header as NumPy pads it, then the data. */
function tailNpy(): Buffer {
  const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (10,), }";
  const headerLen = 128 - 10;
  const header = Buffer.alloc(128, 0x20);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(header);
  header.writeUInt16LE(headerLen, 8);
  header.write(dict, 10, 'latin1');
  header[127] = 0x0a;
  const data = Buffer.alloc(80);
  for (let i = 0; i < 10; i++) data.writeDoubleLE(i * 1.5, i * 8);
  return Buffer.concat([header, data]);
}

/** Writes the archive to `file` (member 'a.npy'); returns the member's SHA-256 and size. */
export async function writeTailNpz(file: string, zerosMiB = 200): Promise<{ sha256: string; size: number }> {
  const npy = tailNpy();
  const zeros = Buffer.alloc(1 << 20);
  const hash = createHash('sha256').update(npy);
  let crc = crc32Update(0, npy);
  const d = zlib.createDeflateRaw({ level: 6 });
  const parts: Buffer[] = [];
  d.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise<void>((resolve, reject) => { d.on('end', resolve); d.on('error', reject); });
  d.write(npy);
  for (let i = 0; i < zerosMiB; i++) {
    hash.update(zeros);
    crc = crc32Update(crc, zeros);
    if (!d.write(zeros)) await new Promise((r) => d.once('drain', r));
  }
  d.end();
  await done;
  const body = Buffer.concat(parts);
  const size = npy.length + zerosMiB * zeros.length;
  // no zip64: sizes fit in 32 bits
  const zip = writeZip([{ name: Buffer.from('a.npy'), method: 8, flags: 0, crc: crc >>> 0, size, payload: body }]);
  fs.writeFileSync(file, zip.bytes);
  return { sha256: hash.digest('hex'), size };
}
