/**
 * Raw binary with a chosen dtype, shape, offset and order, NumPy as the oracle: files written by
 * ndarray.tofile behind bytes of their own; export must equal np.savetxt(np.fromfile(FILE, D,
 * offset=N).reshape(SHAPE, order=O)) and fail where NumPy fails; dtype spellings read as
 * np.dtype reads them; shape suggestions fit the file. Seed in the title (NPYVIEW_RAW_SEED replays).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { openAnyFile } from '../../../src/npy/format/open';
import { divisors, parseDTypeText, parseShapeText, resolveRaw, suggestShapes } from '../../../src/npy/format/raw';
import { dtypeDescr } from '../../../src/npy/format/dtype';
import { MemorySink } from '../../../src/npy/io/sink';
import { SAVETXT_DEFAULTS, savetxt } from '../../../src/npy/text/savetxt';
import { NpyError } from '../../../src/npy/errors';
import { ROOT, runCli, tempDir } from '../../support/cli-harness';
import { requireNumpy, runPython } from '../../support/numpy';

interface RawCase { id: string; file: string; dtype: string; shape: number[]; offset: number; order: 'C' | 'F'; index?: string; fmt?: string; expected?: string; error?: string }

const SEED = process.env.NPYVIEW_RAW_SEED ? Number(process.env.NPYVIEW_RAW_SEED) : Math.floor(Math.random() * 1e9);
const COUNT = 150;

describe(`raw binary vs np.fromfile + reshape + np.savetxt (seed ${SEED}, ${COUNT} cases)`, function () {
  if (!requireNumpy()) return;
  const dir = tempDir('npyview-raw-');
  runPython(path.join(ROOT, 'test', 'unit', 'format', 'raw_cases.py'), [String(SEED), String(COUNT), dir]);
  const { cases, dtypes } = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: RawCase[]; dtypes: Record<string, string | null> };
  let ran = 0;
  let refusedPastUnicode = 0;
  after(() => {
    assert.strictEqual(ran, COUNT, 'every case ran');
    assert.ok(refusedPastUnicode <= COUNT / 10, `${refusedPastUnicode} cases refused as past Unicode`);
  });

  for (const c of cases) {
    it(`${c.id} ${c.dtype} shape [${c.shape}] offset ${c.offset} ${c.order}${c.error ? ' → ' + c.error.split(':')[0] : ''}`, async function () {
      let text: Buffer | undefined;
      let err: unknown;
      try {
        const f = await openAnyFile(path.join(dir, c.file), { raw: { dtype: c.dtype, shape: c.shape, offset: c.offset, order: c.order } });
        try {
          assert.strictEqual(f.kind, 'npy');
          if (f.kind !== 'npy') return;
          const view = c.index ? f.array.view().index(c.index) : f.array.view();
          const sink = new MemorySink();
          await savetxt(view, { ...SAVETXT_DEFAULTS, fmt: c.fmt ?? SAVETXT_DEFAULTS.fmt }, sink);
          text = Buffer.from(sink.toBuffer());
        } finally {
          await f.close();
        }
      } catch (e) {
        err = e;
      }
      ran++;
      if (c.error) {
        assert.ok(err instanceof NpyError, `NumPy raised ${c.error}; we gave ${err ?? 'no error'}`);
        if (c.error.startsWith('SystemError')) {
          // A one-character str element past U+10FFFF: NumPy fails reading it; we refuse it, or
          // an earlier element past Unicode (see the deliberate differences in the README).
          assert.match(err.message, /SystemError: invalid maximum character|not a Unicode code point/);
          return;
        }
        assert.strictEqual(err.code, 'usage');
        // The layout does not fit the file, or np.savetxt's own error (a NaN or inf under '%d'
        // from bytes read at an offset they were not written at), which we give in its words.
        if (!err.message.includes(c.error)) assert.match(err.message, /needs \d+ items|not a multiple|past the end of the file/);
        return;
      }
      const want = fs.readFileSync(path.join(dir, c.expected!));
      if (err && err instanceof NpyError && /not a Unicode code point/.test(err.message) && !isUtf8(want)) {
        // A str element past U+10FFFF: CPython writes it as 4 bytes of non-UTF-8, which a JS
        // string cannot hold; we refuse (a deliberate difference listed in the README).
        refusedPastUnicode++;
        return;
      }
      if (err) throw err;
      assert.ok(text!.equals(want), `got ${JSON.stringify(text!.toString().slice(0, 200))}\nwant ${JSON.stringify(want.toString().slice(0, 200))}`);
    });
  }

  it('reads dtype spellings as np.dtype does (and refuses what it refuses)', function () {
    for (const [spelling, want] of Object.entries(dtypes)) {
      let got: string | null;
      try { got = dtypeDescr(parseDTypeText(spelling)); } catch { got = null; }
      assert.strictEqual(got, want, spelling);
    }
  });
});

describe('raw binary: layouts, messages, suggestions', () => {
  it('parses shapes as users type them', () => {
    assert.deepStrictEqual(parseShapeText('3,4'), [3, 4]);
    assert.deepStrictEqual(parseShapeText('(3, 4)'), [3, 4]);
    assert.deepStrictEqual(parseShapeText('3x4x-1'), [3, 4, -1]);
    assert.deepStrictEqual(parseShapeText('480 × 640×3'), [480, 640, 3]);
    assert.deepStrictEqual(parseShapeText('(5,)'), [5]);
    assert.deepStrictEqual(parseShapeText('()'), []);
    assert.throws(() => parseShapeText('3,,4'), /bad shape/);
    assert.throws(() => parseShapeText('a,b'), /bad shape/);
  });

  it('says how many bytes the shape needs and the file has', () => {
    const r = resolveRaw(50, { dtype: '<f4', shape: [3, 4] }); // 50 // 4 = 12 items: fits, 2 bytes ignored like np.fromfile
    assert.deepStrictEqual(r.shape, [3, 4]);
    assert.throws(() => resolveRaw(52, { dtype: '<f4', shape: [3, 4] }), /needs 12 items \(48 bytes\) after offset 0, but the file has 52 bytes after offset 0 \(13 whole float32 items/);
    assert.throws(() => resolveRaw(52, { dtype: '<f4', shape: [-1, 5] }), /not a multiple of 5 items/);
    assert.throws(() => resolveRaw(52, { dtype: '<f4', shape: [-1, -1] }), /only one dimension can be -1/);
    // Past the end np.fromfile reads an empty array: an empty shape fits, any other does not.
    assert.throws(() => resolveRaw(52, { dtype: '<f4', shape: [4], offset: 55 }), /needs 4 items \(16 bytes\) after offset 55, but the file has 0 bytes after offset 55/);
    // More than one element past the end np.fromfile refuses (its C division of a negative count).
    assert.throws(() => resolveRaw(52, { dtype: '<f4', shape: [4], offset: 60 }), /offset 60 is past the end of the file \(52 bytes\)/);
    assert.throws(() => resolveRaw(16, { dtype: 'i1', shape: [1, 1, -1], offset: 17 }), /past the end/);
    assert.deepStrictEqual(resolveRaw(16, { dtype: 'i1', shape: [1, 1, -1], offset: 16 }).shape, [1, 1, 0]);
    assert.deepStrictEqual(resolveRaw(3, { dtype: '>f4', shape: [1, 0], offset: 5, order: 'F' }).shape, [1, 0]);
    assert.deepStrictEqual(resolveRaw(0, { dtype: 'm8[ms]', shape: [-1], offset: 1 }).shape, [0]);
    assert.throws(() => resolveRaw(52, { dtype: 'object', shape: [1] }), /Python objects/);
    assert.throws(() => resolveRaw(52, { dtype: 'S', shape: [1] }), /0-byte elements/);
    assert.throws(() => resolveRaw(52, { dtype: '>float32', shape: [1] }), /not understood/);
    assert.deepStrictEqual(resolveRaw(48, { dtype: 'f4', shape: [2, -1, 3], order: 'F' }).shape, [2, 2, 3]);
  });

  it('suggests shapes that fit the file', () => {
    assert.deepStrictEqual(divisors(36), [1, 2, 3, 4, 6, 9, 12, 18, 36]);
    assert.deepStrictEqual(divisors(97), [1, 97]);
    const s = suggestShapes(640 * 480 * 3, 1);
    assert.deepStrictEqual(s[0].shape, [921600]);
    assert.ok(s.some((x) => x.shape.join() === '480,640,3' && x.why === 'image H×W×3'), JSON.stringify(s));
    for (const x of s) assert.strictEqual(x.shape.reduce((a, b) => a * b, 1), 921600);
    const sq = suggestShapes(256 * 256 * 4, 4);
    assert.deepStrictEqual(sq[1], { shape: [256, 256], why: 'square' });
    assert.deepStrictEqual(suggestShapes(7 * 4 + 2, 4).map((x) => x.shape), [[7]]);
    assert.deepStrictEqual(suggestShapes(100, 4, 20)[0].shape, [20]);
    // a large prime count: factorized quickly, only 1-D
    assert.deepStrictEqual(suggestShapes(2 ** 31 - 1, 1).map((x) => x.shape), [[2 ** 31 - 1]]);
  });

  it('the CLI reads raw binary with --dtype/--shape/--offset/--order', async function () {
    this.timeout(0);
    const dir = tempDir('npyview-rawcli-');
    const file = path.join(dir, 'a.bin');
    const b = Buffer.alloc(4 + 6 * 2);
    for (let i = 0; i < 6; i++) b.writeInt16BE(i * 100 - 200, 4 + 2 * i);
    fs.writeFileSync(file, b);
    const r = await runCli(['export', file, '--dtype', '>i2', '--shape', '2,3', '--offset', '4', '--order', 'F', '--fmt', '%d']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stdout.toString(), '-200 0 200\n-100 100 300\n');
    const info = await runCli(['info', '--json', file, '--dtype', 'int16', '--offset', '4']);
    assert.strictEqual(info.code, 0, info.stderr);
    assert.deepStrictEqual(JSON.parse(info.stdout.toString()), {
      format: 'raw', dtype: '<i2', dtype_name: 'int16', shape: [6], fortran_order: false, order: 'C', offset: 4,
      data_bytes: 12, file_size: 16, unused_bytes: 0,
    });
    const bad = await runCli(['export', file, '--dtype', 'f4', '--shape', '5']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /^npyview: .*a\.bin: shape \(5,\) needs 5 items \(20 bytes\) after offset 0, but the file has 16 bytes/);
    const noDtype = await runCli(['export', file, '--shape', '5']);
    assert.strictEqual(noDtype.code, 2);
    assert.match(noDtype.stderr, /needs --dtype/);
  });
});

/** Whether bytes are well-formed UTF-8. */
function isUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
