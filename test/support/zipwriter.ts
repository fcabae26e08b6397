/**
 * The tests' zip writer: records as given (name, method, CRC, sizes, payload already compressed,
 * extra fields, comments) laid out as a valid archive, optionally zip64, with a comment, data in
 * front or data descriptors, and where every record landed (for the fuzzer's mutations). Used by
 * the fuzzer's zip model (test/fuzz/zipmodel.ts) and the archives tests write at run time
 * (tailnpz.ts).
 */

/** One member as written: its payload is already compressed (or stored). */
export interface ZipRecord {
  name: Uint8Array;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Bit 11 (UTF-8 name) and friends. */
  flags: number;
  crc: number;
  /** Uncompressed size. */
  size: number;
  payload: Uint8Array;
  extraLocal?: Uint8Array;
  extraCentral?: Uint8Array;
  comment?: Uint8Array;
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

/** A valid archive of the records. */
export function writeZip(records: ZipRecord[], opts: Partial<ZipOptions> = {}): { bytes: Uint8Array; layout: ZipLayout } {
  const o: ZipOptions = { zip64: false, comment: new Uint8Array(0), prefix: new Uint8Array(0), descriptor: false, ...opts };
  const parts: Buffer[] = [Buffer.from(o.prefix)];
  let pos = o.prefix.length;
  const layout: ZipLayout = { locals: [], centrals: [], cdAt: 0, cdLen: 0, eocdAt: 0, zip64EocdAt: null, locatorAt: null };
  const central: Buffer[] = [];
  const none = new Uint8Array(0);
  for (const r of records) {
    const { payload, crc } = r;
    const m = { ...r, extraLocal: r.extraLocal ?? none, extraCentral: r.extraCentral ?? none, comment: r.comment ?? none };
    const flags = m.flags | (o.descriptor ? 8 : 0);
    const at = pos;
    const lsizes = o.descriptor ? [0, 0] : [payload.length, m.size];
    const local = Buffer.concat([
      le.u32(0x04034b50), le.u16(o.zip64 ? 45 : 20), le.u16(flags), le.u16(m.method), le.u16(0), le.u16(0x21),
      le.u32(o.descriptor ? 0 : crc), le.u32(lsizes[0]), le.u32(lsizes[1]), le.u16(m.name.length), le.u16(m.extraLocal.length),
      Buffer.from(m.name), Buffer.from(m.extraLocal),
    ]);
    parts.push(local, Buffer.from(payload));
    layout.locals.push({ at, dataAt: at + local.length, dataLen: payload.length });
    pos += local.length + payload.length;
    if (o.descriptor) {
      const d = Buffer.concat([le.u32(0x08074b50), le.u32(crc), le.u32(payload.length), le.u32(m.size)]);
      parts.push(d);
      pos += d.length;
    }
    const z64 = o.zip64 ? Buffer.concat([le.u16(1), le.u16(24), le.u64(m.size), le.u64(payload.length), le.u64(at)]) : Buffer.alloc(0);
    const extra = Buffer.concat([z64, Buffer.from(m.extraCentral)]);
    central.push(Buffer.concat([
      le.u32(0x02014b50), le.u16(o.zip64 ? 45 : 20), le.u16(o.zip64 ? 45 : 20), le.u16(flags), le.u16(m.method), le.u16(0), le.u16(0x21),
      le.u32(crc), le.u32(o.zip64 ? 0xffffffff : payload.length), le.u32(o.zip64 ? 0xffffffff : m.size),
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
      le.u64(records.length), le.u64(records.length), le.u64(layout.cdLen), le.u64(relCd),
    ]));
    pos += 56;
    layout.locatorAt = pos;
    parts.push(Buffer.concat([le.u32(0x07064b50), le.u32(0), le.u64(layout.zip64EocdAt - o.prefix.length), le.u32(1)]));
    pos += 20;
  }
  layout.eocdAt = pos;
  parts.push(Buffer.concat([
    le.u32(0x06054b50), le.u16(0), le.u16(0), le.u16(o.zip64 ? 0xffff : records.length), le.u16(o.zip64 ? 0xffff : records.length),
    le.u32(o.zip64 ? 0xffffffff : layout.cdLen), le.u32(o.zip64 ? 0xffffffff : relCd), le.u16(o.comment.length), Buffer.from(o.comment),
  ]));
  return { bytes: new Uint8Array(Buffer.concat(parts)), layout };
}
