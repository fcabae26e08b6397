/**
 * The heatmap's values on the wire (src/viewer/pictures/heatmapwire.ts on the host,
 * src/shared/draw/heatmapwire.ts in the webview): float32 replies are half the bytes of float64
 * ones or less, and draw the same picture: the automatic domain is float64's to the bit, every
 * cell's colour is the one its float64 value gets (after the few cells near a colour's edge are
 * fetched exactly), and any value comes back exactly (0.1, 1e300, denormals, −0, NaN, ±Inf).
 */
import * as assert from 'assert';
import { ambiguousCells, decodeFloat64, decodeGrid, exactValue, settleColours, type FetchExact } from '../../../src/shared/draw/heatmapwire';
import { getColormap } from '../../../src/shared/draw/colormaps';
import { paletteIndices } from '../../../src/shared/draw/paint';
import { autoDomain, makeNormalizer, type ScaleKind, type ScaleSpec } from '../../../src/shared/draw/scales';
import { LIMITS } from '../../../src/shared/protocol';
import { BINARY_FROM, binaryValues, encodeGrid, GridStore } from '../../../src/viewer/pictures/heatmapwire';
import { checkFromWebview } from '../../../src/viewer/messages';
import { rng } from '../../support/npzfixtures';

/** A seeded generator of doubles in [0, 1) with all 52 bits of mantissa used. */
function random(seed: number): () => number {
  const next = rng(seed);
  return () => next() + next() / 2 ** 32;
}

function fetcherOf(store: GridStore, asked: number[][] = []): FetchExact {
  return async (grid, cells) => {
    asked.push(cells);
    return decodeFloat64(store.values({ grid, cells }).values);
  };
}

/** JSON bytes of a reply's values part (what postMessage and the harness carry). */
const bytesOf = (x: unknown): number => Buffer.byteLength(JSON.stringify(x));

describe('viewer: heatmap values on the wire', () => {
  it('a float64 field of full-precision values takes half the bytes of float64 (and a few for the extents)', () => {
    const rnd = random(14);
    const values = Float64Array.from({ length: 1089 * 610 }, () => (rnd() - 0.3) * 1e3);
    const store = new GridStore();
    const wire = encodeGrid(values, store);
    assert.strictEqual(wire.encoding, 'float32');
    const full = bytesOf({ values: Buffer.from(values.buffer).toString('base64') });
    const got = bytesOf(wire);
    // Half, and the few exact values of the extents (four cells: 4 + 8 bytes each, in base64).
    assert.ok(got <= full / 2 + 256, `${got} bytes against float64's ${full}`);
    assert.ok(full > 7e6, `the 1089×610 detail of the README was 7 MB: ${full}`);
  });

  it('in VS Code a large reply\'s values go as bytes (binaryValues), decoded to the same numbers; small ones and events stay text', () => {
    const rnd = random(21);
    for (const [n, f64] of [[30000, false], [30000, true], [100, false]] as const) {
      const values = Float64Array.from({ length: n }, (_, i) => (i === 5 ? 0.1 : i === 6 ? NaN : (rnd() - 0.5) * 1e4));
      const wire = f64 ? { values: Buffer.from(values.buffer).toString('base64') } : encodeGrid(values, new GridStore());
      const env = { id: 3, inReplyTo: 7, body: wire };
      const sent = binaryValues(env);
      const big = wire.values.length >= BINARY_FROM;
      assert.strictEqual(big, n > 1000, `n ${n}: ${wire.values.length} characters of base64`);
      assert.strictEqual(sent.body && (sent.body as { values: unknown }).values instanceof Uint8Array, big, `n ${n}: bytes only when large`);
      const back = decodeGrid(sent.body as typeof wire);
      const direct = decodeGrid(wire);
      assert.deepStrictEqual([...back.values].map(String), [...direct.values].map(String), `n ${n}, float64 ${f64}`);
      if (!f64) assert.ok(Object.is(back.values[6], NaN) || Number.isNaN(back.values[6]));
      if (f64) assert.ok(Object.is(back.values[5], 0.1), 'float64 values exact through the bytes');
      assert.strictEqual(wire.values.constructor, String, 'the reply itself is not changed');
    }
    const event = { body: { values: 'A'.repeat(BINARY_FROM) } };
    assert.strictEqual(binaryValues(event as never), event, 'events (no inReplyTo) are sent as they are');
  });

  it('gives back every value exactly: 0.1, 1e300, denormals, −0, NaN and ±Inf', async () => {
    const special = [0.1, 1e300, -1e300, 5e-324, -2.2250738585072014e-308, 1e-40, -0, NaN, Infinity, -Infinity, 1 / 3, 16777217, 3.4028235677973366e38];
    const rnd = random(7);
    const values = Float64Array.from({ length: 4000 }, (_, i) => (i < special.length ? special[i] : rnd() * 100 - 50));
    const store = new GridStore();
    const wire = encodeGrid(values, store);
    assert.strictEqual(wire.encoding, 'float32');
    assert.ok(wire.grid !== undefined && wire.overrides);
    const g = decodeGrid(wire);
    // Beyond float32's range or below its normal range: sent exactly in the reply.
    for (const i of [1, 2, 3, 4, 5, 12]) assert.ok(Object.is(g.values[i], values[i]) && g.exact![i], `override ${values[i]}: ${g.values[i]}`);
    for (const i of [6, 7, 8, 9]) assert.ok(Object.is(g.values[i], values[i]), `special ${values[i]}`);
    const fetch = fetcherOf(store);
    for (let i = 0; i < values.length; i++) assert.ok(Object.is(await exactValue(g, i, fetch), values[i]), `cell ${i}: ${values[i]}`);
  });

  it('the automatic domain is float64\'s, whatever the scale', () => {
    const rnd = random(3);
    const values = Float64Array.from({ length: 5000 }, () => rnd() * 2 - 0.7);
    const g = decodeGrid(encodeGrid(values, new GridStore()));
    for (const kind of ['linear', 'log', 'symlog', 'sqrt'] as ScaleKind[]) {
      assert.deepStrictEqual(autoDomain(g.values, kind), autoDomain(values, kind), kind);
    }
  });

  it('every cell has its float64 colour once the cells near an edge are fetched, under every scale', async () => {
    let ran = 0, fixed = 0;
    for (const [kind, low, high] of [['linear', 0, 1], ['linear', 0.25, 0.26], ['log', 1e-3, 1], ['sqrt', 0, 1], ['symlog', -1, 1]] as [ScaleKind, number, number][]) {
      const spec: ScaleSpec = { kind, low, high };
      const norm = makeNormalizer(spec);
      const map = getColormap('viridis');
      // Values a hair either side of each entry's edge (float32 rounds them onto it), and random ones.
      const rnd = random(ran + 11);
      const values: number[] = [];
      for (let e = 1; e < map.size; e++) {
        const edge = norm.invert(e / map.size);
        for (const d of [-1e-9, -1e-12, 1e-12, 1e-9]) values.push(edge * (1 + d));
      }
      for (let i = 0; i < 20_000; i++) values.push(low + (high - low) * rnd());
      values.push(-0.5, 2); // the extents stay float64's
      const f64 = Float64Array.from(values);
      const want = new Uint16Array(f64.length), got = new Uint16Array(f64.length);
      paletteIndices(f64, norm, map.size, want);
      const store = new GridStore();
      const g = decodeGrid(encodeGrid(f64, store));
      paletteIndices(g.values, norm, map.size, got);
      const differ = want.reduce((n, w, i) => n + (w !== got[i] ? 1 : 0), 0);
      assert.ok(differ > 0, `${kind} [${low}, ${high}]: float32 alone changes some colours (or this test could not fail)`);
      const asked: number[][] = [];
      const ambiguous = ambiguousCells(g, norm, map.size).length;
      assert.ok(ambiguous < f64.length / 4, `${kind}: ${ambiguous} cells to fetch of ${f64.length}`);
      assert.strictEqual(await settleColours(g, norm, map.size, fetcherOf(store, asked)), true);
      paletteIndices(g.values, norm, map.size, got);
      for (let i = 0; i < f64.length; i++) assert.strictEqual(got[i], want[i], `${kind}: cell ${i} (${f64[i]})`);
      assert.strictEqual(ambiguousCells(g, norm, map.size).length, 0, 'nothing is fetched twice');
      assert.ok(asked.every((c) => c.length <= LIMITS.heatmapValues));
      fixed += differ;
      ran++;
    }
    assert.strictEqual(ran, 5);
    assert.ok(fixed > 5);
  });

  it('sends float32 alone when every value is one, and float64 when float32 is too coarse or no store keeps the grid', () => {
    const ints = Float64Array.from({ length: 1000 }, (_, i) => i - 500);
    const exact = encodeGrid(ints, new GridStore());
    assert.deepStrictEqual([exact.encoding, exact.grid, exact.overrides], ['float32', undefined, undefined]);
    assert.deepStrictEqual(Array.from(decodeGrid(exact).values), Array.from(ints));
    const narrow = Float64Array.from({ length: 1000 }, (_, i) => 1000 + i * 1e-7);
    assert.strictEqual(encodeGrid(narrow, new GridStore()).encoding, undefined, 'values 1e-10 of their size apart');
    assert.ok(Object.is(decodeGrid(encodeGrid(narrow, new GridStore())).values[999], narrow[999]));
    assert.strictEqual(encodeGrid(Float64Array.from([0.1, 0.2]), undefined).encoding, undefined, 'the Image view keeps no store');
  });

  it('checks heatmapValues requests: the cell limit, indices, and grids no longer held', () => {
    const ok = checkFromWebview({ type: 'heatmapValues', grid: 3, cells: [0, 5] });
    assert.deepStrictEqual(ok, { type: 'heatmapValues', grid: 3, cells: [0, 5] });
    for (const bad of [
      { type: 'heatmapValues', grid: 3, cells: new Array(LIMITS.heatmapValues + 1).fill(0) },
      { type: 'heatmapValues', grid: 3, cells: [-1] },
      { type: 'heatmapValues', grid: 3, cells: [LIMITS.heatmapCells] },
      { type: 'heatmapValues', grid: -1, cells: [] },
      { type: 'heatmapValues', grid: 1, cells: [0.5] },
      { type: 'heatmapValues', grid: 1, cells: [0], extra: 1 },
    ]) assert.throws(() => checkFromWebview(bad), /malformed|expected|unexpected/);
    const store = new GridStore();
    const id = encodeGrid(Float64Array.from([0.1, 0.2, 0.3]), store).grid!;
    assert.throws(() => store.values({ grid: id + 1, cells: [0] }), /no longer held/);
    assert.throws(() => store.values({ grid: id, cells: [3] }), /outside the picture's 3 cells/);
    // The newest grids are kept whatever their size; old ones go past the byte budget.
    const big = new Float64Array(5 * 2 ** 20).fill(0.1);
    big[1] = 0.7;
    const ids = [1, 2, 3].map(() => encodeGrid(big, store).grid!);
    assert.throws(() => store.values({ grid: id, cells: [0] }), /no longer held/);
    assert.deepStrictEqual(Array.from(decodeFloat64(store.values({ grid: ids[2], cells: [1] }).values)), [0.7]);
  });
});
