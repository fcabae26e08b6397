/**
 * .npz archives read by zipfile's rules (issue 12, defect 6): what Python refuses we refuse (a
 * local header naming another file, a corrupt extra field, a version past 6.3), and what it
 * takes we take (disk numbers, entry counts, comment lengths, a zip64 locator pointing elsewhere,
 * data in front of the archive), with one bad member leaving the others and `info` readable.
 * Expected: np.load of each fixture, member by member (make_hostile.py → zipfile.json).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deflateRawSync } from 'zlib';
import { NpzFile } from '../../../src/npy/format/npz/npz';
import { NpyError } from '../../../src/npy/errors';
import { FileSource } from '../../../src/npy/io/filesource';
import { MemorySink } from '../../../src/npy/io/sink';
import { crc32 } from '../../../src/npy/io/crc32';
import { requireNumpy, runNumpy } from '../../support/numpy';
import { sha256 } from '../../support/npzfixtures';
import { writeZip } from '../../support/zipwriter';

const FIX = path.join(__dirname, '../../../../test/fixtures/hostile');
type Verdict = { error: string } | { members: Record<string, { npySha256?: string; error?: string }> };
const cases = (JSON.parse(fs.readFileSync(path.join(FIX, 'zipfile.json'), 'utf8')) as { cases: Record<string, Verdict> }).cases;

/** Members NumPy reads that we refuse on purpose (README, deviations): their compression method. */
const DEVIATIONS: Record<string, RegExp> = {
  'zip_lzma.npz': /uses lzma \(method 14\) compression; only stored and deflate are supported/,
  'zip_bzip2.npz': /uses bzip2 \(method 12\) compression; only stored and deflate are supported/,
};

/** What we give for a member: np.save's bytes of it (copyMember of an array member is those), or the error. */
async function ours(npz: NpzFile, key: string): Promise<{ npySha256?: string; error?: string }> {
  try {
    const arr = await npz.openArray(key, { verify: true });
    const v = arr.view();
    if (v.size > 0 && arr.dtype.itemsize > 0) await v.readBlock(v.shape.map(() => 0), v.shape);
    await arr.close();
    const sink = new MemorySink();
    await npz.copyMember(key, sink);
    return { npySha256: sha256(sink.toBuffer()) };
  } catch (e) {
    if (e instanceof NpyError) return { error: e.message };
    throw e;
  }
}

describe("npz: zipfile's rules, strict and lenient (issue 12, defect 6)", () => {
  it('has the cases', () => {
    for (const k of ['zip_name_mismatch.npz', 'zip_bad_csize.npz', 'zip_disk_numbers.npz', 'zip_entry_count.npz',
      'zip_comment_length.npz', 'zip64_locator_offset.npz', 'zip_lzma.npz', 'zip_extract_version.npz']) assert.ok(cases[k], k);
  });
  for (const [name, want] of Object.entries(cases)) {
    it(`${name}: ${'error' in want ? `np.load refuses it (${want.error.slice(0, 60)})` : 'as np.load reads each member'}`, async () => {
      const src = await FileSource.open(path.join(FIX, name));
      let npz: NpzFile;
      try {
        npz = await NpzFile.open(src, name);
      } catch (e) {
        await src.close();
        assert.ok('error' in want, `np.load opens it, we refuse: ${(e as Error).message}`);
        assert.ok(e instanceof NpyError, String(e));
        return;
      }
      try {
        assert.ok(!('error' in want), `np.load refuses it (${'error' in want ? want.error : ''}), we open it`);
        const members = (want as { members: Record<string, { npySha256?: string; error?: string }> }).members;
        assert.deepStrictEqual(npz.members.map((m) => m.name), Object.keys(members));
        for (const [key, w] of Object.entries(members)) {
          // info (the header-level description) never fails for one bad member
          await npz.describe(npz.member(key));
          const got = await ours(npz, key);
          if (DEVIATIONS[name]) {
            assert.match(got.error ?? '', DEVIATIONS[name], key);
          } else if (w.error !== undefined) {
            assert.ok(got.error !== undefined, `${key}: numpy: ${w.error}; we read it`);
          } else {
            assert.strictEqual(got.error, undefined, `${key}: numpy reads it; we: ${got.error}`);
            assert.strictEqual(got.npySha256, w.npySha256, key);
          }
        }
      } finally {
        await npz.close();
      }
    });
  }
  it('a local header naming another file: refused with both names', async () => {
    const npz = await NpzFile.open(await FileSource.open(path.join(FIX, 'zip_name_mismatch.npz')), 'm.npz');
    try {
      await assert.rejects(npz.openArray('a'), /the file name in the directory \("a.npy"\) and in the local header \("x.npy"\) differ/);
    } finally {
      await npz.close();
    }
  });
  it("a member declared empty whose deflate stream is corrupt: zlib's error, as np.load gives (fuzz case 14151)", async () => {
    // a.npy: deflated, 5 bytes -> 0, a final stored block whose NLEN is not ~LEN. zipfile still
    // inflates a first chunk to read the magic: "Error -3 ... invalid stored block lengths".
    const file = path.join(__dirname, '../../../../test/fixtures/fuzz/we-accept-2b49a4ab2475.npz');
    const npz = await NpzFile.open(await FileSource.open(file), 'm.npz');
    try {
      await assert.rejects(npz.openArray('a'), /member 'a': corrupt deflate stream \(invalid stored block lengths\) after 0 bytes of output/);
    } finally {
      await npz.close();
    }
  });
  it("a deflated member whose central compressed size runs past the end of the file: np.load's EOFError (fuzz case 6495)", async () => {
    // 'big' (2 MB of .npy deflated to 209 KB) declares 80 MB of compressed data: zipfile's reads
    // reach the end of the file while the stream still has output to give, and its next top-up
    // raises EOFError; the members around it load (test/unit/format/csize.test.ts: the general rule)
    const file = path.join(__dirname, '../../../../test/fixtures/fuzz/we-accept-467f7db9f179.npz');
    const npz = await NpzFile.open(await FileSource.open(file), 'm.npz');
    try {
      assert.deepStrictEqual((await npz.describe(npz.member('big'))).error, undefined, 'info shows its header');
      // the check runs when the array's last bytes are read (it costs the whole member)
      const big = await npz.openArray('big');
      const v = big.view();
      await assert.rejects(v.readBlock(v.shape.map(() => 0), v.shape), /member 'big': its compressed data runs past the end of the file \(the archive declares 80256790 bytes, the file holds 209655\); np.load stops with EOFError/);
      await big.close();
      const small = await npz.openArray('small');
      assert.deepStrictEqual(small.shape, [5]);
      await small.close();
    } finally {
      await npz.close();
    }
  });
});

describe('npz: a member whose data would start at or past the end of the file (fuzz seed 1207004, case 81360)', () => {
  // zipfile seeks past a local extra field even beyond the end of the file; its first read of the
  // member asks for min(4096, compressed size) bytes and raises EOFError when it gets none. So a
  // member with compressed bytes there is refused, whatever its size or content; one without
  // reads as empty. Archives built here, one member 'a.npy' (not an array: np.load gives its
  // bytes), and np.load's verdict on each, against ours: what `info` describes and a copy reads.
  const hello = new TextEncoder().encode('helloworld');
  const VARIANTS: { name: string; method: number; size: number; payload: Uint8Array; crc: number; at: 'past' | 'end' | 'there' }[] = [
    { name: 'deflated, empty, 2 compressed bytes', method: 8, size: 0, payload: new Uint8Array([3, 0]), crc: 0, at: 'past' },
    { name: 'deflated, empty, no compressed bytes', method: 8, size: 0, payload: new Uint8Array(0), crc: 0, at: 'past' },
    { name: 'stored, empty, 3 compressed bytes', method: 0, size: 0, payload: new Uint8Array([97, 98, 99]), crc: 0, at: 'past' },
    { name: 'stored, empty, no compressed bytes', method: 0, size: 0, payload: new Uint8Array(0), crc: 0, at: 'past' },
    { name: 'deflated, 10 bytes', method: 8, size: 10, payload: deflateRawSync(hello), crc: crc32(hello), at: 'past' },
    { name: 'stored, 10 bytes', method: 0, size: 10, payload: hello, crc: crc32(hello), at: 'past' },
    { name: 'deflated, empty, 2 compressed bytes, starting exactly at the end', method: 8, size: 0, payload: new Uint8Array([3, 0]), crc: 0, at: 'end' },
    { name: 'deflated, empty, 2 compressed bytes where they are (no patch)', method: 8, size: 0, payload: new Uint8Array([3, 0]), crc: 0, at: 'there' },
  ];
  if (!requireNumpy()) return;
  let dir = '';
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npz-past-end-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`refuses it exactly where np.load does (${VARIANTS.length} archives)`, async () => {
    const files = VARIANTS.map((v, i) => {
      const { bytes, layout } = writeZip([{ name: new TextEncoder().encode('a.npy'), method: v.method, flags: 0, crc: v.crc, size: v.size, payload: v.payload }]);
      const b = Buffer.from(bytes);
      const local = layout.locals[0].at;
      const dataAt = local + 30 + 'a.npy'.length;
      if (v.at === 'past') b.writeUInt16LE(0xffff, local + 28);
      if (v.at === 'end') b.writeUInt16LE(b.length - dataAt, local + 28);
      assert.ok(v.at === 'there' || dataAt + b.readUInt16LE(local + 28) >= b.length, v.name);
      const file = path.join(dir, `v${i}.npz`);
      fs.writeFileSync(file, b);
      return file;
    });
    const numpy = JSON.parse(runNumpy(`out = []
for f in json.loads(sys.stdin.read()):
    try:
        out.append({'bytes': len(np.load(f)['a'])})
    except Exception as e:
        out.append({'error': type(e).__name__})
print(json.dumps(out))`, JSON.stringify(files))) as ({ bytes: number } | { error: string })[];
    let ran = 0;
    for (const [i, v] of VARIANTS.entries()) {
      const npz = await NpzFile.open(await FileSource.open(files[i]), `v${i}.npz`);
      try {
        let got: { bytes: number } | { error: string };
        const d = await npz.describe(npz.member('a'));
        if (d.error !== undefined) got = { error: d.error };
        else {
          const sink = new MemorySink();
          try {
            await npz.copyMember('a', sink);
            got = { bytes: sink.toBuffer().length };
          } catch (e) {
            got = { error: (e as Error).message };
          }
        }
        const want = numpy[i];
        if ('error' in want) assert.ok('error' in got, `${v.name}: np.load: ${want.error}; we read ${JSON.stringify(got)}`);
        else assert.deepStrictEqual(got, want, `${v.name}: np.load reads ${want.bytes} bytes`);
        if (v.at !== 'there' && v.payload.length > 0) {
          assert.match('error' in got ? got.error : '', /at or past the end of the file .* \(np\.load: EOFError\)/, v.name);
        }
        ran++;
      } finally {
        await npz.close();
      }
    }
    assert.strictEqual(ran, VARIANTS.length);
    assert.deepStrictEqual(numpy.map((r) => 'error' in r), [true, false, true, false, true, true, true, false], "np.load's verdicts as found when this test was written");
  });
});
