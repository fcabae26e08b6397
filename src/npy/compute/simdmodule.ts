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
const V128_LOAD = 0x00, V128_STORE = 0x0b, V128_CONST = 0x0c, F64X2_SPLAT = 0x14, F64X2_EQ = 0x47, F64X2_NE = 0x48;
const V128_AND = 0x4e, V128_OR = 0x50, V128_BITSELECT = 0x52, V128_ANY_TRUE = 0x53;
const I64X2_SHR_U = 0xcd, I64X2_ADD = 0xce, I64X2_SUB = 0xd1, I64X2_EQ = 0xd6;
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

/** v128.const of two equal i64 lanes (n < 2^53). */
const i64x2Const = (n: number): number[] => [...simd(V128_CONST), ...new Uint8Array(new BigUint64Array([BigInt(n), BigInt(n)]).buffer)];

// s's locals: params p, quads, k, o; then end (i32); then v128s
const P = 0, N = 1, KK = 2, O = 3, END = 4;
const KV = 5, SA = 6, SB = 7, QA = 8, QB = 9, MN = 10, MX = 11, C = 12;
const X = 13, Y = 14, MXV = 15, MYV = 16, DX = 17, DY = 18;
const V128_LOCALS = 14;

/**
 * The four counts share one pair of i64 lanes, 16 bits each (a lane counts at most 2 × quads ≤
 * 65535 values: s is called with a block's 256 quads at most): zeros from bit 0, NaN from 16, +inf from 32, −inf from 48. Fewer vectors live
 * through the loop: with one each, V8 ran out of registers and spilled them every turn.
 */
const FIELD = 16;

/** The class fields of a vector that has a non-finite value: each lane adds 1 to its field. */
const classes = (v: number): number[] => [
  ...get(v), ...get(v), ...simd(F64X2_NE), ...i64x2Const(2 ** FIELD), ...simd(V128_AND),
  ...get(v), ...f64x2Const(Infinity), ...simd(F64X2_EQ), ...i64x2Const(2 ** (2 * FIELD)), ...simd(V128_AND), ...simd(V128_OR),
  ...get(v), ...f64x2Const(-Infinity), ...simd(F64X2_EQ), ...i64x2Const(2 ** (3 * FIELD)), ...simd(V128_AND), ...simd(V128_OR),
];
/** finite ? v : k (k stands in for a non-finite value: a finite value of the block). */
const finiteOrK = (v: number): number[] => [
  ...get(v), ...get(KV), ...get(v), ...get(v), ...simd(F64X2_SUB), ...f64x2Const(0), ...simd(F64X2_EQ), ...simd(V128_BITSELECT),
];
/** One vector's deviation from k and its sums (into its own lanes). */
const sums = (m: number, d: number, sum: number, sq: number): number[] => [
  ...get(m), ...get(KV), ...simd(F64X2_SUB), ...tee(d),
  ...get(sum), ...simd(F64X2_ADD), ...set(sum),
  ...get(d), ...get(d), ...simd(F64X2_MUL), ...get(sq), ...simd(F64X2_ADD), ...set(sq),
];
const isZero = (v: number): number[] => [...get(v), ...f64x2Const(0), ...simd(F64X2_EQ)];
/** The exponent bits of a float64. */
const EXPONENT = 0x7ff0000000000000n;
const i64x2Big = (n: bigint): number[] => [...simd(V128_CONST), ...new Uint8Array(new BigUint64Array([n, n]).buffer)];
/**
 * Lanes whose exponent bits are all set (inf or NaN), by integer instructions: the float ones
 * (x − x == 0) compete with the sums for the same ports.
 */
const allOnes = (v: number): number[] => [...get(v), ...i64x2Big(EXPONENT), ...simd(V128_AND), ...i64x2Big(EXPONENT), ...simd(I64X2_EQ)];
/** Lanes that are ±0 (the bits without the sign are 0), by integer instructions. */
const bitsZero = (v: number): number[] => [...get(v), ...get(v), ...simd(I64X2_ADD), ...i64x2Const(0), ...simd(I64X2_EQ)];
/** A count field out of C, in the low word of each i64 lane. */
const field = (k: number): number[] => [
  ...get(C), ...(k ? [...i32(k * FIELD), ...simd(I64X2_SHR_U)] : []), ...i64x2Const(2 ** FIELD - 1), ...simd(V128_AND),
];

/** A function's body: its locals (count, type pairs) and code, with its size in front. */
const fnBody = (locals: number[], code: number[]): number[] => [...leb(locals.length + code.length), ...locals, ...code];

/** min and max of the two vectors' values (each lane keeps its first of equal values). */
const minMax = (x: number, y: number): number[] => [
  ...get(MN), ...get(x), ...get(y), ...simd(F64X2_PMIN), ...simd(F64X2_PMIN), ...set(MN),
  ...get(MX), ...get(x), ...get(y), ...simd(F64X2_PMAX), ...simd(F64X2_PMAX), ...set(MX),
];

/**
 * s(p, quads, k, o): the sums of whole turns (see simdfloat.ts). The inner loop takes turns
 * whose four values are finite (x − x is +0, all bits clear, for each) as they are, and leaves
 * at a turn with a non-finite value; that turn is done outside it (each non-finite value becomes
 * k and is counted in its class), then the inner loop goes on. With that turn inside the loop,
 * V8 kept the sums on the stack, not in registers, and a turn took three times as long.
 */
function sumBody(): number[] {
  const code = [
    ...get(P), ...get(N), ...i32(5), 0x74, 0x6a, ...set(END), // end = p + (quads << 5)
    ...get(KK), ...simd(F64X2_SPLAT), ...tee(KV), ...set(MN), ...get(KV), ...set(MX),
    0x02, 0x40, 0x03, 0x40, 0x02, 0x40, 0x03, 0x40, // block (done), loop (outer), block (slow), loop (inner)
    ...get(P), ...get(END), 0x4f, 0x0d, 3, // if p >= end: done
    ...get(P), ...simd(V128_LOAD), 3, 0, ...set(X),
    ...get(P), ...simd(V128_LOAD), 3, 16, ...set(Y),
    ...allOnes(X), ...allOnes(Y), ...simd(V128_OR), ...simd(V128_ANY_TRUE),
    0x0d, 1, // if some value is not finite: slow
    ...get(C), ...bitsZero(X), ...bitsZero(Y), ...simd(I64X2_ADD), ...simd(I64X2_SUB), ...set(C), // C -= maskX + maskY
    ...sums(X, DX, SA, QA),
    ...sums(Y, DY, SB, QB),
    ...minMax(X, Y),
    ...get(P), ...i32(32), 0x6a, ...set(P), // p += 32
    0x0c, 0, 0x0b, 0x0b, // br inner; end inner; end slow
    ...finiteOrK(X), ...set(MXV), ...finiteOrK(Y), ...set(MYV),
    ...get(C), ...isZero(X), ...isZero(Y), ...simd(I64X2_ADD), ...simd(I64X2_SUB),
    ...classes(X), ...classes(Y), ...simd(I64X2_ADD), ...simd(I64X2_ADD), ...set(C),
    ...sums(MXV, DX, SA, QA),
    ...sums(MYV, DY, SB, QB),
    ...minMax(MXV, MYV),
    ...get(P), ...i32(32), 0x6a, ...set(P), // p += 32
    0x0c, 0, 0x0b, 0x0b, // br outer; end outer; end done
  ];
  const out: number[][] = [get(SA), get(SB), get(QA), get(QB), get(MN), get(MX), field(1), field(2), field(3), field(0)];
  out.forEach((v, i) => code.push(...get(O), ...v, ...simd(V128_STORE), 3, ...leb(16 * i)));
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

