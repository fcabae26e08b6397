/**
 * A pickle reader that never runs anything. It interprets the opcodes of protocols 0–5 and
 * builds only plain values (pyobject.ts): None, bool, int, float, complex, str, bytes,
 * bytearray, list, tuple, dict, set, frozenset, and the NumPy objects np.save writes for object
 * arrays (numpy._core.multiarray._reconstruct + numpy.ndarray, numpy.dtype, ...scalar). Those
 * globals and the builtins that protocols 0–3 use to spell plain values (builtins.set,
 * builtins.complex, _codecs.encode, ...) are emulated here, checking their arguments; any other
 * global stops the read with an NpyError naming what it would have imported. Nothing is imported
 * or called, ever. Persistent ids, extension codes and out-of-band buffers are refused too.
 * Memo, object count, nesting and string sizes are bounded.
 * Reference: CPython's Modules/_pickle.c and Lib/pickletools.py (read, not copied).
 */
import { NpyError } from '../errors';
import { ByteSource } from '../io/source';
import { NdArrayObj, PyBytesObj, PyDictObj, PyListObj, PyObject, PySetObj, PyTupleObj, pyTypeOf } from './pyobject';
import { ALLOWED, build, call, corrupt, Global, makeSet, PY2_MODULES, refuse, setItems } from './pickleglobals';

export interface PickleLimits {
  /** Values created (containers' items counted). */
  maxObjects: number;
  /** Memo entries. */
  maxMemo: number;
  /** Bytes of one str/bytes. */
  maxString: number;
  /** Containers inside containers. */
  maxDepth: number;
}

export const DEFAULT_PICKLE_LIMITS: PickleLimits = {
  maxObjects: 20_000_000, maxMemo: 20_000_000, maxString: 256 * 1024 * 1024, maxDepth: 200,
};

class Mark {}
const MARK = new Mark();
type Item = PyObject | Global | Mark;

/** Chunked reads of a ByteSource; the fast path needs no await. */
class Input {
  private buf: Uint8Array = new Uint8Array(0);
  private dv: DataView = new DataView(new ArrayBuffer(0));
  private pos = 0;
  private base: number;
  constructor(private readonly src: ByteSource, start: number, private readonly end: number) { this.base = start; }

  get offset(): number { return this.base + this.pos; }

  has(n: number): boolean { return this.pos + n <= this.buf.length; }

  async need(n: number): Promise<void> {
    if (this.has(n)) return;
    const at = this.base + this.pos;
    if (at + n > this.end) corrupt(`it ends early (wanted ${n} more bytes at offset ${at})`);
    const len = Math.min(this.end - at, Math.max(n, 1 << 20));
    this.buf = await this.src.read(at, len);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.base = at;
    this.pos = 0;
  }

  byte(): number { return this.buf[this.pos++]; }
  bytes(n: number): Uint8Array { const b = this.buf.slice(this.pos, this.pos + n); this.pos += n; return b; }
  /** A DataView positioned so that offset 0 is the next byte; the caller reads n bytes of it. */
  view(n: number): { getUint8(o: number): number; getUint16(o: number, le: boolean): number; getInt32(o: number, le: boolean): number;
    getUint32(o: number, le: boolean): number; getFloat64(o: number, le: boolean): number; getBigUint64(o: number, le: boolean): bigint } {
    const at = this.pos;
    this.pos += n;
    const dv = this.dv;
    return {
      getUint8: (o) => dv.getUint8(at + o), getUint16: (o, le) => dv.getUint16(at + o, le), getInt32: (o, le) => dv.getInt32(at + o, le),
      getUint32: (o, le) => dv.getUint32(at + o, le), getFloat64: (o, le) => dv.getFloat64(at + o, le), getBigUint64: (o, le) => dv.getBigUint64(at + o, le),
    };
  }
  int32(): number { const v = this.dv.getInt32(this.pos, true); this.pos += 4; return v; }
  uint16(): number { const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  float64be(): number { const v = this.dv.getFloat64(this.pos, false); this.pos += 8; return v; }

  /** A protocol 0 line (without its '\n'), as latin-1 text. */
  async line(): Promise<string> {
    let out = '';
    for (;;) {
      if (!this.has(1)) await this.need(1);
      const c = this.byte();
      if (c === 0x0a) return out;
      out += String.fromCharCode(c);
      if (out.length > 1 << 20) corrupt('a text line longer than 1 MiB');
    }
  }
}

/** Reads one pickle from src[start, end). */
export async function unpickle(src: ByteSource, start: number, end: number, limits: PickleLimits = DEFAULT_PICKLE_LIMITS): Promise<PyObject> {
  return new Reader(new Input(src, start, end), limits).run();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

class Reader {
  private stack: Item[] = [];
  /** Memo: dense keys (what pickle writes) in an array, any others in a map. */
  private readonly memo: Item[] = [];
  private readonly sparseMemo = new Map<number, Item>();
  private memoCount = 0;
  private objects = 0;
  private proto = 0;

  constructor(private readonly input: Input, private readonly limits: PickleLimits) {}

  private count(n = 1): void {
    this.objects += n;
    if (this.objects > this.limits.maxObjects) refuse(`holds more than ${this.limits.maxObjects} values (the limit)`);
  }

  private push(v: Item): void {
    if (this.stack.length >= this.limits.maxObjects) refuse(`stacks up more than ${this.limits.maxObjects} values`);
    this.stack.push(v);
  }

  private pop(): Item {
    if (this.stack.length === 0) corrupt('the stack is empty where a value is needed');
    return this.stack.pop()!;
  }

  /** `asArgument`: numpy.ndarray may stand as a value here (the class _reconstruct is given). */
  private popValue(what: string, asArgument = false): PyObject {
    const v = this.pop();
    if (v instanceof Mark) corrupt(`a mark where ${what} is needed`);
    if (v instanceof Global) {
      if (asArgument && v.qual === 'numpy.ndarray') return v as unknown as PyObject;
      refuse(`uses ${v.qual} as a value, not as a call`);
    }
    return v;
  }

  private top(): Item {
    if (this.stack.length === 0) corrupt('the stack is empty');
    return this.stack[this.stack.length - 1];
  }

  /** The items after the last mark (removing them and the mark). */
  private popMark(asArgument = false): PyObject[] {
    let i = this.stack.length - 1;
    while (i >= 0 && !(this.stack[i] instanceof Mark)) i--;
    if (i < 0) corrupt('no mark on the stack');
    const items = this.stack.slice(i + 1);
    this.stack.length = i;
    for (const it of items) {
      if (it instanceof Global && !(asArgument && it.qual === 'numpy.ndarray')) refuse(`uses ${it.qual} as a value, not as a call`);
    }
    return items as PyObject[];
  }

  private async str(n: number, decode: 'utf8' | 'bytes'): Promise<string | Uint8Array> {
    if (n > this.limits.maxString) refuse(`holds a string of ${n} bytes, more than the limit of ${this.limits.maxString}`);
    await this.input.need(n);
    const b = this.input.bytes(n);
    this.count();
    if (decode === 'bytes') return b;
    try {
      return utf8.decode(b);
    } catch {
      // Python's 'surrogatepass' handler: pickle keeps lone surrogates as their UTF-8-like bytes
      return decodeSurrogatePass(b);
    }
  }

  private async u32(): Promise<number> { await this.input.need(4); return this.input.view(4).getUint32(0, true); }
  private async u64(): Promise<number> {
    await this.input.need(8);
    const n = this.input.view(8).getBigUint64(0, true);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) refuse(`declares a length of ${n} bytes`);
    return Number(n);
  }

  private memoPut(key: number): void {
    const v = this.top();
    const dense = key <= this.memo.length;
    const known = dense ? key < this.memo.length : this.sparseMemo.has(key);
    if (!known && ++this.memoCount > this.limits.maxMemo) refuse(`memoizes more than ${this.limits.maxMemo} values`);
    if (dense) this.memo[key] = v;
    else this.sparseMemo.set(key, v);
  }

  private memoGet(key: number): void {
    const v = key < this.memo.length ? this.memo[key] : this.sparseMemo.get(key);
    if (v === undefined) corrupt(`memo key ${key} was never stored`);
    this.push(v);
  }

  private global(module: string, name: string): Global {
    const mod = this.proto < 3 ? (PY2_MODULES[module] ?? module) : module;
    const g = new Global(mod, name);
    if (!ALLOWED.has(g.qual)) refuse(`would import ${g.qual}`);
    return g;
  }

  async run(): Promise<PyObject> {
    const inp = this.input;
    // Opcodes that build nothing (MARK/POP pairs, FRAME) still cost time: bounded too.
    const maxOps = this.limits.maxObjects * 4;
    for (let ops = 0; ; ops++) {
      if (ops > maxOps) refuse(`runs more than ${maxOps} opcodes`);
      if (!inp.has(16)) await inp.need(1);
      const op = inp.byte();
      switch (op) {
        case 0x80: { // PROTO
          await inp.need(1);
          this.proto = inp.byte();
          if (this.proto > 5) corrupt(`unsupported pickle protocol ${this.proto}`);
          break;
        }
        case 0x95: await this.u64(); break; // FRAME: a size hint only
        case 0x2e: { // STOP
          const v = this.popValue('the result');
          checkDepth(v, this.limits.maxDepth);
          return v;
        }
        case 0x28: this.stack.push(MARK); if (this.stack.length > this.limits.maxObjects) refuse('stacks up too many marks'); break;
        case 0x30: this.pop(); break; // POP
        case 0x31: this.popMark(); break; // POP_MARK
        case 0x32: this.push(this.top()); break; // DUP
        case 0x4e: this.push(null); this.count(); break; // NONE
        case 0x88: this.push(true); this.count(); break;
        case 0x89: this.push(false); this.count(); break;
        case 0x4b: await inp.need(1); this.push(BigInt(inp.byte())); this.count(); break; // BININT1
        case 0x4d: await inp.need(2); this.push(BigInt(inp.uint16())); this.count(); break; // BININT2
        case 0x4a: await inp.need(4); this.push(BigInt(inp.int32())); this.count(); break; // BININT
        case 0x8a: { await inp.need(1); const n = inp.byte(); await inp.need(n); this.push(longFrom(inp.bytes(n))); this.count(); break; } // LONG1
        case 0x8b: { const n = await this.u32(); if (n > 1 << 20) refuse(`holds an int of ${n} bytes`); await inp.need(n); this.push(longFrom(inp.bytes(n))); this.count(); break; }
        case 0x47: await inp.need(8); this.push(inp.float64be()); this.count(); break; // BINFLOAT
        case 0x49: this.push(intLine(await inp.line())); this.count(); break; // INT
        case 0x4c: this.push(longLine(await inp.line())); this.count(); break; // LONG
        case 0x46: this.push(floatLine(await inp.line())); this.count(); break; // FLOAT
        case 0x8c: { await inp.need(1); this.push(await this.str(inp.byte(), 'utf8') as string); break; } // SHORT_BINUNICODE
        case 0x58: this.push(await this.str(await this.u32(), 'utf8') as string); break; // BINUNICODE
        case 0x8d: this.push(await this.str(await this.u64(), 'utf8') as string); break; // BINUNICODE8
        case 0x56: this.push(rawUnicodeEscape(await inp.line())); this.count(); break; // UNICODE
        case 0x43: { await inp.need(1); this.push(new PyBytesObj(await this.str(inp.byte(), 'bytes') as Uint8Array, false)); break; } // SHORT_BINBYTES
        case 0x42: this.push(new PyBytesObj(await this.str(await this.u32(), 'bytes') as Uint8Array, false)); break; // BINBYTES
        case 0x8e: this.push(new PyBytesObj(await this.str(await this.u64(), 'bytes') as Uint8Array, false)); break; // BINBYTES8
        case 0x96: this.push(new PyBytesObj(await this.str(await this.u64(), 'bytes') as Uint8Array, true)); break; // BYTEARRAY8
        // Python 2 str: np.load decodes it as ASCII (its default encoding)
        case 0x55: { await inp.need(1); this.push(ascii(await this.str(inp.byte(), 'bytes') as Uint8Array)); break; } // SHORT_BINSTRING
        case 0x54: { await inp.need(4); const n = inp.view(4).getInt32(0, true); if (n < 0) corrupt('a negative string length'); this.push(ascii(await this.str(n, 'bytes') as Uint8Array)); break; }
        case 0x53: this.push(ascii(escapeDecode(await inp.line()))); this.count(); break; // STRING
        case 0x29: this.push(new PyTupleObj([])); this.count(); break; // EMPTY_TUPLE
        case 0x85: case 0x86: case 0x87: { // TUPLE1..3
          const n = op - 0x84;
          const items: PyObject[] = [];
          for (let i = 0; i < n; i++) items.unshift(this.popValue('a tuple item', true));
          this.push(new PyTupleObj(items));
          this.count();
          break;
        }
        case 0x74: this.push(new PyTupleObj(this.popMark(true))); this.count(); break; // TUPLE
        case 0x5d: this.push(new PyListObj([])); this.count(); break; // EMPTY_LIST
        case 0x6c: this.push(new PyListObj(this.popMark())); this.count(); break; // LIST
        case 0x7d: this.push(new PyDictObj([])); this.count(); break; // EMPTY_DICT
        case 0x64: { const d = new PyDictObj([]); setItems(d, this.popMark()); this.push(d); this.count(); break; } // DICT
        case 0x8f: this.push(new PySetObj([], false)); this.count(); break; // EMPTY_SET
        case 0x91: this.push(makeSet(this.popMark(), true)); this.count(); break; // FROZENSET
        case 0x61: { const v = this.popValue('an item'); this.listOf('APPEND').items.push(v); break; } // APPEND
        case 0x65: { const items = this.popMark(); this.listOf('APPENDS').items.push(...items); break; }
        case 0x73: { const v = this.popValue('a value'); const k = this.popValue('a key'); setItems(this.dictOf('SETITEM'), [k, v]); break; }
        case 0x75: { const items = this.popMark(); setItems(this.dictOf('SETITEMS'), items); break; }
        case 0x90: { // ADDITEMS
          const items = this.popMark();
          const s = this.top();
          if (!(s instanceof PySetObj) || s.frozen) refuse(`adds items to a ${describe(s)} (only sets are built here)`);
          const merged = makeSet([...s.items, ...items], false);
          s.items.length = 0;
          s.items.push(...merged.items);
          break;
        }
        case 0x70: this.memoPut(decimal(await inp.line(), 'PUT')); break; // PUT
        case 0x71: await inp.need(1); this.memoPut(inp.byte()); break; // BINPUT
        case 0x72: this.memoPut(await this.u32()); break; // LONG_BINPUT
        case 0x94: this.memoPut(this.memoCount); break; // MEMOIZE: the next key is len(memo)
        case 0x67: this.memoGet(decimal(await inp.line(), 'GET')); break;
        case 0x68: await inp.need(1); this.memoGet(inp.byte()); break;
        case 0x6a: this.memoGet(await this.u32()); break;
        case 0x63: { const module = await inp.line(); const name = await inp.line(); this.push(this.global(module, name)); break; } // GLOBAL
        case 0x93: { // STACK_GLOBAL
          const name = this.popValue('a global name');
          const module = this.popValue('a module name');
          if (typeof module !== 'string' || typeof name !== 'string') corrupt('STACK_GLOBAL needs two strings');
          this.push(this.global(module, name));
          break;
        }
        case 0x52: { // REDUCE
          const args = this.popValue('the arguments of a call');
          const f = this.pop();
          if (!(f instanceof Global)) refuse(`calls a ${describe(f)}`);
          if (!(args instanceof PyTupleObj)) corrupt(`the arguments of ${f.qual} are not a tuple`);
          this.push(call(f, args.items));
          this.count();
          break;
        }
        case 0x62: { // BUILD
          const state = this.popValue('a state');
          build(this.top(), state);
          break;
        }
        case 0x69: { // INST: import a class and call it
          const module = await inp.line();
          const name = await inp.line();
          this.global(module, name);
          return refuse(`would create an instance of ${module}.${name} (INST)`);
        }
        case 0x6f: { // OBJ: call the class below the mark
          const i = this.stack.lastIndexOf(MARK);
          const cls = i >= 0 ? this.stack[i + 1] : undefined;
          return refuse(`would create an instance of ${cls ? describe(cls) : 'a class'} (OBJ)`);
        }
        case 0x81: case 0x92: { // NEWOBJ, NEWOBJ_EX
          if (op === 0x92) this.pop();
          this.pop();
          const cls = this.pop();
          return refuse(`would create an instance of ${describe(cls)} (${op === 0x81 ? 'NEWOBJ' : 'NEWOBJ_EX'})`);
        }
        case 0x50: case 0x51: return refuse('refers to a persistent id (PERSID), which would need code to resolve');
        case 0x82: case 0x83: case 0x84: {
          const n = op === 0x82 ? 1 : op === 0x83 ? 2 : 4;
          await inp.need(n);
          const v = inp.view(n);
          const code = n === 1 ? v.getUint8(0) : n === 2 ? v.getUint16(0, true) : v.getInt32(0, true);
          return refuse(`refers to extension code ${code} (EXT${n}), which would import a registered global`);
        }
        case 0x98: { // READONLY_BUFFER: in-band bytes stay what they are
          const b = this.top();
          if (!(b instanceof PyBytesObj)) corrupt('READONLY_BUFFER on something that is not a buffer');
          break;
        }
        case 0x97: return refuse('refers to out-of-band buffers (protocol 5 NEXT_BUFFER), which np.save never writes');
        default: return corrupt(`unknown opcode 0x${op.toString(16).padStart(2, '0')} at offset ${inp.offset - 1}`);
      }
    }
  }

  private listOf(op: string): PyListObj {
    const l = this.top();
    if (!(l instanceof PyListObj)) refuse(`${op} on a ${describe(l)} would call its append method`);
    this.count();
    return l;
  }

  private dictOf(op: string): PyDictObj {
    const d = this.top();
    if (!(d instanceof PyDictObj)) refuse(`${op} on a ${describe(d)} would call its __setitem__`);
    return d;
  }
}

function describe(v: Item): string {
  if (v instanceof Global) return v.qual;
  if (v instanceof Mark) return 'mark';
  return pyTypeOf(v);
}

// ---------------------------------------------------------------- values

function longFrom(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]);
  if (b.length && b[b.length - 1] & 0x80) n -= 1n << BigInt(8 * b.length);
  return n;
}

function intLine(s: string): PyObject {
  if (s === '00') return false;
  if (s === '01') return true;
  if (!/^[+-]?\d+$/.test(s.trim())) corrupt(`INT ${JSON.stringify(s)}`);
  return BigInt(s.trim());
}

function longLine(s: string): bigint {
  const t = s.trim().replace(/L$/, '');
  if (!/^[+-]?\d+$/.test(t)) corrupt(`LONG ${JSON.stringify(s)}`);
  return BigInt(t);
}

function floatLine(s: string): number {
  const t = s.trim();
  const special: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, '+inf': Infinity };
  if (t.toLowerCase() in special) return special[t.toLowerCase()];
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) corrupt(`FLOAT ${JSON.stringify(s)}`);
  return Number(t);
}

function decimal(s: string, what: string): number {
  if (!/^\d+$/.test(s)) corrupt(`${what} ${JSON.stringify(s)}`);
  return Number(s);
}

function ascii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    if (b[i] > 0x7f) {
      throw new NpyError('format', `UnicodeDecodeError: 'ascii' codec can't decode byte 0x${b[i].toString(16)} in position ${i}: ordinal not in range(128) ` +
        '(a Python 2 str in the pickle; np.load needs encoding=... for it)');
    }
    s += String.fromCharCode(b[i]);
  }
  return s;
}

/** Python's codecs.escape_decode of a protocol 0 STRING literal ('...' or "..."). */
function escapeDecode(line: string): Uint8Array {
  const q = line[0];
  if (line.length < 2 || (q !== "'" && q !== '"') || line[line.length - 1] !== q) corrupt('the STRING opcode argument must be quoted');
  const s = line.slice(1, -1);
  const out: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34 };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') { out.push(s.charCodeAt(i) & 0xff); continue; }
    const e = s[++i];
    if (e in simple) out.push(simple[e]);
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) { out.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; }
    else if (/[0-7]/.test(e)) {
      let j = i;
      while (j < i + 3 && /[0-7]/.test(s[j] ?? '')) j++;
      out.push(parseInt(s.slice(i, j), 8) & 0xff);
      i = j - 1;
    } else if (e === '\n') { /* line continuation */ } else { out.push(92); if (e !== undefined) out.push(s.charCodeAt(i) & 0xff); }
  }
  return Uint8Array.from(out);
}

/** Python's raw-unicode-escape (protocol 0 UNICODE): \uXXXX and \UXXXXXXXX, everything else latin-1. */
function rawUnicodeEscape(line: string): string {
  return line.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, a: string | undefined, b: string | undefined) => {
    const cp = parseInt((a ?? b)!, 16);
    if (cp > 0x10ffff) corrupt('a \\U escape past U+10FFFF');
    return cp >= 0xd800 && cp < 0xe000 ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  });
}

/** UTF-8 with encoded surrogates allowed (pickle writes str with 'surrogatepass'). */
function decodeSurrogatePass(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c === 0xed && i + 2 < b.length && (b[i + 1] & 0xe0) === 0xa0) {
      s += String.fromCharCode(((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f));
      i += 3;
      continue;
    }
    let j = i + 1;
    while (j < b.length && !(b[j] === 0xed && j + 1 < b.length && (b[j + 1] & 0xe0) === 0xa0)) j++;
    try {
      s += utf8.decode(b.subarray(i, j));
    } catch {
      corrupt('a str that is not UTF-8');
    }
    i = j;
  }
  return s;
}

/** Refuses object graphs nested deeper than `max` (their str() would recurse that deep). */
function checkDepth(root: PyObject, max: number): void {
  const children = (v: PyObject): PyObject[] => {
    if (v instanceof PyListObj || v instanceof PyTupleObj || v instanceof PySetObj) return v.items;
    if (v instanceof PyDictObj) return v.entries.flat();
    if (v instanceof NdArrayObj && Array.isArray(v.data)) return v.data;
    return [];
  };
  // Iterative DFS; a value on the current path is a cycle (printed as '...'), not deeper nesting.
  const onPath = new Set<PyObject>();
  const done = new Set<PyObject>();
  const stack: { v: PyObject; i: number; kids: PyObject[] }[] = [{ v: root, i: 0, kids: children(root) }];
  onPath.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.i >= top.kids.length) {
      stack.pop();
      onPath.delete(top.v);
      done.add(top.v);
      continue;
    }
    const k = top.kids[top.i++];
    if ((k as unknown) instanceof Global) refuse('holds the class numpy.ndarray as a value');
    if (k === null || typeof k !== 'object' || onPath.has(k) || done.has(k)) continue;
    const kids = children(k);
    if (kids.length === 0) continue;
    if (stack.length >= max) refuse(`nests containers more than ${max} deep`);
    onPath.add(k);
    stack.push({ v: k, i: 0, kids });
  }
}
