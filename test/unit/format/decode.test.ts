import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NpyArray } from '../../../src/npy/format/array';
import { Complex, LongDouble, decodeValue, makeDecoder } from '../../../src/npy/format/decode';
import { FileSource } from '../../../src/npy/io/filesource';
import { dtypeName, dtypeStr } from '../../../src/npy/format/dtype';
import { CORE_DIR, canon, expected, fixture } from '../../support/corefixtures';
import { PYTHON, requireNumpy } from '../../support/numpy';

/** Every element of an array, decoded in C order. */
async function decodeAll(name: string): Promise<unknown[]> {
  const arr = await NpyArray.open(await FileSource.open(fixture(name)));
  try {
    const v = arr.view();
    const bytes = await v.readBlock(v.shape.map(() => 0), v.shape);
    const dec = makeDecoder(arr.dtype);
    const out: unknown[] = [];
    for (let i = 0; i < v.size; i++) out.push(canon(arr.dtype, dec(bytes, i * arr.dtype.itemsize)));
    return out;
  } finally {
    await arr.close();
  }
}

const u8 = (...xs: number[]) => new Uint8Array(xs);

describe('decode', () => {
  for (const [name, exp] of Object.entries(expected.files)) {
    it(`decodes ${name} exactly as NumPy sees it`, async () => {
      assert.deepStrictEqual(await decodeAll(name), exp.values);
    });
  }

  it('matches NumPy on random arrays, dtypes and index expressions', async function () {
    this.timeout(120000);
    requireNumpy(this, 'the random NumPy oracle of decode');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-core-oracle-'));
    try {
      const run = spawnSync(PYTHON, [path.join(CORE_DIR, 'random_oracle.py'), dir, '2024', '80'],
        { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
      if (run.status !== 0) assert.fail(`random_oracle.py failed (${run.error ?? `status ${run.status}, signal ${run.signal}`}):\n${run.stderr}`);
      const cases: { file: string; expr: string; shape: number[]; str: string; name: string; values: unknown[] }[] = JSON.parse(run.stdout);
      assert.strictEqual(cases.length, 80);
      for (const c of cases) {
        const arr = await NpyArray.open(await FileSource.open(path.join(dir, c.file)));
        try {
          const what = `${c.file}[${c.expr}] ${c.str}`;
          assert.strictEqual(dtypeStr(arr.dtype), c.str, what);
          assert.strictEqual(dtypeName(arr.dtype), c.name, what);
          const v = arr.view().index(c.expr);
          assert.deepStrictEqual(v.shape, c.shape, what);
          const bytes = await v.readBlock(v.shape.map(() => 0), v.shape);
          const dec = makeDecoder(v.dtype);
          const got: unknown[] = [];
          for (let i = 0; i < v.size; i++) got.push(canon(v.dtype, dec(bytes, i * v.dtype.itemsize)));
          assert.deepStrictEqual(got, c.values, what);
        } finally {
          await arr.close();
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps int64/uint64 exact as bigint and NaT as -2**63', () => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(-(2n ** 63n));
    assert.strictEqual(decodeValue({ kind: 'M', itemsize: 8, order: '<', unit: 'ns', step: 1 }, b, 0), -(2n ** 63n));
    b.writeBigUInt64BE(2n ** 64n - 1n);
    assert.strictEqual(decodeValue({ kind: 'u', itemsize: 8, order: '>' }, b, 0), 2n ** 64n - 1n);
    b.writeBigInt64LE(2n ** 53n + 1n);
    assert.strictEqual(decodeValue({ kind: 'i', itemsize: 8, order: '<' }, b, 0), 2n ** 53n + 1n);
  });

  it('decodes float16 exactly, including subnormals and specials', () => {
    const f2 = (h: number) => decodeValue({ kind: 'f', itemsize: 2, order: '<' }, u8(h & 0xff, h >> 8), 0);
    assert.strictEqual(f2(0x3c00), 1);
    assert.strictEqual(f2(0x7bff), 65504);
    assert.strictEqual(f2(0x0001), 2 ** -24);
    assert.strictEqual(f2(0x03ff), 1023 * 2 ** -24);
    assert.strictEqual(f2(0x0400), 2 ** -14);
    assert.ok(Object.is(f2(0x8000), -0));
    assert.strictEqual(f2(0x7c00), Infinity);
    assert.strictEqual(f2(0xfc00), -Infinity);
    assert.ok(Number.isNaN(f2(0x7e00)));
    assert.strictEqual(f2(0x3555), 0.333251953125);
  });

  it('rounds long doubles to the nearest double, once', () => {
    const ld = (sign: 0 | 1, exp: number, mant: bigint) => new LongDouble(sign, exp, mant).toNumber();
    const one = 1n << 63n;
    assert.strictEqual(ld(0, 16383, one), 1);
    assert.strictEqual(ld(1, 16384, one | (1n << 62n)), -3);
    // 1 + 2^-53 is a tie: rounds to even (1); 1 + 2^-53 + 2^-63 rounds up.
    assert.strictEqual(ld(0, 16383, one | (1n << 10n)), 1);
    assert.strictEqual(ld(0, 16383, one | (1n << 10n) | 1n), 1 + 2 ** -52);
    // smallest double subnormal, and half of it (tie → even → 0), and a bit more than half (→ min)
    assert.strictEqual(ld(0, 16383 - 1074, one), 5e-324);
    assert.strictEqual(ld(0, 16383 - 1075, one), 0);
    assert.strictEqual(ld(0, 16383 - 1075, one | 1n), 5e-324);
    // subnormal with rounding at the subnormal quantum (no double rounding)
    assert.strictEqual(ld(0, 16383 - 1070, one | (1n << 59n) | 1n), 17 * 2 ** -1074);
    assert.strictEqual(ld(0, 16383 + 1024, one), Infinity);
    assert.strictEqual(ld(1, 16383 + 1023, (1n << 64n) - 1n), -Infinity); // rounds up past DBL_MAX
    assert.strictEqual(ld(0, 16383 + 1023, one), 2 ** 1023);
    assert.strictEqual(ld(0, 0, 0n), 0);
    assert.ok(Object.is(ld(1, 0, 0n), -0));
    assert.strictEqual(ld(0, 0, 1n), 0); // x87 denormal far below doubles
    assert.strictEqual(ld(0, 0x7fff, one), Infinity);
    assert.ok(Number.isNaN(ld(0, 0x7fff, one | 1n)));
    assert.ok(new LongDouble(0, 0x7fff, one | (1n << 62n)).isNaN());
    assert.ok(new LongDouble(1, 0x7fff, one).isInfinite());
  });

  it('reads x87 bytes little- and big-endian in 12- and 16-byte items', () => {
    const le16 = u8(0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0x3f, 1, 2, 3, 4, 5, 6); // 1.5, garbage padding
    const v = decodeValue({ kind: 'f', itemsize: 16, order: '<' }, le16, 0) as LongDouble;
    assert.deepStrictEqual([v.sign, v.exponent, v.mantissa, v.toNumber()], [0, 0x3fff, 0xc000000000000000n, 1.5]);
    const be16 = Uint8Array.from(le16).reverse();
    assert.strictEqual((decodeValue({ kind: 'f', itemsize: 16, order: '>' }, be16, 0) as LongDouble).toNumber(), 1.5);
    const le12 = le16.slice(0, 12);
    assert.strictEqual((decodeValue({ kind: 'f', itemsize: 12, order: '<' }, le12, 0) as LongDouble).toNumber(), 1.5);
    const c = decodeValue({ kind: 'c', itemsize: 24, order: '<' }, u8(...le12, ...le12), 0) as Complex;
    assert.strictEqual((c.re as LongDouble).toNumber(), 1.5);
    assert.strictEqual((c.im as LongDouble).toNumber(), 1.5);
  });

  it('strips trailing NULs of S and U but keeps embedded ones; V stays raw', () => {
    assert.deepStrictEqual(decodeValue({ kind: 'S', itemsize: 5, order: '|' }, u8(97, 0, 98, 0, 0), 0), u8(97, 0, 98));
    assert.deepStrictEqual(decodeValue({ kind: 'V', itemsize: 3, order: '|' }, u8(1, 0, 0), 0), u8(1, 0, 0));
    const ucs4 = Buffer.alloc(16);
    ucs4.writeUInt32LE(0x1f600, 0);
    ucs4.writeUInt32LE(0, 4);
    ucs4.writeUInt32LE(0x41, 8);
    assert.strictEqual(decodeValue({ kind: 'U', itemsize: 16, order: '<' }, ucs4, 0), '😀\x00A');
    ucs4.writeUInt32LE(0x110000, 0);
    assert.strictEqual(decodeValue({ kind: 'U', itemsize: 16, order: '<' }, ucs4, 0), '\ufffd\x00A');
  });

  it('U: a lone surrogate stays one (like a Python str); strictText refuses what NumPy cannot read', () => {
    const U3 = { kind: 'U', itemsize: 12, order: '<' } as const;
    const ucs4 = (...cps: number[]) => new Uint8Array(new Uint32Array(cps).buffer);
    assert.strictEqual(decodeValue(U3, ucs4(0xd800, 0x41, 0xdfff), 0), '\ud800A\udfff');
    const strict = makeDecoder(U3, { strictText: true });
    assert.strictEqual(strict(ucs4(0xd800, 0x41, 0xdfff), 0), '\ud800A\udfff');
    assert.throws(() => strict(ucs4(0x110000, 0, 0), 0), /SystemError: invalid maximum character passed to PyUnicode_New/);
    assert.throws(() => strict(ucs4(0x41, 0x110000, 0), 0), /cannot be exported/);
    assert.throws(() => strict(ucs4(0xd83d, 0xde00, 0), 0), /as two code points/);
  });

  it('reuses its DataView across calls on one buffer and follows a new buffer', () => {
    const dec = makeDecoder({ kind: 'i', itemsize: 4, order: '>' });
    const a = u8(0, 0, 0, 1, 0, 0, 0, 2);
    const b = u8(0, 0, 1, 0);
    assert.deepStrictEqual([dec(a, 0), dec(a, 4), dec(b, 0), dec(a.subarray(4), 0)], [1, 2, 256, 2]);
  });
});
