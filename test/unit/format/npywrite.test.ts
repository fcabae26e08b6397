import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cOrderBlocks, NpyArray } from '../../../src/npy/format/array';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';
import { writeNpy } from '../../../src/npy/format/npywrite';
import { MemorySink } from '../../../src/npy/io/sink';
import { openOutputFile } from '../../../src/npy/io/outputfile';
import { expected, fixture, rawNpy } from '../../support/corefixtures';
import { PYTHON, requireNumpy } from '../../support/numpy';

async function open(name: string): Promise<NpyArray> {
  return NpyArray.open(new BufferSource(fs.readFileSync(fixture(name))));
}


describe('writeNpy', () => {
  it('rewrites every C-order fixture byte for byte as np.save did', async () => {
    let n = 0;
    for (const [name, exp] of Object.entries(expected.files)) {
      if (!exp.exact_save || exp.fortran_order) continue;
      const sink = new MemorySink();
      await writeNpy((await open(name)).view(), sink);
      assert.ok(Buffer.from(sink.toBuffer()).equals(fs.readFileSync(fixture(name))), name);
      n++;
    }
    assert.ok(n > 70);
  });

  for (const c of expected.indexing) {
    it(`writes ${c.file}[${c.expr}] as np.save(ascontiguousarray(...)) does`, async () => {
      const sink = new MemorySink();
      await writeNpy((await open(c.file)).view().index(c.expr), sink);
      assert.ok(Buffer.from(sink.toBuffer()).equals(fs.readFileSync(fixture(c.npy))));
    });
  }

  it('keeps a dimension past 2**53 of an empty array exact (np.save writes its header byte for byte)', async () => {
    const text = "{'descr': '<c8', 'fortran_order': False, 'shape': (0, 9007199254740993, 4), }";
    const sink = new MemorySink();
    await writeNpy((await NpyArray.open(new BufferSource(rawNpy(text)))).view(), sink);
    // np.save(f, np.empty((0, 2**53 + 1, 4), '<c8')): the dict, padding to 128 bytes, '\n'
    const npsave = Buffer.concat([Buffer.from('\x93NUMPY\x01\x00\x76\x00', 'latin1'), Buffer.from(text.padEnd(117)), Buffer.from('\n')]);
    assert.strictEqual(Buffer.from(sink.toBuffer()).toString('latin1'), npsave.toString('latin1'));
  });

  it('writes Fortran-order arrays in C order with the same values', async () => {
    for (const name of ['f_3x4_f8.npy', 'f_2x3x4_i2be.npy', 'struct_2d_fortran.npy', 'odd_fortran_true.npy']) {
      const sink = new MemorySink();
      await writeNpy((await open(name)).view(), sink);
      const back = await NpyArray.open(new BufferSource(sink.toBuffer()));
      assert.strictEqual(back.header.fortranOrder, false);
      const orig = (await open(name)).view();
      const a = await orig.readBlock(orig.shape.map(() => 0), orig.shape);
      const v = back.view();
      assert.ok(Buffer.from(await v.readBlock(v.shape.map(() => 0), v.shape)).equals(a), name);
    }
  });

  it('covers the view exactly once, in C order, whatever the chunk size', () => {
    for (const [shape, chunk] of [[[5, 7, 3], 40], [[5, 7, 3], 8], [[5, 7, 3], 1000], [[1000], 64], [[], 8], [[3, 0, 2], 8]] as [number[], number][]) {
      const size = shape.reduce((a, b) => a * b, 1);
      let next = 0;
      for (const [start, count] of cOrderBlocks(shape, 8, chunk)) {
        // the block's first element is the next C-order element, and blocks are contiguous runs
        const lin = start.reduce((acc, s, i) => acc * shape[i] + s, 0);
        assert.strictEqual(lin, next);
        const n = count.reduce((a, b) => a * b, 1);
        assert.ok(n * 8 <= Math.max(chunk, 8));
        next += n;
      }
      assert.strictEqual(next, size, JSON.stringify(shape));
    }
  });

  it('reports progress and can be cancelled', async () => {
    const src = new BufferSource(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (3000, 1000), }", new Uint8Array(24_000_000)));
    const v = (await NpyArray.open(src)).view();
    const seen: number[] = [];
    const sink = new MemorySink();
    await writeNpy(v, sink, { onProgress: (done, total) => { assert.strictEqual(total, 24_000_000); seen.push(done); } });
    assert.strictEqual(seen[seen.length - 1], 24_000_000);
    assert.ok(seen.length > 3, 'written in several chunks');
    const ac = new AbortController();
    let calls = 0;
    await assert.rejects(writeNpy(v, new MemorySink(), {
      signal: ac.signal,
      onProgress: () => { if (++calls === 2) ac.abort(); },
    }), (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
    assert.strictEqual(calls, 2);
  });

  it('np.load reads back what an output file got', async function () {
    requireNumpy(this, 'np.load reading our .npy back');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-core-write-'));
    try {
      const out = path.join(dir, 'out.npy');
      const sink = await openOutputFile(out);
      await writeNpy((await open('struct_subarray.npy')).view().index('::-2'), sink);
      await sink.commit();
      const ok = execFileSync(PYTHON, ['-c', `
import numpy as np, sys
a = np.load(sys.argv[1]); b = np.load(sys.argv[2])[::-2]
print(a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == np.ascontiguousarray(b).tobytes())`,
      out, fixture('struct_subarray.npy')]).toString().trim();
      assert.strictEqual(ok, 'True');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
