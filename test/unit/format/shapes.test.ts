/**
 * NumPy's shape and dtype rules (issue 12, defect 8): dimensions past 2**53 beside a zero, the
 * int64 limits on dimensions and on the byte size, top-level subarray descrs (read by NumPy 2.4
 * as items of the subarray dtype, then reshaped), nesting as deep as Python's parser allows.
 * Expected: np.load of each header as a file and as an .npz member stream
 * (test/fixtures/hostile/make_hostile.py → shapes.json).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { dtypeDescr } from '../../../src/npy/format/dtype';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';

const FIX = path.join(__dirname, '../../../../test/fixtures/hostile');

interface Loaded { dtype: string; shape: string[]; data: string | null }
interface Case { why: string; npy: string; file: Loaded | string; member: Loaded | string }

const data = JSON.parse(fs.readFileSync(path.join(FIX, 'shapes.json'), 'utf8')) as { cases: Case[] };

async function load(c: Case, member: boolean): Promise<Loaded | string> {
  let arr: NpyArray;
  try {
    arr = await NpyArray.open(new BufferSource(Buffer.from(c.npy, 'base64')), 'case', { member });
  } catch (e) {
    if (e instanceof NpyError) return `!${e.message}`;
    throw e;
  }
  const h = arr.header;
  const shape = (h.bigShape ?? h.shape).map(String);
  const size = h.shape.reduce((a, b) => a * b, 1) * h.dtype.itemsize;
  let bytes: string | null = null;
  if (size <= 4096) {
    const v = arr.view();
    bytes = Buffer.from(await v.readBlock(v.shape.map(() => 0), v.shape)).toString('hex');
  }
  return { dtype: dtypeDescr(h.dtype), shape, data: bytes };
}

describe("NumPy's shape and dtype rules (issue 12, defect 8)", () => {
  it(`has the cases (${data.cases.length})`, () => {
    const whys = new Set(data.cases.map((c) => c.why));
    for (const w of ['huge dimension beside a zero', 'top-level subarray descr', 'nested field lists', 'nested subarray tuples']) assert.ok(whys.has(w), w);
    assert.ok(data.cases.length > 500);
  });
  for (const member of [false, true]) {
    it(`opens what np.load opens and refuses what it refuses, as ${member ? 'an .npz member' : 'a .npy file'}`, async () => {
      const bad: string[] = [];
      for (const [i, c] of data.cases.entries()) {
        const want = member ? c.member : c.file;
        const got = await load(c, member);
        if (c.why === 'empty items, huge count') {
          // Deliberate deviation (README): more than 2**53 zero-byte items are refused.
          assert.match(String(got), /too large \(more than 2\*\*53 bytes or elements\)/);
          continue;
        }
        const head = Buffer.from(c.npy, 'base64').subarray(10, 90).toString('latin1');
        if (typeof want === 'string' || typeof got === 'string') {
          if ((typeof want === 'string') !== (typeof got === 'string')) {
            bad.push(`${i} ${c.why} ${head}: numpy ${JSON.stringify(want).slice(0, 120)}, we ${JSON.stringify(got).slice(0, 120)}`);
          }
          continue;
        }
        if (got.dtype !== want.dtype || got.shape.join() !== want.shape.join() || (want.data !== null && got.data !== want.data)) {
          bad.push(`${i} ${c.why} ${head}: numpy ${JSON.stringify(want).slice(0, 160)}, we ${JSON.stringify(got).slice(0, 160)}`);
        }
      }
      assert.deepStrictEqual(bad.slice(0, 15), []);
    });
  }
});
