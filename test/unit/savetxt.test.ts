import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray } from '../../src/npy/array';
import { BufferSource } from '../../src/npy/filesource';
import { MemorySink } from '../../src/npy/sink';
import { SAVETXT_DEFAULTS, SavetxtOptions, savetxt, rowFormat } from '../../src/npy/savetxt';
import { NpyError } from '../../src/npy/errors';
import { dtypeFromDescr } from '../../src/npy/dtype';
import { formatE } from '../../src/npy/floatfmt';

const FIX = path.join(__dirname, '../../../test/fixtures/text');

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
  for (const workers of ['0', '2']) {
    it(`the default '%.18e' path writes every value exactly, in order (NPYVIEW_WORKERS=${workers})`, async () => {
      // Worker threads are used only on 4+ cores by default; force both paths so each is tested here.
      const saved = process.env.NPYVIEW_WORKERS;
      process.env.NPYVIEW_WORKERS = workers;
      try {
        const rows = 160000; // 320000 values: above the threshold where worker threads may be used
        let seed = 7;
        const xs = Array.from({ length: rows * 2 }, () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed / 2 ** 32 - 0.5) * 10 ** ((seed % 40) - 20); });
        const arr = await NpyArray.open(new BufferSource(npyOf('<f8', [rows, 2], f8(xs))));
        const sink = new MemorySink();
        let last = 0;
        await savetxt(arr.view(), SAVETXT_DEFAULTS, sink, { onProgress: (d) => { assert.ok(d >= last); last = d; } });
        const lines = Buffer.from(sink.toBuffer()).toString('latin1').split('\n');
        assert.strictEqual(lines.length, rows + 1);
        for (let r = 0; r < rows; r += 997) assert.strictEqual(lines[r], `${formatE(xs[2 * r], 18)} ${formatE(xs[2 * r + 1], 18)}`);
        assert.strictEqual(last, rows);
      } finally {
        if (saved === undefined) delete process.env.NPYVIEW_WORKERS; else process.env.NPYVIEW_WORKERS = saved;
      }
    });
  }
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
    await fails(sur.slice(), { fmt: '%s' }, "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed");
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
