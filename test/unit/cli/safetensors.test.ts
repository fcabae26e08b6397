/**
 * .safetensors, NumPy as the oracle: random files written byte by byte by safetensors_cases.py
 * (BF16 rounded from float32, F8 random bytes). Export (the engine path `npyview export
 * --member` runs, in process: spawning hundreds of CLIs is slow on a loaded machine) must write
 * what np.savetxt writes for the tensor as NumPy holds it; the info listing must name every
 * tensor with its dtype, shape and offsets; one real CLI run each of info, export and save (the
 * .npy checked by NumPy). Seed per run in the title; NPYVIEW_ST_SEED replays.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, runAll, tempDir } from '../../support/cli-harness';
import { openAnyFile } from '../../../src/npy/format/open';
import { MemorySink } from '../../../src/npy/io/sink';
import { SAVETXT_DEFAULTS, savetxt } from '../../../src/npy/text/savetxt';
import { containerJson, TensorInfo } from '../../../src/cli/tensorinfo';
import { requireNumpy, runPython } from '../../support/numpy';

interface TensorCase { name: string; dtype: string; shape: number[]; numpy: string; index: string | null; fmt: string | null; expected: string }
interface FileCase { id: string; file: string; tensors: TensorCase[]; metadata: Record<string, string> | null; names: string[] }

const SEED = process.env.NPYVIEW_ST_SEED ? Number(process.env.NPYVIEW_ST_SEED) : Math.floor(Math.random() * 1e9);
const COUNT = 40;
const SCRIPT = path.join(ROOT, 'test', 'unit', 'cli', 'safetensors_cases.py');

async function exportText(file: string, t: TensorCase): Promise<Buffer> {
  const f = await openAnyFile(file);
  try {
    assert.strictEqual(f.kind, 'safetensors');
    if (f.kind !== 'safetensors') throw new Error('not opened as safetensors');
    const a = await f.container.openArray(t.name);
    const view = t.index === null ? a.view() : a.view().index(t.index);
    const sink = new MemorySink();
    await savetxt(view, { ...SAVETXT_DEFAULTS, fmt: t.fmt ?? SAVETXT_DEFAULTS.fmt }, sink);
    return Buffer.from(sink.toBuffer());
  } finally {
    await f.close();
  }
}

describe(`safetensors: random files vs np.savetxt (seed ${SEED}, ${COUNT} files)`, function () {
  if (!requireNumpy()) return;
  const dir = tempDir('npyview-st-');
  runPython(SCRIPT, [String(SEED), String(COUNT), dir]);
  const cases = (JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: FileCase[] }).cases;
  let ran = 0;

  after(function () {
    // every tensor case ran (a silent early return would make this suite prove nothing)
    assert.strictEqual(ran, cases.reduce((n, c) => n + c.tensors.length, 0));
  });

  it(`generated ${COUNT} files`, function () {
    assert.strictEqual(cases.length, COUNT);
    assert.ok(cases.reduce((n, c) => n + c.tensors.length, 0) >= COUNT);
  });

  for (const c of cases) {
    it(`${c.id}: info lists every tensor with dtype, shape and offsets`, async function () {
      const f = await openAnyFile(path.join(dir, c.file));
      try {
        if (f.kind !== 'safetensors') throw new Error(`opened as ${f.kind}`);
        const info = await containerJson(f.container) as { format: string; metadata: unknown; header_bytes: number; data_bytes: number; tensors: TensorInfo[] };
        assert.strictEqual(info.format, 'safetensors');
        assert.deepStrictEqual(info.metadata, c.metadata);
        assert.deepStrictEqual(info.tensors.map((t) => t.name), c.names);
        let end = 0;
        for (const t of info.tensors) {
          assert.strictEqual(t.data_offsets![0], end, `${t.name} starts where the previous ended`);
          end = t.data_offsets![1];
          assert.strictEqual(t.is_array, true);
          assert.strictEqual(t.offset, 8 + info.header_bytes + t.data_offsets![0]);
        }
        assert.strictEqual(end, info.data_bytes);
        for (const t of c.tensors) {
          const got = info.tensors.find((x) => x.name === t.name)!;
          assert.strictEqual(got.dtype, t.dtype);
          assert.deepStrictEqual(got.shape, t.shape);
          assert.strictEqual(got.numpy_dtype, t.numpy);
        }
      } finally {
        await f.close();
      }
    });
    c.tensors.forEach((t, k) => {
      it(`${c.id}/${k} ${t.dtype} [${t.shape}] ${t.index ?? ''} ${t.fmt ?? ''}: export equals np.savetxt`, async function () {
        const got = await exportText(path.join(dir, c.file), t);
        const want = fs.readFileSync(path.join(dir, t.expected));
        if (!got.equals(want)) {
          assert.fail(`differs from np.savetxt\n  got:  ${JSON.stringify(got.toString().slice(0, 300))}\n  want: ${JSON.stringify(want.toString().slice(0, 300))}`);
        }
        ran++;
      });
    });
  }

  it('the CLI: info --json, export --member and save -o (NumPy reads the .npy back as the held array)', async function () {
    this.timeout(0);
    const c = cases.find((x) => x.tensors.some((t) => t.dtype === 'BF16' || t.dtype.startsWith('F8'))) ?? cases[0];
    const t = c.tensors.find((x) => x.dtype === 'BF16' || x.dtype.startsWith('F8')) ?? c.tensors[0];
    const file = path.join(dir, c.file);
    const out = path.join(dir, 'saved.npy');
    const jobs = [
      { key: 'info', args: ['info', '--json', file] },
      { key: 'export', args: ['export', file, '--member', t.name, ...(t.index !== null ? ['--index', t.index] : []), ...(t.fmt !== null ? ['--fmt', t.fmt] : [])] },
      { key: 'save', args: ['save', file, '--member', t.name, '-o', out] },
    ];
    const r = await runAll(jobs, 3);
    for (const j of jobs) assert.strictEqual(r.get(j.key)!.code, 0, `${j.key}: ${r.get(j.key)!.stderr}`);
    assert.deepStrictEqual(JSON.parse(r.get('info')!.stdout.toString()).tensors.map((x: TensorInfo) => x.name), c.names);
    assert.ok(r.get('export')!.stdout.equals(fs.readFileSync(path.join(dir, t.expected))));
    const script = path.join(dir, 'check_saved.py');
    fs.writeFileSync(script, CHECK_SAVED);
    assert.strictEqual(runPython(script, [out, file, t.name, t.numpy]).trim(), 'ok');
  });
});

/** Re-derives the held array in Python and compares it with the .npy `save` wrote. */
const CHECK_SAVED = String.raw`
import json, sys
import numpy as np
npy, path, name, want_dtype = sys.argv[1:5]
raw = open(path, 'rb').read()
n = int.from_bytes(raw[:8], 'little'); e = json.loads(raw[8:8 + n])[name]
b, en = e['data_offsets']; data = raw[8 + n + b: 8 + n + en]
got = np.load(npy)
assert got.dtype.str == want_dtype, (got.dtype, want_dtype)
assert list(got.shape) == e['shape'], (got.shape, e)
if e['dtype'] == 'BF16':
    assert got.tobytes() == (np.frombuffer(data, '<u2').astype('<u4') << 16).view('<f4').tobytes()
print('ok')
`;
