/**
 * The seeds: the NumPy-written .npy/.npz files of test/fixtures (the corpus, the core and npz
 * fixtures, the hostile ones), small enough to mutate quickly. The fuzzer's own saved failures
 * (test/fixtures/fuzz) are not seeds: they are its regression tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Seed } from './mutate';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const DIRS = ['corpus', 'core', 'npz', 'hostile'];
const MAX_SEED = 256 << 10;
/** An archive whose members inflate to more than this is not a seed (mutating it means inflating it). */
const MAX_INFLATED = 4 << 20;
/** Nor one of more members than this: each case of npz/many.npz (1,100 members) takes ~10-20 s. */
const MAX_MEMBERS = 200;

/** The sum of the central directory's uncompressed sizes (Infinity when it cannot be read simply, or for too many members). */
function inflatedSize(b: Buffer): number {
  const e = b.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
  if (e < 0 || e + 22 > b.length) return Infinity;
  let p = b.readUInt32LE(e + 16);
  const count = b.readUInt16LE(e + 10);
  if (count > MAX_MEMBERS) return Infinity;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return Infinity;
    const u = b.readUInt32LE(p + 24);
    total += u === 0xffffffff ? Infinity : u;
    p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  return total;
}

export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const dir of DIRS) {
    const full = path.join(FIXTURES, dir);
    if (!fs.existsSync(full)) continue;
    for (const name of fs.readdirSync(full).sort()) {
      const file = path.join(full, name);
      if (!/\.(npy|npz)$/.test(name) || fs.statSync(file).size > MAX_SEED) continue;
      const bytes = new Uint8Array(fs.readFileSync(file));
      // by content, as the engine and np.load decide
      const kind = bytes[0] === 0x50 && bytes[1] === 0x4b ? 'npz' : 'npy';
      if (kind === 'npz' && inflatedSize(Buffer.from(bytes)) > MAX_INFLATED) continue;
      seeds.push({ name: `${dir}/${name}`, bytes, kind });
    }
  }
  return seeds;
}
