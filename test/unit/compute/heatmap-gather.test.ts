/**
 * The fast path of strided heatmaps (rows of a file read whole into reused buffers, every k-th
 * element picked out) gives the same bits as the general path (a source without parallel reads),
 * for float32/float64 in both byte orders, C and Fortran order, reversed and offset views, regions.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { BufferSource, FileSource } from '../../../src/npy/io/filesource';
import { heatmapGrid, type GridOptions } from '../../../src/npy/compute/heatmap';
import { NpyError } from '../../../src/npy/errors';
import { rawNpy } from '../../support/corefixtures';
import { rng } from '../../support/npzfixtures';


describe('heatmap: strided rows gathered from a file', function () {
  this.timeout(120000);
  let dir = '';
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-gather-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A file of random bytes (every bit pattern: NaN payloads, infinities, subnormals). */
  function write(name: string, descr: string, fortran: boolean, rows: number, cols: number, item: number, seed: number): { file: string; bytes: Uint8Array } {
    const r = rng(seed);
    const data = new Uint8Array(rows * cols * item);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(r() * 256);
    const bytes = rawNpy(`{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${rows}, ${cols}), }`, data);
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return { file, bytes };
  }

  let cases = 0;
  for (const descr of ['<f8', '>f8', '<f4', '>f4']) {
    for (const fortran of [false, true]) {
      it(`${descr}${fortran ? ', Fortran order' : ''}: the same bits as the general path`, async () => {
        const item = Number(descr.slice(2));
        const rows = 301, cols = 257;
        const { file, bytes } = write(`${descr.slice(0, 1) === '<' ? 'le' : 'be'}${item}${fortran ? 'f' : 'c'}.npy`, descr, fortran, rows, cols, item, 7 + item);
        const fast = await NpyArray.open(await FileSource.open(file));
        const slow = await NpyArray.open(new BufferSource(bytes));
        const views: [string, string][] = [['all', '...'], ['reversed rows', '::-1, :'], ['reversed columns', ':, ::-1'],
          ['offset and stepped', '3:, 5::2'], ['transposed', '']];
        for (const [what, expr] of views) {
          const f = expr === '' ? fast.view().transpose([1, 0]) : fast.view().index(expr);
          const s = expr === '' ? slow.view().transpose([1, 0]) : slow.view().index(expr);
          const opts: GridOptions[] = [
            { maxWidth: 40, maxHeight: 40, method: 'stride' },
            { maxWidth: 100, maxHeight: 60, method: 'stride' },
            { maxWidth: 30, maxHeight: 30, method: 'stride', region: { row: 17, col: 9, rows: 120, cols: 90 } },
            { maxWidth: 2, maxHeight: 2, method: 'stride' },
          ];
          for (const o of opts) {
            const a = await heatmapGrid(f, o);
            const b = await heatmapGrid(s, o);
            assert.deepStrictEqual([a.rows, a.cols, a.factor, a.method], [b.rows, b.cols, b.factor, b.method]);
            assert.ok(a.factor > 1, `${what}: downsampled`);
            const ab = new Uint8Array(a.values.buffer, a.values.byteOffset, a.values.byteLength);
            const bb = new Uint8Array(b.values.buffer, b.values.byteOffset, b.values.byteLength);
            assert.ok(Buffer.from(ab).equals(Buffer.from(bb)), `${descr} ${what} ${JSON.stringify(o)}: values differ`);
            cases++;
          }
        }
        await fast.close();
      });
    }
  }
  it('ran every case', () => assert.strictEqual(cases, 4 * 2 * 5 * 4));

  it('block means of a C-order view: np.nanmean of each block, summed in C order, for any chunking and region', async () => {
    const rows = 203, cols = 151;
    const r = rng(5);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = r() < 0.05 ? NaN : r() < 0.01 ? Infinity : (r() - 0.5) * 1e3;
    const file = path.join(dir, 'means.npy');
    fs.writeFileSync(file, rawNpy(`{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`, new Uint8Array(data.buffer)));
    const arr = await NpyArray.open(await FileSource.open(file));
    let checked = 0;
    for (const region of [{ row: 0, col: 0, rows, cols }, { row: 7, col: 13, rows: 150, cols: 101 }]) {
      for (const chunkBytes of [undefined, 8 * 37, 1000]) {
        const grid = await heatmapGrid(arr.view(), { maxWidth: 30, maxHeight: 30, method: 'mean', region, chunkBytes });
        const k = grid.factor;
        const sum = new Float64Array(grid.rows * grid.cols), count = new Float64Array(grid.rows * grid.cols);
        for (let y = 0; y < region.rows; y++) {
          for (let x = 0; x < region.cols; x++) {
            const v = data[(region.row + y) * cols + region.col + x];
            const cell = Math.floor(y / k) * grid.cols + Math.floor(x / k);
            if (!Number.isNaN(v)) { sum[cell] += v; count[cell]++; }
          }
        }
        const want = Array.from(sum, (s, i) => (count[i] > 0 ? s / count[i] : NaN));
        assert.deepStrictEqual(Array.from(grid.values), want, `${JSON.stringify(region)} chunks of ${chunkBytes ?? 'default'}`);
        checked++;
      }
    }
    await arr.close();
    assert.strictEqual(checked, 6);
  });

  it('reports progress row by row and stops when cancelled', async () => {
    const { file } = write('cancel.npy', '<f8', false, 400, 300, 8, 99);
    const arr = await NpyArray.open(await FileSource.open(file));
    const seen: number[] = [];
    const grid = await heatmapGrid(arr.view(), { maxWidth: 100, maxHeight: 100, method: 'stride', onProgress: (done, total) => seen.push(done / total) });
    assert.strictEqual(grid.factor, 4);
    assert.strictEqual(seen.length, 100);
    assert.strictEqual(seen[seen.length - 1], 1);
    const ac = new AbortController();
    let calls = 0;
    await assert.rejects(heatmapGrid(arr.view(), {
      maxWidth: 100, maxHeight: 100, method: 'stride', signal: ac.signal, onProgress: () => { if (++calls === 5) ac.abort(); },
    }), (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
    assert.strictEqual(calls, 5);
    await arr.close();
  });
});
