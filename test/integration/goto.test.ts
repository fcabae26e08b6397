/** Go to Cell as a user does it in a real VS Code: Ctrl+G, type, Enter; then the grid has the keys (issue 17 items 1-2). */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, fixture, hasRendered, openViewer, userInput, waitForState } from './viewerUtil';

suite('viewer: Go to Cell from the keyboard', function () {
  this.timeout(90000);
  teardown(closeAllEditors);

  test('Ctrl+G takes "3, 2" and "-1, -1", and afterwards the arrow keys and Ctrl+Home move the selection', async () => {
    const uri = fixture('small.npy'); // (6, 4) int32
    await openViewer(uri);
    await waitForState(uri, 'rendered', hasRendered);
    // The keys go where the focus is: in the viewer (not a view a previous suite focused).
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const at = (row: number, col: number) => (s: { selection?: unknown }) => JSON.stringify(s.selection) === JSON.stringify({ row0: row, col0: col, row1: row, col1: col });
    userInput('press', 'Control+G');
    userInput('quickinput', '3, 2');
    await waitForState(uri, 'cell 3, 2 selected by Ctrl+G', at(3, 2));
    userInput('press', 'ArrowDown');
    await waitForState(uri, 'ArrowDown moved the selection to 4, 2', at(4, 2));
    userInput('press', 'Control+Home');
    await waitForState(uri, 'Ctrl+Home moved the selection to 0, 0', at(0, 0));
    // The Ctrl+G box takes what the toolbar box takes: negative indices from the end.
    userInput('press', 'Control+G');
    userInput('quickinput', '-1, -1');
    const s = await waitForState(uri, 'cell 5, 3 selected by Ctrl+G -1, -1', at(5, 3));
    assert.ok(s.rendered!.rows.includes(5));
    userInput('press', 'ArrowLeft');
    await waitForState(uri, 'ArrowLeft moved the selection to 5, 2', at(5, 2));
  });
});
