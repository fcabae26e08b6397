/**
 * CRC-32 (the zip / IEEE 802.3 polynomial, reflected 0xEDB88320). fflate does not export its
 * own CRC, and zip members must be verified when read through, so we keep a small table-driven
 * implementation here. Slicing-by-4 keeps it fast enough not to matter next to inflation.
 */

/** Built at first use: a .npy-only run never needs them. */
let TABLES: Uint32Array[] | null = null;

function buildTables(n: number): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[i] = c >>> 0;
  }
  const tables = [t0];
  for (let j = 1; j < n; j++) {
    const prev = tables[j - 1];
    const t = new Uint32Array(256);
    for (let i = 0; i < 256; i++) t[i] = (prev[i] >>> 8) ^ t0[prev[i] & 0xff];
    tables.push(t);
  }
  return tables;
}

/** Continues a running CRC: start with crc32Update(0, first), then feed the result back in. */
export function crc32Update(crc: number, data: Uint8Array): number {
  const [t0, t1, t2, t3] = TABLES ??= buildTables(4);
  let c = ~crc >>> 0;
  let i = 0;
  const n = data.length;
  const end4 = n - (n % 4);
  for (; i < end4; i += 4) {
    c ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    c = t3[c & 0xff] ^ t2[(c >>> 8) & 0xff] ^ t1[(c >>> 16) & 0xff] ^ t0[c >>> 24];
  }
  for (; i < n; i++) c = t0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export function crc32(data: Uint8Array): number {
  return crc32Update(0, data);
}
