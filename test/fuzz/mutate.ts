/**
 * Mutations of NumPy-written .npy/.npz seeds, as an attacker would try them: bit flips,
 * truncations and splices anywhere; .npy header dict edits (descr, shape, fortran_order, keys,
 * spelling), length fields and versions; array data with special values; archive members
 * renamed, duplicated, re-compressed, given bytes after their array or a cut stream; and the
 * fields of local, central, end, zip64 records and extra fields. Everything is drawn from one
 * seeded generator, so a case number and seed replay the same bytes.
 */
import { ZMember, ZipLayout, buildZip, parseZip } from './zipmodel';

export type Rand = () => number;

export interface Seed { name: string; bytes: Uint8Array; kind: 'npy' | 'npz' }
export interface Mutant { bytes: Uint8Array; kind: 'npy' | 'npz'; seed: string; ops: string[] }

/** mulberry32, the tests' one seeded generator */
export { rng } from '../support/npzfixtures';

const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];
const chance = (r: Rand, p: number): boolean => r() < p;

const enc = new TextEncoder();
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

// ---------------------------------------------------------------- .npy

const DESCRS = [
  "'<f8'", "'>f8'", "'<f4'", "'>f4'", "'<f2'", "'<f16'", "'>f16'", "'<c8'", "'<c16'", "'>c16'", "'<c32'", "'<i1'", "'|i1'",
  "'<i2'", "'>i4'", "'<i8'", "'>u8'", "'|u1'", "'|b1'", "'?'", "'|S1'", "'|S3'", "'|S0'", "'<U1'", "'>U3'", "'<U0'", "'|V1'",
  "'|V4'", "'|V0'", "'<M8[s]'", "'<M8[D]'", "'<M8'", "'>M8[ns]'", "'<m8[us]'", "'<m8[25s]'", "'|O'", "'<f8 '", "'<q7'", "'float64'",
  '[]', "[('a', '<i4')]", "[('a', '<i4'), ('b', '<f8')]", "[('a', '|S2'), ('b', '<U1', (2,))]", "[('', '|V4'), ('x', '<i2')]",
  "[(('t', 'a'), '<i4')]", "[('a', '<f16'), ('b', '<c8', (2, 2))]", "[('a', [('b', '<i2'), ('c', '|S1')])]",
  "('<i4', (3,))", "('<f8', (1,))", "('<f8', ())", "(('<i4', (2,)), (1,))", "[('a', ('<i4', (2,)), (3,))]",
  "{'names': ['a', 'b'], 'formats': ['<i4', '<f8'], 'offsets': [0, 8], 'itemsize': 16}",
  "{'names': ['a'], 'formats': ['<i4'], 'offsets': [4], 'itemsize': 8}", "[('a', '<i4'), ('a', '<f8')]", '5', 'None', "b'<f8'",
  "[('a', '<M8[us]'), ('b', '<m8')]", "[('a', '|b1', (3,))]", "'<U100000'",
];

function nestedDescr(r: Rand): string {
  let d = "'<i4'";
  const n = pick(r, [5, 30, 64, 98, 99, 100, 150]);
  for (let i = 0; i < n; i++) d = `[('a', ${d})]`;
  return d;
}

function dimText(r: Rand): string {
  return String(pick(r, [0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 7, 10, 16, 100, 1000, 65536, 2 ** 31, 2 ** 32 + 1]
    .concat(chance(r, 0.3) ? [] : []))) + (chance(r, 0.02) ? 'L' : '');
}

function shapeText(r: Rand): string {
  const roll = r();
  if (roll < 0.04) return pick(r, ['(2.0,)', '[2]', '(True,)', '(-1,)', '(None,)', "('2',)", '(2**3,)', '(1, -2)', '((2,),)']);
  if (roll < 0.1) {
    const big = pick(r, ['4611686018427387904', '9223372036854775807', '9223372036854775808', '18446744073709551616',
      '9007199254740993', '2305843009213693953', '1152921504606846976']);
    return pick(r, [`(0, ${big}, 4)`, `(${big}, 0)`, `(${big},)`, `(0, ${big})`, `(3, 0, ${big})`]);
  }
  if (roll < 0.12) return '(' + '1, '.repeat(pick(r, [63, 64, 65])) + ')';
  const nd = pick(r, [0, 1, 1, 2, 2, 2, 3, 4]);
  const dims = Array.from({ length: nd }, () => dimText(r));
  return nd === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

interface NpyParts { major: number; minor: number; text: string; data: Uint8Array; lengthField: number }

function parseNpy(b: Uint8Array): NpyParts | null {
  if (b.length < 10 || b[0] !== 0x93 || latin1(b.subarray(1, 6)) !== 'NUMPY') return null;
  const major = b[6];
  const minor = b[7];
  const lb = major === 1 ? 2 : 4;
  if (b.length < 8 + lb) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const hlen = lb === 2 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lb;
  if (start + hlen > b.length) return null;
  const raw = b.subarray(start, start + hlen);
  const text = major === 3 ? Buffer.from(raw).toString('utf8') : latin1(raw);
  return { major, minor, text, data: b.subarray(start + hlen), lengthField: hlen };
}

/** Header text → bytes of a .npy with that header (padded like np.save; the version fits the text). */
function buildNpy(text: string, data: Uint8Array, major?: number): Uint8Array {
  const body = /[^\x00-\xff]/.test(text) ? enc.encode(text) : Buffer.from(text, 'latin1');
  let v = major ?? (/[^\x00-\xff]/.test(text) ? 3 : body.length + 12 > 65535 ? 2 : 1);
  if (v === 1 && body.length + 12 > 65535) v = 2;
  const lb = v === 1 ? 2 : 4;
  const pad = 63 - ((8 + lb + body.length) % 64);
  const head = Buffer.alloc(8 + lb);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = v;
  head[7] = 0;
  const hlen = body.length + pad + 1;
  if (lb === 2) head.writeUInt16LE(hlen & 0xffff, 8); else head.writeUInt32LE(hlen, 8);
  return new Uint8Array(Buffer.concat([head, body, Buffer.alloc(pad, 0x20), Buffer.from('\n'), Buffer.from(data)]));
}

/** Special floats and integers: the values formatting and decoding get wrong first. */
function specialBytes(r: Rand, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < n;) {
    const w = pick(r, [1, 2, 4, 8, 10, 16]);
    if (i + w > n) { out[i++] = int(r, 256); continue; }
    if (w === 8) {
      const v = pick(r, [NaN, Infinity, -Infinity, -0, 5e-324, 2.2250738585072014e-308, 1e16, 9.999999999999999e-5, 0.1, 1e300, -1.5]);
      if (chance(r, 0.3)) { dv.setUint32(i, int(r, 2 ** 32)); dv.setUint32(i + 4, 0x7ff00000 | int(r, 2 ** 20) | (chance(r, 0.5) ? 0x80000000 : 0)); } else dv.setFloat64(i, v, chance(r, 0.5));
    } else if (w === 4) {
      dv.setFloat32(i, pick(r, [NaN, Infinity, 1e-45, 3.4028235e38, 1e-4, 0.1]), chance(r, 0.5));
    } else if (w === 2) {
      dv.setUint16(i, pick(r, [0x7c00, 0xfc00, 0x7e01, 0x0001, 0x3c00, 0x8000, int(r, 65536)]), true);
    } else if (w === 10 || w === 16) {
      // an x87 pattern of any class (pseudo-NaN, unnormal, pseudo-denormal...)
      const exp = pick(r, [0, 0, 1, 0x3fff, 0x7ffe, 0x7fff, int(r, 0x8000)]) | (chance(r, 0.5) ? 0x8000 : 0);
      for (let k = 0; k < 8; k++) out[i + k] = int(r, 256);
      if (chance(r, 0.5)) out[i + 7] &= 0x7f; else out[i + 7] |= 0x80;
      dv.setUint16(i + 8, exp, true);
    } else {
      out[i] = pick(r, [0, 0xff, 0x7f, 0x80, 0x20, 0x30 + int(r, 10), int(r, 256)]);
    }
    i += w;
  }
  return out;
}

const DATA_LIMIT = 1 << 20;

function mutateNpyParts(p: NpyParts, r: Rand, ops: string[]): Uint8Array {
  let text = p.text;
  let data = p.data;
  let major: number | undefined;
  const k = pick(r, ['descr', 'descr', 'shape', 'shape', 'shape', 'fortran', 'keys', 'spelling', 'char', 'data', 'data', 'resize', 'version']);
  switch (k) {
    case 'descr': {
      const d = chance(r, 0.05) ? nestedDescr(r) : pick(r, DESCRS);
      text = text.replace(/'descr':\s*(.*?),\s*'fortran_order'/s, () => `'descr': ${d}, 'fortran_order'`);
      ops.push(`descr=${d.length > 40 ? d.slice(0, 40) + '…' : d}`);
      break;
    }
    case 'shape': {
      const s = shapeText(r);
      text = text.replace(/'shape':\s*(\([^)]*\)|\[[^\]]*\])/, () => `'shape': ${s}`);
      ops.push(`shape=${s.slice(0, 60)}`);
      break;
    }
    case 'fortran': {
      const f = pick(r, ['True', 'False', '1', '0', 'None', "'True'"]);
      text = text.replace(/'fortran_order':\s*\w+/, `'fortran_order': ${f}`);
      ops.push(`fortran=${f}`);
      break;
    }
    case 'keys': {
      const how = pick(r, ['drop-descr', 'drop-shape', 'extra', 'dup', 'rename']);
      if (how === 'drop-descr') text = text.replace(/'descr':\s*.*?,\s*(?='fortran_order')/s, '');
      else if (how === 'drop-shape') text = text.replace(/'shape':\s*\([^)]*\),?/, '');
      else if (how === 'extra') text = text.replace(/\}\s*$/, " 'x': 1, }");
      else if (how === 'dup') text = text.replace(/\{/, "{'fortran_order': True, ");
      else text = text.replace("'shape'", "'Shape'");
      ops.push(`keys:${how}`);
      break;
    }
    case 'spelling': {
      const how = pick(r, ['no-trailing-comma', 'double-quotes', 'tabs', 'comment', 'py2-long', 'newline-first', 'nul', 'unicode', 'no-newline']);
      if (how === 'no-trailing-comma') text = text.replace(/,\s*\}/, '}');
      else if (how === 'double-quotes') text = text.replace(/'/g, '"');
      else if (how === 'tabs') text = text.replace(/ /g, '\t');
      else if (how === 'comment') text = text.replace(/\}\s*$/, '} # c');
      else if (how === 'py2-long') text = text.replace(/(\d)(?=[,)])/g, '$1L');
      else if (how === 'newline-first') text = '\n' + text;
      else if (how === 'nul') text = text.replace(/\}/, '}\0');
      else if (how === 'unicode') text = text.replace(/'descr'/, "'descr'").replace(/\}/, " 'é\u4e2d': 1}");
      else text = text.replace(/\n$/, ' ');
      ops.push(`spelling:${how}`);
      break;
    }
    case 'char': {
      const chars = text.split('');
      const at = int(r, Math.max(1, chars.length));
      chars[at] = pick(r, ['(', ')', '[', ']', "'", '"', ',', ' ', '0', '9', '-', '\\', '\n', '\0', 'L', 'j', '.', '{', '}', ':']);
      text = chars.join('');
      ops.push(`char@${at}`);
      break;
    }
    case 'data': {
      const d = new Uint8Array(data);
      const n = Math.min(d.length, 1 + int(r, 64));
      const at = int(r, Math.max(1, d.length - n + 1));
      d.set(specialBytes(r, n), at);
      data = d;
      ops.push(`data@${at}+${n}`);
      break;
    }
    case 'resize': {
      const how = pick(r, ['cut', 'cut1', 'grow', 'trail']);
      if (how === 'cut') data = data.subarray(0, int(r, data.length + 1));
      else if (how === 'cut1') data = data.subarray(0, Math.max(0, data.length - 1));
      else if (how === 'grow') data = new Uint8Array(Buffer.concat([data, specialBytes(r, int(r, 4096))]));
      else data = new Uint8Array(Buffer.concat([data, new Uint8Array(pick(r, [1, 100, 4000, 5000, 70000]))]));
      ops.push(`resize:${how}`);
      break;
    }
    case 'version': {
      major = pick(r, [1, 2, 3]);
      ops.push(`version=${major}`);
      break;
    }
  }
  if (k === 'descr' || k === 'shape') {
    // often give the new header the data it asks for, so values get formatted, not just refused
    if (chance(r, 0.5)) {
      const need = neededBytes(text);
      if (need !== null && need <= DATA_LIMIT) { data = specialBytes(r, need); ops.push(`data:${need}`); }
    }
  }
  return buildNpy(text, data, major);
}

/** Bytes the header's data needs, for the simple descrs and shapes the mutator writes. */
function neededBytes(text: string): number | null {
  const d = /'descr':\s*'([<>|=]?)([a-zA-Z?])(\d*)/.exec(text);
  const s = /'shape':\s*\(([^)]*)\)/.exec(text);
  if (!d || !s) return null;
  const sizes: Record<string, number> = { '?': 1, b: 1 };
  let item = sizes[d[2]] ?? Number(d[3] || 0);
  if (d[2] === 'U') item *= 4;
  const dims = s[1].split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);
  if (dims.some((x) => !Number.isSafeInteger(x) || x < 0)) return null;
  const n = dims.reduce((a, b) => a * b, 1) * item;
  return Number.isSafeInteger(n) ? n : null;
}

function mutateNpy(b: Uint8Array, r: Rand, ops: string[]): Uint8Array {
  const p = parseNpy(b);
  const roll = r();
  if (p && roll < 0.55) return mutateNpyParts(p, r, ops);
  if (p && roll < 0.65) {
    // the header length field and the version bytes
    const out = new Uint8Array(b);
    const dv = new DataView(out.buffer);
    const how = pick(r, ['hlen+', 'hlen-', 'hlen-big', 'major', 'minor']);
    if (how === 'major') out[6] = pick(r, [0, 1, 2, 3, 4, 255]);
    else if (how === 'minor') out[7] = pick(r, [1, 2, 255]);
    else if (p.major === 1) dv.setUint16(8, how === 'hlen-big' ? 0xffff : Math.max(0, p.lengthField + (how === 'hlen+' ? 1 + int(r, 64) : -1 - int(r, 64))) & 0xffff, true);
    else dv.setUint32(8, how === 'hlen-big' ? 0xfffffff0 : Math.max(0, p.lengthField + (how === 'hlen+' ? 1 + int(r, 64) : -1 - int(r, 64))), true);
    ops.push(how);
    return out;
  }
  return mutateRaw(b, r, ops, p ? 10 + p.lengthField : b.length);
}

/** Byte-level damage, biased towards the first `hot` bytes (the header). */
function mutateRaw(b: Uint8Array, r: Rand, ops: string[], hot: number): Uint8Array {
  const how = pick(r, ['flip', 'flip', 'set', 'cut', 'insert', 'delete', 'dup']);
  const where = (): number => (chance(r, 0.6) ? int(r, Math.max(1, Math.min(hot, b.length))) : int(r, Math.max(1, b.length)));
  if (how === 'cut') { const n = int(r, b.length + 1); ops.push(`cut@${n}`); return b.subarray(0, n); }
  const out = Buffer.from(b);
  if (how === 'flip') {
    const n = 1 + int(r, 8);
    for (let i = 0; i < n; i++) { const at = where(); if (at < out.length) out[at] ^= 1 << int(r, 8); }
    ops.push(`flip×${n}`);
    return new Uint8Array(out);
  }
  if (how === 'set') {
    const at = where();
    if (at < out.length) out[at] = pick(r, [0, 0xff, 0x7f, 0x80, 0x0a, 0x20, 0x27, 0x2c, 0x29]);
    ops.push(`set@${at}`);
    return new Uint8Array(out);
  }
  const at = where();
  const n = 1 + int(r, 16);
  ops.push(`${how}@${at}+${n}`);
  if (how === 'insert') return new Uint8Array(Buffer.concat([out.subarray(0, at), Buffer.from(specialBytes(r, n)), out.subarray(at)]));
  if (how === 'delete') return new Uint8Array(Buffer.concat([out.subarray(0, at), out.subarray(at + n)]));
  return new Uint8Array(Buffer.concat([out.subarray(0, at + n), out.subarray(at)]));
}

// ---------------------------------------------------------------- .npz

const NAMES = ['a.npy', 'x', 'data.npy', 'arr_0.npy', '.npy', 'a.npy', 'dir/b.npy', 'ünïcode.npy', '数据.npy', 'a\0b.npy',
  '<script>.npy', 'x.NPY', 'readme.txt', '\u202ecod.npy'];

function mutateMembers(ms: ZMember[], seeds: Seed[], r: Rand, ops: string[]): void {
  const how = pick(r, ['member-npy', 'member-npy', 'member-npy', 'rename', 'dup', 'drop', 'add', 'method', 'trailing', 'junk', 'cutstream', 'nlen', 'swap']);
  if (ms.length === 0 && how !== 'add') return void ops.push('empty');
  const i = int(r, Math.max(1, ms.length));
  const m = ms[i];
  switch (how) {
    case 'member-npy': {
      const sub: string[] = [];
      m.data = mutateNpy(m.data, r, sub);
      ops.push(`m${i}:` + sub.join(','));
      break;
    }
    case 'rename': {
      const n = pick(r, NAMES);
      m.name = enc.encode(n);
      m.flags = /[^\x00-\x7f]/.test(n) || chance(r, 0.3) ? 0x800 : 0;
      ops.push(`m${i}:name=${JSON.stringify(n)}`);
      break;
    }
    case 'dup': ms.splice(int(r, ms.length + 1), 0, { ...m }); ops.push(`dup m${i}`); break;
    case 'drop': ms.splice(i, 1); ops.push(`drop m${i}`); break;
    case 'add': {
      const s = pick(r, seeds.filter((x) => x.kind === 'npy'));
      ms.push({ name: enc.encode(pick(r, NAMES)), data: s.bytes, method: pick(r, [0, 8]), level: 6, flags: 0,
        extraLocal: new Uint8Array(0), extraCentral: new Uint8Array(0), comment: new Uint8Array(0) });
      ops.push(`add ${s.name}`);
      break;
    }
    case 'method': m.method = m.method === 8 ? 0 : 8; m.level = pick(r, [0, 1, 6, 9]); ops.push(`m${i}:method=${m.method}/${m.level}`); break;
    case 'trailing': {
      const n = pick(r, [1, 10, 100, 4000, 4096, 5000, 70000, 300000, 2 << 20]);
      m.data = new Uint8Array(Buffer.concat([m.data, Buffer.alloc(n, chance(r, 0.7) ? 0 : 0x41)]));
      ops.push(`m${i}:trailing+${n}`);
      break;
    }
    case 'junk': m.method = 8; m.payload = (p) => new Uint8Array(Buffer.concat([p, Buffer.from(specialBytes(r, 1 + int(r, 5000)))])); ops.push(`m${i}:junk-after-stream`); break;
    case 'cutstream': m.method = 8; m.payload = (p) => p.subarray(0, int(r, p.length)); ops.push(`m${i}:cut-stream`); break;
    case 'nlen': {
      m.method = 8;
      m.level = 0;
      m.payload = (p) => { const q = new Uint8Array(p); if (q.length > 4) q[3 + int(r, 2)] ^= 1 << int(r, 8); return q; };
      ops.push(`m${i}:stored-block-length`);
      break;
    }
    case 'swap': if (ms.length > 1) { const j = int(r, ms.length); [ms[i], ms[j]] = [ms[j], ms[i]]; } ops.push('swap'); break;
  }
}

interface Field { at: number; size: 1 | 2 | 4 | 8; what: string }

/** The fields of the archive's records, by the layout buildZip reported. */
function fields(l: ZipLayout): Field[] {
  const f: Field[] = [];
  const add = (base: number, what: string, spec: [number, 1 | 2 | 4 | 8, string][]): void => {
    for (const [off, size, name] of spec) f.push({ at: base + off, size, what: `${what}.${name}` });
  };
  l.locals.forEach((x, i) => add(x.at, `local${i}`, [[0, 4, 'sig'], [4, 2, 'version'], [6, 2, 'flags'], [8, 2, 'method'],
    [14, 4, 'crc'], [18, 4, 'csize'], [22, 4, 'usize'], [26, 2, 'namelen'], [28, 2, 'extralen'], [30, 1, 'name0']]));
  l.centrals.forEach((x, i) => add(x.at, `central${i}`, [[0, 4, 'sig'], [6, 1, 'needed'], [8, 2, 'flags'], [10, 2, 'method'],
    [16, 4, 'crc'], [20, 4, 'csize'], [24, 4, 'usize'], [28, 2, 'namelen'], [30, 2, 'extralen'], [32, 2, 'commentlen'],
    [34, 2, 'disk'], [42, 4, 'offset'], [46, 1, 'name0']]));
  add(l.eocdAt, 'eocd', [[0, 4, 'sig'], [4, 2, 'disk'], [6, 2, 'cddisk'], [8, 2, 'count'], [10, 2, 'total'], [12, 4, 'cdsize'],
    [16, 4, 'cdoffset'], [20, 2, 'commentlen']]);
  if (l.zip64EocdAt !== null) add(l.zip64EocdAt, 'zip64', [[0, 4, 'sig'], [16, 4, 'disk'], [20, 4, 'cddisk'], [24, 8, 'count'],
    [32, 8, 'total'], [40, 8, 'cdsize'], [48, 8, 'cdoffset']]);
  if (l.locatorAt !== null) add(l.locatorAt, 'locator', [[0, 4, 'sig'], [4, 4, 'disk'], [8, 8, 'offset'], [16, 4, 'disks']]);
  return f;
}

function setField(b: Buffer, f: Field, r: Rand): string {
  const read = (): number => (f.size === 1 ? b[f.at] : f.size === 2 ? b.readUInt16LE(f.at) : f.size === 4 ? b.readUInt32LE(f.at) : Number(b.readBigUInt64LE(f.at)));
  const max = f.size === 8 ? 2 ** 64 - 1 : 2 ** (8 * f.size) - 1;
  const old = read();
  const v = pick(r, [0, 1, max, old + 1, old - 1, old + int(r, 64) - 32, old ^ (1 << int(r, 8 * Math.min(f.size, 4))), int(r, 2 ** 31),
    old * 2, 0x7fffffff, 64, 63, 12, 14, 99, 0x800, 9]);
  const val = Math.min(Math.max(0, Math.floor(v)), max);
  if (f.size === 1) b[f.at] = val & 0xff;
  else if (f.size === 2) b.writeUInt16LE(val & 0xffff, f.at);
  else if (f.size === 4) b.writeUInt32LE(val >>> 0, f.at);
  else b.writeBigUInt64LE(BigInt(Math.min(val, Number.MAX_SAFE_INTEGER)), f.at);
  return `${f.what}=${val}`;
}

function mutateNpz(seed: Seed, seeds: Seed[], r: Rand, ops: string[]): Uint8Array {
  const ms = parseZip(seed.bytes);
  if (!ms || chance(r, 0.1)) return mutateRaw(seed.bytes, r, ops, seed.bytes.length);
  const steps = chance(r, 0.8) ? 1 : 2;
  for (let s = 0; s < steps; s++) if (chance(r, 0.6)) mutateMembers(ms, seeds, r, ops);
  // extra fields: zip64 with too little data, Info-ZIP unicode path, fields running past their record
  if (ms.length && chance(r, 0.1)) {
    const m = pick(r, ms);
    const x = pick(r, [[1, 0, 8], [1, 8, 4], [0x7075, 1, 9], [0xcafe, 0, 100], [0x5455, 5, 5]]);
    const body = Buffer.concat([Buffer.from([x[0] & 0xff, x[0] >> 8, x[2] & 0xff, x[2] >> 8]), Buffer.alloc(Math.min(x[2], 4 + x[1]), 0xff)]);
    if (chance(r, 0.5)) m.extraCentral = new Uint8Array(body); else m.extraLocal = new Uint8Array(body);
    ops.push(`extra:${x[0].toString(16)}`);
  }
  const opts = {
    zip64: chance(r, 0.2),
    comment: chance(r, 0.1) ? enc.encode(pick(r, ['hello', 'PK\x05\x06 inside', 'x'.repeat(2000)])) : new Uint8Array(0),
    prefix: chance(r, 0.05) ? enc.encode(pick(r, ['PK\x03\x04 prefix', 'MZ'.repeat(40)])) : new Uint8Array(0),
    descriptor: chance(r, 0.1),
  };
  if (opts.zip64) ops.push('zip64');
  if (opts.comment.length) ops.push('comment');
  if (opts.prefix.length) ops.push('prefix');
  if (opts.descriptor) ops.push('descriptor');
  const { bytes, layout } = buildZip(ms, opts);
  const out = Buffer.from(bytes);
  if (chance(r, 0.5)) {
    const fs = fields(layout);
    const n = chance(r, 0.8) ? 1 : 2;
    for (let k = 0; k < n; k++) ops.push(setField(out, pick(r, fs), r));
  }
  if (chance(r, 0.15) && layout.locals.length) {
    // damage one member's stored or deflated bytes
    const l = pick(r, layout.locals);
    if (l.dataLen > 0) {
      const at = l.dataAt + int(r, l.dataLen);
      out[at] ^= 1 << int(r, 8);
      ops.push(`payload@${at - l.dataAt}`);
    }
  }
  if (chance(r, 0.05)) return mutateRaw(new Uint8Array(out), r, ops, out.length);
  return new Uint8Array(out);
}

/** One mutant of a seed picked by `r`. */
export function mutant(seeds: Seed[], r: Rand): Mutant {
  const seed = pick(r, seeds);
  const ops: string[] = [];
  let bytes = seed.kind === 'npz' ? mutateNpz(seed, seeds, r, ops) : mutateNpy(seed.bytes, r, ops);
  if (seed.kind === 'npy' && chance(r, 0.25)) bytes = mutateNpy(bytes, r, ops);
  return { bytes, kind: seed.kind, seed: seed.name, ops };
}
