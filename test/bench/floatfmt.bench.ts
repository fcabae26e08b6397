/**
 * Micro-benchmark (not a test): values per second of our exact '%.18e' (string and byte writer)
 * against V8's toExponential(18), on random doubles of all magnitudes.
 *   npm run compile && node out/test/bench/floatfmt.bench.js [count]
 */
import { formatE, writeE } from '../../src/npy/text/floatfmt';

const N = Number(process.argv[2] ?? 2e6);
const xs = new Float64Array(N);
for (let i = 0; i < N; i++) xs[i] = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20);

function cpuMs(f: () => number): { ms: number; check: number } {
  const t = process.cpuUsage();
  const check = f();
  const d = process.cpuUsage(t);
  return { ms: (d.user + d.system) / 1000, check };
}

const cases: [string, () => number][] = [
  ['writeE(buf, x, 18)', () => {
    const buf = new Uint8Array(1 << 20);
    let pos = 0, total = 0;
    for (let i = 0; i < N; i++) {
      if (pos > buf.length - 64) { total += pos; pos = 0; }
      pos = writeE(buf, pos, xs[i], 18);
    }
    return total + pos;
  }],
  ['formatE(x, 18)', () => { let n = 0; for (let i = 0; i < N; i++) n += formatE(xs[i], 18).length; return n; }],
  ['x.toExponential(18)', () => { let n = 0; for (let i = 0; i < N; i++) n += xs[i].toExponential(18).length; return n; }],
];

for (let round = 0; round < 3; round++) {
  for (const [name, f] of cases) {
    const { ms } = cpuMs(f);
    console.log(`${name.padEnd(22)} ${(N / ms / 1000).toFixed(2).padStart(6)} M values/s (${ms.toFixed(0)} ms CPU for ${N})`);
  }
}
