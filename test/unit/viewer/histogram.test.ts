/**
 * The histogram of the whole array or npz member (protocol 'histogram' with scope 'array') on the
 * host, against NumPy on files NumPy wrote: edges and counts are np.histogram(a[np.isfinite(a)],
 * bins=n)'s (float16 / float32 binned in their own type, as NumPy does), NaN / ±Inf counted
 * beside; the range comes from a first pass, or from whole-array statistics already computed (one
 * pass then, the same answer); cancelling a whole-array job of a large sparse file stops it within
 * a bounded number of chunk reads.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openFile } from '../../../src/npy/format/open';
import type { FileSource } from '../../../src/npy/io/filesource';
import { CHUNK_BYTES } from '../../../src/npy/compute/scan';
import type { HistogramRequest, HistogramResponse, RequestHandlers, ToWebviewMessage, ViewSpec } from '../../../src/shared/protocol';
import { checkFromWebview } from '../../../src/viewer/messages';
import { viewerRequests } from '../../../src/viewer/handlers';
import { ViewerSession } from '../../../src/viewer/session';
import { PY_SPRINKLE, requireNumpy, runNumpy } from '../../support/numpy';

const settings = { notation: 'auto' as const, precision: 6 };

interface Opened { session: ViewerSession; table: RequestHandlers; events: ToWebviewMessage[] }

async function openViewer(file: string): Promise<Opened> {
  const events: ToWebviewMessage[] = [];
  const session = new ViewerSession(await openFile(file), { fileName: path.basename(file), sizeOnDisk: 0, settings, onEvent: (e) => events.push(e) });
  const table = viewerRequests({
    session: () => session,
    ready: () => session.ready(),
    clipboard: async () => undefined,
    runCommand: async () => ({ done: false }),
    state: () => undefined,
  });
  return { session, table, events };
}

/** Fixtures: name → [file, member, a view of a part of it (the request names a slice, the scope the whole)]. */
const FIXTURES = `
rng = np.random.default_rng(1414)
${PY_SPRINKLE}
arrays = {
    'f2': sprinkle(rng.standard_normal((41, 37)).astype(np.float16) * np.float16(3), 25),
    'f4': sprinkle((rng.standard_normal((23, 29, 5)) * 1e3).astype(np.float32), 25),
    'f8': sprinkle(rng.standard_normal((61, 47)) * 10.0 ** rng.integers(-2, 3, size=(61, 47)), 25),
    'f8be': sprinkle(rng.standard_normal((30, 40)), 25).astype('>f8'),
    'f8fortran': np.asfortranarray(sprinkle(rng.standard_normal((17, 19, 7)), 25)),
    'i2': rng.integers(-3000, 3000, size=(50, 60), dtype=np.int16),
    'u1': rng.integers(0, 256, size=(33, 44), dtype=np.uint8),
    'i8': rng.integers(-2**40, 2**40, size=(20, 30), dtype=np.int64),
    'nan': np.full((7, 9), np.nan),
    'empty': np.zeros((0, 5), dtype=np.float32),
}
for k, a in arrays.items():
    np.save(os.path.join(d, k + '.npy'), a)
np.savez_compressed(os.path.join(d, 'z.npz'), m=arrays['f4'][:, :, 1:4], other=np.arange(5.0))
out = {}
for k, a in list(arrays.items()) + [('z', arrays['f4'][:, :, 1:4])]:
    f = a[np.isfinite(a)]
    res = {'nan': int(np.isnan(a).sum()), 'posinf': int((a == np.inf).sum()), 'neginf': int((a == -np.inf).sum()), 'size': int(a.size)}
    for bins in [1, 10, 37, int(np.ceil(np.sqrt(max(1, f.size))))]:
        c, e = np.histogram(f, bins=bins)
        res[str(bins)] = {'counts': c.tolist(), 'edges': [float(x) for x in e]}
    out[k] = res
print(json.dumps(out))
`;

describe('viewer: histogram of the whole array (scope \'array\') vs NumPy', function () {
  this.timeout(180_000);
  if (!requireNumpy()) return;
  let dir = '';
  let want: Record<string, Record<string, { counts: number[]; edges: number[] } | number>> = {};
  const opened: Opened[] = [];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npyview-hist-'));
    want = JSON.parse(runNumpy(`import os\nd = ${JSON.stringify(dir)}\n${FIXTURES}`));
  });
  after(async () => {
    for (const o of opened) await o.session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = async (file: string): Promise<Opened> => {
    const o = await openViewer(path.join(dir, file));
    opened.push(o);
    return o;
  };

  const ask = async (o: Opened, req: Omit<HistogramRequest, 'type' | 'job'>, job: number): Promise<HistogramResponse> => {
    const msg = checkFromWebview({ type: 'histogram', ...req, job });
    assert.strictEqual(msg.type, 'histogram');
    return o.table.histogram(msg as HistogramRequest);
  };

  const CASES: [string, string, string | undefined, string][] = [
    ['f2', 'f2.npy', undefined, '3'], ['f4', 'f4.npy', undefined, '0, :, 2'], ['f8', 'f8.npy', undefined, '5'],
    ['f8be', 'f8be.npy', undefined, '..., 1'], ['f8fortran', 'f8fortran.npy', undefined, '2'], ['i2', 'i2.npy', undefined, '1'],
    ['u1', 'u1.npy', undefined, '0'], ['i8', 'i8.npy', undefined, '3'], ['nan', 'nan.npy', undefined, '0'],
    ['empty', 'empty.npy', undefined, '...'], ['z', 'z.npz', 'm', '4'],
  ];

  it('edges and counts are np.histogram(a[np.isfinite(a)], bins)\'s for float16/32/64, ints, big-endian, Fortran, an npz member, all-NaN, empty', async () => {
    let checked = 0, job = 1;
    for (const [name, file, member, index] of CASES) {
      const o = await open(file);
      const view: ViewSpec = { ...(member ? { member } : {}), index, rowAxis: 0, colAxis: -1 };
      const w = want[name];
      const floats = !/^(i|u)/.test(name);
      const autoBins = String(Math.ceil(Math.sqrt(Math.max(1, (w.size as number) - (w.nan as number) - (w.posinf as number) - (w.neginf as number)))));
      for (const bins of [1, 10, 37, ...(floats ? [undefined] : [])]) {
        const r = await ask(o, { view, scope: 'array', ...(bins ? { bins } : {}) }, job++);
        const exp = w[bins === undefined ? (name === 'nan' || name === 'empty' ? '1' : autoBins) : String(bins)] as { counts: number[]; edges: number[] };
        assert.deepStrictEqual(r.edges, exp.edges, `${name} bins ${bins}: edges`);
        assert.deepStrictEqual(r.counts, exp.counts, `${name} bins ${bins}: counts`);
        assert.deepStrictEqual([r.nan, r.posinf, r.neginf, r.size], [w.nan, w.posinf, w.neginf, w.size], `${name}: NaN, ±Inf, size`);
        checked++;
      }
    }
    assert.strictEqual(checked, 11 * 3 + 8);
  });

  it('takes the range from whole-array statistics already computed: one pass instead of two, the same bins and counts', async () => {
    const o = await open('f8.npy');
    const view: ViewSpec = { index: '5', rowAxis: 0, colAxis: -1 };
    const first = await ask(o, { view, scope: 'array', bins: 37 }, 100);
    const size = want.f8.size as number;
    const progress = () => o.events.filter((e) => e.type === 'jobProgress').map((e) => (e as { total: number }).total);
    assert.strictEqual(progress().at(-1), 2 * size, 'two passes without statistics');
    await o.table.stats({ type: 'stats', view, scope: 'array', job: 101 });
    o.events.length = 0;
    const again = await ask(o, { view, scope: 'array', bins: 37 }, 102);
    assert.deepStrictEqual(progress(), [size], 'one pass with them');
    assert.deepStrictEqual(again, first);
    assert.deepStrictEqual(again.counts, (want.f8['37'] as { counts: number[] }).counts);
    // The slice (scope absent) is still the slice's own histogram.
    const slice = await ask(o, { view }, 103);
    assert.strictEqual(slice.size, 47);
  });

  it('cancelling a whole-array histogram of a large sparse file stops it within a few chunks', async () => {
    // A 2 GiB float64 .npy of zeros: a real header, then a hole made by truncate (nothing on disk).
    const file = path.join(dir, 'sparse.npy');
    const n = 2 ** 28;
    runNumpy(`with open(${JSON.stringify(file)}, 'wb') as fh:\n    np.lib.format.write_array_header_1_0(fh, {'descr': '<f8', 'fortran_order': False, 'shape': (${n},)})`);
    const header = fs.statSync(file).size;
    execFileSync('truncate', ['-s', String(header + n * 8), file]);
    const o = await open('sparse.npy');
    const source = (await o.session.arrayFor(undefined)).source as FileSource;
    const view: ViewSpec = { index: '...', rowAxis: 0, colAxis: -1 };
    const job = 7;
    const opening = source.stats.reads;
    const reply = ask(o, { view, scope: 'array', bins: 10 }, job).then(() => 'finished', (e: Error) => e.message);
    // Let it read a few chunks, then cancel (as the webview's Cancel does: a cancelJob event).
    while (source.stats.reads < opening + 3) await new Promise((r) => setTimeout(r, 5));
    const atCancel = source.stats.reads;
    o.session.stats.cancel(job);
    assert.match(await reply, /cancelled/);
    const after = source.stats.reads;
    const chunks = (n * 8) / CHUNK_BYTES;
    assert.ok(after - atCancel <= 4, `${after - atCancel} reads after the cancel (${atCancel} before; ${2 * chunks} in two whole passes)`);
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(source.stats.reads, after, 'nothing read once cancelled');
  });
});
