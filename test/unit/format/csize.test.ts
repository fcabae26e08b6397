/**
 * Deflated .npz members whose compressed size does not fit the file (issue 12, fuzz case 6495):
 * NumPy, through zipfile, raises EOFError when a top-up of its input finds the end of the file,
 * or reads the member when the stream (or the declared size) ends first. csize_cases.py writes
 * 360 archives (sizes raised past the end of the file by 1 .. 1e6 bytes or a little within it,
 * streams cut to parts of themselves with the rest of the archive read as more of the stream)
 * and records np.load of each member; each is read here (info, then the whole array) and must
 * agree: the same bytes, dtype and shape, or an error where NumPy has one (and `save` of the
 * member refused exactly then).
 */
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpzFile } from '../../../src/npy/format/npz/npz';
import { NpyError } from '../../../src/npy/errors';
import { FileSource } from '../../../src/npy/io/filesource';
import { MemorySink } from '../../../src/npy/io/sink';
import { requireNumpy, runPython } from '../../support/numpy';

const ROOT = path.join(__dirname, '../../../..');
const COUNT = 360;

type Member = { sha?: string; dtype?: string; shape?: number[]; bytes?: number; error?: string; saveError?: string };
interface Case { file: string; what: string; error?: string; members?: Record<string, Member> }

/** What we give for a member: the array's bytes, dtype and shape, or our error. */
async function ours(npz: NpzFile, key: string): Promise<Member> {
  try {
    const d = await npz.describe(npz.member(key));
    if (!d.isArray && d.error === undefined) return { bytes: d.uncompressedSize };
    const arr = await npz.openArray(key);
    try {
      const v = arr.view();
      const h = createHash('sha256');
      if (v.size > 0 && arr.dtype.itemsize > 0) h.update(await v.readBlock(v.shape.map(() => 0), v.shape));
      return { sha: h.digest('hex'), shape: arr.shape, ...await save(npz, key) };
    } finally {
      await arr.close();
    }
  } catch (e) {
    if (e instanceof NpyError) return { error: e.message, ...await save(npz, key) };
    throw e;
  }
}

/** `save` of the whole member (its bytes copied): refused exactly where np.load refuses. */
async function save(npz: NpzFile, key: string): Promise<{ saveError?: string }> {
  try {
    await npz.copyMember(key, new MemorySink());
    return {};
  } catch (e) {
    if (e instanceof NpyError) return { saveError: e.message };
    throw e;
  }
}

describe('npz: a deflated member whose compressed size does not fit the file, as np.load reads it (issue 12)', function () {
  this.timeout(600000);
  let dir = '';
  let cases: Case[] = [];
  before(function () {
    requireNumpy(this, 'the compressed-size cases');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npz-csize-'));
    runPython(path.join(ROOT, 'test', 'unit', 'format', 'csize_cases.py'), [dir], 300000);
    cases = (JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it(`agrees with np.load on all ${COUNT} archives`, async () => {
    assert.strictEqual(cases.length, COUNT);
    const wrong: string[] = [];
    let eofErrors = 0;
    let loaded = 0;
    for (const c of cases) {
      let npz: NpzFile;
      try {
        npz = await NpzFile.open(await FileSource.open(path.join(dir, c.file)), c.file);
      } catch (e) {
        if (c.error === undefined) wrong.push(`${c.file} (${c.what}): np.load opens it, we: ${(e as Error).message}`);
        continue;
      }
      try {
        if (c.error !== undefined) { wrong.push(`${c.file} (${c.what}): np.load refuses it (${c.error}), we open it`); continue; }
        for (const [key, want] of Object.entries(c.members!)) {
          const got = await ours(npz, key);
          const tag = `${c.file} (${c.what}) '${key}'`;
          if (want.error !== undefined) {
            if (want.error.startsWith('EOFError')) eofErrors++;
            if (got.error === undefined) wrong.push(`${tag}: numpy ${want.error}; we read it`);
            if (got.saveError === undefined) wrong.push(`${tag}: numpy ${want.error}; we save it`);
          } else if (got.error !== undefined) {
            wrong.push(`${tag}: numpy reads it; we: ${got.error}`);
          } else if (got.saveError !== undefined && want.bytes === undefined) {
            wrong.push(`${tag}: numpy reads it; we cannot save it: ${got.saveError}`);
          } else if (want.bytes !== undefined) {
            if (got.bytes === undefined) wrong.push(`${tag}: numpy gives its bytes; we read an array`);
          } else {
            loaded++;
            if (got.sha !== want.sha || JSON.stringify(got.shape) !== JSON.stringify(want.shape)) wrong.push(`${tag}: different data or shape`);
          }
        }
      } finally {
        await npz.close();
      }
    }
    assert.deepStrictEqual(wrong, []);
    // both outcomes are covered: members NumPy refuses with EOFError, and damaged ones it reads
    assert.ok(eofErrors >= 50, `${eofErrors} EOFError members`);
    assert.ok(loaded >= 100, `${loaded} loaded members`);
  });
});
