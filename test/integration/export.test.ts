/** Export to Text and Save As in a real VS Code, compared byte for byte with NumPy's own output. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { openFile } from '../../src/npy/format/open';
import { closeAllEditors, fixture, hasRendered, openViewer, tempDir, waitFor, waitForState } from './viewerUtil';

interface WriteResult { status: string; target?: vscode.Uri; message?: string }

function exportText(uri: vscode.Uri, args: Record<string, unknown>): Thenable<WriteResult> {
  return vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', uri, args);
}

/** A C-order float64 .npy of `rows`×4 zeros, written here (big enough that an export takes many writes). */
function writeZeros(file: string, rows: number): void {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, 4), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1; pre[7] = 0; pre.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.alloc(rows * 4 * 8)]));
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f !== 'zeros.npy');
}

suite('export: Export to Text and Save As', function () {
  this.timeout(180000);
  let dir: string;
  setup(() => { dir = tempDir(); });
  teardown(async () => {
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('comma-delimited export of a .npy equals np.savetxt(..., delimiter=",")', async () => {
    const target = vscode.Uri.file(path.join(dir, 'grid.csv'));
    const res = await exportText(fixture('grid.npy'), { delimiter: ',', target });
    assert.strictEqual(res.status, 'written', res.message);
    assert.deepStrictEqual(fs.readFileSync(target.fsPath), fs.readFileSync(fixture('grid.expected.csv').fsPath));
  });

  test('an npz member exports the same bytes, also from an open viewer', async () => {
    const uri = fixture('members.npz');
    await openViewer(uri);
    const target = vscode.Uri.file(path.join(dir, 'members-grid.csv'));
    const res = await exportText(uri, { member: 'grid', delimiter: ',', target });
    assert.strictEqual(res.status, 'written', res.message);
    assert.deepStrictEqual(fs.readFileSync(target.fsPath), fs.readFileSync(fixture('members.grid.expected.csv').fsPath));
  });

  test('without a file argument it exports the member shown in the active viewer', async () => {
    const uri = fixture('members.npz');
    await openViewer(uri);
    await vscode.commands.executeCommand('npyViewer.openMember', uri, 'grid');
    await waitForState(uri, 'grid shown', (s) => s.view?.member === 'grid' && hasRendered(s));
    const target = vscode.Uri.file(path.join(dir, 'current.csv'));
    const res = await vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', undefined, { delimiter: ',', target });
    assert.strictEqual(res.status, 'written', res.message);
    assert.deepStrictEqual(fs.readFileSync(target.fsPath), fs.readFileSync(fixture('members.grid.expected.csv').fsPath));
  });

  test('a CSV with a header row and a short format equals np.savetxt(..., header=, comments="")', async () => {
    const target = vscode.Uri.file(path.join(dir, 'header.csv'));
    const res = await exportText(fixture('grid.npy'), { delimiter: ',', fmt: '%.6g', header: 'a,b,c,d', comments: '', target });
    assert.strictEqual(res.status, 'written', res.message);
    assert.deepStrictEqual(fs.readFileSync(target.fsPath), fs.readFileSync(fixture('grid.header.expected.csv').fsPath));
  });

  test('walkthrough: pick sin_array in the sidebar, export it to CSV with a header, save arr_0 as .npy', async () => {
    const uri = fixture('members.npz');
    await openViewer(uri);
    const tree = await waitFor('the members in the tree', async () => {
      const t = await vscode.commands.executeCommand<{ items: { label: string; command?: vscode.Command }[] }>('npyViewer.test.getTreeItems');
      return t.items.length > 0 ? t : undefined;
    });
    const sin = tree.items.find((i) => i.label === 'sin_array')!;
    await vscode.commands.executeCommand(sin.command!.command, ...(sin.command!.arguments ?? []));
    await waitForState(uri, 'sin_array shown', (s) => s.view?.member === 'sin_array' && hasRendered(s));
    const csv = vscode.Uri.file(path.join(dir, 'sin.csv'));
    const exported = await vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', undefined, { delimiter: ',', header: 'sin', comments: '', target: csv });
    assert.strictEqual(exported.status, 'written', exported.message);
    assert.deepStrictEqual(fs.readFileSync(csv.fsPath), fs.readFileSync(fixture('members.sin_array.header.expected.csv').fsPath));
    const npy = vscode.Uri.file(path.join(dir, 'arr_0.npy'));
    const saved = await vscode.commands.executeCommand<WriteResult>('npyViewer.saveAs', uri, { member: 'arr_0', target: npy });
    assert.strictEqual(saved.status, 'written', saved.message);
    assert.deepStrictEqual(fs.readFileSync(npy.fsPath), fs.readFileSync(fixture('members.arr_0.expected.npy').fsPath));
  });

  test('Save As of a member writes a .npy with the member\'s exact bytes', async () => {
    const uri = fixture('members.npz');
    const target = vscode.Uri.file(path.join(dir, 'arr_0.npy'));
    const res = await vscode.commands.executeCommand<WriteResult>('npyViewer.saveAs', uri, { member: 'arr_0', format: 'npy', target });
    assert.strictEqual(res.status, 'written', res.message);
    const written = fs.readFileSync(target.fsPath);
    assert.deepStrictEqual(written, fs.readFileSync(fixture('members.arr_0.expected.npy').fsPath), 'same bytes as np.save');
    // The engine reads it back to the same data as the member.
    const saved = await openFile(target.fsPath);
    const source = await openFile(uri.fsPath);
    try {
      assert.strictEqual(saved.kind, 'npy');
      assert.strictEqual(source.kind, 'npz');
      if (saved.kind !== 'npy' || source.kind !== 'npz') return;
      const member = await source.npz.openArray('arr_0');
      assert.deepStrictEqual(saved.array.shape, member.shape);
      const a = await saved.array.view().readBlock([0, 0], saved.array.shape);
      const b = await member.view().readBlock([0, 0], member.shape);
      assert.deepStrictEqual(Buffer.from(a), Buffer.from(b));
      await member.close();
    } finally {
      await saved.close();
      await source.close();
    }
  });

  test('Save As .npy of a slice is readable with the selected values', async () => {
    const target = vscode.Uri.file(path.join(dir, 'row1.npy'));
    const res = await vscode.commands.executeCommand<WriteResult>('npyViewer.saveAs', fixture('small.npy'), { index: '1, :', target });
    assert.strictEqual(res.status, 'written', res.message);
    const saved = await openFile(target.fsPath);
    try {
      assert.ok(saved.kind === 'npy');
      assert.deepStrictEqual(saved.array.shape, [4]);
      const bytes = await saved.array.view().readBlock([0], [4]);
      assert.deepStrictEqual([...new Int32Array(bytes.slice().buffer)], [-22, -15, -8, -1]);
    } finally {
      await saved.close();
    }
  });

  test('cancelling an export leaves no file behind', async () => {
    const src = path.join(dir, 'zeros.npy');
    writeZeros(src, 200000);
    const target = vscode.Uri.file(path.join(dir, 'zeros.txt'));
    const abort = new AbortController();
    let writes = 0;
    // Cancel as soon as the first bytes reached the temporary file.
    const res = await exportText(vscode.Uri.file(src), { target, signal: abort.signal, onWrite: () => { writes++; abort.abort(); } });
    assert.strictEqual(res.status, 'cancelled');
    assert.ok(writes >= 1, 'the export had started writing');
    assert.deepStrictEqual(leftovers(dir), [], 'no target and no temporary file');
  });

  test('the cancel command stops a running export and leaves no file', async () => {
    const src = path.join(dir, 'zeros.npy');
    writeZeros(src, 200000);
    const target = vscode.Uri.file(path.join(dir, 'zeros.csv'));
    let started!: () => void;
    const writing = new Promise<void>((r) => { started = r; });
    const running = exportText(vscode.Uri.file(src), { delimiter: ',', target, onWrite: () => started() });
    await writing;
    assert.ok(await vscode.commands.executeCommand<number>('npyViewer.test.cancelExports') >= 1);
    assert.strictEqual((await running).status, 'cancelled');
    assert.deepStrictEqual(leftovers(dir), []);
  });

  test('a write that fails says why and leaves nothing', async () => {
    const target = vscode.Uri.file(path.join(dir, 'missing-folder', 'x.csv'));
    const res = await exportText(fixture('grid.npy'), { delimiter: ',', target });
    assert.strictEqual(res.status, 'failed');
    assert.ok(res.message && res.message.length > 0);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  test('exporting over the source file itself is refused and leaves it intact', async () => {
    const src = path.join(dir, 'grid.npy');
    fs.copyFileSync(fixture('grid.npy').fsPath, src);
    const res = await exportText(vscode.Uri.file(src), { delimiter: ',', target: vscode.Uri.file(src) });
    assert.strictEqual(res.status, 'failed');
    assert.strictEqual(res.message, 'grid.npy is the file being exported; choose another file.');
    assert.deepStrictEqual(fs.readFileSync(src), fs.readFileSync(fixture('grid.npy').fsPath));
  });

  test('an index out of bounds is refused with NumPy\'s message', async () => {
    const target = vscode.Uri.file(path.join(dir, 'x.csv'));
    const res = await exportText(fixture('small.npy'), { index: '9, :', target });
    assert.strictEqual(res.status, 'failed');
    assert.match(res.message ?? '', /9/);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  test('the interactive dialogs, accepted as offered, write NumPy\'s CSV next to the source', async () => {
    // Drive the quick inputs with the workbench's own accept command; the save dialog must be
    // VS Code's simple dialog (a quick input too) rather than a native one.
    const cfg = vscode.workspace.getConfiguration('files');
    await cfg.update('simpleDialog.enable', true, vscode.ConfigurationTarget.Global);
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'a workspace folder is open');
    const folder = fs.mkdtempSync(path.join(ws.uri.fsPath, 'dialog-'));
    try {
      const source = path.join(folder, 'grid.npy');
      fs.copyFileSync(fixture('grid.npy').fsPath, source);
      let done = false;
      const running = exportText(vscode.Uri.file(source), {}).then((r) => { done = true; return r; });
      // Accept each step as it shows, until the export is done (2 minutes at most: a loaded machine is slow).
      for (let i = 0; i < 400 && !done; i++) {
        await new Promise((r) => setTimeout(r, 300));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      const res = await running;
      assert.strictEqual(res.status, 'written', res.message);
      // Defaults: whole array, comma (remembered or first), '%.18e', no header; grid.csv beside grid.npy.
      assert.strictEqual(res.target?.fsPath, path.join(folder, 'grid.csv'));
      assert.deepStrictEqual(fs.readFileSync(path.join(folder, 'grid.csv')), fs.readFileSync(fixture('grid.expected.csv').fsPath));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      await cfg.update('simpleDialog.enable', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
