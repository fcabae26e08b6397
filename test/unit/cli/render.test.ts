/**
 * `npyview render` end to end: the real CLI on files NumPy wrote, the PNG decoded independently
 * (test/support/png.ts), every pixel compared with what NumPy computes for it — the colormap entry
 * floor(t·N) of each value under the scale's formula (written here in NumPy, apart from
 * src/shared/draw/scales.ts), the special colours for NaN/±Inf, the data itself for --rgb.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getColormap } from '../../../src/shared/draw/colormaps';
import { checkErrorLine, runAll, runCli, tempDir } from '../../support/cli-harness';
import { requireNumpy, runNumpy } from '../../support/numpy';
import { decodePng } from '../../support/png';

const FIXTURES = `
rng = np.random.default_rng(41)
h = rng.standard_normal((23, 37)) * 3
h[2, 3] = np.nan; h[4, 5] = np.inf; h[6, 7] = -np.inf; h[10, :] = np.nan
np.save(d + '/heat.npy', h)
np.save(d + '/heat_f.npy', np.asfortranarray(h))
np.save(d + '/f32.npy', (rng.random((12, 9)) * 100).astype(np.float32))
np.save(d + '/i16.npy', rng.integers(-500, 500, size=(10, 12), dtype=np.int16))
np.save(d + '/cube.npy', rng.random((3, 10, 12)))
np.save(d + '/rgb.npy', rng.integers(0, 256, size=(17, 19, 3), dtype=np.uint8))
np.save(d + '/rgba.npy', rng.integers(0, 256, size=(11, 13, 4), dtype=np.uint8))
f = rng.random((9, 8, 3)) * 1.4 - 0.2; f[0, 0, 0] = np.nan; f[0, 1] = [0, 1, 0.5]
np.save(d + '/rgbf.npy', f)
np.save(d + '/rgb16.npy', rng.integers(0, 256, size=(4, 4, 3)).astype(np.uint16))
np.save(d + '/strs.npy', np.array([['a', 'b'], ['c', 'd']]))
np.save(d + '/cplx.npy', rng.standard_normal((8, 9)) + 1j * rng.standard_normal((8, 9)))
np.save(d + '/allnan.npy', np.full((4, 4), np.nan))
np.save(d + '/neg.npy', -rng.random((5, 5)))
np.save(d + '/big.npy', np.sin(np.arange(300 * 500).reshape(300, 500) / 977.0) * 5)
np.save(d + '/line.npy', np.arange(10.0))
np.save(d + '/ramp.npy', np.arange(10.0).reshape(1, 10))
np.save(d + '/empty.npy', np.zeros((0, 5)))
np.savez(d + '/two.npz', a=h, b=np.arange(6.0).reshape(2, 3))
`;

/** For each case, NumPy's expectation: per pixel a colormap index, or -1 NaN, -2 +Inf, -3 -Inf; or RGB(A) bytes. */
const EXPECT = `
import math, warnings
warnings.simplefilter('ignore')
cases = json.load(open(d + '/cases.json'))
out = []
for c in cases:
    f = np.load(d + '/' + c['file'])
    a = f[c['member']] if c.get('member') else f
    if c.get('index'): a = eval('a[np.s_[' + c['index'] + ']]')
    if a.dtype.kind == 'c':
        a = {'magnitude': np.abs, 'phase': np.angle, 'real': np.real, 'imag': np.imag}[c.get('complex', 'magnitude')](a)
    kind = a.dtype.kind
    a = a.astype(np.float64)
    H, W = a.shape[:2]; m = c.get('max', 4096)
    k = max(1, -(-H // m), -(-W // m))
    if k > 1:  # block means (all test arrays are far below the 64 MiB budget)
        R, C = -(-H // k), -(-W // k)
        a = np.array([[np.nanmean(a[y*k:(y+1)*k, x*k:(x+1)*k], axis=(0, 1)) for x in range(C)] for y in range(R)])
    if c.get('rgb'):
        if kind == 'f':
            v = np.floor(np.clip(np.nan_to_num(a, nan=0.0), 0, 1) * 255)
        else:
            v = np.floor(a + 0.5)
        out.append({'w': a.shape[1], 'h': a.shape[0], 'px': v.astype(int).ravel().tolist()})
        continue
    scale = c.get('scale', 'linear'); N = c.get('n', 256)
    fin = a[np.isfinite(a) & ((a > 0) if scale == 'log' else True)]
    lo, hi = c.get('domain', [None, None])
    if lo is None: lo = float(np.percentile(fin, 1)) if c.get('robust') else float(fin.min())
    if hi is None: hi = float(np.percentile(fin, 99)) if c.get('robust') else float(fin.max())
    with np.errstate(all='ignore'):
        if scale == 'linear': t = (a - lo) / (hi - lo)
        elif scale == 'sqrt': t = np.sqrt(np.clip((a - lo) / (hi - lo), 0, None))
        elif scale == 'log': t = (np.log10(np.where(a > 0, a, np.nan)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)); t[a <= 0] = 0
        else:
            L = 1 / (1 - 1 / 10)
            def f(x): return np.where(np.abs(x) <= 1, x * L, np.sign(x) * (L + np.log10(np.maximum(np.abs(x), 1))))
            t = (f(a) - f(np.float64(lo))) / (f(np.float64(hi)) - f(np.float64(lo)))
    idx = np.clip(np.floor(np.clip(np.nan_to_num(t, nan=0), 0, 1) * N), 0, N - 1).astype(int)
    idx[np.isnan(a)] = -1; idx[a == np.inf] = -2; idx[a == -np.inf] = -3
    out.append({'w': a.shape[1], 'h': a.shape[0], 'idx': idx.ravel().tolist(), 'domain': [lo, hi]})
print(json.dumps(out))
`;

interface Case { file: string; args?: string[]; member?: string; index?: string; scale?: string; domain?: (number | null)[];
  robust?: boolean; max?: number; rgb?: boolean; complex?: string; colormap?: string; n?: number }

const CASES: Case[] = [
  { file: 'heat.npy' },
  { file: 'heat_f.npy' },
  { file: 'heat.npy', colormap: 'gray' },
  { file: 'heat.npy', colormap: 'magma_r' },
  { file: 'heat.npy', colormap: 'twilight', n: 510 },
  { file: 'heat.npy', colormap: 'RdBu', domain: [-2, 2] },
  { file: 'heat.npy', domain: [-1, null] },
  { file: 'heat.npy', robust: true },
  { file: 'heat.npy', scale: 'symlog' },
  { file: 'heat.npy', scale: 'sqrt' },
  { file: 'heat.npy', scale: 'log' },
  { file: 'heat.npy', index: '::-1, 3:30:2' },
  { file: 'heat.npy', max: 10 },
  { file: 'f32.npy', scale: 'log', domain: [1, 50] },
  { file: 'i16.npy', colormap: 'hot' },
  { file: 'cube.npy', index: '1' },
  { file: 'cube.npy', index: ':, 4, :' },
  { file: 'big.npy', max: 64 },
  { file: 'two.npz', member: 'a', colormap: 'cividis' },
  { file: 'cplx.npy' },
  { file: 'cplx.npy', complex: 'phase', colormap: 'twilight', n: 510 },
  { file: 'cplx.npy', complex: 'imag' },
  { file: 'rgb.npy', rgb: true },
  { file: 'rgba.npy', rgb: true },
  { file: 'rgbf.npy', rgb: true },
  { file: 'rgb.npy', rgb: true, max: 5 },
  { file: 'cube.npy', rgb: true, index: '..., :3' },
];

function cliArgs(dir: string, c: Case, out: string): string[] {
  const a = ['render', path.join(dir, c.file), '-o', out];
  if (c.member) a.push('--member', c.member);
  if (c.index) a.push('--index', c.index);
  if (c.scale) a.push('--scale', c.scale);
  if (c.colormap) a.push('--colormap', c.colormap);
  if (c.domain) a.push('--domain', c.domain.map((x) => (x === null ? '' : String(x))).join(','));
  if (c.robust) a.push('--domain', 'robust');
  if (c.max) a.push('--max-size', String(c.max));
  if (c.rgb) a.push('--rgb');
  if (c.complex) a.push('--complex', c.complex);
  return a;
}

describe('npyview render', function () {
  this.timeout(300000);
  if (!requireNumpy()) return;
  let dir = '';
  let expected: { w: number; h: number; idx?: number[]; px?: number[]; domain?: number[] }[] = [];

  before(function () {
    dir = tempDir('npyview-render-');
    runNumpy(`d = ${JSON.stringify(dir)}\n${FIXTURES}`);
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(CASES));
    expected = JSON.parse(runNumpy(`d = ${JSON.stringify(dir)}\n${EXPECT}`));
    assert.strictEqual(expected.length, CASES.length);
  });

  it('draws every pixel as NumPy computes it: colormap entries, NaN/±Inf colours, RGB data exactly', async () => {
    let pixels = 0;
    const runs = await runAll(CASES.map((c, n) => ({ key: n, args: cliArgs(dir, c, path.join(dir, `out${n}.png`)) })));
    for (const [n, c] of CASES.entries()) {
      const out = path.join(dir, `out${n}.png`);
      const r = runs.get(n)!;
      const what = `case ${n}: npyview ${cliArgs(dir, c, out).slice(2).join(' ')}`;
      assert.strictEqual(r.code, 0, `${what}: ${r.stderr}`);
      assert.strictEqual(r.stdout.length, 0, 'nothing on stdout');
      assert.strictEqual(r.stderr, '', 'nothing on stderr');
      const png = decodePng(fs.readFileSync(out));
      const want = expected[n];
      assert.deepStrictEqual([png.width, png.height], [want.w, want.h], what);
      if (want.px) {
        assert.strictEqual(png.colorType, want.px.length === want.w * want.h * 4 ? 6 : 2);
        assert.deepStrictEqual(Array.from(png.pixels), want.px, what);
        pixels += want.w * want.h;
        continue;
      }
      const map = getColormap(c.colormap ?? 'viridis');
      for (let y = 0; y < want.h; y++) {
        for (let x = 0; x < want.w; x++) {
          const i = want.idx![y * want.w + x];
          const rgb = i === -1 ? map.nan : i === -2 ? map.posinf : i === -3 ? map.neginf : [...map.table.subarray(3 * i, 3 * i + 3)];
          assert.deepStrictEqual(png.rgba(x, y), [...rgb, 255], `${what}: pixel (${x}, ${y}), NumPy's entry ${i}`);
          pixels++;
        }
      }
      const comment = png.text.Comment;
      assert.match(comment, new RegExp(`colormap=${c.colormap ?? 'viridis'} scale=${c.scale ?? 'linear'}`));
      const [lo, hi] = comment.match(/domain=(\S+),(\S+)/)!.slice(1).map(Number);
      // Block means are summed in another order than np.nanmean's pairwise sums: last-bit differences.
      const tol = (c.max ?? 4096) < Math.max(want.w, want.h) * 2 ? 1e-12 : 0;
      want.domain!.forEach((v, j) => assert.ok(Math.abs([lo, hi][j] - v) <= tol * Math.abs(v), `${what}: domain ${lo}, ${hi} vs ${want.domain}`));
    }
    assert.ok(pixels > 14000, `${pixels} pixels checked`);
  });

  it('gray: the domain\'s low end is black, its high end white; outside the domain is clipped', async () => {
    const out = path.join(dir, 'gray.png');
    const r = await runCli(['render', path.join(dir, 'ramp.npy'), '--colormap', 'gray', '--domain', '2,7', '-o', out]);
    assert.strictEqual(r.code, 0, r.stderr);
    const png = decodePng(fs.readFileSync(out));
    const row = Array.from({ length: 10 }, (_, x) => png.rgba(x, 0)[0]);
    // values 0..9 over [2, 7]: floor((v − 2) / 5 · 256) clipped, gray's entries are i.
    assert.deepStrictEqual(row, [0, 0, 0, 51, 102, 153, 204, 255, 255, 255]);
    assert.strictEqual(png.colorType, 3, 'at most 256 colours: a palette image');
  });

  it('a selection with no finite value draws only the special colours', async () => {
    const out = path.join(dir, 'nan.png');
    const r = await runCli(['render', path.join(dir, 'allnan.npy'), '-o', out]);
    assert.strictEqual(r.code, 0, r.stderr);
    const png = decodePng(fs.readFileSync(out));
    assert.deepStrictEqual(png.rgba(3, 3), [...getColormap('viridis').nan, 255]);
    assert.match(png.text.Comment, /domain=none/);
  });

  it('bad input: one clear line, exit 1 for the data, 2 for usage, and no output file', async () => {
    const cases: [string[], number, RegExp][] = [
      [['strs.npy'], 1, /cannot draw dtype str32: only bool, integer, float/],
      [['cube.npy'], 2, /2-D selection, and this one is 3-D with shape \(3, 10, 12\); select two axes with --index, e\.g\. --index '0, \.\.\.'/],
      [['line.npy'], 2, /2-D selection, and this one is 1-D with shape \(10,\)$/],
      [['heat.npy', '--rgb'], 2, /H×W×3 or H×W×4 selection, and this one is 2-D/],
      [['cube.npy', '--rgb'], 2, /H×W×3 or H×W×4 selection, and this one is 3-D with shape \(3, 10, 12\)/],
      [['rgb16.npy', '--rgb'], 1, /uint8 values or floats in \[0, 1\], not uint16/],
      [['heat.npy', '--domain', '5,1'], 2, /LO must be below HI \(got 5, 1\)/],
      [['heat.npy', '--domain', '1,1'], 2, /LO must be below HI/],
      [['heat.npy', '--domain', '100,'], 2, /LO 100 is not below the largest value drawn/],
      [['heat.npy', '--domain', 'x,1'], 2, /'x' is not a finite number/],
      [['heat.npy', '--domain', '1'], 2, /expected LO,HI/],
      [['heat.npy', '--domain', 'nan,1'], 2, /not a finite number/],
      [['neg.npy', '--scale', 'log'], 1, /log scale: the selection has no positive value/],
      [['heat.npy', '--scale', 'log', '--domain', '0,1'], 2, /log scale needs a positive LO/],
      [['heat.npy', '--scale', 'cubic'], 2, /unknown scale 'cubic' \(expected linear, log, symlog, sqrt\)/],
      [['heat.npy', '--colormap', 'Viridis'], 2, /unknown colormap 'Viridis' \(known: viridis,/],
      [['heat.npy', '--max-size', '0'], 2, /--max-size: expected a whole number from 1 to 16384/],
      [['heat.npy', '--max-size', '2.5'], 2, /--max-size/],
      [['heat.npy', '--linthresh', '2'], 2, /--linthresh is for --scale symlog/],
      [['heat.npy', '--scale', 'symlog', '--linthresh', '-1'], 2, /must be positive/],
      [['rgb.npy', '--rgb', '--colormap', 'gray'], 2, /does not take --colormap/],
      [['heat.npy', '--complex', 'phase'], 2, /--complex is for complex arrays, and this one is float64/],
      [['cplx.npy', '--complex', 'angle'], 2, /unknown part 'angle'/],
      [['empty.npy'], 1, /cannot draw an empty selection \(shape \(0, 5\)\)/],
      [['two.npz'], 2, /holds 2 arrays \(a, b\); choose one with --member/],
      [['heat.npy', '--index', '99'], 2, /out of bounds/],
      [['heat.npy', '--json'], 2, /render does not take --json/],
      [['heat.npy', '--rgb=yes'], 2, /--rgb takes no value/],
    ];
    const out = path.join(dir, 'bad.png');
    const runs = await runAll(cases.map(([args], n) => ({ key: n, args: ['render', path.join(dir, args[0]), ...args.slice(1), '-o', out] })));
    for (const [n, [args, code, re]] of cases.entries()) {
      const r = runs.get(n)!;
      const what = `render ${args.join(' ')}`;
      assert.strictEqual(r.code, code, `${what}: exit ${r.code}, ${r.stderr}`);
      assert.strictEqual(checkErrorLine(r), null, what);
      assert.match(r.stderr.trim(), re, what);
      assert.ok(!fs.existsSync(out), `${what}: no output file`);
      assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    }
    const r = await runCli(['render', path.join(dir, 'heat.npy')]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /render: missing -o OUT\.png/);
  });
});
