/**
 * Copy modes and the hover's full value, through the handler table over a session of a file
 * NumPy wrote: 'full' gives NumPy's full-precision text where the grid rounds, 'literal' gives
 * Python that NumPy evaluates to the selection of the view (the array's own slice, same dtype).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openFile } from '../../../src/npy/format/open';
import type { RequestHandlers, ViewSpec } from '../../../src/shared/protocol';
import { viewerRequests } from '../../../src/viewer/handlers';
import { checkFromWebview } from '../../../src/viewer/messages';
import { ViewerSession } from '../../../src/viewer/session';
import { hasNumpy, requireNumpy, runNumpy } from '../../support/numpy';

const settings = { notation: 'auto' as const, precision: 6 };
const spec = (index: string, rowAxis = 0, colAxis = 1): ViewSpec => ({ index, rowAxis, colAxis });

describe('viewer: copy modes and full values (numpy checks)', function () {
  this.timeout(120000);
  let dir: string;
  let s: ViewerSession;
  let table: RequestHandlers;
  const clipboard: string[] = [];
  /** a = 6x8 float64: a[i, j] = (i * 8 + j) / 3, a[0, 0] = 0.1 + 0.2, a[0, 1] = 1.2345678901234567e20, a[1, 1] = nan. */
  const MAKE = 'a = (np.arange(48.0) / 3).reshape(6, 8); a[0, 0] = 0.1 + 0.2; a[0, 1] = 1.2345678901234567e20; a[1, 1] = np.nan';

  before(async () => {
    if (!hasNumpy()) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-copy-'));
    runNumpy(`${MAKE}\nnp.save(sys.stdin.read(), a)`, path.join(dir, 'a.npy'));
    s = new ViewerSession(await openFile(path.join(dir, 'a.npy')), { fileName: 'a.npy', sizeOnDisk: 1, settings });
    table = viewerRequests({
      session: () => s, ready: () => s.ready(), clipboard: async (t) => { clipboard.push(t); },
      runCommand: async () => ({ done: false }), state: () => undefined,
    });
  });
  after(async () => {
    await s?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies what is shown by default, and full precision or a literal when asked', async function () {
    requireNumpy(this, 'copy modes');
    clipboard.length = 0;
    await table.copy({ type: 'copy', view: spec('...'), row0: 0, rows: 2, col0: 0, cols: 2 });
    await table.copy({ type: 'copy', view: spec('...'), row0: 0, rows: 2, col0: 0, cols: 2, mode: 'shown' });
    await table.copy({ type: 'copy', view: spec('...'), row0: 0, rows: 2, col0: 0, cols: 2, mode: 'full' });
    assert.strictEqual(clipboard[0], '0.3\t1.23457e+20\n2.66667\tnan');
    assert.strictEqual(clipboard[1], clipboard[0]);
    assert.strictEqual(clipboard[2], '0.30000000000000004\t1.2345678901234567e+20\n2.6666666666666665\tnan');
  });

  it('the hover\'s value is the element at full precision', async function () {
    requireNumpy(this, 'full values');
    assert.deepStrictEqual(await table.cellValue({ type: 'cellValue', view: spec('...'), row: 0, col: 0 }), { text: '0.30000000000000004' });
    // Row 1 of '2:5, ::-3' is a[3, 7].
    assert.deepStrictEqual(await table.cellValue({ type: 'cellValue', view: spec('2:5, ::-3'), row: 1, col: 0 }), { text: '10.333333333333334' });
  });

  it('a literal of a selection in a sliced view evaluates in NumPy to that part of the array', async function () {
    requireNumpy(this, 'NumPy literals');
    const cases: [ViewSpec, number, number, number, number, string][] = [
      [spec('...'), 0, 2, 0, 3, 'a[0:2, 0:3]'],
      [spec('2:5, ::-3'), 0, 3, 1, 2, 'a[2:5, ::-3][0:3, 1:3]'],
      [spec('::-1, 1:3', 1, 0), 0, 2, 2, 4, 'a[::-1, 1:3].T[0:2, 2:6]'],
      [spec('1, :'), 0, 8, 0, 1, 'a[1, :][0:8]'],
      [spec('1, :', -1, 0), 0, 1, 3, 4, 'a[1, :][3:7]'],
      [spec('3, 4'), 0, 1, 0, 1, 'a[3, 4]'],
    ];
    const lits: string[] = [];
    for (const [view, row0, rows, col0, cols] of cases) {
      clipboard.length = 0;
      await table.copy({ type: 'copy', view, row0, rows, col0, cols, mode: 'literal' });
      lits.push(clipboard[0]);
    }
    assert.match(lits[0], /^np\.array\(\[\[0\.30000000000000004, 1\.2345678901234567e\+20, 0\.6666666666666666\], \[2\.6666666666666665, np\.nan, /);
    const out = runNumpy(`${MAKE}
res = []
for lit, want in json.load(sys.stdin):
    got, want = eval(lit), eval(want)
    res.append(got.dtype == want.dtype and got.shape == want.shape and bool(np.array_equal(got, want, equal_nan=True)))
print(json.dumps(res))`, JSON.stringify(lits.map((l, i) => [l, cases[i][5]])));
    assert.deepStrictEqual(JSON.parse(out), cases.map(() => true), lits.join('\n'));
  });

  it('the schema takes the copy modes and the cell value request, and refuses others', () => {
    const view = spec('...');
    assert.strictEqual((checkFromWebview({ type: 'copy', view, row0: 0, rows: 1, col0: 0, cols: 1, mode: 'literal' }) as { mode?: string }).mode, 'literal');
    assert.deepStrictEqual(checkFromWebview({ type: 'cellValue', view, row: 3, col: 4 }), { type: 'cellValue', view, row: 3, col: 4 });
    for (const bad of [
      { type: 'copy', view, row0: 0, rows: 1, col0: 0, cols: 1, mode: 'exact' },
      { type: 'cellValue', view, row: -1, col: 0 },
      { type: 'cellValue', view, row: 0 },
      { type: 'cellValue', view, row: 0, col: 0, extra: 1 },
    ]) assert.throws(() => checkFromWebview(bad), (e: Error & { code?: string }) => e.code === 'malformed', JSON.stringify(bad));
  });
});
