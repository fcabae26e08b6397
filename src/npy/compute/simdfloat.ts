/**
 * The float64 loop of statistics in WebAssembly SIMD (two values per instruction, four a turn, no
 * branch for the common all-finite turn): statskernel's `floats` hands it one block at a time and
 * does the rest itself (the block's shift K, the last values of a block that are not a whole
 * turn, the position of a new min/max, Chan's merge, overflow), so its answer is bit for bit the
 * JavaScript loop's: the same four running sums (place 4j + r of the block goes to sum r), added
 * in the same order, a non-finite value adding +0 (x + 0 is x: no sum here is ever −0).
 *
 * The loop reads the values where they are, in the module's memory: `SimdFloats.buffers` hands
 * out chunk buffers that are slots of that memory, so a pass reads the file straight into it (no
 * copy). Values elsewhere (a buffer from another source, another byte order) take the JavaScript
 * loop. Where WebAssembly SIMD is missing (very old engines), `simdFloats` returns null.
 *
 * The module is written here as bytes (about 500; no toolchain). Its one function `s(p, quads, k)`
 * reads `quads` × 4 float64 from byte `p` and stores at byte 0, as pairs of lanes: Σd of places
 * 4j, 4j+1 then 4j+2, 4j+3; Σd² the same (d = x − k, 0 for a non-finite x); the min and the max
 * of the finite values (k stands in for a non-finite one: k is a finite value of the block), as
 * float64; then the counts of NaN, +inf, −inf and zeros as int64 (see SimdFloats.counts).
 */
import { ChunkBuffers } from './scan';


/** Bytes before the first slot (the output area, then scratch room; page aligned). */
const HEAD = 65536;
const SCRATCH = 1024;
const PAGE = 65536;

export interface SimdFloats {
  /** The block sums of `quads` × 4 values from byte `p` of the memory (see the module comment). */
  sum(p: number, quads: number, k: number): void;
  /** The sums, min and max: Σd places 4j+0..3 at [0..3], Σd² at [4..7], min [8, 9], max [10, 11]. */
  out: Float64Array;
  /** The counts (low words of int64 lanes): NaN [24, 26], +inf [28, 30], −inf [32, 34], zeros [36, 38]. */
  counts: Int32Array;
  /** The module's memory: values in it (8-byte aligned) can go through `sum`. */
  memory: ArrayBuffer;
  /** Room for values in the memory besides the slots (statskernel warms its loop there). */
  scratch: Float64Array;
  /** Chunk buffers in the memory, for scanView. */
  buffers: ChunkBuffers;
}

// ---------------------------------------------------------------- the module's bytes

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const simd = (op: number): number[] => [0xfd, ...leb(op)];
const f64x2Const = (x: number): number[] => [...simd(0x0c), ...new Uint8Array(new Float64Array([x, x]).buffer)];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];

// opcodes (SIMD ones after the 0xfd prefix)
const V128_LOAD = 0x00, V128_STORE = 0x0b, F64X2_SPLAT = 0x14, F64X2_EQ = 0x47, F64X2_NE = 0x48;
const V128_AND = 0x4e, V128_BITSELECT = 0x52, I64X2_ALL_TRUE = 0xc3, I64X2_ADD = 0xce, I64X2_SUB = 0xd1;
const F64X2_ADD = 0xf0, F64X2_SUB = 0xf1, F64X2_MUL = 0xf2, F64X2_PMIN = 0xf6, F64X2_PMAX = 0xf7;

// locals: params p, quads, k; then end (i32); then v128s
const P = 0, N = 1, KK = 2, END = 3;
const KV = 4, SA = 5, SB = 6, QA = 7, QB = 8, MN = 9, MX = 10, NA = 11, PI = 12, NI = 13, Z = 14;
const X = 15, Y = 16, FX = 17, FY = 18, MXV = 19, MYV = 20, DX = 21, DY = 22;
const V128_LOCALS = 19;

/** `acc -= maskX + maskY`: counts the lanes where a mask is set (all ones is −1 in an i64 lane). */
const count = (mask: (v: number) => number[], acc: number): number[] =>
  [...get(acc), ...mask(X), ...mask(Y), ...simd(I64X2_ADD), ...simd(I64X2_SUB), ...set(acc)];
const eqConst = (c: number) => (v: number) => [...get(v), ...f64x2Const(c), ...simd(F64X2_EQ)];

/** One vector's part of a turn: finite mask, masked value, deviation, sums (into its own lanes). */
const lane = (x: number, fin: number, m: number, d: number, sum: number, sq: number, offset: number): number[] => [
  ...get(P), ...simd(V128_LOAD), 3, offset, ...tee(x),
  ...get(x), ...simd(F64X2_SUB), ...f64x2Const(0), ...simd(F64X2_EQ), ...set(fin), // x - x == 0
  ...get(x), ...get(KV), ...get(fin), ...simd(V128_BITSELECT), ...tee(m), // finite ? x : k
  ...get(KV), ...simd(F64X2_SUB), ...tee(d),
  ...get(sum), ...simd(F64X2_ADD), ...set(sum),
  ...get(d), ...get(d), ...simd(F64X2_MUL), ...get(sq), ...simd(F64X2_ADD), ...set(sq),
];

function body(): number[] {
  const code = [
    ...get(P), ...get(N), 0x41, 5, 0x74, 0x6a, ...set(END), // end = p + (quads << 5)
    ...get(KK), ...simd(F64X2_SPLAT), ...tee(KV), ...set(MN), ...get(KV), ...set(MX),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(P), ...get(END), 0x4f, 0x0d, 1, // if p >= end: break
    ...lane(X, FX, MXV, DX, SA, QA, 0),
    ...lane(Y, FY, MYV, DY, SB, QB, 16),
    ...get(MN), ...get(MXV), ...get(MYV), ...simd(F64X2_PMIN), ...simd(F64X2_PMIN), ...set(MN),
    ...get(MX), ...get(MXV), ...get(MYV), ...simd(F64X2_PMAX), ...simd(F64X2_PMAX), ...set(MX),
    ...get(FX), ...get(FY), ...simd(V128_AND), ...simd(I64X2_ALL_TRUE), 0x45, 0x04, 0x40, // if some value is not finite
    ...count((v) => [...get(v), ...get(v), ...simd(F64X2_NE)], NA),
    ...count(eqConst(Infinity), PI),
    ...count(eqConst(-Infinity), NI),
    0x0b,
    ...count(eqConst(0), Z),
    ...get(P), 0x41, 32, 0x6a, ...set(P), // p += 32
    0x0c, 0, 0x0b, 0x0b, // br loop; end loop; end block
  ];
  [SA, SB, QA, QB, MN, MX, NA, PI, NI, Z].forEach((v, i) => code.push(0x41, 0, ...get(v), ...simd(V128_STORE), 3, ...leb(16 * i)));
  code.push(0x0b);
  const locals = [2, 1, 0x7f, V128_LOCALS, 0x7b]; // 1 i32, the v128s
  return [...leb(locals.length + code.length), ...locals, ...code];
}

function moduleBytes(): Uint8Array {
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 3, 0x7f, 0x7f, 0x7c, 0]), // (i32, i32, f64) -> ()
    ...section(2, [1, ...name('e'), ...name('m'), 0x02, 0x00, 1]), // imported memory, min 1 page
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('s'), 0x00, 0]),
    ...section(10, [1, ...body()]),
  ]);
}

/** The little of the WebAssembly API used here (the project's lib settings do not declare it). */
interface WasmModule { readonly kind?: 'module' }
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
};

let compiled: WasmModule | null | undefined;

function module(): WasmModule | null {
  if (compiled === undefined) {
    try {
      const bytes = moduleBytes();
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Chunk buffers that are `slots` slots of `slotBytes` in the module's memory (a buffer asked
 * for while every slot is taken, or bigger than a slot, is an ordinary one).
 */
class SlotBuffers extends ChunkBuffers {
  private readonly slotsFree: number[] = [];

  constructor(private readonly memory: ArrayBuffer, private readonly slotBytes: number, slots: number) {
    super();
    for (let i = slots - 1; i >= 0; i--) this.slotsFree.push(HEAD + i * slotBytes);
  }

  override take(bytes: number, capacity = bytes): Uint8Array {
    const at = Math.max(bytes, capacity) <= this.slotBytes ? this.slotsFree.pop() : undefined;
    return at === undefined ? super.take(bytes, capacity) : new Uint8Array(this.memory, at, bytes);
  }

  override give(view: ArrayBufferView | ArrayBuffer): void {
    if (view instanceof ArrayBuffer || view.buffer !== this.memory) { super.give(view); return; }
    const at = HEAD + Math.floor((view.byteOffset - HEAD) / this.slotBytes) * this.slotBytes;
    if (!this.slotsFree.includes(at)) this.slotsFree.push(at);
  }
}

/**
 * A SIMD loop with its own memory of `slots` chunk buffers of `slotBytes` each (one pass's worth:
 * the chunk being summed and those being read), or null where WebAssembly SIMD is not available.
 */
export function simdFloats(slotBytes: number, slots: number): SimdFloats | null {
  const mod = module();
  if (!mod) return null;
  const slot = Math.ceil(slotBytes / 16) * 16;
  const mem = new WebAssembly.Memory({ initial: Math.ceil((HEAD + slot * slots) / PAGE) });
  const inst = new WebAssembly.Instance(mod, { e: { m: mem } });
  const memory = mem.buffer;
  return {
    sum: inst.exports.s as (p: number, quads: number, k: number) => void,
    out: new Float64Array(memory, 0, 12),
    counts: new Int32Array(memory, 0, 40),
    memory,
    scratch: new Float64Array(memory, SCRATCH, (HEAD - SCRATCH) / 8),
    buffers: new SlotBuffers(memory, slot, slots),
  };
}
