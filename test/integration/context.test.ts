/**
 * The grid's context menu and the focused cell's status bar item in a real VS Code (issue 17
 * items 4-5). VS Code's webview context menu cannot be clicked from a test, so its commands are
 * run as the menu runs them, on the active viewer with a selection, and the clipboard is read.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { f8, npyBytes, writeF8 } from '../support/viewer-arrays';
import { closeAllEditors, hasRendered, openViewer, tempDir, userInput, waitFor, waitForState } from './viewerUtil';

suite('viewer: context menu commands and the cell status item', function () {
  this.timeout(120000);
  teardown(closeAllEditors);

  test('Copy, Copy with Full Precision, Copy as NumPy Literal and Copy Index act on the selection; the status bar shows the focused cell', async () => {
    // 4 x 3 float64: element i is i / 3, element 0 is 0.1 + 0.2; the grid rounds to 6 digits.
    const file = path.join(tempDir(), 'thirds.npy');
    fs.writeFileSync(file, npyBytes(f8, [4, 3], writeF8((i) => (i === 0 ? 0.1 + 0.2 : i / 3))));
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    await waitForState(uri, 'rendered', hasRendered);
    const selected = (r0: number, c0: number, r1: number, c1: number) => (s: { selection?: unknown }) =>
      JSON.stringify(s.selection) === JSON.stringify({ row0: r0, col0: c0, row1: r1, col1: c1 });
    await vscode.commands.executeCommand('npyViewer.goTo', 0, 0);
    await waitForState(uri, 'cell 0, 0 selected', selected(0, 0, 0, 0));
    const copied = async (command: string): Promise<string> => {
      await vscode.env.clipboard.writeText('');
      assert.strictEqual(await vscode.commands.executeCommand(command), true, command);
      return vscode.env.clipboard.readText();
    };
    assert.strictEqual(await copied('npyViewer.copy'), '0.3', 'Copy: what the grid shows');
    assert.strictEqual(await copied('npyViewer.copyFull'), '0.30000000000000004', 'Copy with Full Precision: NumPy\'s repr');
    const status = (): Thenable<string | undefined> => vscode.commands.executeCommand<string | undefined>('npyViewer.test.getCellStatus');
    await waitFor('the status item shows cell 0, 0', async () => (await status()) === '[0, 0]: 0.30000000000000004' || undefined);
    // Shift+arrows (the grid has the keys after Go to) make a 2 x 2 selection, focus at (1, 1).
    userInput('press', 'Shift+ArrowDown');
    await waitForState(uri, 'selection to row 1', selected(0, 0, 1, 0));
    userInput('press', 'Shift+ArrowRight');
    await waitForState(uri, 'selection 2 x 2', selected(0, 0, 1, 1));
    assert.strictEqual(await copied('npyViewer.copy'), '0.3\t0.333333\n1.0\t1.33333');
    assert.strictEqual(await copied('npyViewer.copyFull'), '0.30000000000000004\t0.3333333333333333\n1.0\t1.3333333333333333');
    assert.strictEqual(await copied('npyViewer.copyLiteral'), "np.array([[0.30000000000000004, 0.3333333333333333], [1.0, 1.3333333333333333]], dtype='<f8')");
    assert.strictEqual(await copied('npyViewer.copyIndex'), '[0:2, 0:2]');
    await waitFor('the status item follows the focus to 1, 1', async () => (await status()) === '[1, 1]: 1.3333333333333333' || undefined);
    // Export Selection writes what np.savetxt writes for a[0:2, 0:2] (a target given: no dialog).
    const target = vscode.Uri.file(path.join(path.dirname(file), 'sel.txt'));
    const res = await vscode.commands.executeCommand<{ status: string }>('npyViewer.exportSelection', { target });
    assert.strictEqual(res?.status, 'written');
    assert.strictEqual(fs.readFileSync(target.fsPath, 'utf8'), '3.000000000000000444e-01 3.333333333333333148e-01\n1.000000000000000000e+00 1.333333333333333259e+00\n');
    // The commands the menu lists exist and are contributed to the grid's webview context menu.
    const pkg = vscode.extensions.all.find((e) => e.packageJSON?.name === 'npy-viewer')?.packageJSON;
    const menu = (pkg.contributes.menus['webview/context'] as { command: string; when: string }[]);
    assert.deepStrictEqual(menu.map((m) => m.command), ['npyViewer.copy', 'npyViewer.copyFull', 'npyViewer.copyLiteral', 'npyViewer.copyIndex', 'npyViewer.exportSelection', 'npyViewer.goTo']);
    const all = await vscode.commands.getCommands(true);
    for (const m of menu) assert.ok(all.includes(m.command), m.command);
    // No viewer: the status item hides.
    await closeAllEditors();
    await waitFor('the status item hides with no viewer', async () => (await status()) === undefined || undefined);
  });
});
