/** .safetensors files built byte by byte for tests (the format: 8-byte length, JSON header, data). */

const enc = new TextEncoder();

/** A file: 8-byte length, the header text as given (not re-serialized), then the data. */
export function stFile(header: string | object, data: Uint8Array | number = 0, lengthWord?: bigint): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const h = enc.encode(text);
  const d = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + h.length + d.length);
  new DataView(out.buffer).setBigUint64(0, lengthWord ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(d, 8 + h.length);
  return out;
}
