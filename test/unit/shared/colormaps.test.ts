import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  COLORMAP_NAMES, colorAt, colorIndex, findColormap, getColormap, paletteOf, PALETTE_NAN, PALETTE_NEGINF, PALETTE_POSINF,
} from '../../../src/shared/draw/colormaps';

/**
 * Entries of matplotlib's tables as published in its source (matplotlib/_cm_listed.py for the
 * listed maps, the ColorBrewer end points of RdBu in matplotlib/_cm.py), by entry index. matplotlib
 * draws entry v as (v * 255).astype(np.uint8): truncation, which Math.floor(v * 255) reproduces in
 * the same double arithmetic.
 */
const PUBLISHED: Record<string, [number, [number, number, number]][]> = {
  viridis: [[0, [0.267004, 0.004874, 0.329415]], [100, [0.166617, 0.463708, 0.558119]],
    [128, [0.127568, 0.566949, 0.550556]], [255, [0.993248, 0.906157, 0.143936]]],
  magma: [[0, [0.001462, 0.000466, 0.013866]], [100, [0.537755, 0.156894, 0.506551]],
    [128, [0.716387, 0.214982, 0.475290]], [255, [0.987053, 0.991438, 0.749504]]],
  inferno: [[0, [0.001462, 0.000466, 0.013866]], [100, [0.565854, 0.143567, 0.408258]],
    [128, [0.735683, 0.215906, 0.330245]], [255, [0.988362, 0.998364, 0.644924]]],
  plasma: [[0, [0.050383, 0.029803, 0.527975]], [100, [0.683758, 0.156278, 0.571660]],
    [128, [0.798216, 0.280197, 0.469538]], [255, [0.940015, 0.975158, 0.131326]]],
  cividis: [[0, [0.000000, 0.135112, 0.304751]], [100, [0.394568, 0.406236, 0.438986]],
    [128, [0.488697, 0.485318, 0.471008]], [255, [0.995737, 0.909344, 0.217772]]],
  twilight: [[0, [0.88575015840754434, 0.85000924943067835, 0.8879736506427196]],
    [100, [0.43329008867358393, 0.57285941625606673, 0.75265946532566674]],
    [255, [0.18488035509396164, 0.079425730279723883, 0.21307651648984993]],
    [509, [0.88571155122845646, 0.85002186115856315, 0.88572538990087124]]],
  turbo: [[0, [0.18995, 0.07176, 0.23217]], [100, [0.24797, 0.96423, 0.54303]],
    [128, [0.64362, 0.98999, 0.23356]], [255, [0.47960, 0.01583, 0.01055]]],
  RdBu: [[0, [0.40392156862745099, 0.0, 0.12156862745098039]],
    [255, [0.0196078431372549, 0.18823529411764706, 0.38039215686274508]]],
  gray: [[0, [0, 0, 0]], [255, [1, 1, 1]]],
};

function entry(name: string, i: number, reversed = false): number[] {
  const t = getColormap(name, reversed).table;
  return [t[3 * i], t[3 * i + 1], t[3 * i + 2]];
}

describe('colormaps: matplotlib\'s tables', () => {
  it('entries equal matplotlib\'s published values, as matplotlib converts them to bytes', () => {
    let checked = 0;
    for (const [name, entries] of Object.entries(PUBLISHED)) {
      for (const [i, rgb] of entries) {
        assert.deepStrictEqual(entry(name, i), rgb.map((v) => Math.floor(v * 255)), `${name}[${i}]`);
        checked++;
      }
    }
    assert.strictEqual(checked, 32);
  });

  it('has the required maps, 256 entries each (510 for the twilight maps, as in matplotlib)', () => {
    for (const name of ['viridis', 'magma', 'inferno', 'cividis', 'gray', 'RdBu', 'twilight', 'plasma', 'turbo', 'hot']) {
      assert.ok(COLORMAP_NAMES.includes(name), name);
    }
    for (const name of COLORMAP_NAMES) {
      const m = getColormap(name);
      assert.strictEqual(m.size, name.startsWith('twilight') ? 510 : 256, name);
      assert.strictEqual(m.table.length, 3 * m.size);
    }
  });

  it('gray runs from black to white; RdBu from red to blue (matplotlib\'s orientation); _r inverts', () => {
    assert.deepStrictEqual(colorAt(getColormap('gray'), 0), [0, 0, 0]);
    assert.deepStrictEqual(colorAt(getColormap('gray'), 1), [255, 255, 255]);
    assert.deepStrictEqual(colorAt(getColormap('gray'), 0.5), [128, 128, 128]);
    const [r0, , b0] = colorAt(getColormap('RdBu'), 0);
    const [r1, , b1] = colorAt(getColormap('RdBu'), 1);
    assert.ok(r0 > b0 && b1 > r1);
    for (const name of COLORMAP_NAMES) {
      const fwd = getColormap(name), rev = getColormap(name, true), viaName = getColormap(`${name}_r`);
      assert.strictEqual(rev, viaName, 'NAME_r and reversed=true are one map');
      assert.strictEqual(rev.reversed, true);
      assert.strictEqual(getColormap(`${name}_r`, true), fwd, 'inverting twice is the map itself');
      // NAME_r is the table backwards, give or take matplotlib's own rounding (1 step at most).
      for (let i = 0; i < fwd.size; i++) {
        const a = entry(name, i), b = entry(name, fwd.size - 1 - i, true);
        for (let c = 0; c < 3; c++) assert.ok(Math.abs(a[c] - b[c]) <= 1, `${name}[${i}]`);
      }
    }
    // matplotlib's gray_r is not gray backwards at 26 entries (its own rounding): we keep its bytes.
    assert.deepStrictEqual(entry('gray', 1, true), [254, 254, 254]);
  });

  it('unknown names are refused with the list of known ones', () => {
    assert.strictEqual(findColormap('nope'), undefined);
    assert.strictEqual(findColormap('toString'), undefined);
    assert.strictEqual(findColormap('constructor_r'), undefined);
    assert.throws(() => getColormap('Viridis'), /unknown colormap 'Viridis' \(known: viridis, .*twilight/);
  });
});

describe('colormaps: lookup and special colours', () => {
  it('picks entries like matplotlib: floor(t·N), t = 1 on the last, outside [0, 1] on the ends', () => {
    const cases: [number, number, number][] = [[0, 256, 0], [1, 256, 255], [0.5, 256, 128], [0.99999, 256, 255],
      [1 / 256, 256, 1], [1 / 256 - 1e-12, 256, 0], [-3, 256, 0], [7, 256, 255], [0.5, 510, 255], [1, 510, 509]];
    for (const [t, n, i] of cases) assert.strictEqual(colorIndex(t, n), i, `${t} of ${n}`);
  });

  it('NaN, +Inf and -Inf colours stand apart from every entry of their map and from each other', () => {
    const dist = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    let checked = 0;
    for (const name of COLORMAP_NAMES) {
      const m = getColormap(name);
      const specials = [m.nan, m.posinf, m.neginf];
      for (const s of specials) {
        for (let i = 0; i < m.size; i++) assert.ok(dist(s, entry(name, i)) >= 56, `${name}: ${s} vs entry ${i}`);
        checked++;
      }
      assert.ok(dist(m.nan, m.posinf) > 100 && dist(m.nan, m.neginf) > 100 && dist(m.posinf, m.neginf) > 100, name);
      assert.deepStrictEqual(colorAt(m, NaN), m.nan);
      const pal = paletteOf(m);
      assert.strictEqual(pal.length, 3 * (m.size + 3));
      assert.deepStrictEqual([...pal.subarray(3 * (m.size + PALETTE_NAN), 3 * (m.size + PALETTE_NAN) + 3)], [...m.nan]);
      assert.deepStrictEqual([...pal.subarray(3 * (m.size + PALETTE_POSINF), 3 * (m.size + PALETTE_POSINF) + 3)], [...m.posinf]);
      assert.deepStrictEqual([...pal.subarray(3 * (m.size + PALETTE_NEGINF), 3 * (m.size + PALETTE_NEGINF) + 3)], [...m.neginf]);
    }
    assert.strictEqual(checked, 3 * COLORMAP_NAMES.length);
  });
});

describe('colormaps: the generated tables', () => {
  it('are what test/tools/make-colormaps.py writes from the installed matplotlib (skipped without matplotlib)', function () {
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import matplotlib'], { stdio: 'ignore' }).status === 0);
    if (!python) this.skip();
    const r = spawnSync(python!, [path.join(root, 'test', 'tools', 'make-colormaps.py')], { encoding: 'utf8', timeout: 60000 });
    assert.strictEqual(r.status, 0, r.stderr);
    const body = (s: string) => s.split('\n').slice(1).join('\n'); // the first line names the matplotlib version
    assert.strictEqual(body(r.stdout), body(fs.readFileSync(path.join(root, 'src', 'shared', 'draw', 'colormapdata.ts'), 'utf8')));
  });
});
