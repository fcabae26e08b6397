/**
 * The safe unpickler against Python's own pickles: plain values of every protocol (0–5) read
 * back with Python's str() and repr(); hostile pickles (a __reduce__ to os.system, eval, classes,
 * INST/OBJ/NEWOBJ, copyreg._reconstructor, EXT codes, PERSID, out-of-band buffers, BUILD on
 * anything else) refused with a message naming what they would have done, and nothing run: the
 * file the os.system payload would create never appears. Limits give clear messages.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BufferSource } from '../../../src/npy/io/filesource';
import { NpyError } from '../../../src/npy/errors';
import { DEFAULT_PICKLE_LIMITS, unpickle } from '../../../src/npy/py/pickle';
import { PySetObj, setIterationOrder } from '../../../src/npy/py/pyobject';
import { pyReprObj, pyStr } from '../../../src/npy/text/objectstr';
import { ROOT, tempDir } from '../../support/cli-harness';
import { requireNumpy, runPython } from '../../support/numpy';

interface Plain { protocol: number; hex: string; str: string; repr: string }
interface Hostile { name: string; hex: string; mentions: string[] }

const load = (bytes: Uint8Array, limits = DEFAULT_PICKLE_LIMITS) => unpickle(new BufferSource(bytes), 0, bytes.length, limits);
const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('safe unpickler vs Python pickle', function () {
  if (!requireNumpy()) return;
  const dir = tempDir('npyview-pickle-');
  const marker = path.join(dir, 'PWNED');
  runPython(path.join(ROOT, 'test', 'unit', 'py', 'pickle_cases.py'), ['1', '0', dir, marker]);
  const { plain, hostile } = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { plain: Plain[]; hostile: Hostile[] };

  it(`reads ${plain.length} plain pickles (protocols 0-5) with Python's str() and repr()`, async function () {
    assert.ok(plain.length > 400);
    const protocols = new Set<number>();
    let n = 0;
    for (const c of plain) {
      const v = await load(hex(c.hex));
      assert.strictEqual(pyStr(v), c.str, `str, protocol ${c.protocol}: ${c.repr}`);
      assert.strictEqual(pyReprObj(v), c.repr, `repr, protocol ${c.protocol}: ${c.repr}`);
      protocols.add(c.protocol);
      n++;
    }
    assert.strictEqual(n, plain.length);
    assert.deepStrictEqual([...protocols].sort(), [0, 1, 2, 3, 4, 5]);
  });

  for (const c of hostile) {
    it(`refuses ${c.name}, naming ${c.mentions.join(', ')}`, async function () {
      await assert.rejects(load(hex(c.hex)), (e: unknown) => {
        assert.ok(e instanceof NpyError, `not an NpyError: ${String(e)}`);
        for (const m of c.mentions) assert.ok(e.message.includes(m), `${e.message} should name ${m}`);
        return true;
      });
    });
  }

  it('ran nothing: the file os.system would have created does not exist', function () {
    assert.ok(hostile.length >= 30);
    assert.ok(hostile.filter((h) => h.mentions.includes('posix.system')).length >= 6);
    assert.strictEqual(fs.existsSync(marker), false);
  });
});

describe('safe unpickler: limits and corrupt input', () => {
  const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  it('bounds values, memo, string sizes and nesting', async () => {
    // a list of 100 ints with a limit of 50 values
    const many = enc('\x80\x04](' + 'K\x01'.repeat(100) + 'e.');
    await assert.rejects(load(many, { ...DEFAULT_PICKLE_LIMITS, maxObjects: 50 }), /more than 50 values/);
    const memo = enc('\x80\x04' + 'N\x94'.repeat(20) + '.');
    await assert.rejects(load(memo, { ...DEFAULT_PICKLE_LIMITS, maxMemo: 10 }), /memoizes more than 10/);
    const big = enc('\x80\x04\x8e\xff\xff\xff\xff\x00\x00\x00\x00');
    await assert.rejects(load(big), /string of 4294967295 bytes, more than the limit/);
    const deep = enc('\x80\x04' + ']'.repeat(300) + 'a'.repeat(299) + '.');
    await assert.rejects(load(deep), /nests containers more than 200 deep/);
  });
  it('reports corrupt pickles without crashing', async () => {
    await assert.rejects(load(enc('\x80\x04K')), /ends early/);
    await assert.rejects(load(enc('\x80\x04\xff.')), /unknown opcode 0xff/);
    await assert.rejects(load(enc('\x80\x04h\x05.')), /memo key 5 was never stored/);
    await assert.rejects(load(enc('\x80\x04a.')), /stack is empty/);
    await assert.rejects(load(enc('\x80\x09.')), /unsupported pickle protocol 9/);
  });
  it('orders sets as CPython does', () => {
    const order = (xs: number[]) => setIterationOrder(xs.map(BigInt)).map(Number);
    assert.deepStrictEqual(order([100, 1, 10, -5, 33, 8, 16]), [1, 33, 100, 8, 10, 16, -5]);
    assert.deepStrictEqual(order([3, 1, 2]), [1, 2, 3]);
    assert.ok(new PySetObj([], false));
  });
});
