import * as assert from 'assert';
import { getColormap, paletteOf, PALETTE_NAN, PALETTE_NEGINF, PALETTE_POSINF } from '../../../src/shared/draw/colormaps';
import { paintRgba, paletteIndices } from '../../../src/shared/draw/paint';
import { makeNormalizer, type ScaleKind } from '../../../src/shared/draw/scales';

describe('paint: values → palette indices and RGBA', () => {
  it('the linear fast path gives what the normaliser gives, for every scale and awkward values', () => {
    const values = [NaN, Infinity, -Infinity, -1e308, -3, -1, -0, 0, 1e-300, 0.5, 1, 2, 2.5, 3, 1e308, 4.999999999, 5, 5.000001];
    let checked = 0;
    for (const kind of ['linear', 'log', 'symlog', 'sqrt'] as ScaleKind[]) {
      for (const [low, high] of [[1, 5], [2, 2], [1e-3, 1e3]]) {
        const norm = makeNormalizer({ kind, low, high });
        const idx = new Uint16Array(values.length);
        paletteIndices(values, norm, 256, idx);
        values.forEach((v, i) => {
          const want = Number.isNaN(v) ? 256 + PALETTE_NAN : v === Infinity ? 256 + PALETTE_POSINF : v === -Infinity ? 256 + PALETTE_NEGINF
            : Math.min(255, Math.floor(norm(v) * 256));
          assert.strictEqual(idx[i], want, `${kind} [${low}, ${high}] ${v}`);
          checked++;
        });
      }
    }
    assert.strictEqual(checked, 4 * 3 * values.length);
  });

  it('RGBA pixels are the palette colours, opaque; without a domain finite values take the first entry', () => {
    const map = getColormap('inferno');
    const pal = paletteOf(map);
    const out = new Uint8ClampedArray(4 * 4);
    paintRgba([0, 10, NaN, -Infinity], makeNormalizer({ kind: 'linear', low: 0, high: 10 }), map, out);
    assert.deepStrictEqual(Array.from(out), [...pal.subarray(0, 3), 255, ...pal.subarray(765, 768), 255,
      ...map.nan, 255, ...map.neginf, 255]);
    paintRgba([7, NaN], undefined, map, out);
    assert.deepStrictEqual(Array.from(out.subarray(0, 8)), [...pal.subarray(0, 3), 255, ...map.nan, 255]);
  });
});
