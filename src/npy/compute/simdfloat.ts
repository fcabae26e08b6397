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
 * The module (its bytes built by simdmodule.ts, kept here as they come out) has two functions.
 * `s(p, quads, k, o)` reads `quads` × 4 float64 from byte `p` and stores at byte `o`, as pairs
 * of lanes: Σd of places 4j, 4j+1 then 4j+2, 4j+3; Σd² the same (d = x − k, 0 for a non-finite
 * x); the min and the max of the finite values (k stands in for a non-finite one: k is a finite
 * value of the block), as float64; then the counts of NaN, +inf, −inf and zeros as int64 (see
 * SimdFloats.counts). `b(p, blocks, o)` does whole blocks of SIMD_BLOCK values one after the
 * other: the block's k (its first finite value, else 0, as statskernel finds it), `s` of its
 * turns, and k after them, RESULT bytes a block from `o`. One call per chunk instead of one per
 * block: the calls and statskernel's search for k cost about a third as much as the loop itself.
 */
import { ChunkBuffers } from './scan';

/** Values a block of statskernel's `floats` (its BLOCK): the block loop `b` does blocks of this size. */
export const SIMD_BLOCK = 1024;
/** Bytes of one block's results: s's 160, then k (at byte 160), padded to a multiple of 16. */
export const RESULT = 192;
/** Where the block loop's results start (s's own results, for a partial block, are at 0). */
const RESULTS_AT = 256;
/** Scratch room for values besides the slots (statskernel warms its loop there: ~3 blocks). */
const SCRATCH_BYTES = 32 * 1024;
const PAGE = 65536;

export interface SimdFloats {
  /** The block sums of `quads` × 4 values from byte `p` of the memory, stored from byte `o` (see the module comment). */
  sum(p: number, quads: number, k: number, o: number): void;
  /** `s` of `blocks` whole blocks (SIMD_BLOCK values each) from byte `p`, block j's results at `first` + 24j in `out`. */
  blocks(p: number, blocks: number): void;
  /** The most blocks one `blocks` call can take (its results' room). */
  room: number;
  /** Index in `out` of the first block's results of `blocks` (its k is at + 20). */
  first: number;
  /** The sums, min and max from byte o = 8i: Σd places 4j+0..3 at [i..i+3], Σd² at [i+4..i+7], min [i+8, i+9], max [i+10, i+11]. */
  out: Float64Array;
  /** The counts (low words of int64 lanes) from byte o = 4i: NaN [i+24, i+26], +inf [i+28, i+30], −inf [i+32, i+34], zeros [i+36, i+38]. */
  counts: Int32Array;
  /** The module's memory: values in it (8-byte aligned) can go through `sum`. */
  memory: ArrayBuffer;
  /** Room for values in the memory besides the slots (statskernel warms its loop there). */
  scratch: Float64Array;
  /** Chunk buffers in the memory, for scanView. */
  buffers: ChunkBuffers;
}

// ---------------------------------------------------------------- the module

/**
 * The module's bytes, as simdmodule.ts writes them (a unit test checks they are the same):
 * building them at run time cost several ms of cold code at every start.
 */
export const MODULE_BASE64 = [
  'AGFzbQEAAAABDgJgBH9/fH8AYAN/f38AAggBAWUBbQIAAQMDAgABBwkCAXMAAAFiAAEKxAgCtgcCAX8OeyAAIAFBBXRqIQQg',
  'Av0UIgUhCiAFIQsCQANAAkADQCAAIARPDQMgAP0AAwAhDSAA/QADECEOIA39DAAAAAAAAPB/AAAAAAAA8H/9Tv0MAAAAAAAA',
  '8H8AAAAAAADwf/3WASAO/QwAAAAAAADwfwAAAAAAAPB//U79DAAAAAAAAPB/AAAAAAAA8H/91gH9UP1TDQEgDCANIA39zgH9',
  'DAAAAAAAAAAAAAAAAAAAAAD91gEgDiAO/c4B/QwAAAAAAAAAAAAAAAAAAAAA/dYB/c4B/dEBIQwgDSAF/fEBIhEgBv3wASEG',
  'IBEgEf3yASAI/fABIQggDiAF/fEBIhIgB/3wASEHIBIgEv3yASAJ/fABIQkgCiANIA799gH99gEhCiALIA0gDv33Af33ASEL',
  'IABBIGohAAwACwsgDSAFIA0gDf3xAf0MAAAAAAAAAAAAAAAAAAAAAP1H/VIhDyAOIAUgDiAO/fEB/QwAAAAAAAAAAAAAAAAA',
  'AAAA/Uf9UiEQIAwgDf0MAAAAAAAAAAAAAAAAAAAAAP1HIA79DAAAAAAAAAAAAAAAAAAAAAD9R/3OAf3RASANIA39SP0MAAAB',
  'AAAAAAAAAAEAAAAAAP1OIA39DAAAAAAAAPB/AAAAAAAA8H/9R/0MAAAAAAEAAAAAAAAAAQAAAP1O/VAgDf0MAAAAAAAA8P8A',
  'AAAAAADw//1H/QwAAAAAAAABAAAAAAAAAAEA/U79UCAOIA79SP0MAAABAAAAAAAAAAEAAAAAAP1OIA79DAAAAAAAAPB/AAAA',
  'AAAA8H/9R/0MAAAAAAEAAAAAAAAAAQAAAP1O/VAgDv0MAAAAAAAA8P8AAAAAAADw//1H/QwAAAAAAAABAAAAAAAAAAEA/U79',
  'UP3OAf3OASEMIA8gBf3xASIRIAb98AEhBiARIBH98gEgCP3wASEIIBAgBf3xASISIAf98AEhByASIBL98gEgCf3wASEJIAog',
  'DyAQ/fYB/fYBIQogCyAPIBD99wH99wEhCyAAQSBqIQAMAAsLIAMgBv0LAwAgAyAH/QsDECADIAj9CwMgIAMgCf0LAzAgAyAK',
  '/QsDQCADIAv9CwNQIAMgDEEQ/c0B/Qz//wAAAAAAAP//AAAAAAAA/U79CwNgIAMgDEEg/c0B/Qz//wAAAAAAAP//AAAAAAAA',
  '/U79CwNwIAMgDEEw/c0B/Qz//wAAAAAAAP//AAAAAAAA/U79CwOAASADIAz9DP//AAAAAAAA//8AAAAAAAD9Tv0LA5ABC4kB',
  'AgJ/AnwCQANAIAFFDQFEAAAAAAAAAAAhBSAAIQMgAEGAwABqIQQCQANAIAMgBE8NASADKwMAIgYgBqFEAAAAAAAAAABhBEAg',
  'BiEFDAILIANBCGohAwwACwsgAEGAAiAFIAIQACACIAU5A6ABIABBgMAAaiEAIAJBwAFqIQIgAUEBayEBDAALCws=',
].join('');

/** The little of the WebAssembly API used here (the project's lib settings do not declare it). */
export interface WasmModule { readonly kind?: 'module' }
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
      // An engine without SIMD refuses the module (CompileError): no SIMD, the JavaScript loop.
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(Buffer.from(MODULE_BASE64, 'base64')) : null;
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

  constructor(private readonly memory: ArrayBuffer, private readonly head: number, private readonly slotBytes: number, slots: number) {
    super();
    for (let i = slots - 1; i >= 0; i--) this.slotsFree.push(head + i * slotBytes);
  }

  override take(bytes: number, capacity = bytes): Uint8Array {
    const at = Math.max(bytes, capacity) <= this.slotBytes ? this.slotsFree.pop() : undefined;
    return at === undefined ? super.take(bytes, capacity) : new Uint8Array(this.memory, at, bytes);
  }

  override give(view: ArrayBufferView | ArrayBuffer): void {
    if (view instanceof ArrayBuffer || view.buffer !== this.memory) { super.give(view); return; }
    const at = this.head + Math.floor((view.byteOffset - this.head) / this.slotBytes) * this.slotBytes;
    if (!this.slotsFree.includes(at)) this.slotsFree.push(at);
  }
}

/** Where things are in the module's memory (simdInstance takes them as an argument). */
export const SIMD_LAYOUT = { block: SIMD_BLOCK, result: RESULT, resultsAt: RESULTS_AT, scratchBytes: SCRATCH_BYTES, page: PAGE };

/** The loops over one memory, and where its `slots` slots of `slot` bytes start (`head`). */
export interface SimdInstance extends Omit<SimdFloats, 'buffers'> { head: number; slot: number }

/**
 * Instantiates the compiled module with a memory for `slots` slots of `slotBytes`: s's results
 * at 0, the block loop's from resultsAt (room for a slot's blocks), the scratch room, then the
 * slots from a page boundary. Self-contained (the layout comes in as an argument), so that
 * worker threads run it from its source text (statsfile.ts), with the module posted to them.
 */
export function simdInstance(mod: WasmModule, slotBytes: number, slots: number, layout: typeof SIMD_LAYOUT): SimdInstance {
  const slot = Math.ceil(slotBytes / 16) * 16;
  const room = Math.max(8, Math.ceil(slot / (layout.block * 8)));
  const scratchAt = layout.resultsAt + room * layout.result;
  const head = Math.ceil((scratchAt + layout.scratchBytes) / layout.page) * layout.page;
  const mem = new WebAssembly.Memory({ initial: Math.ceil((head + slot * slots) / layout.page) });
  const inst = new WebAssembly.Instance(mod, { e: { m: mem } });
  const memory = mem.buffer;
  const b = inst.exports.b as (p: number, blocks: number, o: number) => void;
  return {
    sum: inst.exports.s as (p: number, quads: number, k: number, o: number) => void,
    blocks: (p, blocks) => b(p, blocks, layout.resultsAt),
    room,
    first: layout.resultsAt / 8,
    out: new Float64Array(memory, 0, scratchAt / 8),
    counts: new Int32Array(memory, 0, scratchAt / 4),
    memory,
    scratch: new Float64Array(memory, scratchAt, (head - scratchAt) / 8),
    head,
    slot,
  };
}

/** The compiled module, or null where WebAssembly SIMD is not available (compiled once). */
export function simdModule(): WasmModule | null {
  return module();
}

/**
 * A SIMD loop with its own memory of `slots` chunk buffers of `slotBytes` each (one pass's worth:
 * the chunk being summed and those being read), or null where WebAssembly SIMD is not available.
 */
export function simdFloats(slotBytes: number, slots: number): SimdFloats | null {
  const mod = module();
  if (!mod) return null;
  const inst = simdInstance(mod, slotBytes, slots, SIMD_LAYOUT);
  const { head, slot, ...loops } = inst;
  return { ...loops, buffers: new SlotBuffers(inst.memory, head, slot, slots) };
}
