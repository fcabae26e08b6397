/**
 * The pictures' controls in a real VS Code, driven from the keyboard as a user drives them, on
 * arrays NumPy wrote, with NumPy's answers: Enter on a heatmap cell shows that row's and column's
 * profiles with the array's values; the complex part selector (reached with Shift+Tab, changed with
 * an arrow key) changes the values drawn (the heatmap's automatic domain is the part's min/max)
 * while the readout keeps the exact complex value; the histogram's log counts toggle changes
 * the bars' heights and "Whole array" counts every element with np.histogram's bins and counts
 * (the viewer's automatic bins: ceil(√n) equal bins over the finite min/max).
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WebviewSnapshot } from '../../src/shared/protocol';
import { requireNumpy, runNumpy } from '../support/numpy';
import { closeAllEditors, hasRendered, openViewer, sleep, tempDir, userInput, waitFor, waitForState, webviewState } from './viewerUtil';

type Plots = NonNullable<WebviewSnapshot['plots']>;

/** Presses `key` until the element with class `cls` has the focus (at most `max` presses). */
async function focusBy(uri: vscode.Uri, key: string, cls: string, max = 30): Promise<void> {
  for (let i = 0; i <= max; i++) {
    const s = await webviewState(uri);
    if (s?.plots?.focus.split(/\s+/).includes(cls)) return;
    if (i === max) assert.fail(`${cls} never had the focus after ${max} × ${key} (last: ${s?.plots?.focus})`);
    userInput('press', key);
    await sleep(400);
  }
}

/** Shows `mode` with the keyboard on it and waits for its picture. */
async function showFocused(uri: vscode.Uri, mode: 'heatmap' | 'histogram', ok: (p: Plots, s: WebviewSnapshot) => boolean): Promise<WebviewSnapshot> {
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  await vscode.commands.executeCommand('npyViewer.test.pictureCommand', mode, undefined, true);
  return waitForState(uri, `the ${mode}`, (s) => s.pictures?.mode === mode && !!s.plots && ok(s.plots, s), 120000);
}

const heatmapDrawn = (s: WebviewSnapshot): boolean => !!s.heatmap && s.heatmap.factor === 1 && !s.heatmap.busy;

suite('viewer: linked profiles, complex parts and histogram controls (keyboard)', function () {
  this.timeout(240_000);
  const dir = tempDir();
  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('Enter on a heatmap cell shows its row and column profiles with the array\'s values', async function () {
    requireNumpy(this, 'the profile fixture');
    const file = path.join(dir, `profiles-${Date.now()}.npy`); // new each run: no remembered view
    const [R, C] = [12, 16];
    runNumpy(`r, c = np.indices((${R}, ${C}))\nnp.save(${JSON.stringify(file)}, (r * 100 + c * c / 4).astype(np.float64))`);
    const a = (r: number, c: number): number => r * 100 + (c * c) / 4;
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    const grid = await waitForState(uri, 'the grid', hasRendered, 60000);
    await showFocused(uri, 'heatmap', (_p, s) => heatmapDrawn(s));
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter']) userInput('press', key);
    const s = await waitForState(uri, 'the profiles through [3, 5]', (st) => {
      const p = st.plots?.profiles;
      return !!p?.row && !!p.col && p.row.mark === 5 && p.col.mark === 3 && !p.row.busy && !p.col.busy;
    }, 120000);
    const p = s.plots!.profiles!;
    assert.strictEqual(p.title, 'Profiles through [3, 5]');
    const row = Array.from({ length: C }, (_, c) => a(3, c)), col = Array.from({ length: R }, (_, r) => a(r, 5));
    assert.deepStrictEqual([p.row!.index, p.row!.start, p.row!.stop, p.row!.min, p.row!.max], [3, 0, C, row, row], 'row 3, one point per column');
    assert.deepStrictEqual([p.col!.index, p.col!.start, p.col!.stop, p.col!.min, p.col!.max], [5, 0, R, col, col], 'column 5');
    assert.deepStrictEqual([p.row!.low, p.row!.high, p.col!.low, p.col!.high], [a(3, 0), a(3, C - 1), a(0, 5), a(R - 1, 5)]);
    // The keyboard cursor's readout: its index and the grid's text of a[3, 5] (306.25).
    const page = grid.rendered!;
    const text = page.texts[page.rows.indexOf(3)]?.[page.cols.indexOf(5)];
    assert.strictEqual(Number(text), 306.25);
    assert.strictEqual(s.plots!.readout, `[3, 5]: ${text}`);
  });

  test('the complex part selector changes the values drawn; the readout keeps the exact complex value', async function () {
    requireNumpy(this, 'the complex fixture');
    const file = path.join(dir, `complex-${Date.now()}.npy`); // new each run: no remembered view
    const out = runNumpy(`i = np.arange(48).reshape(6, 8)
z = (i - 20) + 1j * (i % 5 + 1)
np.save(${JSON.stringify(file)}, z.astype(np.complex128))
import json
print(json.dumps({p: [float(f(z).min()), float(f(z).max())] for p, f in [('magnitude', np.abs), ('phase', np.angle), ('real', np.real), ('imag', np.imag)]}))`).trim().split('\n');
    const want = JSON.parse(out[0]) as Record<string, [number, number]>;
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    const grid = await waitForState(uri, 'the grid', hasRendered, 60000);
    const first = await showFocused(uri, 'heatmap', (p, s) => heatmapDrawn(s) && p.part === 'magnitude' && p.domain[0] !== '');
    assert.deepStrictEqual(first.plots!.domain.map(Number), want.magnitude, 'the magnitude\'s min and max');
    // Shift+Tab back from the heatmap to the part selector; ArrowDown chooses the next part (phase), then the next (real).
    await focusBy(uri, 'Shift+Tab', 'pictures-part');
    for (const part of ['phase', 'real']) {
      userInput('press', 'ArrowDown');
      const s = await waitForState(uri, `the ${part} drawn`, (st) => st.plots?.part === part && heatmapDrawn(st)
        && st.plots.domain[0] !== first.plots!.domain[0], 120000);
      // np.angle's atan2 and JavaScript's may differ in the last bit (libm): the phase to within 2 ulp, the rest exactly.
      const got = s.plots!.domain.map(Number);
      if (part === 'phase') got.forEach((v, k) => assert.ok(Math.abs(v - want.phase[k]) <= 2 * Number.EPSILON * Math.abs(v), `phase ${k}: ${v} vs ${want.phase[k]}`));
      else assert.deepStrictEqual(got, want[part], `the ${part}'s min and max`);
      assert.strictEqual(s.pictures?.part, part, 'the part is remembered with the picture settings');
    }
    // The keyboard cursor's readout still shows the complex value itself, as the grid writes it.
    await focusBy(uri, 'Tab', 'heatmap-canvas', 40);
    userInput('press', 'ArrowRight');
    userInput('press', 'ArrowLeft');
    const read = await waitForState(uri, 'the readout of [0, 0]', (st) => !!st.plots?.readout.startsWith('[0, 0]: '), 60000);
    const text = grid.rendered!.texts[0][0];
    assert.match(text, /^-20\.?\+1\.?j$/, 'the grid writes z[0, 0] = -20+1j');
    assert.strictEqual(read.plots!.readout, `[0, 0]: ${text}`);
  });

  test('the histogram\'s log counts toggle and whole-array scope: NumPy\'s bins and counts, log heights', async function () {
    requireNumpy(this, 'the histogram fixture');
    const file = path.join(dir, `hist-${Date.now()}.npy`); // new each run: no remembered view
    const out = runNumpy(`b = (np.arange(4 * 5 * 6) ** 2 % 97).reshape(4, 5, 6).astype(np.float64)
b[0, 0, 0] = np.nan
np.save(${JSON.stringify(file)}, b)
import json
for x in (b[0], b):
    f = x[np.isfinite(x)]
    c, e = np.histogram(f, bins=int(np.ceil(np.sqrt(f.size))))  # the viewer's automatic bins: ceil(sqrt(n)) over the finite min/max
    print(json.dumps({'counts': c.tolist(), 'edges': e.tolist()}))`).trim().split('\n').map((l) => JSON.parse(l) as { counts: number[]; edges: number[] });
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    const grid = await waitForState(uri, 'the grid', hasRendered, 60000);
    assert.strictEqual(grid.view?.index, '0, :, :');
    const slice = await showFocused(uri, 'histogram', (p) => !!p.histogram && !p.histogram.busy);
    const h0 = slice.plots!.histogram!;
    assert.deepStrictEqual([h0.scope, h0.log, h0.counts, h0.edges, h0.size, h0.nan], ['slice', false, out[0].counts, out[0].edges, 30, 1]);
    const max0 = Math.max(...h0.counts);
    assert.deepStrictEqual(h0.heights, h0.counts.map((c) => c / max0), 'linear heights');
    // Log counts: Tab to the checkbox, Space.
    await focusBy(uri, 'Shift+Tab', 'hist-log');
    userInput('press', 'Space');
    const logged = await waitForState(uri, 'log counts', (st) => !!st.plots?.histogram?.log, 60000);
    const hl = logged.plots!.histogram!;
    assert.deepStrictEqual(hl.heights, hl.counts.map((c) => Math.log10(1 + c) / Math.log10(1 + max0)), 'log heights');
    assert.ok(hl.heights.some((v, i) => v !== h0.heights[i]), 'the bars changed');
    // Whole array: to the scope switch, ArrowRight.
    await focusBy(uri, 'Shift+Tab', 'hist-scope-seg');
    userInput('press', 'ArrowRight');
    const whole = await waitForState(uri, 'the whole array counted', (st) => st.plots?.histogram?.scope === 'array' && !st.plots.histogram.busy
      && st.plots.histogram.size === 120, 120000);
    const h1 = whole.plots!.histogram!;
    assert.deepStrictEqual([h1.counts, h1.edges, h1.nan, h1.log], [out[1].counts, out[1].edges, 1, true]);
    assert.strictEqual(whole.view?.index, '0, :, :', 'the slice stays');
    await waitFor('the scope remembered', async () => (await webviewState(uri))?.pictures?.histogram?.scope === 'array');

    // Remembered per file: closed and opened again, the viewer starts on the grid, and its
    // histogram has log counts and the whole-array scope still.
    await closeAllEditors();
    await openViewer(uri);
    const again = await waitForState(uri, 'the grid of the reopened file', hasRendered, 60000);
    assert.strictEqual(again.pictures?.mode ?? 'grid', 'grid', 'a reopened file starts on the grid');
    const h2 = (await showFocused(uri, 'histogram', (p) => !!p.histogram && !p.histogram.busy && p.histogram.size === 120)).plots!.histogram!;
    assert.deepStrictEqual([h2.scope, h2.log, h2.counts], ['array', true, out[1].counts]);
  });
});
