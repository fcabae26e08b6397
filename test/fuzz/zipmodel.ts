/**
 * A small zip model for the fuzzer: read an archive into members (name, uncompressed bytes,
 * method), write members back as a valid archive (optionally zip64, with a comment, data in
 * front, data descriptors), and report where every record and field landed, so mutations can
 * aim at a local header's size, a central entry's offset, the zip64 locator, an extra field or
 * the deflate stream of one member.
 */
import * as zlib from 'zlib';
import { crc32 } from '../../src/npy/io/crc32';
import { ZipLayout, ZipOptions, writeZip } from '../support/zipwriter';

export type { ZipLayout, ZipOptions } from '../support/zipwriter';

export interface ZMember {
  name: Uint8Array;
  /** Uncompressed content. */
  data: Uint8Array;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Deflate level (when method 8). */
  level: number;
  /** Bit 11 (UTF-8 name) and friends. */
  flags: number;
  /** Extra fields added to the local / central record (besides zip64's). */
  extraLocal: Uint8Array;
  extraCentral: Uint8Array;
  comment: Uint8Array;
  /** Changes the stored payload (after deflating): junk after the stream, a cut stream... */
  payload?: (p: Uint8Array) => Uint8Array;
}

/** The members of a zip (central directory order), or null if it is not a zip we can read cleanly. */
export function parseZip(buf: Uint8Array): ZMember[] | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
  if (eocd < 0 || eocd + 22 > b.length) return null;
  let count = b.readUInt16LE(eocd + 10);
  let cdOff = b.readUInt32LE(eocd + 16);
  const loc = eocd - 20;
  if (loc >= 0 && b.readUInt32LE(loc) === 0x07064b50) {
    const rec = Number(b.readBigUInt64LE(loc + 8));
    if (rec + 56 <= b.length && b.readUInt32LE(rec) === 0x06064b50) {
      count = Number(b.readBigUInt64LE(rec + 32));
      cdOff = Number(b.readBigUInt64LE(rec + 48));
    }
  }
  const out: ZMember[] = [];
  let p = cdOff;
  try {
    for (let i = 0; i < count; i++) {
      if (b.readUInt32LE(p) !== 0x02014b50) return null;
      const flags = b.readUInt16LE(p + 8);
      const method = b.readUInt16LE(p + 10);
      let csize = b.readUInt32LE(p + 20);
      const nl = b.readUInt16LE(p + 28);
      const el = b.readUInt16LE(p + 30);
      const cl = b.readUInt16LE(p + 32);
      let lho = b.readUInt32LE(p + 42);
      const name = new Uint8Array(b.subarray(p + 46, p + 46 + nl));
      const extra = b.subarray(p + 46 + nl, p + 46 + nl + el);
      let usize = b.readUInt32LE(p + 24);
      for (let q = 0; q + 4 <= extra.length;) {
        const id = extra.readUInt16LE(q);
        const len = extra.readUInt16LE(q + 2);
        if (id === 1) {
          let r = q + 4;
          if (usize === 0xffffffff) { usize = Number(extra.readBigUInt64LE(r)); r += 8; }
          if (csize === 0xffffffff) { csize = Number(extra.readBigUInt64LE(r)); r += 8; }
          if (lho === 0xffffffff) { lho = Number(extra.readBigUInt64LE(r)); r += 8; }
        }
        q += 4 + len;
      }
      const lnl = b.readUInt16LE(lho + 26);
      const lel = b.readUInt16LE(lho + 28);
      const start = lho + 30 + lnl + lel;
      const payload = b.subarray(start, start + csize);
      let data: Uint8Array;
      if (method === 0) data = new Uint8Array(payload);
      else if (method === 8) data = new Uint8Array(zlib.inflateRawSync(payload));
      else return null;
      out.push({ name, data, method, level: 6, flags: flags & 0x800, extraLocal: new Uint8Array(0), extraCentral: new Uint8Array(0), comment: new Uint8Array(0) });
      p += 46 + nl + el + cl;
    }
  } catch {
    return null;
  }
  return out;
}

function deflate(data: Uint8Array, level: number): Uint8Array {
  return new Uint8Array(zlib.deflateRawSync(data, { level }));
}

/** A valid archive of the members (deflated at their level, CRC and sizes from their content). */
export function buildZip(members: ZMember[], opts: Partial<ZipOptions> = {}): { bytes: Uint8Array; layout: ZipLayout } {
  return writeZip(members.map((m) => {
    const packed = m.method === 8 ? deflate(m.data, m.level) : m.data;
    return { ...m, crc: crc32(m.data), size: m.data.length, payload: m.payload ? m.payload(packed) : packed };
  }), opts);
}
