/**
 * Defect 1 of issue 12: a 128-byte .npy whose zero-byte items ('|V0', [], '<U0') make one row
 * of a billion columns. The export used to build the row format for every column first (a V8
 * heap abort at 3 GB); now memory follows the output, not the column count.
 */
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { dtypeFromDescr } from '../../../src/npy/format/dtype';
import { buildHeader } from '../../../src/npy/format/header';
import { NpyError } from '../../../src/npy/errors';
import { BufferSource } from '../../../src/npy/io/filesource';
import { ByteSink } from '../../../src/npy/io/sink';
import { parsePyLiteral } from '../../../src/npy/py/pyliteral';
import { SAVETXT_DEFAULTS, savetxt } from '../../../src/npy/text/savetxt';

const FIX = path.join(__dirname, '../../../../test/fixtures/hostile');
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as
  Record<string, { size: number; default_2x5: string; s_2x1000000: { sha256: string; length: number } }>;

/** Hashes what it is given and remembers the biggest chunk (the output is never held). */
class HashSink implements ByteSink {
  readonly hash = createHash('sha256');
  length = 0;
  biggest = 0;
  async write(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.length += chunk.length;
    this.biggest = Math.max(this.biggest, chunk.length);
  }
}

const DESCR: Record<string, string> = { 'wide_v0.npy': "'|V0'", 'wide_struct0.npy': '[]', 'wide_u0.npy': "'<U0'" };

describe('savetxt: a billion zero-byte columns (issue 12, defect 1)', () => {
  for (const name of Object.keys(DESCR)) {
    const want = expected[name];
    it(`${name} (${want.size} bytes, shape (1, 1000000000)): the default format fails on the first value, as it would for 5 columns`, async () => {
      const file = fs.readFileSync(path.join(FIX, name));
      assert.strictEqual(file.length, want.size);
      const arr = await NpyArray.open(new BufferSource(file));
      assert.deepStrictEqual(arr.shape, [1, 1e9]);
      const before = process.memoryUsage().rss;
      const sink = new HashSink();
      const err = await savetxt(arr.view(), SAVETXT_DEFAULTS, sink).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof NpyError, `expected a clear error, got ${String(err)}`);
      // numpy's message for (2, 5); its row format text is quoted only up to a bound
      const numpy = want.default_2x5.replace(/^!\w+: /, '').replace(/ %\.18e %\.18e %\.18e %\.18e'\)$/, '');
      assert.ok(err.message.includes(numpy), `${err.message.slice(0, 200)} does not say ${numpy}`);
      assert.ok(err.message.length < 3000, `message of ${err.message.length} characters`);
      assert.strictEqual(sink.length, 0);
      assert.ok(process.memoryUsage().rss - before < 200e6, `rss grew by ${process.memoryUsage().rss - before}`);
    });
    it(`${name}: '%s' of a (2, 1000000) array streams NumPy's exact text`, async () => {
      const dt = dtypeFromDescr(parsePyLiteral(DESCR[name]));
      const arr = await NpyArray.open(new BufferSource(buildHeader(dt, [2, 1000000], false)));
      const sink = new HashSink();
      await savetxt(arr.view(), { ...SAVETXT_DEFAULTS, fmt: '%s' }, sink);
      assert.strictEqual(sink.length, want.s_2x1000000.length);
      assert.strictEqual(sink.hash.digest('hex'), want.s_2x1000000.sha256);
    });
  }
  it("'%s' of the billion columns writes in bounded pieces and stops when cancelled", async () => {
    const arr = await NpyArray.open(new BufferSource(fs.readFileSync(path.join(FIX, 'wide_u0.npy'))));
    const abort = new AbortController();
    const sink = new HashSink();
    const counting: ByteSink = {
      async write(chunk) {
        await sink.write(chunk);
        abort.abort();
      },
    };
    const before = process.memoryUsage().rss;
    const err = await savetxt(arr.view(), { ...SAVETXT_DEFAULTS, fmt: '%s' }, counting, { signal: abort.signal })
      .then(() => null, (e: unknown) => e);
    assert.ok(err instanceof NpyError && err.code === 'cancelled', String(err));
    // the first piece arrives after a few MB of the row, and nothing more once cancelled
    assert.ok(sink.length >= 1e6 && sink.length <= 16 << 20, `${sink.length} bytes`);
    assert.ok(process.memoryUsage().rss - before < 200e6, `rss grew by ${process.memoryUsage().rss - before}`);
  });
});
