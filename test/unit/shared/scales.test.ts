import * as assert from 'assert';
import { autoDomain, domainError, makeNormalizer, ScaleKind } from '../../../src/shared/draw/scales';
import { linearTicks, scaleTicks } from '../../../src/shared/draw/ticks';
import { requireNumpy, runNumpy } from '../../support/numpy';
import { rng } from '../../support/npzfixtures';

/**
 * t of values under matplotlib 3.6's norms with clip=True (Normalize, LogNorm,
 * SymLogNorm(linthresh=1, linscale=1, base=10), PowerNorm(0.5)), printed by matplotlib itself.
 */
const MATPLOTLIB: [ScaleKind, number, number, [number, number][]][] = [
  ['linear', 0, 10, [[5, 0.5], [-1, 0.0], [11, 1.0], [2.5, 0.25], [10, 1.0]]],
  ['linear', -3, 7, [[-3, 0.0], [0, 0.3], [7, 1.0], [1e-09, 0.3000000001]]],
  ['log', 1, 1000, [[10, 0.3333333333333333], [100, 0.6666666666666666], [0.5, 0.0], [1000, 1.0], [31.6227766, 0.4999999999922918]]],
  ['log', 1e-06, 1000.0, [[0.001, 0.3333333333333333], [1, 0.6666666666666666], [2.5, 0.710882223185782]]],
  ['symlog', -100, 100, [[0, 0.5], [1, 0.6785714285714286], [-1, 0.3214285714285714], [10, 0.8392857142857143],
    [0.5, 0.5892857142857143], [-50, 0.0483798207317112], [100, 1.0]]],
  ['symlog', 0, 1000000.0, [[0, 0.0], [1, 0.15625000000000003], [0.3, 0.046875], [1000.0, 0.578125], [500000.0, 0.9576676568597526]]],
  ['sqrt', 0, 4, [[1, 0.5], [4, 1.0], [0, 0.0], [2, 0.7071067811865476], [0.01, 0.049999999999999996]]],
  ['sqrt', 2, 6, [[3, 0.5], [2, 0.0], [1, 0.0], [5.5, 0.9354143466934853]]],
];

describe('scales: value → t like matplotlib\'s norms', () => {
  it('agrees with matplotlib on every case, and inverts back', () => {
    let checked = 0;
    for (const [kind, low, high, pairs] of MATPLOTLIB) {
      const norm = makeNormalizer({ kind, low, high });
      for (const [v, t] of pairs) {
        assert.ok(Math.abs(norm(v) - t) <= 1e-12, `${kind} [${low}, ${high}] ${v}: ${norm(v)} vs ${t}`);
        if (t > 0 && t < 1) assert.ok(Math.abs(norm.invert(t) - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${kind} invert ${t}`);
        checked++;
      }
    }
    assert.strictEqual(checked, 38);
  });

  it('keeps NaN and ±Inf for their own colours; log draws values ≤ 0 at the low end; low = high maps to 0', () => {
    for (const kind of ['linear', 'log', 'symlog', 'sqrt'] as ScaleKind[]) {
      const n = makeNormalizer({ kind, low: 1, high: 10 });
      assert.ok(Number.isNaN(n(NaN)));
      assert.strictEqual(n(Infinity), Infinity);
      assert.strictEqual(n(-Infinity), -Infinity);
      assert.strictEqual(n(-5), 0);
      assert.strictEqual(n(1e300), 1);
      assert.strictEqual(makeNormalizer({ kind, low: 3, high: 3 })(1e6), 0);
    }
    assert.strictEqual(makeNormalizer({ kind: 'log', low: 1, high: 10 })(0), 0);
    assert.strictEqual(makeNormalizer({ kind: 'linear', low: -1e308, high: 1e308 })(0), 0.5);
  });

  it('refuses domains that cannot be drawn, with a reason', () => {
    const bad: [ScaleKind, number, number, RegExp, number?][] = [
      ['linear', 2, 1, /low end 2 is above its high end 1/], ['linear', NaN, 1, /not finite/], ['linear', 0, Infinity, /not finite/],
      ['log', 0, 1, /log scale needs a positive domain/], ['log', -1, 1, /positive/], ['symlog', -1, 1, /positive number/, 0],
    ];
    for (const [kind, low, high, re, linthresh] of bad) {
      assert.match(domainError({ kind, low, high, linthresh }) ?? '', re);
      assert.throws(() => makeNormalizer({ kind, low, high, linthresh }), re);
    }
    assert.strictEqual(domainError({ kind: 'log', low: 1e-300, high: 1 }), undefined);
  });
});

describe('scales: automatic domain', () => {
  it('finite min/max; only positive values for log; undefined when nothing counts', () => {
    const v = [NaN, 3, -Infinity, -2, 0, Infinity, 7, NaN];
    assert.deepStrictEqual(autoDomain(v, 'linear'), { low: -2, high: 7 });
    assert.deepStrictEqual(autoDomain(new Float32Array(v), 'sqrt'), { low: -2, high: 7 });
    assert.deepStrictEqual(autoDomain(v, 'log'), { low: 3, high: 7 });
    assert.strictEqual(autoDomain([NaN, Infinity], 'linear'), undefined);
    assert.strictEqual(autoDomain([0, -1, NaN], 'log'), undefined);
    assert.deepStrictEqual(autoDomain([5, 5], 'linear', 'robust'), { low: 5, high: 5 });
  });

  it('robust = np.percentile(finite values, [1, 99]) exactly (NumPy at test time)', function () {
    requireNumpy(this, 'np.percentile as the robust domain\'s oracle');
    this.timeout(120000);
    const next = rng(1401);
    const arrays: number[][] = [];
    const sizes = [2, 3, 7, 100, 101, 1000, 65535, 65537, 200001];
    for (const n of sizes) {
      const a: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = next();
        // Outliers, repeats, NaN/Inf and a tight cluster, so both exact paths and narrowing run.
        a.push(r < 0.02 ? NaN : r < 0.03 ? Infinity : r < 0.04 ? (next() - 0.5) * 1e12 : r < 0.3 ? 1 + Math.floor(next() * 4) * 1e-13
          : (next() - 0.5) * 100);
      }
      arrays.push(a);
    }
    arrays.push([1, 2], [-1e308, 1e308, 0, 5], [5e-324, 1e-323, 0, 1.5e-323, 5e-324]);
    const script = 'for line in sys.stdin:\n  a = np.array(json.loads(line.replace("NaN", "NaN")))\n' +
      '  f = a[np.isfinite(a)]\n  print(json.dumps([float(x) for x in np.percentile(f, [1, 99])]))';
    const text = arrays.map((a) => JSON.stringify(a.map((x) => (Number.isFinite(x) ? x : String(x))))).join('\n')
      .replace(/"NaN"/g, 'NaN').replace(/"Infinity"/g, 'Infinity');
    const want = runNumpy(script, text).trim().split('\n').map((l) => JSON.parse(l) as number[]);
    assert.strictEqual(want.length, arrays.length);
    arrays.forEach((a, i) => {
      const d = autoDomain(a, 'linear', 'robust')!;
      if (want[i][0] < want[i][1]) assert.deepStrictEqual([d.low, d.high], want[i], `array ${i} (${a.length} values)`);
      else assert.deepStrictEqual(d, autoDomain(a, 'linear'), 'equal percentiles fall back to min/max');
    });
  });
});

describe('ticks', () => {
  const values = (kind: ScaleKind, low: number, high: number, max?: number) => scaleTicks({ kind, low, high }, max).map((t) => t.value);
  const labels = (kind: ScaleKind, low: number, high: number, max?: number) => scaleTicks({ kind, low, high }, max).map((t) => t.label);

  it('linear: 1, 2, 5 × 10^k steps with exact decimals', () => {
    assert.deepStrictEqual(linearTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepStrictEqual(linearTicks(0.1, 0.35, 5), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    assert.deepStrictEqual(linearTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
    assert.deepStrictEqual(linearTicks(0, 0.3, 3), [0, 0.1, 0.2, 0.3]);
    assert.deepStrictEqual(linearTicks(3, 3, 5), [3]);
    assert.deepStrictEqual(linearTicks(-7.3, 12.1, 6), [-5, 0, 5, 10]);
    assert.deepStrictEqual(linearTicks(-1e308, 1e308, 4), [-1e308, -5e307, 0, 5e307, 1e308]);
    assert.deepStrictEqual(labels('linear', 0, 1), ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    assert.deepStrictEqual(labels('linear', -1, 1, 4), ['-1.0', '-0.5', '0.0', '0.5', '1.0']);
    assert.deepStrictEqual(labels('linear', 0, 255), ['0', '50', '100', '150', '200', '250']);
    assert.deepStrictEqual(labels('linear', 0, 3e7, 3), ['0', '1e+7', '2e+7', '3e+7']);
    assert.deepStrictEqual(labels('linear', 1.5e7, 1.6e7, 2), ['1.5e+7', '1.55e+7', '1.6e+7']);
    assert.deepStrictEqual(labels('linear', 0, 3e-6, 3), ['0', '1e-6', '2e-6', '3e-6']);
    // Positions are the scale's own: sqrt ticks are linear values at sqrt positions.
    const sq = scaleTicks({ kind: 'sqrt', low: 0, high: 100 }, 4);
    assert.deepStrictEqual(sq.map((t) => t.value), [0, 20, 40, 60, 80, 100]);
    assert.ok(Math.abs(sq[1].t - Math.sqrt(0.2)) < 1e-15);
  });

  it('log: decades, thinned when many, 1-2-5 when few', () => {
    assert.deepStrictEqual(values('log', 1, 1000), [1, 10, 100, 1000]);
    assert.deepStrictEqual(labels('log', 1e-3, 10), ['0.001', '0.01', '0.1', '1', '10']);
    assert.deepStrictEqual(values('log', 1e-20, 1e20, 6), [1e-20, 1e-10, 1, 1e10, 1e20]);
    assert.deepStrictEqual(labels('log', 1e-20, 1e20, 6), ['1e-20', '1e-10', '1', '1e+10', '1e+20']);
    assert.deepStrictEqual(values('log', 1e-9, 1e9, 6), [1e-8, 1e-4, 1, 1e4, 1e8], 'every 4th decade');
    assert.deepStrictEqual(values('log', 1.5, 60), [2, 5, 10, 20, 50]);
    const one = values('log', 1.1, 1.9);
    assert.ok(one.length >= 2 && one.every((v) => v >= 1.1 && v <= 1.9), `${one}`);
    for (const t of scaleTicks({ kind: 'log', low: 1, high: 1000 })) assert.ok(Math.abs(t.t - Math.log10(t.value) / 3) < 1e-15);
  });

  it('symlog: 0 and ±10^k beyond the linear threshold', () => {
    assert.deepStrictEqual(values('symlog', -100, 100, 7), [-100, -10, -1, 0, 1, 10, 100]);
    assert.deepStrictEqual(values('symlog', -100, 100), [-100, -1, 0, 1, 100], 'thinned to every other decade');
    assert.deepStrictEqual(values('symlog', 0, 1e6), [0, 1, 100, 1e4, 1e6]);
    assert.deepStrictEqual(scaleTicks({ kind: 'symlog', low: -1e3, high: 1e3, linthresh: 10 }, 7).map((t) => t.value), [-1000, -100, -10, 0, 10, 100, 1000]);
    assert.deepStrictEqual(values('symlog', -0.5, 0.5, 5), [-0.4, -0.2, 0, 0.2, 0.4], 'inside the linear region: linear ticks');
    const t = scaleTicks({ kind: 'symlog', low: -100, high: 100 }, 7);
    assert.strictEqual(t[3].t, 0.5);
    assert.deepStrictEqual(t.map((x) => x.label), ['-100', '-10', '-1', '0', '1', '10', '100']);
  });
});
