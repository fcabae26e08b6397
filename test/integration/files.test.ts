/**
 * More array files in a real VS Code (issue 16): a .safetensors file (tensors in folders by their
 * dotted names, exact BF16 values, export and Save As), "Open as Array…" on raw binary driven
 * through its quick-input steps, and an object array's values.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WebviewSnapshot } from '../../src/shared/protocol';
import {
  assertCellsMatch, assertRenderedMatches, closeAllEditors, fixture, hasRendered, openViewer, sleep, tempDir, waitFor, waitForState,
} from './viewerUtil';

interface TreeSnapshot {
  document?: string;
  items: { label: string; description?: string; contextValue?: string; command?: vscode.Command; depth: number }[];
}

interface FilesExpected {
  'model.safetensors': { bf16_fixed40: string[][]; tensors: Record<string, { dtype: string; shape: number[] }>; metadata: [string, string][] };
  'objects.npy': { shape: number[]; texts: string[][] };
  'dump.bin': { dtype: string; offset: number; shape: number[]; texts: string[][] };
}

function want(): FilesExpected {
  return JSON.parse(fs.readFileSync(path.join(path.dirname(fixture('x').fsPath), 'expected.json'), 'utf8'));
}

const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('npyViewer');

/** Types `text` into the "Open as Array…" step on screen (once one is shown) and accepts it ('' accepts what is offered). */
async function answer(text: string): Promise<void> {
  await waitFor('an "Open as Array" step', async () => vscode.commands.executeCommand<boolean>('npyViewer.test.typeIntoOpenAsArray', text));
  await sleep(200);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await sleep(300);
}

suite('files: safetensors, raw binary, object arrays', function () {
  this.timeout(90000);
  teardown(async () => {
    await vscode.commands.executeCommand('npyViewer.clearMemberFilter');
    await cfg().update('notation', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('precision', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('a .safetensors file: tensors in folders by dotted prefix, a BF16 tensor opened from the tree shows its exact values', async () => {
    const uri = fixture('model.safetensors');
    const w = want()['model.safetensors'];
    await cfg().update('notation', 'fixed', vscode.ConfigurationTarget.Global);
    await cfg().update('precision', 40, vscode.ConfigurationTarget.Global);
    await openViewer(uri);
    const tree = await waitFor('the tree to list model.safetensors with headers read', async () => {
      const t = await vscode.commands.executeCommand<TreeSnapshot>('npyViewer.test.getTreeItems');
      return t.document === uri.toString() && t.items.some((i) => i.description?.includes('BF16 → float32')) ? t : undefined;
    });
    // Folders and members depth first, names by number: layers ▸ 0 ▸ attn ▸ bias, weight; layers ▸ 1 ▸ mlp ▸ weight; embed.
    assert.deepStrictEqual(tree.items.map((i) => `${'  '.repeat(i.depth)}${i.label}`), [
      'layers', '  0', '    attn', '      bias', '      weight', '  1', '    mlp', '      weight', 'embed',
    ]);
    assert.strictEqual(tree.items[0].contextValue, 'memberGroup');
    // The filter matches whole names and keeps the folders above a match.
    await vscode.commands.executeCommand('npyViewer.filterMembers', 'attn.b');
    const filtered = await vscode.commands.executeCommand<TreeSnapshot>('npyViewer.test.getTreeItems');
    assert.deepStrictEqual(filtered.items.map((i) => `${'  '.repeat(i.depth)}${i.label}`), ['layers', '  0', '    attn', '      bias']);
    await vscode.commands.executeCommand('npyViewer.clearMemberFilter');
    const weight = tree.items[4];
    assert.strictEqual(weight.description, '(2, 3) BF16 → float32');
    assert.strictEqual(tree.items[7].description, '(2, 2) I64 → int64');
    assert.strictEqual(weight.contextValue, 'member');
    // A click on the item runs its command: the viewer shows that tensor, each value exactly.
    await vscode.commands.executeCommand(weight.command!.command, ...(weight.command!.arguments ?? []));
    const s = await waitForState(uri, 'the BF16 tensor at 40 digits', (st: WebviewSnapshot) =>
      st.view?.member === 'layers.0.attn.weight' && st.format?.precision === 40 && hasRendered(st));
    assert.ok(assertCellsMatch(s, w.bf16_fixed40) >= 2, 'both rows compared');

    // Export and Save As of the tensor: np.savetxt / np.save of the float32 that holds each BF16 value.
    const dir = tempDir();
    try {
      const txt = vscode.Uri.file(path.join(dir, 'w.txt'));
      const r = await vscode.commands.executeCommand<{ status: string; message?: string }>('npyViewer.exportText', uri, { member: 'layers.0.attn.weight', target: txt });
      assert.strictEqual(r.status, 'written', r.message);
      assert.deepStrictEqual(fs.readFileSync(txt.fsPath), fs.readFileSync(fixture('model.bf16.expected.txt').fsPath));
      const npy = vscode.Uri.file(path.join(dir, 'w.npy'));
      const r2 = await vscode.commands.executeCommand<{ status: string; message?: string }>('npyViewer.saveAs', uri, { member: 'layers.0.attn.weight', target: npy, index: '...' });
      assert.strictEqual(r2.status, 'written', r2.message);
      assert.deepStrictEqual(fs.readFileSync(npy.fsPath), fs.readFileSync(fixture('model.bf16.expected.npy').fsPath));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('"Open as Array…" on a .bin: dtype, offset and shape typed into its steps; then the layout is changed from the viewer', async () => {
    const w = want()['dump.bin'];
    const dir = tempDir();
    const file = path.join(dir, 'dump.bin');
    fs.copyFileSync(fixture('dump.bin').fsPath, file);
    const uri = vscode.Uri.file(file);
    try {
      const running = vscode.commands.executeCommand<boolean>('npyViewer.openAsArray', uri);
      await answer(w.dtype);
      await answer(String(w.offset));
      await answer(w.shape.join(', '));
      await answer(''); // C order, offered first
      assert.strictEqual(await running, true);
      const s = await waitForState(uri, 'the raw array', (st) => !!st.view && hasRendered(st) && st.rendered!.rows.length >= 3);
      assertRenderedMatches(s, w.texts);

      // Export works as for a .npy: np.savetxt of np.fromfile(...).reshape(...).
      const txt = vscode.Uri.file(path.join(dir, 'dump.txt'));
      const r = await vscode.commands.executeCommand<{ status: string; message?: string }>('npyViewer.exportText', uri, { target: txt });
      assert.strictEqual(r.status, 'written', r.message);
      assert.deepStrictEqual(fs.readFileSync(txt.fsPath), fs.readFileSync(fixture('dump.expected.txt').fsPath));

      // Change Array Layout… offers the current choice first: accept dtype and offset, type a new shape.
      const again = vscode.commands.executeCommand<boolean>('npyViewer.changeLayout', uri);
      await answer('');
      await answer('');
      await answer('4, 3');
      await answer('');
      assert.strictEqual(await again, true);
      const flat = w.texts.flat();
      const reshaped = [0, 1, 2, 3].map((r0) => flat.slice(r0 * 3, r0 * 3 + 3));
      const s2 = await waitForState(uri, 'the array as (4, 3)', (st) => hasRendered(st) && st.rendered!.rows.length >= 4 && st.rendered!.cols.length === 3);
      assertRenderedMatches(s2, reshaped);
    } finally {
      await closeAllEditors();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an object .npy shows str() of each element', async () => {
    const uri = fixture('objects.npy');
    await openViewer(uri);
    const s = await waitForState(uri, 'the object array', (st) => !!st.view && hasRendered(st));
    assertRenderedMatches(s, want()['objects.npy'].texts);
  });
});
