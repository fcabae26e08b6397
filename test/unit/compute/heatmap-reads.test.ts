/** A heatmap of a 4 GiB array reads about 1/k of it, never the whole; 'auto' picks block means only within budget. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { FileSource } from '../../../src/npy/io/filesource';
import type { ByteSource } from '../../../src/npy/io/source';
import { NpyError } from '../../../src/npy/errors';
import { heatmapGrid } from '../../../src/npy/compute/heatmap';
import { writeSparseF8 } from '../../support/corefixtures';

/** Counts what passes through to the source underneath. */
class CountingSource implements ByteSource {
  reads = 0;
  bytes = 0;
  constructor(private readonly inner: ByteSource) {}
  get size(): number { return this.inner.size; }
  get parallelReads(): boolean | undefined { return this.inner.parallelReads; }
  read(offset: number, length: number): Promise<Uint8Array> {
    this.reads++;
    this.bytes += length;
    return this.inner.read(offset, length);
  }
  /** Forwarded when the source underneath has it, so the fast path is the one counted. */
  get readInto(): ((offset: number, target: Uint8Array) => Promise<void>) | undefined {
    const inner = this.inner.readInto?.bind(this.inner);
    return inner && ((offset, target) => { this.reads++; this.bytes += target.length; return inner(offset, target); });
  }
  close(): Promise<void> { return this.inner.close(); }
}

describe('heatmap reads', function () {
  this.timeout(120000);
  const ROWS = 32768, COLS = 16384; // float64: 4 GiB
  let dir = '';
  let file = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-heatmap-'));
    file = path.join(dir, 'big.npy');
    // Mark a few elements the strided grid must pick up: (r, c) with r, c multiples of k = 32.
    writeSparseF8(file, ROWS, COLS, [[0, 0, 1.5], [32 * 7, 32 * 9, -2.25], [ROWS - 32, COLS - 32, 7]]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function open(): Promise<{ arr: NpyArray; src: CountingSource }> {
    const src = new CountingSource(await FileSource.open(file));
    return { arr: await NpyArray.open(src), src };
  }

  it('a 1024×1024 picture of a 32768×16384 float64 array reads 1/32 of it (strided rows), in bounded reads', async () => {
    const { arr, src } = await open();
    const before = src.bytes;
    const grid = await heatmapGrid(arr.view(), { maxWidth: 1024, maxHeight: 1024 });
    await arr.close();
    assert.strictEqual(grid.factor, 32);
    assert.strictEqual(grid.method, 'stride', '4 GiB is far over the block-mean budget');
    assert.deepStrictEqual([grid.rows, grid.cols], [1024, 512]);
    const total = ROWS * COLS * 8;
    const read = src.bytes - before;
    // Every 32nd row, each read whole (its elements are 256 bytes apart): total / 32 = 128 MiB.
    assert.ok(read <= total / 32 + 1024 * 1024, `read ${read} bytes of ${total}`);
    assert.ok(read >= 0.99 * (total / 32), 'the sampled rows are read');
    assert.ok(src.reads <= 2 * 1024 + 16, `${src.reads} reads`);
    assert.strictEqual(grid.values[0], 1.5);
    assert.strictEqual(grid.values[7 * 512 + 9], -2.25);
    assert.strictEqual(grid.values[1023 * 512 + 511], 7);
  });

  it('zooming into a region reads only that region, at full detail when it fits', async () => {
    const { arr, src } = await open();
    const before = src.bytes;
    const grid = await heatmapGrid(arr.view(), { maxWidth: 800, maxHeight: 600, region: { row: 32 * 7 - 100, col: 32 * 9 - 200, rows: 600, cols: 800 } });
    await arr.close();
    assert.strictEqual(grid.factor, 1);
    assert.strictEqual(grid.method, 'full');
    assert.strictEqual(grid.values[100 * 800 + 200], -2.25);
    assert.ok(src.bytes - before <= 600 * 800 * 8 + 600 * 8192, `read ${src.bytes - before} bytes`);
  });

  it('auto: block means when the region is within the budget (reads it all), else strided', async () => {
    const { arr, src } = await open();
    const region = { row: 0, col: 0, rows: 1024, cols: 1024 }; // 8 MiB
    let before = src.bytes;
    const mean = await heatmapGrid(arr.view(), { maxWidth: 256, maxHeight: 256, region });
    assert.strictEqual(mean.method, 'mean');
    assert.strictEqual(mean.values[0], 1.5 / 16, 'mean of the 4×4 block holding 1.5');
    assert.ok(src.bytes - before >= 1024 * 1024 * 8);
    before = src.bytes;
    const strided = await heatmapGrid(arr.view(), { maxWidth: 256, maxHeight: 256, region, meanBudgetBytes: 1 << 20 });
    assert.strictEqual(strided.method, 'stride');
    assert.strictEqual(strided.values[0], 1.5);
    assert.ok(src.bytes - before <= 256 * 1024 * 8 + 8192);
    await arr.close();
  });

  it('stops when cancelled', async () => {
    const { arr } = await open();
    const ac = new AbortController();
    let chunks = 0;
    await assert.rejects(heatmapGrid(arr.view(), {
      maxWidth: 1024, maxHeight: 1024, signal: ac.signal, chunkBytes: 1 << 16,
      onProgress: () => { if (++chunks === 3) ac.abort(); },
    }), (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
    await arr.close();
    assert.strictEqual(chunks, 3);
  });
});
