/** Shared bits for the npz tests: fixture paths, the manifest make_npz.py wrote, small helpers. */
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { NpyError } from '../../src/npy/errors';

export const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'npz');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export interface ManifestMember {
  zipName: string; name: string; compressed: boolean; method: number;
  compressedSize: number; uncompressedSize: number; isArray: boolean;
  sha256: string; crc32: number; flags: number;
  npySha256?: string; dtype?: string; shape?: number[]; fortranOrder?: boolean; dataOffset?: number;
  values?: (number | boolean | string)[];
}
export interface ManifestFile { members: ManifestMember[]; memberCount: number; memberNames?: string[]; size: number }
export interface ManifestError { code: string; contains: string; where: 'open' | 'header' | 'array' | 'read' | 'copy'; member: string | null }
/** Archives that look broken but np.load reads (zipfile's leniency): member → what NumPy gives. */
export type ManifestLenient = Record<string, Record<string, { memberSha256: string; npySha256: string; shape: number[] }>>;
export interface Manifest {
  numpy: string; files: Record<string, ManifestFile>; errors: Record<string, ManifestError>; lenient?: ManifestLenient;
}

export const manifest: Manifest = JSON.parse(fs.readFileSync(fixture('manifest.json'), 'utf8'));

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Asserts that `p` rejects with an NpyError of `code` whose message contains every string. */
export async function rejectsNpy(p: Promise<unknown>, code: string, ...contains: string[]): Promise<NpyError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected an NpyError(${code}) but the call succeeded`);
  assert.ok(err instanceof NpyError, `expected an NpyError, got ${String(err)} ${(err as Error)?.stack ?? ''}`);
  assert.strictEqual(err.code, code, `wrong code for: ${err.message}`);
  for (const c of contains) assert.ok(err.message.includes(c), `message ${JSON.stringify(err.message)} should contain ${JSON.stringify(c)}`);
  return err;
}

/** The hash numpy used for large.npz's big member (lowbias32), so tests can check any element. */
export function lowbias32(i: number): number {
  let x = i >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** A deterministic PRNG for fuzz tests (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
