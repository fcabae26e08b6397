/**
 * .safetensors headers that lie, built byte by byte: each gets a clear error naming the file or
 * the tensor, never a crash or a large allocation; a broken entry leaves the other tensors
 * readable. Exact BF16/F8 values; sharded indexes and their path rules.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BufferSource } from '../../../../src/npy/io/filesource';
import { MAX_HEADER_SIZE, SafetensorsFile } from '../../../../src/npy/format/safetensors/safetensors';
import { ShardedSafetensors, shardPathProblem } from '../../../../src/npy/format/safetensors/shards';
import { narrowToFloat32Bits } from '../../../../src/npy/format/safetensors/widen';
import { openAnyFile } from '../../../../src/npy/format/open';
import { NpyError } from '../../../../src/npy/errors';
import { ByteSource } from '../../../../src/npy/io/source';
import { tempDir } from '../../../support/cli-harness';
import { stFile } from '../../../support/stfixtures';

const enc = new TextEncoder();

async function open(bytes: Uint8Array, label = 'x.safetensors'): Promise<SafetensorsFile> {
  return SafetensorsFile.open(new BufferSource(bytes, label), label);
}

async function refuses(bytes: Uint8Array, ...contains: string[]): Promise<void> {
  let err: unknown;
  try { await open(bytes); } catch (e) { err = e; }
  assert.ok(err instanceof NpyError, `expected an NpyError, got ${String(err)}`);
  assert.ok(err.message.startsWith('x.safetensors: '), err.message);
  for (const c of contains) assert.ok(err.message.includes(c), `${err.message} should mention ${c}`);
}

/** The tensor's error (the file itself opens). */
async function tensorError(header: object | string, data: number, name: string): Promise<string> {
  const f = await open(stFile(header, data));
  const m = f.member(name);
  assert.strictEqual(m.isArray, false, `${name} should be unreadable`);
  await assert.rejects(f.openArray(name), (e: NpyError) => e.message.includes(`tensor '${name}'`) && e.message.includes(m.error!));
  return m.error!;
}

const ok = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };

describe('safetensors: headers that lie', () => {
  it('refuses what breaks the whole file, naming it', async () => {
    await refuses(new Uint8Array(5), 'only 5 bytes');
    await refuses(stFile('{}', 0, BigInt(MAX_HEADER_SIZE) + 1n), 'more than the limit of 100000000');
    await refuses(stFile('{}', 0, 2n ** 63n), 'more than the limit');
    await refuses(stFile('{}', 0, 1000n), 'runs past the end of the file');
    await refuses(stFile('{"a": '), 'not valid JSON', 'the text ends');
    await refuses(stFile('{"a": 1,}'), 'not valid JSON');
    await refuses(stFile('[1, 2]'), 'not a JSON object');
    await refuses(stFile('{"__metadata__": {"k": 1}}'), '__metadata__ value of "k" is not a string');
    await refuses(stFile('{"__metadata__": [1]}'), '__metadata__ is not an object');
    await refuses(stFile('{"__metadata__": {"k": "a", "k": "b"}}'), 'more than once');
    await refuses(stFile('{"__metadata__": {}, "__metadata__": {}}'), '__metadata__ 2 times');
    const bad = stFile('{}');
    bad.set([0xff, 0xfe], 8);
    await refuses(bad, 'not valid UTF-8');
    await refuses(stFile('['.repeat(100) + ']'.repeat(100)), 'nesting deeper than 64');
    await refuses(stFile('{"a": "\\ud800"}'), 'lone surrogate');
  });

  it('makes only the broken tensor unreadable, and says why', async () => {
    const good = { a: ok };
    const with1 = (name: string, entry: unknown, extra = 0) => ({ ...good, [name]: entry, _size: 8 + extra });
    const err = async (entry: unknown, extra = 0) => {
      const h = with1('b', entry, extra);
      const size = h._size;
      delete (h as Record<string, unknown>)._size;
      const msg = await tensorError(h, size, 'b');
      // the sound tensor still opens and reads
      const f = await open(stFile(h, size));
      const a = await f.openArray('a');
      assert.deepStrictEqual(a.shape, [2]);
      return msg;
    };
    assert.match(await err({ dtype: 'F33', shape: [1], data_offsets: [0, 4] }), /unknown dtype "F33"/);
    assert.match(await err({ dtype: 'F4', shape: [2], data_offsets: [0, 1] }), /not supported/);
    assert.match(await err({ shape: [1], data_offsets: [0, 4] }), /no 'dtype'/);
    assert.match(await err({ dtype: 7, shape: [1], data_offsets: [0, 4] }), /dtype is not a string/);
    assert.match(await err({ dtype: 'F32', shape: [-1], data_offsets: [0, 4] }), /non-negative integers/);
    assert.match(await err({ dtype: 'F32', shape: [1.5], data_offsets: [0, 4] }), /non-negative integers/);
    assert.match(await err({ dtype: 'F32', shape: 'x', data_offsets: [0, 4] }), /shape is not a list/);
    assert.match(await err({ dtype: 'F32', shape: new Array(65).fill(1), data_offsets: [0, 4] }), /at most 64/);
    assert.match(await err({ dtype: 'F32', shape: [3], data_offsets: [0, 8] }), /needs 12 bytes, but data_offsets \[0, 8\] hold 8/);
    assert.match(await err({ dtype: 'F32', shape: [2], data_offsets: [8, 4] }), /end before they begin/);
    assert.match(await err({ dtype: 'F32', shape: [2], data_offsets: [0] }), /not \[begin, end\]/);
    assert.match(await err({ dtype: 'F32', shape: [2], data_offsets: [8, 16] }), /run past the end of the file \(the data holds 8 bytes\)/);
    assert.match(await err([1, 2]), /not an object/);
    // absurd sizes: checked exactly, nothing allocated
    assert.match(await err({ dtype: 'F64', shape: [2 ** 40, 2 ** 40, 2 ** 40], data_offsets: [0, 8] }), /needs 10633823966279326983230456482242756608 bytes/);
    assert.match(await err({ dtype: 'F32', shape: [2], data_offsets: [0, 18446744073709551615] }), /below 2\*\*53/);
  });

  it('a duplicated name, and overlapping tensors, are unreadable; the rest opens', async () => {
    const dup = '{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]},' +
      ' "c": {"dtype": "U8", "shape": [1], "data_offsets": [8, 9]}}';
    const f = await open(stFile(dup, 9));
    assert.deepStrictEqual(f.members.map((m) => m.name), ['a', 'c']);
    assert.match(f.member('a').error!, /lists it 2 times/);
    assert.strictEqual((await f.openArray('c')).shape[0], 1);
    const overlap = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'U8', shape: [4], data_offsets: [4, 8] }, c: { dtype: 'U8', shape: [1], data_offsets: [8, 9] } };
    const g = await open(stFile(overlap, 9));
    assert.match(g.member('a').error!, /overlap those of tensor 'b'/);
    assert.match(g.member('b').error!, /overlap those of tensor 'a'/);
    assert.strictEqual(g.member('c').error, undefined);
    // entry with a repeated key
    assert.match(await tensorError('{"a": {"dtype": "F32", "dtype": "F32", "shape": [0], "data_offsets": [0, 0]}}', 0, 'a'), /"dtype" more than once/);
  });

  it('warns about bytes no tensor covers (the tensors stay readable)', async () => {
    const f = await open(stFile({ a: { dtype: 'U8', shape: [2], data_offsets: [2, 4] } }, 10));
    assert.deepStrictEqual(f.warnings, ['8 bytes of the data buffer belong to no tensor: [0, 2), [4, 10)']);
    const a = await f.openArray('a');
    assert.deepStrictEqual([...await a.view().readBlock([0], [2])], [0, 0]);
    const clean = await open(stFile({ __metadata__: { format: 'pt' }, a: ok }, 8));
    assert.deepStrictEqual(clean.warnings, []);
    assert.deepStrictEqual(clean.metadata, [['format', 'pt']]);
  });

  it('reads only the header on open, and a tensor by range', async () => {
    const data = new Uint8Array(1 << 20);
    const src = new BufferSource(stFile({ big: { dtype: 'U8', shape: [1024, 1024], data_offsets: [0, 1 << 20] } }, data), 'b');
    const f = await SafetensorsFile.open(src, 'b');
    assert.ok(src.stats.bytes < 200, `open read ${src.stats.bytes} bytes`);
    const a = await f.openArray('big');
    const before = src.stats.bytes;
    await a.view().index('5, 10:20').readBlock([0], [10]);
    assert.strictEqual(src.stats.bytes - before, 10);
  });

  it('unknown tensor names get the list of tensors', async () => {
    const f = await open(stFile({ a: ok }, 8));
    assert.throws(() => f.member('zz'), (e: NpyError) => e.code === 'usage' && /no tensor 'zz' in x.safetensors \(tensors: a\)/.test(e.message));
  });
});

describe('safetensors: BF16 and 8-bit floats, exactly', () => {
  const f32 = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0];
  it('bf16 is the upper half of a float32', () => {
    assert.strictEqual(f32(narrowToFloat32Bits('bf16', 0x3f80)), 1);
    assert.strictEqual(f32(narrowToFloat32Bits('bf16', 0xc049)), -3.140625);
    assert.strictEqual(narrowToFloat32Bits('bf16', 0x7fc1), 0x7fc10000); // NaN payload kept
  });
  it('F8 E4M3FN: no infinity, S.1111.111 is NaN, 448 is the largest', () => {
    const v = (b: number) => f32(narrowToFloat32Bits('f8_e4m3fn', b));
    assert.strictEqual(v(0x7e), 448);
    assert.strictEqual(v(0xfe), -448);
    assert.ok(Number.isNaN(v(0x7f)) && Number.isNaN(v(0xff)));
    assert.strictEqual(v(0x01), 2 ** -9);
    assert.strictEqual(v(0x78), 256);
    assert.strictEqual(v(0x38), 1);
    assert.ok(Object.is(v(0x80), -0));
  });
  it('F8 E5M2: IEEE-like, with infinities', () => {
    const v = (b: number) => f32(narrowToFloat32Bits('f8_e5m2', b));
    assert.strictEqual(v(0x7b), 57344);
    assert.strictEqual(v(0x7c), Infinity);
    assert.strictEqual(v(0xfc), -Infinity);
    assert.ok(Number.isNaN(v(0x7d)));
    assert.strictEqual(v(0x01), 2 ** -16);
    assert.strictEqual(v(0x3c), 1);
  });
  it('F8 E8M0 and the FNUZ variants', () => {
    assert.strictEqual(f32(narrowToFloat32Bits('f8_e8m0fnu', 127)), 1);
    assert.strictEqual(f32(narrowToFloat32Bits('f8_e8m0fnu', 0)), 2 ** -127);
    assert.ok(Number.isNaN(f32(narrowToFloat32Bits('f8_e8m0fnu', 255))));
    assert.ok(Number.isNaN(f32(narrowToFloat32Bits('f8_e4m3fnuz', 0x80))));
    assert.strictEqual(f32(narrowToFloat32Bits('f8_e4m3fnuz', 0x7f)), 240);
    assert.strictEqual(f32(narrowToFloat32Bits('f8_e5m2fnuz', 0x7f)), 57344);
  });
  it('a BF16 tensor reads as <f4 at any element range', async () => {
    const raw = new Uint8Array([0x80, 0x3f, 0x00, 0x40, 0x49, 0xc0]); // 1, 2, -3.140625
    const f = await open(stFile({ w: { dtype: 'BF16', shape: [3], data_offsets: [0, 6] } }, raw));
    const a = await f.openArray('w');
    assert.strictEqual(a.dtype.kind, 'f');
    assert.strictEqual(a.dtype.itemsize, 4);
    const all = new Float32Array((await a.view().readBlock([0], [3])).slice().buffer);
    assert.deepStrictEqual([...all], [1, 2, -3.140625]);
    const last = new Float32Array((await a.view().index('::-2').readBlock([0], [2])).slice().buffer);
    assert.deepStrictEqual([...last], [-3.140625, 1]);
  });
});

describe('safetensors: sharded checkpoints', () => {
  const dir = tempDir('npyview-shards-');
  const write = (name: string, bytes: Uint8Array | string) => fs.writeFileSync(path.join(dir, name), bytes);
  write('m-1.safetensors', stFile({ a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] } }, new Uint8Array([7, 8])));
  write('m-2.safetensors', stFile({ b: { dtype: 'I16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array([1, 1])));
  write('bad.safetensors', 'not a safetensors file');
  fs.mkdirSync(path.join(dir, 'sub'));
  write('sub/m-3.safetensors', stFile({ c: { dtype: 'BOOL', shape: [], data_offsets: [0, 1] } }, new Uint8Array([1])));
  const outside = tempDir('npyview-outside-');
  fs.writeFileSync(path.join(outside, 'o.safetensors'), stFile({ o: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, 1));
  fs.symlinkSync(path.join(outside, 'o.safetensors'), path.join(dir, 'link.safetensors'));
  write('model.safetensors.index.json', JSON.stringify({
    metadata: { total_size: 5 },
    weight_map: {
      a: 'm-1.safetensors', b: 'm-2.safetensors', c: 'sub/m-3.safetensors', gone: 'm-9.safetensors', broken: 'bad.safetensors',
      up: '../x.safetensors', abs: '/etc/passwd', link: 'link.safetensors', missing: 'm-1.safetensors',
    },
  }));

  it('lists every tensor across the shards; each opens from its shard', async () => {
    const f = await openAnyFile(path.join(dir, 'model.safetensors.index.json'));
    try {
      assert.strictEqual(f.kind, 'safetensors');
      if (f.kind !== 'safetensors') return;
      const c = f.container as ShardedSafetensors;
      assert.deepStrictEqual(c.members.map((m) => m.name), ['a', 'b', 'c', 'gone', 'broken', 'up', 'abs', 'link', 'missing']);
      assert.deepStrictEqual(c.metadata, [['total_size', '5']]);
      const a = await c.openArray('a');
      assert.deepStrictEqual([...await a.view().readBlock([0], [2])], [7, 8]);
      assert.deepStrictEqual((await c.describe(c.member('b'))).header?.shape, [1]);
      assert.deepStrictEqual((await c.describe(c.member('c'))).header?.shape, []);
      const errs: Record<string, RegExp> = {
        gone: /no such file/, broken: /bad.safetensors/, up: /climbs out/, abs: /absolute path/,
        link: /leads outside the index's folder/, missing: /has no such tensor/,
      };
      for (const [name, re] of Object.entries(errs)) {
        const d = await c.describe(c.member(name));
        assert.strictEqual(d.isArray, false, name);
        assert.match(d.error!, re, name);
        await assert.rejects(c.openArray(name), (e: NpyError) => e instanceof NpyError && e.message.includes(`'${name}'`));
      }
    } finally {
      await f.close();
    }
  });

  it('shard path rules', () => {
    assert.strictEqual(shardPathProblem('model-00001-of-00002.safetensors'), undefined);
    assert.strictEqual(shardPathProblem('sub/x.safetensors'), undefined);
    for (const p of ['', '../x', 'a/../../x', '/abs', '\\\\server\\x', 'C:\\x', 'a\0b', '..\\x']) assert.ok(shardPathProblem(p), p);
  });

  it('an index that is not one is refused clearly', async () => {
    const bad = (text: string) => ShardedSafetensors.open(new BufferSource(enc.encode(text)) as ByteSource, 'i.json', async () => { throw new Error('never'); });
    await assert.rejects(bad('{"metadata": {}}'), /no "weight_map" object/);
    await assert.rejects(bad('{"weight_map": '), /not valid JSON/);
  });
});
