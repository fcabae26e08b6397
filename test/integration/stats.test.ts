/**
 * Statistics in a real VS Code, as a user drives them through the commands: a 4 GiB .npy (sparse,
 * written at test time) shows progress, stops on Cancel, computes to the end on the next try
 * (the figures in the panel), and "Go to Next Maximum" selects the max's cell. The extension
 * host's memory stays far below the file's size.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { writeSparseF8 } from '../support/corefixtures';
import { closeAllEditors, hasRendered, openViewer, tempDir, waitForState } from './viewerUtil';

const ROWS = 524_288;
const COLS = 1024;
const MAX_AT: [number, number] = [400_000, 700];
const NAN_AT: [number, number] = [5, 3];

suite('viewer: statistics of a 4 GiB file', function () {
  this.timeout(300_000);
  const dir = tempDir();
  const file = path.join(dir, 'big.npy');
  // zeros (sparse: 4 GiB, almost nothing on disk), 7.5 at MAX_AT, NaN at NAN_AT
  suiteSetup(() => writeSparseF8(file, ROWS, COLS, [[...MAX_AT, 7.5], [...NAN_AT, NaN]]));
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  teardown(closeAllEditors);

  test('progress, cancel, the figures, then go to max', async () => {
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    await waitForState(uri, 'the grid shown', hasRendered, 30_000);
    const rssBefore = process.memoryUsage().rss;

    await vscode.commands.executeCommand('npyViewer.showStatistics');
    const running = await waitForState(uri, 'a statistics pass in progress', (s) => !!s.stats?.busy && s.stats.progress > 0 && /%/.test(s.stats.note), 60_000);
    assert.ok(running.stats!.progress < 100, `progress ${running.stats!.progress}%`);
    await vscode.commands.executeCommand('npyViewer.cancelStatistics');
    const cancelled = await waitForState(uri, 'the pass cancelled', (s) => !!s.stats && !s.stats.busy && s.stats.note === 'Cancelled.', 30_000);
    assert.strictEqual(cancelled.stats!.figures.count, '', 'no figures from a cancelled pass');

    // Again, to the end: NumPy's figures of this array.
    await vscode.commands.executeCommand('npyViewer.showStatistics');
    const done = await waitForState(uri, 'the statistics', (s) => !!s.stats && !s.stats.busy && s.stats.figures.count !== '', 240_000);
    const f = done.stats!.figures;
    assert.deepStrictEqual(
      [f.count, f.finite, f.nan, f.posinf, f.neginf, f.zeros, f.min, f.max],
      [String(ROWS * COLS), String(ROWS * COLS - 1), '1', '0', '0', String(ROWS * COLS - 2), '0.0', '7.5']);
    const n = ROWS * COLS - 1;
    assert.ok(Math.abs(Number(f.mean) - 7.5 / n) < 1e-9 * (7.5 / n), `mean ${f.mean}`);

    // Go to max (the command; Alt+X in the grid): the max's cell is selected.
    await vscode.commands.executeCommand('npyViewer.nextMax');
    const at = await waitForState(uri, 'the max selected', (s) => s.selection?.row0 === MAX_AT[0] && s.selection.col0 === MAX_AT[1], 120_000);
    assert.match(at.status ?? '', /400000, 700/);
    await vscode.commands.executeCommand('npyViewer.nextNaN');
    await waitForState(uri, 'the NaN selected (wrapped)', (s) => s.selection?.row0 === NAN_AT[0] && s.selection.col0 === NAN_AT[1] && /wrapped/.test(s.status ?? ''), 120_000);

    // Nothing of the 4 GiB stays in the extension host.
    const grown = process.memoryUsage().rss - rssBefore;
    assert.ok(grown < 512 * 2 ** 20, `extension host RSS grew by ${(grown / 2 ** 20).toFixed(0)} MB`);
  });
});
