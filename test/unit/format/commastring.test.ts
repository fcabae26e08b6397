import * as assert from 'assert';
import { dtypeDescr, parseFormat } from '../../../src/npy/format/dtype';
import { isCommaString } from '../../../src/npy/format/commastring';
import { NpyError } from '../../../src/npy/errors';
import { rng } from '../../support/npzfixtures';
import { requireNumpy, runNumpy } from '../../support/numpy';

/** What np.dtype makes of a string: its descr and top-level subarray shape, or null (refused). */
type Seen = { descr: string; shape: number[] } | null;

function ours(s: string): Seen {
  try {
    const f = parseFormat(s);
    return { descr: dtypeDescr(f.dtype), shape: f.shape };
  } catch (e) {
    if (e instanceof NpyError) return null;
    throw e;
  }
}

const NUMPY = `
import warnings
warnings.simplefilter('ignore')
out = []
for s in json.load(sys.stdin):
    try:
        d = np.dtype(s)
    except Exception:
        out.append(None)
        continue
    base, shape = d.subdtype if d.subdtype else (d, ())
    out.append({'descr': str(base.descr) if base.names is not None else base.str, 'shape': list(shape)})
print(json.dumps(out))
`;

const ORDERS = ['', '', '', '<', '>', '|', '='];
const REPEATS = ['', '', '', '2', '3', '(2,3)', '()', '(2)', '(2,)', ' 3 ', '0', '00', '01', ',', '(2,', '2,3', '(,)',
  '( 2 , 1 )', ' ', '99999999999999999999', '4,', '(0,)'];
const TYPES = ['i4', 'f8', 'U', 'U3', 'S3', 'S', 'V', 'V4', 'b', '?', 'M8[ns]', 'm8', 'float64', 'int', 'O', '', 'x',
  'c16', 'i3', 'u2', 'f2', 'a5'];
const SEPARATORS = [',', ',', ', ', ' ,', ',,', ' ', ',\t', '\u00a0,', ',\x1c'];
const ENDS = ['', '', ',', ' ', ', ', '\n', '\ufeff'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** `n` random strings of comma-separated formats (many of them malformed on purpose). */
function randomStrings(n: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  while (out.length < n) {
    const count = 1 + Math.floor(r() * 3);
    let s = '';
    for (let i = 0; i < count; i++) {
      if (i > 0) s += pick(r, SEPARATORS);
      s += pick(r, ORDERS) + pick(r, REPEATS) + pick(r, ORDERS) + pick(r, TYPES);
    }
    s += pick(r, ENDS);
    if (s !== '') out.push(s);
  }
  return out;
}

describe('comma strings (np.dtype("i4,f8"), "3i4", "(2,3)f8")', () => {
  it('are recognised where descriptor.c recognises them', () => {
    for (const s of ['i4,f8', '3i4', '<3i4', '()i4', '<()i4', '<U,', "M8[ns],i4", '(2,3)f8']) assert.ok(isCommaString(s), s);
    for (const s of ['<i4', 'M8[ns]', '<()', '(2)f8', 'U', ']i4,']) assert.ok(!isCommaString(s), s);
  });

  it('give the record, subarray or refusal np.dtype gives, on 3000 random strings and the fuzz find', function () {
    requireNumpy(this, 'np.dtype of comma strings');
    this.timeout(120000);
    const strings = [
      '<U,', 'i4,f8', '3i4', '(2,3)f8', '()i4', 'i4, f8 ', 'i4,,f8', '>i4,<f8', '2i4,f8', 'i4,', ' i4,f8', '<>i4,',
      'S3,U2', 'V,', 'b,?', 'M8[ns],i4', '(2,)i4', '0i4', '(0,)i4,', 'O,', '3U', '>2i4', '=2<i4,', '|2<i4,', '(2)3i4',
      ...randomStrings(3000, 20261206),
    ];
    const numpy = JSON.parse(runNumpy(NUMPY, JSON.stringify(strings))) as Seen[];
    assert.strictEqual(numpy.length, strings.length);
    let accepted = 0;
    const wrong: string[] = [];
    strings.forEach((s, i) => {
      const got = ours(s);
      if (numpy[i]) accepted++;
      if (JSON.stringify(got) !== JSON.stringify(numpy[i])) wrong.push(`${JSON.stringify(s)}: NumPy ${JSON.stringify(numpy[i])}, we ${JSON.stringify(got)}`);
    });
    assert.deepStrictEqual(wrong.slice(0, 20), [], `${wrong.length} of ${strings.length} differ`);
    // both sides are exercised: many strings are read, many refused
    assert.ok(accepted > 300 && accepted < strings.length - 300, `${accepted} accepted of ${strings.length}`);
  });
});
