/**
 * A linked column profile of a 32768×16384 float64 heatmap (4 GiB; a column's elements are
 * 128 KiB apart) is read through the file's gather read: a few dozen reads of 1024 elements, not
 * one read per row, and only the column's bytes. The gather path gives the same bytes as the
 * read-per-run path for random strided blocks, and a file cut short under it is a clear error.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GATHER_BATCH, NpyArray } from '../../../src/npy/format/array';
import { lineEnvelope } from '../../../src/npy/compute/envelope';
import { BufferSource, FileSource } from '../../../src/npy/io/filesource';
import { NpyError } from '../../../src/npy/errors';
import { FULL_SLICE } from '../../../src/shared/indexing/indexexpr';
import { rawNpy, writeSparseF8 } from '../../support/corefixtures';

describe('column profile reads', function () {
  this.timeout(120000);
  const ROWS = 32768, COLS = 16384, COL = 1234;
  const marks: [number, number][] = [[0, 1.5], [777, -2.25], [20000, 9.75], [ROWS - 1, 7]];
  let dir = '';
  let file = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-profile-'));
    file = path.join(dir, 'big.npy');
    writeSparseF8(file, ROWS, COLS, marks.map(([r, v]) => [r, COL, v] as const));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the 32768 elements of a column in 32 gather reads of its own bytes, and plots them exactly', async () => {
    const src = await FileSource.open(file);
    const arr = await NpyArray.open(src);
    const { reads, bytes } = src.stats;
    const column = arr.view().index([FULL_SLICE, { kind: 'int', index: COL }]);
    const env = await lineEnvelope(column, { columns: ROWS });
    const got = { reads: src.stats.reads - reads, bytes: src.stats.bytes - bytes };
    await arr.close();
    assert.deepStrictEqual(got, { reads: ROWS / GATHER_BATCH, bytes: ROWS * 8 }, 'one read per 1024 rows, 8 bytes a row');
    assert.strictEqual(env.columns, ROWS);
    const want = new Float64Array(ROWS);
    for (const [r, v] of marks) want[r] = v;
    assert.deepStrictEqual(env.min, want);
    assert.deepStrictEqual(env.max, want);
  });

  it('a zoomed part of the column (rows 19000…21000 of a reversed view) is read the same way', async () => {
    const src = await FileSource.open(file);
    const arr = await NpyArray.open(src);
    const reads = src.stats.reads;
    const column = arr.view().index('::-1, 1234');
    const env = await lineEnvelope(column, { columns: 2000, start: ROWS - 21000, stop: ROWS - 19000 });
    await arr.close();
    assert.strictEqual(src.stats.reads - reads, 2, '2000 rows: two gather reads');
    const i = ROWS - 1 - 20000 - (ROWS - 21000);
    assert.deepStrictEqual([env.min[i], env.min[i - 1], env.min[i + 1]], [9.75, 0, 0]);
  });

  it('gives the bytes of the read-per-run path for random strided blocks', async () => {
    // Rows 4400 bytes apart: a column's elements share no read (MERGE_GAP is 4096), so they are gathered.
    const shape = [64, 3, 1100];
    const n = shape[0] * shape[1] * shape[2];
    const data = new Uint8Array(n * 4);
    const dv = new DataView(data.buffer);
    for (let i = 0; i < n; i++) dv.setInt32(i * 4, i * 7919 - 12345, true);
    const header = rawNpy(`{'descr': '<i4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`);
    const small = path.join(dir, 'small.npy');
    fs.writeFileSync(small, Buffer.concat([header, data]));
    const file = await FileSource.open(small);
    const viaFile = await NpyArray.open(file);
    const viaBuffer = await NpyArray.open(new BufferSource(new Uint8Array(fs.readFileSync(small))));
    let seed = 1206;
    const rand = (k: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
    const exprs = [':, :, 5', '::-1, 1, ::300', ':, ::-1, 1000', '::2, :, 17:19', '..., ::-550', ':, 2, ::1099'];
    let cases = 0, gathered = 0;
    for (const e of exprs) {
      for (let t = 0; t < 40; t++) {
        const [a, b] = [viaFile.view().index(e), viaBuffer.view().index(e)];
        const start = a.shape.map((s) => rand(Math.max(1, s >> 2)));
        const count = a.shape.map((s, i) => s - start[i] - rand(Math.max(1, (s - start[i]) >> 3)));
        const runs = file.stats.reads;
        const [x, y] = await Promise.all([a.readBlock(start, count), b.readBlock(start, count)]);
        assert.deepStrictEqual(x, y, `${e} at ${start} × ${count}`);
        // A gathered block costs one read per GATHER_BATCH runs, fewer than its runs.
        if (file.stats.reads - runs < count.reduce((p, q) => p * q, 1) / 8) gathered++;
        cases++;
      }
    }
    await viaFile.close();
    assert.strictEqual(cases, exprs.length * 40);
    assert.ok(gathered >= 80, `${gathered} blocks gathered`);
  });

  it('a file cut short under the gather read is a clear error', async () => {
    const cut = path.join(dir, 'cut.npy');
    const header = rawNpy(`{'descr': '<f8', 'fortran_order': False, 'shape': (4000, 1000), }`);
    fs.writeFileSync(cut, Buffer.concat([header, Buffer.alloc(4000 * 1000 * 8)]));
    const arr = await NpyArray.open(await FileSource.open(cut));
    fs.truncateSync(cut, header.length + 2000 * 8000);
    const column = arr.view().index(':, 3');
    await assert.rejects(column.readBlock([0], [4000]), (e: unknown) => e instanceof NpyError && e.code === 'changed' && /shorter/.test(e.message));
    await arr.close();
  });
});
