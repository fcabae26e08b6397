/**
 * Complex data in the pictures' requests (protocol `part` of 'heatmap', 'envelope', 'histogram'):
 * on complex64 and complex128 files NumPy wrote, the host's heatmap values, row/column envelopes
 * and histograms for each part equal NumPy's np.abs / np.angle / .real / .imag of the same data
 * (hypot and atan2 may differ from the C library's in the last place: those two parts are compared
 * within an ulp or so); a `part` that is not one of the four names is refused as malformed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageHandler } from '../../../src/shared/messages';
import { COMPLEX_PARTS, type ComplexPart, type Envelope, type EnvelopeResponse, type FromWebviewMessage, type HeatmapResponse, type HeatmapValuesResponse, type HistogramResponse, type ToWebviewMessage } from '../../../src/shared/protocol';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openSource } from '../../../src/npy/format/open';
import { viewerReceiver } from '../../../src/viewer/handlers';
import { ViewerSession } from '../../../src/viewer/session';
import { requireNumpy, runNumpy } from '../../support/numpy';
import { exactValues } from '../../support/heatmapvalues';

/** One request to the host's handler table for a file's bytes: its result or its error. */
async function sender(bytes: Uint8Array) {
  const session = new ViewerSession(await openSource(new BufferSource(bytes), 'c.npy'), {
    fileName: 'c.npy', sizeOnDisk: bytes.length, settings: { notation: 'auto', precision: 6 },
  });
  const receiver = viewerReceiver({
    session: () => session, ready: () => session.ready(), clipboard: async () => undefined,
    runCommand: async () => ({ done: true }), state: () => undefined,
  });
  const posted: Envelope<unknown>[] = [];
  const handler = new MessageHandler<FromWebviewMessage, ToWebviewMessage>((env) => posted.push(env), receiver);
  let id = 0;
  return async <T>(body: unknown): Promise<{ result?: T; error?: { code: string; message: string } }> => {
    const mine = ++id;
    await handler.handleMessage({ id: mine, body });
    const reply = posted.find((e) => e.inReplyTo === mine)!;
    return { result: reply.body as T | undefined, error: reply.error };
  };
}

function decode(b64: string): number[] {
  const buf = Buffer.from(b64, 'base64');
  return Array.from({ length: buf.length / 8 }, (_, i) => buf.readDoubleLE(8 * i));
}

/** A heatmap reply's values, exactly (float32-rounded ones fetched from the host). */
async function gridValues(resp: HeatmapResponse, send: Awaited<ReturnType<typeof sender>>): Promise<number[]> {
  return Array.from(await exactValues(resp, async (m) => (await send<HeatmapValuesResponse>(m)).result!));
}

const num = (v: number | string): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

/** NumPy's drawn values of a file for a part (float64, NaN / ±Inf spelled as strings). */
const ORACLE = `
import warnings
warnings.simplefilter('ignore')
q = json.load(sys.stdin)
a = np.load(q['file'])
a = {'magnitude': np.abs, 'phase': np.angle, 'real': np.real, 'imag': np.imag}[q['part']](a).astype(np.float64)
f = lambda v: 'nan' if np.isnan(v) else ('inf' if v == np.inf else ('-inf' if v == -np.inf else float(v)))
k = q['k']
means = [np.nanmean(a[y:y+k, x:x+k]) for y in range(0, a.shape[0], k) for x in range(0, a.shape[1], k)]
out = {'full': [f(v) for v in a.ravel()], 'means': [f(v) for v in means]}
def env(x, P):
    n = x.size
    b = [(c * n) // P for c in range(P + 1)]
    return {k: [f(g(x[b[c]:b[c+1]])) for c in range(P)] for k, g in [('min', np.nanmin), ('max', np.nanmax), ('first', lambda s: s[0]), ('last', lambda s: s[-1])]}
out['row'] = env(a[q['row']], q['columns'])
out['col'] = env(a[:, q['col']], q['columns'])
fin = a[np.isfinite(a)]
c, e = np.histogram(fin, bins=q['bins'])
out['hist'] = {'counts': c.tolist(), 'edges': e.tolist(), 'nan': int(np.isnan(a).sum()), 'posinf': int((a == np.inf).sum()), 'neginf': int((a == -np.inf).sum())}
print(json.dumps(out))
`;

describe('viewer: complex parts in heatmap, envelope and histogram requests', function () {
  this.timeout(120_000);
  if (!requireNumpy()) return;
  let dir = '';
  const ROWS = 13, COLS = 17;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complexparts-'));
    runNumpy(`d = ${JSON.stringify(dir)}
rng = np.random.default_rng(1414)
c = (rng.standard_normal((${ROWS}, ${COLS})) * 3) + 1j * (rng.standard_normal((${ROWS}, ${COLS})) * 3)
c[0, 0] = -2; c[0, 1] = complex(-2, -0.0); c[0, 2] = 0; c[1, 3] = complex(np.nan, 1); c[2, 4] = complex(1, np.inf); c[3, 5] = complex(-np.inf, 0)
np.save(d + '/c16.npy', c)
np.save(d + '/c16be.npy', c.astype('>c16'))
np.save(d + '/c8.npy', c.astype(np.complex64))
`);
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  const view = { index: '...', rowAxis: 0, colAxis: 1 };

  /** Equal, or (for hypot / atan2, and means) within `rel` of NumPy's value or `abs` of it. */
  function close(got: number[], want: (number | string)[], rel: number, what: string, abs = 0): void {
    assert.strictEqual(got.length, want.length, `${what}: length`);
    got.forEach((g, i) => {
      const w = num(want[i]);
      const ok = Object.is(g, w) || g === w || (Number.isFinite(w) && Math.abs(g - w) <= Math.max(rel * Math.abs(w), abs));
      assert.ok(ok, `${what}[${i}]: ${g}, NumPy says ${w}`);
    });
  }

  for (const file of ['c16', 'c16be', 'c8']) {
    for (const part of COMPLEX_PARTS) {
      it(`${file}: ${part} equals NumPy's ${{ magnitude: 'np.abs', phase: 'np.angle', real: '.real', imag: '.imag' }[part]}`, async () => {
        const send = await sender(fs.readFileSync(path.join(dir, `${file}.npy`)));
        const k = 3, columns = 5, bins = 7, row = 2, col = 4;
        const want = JSON.parse(runNumpy(ORACLE, JSON.stringify({ file: path.join(dir, `${file}.npy`), part, k, row, col, columns, bins })));
        // hypot and atan2: the last place of a double (complex128), a few of a float (complex64: NumPy's
        // float32 arctan2 is 2 ulp from the correctly rounded value at one of these points).
        const rel = part === 'magnitude' || part === 'phase' ? (file === 'c8' ? 4e-7 : 4.5e-16) : 0;
        const full = await send<HeatmapResponse>({ type: 'heatmap', view, maxWidth: 64, maxHeight: 64, part });
        assert.strictEqual(full.error, undefined, JSON.stringify(full.error));
        assert.deepStrictEqual([full.result!.rows, full.result!.cols, full.result!.factor], [ROWS, COLS, 1]);
        close(await gridValues(full.result!, send), want.full, rel, 'heatmap');
        // Downsampled ×3: a small slice's cells are the nanmean of their blocks.
        const blocks = await send<HeatmapResponse>({ type: 'heatmap', view, maxWidth: Math.ceil(COLS / k), maxHeight: Math.ceil(ROWS / k), part });
        assert.deepStrictEqual([blocks.result!.factor, blocks.result!.method], [k, 'mean']);
        close(await gridValues(blocks.result!, send), want.means, Math.max(rel, 1e-12), 'block means', rel > 1e-10 ? 1e-6 : 0);
        for (const [axis, index] of [['row', row], ['col', col]] as const) {
          const env = await send<EnvelopeResponse>({ type: 'envelope', view, columns, lines: { axis, indices: [index] }, part });
          assert.strictEqual(env.error, undefined, JSON.stringify(env.error));
          for (const key of ['min', 'max', 'first', 'last'] as const) close(decode(env.result!.lines[0][key]), want[axis][key], rel, `${axis} ${index} ${key}`);
        }
        const hist = await send<HistogramResponse>({ type: 'histogram', view, bins, job: 1, part });
        assert.strictEqual(hist.error, undefined, JSON.stringify(hist.error));
        assert.deepStrictEqual(hist.result!.counts, want.hist.counts);
        close(hist.result!.edges, want.hist.edges, rel, 'histogram edges');
        assert.deepStrictEqual([hist.result!.nan, hist.result!.posinf, hist.result!.neginf], [want.hist.nan, want.hist.posinf, want.hist.neginf]);
      });
    }
  }

  it('the default part is the magnitude; a real dtype ignores the part', async () => {
    const send = await sender(fs.readFileSync(path.join(dir, 'c16.npy')));
    const plain = await send<HeatmapResponse>({ type: 'heatmap', view, maxWidth: 64, maxHeight: 64 });
    const mag = await send<HeatmapResponse>({ type: 'heatmap', view, maxWidth: 64, maxHeight: 64, part: 'magnitude' });
    assert.strictEqual(plain.result!.values, mag.result!.values);
    const real = await sender(Buffer.from(runNumpy('import io\nb = io.BytesIO(); np.save(b, np.arange(-3.0, 3.0).reshape(2, 3)); sys.stdout.write(b.getvalue().hex())'), 'hex'));
    for (const part of COMPLEX_PARTS) {
      const r = await real<HeatmapResponse>({ type: 'heatmap', view, maxWidth: 8, maxHeight: 8, part });
      assert.deepStrictEqual(await gridValues(r.result!, real), [-3, -2, -1, 0, 1, 2], part);
    }
  });

  it('refuses a part that is not magnitude, phase, real or imag', async () => {
    const send = await sender(fs.readFileSync(path.join(dir, 'c8.npy')));
    const requests = [
      { type: 'heatmap', view, maxWidth: 8, maxHeight: 8 },
      { type: 'envelope', view, columns: 8, lines: { axis: 'row', indices: [0] } },
      { type: 'histogram', view, job: 1 },
    ];
    let refused = 0;
    for (const bad of ['abs', 'Magnitude', 'imaginary', '', 1, null, true, ['real'], { part: 'real' }]) {
      for (const body of requests) {
        const r = await send({ ...body, part: bad });
        assert.strictEqual(r.error?.code, 'malformed', `${body.type} with part ${JSON.stringify(bad)}`);
        assert.match(r.error!.message, /part/);
        refused++;
      }
    }
    assert.strictEqual(refused, 27);
    const state = { scrollRow: 0, scrollCol: 0, pictures: { mode: 'heatmap', part: 'angle' } };
    const r = await send({ type: 'state', state, probe: {} });
    assert.strictEqual(r.error?.code, 'malformed');
    const ok = await send({ type: 'heatmap', view, maxWidth: 8, maxHeight: 8, part: 'imag' as ComplexPart });
    assert.strictEqual(ok.error, undefined);
  });
});
