/**
 * The viewer's statistics and go-to through the session's handler table (what the webview's panel
 * and buttons ask): the numbers equal NumPy's on NumPy-written files, go-to lands where NumPy says
 * the NaN / inf / min / max are, a job stops when cancelled, and results are remembered while the
 * file's identity is unchanged.
 */
import * as assert from 'assert';
import * as path from 'path';
import { expandIndex, parseIndexExpr } from '../../../src/npy/format/indexexpr';
import { openFile, openSource } from '../../../src/npy/format/open';
import type { FindTarget, StatsScope, StatsSummary } from '../../../src/shared/stats';
import type { RequestHandlers, ToWebviewMessage, ViewSpec } from '../../../src/shared/protocol';
import { defaultView } from '../../../src/shared/indexing/views';
import { checkFromWebview } from '../../../src/viewer/messages';
import { viewerReceiver, viewerRequests } from '../../../src/viewer/handlers';
import { ViewerSession } from '../../../src/viewer/session';
import { StatsCache } from '../../../src/viewer/statsjobs';
import { requireNumpy } from '../../support/numpy';
import { checkStats, generate, type StatsCase } from '../../support/statscases';
import { SyntheticSource, f8, npyBytes, unicode, writeF8, writeU } from '../../support/viewer-arrays';
import { BufferSource } from '../../../src/npy/io/filesource';

const settings = { notation: 'auto' as const, precision: 6 };

function tableOf(s: ViewerSession, clipboard: string[] = []): RequestHandlers {
  return viewerRequests({
    session: () => s,
    ready: () => s.ready(),
    clipboard: async (text) => { clipboard.push(text); },
    runCommand: async () => ({ done: false }),
    state: () => undefined,
  });
}

/** A summary's figures in the oracle's terms (mean/std parsed back from Python's repr). */
function asExpected(s: StatsSummary) {
  const num = (x: string | null): number | null => (x === null ? null : x === 'inf' ? Infinity : x === '-inf' ? -Infinity : Number(x));
  return { ...s, mean: num(s.mean), std: num(s.std) };
}

/** The grid view a case's statistics are of, when the grid can show it (at most 2 axes left). */
function sliceView(c: StatsCase, ndim: number): ViewSpec | undefined {
  return ndim <= 2 ? { member: c.member ?? undefined, index: c.index === '' ? '...' : c.index, rowAxis: 0, colAxis: 1 } : undefined;
}

let job = 1;

describe('viewer statistics vs NumPy (through the session)', function () {
  if (!requireNumpy()) return;
  const gen = generate(['fixed']);
  if ('error' in gen) { it('generates the fixtures', () => assert.fail(gen.error)); return; }
  const { dir, cases } = gen;
  const sessions = new Map<string, ViewerSession>();
  const sessionFor = async (file: string): Promise<ViewerSession> => {
    let s = sessions.get(file);
    if (!s) {
      s = new ViewerSession(await openFile(path.join(dir, file)), { fileName: file, sizeOnDisk: 0, settings });
      sessions.set(file, s);
    }
    return s;
  };
  after(async () => { for (const s of sessions.values()) await s.close(); });

  let checked = 0;
  for (const c of cases) {
    it(`${c.id}${c.member ? ` (member ${c.member})` : ''}${c.index ? ` [${c.index}]` : ''}`, async () => {
      const s = await sessionFor(c.file);
      const t = tableOf(s);
      const array = await s.arrayFor(c.member ?? undefined);
      const arrayShape = array.shape;
      const view = sliceView(c, array.view().index(expandIndex(parseIndexExpr(c.index), arrayShape.length)).shape.length);
      if (view) {
        const r = await t.stats({ type: 'stats', view, scope: 'slice', job: job++ });
        checkStats(asExpected(r.stats), c.expected, `${c.id} (slice)`);
        assert.strictEqual(r.cached, false);
        // The grid cell of the min / max is the index in the 2-D (or 1-D rows) view.
        const cell = (idx: number[] | null) => idx && (idx.length === 2 ? { row: idx[0], col: idx[1] } : idx.length === 1 ? { row: idx[0], col: 0 } : { row: 0, col: 0 });
        assert.deepStrictEqual(r.stats.minCell, cell(c.expected.argmin), 'min cell');
        assert.deepStrictEqual(r.stats.maxCell, cell(c.expected.argmax), 'max cell');
        await checkFind(t, view, c);
        checked++;
      }
      if (c.index === '') {
        // The whole array, whatever slice the grid shows.
        const r = await t.stats({ type: 'stats', view: defaultView(c.member ?? undefined, arrayShape), scope: 'array', job: job++ });
        checkStats(asExpected(r.stats), c.expected, `${c.id} (array)`);
        assert.deepStrictEqual(r.stats.shape, arrayShape);
        checked++;
      }
    });
  }

  it('checked every case at least once', () => {
    assert.ok(checked >= cases.length, `${checked} checks for ${cases.length} cases`);
  });
});

/** Next/previous NaN, inf, min and max from the start and the end land where NumPy says. */
async function checkFind(t: RequestHandlers, view: ViewSpec, c: StatsCase): Promise<void> {
  const info = await t.resolveView({ type: 'resolveView', view });
  const cellOf = (flat: number) => (info.shape.length === 2 ? { row: Math.floor(flat / info.cols), col: flat % info.cols } : info.shape.length === 1 ? { row: flat, col: 0 } : { row: 0, col: 0 });
  const wants: [FindTarget, number[]][] = [
    ['nan', c.positions.nan ?? []],
    ['inf', [...(c.positions.posinf ?? []), ...(c.positions.neginf ?? [])].sort((a, b) => a - b)],
    ['min', c.positions.min ?? []],
    ['max', c.positions.max ?? []],
  ];
  for (const [what, at] of wants) {
    if (at.length >= 400) continue; // the oracle lists at most 400
    const first = await t.find({ type: 'find', view, what, direction: 1, job: job++ });
    const last = await t.find({ type: 'find', view, what, direction: -1, job: job++ });
    assert.deepStrictEqual(first.found, at.length ? cellOf(at[0]) : null, `${c.id}: first ${what}`);
    assert.deepStrictEqual(last.found, at.length ? cellOf(at[at.length - 1]) : null, `${c.id}: last ${what}`);
    if (at.length >= 2) {
      const second = await t.find({ type: 'find', view, what, direction: 1, from: cellOf(at[0]), job: job++ });
      assert.deepStrictEqual(second.found, cellOf(at[1]), `${c.id}: second ${what}`);
      assert.strictEqual(second.wrapped, false);
    }
    if (at.length >= 1) {
      // From the last one forwards: wraps around to the first.
      const wrapped = await t.find({ type: 'find', view, what, direction: 1, from: cellOf(at[at.length - 1]), job: job++ });
      assert.deepStrictEqual(wrapped.found, cellOf(at[0]), `${c.id}: ${what} after the last`);
      assert.strictEqual(wrapped.wrapped, true);
    }
  }
}

describe('viewer statistics jobs', () => {
  /** A 1e8-element float64 view (800 MB, computed on read): long enough to cancel mid-way. */
  async function bigSession(events: ToWebviewMessage[], cache?: StatsCache, key?: string) {
    const src = new SyntheticSource(f8, [1e8], writeF8((i) => (i === 12345 ? NaN : i % 1000)));
    const s = new ViewerSession(await openSource(src, 'big.npy'), {
      fileName: 'big.npy', sizeOnDisk: src.size, settings, onEvent: (e) => events.push(e), statsCache: cache, statsKey: key,
    });
    return { s, src };
  }

  it('stops a statistics pass when cancelled, after progress, and reads no further', async function () {
    this.timeout(60000);
    const events: ToWebviewMessage[] = [];
    const { s, src } = await bigSession(events);
    const t = tableOf(s);
    const view = defaultView(undefined, [1e8]);
    const p = t.stats({ type: 'stats', view, scope: 'slice', job: 7 });
    // Cancel once the first progress event came (as the panel's Cancel button does).
    while (!events.some((e) => e.type === 'jobProgress')) await new Promise((r) => setTimeout(r, 5));
    const progress = events.find((e) => e.type === 'jobProgress')!;
    assert.deepStrictEqual([progress.type === 'jobProgress' && progress.job, progress.type === 'jobProgress' && progress.total], [7, 1e8]);
    s.stats.cancel(7);
    await assert.rejects(p, (e: Error) => /cancel/i.test(e.message));
    const bytes = src.stats.bytes;
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(src.stats.bytes, bytes, 'nothing read after the pass stopped');
    assert.ok(bytes < 8e8 / 4, `read ${bytes} of 8e8 bytes before stopping`);
    await s.close();
  });

  it('cancels through the cancelJob message, checked like every message', async function () {
    this.timeout(60000);
    const events: ToWebviewMessage[] = [];
    const { s } = await bigSession(events);
    const view = defaultView(undefined, [1e8]);
    const p = tableOf(s).find({ type: 'find', view, what: 'max', direction: 1, job: 9 });
    while (!events.some((e) => e.type === 'jobProgress')) await new Promise((r) => setTimeout(r, 5));
    // As the editor's receiver gets it: checked, then the event handler.
    const receiver = viewerReceiver({ session: () => s, ready: () => s.ready(), clipboard: async () => undefined, runCommand: async () => ({ done: false }), state: () => undefined });
    const msg = checkFromWebview({ type: 'cancelJob', job: 9 });
    if (msg.type !== 'cancelJob') assert.fail(msg.type);
    await receiver.events.cancelJob(msg);
    await assert.rejects(p, /cancel/i);
    await s.close();
  });

  it('remembers statistics under the file identity: the same file answers from the cache, a changed one computes again', async () => {
    const bytes = npyBytes(f8, [30, 20], writeF8((i) => (i === 7 ? NaN : Math.sin(i))));
    const cache = new StatsCache();
    const open = async (key: string) => {
      const src = new BufferSource(bytes);
      let reads = 0;
      const counting = { size: src.size, read: (o: number, n: number) => { reads++; return src.read(o, n); }, close: () => src.close() };
      const s = new ViewerSession(await openSource(counting, 'a.npy'), { fileName: 'a.npy', sizeOnDisk: bytes.length, settings, statsCache: cache, statsKey: key });
      return { s, reads: () => reads };
    };
    const view = defaultView(undefined, [30, 20]);
    const a = await open('["a.npy",4880,1]');
    const first = await tableOf(a.s).stats({ type: 'stats', view, scope: 'slice', job: 1 });
    assert.strictEqual(first.cached, false);
    assert.strictEqual(first.stats.nan, 1);
    // Another viewer of the unchanged file: no pass at all.
    const b = await open('["a.npy",4880,1]');
    const readsBefore = b.reads();
    const again = await tableOf(b.s).stats({ type: 'stats', view, scope: 'slice', job: 2 });
    assert.strictEqual(again.cached, true);
    assert.deepStrictEqual(again.stats, first.stats);
    assert.strictEqual(b.reads(), readsBefore, 'the cached answer read nothing');
    // The whole-array scope is its own entry; a changed mtime is another file.
    assert.strictEqual((await tableOf(b.s).stats({ type: 'stats', view, scope: 'array', job: 3 })).cached, false);
    const c = await open('["a.npy",4880,2]');
    assert.strictEqual((await tableOf(c.s).stats({ type: 'stats', view, scope: 'slice', job: 4 })).cached, false);
  });

  it('copies computed statistics as text, and nothing before they are computed', async () => {
    const s = new ViewerSession(await openSource(new BufferSource(npyBytes(f8, [4], writeF8((i) => [1, NaN, Infinity, 0.5][i]))), 'a.npy'), { fileName: 'a.npy', sizeOnDisk: 0, settings });
    const clip: string[] = [];
    const t = tableOf(s, clip);
    const view = defaultView(undefined, [4]);
    assert.deepStrictEqual(await t.copyStats({ type: 'copyStats', view, scope: 'slice' }), { copied: false });
    await t.stats({ type: 'stats', view, scope: 'slice', job: 1 });
    assert.deepStrictEqual(await t.copyStats({ type: 'copyStats', view, scope: 'slice' }), { copied: true });
    assert.strictEqual(clip[0], 'count\t4\nfinite\t2\nnan\t1\nposinf\t1\nneginf\t0\nzeros\t0\nmin\t0.5\t[3]\nmax\t1.0\t[0]\nmean\t0.75\nstd\t0.25\n');
  });

  it('refuses malformed statistics and find messages before any work', () => {
    const view = { index: '...', rowAxis: 0, colAxis: 1 };
    const bad: unknown[] = [
      { type: 'stats', view, scope: 'everything', job: 1 },
      { type: 'stats', view, scope: 'slice', job: -1 },
      { type: 'find', view, what: 'nan', direction: 2, job: 1 },
      { type: 'find', view, what: 'zero', direction: 1, job: 1 },
      { type: 'find', view, what: 'nan', direction: 1, from: { row: 0 }, job: 1 },
      { type: 'cancelJob', job: 'all' },
      { type: 'copyStats', view, scope: 'slice', text: 'x' },
    ];
    for (const m of bad) assert.throws(() => checkFromWebview(m), (e: Error & { code?: string }) => e.code === 'malformed', JSON.stringify(m));
    for (const scope of ['slice', 'array'] as StatsScope[]) assert.doesNotThrow(() => checkFromWebview({ type: 'stats', view, scope, job: 1 }));
  });

  it('says which dtypes have no statistics', async () => {
    const s = new ViewerSession(await openSource(new BufferSource(npyBytes(unicode(2), [3], writeU(2, () => 'ab'))), 'u.npy'), { fileName: 'u.npy', sizeOnDisk: 0, settings });
    await assert.rejects(tableOf(s).stats({ type: 'stats', view: defaultView(undefined, [3]), scope: 'slice', job: 1 }), /<U2|str|unicode|dtype/i);
  });
});
