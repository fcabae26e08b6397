/**
 * npyViewer.precision with two viewers open in a real VS Code: every viewer follows the setting
 * (35 digits, past the old 0-30 limit that made the configuration listener throw and left the
 * other viewers stale), and a value out of the schema's range typed in settings.json (99, -1) is
 * clamped into it; nothing throws. Expected texts: printf's %.Nf of each value (make_fixtures.py).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { WebviewSnapshot } from '../../src/shared/protocol';
import { VIEW_TYPE, assertCellsMatch, closeAllEditors, expected, fixture, hasRendered, waitForState } from './viewerUtil';

suite('settings: npyViewer.precision in every open viewer', function () {
  this.timeout(120000);
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('npyViewer');
  const errors: string[] = [];
  const consoleError = console.error;

  suiteSetup(() => {
    // An exception in the configuration listener is reported through the extension host's console.
    console.error = (...args: unknown[]): void => {
      errors.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '));
      consoleError.apply(console, args);
    };
  });

  suiteTeardown(async () => {
    console.error = consoleError;
    await cfg().update('precision', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('notation', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('two viewers show 35 digits, then 99 and -1 clamped to 40 and 0, with no error', async () => {
    const grid = fixture('grid.npy');
    const npz = fixture('members.npz');
    const want = expected();
    // Side by side, so both webviews stay alive (hidden ones are destroyed and rebuilt).
    await vscode.commands.executeCommand('vscode.openWith', grid, VIEW_TYPE, vscode.ViewColumn.One);
    await waitForState(grid, 'grid.npy rendered', hasRendered);
    await vscode.commands.executeCommand('vscode.openWith', npz, VIEW_TYPE, vscode.ViewColumn.Two);
    assert.ok(await vscode.commands.executeCommand('npyViewer.openMember', npz, 'sin_array'));
    await waitForState(npz, 'sin_array rendered', (s) => s.view?.member === 'sin_array' && hasRendered(s));

    const both = async (precision: number, gridTexts: string[][], sinTexts: string[][]): Promise<void> => {
      const at = (t: string[][]) => (s: WebviewSnapshot): boolean =>
        s.format?.notation === 'fixed' && s.format.precision === precision && !s.error && hasRendered(s) &&
        s.rendered!.texts[0][0].trim() === t[0][0];
      const g = await waitForState(grid, `grid.npy at precision ${precision}`, at(gridTexts));
      assert.ok(assertCellsMatch(g, gridTexts) >= gridTexts.length, 'every row of grid.npy compared');
      const n = await waitForState(npz, `sin_array at precision ${precision}`, (s) => s.view?.member === 'sin_array' && at(sinTexts)(s));
      assert.strictEqual(assertCellsMatch(n, sinTexts), sinTexts.length, 'every value of sin_array compared');
    };

    await cfg().update('notation', 'fixed', vscode.ConfigurationTarget.Global);
    await cfg().update('precision', 35, vscode.ConfigurationTarget.Global);
    assert.ok(want['grid.npy'].fixed35[0][0].split('.')[1].length === 35);
    await both(35, want['grid.npy'].fixed35, want['members.npz'].sin_array_fixed35);

    // Past the schema's maximum (VS Code writes it; only the settings editor warns): clamped to 40.
    await cfg().update('precision', 99, vscode.ConfigurationTarget.Global);
    assert.strictEqual(cfg().get('precision'), 99, 'the raw setting is 99');
    await both(40, want['grid.npy'].fixed40, want['members.npz'].sin_array_fixed40);

    await cfg().update('precision', -1, vscode.ConfigurationTarget.Global);
    await both(0, want['grid.npy'].fixed0, want['members.npz'].sin_array_fixed0);

    const ours = errors.filter((e) => /npyViewer|precision/i.test(e));
    assert.deepStrictEqual(ours, [], 'nothing threw while the settings changed');
  });
});
