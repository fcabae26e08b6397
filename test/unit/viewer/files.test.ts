/**
 * The viewer session over the files of issue 16: a .safetensors file and a sharded checkpoint
 * (tensors as members, the stored dtype, metadata, exact BF16 values), raw binary, and an
 * object array (str() of each element, NumPy's text).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { openAnyFile, type OpenedAny } from '../../../src/npy/format/open';
import type { FormatSettings } from '../../../src/shared/protocol';
import { ViewerSession } from '../../../src/viewer/session';
import { tempDir } from '../../support/cli-harness';
import { PYTHON, requireNumpy } from '../../support/numpy';
import { stFile } from '../../support/stfixtures';
import { spawnSync } from 'child_process';

const fixed20: FormatSettings = { notation: 'fixed', precision: 20 };

function session(o: OpenedAny, name: string, settings: FormatSettings = fixed20): ViewerSession {
  return new ViewerSession(o, { fileName: name, sizeOnDisk: 0, settings });
}

/** The float32 that holds a bfloat16 (its bits are the top half). */
function bf16Value(bits: number): number {
  return new Float32Array(new Uint32Array([bits << 16]).buffer)[0];
}

const BF16_BITS = [0x3eab, 0xc020, 0x4049, 0x3a83, 0x477f, 0xbc00]; // 0.333984375, -2.5, 3.140625, ...

function bf16Data(): Uint8Array {
  return new Uint8Array(new Uint16Array(BF16_BITS).buffer);
}

describe('viewer session: safetensors, raw binary, object arrays', () => {
  it('lists tensors as members with the stored dtype, the metadata, and a bad tensor with its error', async () => {
    const dir = tempDir('st-session-');
    const file = path.join(dir, 'm.safetensors');
    fs.writeFileSync(file, stFile({
      __metadata__: { format: 'pt', note: 'x' },
      'layers.0.w': { dtype: 'BF16', shape: [2, 3], data_offsets: [0, 12] },
      'layers.0.b': { dtype: 'I64', shape: [1], data_offsets: [12, 20] },
      bad: { dtype: 'Q9', shape: [1], data_offsets: [20, 21] },
    }, new Uint8Array([...bf16Data(), ...new Uint8Array(new BigInt64Array([-5n]).buffer), 0])));
    const o = await openAnyFile(file);
    try {
      const s = session(o, 'm.safetensors');
      const info = await s.fileInfo();
      assert.strictEqual(info.format, 'npz');
      assert.strictEqual(info.kind, 'safetensors');
      assert.deepStrictEqual(info.metadata, [['format', 'pt'], ['note', 'x']]);
      const byName = new Map(info.members!.map((m) => [m.name, m]));
      const w = byName.get('layers.0.w')!;
      assert.strictEqual(w.storedDtype, 'BF16');
      assert.strictEqual(w.info!.dtype, '<f4');
      assert.deepStrictEqual(w.info!.shape, [2, 3]);
      assert.match(w.info!.dtypeDescription, /BF16: bfloat16, shown as float32/);
      assert.strictEqual(w.uncompressedSize, 12);
      assert.strictEqual(byName.get('layers.0.b')!.info!.dtypeName, 'int64');
      const bad = byName.get('bad')!;
      assert.ok(!bad.isArray && bad.error && /Q9/.test(bad.error), JSON.stringify(bad));

      // The grid: each BF16 value exactly, as the float32 holding it (printf %.20f).
      const page = await s.getPage({ view: { member: 'layers.0.w', index: '...', rowAxis: 0, colAxis: 1 }, row0: 0, rows: 2, col0: 0, cols: 3 });
      assert.deepStrictEqual(page.values, BF16_BITS.map((b) => bf16Value(b).toFixed(20)));
      const ints = await s.getPage({ view: { member: 'layers.0.b', index: '...', rowAxis: 0, colAxis: -1 }, row0: 0, rows: 1, col0: 0, cols: 1 });
      assert.deepStrictEqual(ints.values, ['-5']);
      await assert.rejects(s.arrayFor('bad'), /Q9/);
      const ready = await s.ready();
      assert.strictEqual(ready.first?.view.member, 'layers.0.w', 'starts on the first readable tensor');
      await s.dispose();
    } finally {
      await o.close();
    }
  });

  it('lists a sharded checkpoint across its shards; a missing shard makes only its tensors unreadable', async () => {
    const dir = tempDir('st-shards-');
    fs.writeFileSync(path.join(dir, 'a.safetensors'), stFile({ x: { dtype: 'BF16', shape: [3], data_offsets: [0, 6] } }, bf16Data().slice(0, 6)));
    fs.writeFileSync(path.join(dir, 'b.safetensors'), stFile({ y: { dtype: 'U8', shape: [2], data_offsets: [0, 2] } }, new Uint8Array([7, 255])));
    const index = path.join(dir, 'model.safetensors.index.json');
    fs.writeFileSync(index, JSON.stringify({ metadata: { total_size: 8 }, weight_map: { x: 'a.safetensors', y: 'b.safetensors', z: 'gone.safetensors' } }));
    const o = await openAnyFile(index);
    try {
      const s = session(o, 'model.safetensors.index.json');
      const info = await s.fileInfo();
      assert.strictEqual(info.kind, 'safetensors-index');
      assert.deepStrictEqual(info.metadata, [['total_size', '8']]);
      assert.deepStrictEqual(info.members!.map((m) => [m.name, m.shard, m.storedDtype, m.info?.dtypeName ?? m.error?.slice(0, 5)]), [
        ['x', 'a.safetensors', 'BF16', 'float32'], ['y', 'b.safetensors', 'U8', 'uint8'], ['z', 'gone.safetensors', undefined, 'shard'],
      ]);
      const y = await s.getPage({ view: { member: 'y', index: '...', rowAxis: 0, colAxis: -1 }, row0: 0, rows: 2, col0: 0, cols: 1 });
      assert.deepStrictEqual(y.values, ['7', '255']);
      await s.dispose();
    } finally {
      await o.close();
    }
  });

  it('shows raw binary read with a layout as one array (format version "raw")', async () => {
    const dir = tempDir('raw-session-');
    const file = path.join(dir, 'd.bin');
    const data = Buffer.alloc(4 + 6 * 2);
    data.write('HEAD');
    for (let i = 0; i < 6; i++) data.writeInt16BE(100 * i - 250, 4 + 2 * i);
    fs.writeFileSync(file, data);
    const o = await openAnyFile(file, { raw: { dtype: '>i2', shape: [-1, 2], offset: 4, order: 'F' } });
    try {
      const s = session(o, 'd.bin');
      const info = await s.fileInfo();
      assert.strictEqual(info.kind, 'raw');
      assert.deepStrictEqual([info.array!.shape, info.array!.version, info.array!.fortranOrder, info.array!.dtype], [[3, 2], 'raw', true, '>i2']);
      const p = await s.getPage({ view: { index: '...', rowAxis: 0, colAxis: 1 }, row0: 0, rows: 3, col0: 0, cols: 2 });
      // np.fromfile(f, '>i2', offset=4).reshape(3, 2, order='F')
      assert.deepStrictEqual(p.values, ['-250', '50', '-150', '150', '-50', '250']);
    } finally {
      await o.close();
    }
  });

  describe('object arrays (NumPy-written)', () => {
    if (!requireNumpy()) return;
    it('shows str() of each element, as np.savetxt(fmt="%s") writes it', async () => {
      const dir = tempDir('obj-session-');
      const file = path.join(dir, 'o.npy');
      const script = `
import json, sys, numpy as np
a = np.empty((2, 4), dtype=object)
a[:] = [[1, 'two', 3.5, 2**70], [None, [1, (2, 'x')], {'k': b'v'}, np.float32(0.1)]]
np.save(sys.argv[1], a, allow_pickle=True)
print(json.dumps([str(v) for v in a.ravel()]))`;
      const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      const want = JSON.parse(r.stdout) as string[];
      const o = await openAnyFile(file);
      try {
        const s = session(o, 'o.npy', { notation: 'auto', precision: 6 });
        const p = await s.getPage({ view: { index: '...', rowAxis: 0, colAxis: 1 }, row0: 0, rows: 2, col0: 0, cols: 4 });
        assert.deepStrictEqual(p.values, want);
      } finally {
        await o.close();
      }
    });
  });
});
