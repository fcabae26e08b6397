/**
 * The bytes of simdfloat.ts's WebAssembly module, written out instruction by instruction (no
 * toolchain): what each function does is described there. simdfloat.ts keeps these bytes as a
 * constant (building them costs several ms of cold code at start-up); a unit test checks that
 * the constant is what moduleBytes() writes. Change the module here, then paste the new
 * `Buffer.from(moduleBytes()).toString('base64')` there.
 */

import { RESULT, SIMD_BLOCK } from './simdfloat';

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

/** i32.const n (signed LEB128). */
const i32 = (n: number): number[] => {
  const out = [0x41];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
};

// s's locals: params p, quads, k, o; then end (i32); then v128s
const P = 0, N = 1, KK = 2, O = 3, END = 4;
const KV = 5, SA = 6, SB = 7, QA = 8, QB = 9, MN = 10, MX = 11, NA = 12, PI = 13, NI = 14, Z = 15;
const X = 16, Y = 17, FX = 18, FY = 19, MXV = 20, MYV = 21, DX = 22, DY = 23;
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

/** A function's body: its locals (count, type pairs) and code, with its size in front. */
const fnBody = (locals: number[], code: number[]): number[] => [...leb(locals.length + code.length), ...locals, ...code];

/** s(p, quads, k, o): the sums of whole turns (see the module comment). */
function sumBody(): number[] {
  const code = [
    ...get(P), ...get(N), ...i32(5), 0x74, 0x6a, ...set(END), // end = p + (quads << 5)
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
    ...get(P), ...i32(32), 0x6a, ...set(P), // p += 32
    0x0c, 0, 0x0b, 0x0b, // br loop; end loop; end block
  ];
  [SA, SB, QA, QB, MN, MX, NA, PI, NI, Z].forEach((v, i) => code.push(...get(O), ...get(v), ...simd(V128_STORE), 3, ...leb(16 * i)));
  code.push(0x0b);
  return fnBody([2, 1, 0x7f, V128_LOCALS, 0x7b], code); // 1 i32, the v128s
}

/** b(p, blocks, o): whole blocks, each its k then s (see the module comment). */
function blocksBody(): number[] {
  const BP = 0, BN = 1, BO = 2, Q = 3, BEND = 4, K = 5, XF = 6; // params p, blocks, o; i32 q, end; f64 k, x
  const BYTES = SIMD_BLOCK * 8;
  const code = [
    0x02, 0x40, 0x03, 0x40, // block, loop (over blocks)
    ...get(BN), 0x45, 0x0d, 1, // if blocks == 0: break
    0x44, 0, 0, 0, 0, 0, 0, 0, 0, ...set(K), // k = 0
    ...get(BP), ...set(Q),
    ...get(BP), ...i32(BYTES), 0x6a, ...set(BEND),
    0x02, 0x40, 0x03, 0x40, // block, loop (k: the first finite value)
    ...get(Q), ...get(BEND), 0x4f, 0x0d, 1, // if q >= end: break
    ...get(Q), 0x2b, 3, 0, ...tee(XF), ...get(XF), 0xa1, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x61, // x - x == 0
    0x04, 0x40, ...get(XF), ...set(K), 0x0c, 2, 0x0b, // if: k = x, break
    ...get(Q), ...i32(8), 0x6a, ...set(Q),
    0x0c, 0, 0x0b, 0x0b,
    ...get(BP), ...i32(SIMD_BLOCK / 4), ...get(K), ...get(BO), 0x10, 0, // s(p, BLOCK / 4, k, o)
    ...get(BO), ...get(K), 0x39, 3, ...leb(160), // k after s's results
    ...get(BP), ...i32(BYTES), 0x6a, ...set(BP),
    ...get(BO), ...i32(RESULT), 0x6a, ...set(BO),
    ...get(BN), ...i32(1), 0x6b, ...set(BN),
    0x0c, 0, 0x0b, 0x0b, // br loop; end loop; end block
    0x0b,
  ];
  return fnBody([2, 2, 0x7f, 2, 0x7c], code);
}

export function moduleBytes(): Uint8Array {
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 4, 0x7f, 0x7f, 0x7c, 0x7f, 0, 0x60, 3, 0x7f, 0x7f, 0x7f, 0]), // (i32, i32, f64, i32) -> (), (i32, i32, i32) -> ()
    ...section(2, [1, ...name('e'), ...name('m'), 0x02, 0x00, 1]), // imported memory, min 1 page
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name('s'), 0x00, 0, ...name('b'), 0x00, 1]),
    ...section(10, [2, ...sumBody(), ...blocksBody()]),
  ]);
}

