/**
 * A small zip model for the fuzzer: read an archive into members (name, uncompressed bytes,
 * method), write members back as a valid archive (optionally zip64, with a comment, data in
 * front, data descriptors), and report where every record and field landed, so mutations can
 * aim at a local header's size, a central entry's offset, the zip64 locator, an extra field or
 * the deflate stream of one member.
 */
import * as zlib from 'zlib';
import { crc32 } from '../../src/npy/io/crc32';

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

export interface ZipOptions {
  /** zip64 end record + locator, and zip64 extra fields with saturated sizes in the central directory. */
  zip64: boolean;
  /** Archive comment. */
  comment: Uint8Array;
  /** Bytes in front of the archive (a "concatenated" zip). */
  prefix: Uint8Array;
  /** Sizes after the data in a data descriptor (flag bit 3) instead of in the local header. */
  descriptor: boolean;
}

/** Where things are in a built archive (absolute offsets). */
export interface ZipLayout {
  locals: { at: number; dataAt: number; dataLen: number }[];
  centrals: { at: number; len: number }[];
  cdAt: number;
  cdLen: number;
  eocdAt: number;
  zip64EocdAt: number | null;
  locatorAt: number | null;
}

const le = {
  u16: (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v & 0xffff); return b; },
  u32: (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; },
  u64: (v: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; },
};

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

/** A valid archive of the members. */
export function buildZip(members: ZMember[], opts: Partial<ZipOptions> = {}): { bytes: Uint8Array; layout: ZipLayout } {
  const o: ZipOptions = { zip64: false, comment: new Uint8Array(0), prefix: new Uint8Array(0), descriptor: false, ...opts };
  const parts: Buffer[] = [Buffer.from(o.prefix)];
  let pos = o.prefix.length;
  const layout: ZipLayout = { locals: [], centrals: [], cdAt: 0, cdLen: 0, eocdAt: 0, zip64EocdAt: null, locatorAt: null };
  const central: Buffer[] = [];
  for (const m of members) {
    const packed = m.method === 8 ? deflate(m.data, m.level) : m.data;
    const payload = m.payload ? m.payload(packed) : packed;
    const crc = crc32(m.data);
    const flags = m.flags | (o.descriptor ? 8 : 0);
    const at = pos;
    const lsizes = o.descriptor ? [0, 0] : [payload.length, m.data.length];
    const local = Buffer.concat([
      le.u32(0x04034b50), le.u16(o.zip64 ? 45 : 20), le.u16(flags), le.u16(m.method), le.u16(0), le.u16(0x21),
      le.u32(o.descriptor ? 0 : crc), le.u32(lsizes[0]), le.u32(lsizes[1]), le.u16(m.name.length), le.u16(m.extraLocal.length),
      Buffer.from(m.name), Buffer.from(m.extraLocal),
    ]);
    parts.push(local, Buffer.from(payload));
    layout.locals.push({ at, dataAt: at + local.length, dataLen: payload.length });
    pos += local.length + payload.length;
    if (o.descriptor) {
      const d = Buffer.concat([le.u32(0x08074b50), le.u32(crc), le.u32(payload.length), le.u32(m.data.length)]);
      parts.push(d);
      pos += d.length;
    }
    const z64 = o.zip64 ? Buffer.concat([le.u16(1), le.u16(24), le.u64(m.data.length), le.u64(payload.length), le.u64(at)]) : Buffer.alloc(0);
    const extra = Buffer.concat([z64, Buffer.from(m.extraCentral)]);
    central.push(Buffer.concat([
      le.u32(0x02014b50), le.u16(o.zip64 ? 45 : 20), le.u16(o.zip64 ? 45 : 20), le.u16(flags), le.u16(m.method), le.u16(0), le.u16(0x21),
      le.u32(crc), le.u32(o.zip64 ? 0xffffffff : payload.length), le.u32(o.zip64 ? 0xffffffff : m.data.length),
      le.u16(m.name.length), le.u16(extra.length), le.u16(m.comment.length), le.u16(0), le.u16(0), le.u32(0),
      le.u32(o.zip64 ? 0xffffffff : at), Buffer.from(m.name), extra, Buffer.from(m.comment),
    ]));
  }
  layout.cdAt = pos;
  for (const c of central) {
    layout.centrals.push({ at: pos, len: c.length });
    parts.push(c);
    pos += c.length;
  }
  layout.cdLen = pos - layout.cdAt;
  const relCd = layout.cdAt - o.prefix.length;
  if (o.zip64) {
    layout.zip64EocdAt = pos;
    parts.push(Buffer.concat([
      le.u32(0x06064b50), le.u64(44), le.u16(45), le.u16(45), le.u32(0), le.u32(0),
      le.u64(members.length), le.u64(members.length), le.u64(layout.cdLen), le.u64(relCd),
    ]));
    pos += 56;
    layout.locatorAt = pos;
    parts.push(Buffer.concat([le.u32(0x07064b50), le.u32(0), le.u64(layout.zip64EocdAt - o.prefix.length), le.u32(1)]));
    pos += 20;
  }
  layout.eocdAt = pos;
  parts.push(Buffer.concat([
    le.u32(0x06054b50), le.u16(0), le.u16(0), le.u16(o.zip64 ? 0xffff : members.length), le.u16(o.zip64 ? 0xffff : members.length),
    le.u32(o.zip64 ? 0xffffffff : layout.cdLen), le.u32(o.zip64 ? 0xffffffff : relCd), le.u16(o.comment.length), Buffer.from(o.comment),
  ]));
  return { bytes: new Uint8Array(Buffer.concat(parts)), layout };
}
