/** ViewerSession: protocol answers from real engine output, reading only the requested windows. */
import * as assert from 'assert';
import { zipSync } from 'fflate';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BufferSource } from '../../../src/npy/io/filesource';
import { openFile, openSource } from '../../../src/npy/format/open';
import type { MembersEvent, ProgressEvent, ToWebviewMessage, ViewSpec } from '../../../src/shared/protocol';
import { ViewerSession } from '../../../src/viewer/session';
import { viewerRequests } from '../../../src/viewer/handlers';
import type { RequestHandlers } from '../../../src/shared/protocol';
import { formatIndexExpr } from '../../../src/shared/indexing/indexexpr';
import { SyntheticSource, f8, i4, npyBytes, writeF8, writeI4 } from '../../support/viewer-arrays';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus');
const settings = { notation: 'auto' as const, precision: 6 };

async function sessionOf(bytes: Uint8Array, name = 'a.npy', events: ToWebviewMessage[] = []): Promise<ViewerSession> {
  const src = new BufferSource(bytes);
  return new ViewerSession(await openSource(src, name), { fileName: name, sizeOnDisk: bytes.length, settings, onEvent: (e) => events.push(e) });
}

/** int32 array whose flat element i holds i. */
function arange(shape: number[]): Uint8Array {
  return npyBytes(i4, shape, writeI4((i) => i));
}

/** The editor's handler table over a session; copied text goes to `clipboard`. */
function tableOf(s: ViewerSession, clipboard: string[] = []): RequestHandlers {
  return viewerRequests({
    session: () => s,
    ready: () => s.ready(),
    clipboard: async (text) => { clipboard.push(text); },
    runCommand: async () => ({ done: false }),
    state: () => undefined,
  });
}

const spec = (index: string, rowAxis = 0, colAxis = 1, member?: string): ViewSpec => ({ member, index, rowAxis, colAxis });

describe('viewer session', () => {
  it('answers ready with the file, settings and strings', async () => {
    const s = await sessionOf(arange([5, 7]));
    const r = await tableOf(s).ready({ type: 'ready' });
    assert.strictEqual(r.file.format, 'npy');
    assert.strictEqual(r.file.fileName, 'a.npy');
    assert.deepStrictEqual(r.file.array!.shape, [5, 7]);
    assert.strictEqual(r.file.array!.dtype, '<i4');
    assert.strictEqual(r.file.array!.dtypeName, 'int32');
    assert.strictEqual(r.file.array!.dataBytes, 140);
    assert.deepStrictEqual(r.file.array!.fields, []);
    assert.deepStrictEqual(r.settings, settings);
  });

  it('resolves a 2-D view and reads a page rectangle', async () => {
    const s = await sessionOf(arange([5, 7]));
    const v = await tableOf(s).resolveView({ type: 'resolveView', view: spec('...') });
    assert.deepStrictEqual([v.rows, v.cols, v.rowAxis, v.colAxis], [5, 7, 0, 1]);
    assert.deepStrictEqual(v.axisSels.map((x) => formatIndexExpr([x])), [':', ':']);
    const p = await tableOf(s).getPage({ type: 'getPage', view: spec('...'), row0: 1, rows: 2, col0: 2, cols: 2 });
    assert.deepStrictEqual(p.values, ['9', '10', '16', '17']);
    assert.strictEqual(p.fieldCount, 1);
    assert.strictEqual(p.flags.length, 4);
  });

  it('clips pages to the view', async () => {
    const s = await sessionOf(arange([5, 7]));
    const p = await s.getPage({ view: spec('...'), row0: 4, rows: 64, col0: 5, cols: 16 });
    assert.deepStrictEqual([p.row0, p.rows, p.col0, p.cols], [4, 1, 5, 2]);
    assert.deepStrictEqual(p.values, ['33', '34']);
    const none = await s.getPage({ view: spec('...'), row0: 10, rows: 5, col0: 0, cols: 5 });
    assert.deepStrictEqual(none.values, []);
  });

  it('transposes when the row axis is view axis 1', async () => {
    const s = await sessionOf(arange([5, 7]));
    const v = await s.resolve(spec('...', 1, 0));
    assert.deepStrictEqual([v.info.rows, v.info.cols], [7, 5]);
    const p = await s.getPage({ view: spec('...', 1, 0), row0: 2, rows: 1, col0: 0, cols: 3 });
    assert.deepStrictEqual(p.values, ['2', '9', '16']);
  });

  it('slices N-D arrays by index expression and reports per-axis selections', async () => {
    const s = await sessionOf(arange([2, 3, 4]));
    const v = await tableOf(s).resolveView({ type: 'resolveView', view: spec('[1, :, ::2]') });
    assert.deepStrictEqual(v.sourceAxes, [1, 2]);
    assert.deepStrictEqual(v.axisSels, [{ kind: 'int', index: 1 }, { kind: 'slice', start: null, stop: null, step: null }, { kind: 'slice', start: null, stop: null, step: 2 }]);
    assert.deepStrictEqual([v.rows, v.cols], [3, 2]);
    const p = await s.getPage({ view: spec('[1, :, ::2]'), row0: 0, rows: 3, col0: 0, cols: 2 });
    assert.deepStrictEqual(p.values, ['12', '14', '16', '18', '20', '22']);
    const neg = await tableOf(s).resolveView({ type: 'resolveView', view: spec('-1, ..., 0') });
    assert.deepStrictEqual(neg.axisSels.map((x) => formatIndexExpr([x])), ['1', ':', '0']);
    assert.strictEqual(neg.index, '1, :, 0');
    assert.deepStrictEqual(neg.sourceAxes, [1]);
    assert.deepStrictEqual([neg.rows, neg.cols, neg.rowAxis, neg.colAxis], [3, 1, 0, -1]);
  });

  it('refuses views with more than two axes and bad indices, with readable messages', async () => {
    const s = await sessionOf(arange([2, 3, 4]));
    await assert.rejects(tableOf(s).resolveView({ type: 'resolveView', view: spec('...') }), /at most 2.*1 more axis/);
    await assert.rejects(tableOf(s).resolveView({ type: 'resolveView', view: spec('5, :, :') }), (e: Error) => /5/.test(e.message) && /axis 0/.test(e.message));
    await assert.rejects(tableOf(s).resolveView({ type: 'resolveView', view: spec('0, 0, 0, 0') }), /too many indices/);
  });

  it('shows 1-D arrays down the rows (or across, on request), 0-d as one cell', async () => {
    const s = await sessionOf(arange([6]));
    const down = await s.resolve(spec('...'));
    assert.deepStrictEqual([down.info.rows, down.info.cols, down.info.rowAxis, down.info.colAxis], [6, 1, 0, -1]);
    const across = await s.resolve(spec('...', -1, 0));
    assert.deepStrictEqual([across.info.rows, across.info.cols], [1, 6]);
    const p = await s.getPage({ view: spec('...', -1, 0), row0: 0, rows: 1, col0: 3, cols: 10 });
    assert.deepStrictEqual(p.values, ['3', '4', '5']);
    const z = await sessionOf(arange([]));
    const zi = await tableOf(z).resolveView({ type: 'resolveView', view: spec('...') });
    assert.deepStrictEqual([zi.rows, zi.cols, zi.index], [1, 1, '...']);
    assert.deepStrictEqual((await z.getPage({ view: spec('...'), row0: 0, rows: 64, col0: 0, cols: 16 })).values, ['0']);
  });

  it('handles empty arrays', async () => {
    const s = await sessionOf(arange([0, 3]));
    const v = await s.resolve(spec('...'));
    assert.deepStrictEqual([v.info.rows, v.info.cols], [0, 3]);
    assert.deepStrictEqual((await s.getPage({ view: spec('...'), row0: 0, rows: 64, col0: 0, cols: 16 })).values, []);
  });

  it('copies a rectangle as tab-separated text, and refuses huge ones', async () => {
    const s = await sessionOf(arange([5, 7]));
    const clipboard: string[] = [];
    const c = await tableOf(s, clipboard).copy({ type: 'copy', view: spec('...'), row0: 1, rows: 2, col0: 0, cols: 3 });
    assert.deepStrictEqual(c, { cells: 6 }, 'the text goes to the clipboard, not back to the webview');
    assert.deepStrictEqual(clipboard, ['7\t8\t9\n14\t15\t16']);
    const small = new ViewerSession(s.opened, { fileName: 'a.npy', sizeOnDisk: 1, settings, maxCopyCells: 4 });
    await assert.rejects(small.copy({ view: spec('...'), row0: 0, rows: 5, col0: 0, cols: 7 }), /35 cells.*Export/);
  });

  it('reads only the window it is asked for, even for 1e9 rows', async () => {
    const src = new SyntheticSource(i4, [1_000_000_000, 100], writeI4((i) => i % 2_000_000_000));
    const s = new ViewerSession(await openSource(src, 'huge.npy'), { fileName: 'huge.npy', sizeOnDisk: src.size, settings });
    const before = src.stats.bytes;
    const p = await s.getPage({ view: spec('...'), row0: 999_999_990, rows: 64, col0: 96, cols: 16 });
    assert.deepStrictEqual([p.rows, p.cols], [10, 4]);
    assert.strictEqual(p.values[0], String((999_999_990 * 100 + 96) % 2_000_000_000));
    assert.strictEqual(p.values[p.values.length - 1], String((999_999_999 * 100 + 99) % 2_000_000_000));
    assert.ok(src.stats.bytes - before <= 10 * 100 * 4, `read ${src.stats.bytes - before} bytes`);
  });

  it('splits structured dtypes into one sub-column per field', async () => {
    const o = await openFile(path.join(CORPUS, 'struct_plain.npy'));
    const s = new ViewerSession(o, { fileName: 'struct_plain.npy', sizeOnDisk: 1, settings });
    const info = (await s.fileInfo()).array!;
    assert.deepStrictEqual(info.fields, ['a', 'b', 'c']);
    const p = await s.getPage({ view: spec('...'), row0: 0, rows: 4, col0: 0, cols: 1 });
    assert.strictEqual(p.fieldCount, 3);
    assert.deepStrictEqual([0, 1, 2, 3].map((r) => p.values[r * 3]), ['1', '-2', '3', '2147483647']);
    await s.close();
  });

  it('shows subarray fields compactly', async () => {
    const o = await openFile(path.join(CORPUS, 'struct_subarray.npy'));
    const s = new ViewerSession(o, { fileName: 'x', sizeOnDisk: 1, settings });
    const p = await s.getPage({ view: spec('...'), row0: 1, rows: 1, col0: 0, cols: 1 });
    assert.strictEqual(p.fieldCount, 3);
    assert.strictEqual(p.values[1], '[[-1, -2], [-3, -4]]');
    assert.strictEqual(p.values[2], '2');
    await s.close();
  });

  it('lists npz members with their headers and opens members lazily, once', async () => {
    const events: ToWebviewMessage[] = [];
    const o = await openFile(path.join(CORPUS, 'npz_compressed.npz'));
    const s = new ViewerSession(o, { fileName: 'npz_compressed.npz', sizeOnDisk: 1, settings, onEvent: (e) => events.push(e) });
    const info = await s.fileInfo();
    assert.strictEqual(info.format, 'npz');
    assert.deepStrictEqual(info.members!.map((m) => [m.name, m.compressed, m.info?.shape]), [
      ['a', true, [3, 4]], ['b', true, [3]], ['f', true, [4, 3]], ['st', true, [4]],
    ]);
    assert.strictEqual(info.members![1].info!.dtype, '>i4');
    const p = await s.getPage({ view: spec('...', 0, 1, 'b'), row0: 0, rows: 64, col0: 0, cols: 16 });
    assert.deepStrictEqual(p.values, ['1', '-2', '3']);
    assert.strictEqual(s.arrayFor('b'), s.arrayFor('b.npy'), 'member opened once and cached');
    await assert.rejects(s.resolve(spec('...', 0, 1, 'nope')), /nope/);
    await assert.rejects(s.resolve(spec('...')), /choose a member/);
    assert.ok(events.every((e) => e.type === 'progress'));
    const last = events.filter((e): e is ProgressEvent => e.type === 'progress' && e.member === 'b').pop();
    assert.ok(last, 'progress reported while member b was inflated');
    assert.strictEqual(last.done, last.total);
    await s.close();
  });

  describe('first screen with the ready reply', () => {
    const corners = (pages: { row0: number; col0: number }[]) => pages.map((p) => [p.row0, p.col0]);

    it('resolves the default view and sends the pages of its top-left corner', async () => {
      const s = await sessionOf(arange([200, 40]));
      const r = await s.ready();
      assert.ok(r.first);
      assert.deepStrictEqual(r.first.view, spec('...'));
      assert.deepStrictEqual([r.first.info.rows, r.first.info.cols], [200, 40]);
      assert.deepStrictEqual(corners(r.first.pages), [[0, 0], [0, 16], [64, 0], [64, 16]]);
      // Each page is what getPage answers for the same rectangle.
      for (const p of r.first.pages) {
        assert.deepStrictEqual(p, await s.getPage({ view: spec('...'), row0: p.row0, rows: 64, col0: p.col0, cols: 16 }));
      }
      assert.strictEqual(r.first.pages[3].values[0], String(64 * 40 + 16));
    });

    it('follows the restored view and position, and the last page takes the one before', async () => {
      const s = await sessionOf(arange([200, 40]));
      const r = await s.ready({ view: spec('::2, 1:'), scrollRow: 99, scrollCol: 3 });
      assert.deepStrictEqual(r.first!.view, spec('::2, 1:'));
      assert.deepStrictEqual([r.first!.info.rows, r.first!.info.cols], [100, 39]);
      // Row 99 is in the last page row (64..99): that page and the one before.
      assert.deepStrictEqual(corners(r.first!.pages), [[0, 0], [0, 16], [64, 0], [64, 16]]);
      assert.strictEqual(r.first!.pages[2].values[0], String(128 * 40 + 1));
      const mid = await s.firstView({ view: spec('...'), scrollRow: 70, scrollCol: 17 });
      assert.deepStrictEqual(corners(mid!.pages), [[64, 16], [64, 32], [128, 16], [128, 32]]);
    });

    it('uses the default view of an N-D array and sends one page for a small one', async () => {
      const s = await sessionOf(arange([3, 4, 5]));
      const f = await s.firstView(undefined);
      assert.deepStrictEqual(f!.view, spec('0, :, :'));
      assert.deepStrictEqual(corners(f!.pages), [[0, 0]]);
      assert.deepStrictEqual(f!.pages[0].values.slice(0, 6), ['0', '1', '2', '3', '4', '5']);
    });

    it('sends nothing for a view that does not resolve, and no pages for an empty one', async () => {
      const s = await sessionOf(arange([5, 7]));
      assert.strictEqual(await s.firstView({ view: spec('9, :'), scrollRow: 0, scrollCol: 0 }), undefined);
      const r = await s.ready({ view: spec('9, :'), scrollRow: 0, scrollCol: 0 });
      assert.strictEqual(r.first, undefined, 'the webview asks and shows the error itself');
      const empty = await sessionOf(arange([0, 3]));
      assert.deepStrictEqual((await empty.firstView(undefined))!.pages, []);
    });

    it('picks the npz member the webview will show', async () => {
      const o = await openFile(path.join(CORPUS, 'npz_compressed.npz'));
      const s = new ViewerSession(o, { fileName: 'npz_compressed.npz', sizeOnDisk: 1, settings });
      const f = await s.firstView(undefined);
      assert.deepStrictEqual(f!.view, spec('...', 0, 1, 'a'));
      assert.strictEqual(f!.pages[0].values.length, 12);
      const b = await s.firstView({ view: spec('1:', 0, 1, 'b'), scrollRow: 0, scrollCol: 0 });
      assert.deepStrictEqual(b!.view, spec('1:', 0, 1, 'b'));
      assert.deepStrictEqual(b!.pages[0].values, ['-2', '3']);
      // A restored member that is gone: the first array member, in its default view.
      const gone = await s.firstView({ view: spec('1:', 0, 1, 'nope'), scrollRow: 0, scrollCol: 0 });
      assert.deepStrictEqual(gone!.view, spec('...', 0, 1, 'a'));
      await s.close();
    });
  });

  describe('an npz whose member headers are slow to read', () => {
    /** An archive (default: the corpus's npz_compressed.npz) behind a source that answers every read after `ms`. */
    async function slowNpz(ms: number, events: ToWebviewMessage[], readyBudgetMs: number, bytes?: Uint8Array): Promise<ViewerSession> {
      const buf = new BufferSource(bytes ?? new Uint8Array(fs.readFileSync(path.join(CORPUS, 'npz_compressed.npz'))));
      const slow = { size: buf.size, read: async (o: number, n: number) => { await new Promise((r) => setTimeout(r, ms)); return buf.read(o, n); }, close: async () => undefined };
      const o = await openSource(slow, 'slow.npz');
      return new ViewerSession(o, { fileName: 'slow.npz', sizeOnDisk: buf.size, settings, onEvent: (e) => events.push(e), readyBudgetMs });
    }

    it('answers ready within the budget with pending members, then sends them all', async () => {
      const events: ToWebviewMessage[] = [];
      const s = await slowNpz(15, events, 10);
      const r = await s.ready();
      const pending = r.file.members!.filter((m) => m.pending);
      assert.ok(pending.length > 0, 'some headers were not read in 10 ms');
      // The first array is always waited for: the first screen is there.
      assert.deepStrictEqual(r.file.members![0].info?.shape, [3, 4]);
      assert.deepStrictEqual(r.first?.view, spec('...', 0, 1, 'a'));
      assert.ok(pending.every((m) => !m.info && !m.error));
      assert.deepStrictEqual(r.file.members!.map((m) => m.name), ['a', 'b', 'f', 'st']);
      const start = Date.now();
      while (!events.some((e) => e.type === 'members') && Date.now() - start < 5000) await new Promise((res) => setTimeout(res, 10));
      const ev = events.find((e): e is MembersEvent => e.type === 'members');
      assert.ok(ev, 'a members event follows');
      const fresh = new ViewerSession(await openFile(path.join(CORPUS, 'npz_compressed.npz')), { fileName: 'slow.npz', sizeOnDisk: 1, settings });
      assert.deepStrictEqual(ev.members, (await fresh.fileInfo()).members);
      await fresh.close();
      assert.ok(ev.members.every((m) => m.info && !m.pending));
      await s.close();
    });

    it('waits for the member the restored view names, and starts on it', async () => {
      const events: ToWebviewMessage[] = [];
      const s = await slowNpz(5, events, 0);
      const r = await s.ready({ view: spec('1:', 0, 1, 'f'), scrollRow: 0, scrollCol: 0 });
      const f = r.file.members!.find((m) => m.name === 'f')!;
      assert.deepStrictEqual(f.info?.shape, [4, 3]);
      assert.deepStrictEqual(r.first!.view, spec('1:', 0, 1, 'f'));
      assert.strictEqual(r.first!.pages[0].values.length, 9);
      await s.close();
    });

    it('starts on a member asked for in its default view; a non-array is pending until its first bytes are read', async () => {
      const data = zipSync({
        'x.npy': npyBytes(i4, [2], writeI4((i) => i)),
        // NumPy names this member 'x.npy': it must not be confused with the zip entry x.npy.
        'x.npy.npy': npyBytes(i4, [2, 3, 4], writeI4((i) => 100 + i)),
        'notes.txt': new Uint8Array([104, 105]),
      }, { level: 0 });
      const s = await slowNpz(5, [], 0, data);
      const r = await s.ready(undefined, 'x.npy');
      assert.deepStrictEqual(r.restore, { view: spec('0, :, :', 0, 1, 'x.npy'), scrollRow: 0, scrollCol: 0 });
      assert.deepStrictEqual(r.first!.view, spec('0, :, :', 0, 1, 'x.npy'));
      assert.deepStrictEqual(r.first!.pages[0].values.slice(0, 4), ['100', '101', '102', '103']);
      // NumPy decides by the magic, not the name: 'notes.txt' could be an array until read.
      const notes = r.file.members!.find((m) => m.name === 'notes.txt')!;
      assert.ok(notes.pending && !notes.info && !notes.error, 'read later');
      const all = await s.fileInfo();
      assert.deepStrictEqual(all.members!.map((m) => [m.name, m.isArray, m.info?.shape, m.pending]),
        [['x', true, [2], undefined], ['x.npy', true, [2, 3, 4], undefined], ['notes.txt', false, undefined, undefined]]);
      assert.deepStrictEqual((await s.getPage({ view: spec('...', 0, 1, 'x'), row0: 0, rows: 64, col0: 0, cols: 16 })).values, ['0', '1']);
      await s.close();
    });

    it('does not hold back a fast archive', async () => {
      const events: ToWebviewMessage[] = [];
      const o = await openFile(path.join(CORPUS, 'npz_compressed.npz'));
      const s = new ViewerSession(o, { fileName: 'npz_compressed.npz', sizeOnDisk: 1, settings, onEvent: (e) => events.push(e), readyBudgetMs: 5000 });
      const r = await s.ready();
      assert.ok(r.file.members!.every((m) => m.info && !m.pending));
      await new Promise((res) => setTimeout(res, 50));
      assert.ok(!events.some((e) => e.type === 'members'), 'no members event when nothing was pending');
      await s.close();
    });
  });

  it('takes every precision of the setting, and clamps what is out of range instead of throwing', async () => {
    const s = await sessionOf(npyBytes(f8, [1], writeF8(() => 0.1)));
    assert.deepStrictEqual(s.setFormat({ notation: 'scientific', precision: 3 }), { notation: 'scientific', precision: 3 });
    // 31-40 used to throw here (the session allowed 0-30, the setting 0-40).
    assert.deepStrictEqual(s.setFormat({ notation: 'fixed', precision: 35 }), { notation: 'fixed', precision: 35 });
    const page = await s.getPage({ view: spec('...'), row0: 0, rows: 1, col0: 0, cols: 1 });
    assert.strictEqual(page.values[0], '0.10000000000000000555111512312578270'); // '%.35f' % 0.1 in Python
    assert.deepStrictEqual(s.setFormat({ notation: 'auto', precision: 99 }), { notation: 'auto', precision: 40 });
    assert.deepStrictEqual(s.setFormat({ notation: 'auto', precision: -1 }), { notation: 'auto', precision: 0 });
    assert.deepStrictEqual(s.setFormat({ notation: 'weird' as 'auto', precision: NaN }), { notation: 'auto', precision: 6 });
  });
});

describe('ViewerSession: the file changes underfoot', () => {
  let dir: string;
  const file = (name: string): string => path.join(dir, name);
  const past = new Date(Date.now() - 60_000);
  const write = (name: string, b: Uint8Array): void => {
    fs.writeFileSync(file(name), b);
    fs.utimesSync(file(name), past, past);
  };
  const arangePlus = (k: number): Uint8Array => npyBytes(i4, [300, 40], writeI4((i) => i + k));

  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-session-underfoot-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A session over the file on disk; `changes` collects what it tells the editor. */
  async function open(name: string, changes: string[]): Promise<ViewerSession> {
    return new ViewerSession(await openFile(file(name), name), {
      fileName: name, sizeOnDisk: fs.statSync(file(name)).size, settings, onFileChanged: (e) => changes.push(e.message),
    });
  }
  const page = (s: ViewerSession, member?: string) => s.getPage({ view: spec('...', 0, 1, member), row0: 100, rows: 10, col0: 5, cols: 3 });
  const isChanged = (e: unknown): boolean => e instanceof Error && (e as { code?: string }).code === 'changed';

  it('refuses a page once the file was rewritten (same shape), and a new session shows the new values in the same window', async () => {
    write('w.npy', arangePlus(0));
    const changes: string[] = [];
    const s = await open('w.npy', changes);
    assert.strictEqual((await page(s)).values[0], String(100 * 40 + 5));
    fs.writeFileSync(file('w.npy'), arangePlus(1_000_000)); // in place, same size: only the mtime tells
    // Never the old header over new bytes: the page fails with the typed error, and the editor is told.
    await assert.rejects(page(s), isChanged);
    assert.strictEqual(changes.length, 1);
    assert.match(changes[0], /rewritten/);
    await s.close();
    const again = await open('w.npy', changes);
    const p = await page(again);
    assert.deepStrictEqual([p.row0, p.col0, p.rows, p.cols], [100, 5, 10, 3]);
    assert.strictEqual(p.values[0], String(1_000_000 + 100 * 40 + 5));
    await again.close();
  });

  it('refuses statistics, find and heatmap answers computed while the file changed', async () => {
    write('s.npy', arangePlus(0));
    const changes: string[] = [];
    const s = await open('s.npy', changes);
    const table = tableOf(s);
    const view = spec('...');
    assert.strictEqual((await table.stats({ type: 'stats', view, scope: 'slice', job: 1 })).stats.count, 300 * 40);
    fs.writeFileSync(file('s.npy'), arangePlus(3));
    await assert.rejects(table.stats({ type: 'stats', view: spec(':10'), scope: 'slice', job: 2 }), isChanged);
    await assert.rejects(table.find({ type: 'find', view, what: 'max', direction: 1, job: 3 }), isChanged);
    await assert.rejects(table.heatmap({ type: 'heatmap', view, maxWidth: 40, maxHeight: 40 }), isChanged);
    // Each refusal told the editor (a view resolved on the way may tell it too; the editor reloads once).
    assert.ok(changes.length >= 3 && changes.every((c) => /rewritten/.test(c)), changes.join('\n'));
    await s.close();
  });

  it('refuses pages and copies of a truncated file, and of a deleted one', async () => {
    write('t.npy', arangePlus(0));
    const changes: string[] = [];
    const s = await open('t.npy', changes);
    fs.truncateSync(file('t.npy'), 200);
    await assert.rejects(page(s), isChanged);
    await assert.rejects(s.copy({ view: spec('...'), row0: 0, rows: 2, col0: 0, cols: 2 }), isChanged);
    await s.close();
    write('d.npy', arangePlus(0));
    const d = await open('d.npy', changes);
    fs.unlinkSync(file('d.npy'));
    await assert.rejects(page(d), isChanged);
    assert.match(changes[changes.length - 1], /deleted/);
    await d.close();
  });

  it('refuses a page of an npz member after the archive was replaced by a rename', async () => {
    const npz = (k: number): Uint8Array => zipSync({ 'a.npy': arangePlus(k), 'b.npy': arangePlus(k + 7) }, { level: 0 });
    write('m.npz', npz(0));
    const changes: string[] = [];
    const s = await open('m.npz', changes);
    assert.strictEqual((await page(s, 'a')).values[0], String(100 * 40 + 5));
    write('m.npz.tmp', npz(500));
    fs.renameSync(file('m.npz.tmp'), file('m.npz'));
    await assert.rejects(page(s, 'a'), isChanged);
    // A member not opened yet: its header read comes from the old file; the check still refuses.
    await assert.rejects(page(s, 'b'), isChanged);
    assert.ok(changes.every((c) => /replaced by another file/.test(c)), changes.join('\n'));
    await s.close();
    const again = await open('m.npz', changes);
    assert.strictEqual((await page(again, 'b')).values[0], String(507 + 100 * 40 + 5));
    await again.close();
  });
});
