#!/usr/bin/env node
/**
 * Jumps into a 1 GiB compressed member in one process (issue 17): the first read at the end
 * inflates everything (restart points are kept on the way), later reads anywhere already passed
 * inflate from the nearest point. Uses tsc's output (npm run compile) of the engine.
 *
 *   node test/bench/jumps.mjs DIR      DIR holds bignpz.npz (inputs.mjs makeBigNpzInput)
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBigNpzInput } from './inputs.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { openAnyFile } = require(path.join(ROOT, 'out', 'src', 'npy', 'format', 'open.js'));

const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const file = makeBigNpzInput(path.resolve(process.argv[2] ?? '.'));
const f = await openAnyFile(file);
const src = await f.npz.memberSource('a');
let t = performance.now();
let c = cpu();
await src.read(src.size - 6400, 6400);
console.log(`first jump to the end: ${(performance.now() - t).toFixed(0)} ms (CPU ${(cpu() - c).toFixed(0)} ms; target ≤ 3000 ms)`);
const times = [];
let seed = 1;
for (let k = 0; k < 20; k++) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  const at = Math.floor((seed / 2147483648) * (src.size - 6400));
  t = performance.now();
  await src.read(at, 6400);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(`later jumps (20 random offsets): median ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms (target ≤ 100 ms)`);
const st = src.stats;
console.log(`restart points ${st.restartPoints} (${(st.restartBytes / 1048576).toFixed(1)} MiB), cache peak ${(st.peakMemoryBytes / 1048576).toFixed(0)} MiB, replays ${st.replays}, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
await src.close();
await f.close();
