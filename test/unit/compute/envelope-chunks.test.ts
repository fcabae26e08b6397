/**
 * Line envelopes read from a file (host-order floats looked at in the reused chunk buffers where
 * they landed; other dtypes converted) equal a plain per-column loop over the whole array, for
 * every chunk size and range: chunk edges inside columns, NaN runs, ±Inf, float32 and float64 in
 * both byte orders.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { FileSource } from '../../../src/npy/io/filesource';
import { columnStart, lineEnvelope } from '../../../src/npy/compute/envelope';
import { rawNpy } from '../../support/corefixtures';

/** The envelope by definition: per column, nanmin, nanmax, first, last, NaN count. */
function expected(data: ArrayLike<number>, start: number, stop: number, columns: number) {
  const n = stop - start, P = Math.min(columns, n);
  const out = { min: [] as number[], max: [] as number[], first: [] as number[], last: [] as number[], nan: [] as number[] };
  for (let c = 0; c < P; c++) {
    const a = columnStart(start, n, P, c), b = columnStart(start, n, P, c + 1);
    let lo = NaN, hi = NaN, nan = 0;
    for (let i = a; i < b; i++) {
      const v = data[i];
      if (Number.isNaN(v)) { nan++; continue; }
      if (Number.isNaN(lo) || v < lo) lo = v;
      if (Number.isNaN(hi) || v > hi) hi = v;
    }
    out.min.push(lo); out.max.push(hi); out.first.push(data[a]); out.last.push(data[b - 1]); out.nan.push(nan);
  }
  return out;
}

describe('line envelopes over chunked file reads', function () {
  this.timeout(120000);
  let dir = '';
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-envelope-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  let checked = 0;
  for (const descr of ['<f8', '<f4', '>f8']) {
    it(`${descr}: equal to the plain loop for every chunk size and range`, async () => {
      const N = 300_007;
      const data = descr.endsWith('8') ? new Float64Array(N) : new Float32Array(N);
      let s = 7;
      for (let i = 0; i < N; i++) {
        s = (s * 1103515245 + 12345) % 2147483648;
        data[i] = Math.sin(i / 900) * 10 + (s / 2147483648 - 0.5);
      }
      for (let i = 1000; i < 1300; i++) data[i] = NaN; // a NaN run across columns and chunks
      data[0] = NaN; data[N - 1] = NaN; data[77_777] = Infinity; data[150_000] = -Infinity; data[299_999] = 1e30;
      const bytes = new Uint8Array(data.buffer.slice(0));
      if (descr.startsWith('>')) {
        const w = data.BYTES_PER_ELEMENT;
        for (let i = 0; i < bytes.length; i += w) bytes.subarray(i, i + w).reverse();
      }
      const file = path.join(dir, `${descr.slice(1)}${descr[0] === '>' ? 'be' : 'le'}.npy`);
      fs.writeFileSync(file, rawNpy(`{'descr': '${descr}', 'fortran_order': False, 'shape': (${N},), }`, bytes));
      const arr = await NpyArray.open(await FileSource.open(file));
      for (const chunkBytes of [undefined, 8 * 999, 4 * 1001, 1 << 20]) {
        for (const [start, stop, columns] of [[0, N, 1108], [0, N, 7], [999, 1301, 1000], [12_345, 250_000, 333], [N - 5, N, 10]]) {
          const env = await lineEnvelope(arr.view(), { columns, start, stop, chunkBytes });
          const want = expected(data, start, stop, columns);
          const what = `${descr} ${start}:${stop} in ${columns}, chunks of ${chunkBytes ?? 'default'} bytes`;
          assert.deepStrictEqual(Array.from(env.min), want.min, `${what}: min`);
          assert.deepStrictEqual(Array.from(env.max), want.max, `${what}: max`);
          assert.deepStrictEqual(Array.from(env.first), want.first, `${what}: first`);
          assert.deepStrictEqual(Array.from(env.last), want.last, `${what}: last`);
          assert.deepStrictEqual(Array.from(env.nan), want.nan, `${what}: NaN counts`);
          checked++;
        }
      }
      await arr.close();
    });
  }
  it('checked every case', () => assert.strictEqual(checked, 3 * 4 * 5));
});
