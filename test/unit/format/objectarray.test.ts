/**
 * Object arrays written by np.save (and np.savez members), read by the safe unpickler: export
 * equals np.savetxt(np.load(f, allow_pickle=True), fmt=...) — '%s' (Python's str of each
 * element), '%r', and number formats on numeric object arrays (with NumPy's errors where it
 * fails). Random nested values: big ints, floats, str, bytes, bytearray, None, bools, complex,
 * lists, tuples, dicts, sets, frozensets, NumPy scalars, nested numeric and object arrays.
 * Seed in the title (NPYVIEW_OBJ_SEED replays); asserts how many cases ran.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { openAnyFile } from '../../../src/npy/format/open';
import { MemorySink } from '../../../src/npy/io/sink';
import { SAVETXT_DEFAULTS, savetxt } from '../../../src/npy/text/savetxt';
import { makeCellFormatter } from '../../../src/viewer/display';
import { NpyError } from '../../../src/npy/errors';
import { writeNpy } from '../../../src/npy/format/npywrite';
import { ViewerSession } from '../../../src/viewer/session';
import { ROOT, runCli, tempDir } from '../../support/cli-harness';
import { requireNumpy, runPython } from '../../support/numpy';

interface ArrayCase { file: string; fmt: string; member: string | null; shape: number[]; expected?: string; error?: string }

const SEED = process.env.NPYVIEW_OBJ_SEED ? Number(process.env.NPYVIEW_OBJ_SEED) : Math.floor(Math.random() * 1e9);
const COUNT = 150;

async function exportOf(file: string, c: ArrayCase): Promise<Buffer> {
  const f = await openAnyFile(file);
  try {
    const a = f.kind === 'npy' ? f.array : f.kind === 'npz' ? await f.npz.openArray(c.member!) : undefined;
    if (!a) throw new Error('not an array file');
    const sink = new MemorySink();
    await savetxt(a.view(), { ...SAVETXT_DEFAULTS, fmt: c.fmt }, sink);
    return Buffer.from(sink.toBuffer());
  } finally {
    await f.close();
  }
}

describe(`object arrays vs np.savetxt(np.load(allow_pickle=True)) (seed ${SEED}, ${COUNT} random arrays)`, function () {
  if (!requireNumpy()) return;
  const dir = tempDir('npyview-obj-');
  runPython(path.join(ROOT, 'test', 'unit', 'py', 'pickle_cases.py'), [String(SEED), String(COUNT), dir, path.join(dir, 'PWNED')]);
  const { arrays } = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { arrays: ArrayCase[] };
  let ran = 0;
  after(() => assert.strictEqual(ran, COUNT, 'every case ran'));

  arrays.forEach((c, i) => {
    it(`o${String(i).padStart(3, '0')} ${c.file}${c.member ? `[${c.member}]` : ''} [${c.shape}] ${c.fmt}${c.error ? ' → ' + c.error.split(':')[0] : ''}`, async function () {
      let got: Buffer | undefined;
      let err: unknown;
      try { got = await exportOf(path.join(dir, c.file), c); } catch (e) { err = e; }
      ran++;
      if (c.error) {
        assert.ok(err instanceof NpyError, `NumPy raised ${c.error}; we wrote ${got?.toString().slice(0, 100)}`);
        return;
      }
      if (err) throw err;
      const want = fs.readFileSync(path.join(dir, c.expected!));
      if (!got!.equals(want)) assert.fail(`got  ${JSON.stringify(got!.toString().slice(0, 400))}\nwant ${JSON.stringify(want.toString().slice(0, 400))}`);
    });
  });
});

describe('object arrays: the header, the grid and the CLI', function () {
  if (!requireNumpy()) return;
  const dir = tempDir('npyview-objcli-');
  const file = path.join(dir, 'o.npy');
  runPython('-c', [`import numpy as np; a = np.empty(4, dtype=object); a[:] = [1, 'x', [1, 2], None]; np.save(${JSON.stringify(file)}, a)`]);

  it('`info` shows dtype object / |O like NumPy; export --fmt %s equals np.savetxt', async function () {
    this.timeout(0);
    const info = await runCli(['info', '--json', file]);
    assert.strictEqual(info.code, 0, info.stderr);
    const j = JSON.parse(info.stdout.toString());
    assert.strictEqual(j.dtype, '|O');
    assert.strictEqual(j.dtype_name, 'object');
    const out = await runCli(['export', file, '--fmt', '%s']);
    assert.strictEqual(out.code, 0, out.stderr);
    assert.strictEqual(out.stdout.toString(), "1\nx\n[1, 2]\nNone\n");
  });

  it('the grid shows each element as Python str()', async function () {
    const f = await openAnyFile(file);
    try {
      if (f.kind !== 'npy') throw new Error('not npy');
      const a = f.array;
      const fmt = makeCellFormatter(a.dtype, { notation: 'auto', precision: 6 });
      const bytes = await a.view().readBlock([0], [4]);
      assert.deepStrictEqual([0, 1, 2, 3].map((k) => fmt(bytes, k * 8).text), ['1', 'x', '[1, 2]', 'None']);
    } finally {
      await f.close();
    }
  });
});

describe('object arrays: members, writing, the viewer', function () {
  if (!requireNumpy()) return;
  const dir = tempDir('npyview-objz-');
  const file = path.join(dir, 'z.npz');
  runPython('-c', [`import numpy as np
a = np.empty(3, dtype=object); a[:] = ['x' * 400000, 'y' * 400000, 'z' * 400000]
b = np.empty(3, dtype=object); b[:] = [1, 2, 3]
c = np.empty(3, dtype=object); c[:] = ['p', 'q', 'r']
np.savez_compressed(${JSON.stringify(file)}, a=a, b=b, c=c)`]);

  it('a compressed object member whose pickle is far larger than 8 bytes an element opens (no false zip bomb)', async function () {
    const f = await openAnyFile(file);
    try {
      if (f.kind !== 'npz') throw new Error('not npz');
      const a = await f.npz.openArray('a');
      const fmt = makeCellFormatter(a.dtype, { notation: 'auto', precision: 6 });
      assert.strictEqual(fmt(await a.view().readBlock([0], [1]), 0).text, 'x'.repeat(200) + '…');
    } finally {
      await f.close();
    }
  });

  it('writing an object array as .npy is refused (it would need a pickle)', async function () {
    const f = await openAnyFile(file);
    try {
      if (f.kind !== 'npz') throw new Error('not npz');
      const b = await f.npz.openArray('b');
      await assert.rejects(writeNpy(b.view(), new MemorySink()), /writes no pickles/);
    } finally {
      await f.close();
    }
  });

  it('the viewer shows each member\'s own objects (same header text, other values)', async function () {
    const f = await openAnyFile(file);
    try {
      if (f.kind !== 'npz') throw new Error('not npz');
      const s = new ViewerSession(f, { fileName: 'z.npz', sizeOnDisk: 0, settings: { notation: 'auto', precision: 6 } });
      const page = async (member: string) => (await s.getPage({ view: { member, index: '...', rowAxis: 0, colAxis: -1 }, row0: 0, rows: 3, col0: 0, cols: 1 })).values;
      assert.deepStrictEqual(await page('b'), ['1', '2', '3']);
      assert.deepStrictEqual(await page('c'), ['p', 'q', 'r']);
    } finally {
      await f.close();
    }
  });
});
