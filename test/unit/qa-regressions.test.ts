/**
 * QA regressions: inputs where the export once differed from np.savetxt (or a file once got the
 * wrong answer). Expected outputs were written by NumPy through test/fixtures/qa/make_qa.py.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NpyArray } from '../../src/npy/format/array';
import { NpyError } from '../../src/npy/errors';
import { BufferSource } from '../../src/npy/io/filesource';
import { SAVETXT_DEFAULTS, SavetxtOptions, savetxt } from '../../src/npy/text/savetxt';
import { MemorySink } from '../../src/npy/io/sink';

const FIX = path.join(__dirname, '../../../test/fixtures/qa');

interface Case { why: string; npy: string; index?: string; opts: Partial<SavetxtOptions>; out?: string; error?: string }

async function exportOf(c: Case): Promise<Buffer> {
  const arr = await NpyArray.open(new BufferSource(Buffer.from(c.npy, 'base64')));
  const view = c.index === undefined ? arr.view() : arr.view().index(c.index);
  const sink = new MemorySink();
  await savetxt(view, { ...SAVETXT_DEFAULTS, ...c.opts }, sink);
  return Buffer.from(sink.toBuffer());
}

describe('QA regressions: export vs np.savetxt', () => {
  const data = JSON.parse(fs.readFileSync(path.join(FIX, 'cases.json'), 'utf8')) as { cases: Case[] };
  data.cases.forEach((c, i) => {
    it(`${i}: ${c.why} ${JSON.stringify(c.opts)}${c.index !== undefined ? ` [${c.index}]` : ''}`, async () => {
      let got: Buffer | undefined;
      let err: unknown;
      try { got = await exportOf(c); } catch (e) { err = e; }
      if (c.out !== undefined) {
        if (err) throw err;
        const want = Buffer.from(c.out, 'base64');
        assert.strictEqual(got!.toString('utf8'), want.toString('utf8'));
        assert.ok(got!.equals(want));
      } else {
        assert.ok(err instanceof NpyError, `numpy raised ${c.error}, but the export gave ${JSON.stringify(got?.toString())}`);
        const numpyMessage = c.error!.replace(/^\w+: /, '');
        assert.ok((err as NpyError).message.includes(numpyMessage), `${(err as NpyError).message} does not say ${numpyMessage}`);
      }
    });
  });
});
