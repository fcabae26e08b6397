/**
 * The line-plot, histogram and PNG requests on the host (src/viewer/pictures/plots.ts behind the editor's
 * handler table), against NumPy on files NumPy wrote: each envelope column's min and max are
 * np.nanmin / np.nanmax of its block of points (the 1-D view, a row and a column of a 2-D view, a
 * zoomed range), the histogram's edges and counts are np.histogram's for the same bins, NaN and
 * ±Inf are counted beside them; malformed requests and bytes that are not a PNG are refused.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageHandler } from '../../../src/shared/messages';
import { LIMITS, type Envelope, type EnvelopeResponse, type FromWebviewMessage, type HistogramResponse, type RobustDomainResponse, type ToWebviewMessage } from '../../../src/shared/protocol';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openSource } from '../../../src/npy/format/open';
import { viewerReceiver } from '../../../src/viewer/handlers';
import { ViewerSession } from '../../../src/viewer/session';
import { requireNumpy, runNumpy } from '../../support/numpy';

const settings = { notation: 'auto' as const, precision: 6 };

async function host(bytes: Uint8Array) {
  const session = new ViewerSession(await openSource(new BufferSource(bytes), 'a.npy'), { fileName: 'a.npy', sizeOnDisk: bytes.length, settings });
  const saved: { png: Uint8Array; name: string }[] = [];
  const receiver = viewerReceiver({
    session: () => session,
    ready: () => session.ready(),
    clipboard: async () => undefined,
    runCommand: async () => ({ done: true }),
    state: () => undefined,
    savePng: async (png, name) => { saved.push({ png, name }); return true; },
  });
  const posted: Envelope<unknown>[] = [];
  const handler = new MessageHandler<FromWebviewMessage, ToWebviewMessage>((env) => posted.push(env), receiver);
  let id = 0;
  const send = async <T>(body: unknown): Promise<{ result?: T; error?: { code: string; message: string } }> => {
    const mine = ++id;
    await handler.handleMessage({ id: mine, body });
    const replies = posted.filter((e) => e.inReplyTo === mine);
    assert.strictEqual(replies.length, 1, 'one reply');
    return { result: replies[0].body as T | undefined, error: replies[0].error };
  };
  return { send, saved };
}

function decode(b64: string): number[] {
  const buf = Buffer.from(b64, 'base64');
  return Array.from({ length: buf.length / 8 }, (_, i) => buf.readDoubleLE(8 * i));
}

/** NumPy's answer, with NaN / ±Inf spelled as strings in the JSON. */
const num = (v: number | string): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

const ENVELOPE_ORACLE = `
q = json.load(sys.stdin)
a = np.load(q['file'])
def line(x):
    start, stop, P = q['start'], q['stop'], q['columns']
    n = stop - start
    P = min(P, n)
    b = [start + c * (n // P) + (c * (n % P)) // P for c in range(P + 1)]
    import warnings
    warnings.simplefilter('ignore')
    f = lambda v: 'nan' if np.isnan(v) else ('inf' if v == np.inf else ('-inf' if v == -np.inf else float(v)))
    return {'min': [f(np.nanmin(x[b[c]:b[c+1]])) for c in range(P)], 'max': [f(np.nanmax(x[b[c]:b[c+1]])) for c in range(P)],
            'first': [f(x[b[c]]) for c in range(P)], 'last': [f(x[b[c+1]-1]) for c in range(P)]}
out = []
for sel in q['lines']:
    x = a if sel is None else (a[sel[1]] if sel[0] == 'row' else a[:, sel[1]])
    out.append(line(x.astype(np.float64)))
print(json.dumps(out))
`;

describe('viewer: line envelopes, histograms and PNGs', function () {
  this.timeout(120_000);
  if (!requireNumpy()) return;
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plots-'));
    runNumpy(`d = ${JSON.stringify(dir)}
rng = np.random.default_rng(1234)
x = rng.standard_normal(100003) * 10
x[5] = np.nan; x[77] = np.inf; x[1000:1040] = np.nan; x[50000] = -np.inf; x[99999] = 1e300
np.save(d + '/line.npy', x)
m = rng.integers(-500, 500, size=(37, 2501)).astype(np.int32)
np.save(d + '/m.npy', m)
h = rng.standard_normal(5000).astype(np.float32)
h[:7] = np.nan; h[7:10] = np.inf; h[10] = -np.inf
np.save(d + '/h.npy', h)
flat = np.full(1000, 2.0); flat[0] = -3; flat[1] = 8; flat[2] = np.nan
np.save(d + '/flat.npy', flat)
`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const load = (name: string): Uint8Array => fs.readFileSync(path.join(dir, name));

  function check(got: EnvelopeResponse, want: Record<string, (number | string)[]>[]): number {
    let cells = 0;
    assert.strictEqual(got.lines.length, want.length);
    got.lines.forEach((l, i) => {
      for (const k of ['min', 'max', 'first', 'last'] as const) {
        const g = decode(l[k]), w = want[i][k].map(num);
        assert.strictEqual(g.length, w.length, `${k} columns`);
        for (let c = 0; c < g.length; c++) {
          assert.ok(Object.is(g[c], w[c]) || g[c] === w[c], `line ${i} ${k}[${c}]: ${g[c]} vs NumPy ${w[c]}`);
          cells++;
        }
      }
    });
    return cells;
  }

  it('envelopes of a 1-D view are np.nanmin / np.nanmax per column block, whole and zoomed', async () => {
    const h = await host(load('line.npy'));
    const view = { index: '...', rowAxis: 0, colAxis: -1 };
    for (const [columns, start, stop] of [[640, 0, 100003], [333, 990, 1100], [8192, 50000, 50010], [7, 0, 100003]]) {
      const r = await h.send<EnvelopeResponse>({ type: 'envelope', view, columns, start, stop });
      assert.strictEqual(r.error, undefined, JSON.stringify(r.error));
      const got = r.result!;
      assert.deepStrictEqual([got.size, got.start, got.stop, got.columns], [100003, start, stop, Math.min(columns, stop - start)]);
      const want = JSON.parse(runNumpy(ENVELOPE_ORACLE, JSON.stringify({ file: path.join(dir, 'line.npy'), start, stop, columns, lines: [null] })));
      assert.strictEqual(check(got, want), 4 * got.columns);
    }
  });

  it('envelopes of rows and columns of a 2-D view are NumPy\'s for a[i] and a[:, j]', async () => {
    const h = await host(load('m.npy'));
    const view = { index: '...', rowAxis: 0, colAxis: 1 };
    const rows = await h.send<EnvelopeResponse>({ type: 'envelope', view, columns: 300, lines: { axis: 'row', indices: [0, 17, 36] } });
    assert.strictEqual(rows.error, undefined, JSON.stringify(rows.error));
    assert.deepStrictEqual(rows.result!.lines.map((l) => l.index), [0, 17, 36]);
    const want = JSON.parse(runNumpy(ENVELOPE_ORACLE, JSON.stringify({
      file: path.join(dir, 'm.npy'), start: 0, stop: 2501, columns: 300, lines: [['row', 0], ['row', 17], ['row', 36]],
    })));
    assert.strictEqual(check(rows.result!, want), 3 * 4 * 300);
    const cols = await h.send<EnvelopeResponse>({ type: 'envelope', view, columns: 10, lines: { axis: 'col', indices: [2500] } });
    const wantCols = JSON.parse(runNumpy(ENVELOPE_ORACLE, JSON.stringify({ file: path.join(dir, 'm.npy'), start: 0, stop: 37, columns: 10, lines: [['col', 2500]] })));
    assert.strictEqual(check(cols.result!, wantCols), 4 * 10);
    // A row past the end is named; a 1-D view has no rows to choose.
    const bad = await h.send({ type: 'envelope', view, columns: 10, lines: { axis: 'row', indices: [37] } });
    assert.match(bad.error!.message, /row 37 is out of range: the slice has 37/);
  });

  it('the histogram is np.histogram\'s (edges and counts) with NaN / ±Inf counted beside it', async () => {
    const h = await host(load('h.npy'));
    const view = { index: '...', rowAxis: 0, colAxis: -1 };
    const want = JSON.parse(runNumpy(`
h = np.load(${JSON.stringify(path.join(dir, 'h.npy'))})
f = h[np.isfinite(h)]
res = {}
for bins in [int(np.ceil(np.sqrt(f.size))), 13]:
    c, e = np.histogram(f, bins=bins)
    res[str(bins)] = {'counts': c.tolist(), 'edges': [float(x) for x in e]}
res['nan'] = int(np.isnan(h).sum()); res['posinf'] = int((h == np.inf).sum()); res['neginf'] = int((h == -np.inf).sum())
print(json.dumps(res))
`));
    const auto = await h.send<HistogramResponse>({ type: 'histogram', view, job: 1 });
    assert.strictEqual(auto.error, undefined, JSON.stringify(auto.error));
    const autoBins = String(Math.ceil(Math.sqrt(5000 - 11)));
    assert.deepStrictEqual(auto.result!.edges, want[autoBins].edges);
    assert.deepStrictEqual(auto.result!.counts, want[autoBins].counts);
    assert.deepStrictEqual([auto.result!.nan, auto.result!.posinf, auto.result!.neginf, auto.result!.size], [want.nan, want.posinf, want.neginf, 5000]);
    const thirteen = await h.send<HistogramResponse>({ type: 'histogram', view, bins: 13, job: 2 });
    assert.deepStrictEqual(thirteen.result!.counts, want['13'].counts);
    assert.deepStrictEqual(thirteen.result!.edges, want['13'].edges);
  });

  it('the robust domain (robustDomain) is the 1st/99th percentile of the view\'s finite values, exactly np.percentile\'s', async () => {
    const h = await host(load('h.npy'));
    const want = JSON.parse(runNumpy(`
h = np.load(${JSON.stringify(path.join(dir, 'h.npy'))}).astype(np.float64)
print(json.dumps([float(x) for x in np.percentile(h[np.isfinite(h)], [1, 99])]))
`));
    const r = await h.send<RobustDomainResponse>({ type: 'robustDomain', view: { index: '...', rowAxis: 0, colAxis: -1 }, job: 3 });
    assert.strictEqual(r.error, undefined, JSON.stringify(r.error));
    assert.deepStrictEqual(r.result, { low: want[0], high: want[1], exact: true });
    // Mostly one value: the 1st and 99th percentiles are equal, so the min/max is the range.
    const flat = await host(load('flat.npy'));
    const f = await flat.send<RobustDomainResponse>({ type: 'robustDomain', view: { index: '...', rowAxis: 0, colAxis: -1 }, job: 4 });
    assert.deepStrictEqual(f.result, { low: -3, high: 8, exact: true });
    const bad = await h.send({ type: 'robustDomain', view: { index: '...', rowAxis: 0, colAxis: -1 } });
    assert.strictEqual(bad.error?.code, 'malformed');
  });

  it('refuses malformed requests before reading, and bytes that are not a PNG', async () => {
    const h = await host(load('m.npy'));
    const view = { index: '...', rowAxis: 0, colAxis: 1 };
    const refused = [
      { type: 'envelope', view, columns: 0 },
      { type: 'envelope', view, columns: LIMITS.envelopeColumns + 1 },
      { type: 'envelope', view, columns: 10, lines: { axis: 'row', indices: Array(LIMITS.envelopeLines + 1).fill(0) } },
      { type: 'envelope', view, columns: 10, lines: { axis: 'row', indices: [] } },
      { type: 'envelope', view, columns: 10, lines: { axis: 'diagonal', indices: [0] } },
      { type: 'histogram', view, bins: 0, job: 1 },
      { type: 'histogram', view, bins: LIMITS.histogramBins + 1, job: 1 },
      { type: 'savePng', png: 'x'.repeat(Math.ceil(LIMITS.pngBytes / 3) * 4 + 4), name: 'a.png' },
    ];
    for (const body of refused) {
      const r = await h.send(body);
      assert.strictEqual(r.error?.code, 'malformed', JSON.stringify(body).slice(0, 200));
    }
    for (const png of ['not base64!', Buffer.from('GIF89a........................................').toString('base64'), '']) {
      const r = await h.send({ type: 'savePng', png, name: 'a.png' });
      assert.match(r.error!.message, /not (base64 text|a PNG file)/, png);
    }
    assert.strictEqual(h.saved.length, 0, 'nothing saved');
    // A real PNG (a 1×1 picture) goes to the Save dialog with its bytes unchanged.
    const one = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const ok = await h.send<{ done: boolean }>({ type: 'savePng', png: one.toString('base64'), name: 'm.png' });
    assert.deepStrictEqual(ok.result, { done: true });
    assert.deepStrictEqual([Buffer.from(h.saved[0].png).equals(one), h.saved[0].name], [true, 'm.png']);
  });
});
