/** The "NumPy Arrays" view in a real VS Code: members of a NumPy-written .npz, click to open, filter. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  assertRenderedMatches, closeAllEditors, expected, fixture, hasRendered, openViewer, tempDir, treeItems, treeOf, waitFor, waitForState,
} from './viewerUtil';

suite('tree: NumPy Arrays view', function () {
  this.timeout(180000);
  teardown(async () => {
    await vscode.commands.executeCommand('npyViewer.clearMemberFilter');
    await closeAllEditors();
  });

  test('lists the members of a NumPy-written .npz with shape and dtype', async () => {
    const uri = fixture('members.npz');
    await openViewer(uri);
    const tree = await treeOf(uri);
    const want = expected()['members.npz'].members;
    assert.deepStrictEqual(tree.items.map((i) => i.label).sort(), [...Object.keys(want), 'readme.txt'].sort());
    for (const [name, m] of Object.entries(want)) {
      const item = tree.items.find((i) => i.label === name)!;
      const shape = m.shape.length === 1 ? `(${m.shape[0]},)` : `(${m.shape.join(', ')})`;
      assert.strictEqual(item.description, `${shape} ${m.dtype}`, name);
      assert.strictEqual(item.contextValue, 'member');
      assert.match(item.tooltip ?? '', /stored/i);
    }
    const readme = tree.items.find((i) => i.label === 'readme.txt')!;
    assert.notStrictEqual(readme.contextValue, 'member', 'a non-array member has no array menu');
    assert.match(readme.description ?? '', /not an array/);
  });

  test('compressed members are marked', async () => {
    const uri = fixture('compressed.npz');
    await openViewer(uri);
    const tree = await treeOf(uri);
    for (const item of tree.items) {
      assert.strictEqual(item.icon, 'file-zip', item.label);
      assert.match(item.description ?? '', /compressed/);
    }
  });

  test('clicking a member shows it in the viewer and highlights it', async () => {
    const uri = fixture('members.npz');
    await openViewer(uri);
    const tree = await treeOf(uri);
    const item = tree.items.find((i) => i.label === 'arr_0')!;
    assert.ok(item.command, 'the item has a click command');
    await vscode.commands.executeCommand('npyViewer.members.focus');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const state = await waitForState(uri, 'arr_0 shown', (s) => s.view?.member === 'arr_0' && hasRendered(s));
    assertRenderedMatches(state, expected()['members.npz'].arr_0_texts);
    await waitFor('arr_0 selected in the tree', async () => (await treeItems()).items.find((i) => i.label === 'arr_0')?.selected);
    // Showing another member from the viewer side moves the highlight too.
    await vscode.commands.executeCommand('npyViewer.openMember', uri, 'grid');
    await waitFor('grid selected in the tree', async () => (await treeItems()).items.find((i) => i.label === 'grid')?.selected);
    assert.strictEqual((await treeItems()).revealError, undefined);
  });

  test('the filter narrows the list and clearing it restores it', async () => {
    const uri = fixture('members.npz');
    await openViewer(uri);
    const all = (await treeOf(uri)).items.length;
    await vscode.commands.executeCommand('npyViewer.filterMembers', 'AR');
    const filtered = await treeItems();
    assert.deepStrictEqual(filtered.items.map((i) => i.label).sort(), ['arr_0', 'sin_array']);
    assert.strictEqual(filtered.filter, 'AR');
    await vscode.commands.executeCommand('npyViewer.clearMemberFilter');
    assert.strictEqual((await treeItems()).items.length, all);
  });

  test('a .npy has no members to list', async () => {
    const npz = fixture('members.npz');
    await openViewer(npz);
    await treeOf(npz);
    const npy = fixture('small.npy');
    await openViewer(npy);
    await waitFor('the tree to follow the active editor', async () => {
      const t = await treeItems();
      return t.document === npy.toString() && t.items.length === 0;
    });
  });

  test('an archive with 1200 members lists them all and filters them', async () => {
    const uri = fixture('many.npz');
    await openViewer(uri);
    const tree = await treeOf(uri);
    assert.strictEqual(tree.items.length, 1200);
    assert.strictEqual(tree.items[777].label, 'x0777');
    assert.strictEqual(tree.items[777].description, '() int16 · compressed');
    await vscode.commands.executeCommand('npyViewer.filterMembers', 'x11');
    const filtered = await treeItems();
    assert.deepStrictEqual(filtered.items.map((i) => i.label), Array.from({ length: 100 }, (_, i) => `x${1100 + i}`));
  });

  test('the list updates when the archive changes on disk', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'changing.npz');
    fs.copyFileSync(fixture('members.npz').fsPath, file);
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    assert.strictEqual((await treeOf(uri)).items.length, 5);
    // A script rewrites it with np.savez_compressed: two compressed members.
    fs.copyFileSync(fixture('compressed.npz').fsPath, file);
    const after = await waitFor('the new member list', async () => {
      const t = await treeItems();
      return t.document === uri.toString() && t.items.length === 2 ? t : undefined;
    });
    assert.deepStrictEqual(after.items.map((i) => i.label).sort(), ['arr_0', 'sin_array']);
    assert.ok(after.items.every((i) => i.icon === 'file-zip'));
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('opening an .npz shows the NumPy Arrays view, and the viewer keeps the editor area', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const uri = fixture('members.npz');
    await openViewer(uri);
    const tree = await waitFor('the NumPy Arrays view visible', async () => {
      const t = await treeItems();
      return t.document === uri.toString() && t.visible ? t : undefined;
    });
    assert.strictEqual(tree.revealError, undefined);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputCustom && input.uri.toString() === uri.toString(), 'the viewer is still the active tab');
  });
});
