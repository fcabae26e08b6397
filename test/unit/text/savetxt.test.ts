import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { BufferSource } from '../../../src/npy/io/filesource';
import { MemorySink } from '../../../src/npy/io/sink';
import { SAVETXT_DEFAULTS, SavetxtOptions, savetxt, rowFormat } from '../../../src/npy/text/savetxt';
import { NpyError } from '../../../src/npy/errors';
import { dtypeFromDescr } from '../../../src/npy/format/dtype';
import { formatE } from '../../../src/npy/text/floatfmt';
import { FloatPool } from '../../../src/npy/text/floatpool';
import { createHash } from 'crypto';
import { requireNumpy, runNumpy } from '../../support/numpy';

const FIX = path.join(__dirname, '../../../../test/fixtures/text');

interface Case { npy: string; opts: Partial<SavetxtOptions>; out?: string; error?: string }

async function exportOf(npy: Uint8Array, opts: Partial<SavetxtOptions>, index?: string): Promise<Buffer> {
  const arr = await NpyArray.open(new BufferSource(npy));
  const view = index === undefined ? arr.view() : arr.view().index(index);
  const sink = new MemorySink();
  await savetxt(view, { ...SAVETXT_DEFAULTS, ...opts }, sink);
  return Buffer.from(sink.toBuffer());
}

describe('savetxt: byte for byte like np.savetxt (numpy outputs)', () => {
  const data = JSON.parse(fs.readFileSync(path.join(FIX, 'savetxt.json'), 'utf8')) as { cases: Case[] };
  data.cases.forEach((c, i) => {
    const npy = Buffer.from(c.npy, 'base64');
    it(`case ${i}: ${JSON.stringify(c.opts)}${c.error ? ' → error' : ''}`, async () => {
      let got: Buffer | undefined;
      let err: unknown;
      try { got = await exportOf(npy, c.opts); } catch (e) { err = e; }
      if (c.out !== undefined) {
        if (err) throw err;
        assert.strictEqual(got!.toString('utf8'), Buffer.from(c.out, 'base64').toString('utf8'));
        assert.ok(got!.equals(Buffer.from(c.out, 'base64')));
      } else {
        assert.ok(err instanceof NpyError, `expected an error like ${c.error}, got ${got?.toString()}`);
        const numpyMsg = c.error!.replace(/^!\w+: /, '');
        assert.ok((err as NpyError).message.includes(numpyMsg), `${(err as NpyError).message} does not contain ${numpyMsg}`);
        assert.strictEqual((err as NpyError).code, 'usage');
      }
    });
  });
});

describe('savetxt: a row that fails', () => {
  it('the rows before it are written first, as np.savetxt writes them (what a pipe sees), then the error', async function () {
    if (!requireNumpy()) return;
    // '%c' of 0x110000 fails at row 2500 of 3000 (a '%c' of a surrogate at row 2800 would fail too)
    const out = JSON.parse(runNumpy(`
import io, base64
a = (np.arange(30000, dtype='<i4') % 90 + 32).reshape(3000, 10)
a[2500, 3] = 0x110000
a[2800, 0] = 0xd800
f = io.BytesIO()
np.save(f, a)
t = io.BytesIO()
try:
    np.savetxt(t, a, fmt='%c', encoding='utf-8')
    err = None
except Exception as e:
    err = type(e).__name__ + ': ' + str(e)
json.dump({'npy': base64.b64encode(f.getvalue()).decode(), 'text': base64.b64encode(t.getvalue()).decode(), 'error': err}, sys.stdout)`)) as { npy: string; text: string; error: string };
    assert.strictEqual(out.error, 'OverflowError: %c arg not in range(0x110000)');
    const arr = await NpyArray.open(new BufferSource(Buffer.from(out.npy, 'base64')));
    const sink = new MemorySink();
    await assert.rejects(savetxt(arr.view(), { ...SAVETXT_DEFAULTS, fmt: '%c' }, sink), (e: unknown) => e instanceof NpyError && e.message === out.error);
    const want = Buffer.from(out.text, 'base64');
    assert.strictEqual(want.toString('utf8').split('\n').length - 1, 2500, 'NumPy wrote the 2500 rows before the failing one');
    assert.ok(Buffer.from(sink.toBuffer()).equals(want), `${sink.toBuffer().length} bytes written, NumPy wrote ${want.length}`);
  });
});

describe('savetxt: shapes, streaming and control', () => {
  const npyOf = (descr: string, shape: number[], data: Uint8Array): Uint8Array => {
    const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
    const pad = 64 - ((10 + dict.length + 1) % 64);
    const header = dict + ' '.repeat(pad % 64) + '\n';
    const out = new Uint8Array(10 + header.length + data.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
    out.set(Buffer.from(header, 'latin1'), 10);
    out.set(data, 10 + header.length);
    return out;
  };
  const f8 = (xs: number[]): Uint8Array => new Uint8Array(new Float64Array(xs).buffer);

  it('a 0-d view is written as one value', async () => {
    const npy = npyOf('<f8', [2, 2], f8([1, 2, 3, 4]));
    assert.strictEqual((await exportOf(npy, {}, '1, 0')).toString(), '3.000000000000000000e+00\n');
    assert.strictEqual((await exportOf(npy, { fmt: '%d' }, '0, 1')).toString(), '2\n');
  });
  it('more than two dimensions is a usage error saying so', async () => {
    const npy = npyOf('<f8', [1, 2, 2], f8([1, 2, 3, 4]));
    await assert.rejects(exportOf(npy, {}), (e: unknown) => e instanceof NpyError && e.code === 'usage' && /3-dimensional/.test(e.message) && /1-D or 2-D/.test(e.message));
  });
  it('writes many rows in bounded chunks and reports progress', async () => {
    const rows = 300000;
    const xs = Array.from({ length: rows * 2 }, (_, i) => i / 7);
    const arr = await NpyArray.open(new BufferSource(npyOf('<f8', [rows, 2], f8(xs))));
    const chunks: number[] = [];
    const sink = { async write(c: Uint8Array) { chunks.push(c.length); } };
    const progress: number[] = [];
    await savetxt(arr.view(), { ...SAVETXT_DEFAULTS, fmt: '%.3f' }, sink, { onProgress: (d, n) => { assert.strictEqual(n, rows); progress.push(d); } });
    assert.ok(chunks.length > 2, 'output is written in several chunks');
    assert.ok(Math.max(...chunks) < 4 << 20, 'no chunk holds the whole output');
    assert.strictEqual(progress[progress.length - 1], rows);
    assert.ok(progress.length > 2);
  });
  describe("the default '%.18e' path, with and without worker threads: the whole output equals np.savetxt's", function () {
    // 160000 × 2 values: above the threshold where worker threads may be used (PARALLEL_MIN), so
    // several blocks go through the pool. Pseudo-random doubles over 40 decades (10^k is parsed from
    // text, so Python builds the same doubles), with NaN, ±inf, -0, subnormals and extremes late in
    // the output. NumPy's output of exactly these doubles, reproduced with numpy 2.4 by:
    //   seed, xs = 7, []
    //   for _ in range(320000):
    //       seed = (seed * 1103515245 + 12345) & 0xffffffff
    //       xs.append((seed / 2**32 - 0.5) * float('1e%d' % (seed % 40 - 20)))
    //   for i, x in SPECIALS: xs[i] = x
    //   a = np.array(xs, '<f8').reshape(-1, 2); f = io.BytesIO(); np.savetxt(f, a)
    //   hashlib.sha256(a.tobytes()).hexdigest(), len(f.getvalue()), hashlib.sha256(f.getvalue()).hexdigest()
    const rows = 160000;
    const SPECIALS: [number, number][] = [[1, NaN], [200001, -Infinity], [250002, Infinity], [250003, -0],
      [300004, 5e-324], [310005, -2.2250738585072014e-308], [319998, 1.7976931348623157e308], [319999, NaN]];
    const INPUT_SHA256 = '34f0951b341cf8daedc73c40efc57c425bff6359e9a72f300bb15bb4c977b6b6';
    const NUMPY_BYTES = 8159695;
    const NUMPY_SHA256 = 'bd86a9f7d5a575b38525c3bae30cedc52120a87baa65a73c8b3060ea27312ab8';
    const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
    let xs: number[] = [];
    let npy: Uint8Array = new Uint8Array(0);
    const outputs = new Map<string, Buffer>();
    before(function () {
      let seed = 7;
      xs = Array.from({ length: rows * 2 }, () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed / 2 ** 32 - 0.5) * Number(`1e${(seed % 40) - 20}`); });
      for (const [i, x] of SPECIALS) xs[i] = x;
      const data = f8(xs);
      assert.strictEqual(sha(data), INPUT_SHA256, 'the input doubles are the ones NumPy formatted');
      npy = npyOf('<f8', [rows, 2], data);
    });
    /** '%.18e' as np.savetxt writes it (formatE takes finite values only); for failure messages. */
    const e18 = (x: number): string => Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : formatE(x, 18);
    /** Where an output first differs, by line (the whole output is too long to show). */
    const firstDiff = (got: Buffer, want: (line: number) => string): string => {
      const lines = got.toString('latin1').split('\n');
      for (let r = 0; r < lines.length; r++) {
        const w = r < rows ? want(r) : '';
        if (lines[r] !== w) return `line ${r} of ${lines.length}: got ${JSON.stringify(lines[r])}, want ${JSON.stringify(w)}`;
      }
      return 'no line differs';
    };
    // Worker threads are used only on 4+ cores by default; NPYVIEW_WORKERS forces both paths here,
    // and the pool's format() is counted, so "forced on" really went through the workers.
    for (const workers of ['0', '2']) {
      it(`NPYVIEW_WORKERS=${workers}: every byte equals np.savetxt's output, progress in order`, async function () {
        const saved = process.env.NPYVIEW_WORKERS;
        const format = FloatPool.prototype.format;
        let pooled = 0;
        FloatPool.prototype.format = function (this: FloatPool, ...a: Parameters<FloatPool['format']>) { pooled++; return format.apply(this, a); };
        process.env.NPYVIEW_WORKERS = workers;
        try {
          const arr = await NpyArray.open(new BufferSource(npy));
          const sink = new MemorySink();
          let last = 0;
          await savetxt(arr.view(), SAVETXT_DEFAULTS, sink, { onProgress: (d) => { assert.ok(d >= last); last = d; } });
          const got = Buffer.from(sink.toBuffer());
          outputs.set(workers, got);
          assert.strictEqual(last, rows);
          if (workers === '0') assert.strictEqual(pooled, 0, 'NPYVIEW_WORKERS=0 must not use the pool');
          else assert.ok(pooled > 1, `NPYVIEW_WORKERS=${workers} must format through the pool (${pooled} blocks)`);
          if (got.length !== NUMPY_BYTES || sha(got) !== NUMPY_SHA256) {
            assert.fail(`output (${got.length} bytes) differs from np.savetxt's (${NUMPY_BYTES} bytes): ` +
              firstDiff(got, (r) => `${e18(xs[2 * r])} ${e18(xs[2 * r + 1])}`));
          }
        } finally {
          FloatPool.prototype.format = format;
          if (saved === undefined) delete process.env.NPYVIEW_WORKERS; else process.env.NPYVIEW_WORKERS = saved;
        }
      });
    }
    it('the pooled and the single-thread outputs are the same bytes', function () {
      const a = outputs.get('0');
      const b = outputs.get('2');
      assert.ok(a && b, 'both exports ran');
      if (!a.equals(b)) {
        const single = a.toString('latin1').split('\n');
        assert.fail(`pooled output differs from the single-thread one: ${firstDiff(b, (r) => single[r])}`);
      }
    });
  });
  it('honours an abort signal', async () => {
    const arr = await NpyArray.open(new BufferSource(npyOf('<f8', [200000, 1], f8(new Array(200000).fill(1)))));
    const ac = new AbortController();
    const sink = { async write() { ac.abort(); } };
    await assert.rejects(savetxt(arr.view(), SAVETXT_DEFAULTS, sink, { signal: ac.signal }), (e: unknown) => e instanceof NpyError && e.code === 'cancelled');
  });
  it('the fast float path equals the general path (big-endian, float32, odd formats)', async () => {
    const xs = [0.1, -2.5, 1e300, 5e-324, NaN, -Infinity, 123456.789, -0];
    const be = new Uint8Array(xs.length * 8);
    xs.forEach((x, i) => new DataView(be.buffer).setFloat64(i * 8, x, false));
    const a = await exportOf(npyOf('>f8', [4, 2], be), { fmt: '%.3e|%+10.2f', delimiter: ',' });
    const b = await exportOf(npyOf('<f8', [4, 2], f8(xs)), { fmt: '%.3e|%+10.2f', delimiter: ',' });
    assert.strictEqual(a.toString(), b.toString());
    assert.strictEqual(a.toString().split('\n')[0], '1.000e-01|     -2.50');
  });
  it('U data that is not valid text: fails like np.savetxt (UnicodeEncodeError, SystemError); %r escapes', async () => {
    const u4 = (cps: number[]): Uint8Array => new Uint8Array(new Uint32Array(cps).buffer);
    const sur = npyOf('<U3', [3], u4([0x41, 0xd800, 0, 0x42, 0xd800, 0xd800, 0x43, 0x44, 0]));
    const fails = async (npy: Uint8Array, opts: Partial<SavetxtOptions>, msg: string) => {
      await assert.rejects(exportOf(npy, opts), (e: unknown) => e instanceof NpyError && e.code === 'format' && e.message === msg);
    };
    // numpy: np.savetxt(f, a, fmt='%s', encoding='utf-8') and with delimiter/width
    await fails(sur, { fmt: '%s' }, "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed");
    await fails(sur, { fmt: '%5s' }, "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 4: surrogates not allowed");
    // a row of two: the position counts the first value and the delimiter (code points, not bytes)
    const row = npyOf('<U3', [1, 2], u4([0x43, 0x44, 0, 0x42, 0xd800, 0xd800]));
    await fails(row, { fmt: '%s', delimiter: ', ' }, "UnicodeEncodeError: 'utf-8' codec can't encode characters in position 5-6: surrogates not allowed");
    const two = npyOf('<U3', [1], u4([0x41, 0xd800, 0xd800]));
    await fails(two, { fmt: '%s' }, "UnicodeEncodeError: 'utf-8' codec can't encode characters in position 1-2: surrogates not allowed");
    assert.strictEqual((await exportOf(sur, { fmt: '%r' })).toString('utf8'),
      "np.str_('A\\ud800')\nnp.str_('B\\ud800\\ud800')\nnp.str_('CD')\n");
    // numpy: SystemError: invalid maximum character passed to PyUnicode_New (a one-character str)
    const beyond = npyOf('<U2', [2], u4([0x42, 0x43, 0x110000, 0]));
    await fails(beyond, { fmt: '%r' }, 'SystemError: invalid maximum character passed to PyUnicode_New (a str element is 0x110000, which is not a Unicode code point)');
    // A longer str past U+10FFFF, or a surrogate pair stored as two code points: no exact text, so refused.
    await assert.rejects(exportOf(npyOf('<U2', [1], u4([0x41, 0x110000])), { fmt: '%s' }), /0x110000, which is not a Unicode code point; it cannot be exported/);
    await assert.rejects(exportOf(npyOf('<U2', [1], u4([0xd83d, 0xde00])), { fmt: '%r' }), /U\+D83D U\+DE00 as two code points/);
  });

  it("numpy's fmt rules", () => {
    assert.strictEqual(rowFormat('%d', ',', 3, false), '%d,%d,%d');
    assert.strictEqual(rowFormat('%.1f', ',', 2, true), ' (%.1f+%.1fj), (%.1f+%.1fj)');
    assert.strictEqual(rowFormat(['%d', '%s'], ';', 2, false), '%d;%s');
    assert.throws(() => rowFormat(['%d'], ';', 2, false), /fmt has wrong shape.  \['%d'\]/);
    assert.throws(() => rowFormat('%d %d', ' ', 3, false), /fmt has wrong number of % formats:  %d %d/);
    void dtypeFromDescr;
  });
});
