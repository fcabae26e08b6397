/** The custom editor in a real VS Code: opens .npy/.npz, renders what NumPy says, shows errors, reloads. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  VIEW_TYPE, assertRenderedMatches, closeAllEditors, expected, fixture, hasRendered, openViewer, tempDir, waitForState,
} from './viewerUtil';

suite('viewer: custom editor', function () {
  this.timeout(180000);
  teardown(closeAllEditors);

  test('a .npy opens in the NumPy viewer by default', async () => {
    const uri = fixture('small.npy');
    await vscode.commands.executeCommand('vscode.open', uri);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputCustom, 'the active tab is a custom editor');
    assert.strictEqual(input.viewType, VIEW_TYPE);
    assert.strictEqual(input.uri.toString(), uri.toString());
  });

  test('the grid shows the values NumPy computes', async () => {
    const uri = fixture('small.npy');
    await openViewer(uri);
    const state = await waitForState(uri, 'rendered cells of small.npy', hasRendered);
    assert.strictEqual(state.error, undefined);
    assertRenderedMatches(state, expected()['small.npy'].texts);
  });

  test('an .npz opens in the viewer and shows a member on request', async () => {
    const uri = fixture('members.npz');
    const input = await openViewer(uri);
    assert.strictEqual(input.viewType, VIEW_TYPE);
    assert.ok(await vscode.commands.executeCommand('npyViewer.openMember', uri, 'arr_0'));
    const state = await waitForState(uri, 'arr_0 rendered', (s) => s.view?.member === 'arr_0' && hasRendered(s));
    assertRenderedMatches(state, expected()['members.npz'].arr_0_texts);
  });

  test('a compressed .npz member renders too', async () => {
    const uri = fixture('compressed.npz');
    await openViewer(uri);
    await vscode.commands.executeCommand('npyViewer.openMember', uri, 'arr_0');
    const state = await waitForState(uri, 'compressed arr_0 rendered', (s) => s.view?.member === 'arr_0' && hasRendered(s));
    assertRenderedMatches(state, expected()['members.npz'].arr_0_texts);
  });

  test('a corrupt file opens the editor with a message naming the file', async () => {
    const uri = fixture('corrupt.npy');
    const input = await openViewer(uri);
    assert.strictEqual(input.viewType, VIEW_TYPE);
    const state = await waitForState(uri, 'an error message', (s) => !!s.error);
    assert.match(state.error!, /corrupt\.npy/);
    assert.strictEqual(state.rendered?.rows.length ?? 0, 0, 'no grid next to the error');
  });

  test('rewriting the file on disk reloads the view', async () => {
    const dir = tempDir();
    // Glob characters in the name must not stop the watcher from matching it.
    const file = path.join(dir, 'changing [1] {a}*.npy');
    fs.copyFileSync(fixture('small.npy').fsPath, file);
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    await waitForState(uri, 'first content', (s) => hasRendered(s) && s.rendered!.texts[0][0].trim() === '-50');
    await vscode.commands.executeCommand('npyViewer.goTo', 1, 2);
    const cell = { row0: 1, col0: 2, row1: 1, col1: 2 };
    await waitForState(uri, 'cell 1,2 selected', (s) => JSON.stringify(s.selection) === JSON.stringify(cell));
    // A script rewrites it with other values (the members' arr_0: 0 1 2 / 3 4 5).
    fs.copyFileSync(fixture('members.arr_0.expected.npy').fsPath, file);
    const state = await waitForState(uri, 'reloaded content', (s) => hasRendered(s) && s.rendered!.texts[0][0].trim() === '0');
    assertRenderedMatches(state, expected()['members.npz'].arr_0_texts);
    assert.deepStrictEqual(state.selection, cell, 'the selection survives the reload');
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('settings changes reach the viewer', async () => {
    const uri = fixture('small.npy');
    await openViewer(uri);
    await waitForState(uri, 'rendered', hasRendered);
    const cfg = vscode.workspace.getConfiguration('npyViewer');
    await cfg.update('precision', 3, vscode.ConfigurationTarget.Global);
    try {
      await waitForState(uri, 'precision 3 in the toolbar', (s) => s.format?.precision === 3);
    } finally {
      await cfg.update('precision', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('switching to another tab and back keeps the selection', async () => {
    const uri = fixture('small.npy');
    await openViewer(uri);
    await waitForState(uri, 'rendered', hasRendered);
    await vscode.commands.executeCommand('npyViewer.goTo', 4, 3);
    const cell = { row0: 4, col0: 3, row1: 4, col1: 3 };
    await waitForState(uri, 'cell 4,3 selected', (s) => JSON.stringify(s.selection) === JSON.stringify(cell));
    // The hidden webview is destroyed (no retainContextWhenHidden) and rebuilt from the saved state.
    await openViewer(fixture('grid.npy'));
    await openViewer(uri);
    const state = await waitForState(uri, 'restored view', (s) => hasRendered(s) && JSON.stringify(s.selection) === JSON.stringify(cell));
    assertRenderedMatches(state, expected()['small.npy'].texts);
  });

  test('a file on another file system (no ranged reads) opens and renders', async () => {
    const fsReg = vscode.workspace.registerFileSystemProvider('npytest', new ReadOnlyMemFs({
      '/small.npy': fs.readFileSync(fixture('small.npy').fsPath),
    }), { isReadonly: true });
    try {
      const uri = vscode.Uri.parse('npytest:/small.npy');
      await openViewer(uri);
      const state = await waitForState(uri, 'rendered from npytest:', hasRendered);
      assertRenderedMatches(state, expected()['small.npy'].texts);
    } finally {
      await closeAllEditors();
      fsReg.dispose();
    }
  });

  test('a large file on another file system is refused with a message, not read whole', async () => {
    const mem = new ReadOnlyMemFs({}, { '/big.npy': 600 * 2 ** 20 });
    const fsReg = vscode.workspace.registerFileSystemProvider('npytest', mem, { isReadonly: true });
    try {
      const uri = vscode.Uri.parse('npytest:/big.npy');
      await openViewer(uri);
      const state = await waitForState(uri, 'an error message', (s) => !!s.error);
      assert.match(state.error!, /big\.npy/);
      assert.match(state.error!, /600 MiB.*"npytest:".*512 MiB/);
      assert.deepStrictEqual(mem.reads, [], 'the file was not read');
    } finally {
      await closeAllEditors();
      fsReg.dispose();
    }
  });

  test('Go to Cell moves a large array to the cell and selects it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tall.npy');
    writeRange(file, 300000);
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    await waitForState(uri, 'first rows', (s) => hasRendered(s) && s.rendered!.texts[0][0].trim() === '0');
    assert.ok(await vscode.commands.executeCommand('npyViewer.goTo', 250001, 0));
    const state = await waitForState(uri, 'row 250001 shown', (s) => hasRendered(s) && s.rendered!.rows.includes(250001));
    const i = state.rendered!.rows.indexOf(250001);
    assert.strictEqual(state.rendered!.texts[i][0].trim(), '250001');
    assert.deepStrictEqual(state.selection, { row0: 250001, col0: 0, row1: 250001, col1: 0 });
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a 4 GiB .npy opens at once and jumps to its last row (sparse file, only pages are read)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'huge.npy');
    const rows = 2 ** 25; // × 16 float64 = 4 GiB of data
    writeSparseHuge(file, rows, 16);
    const uri = vscode.Uri.file(file);
    // The test runs in the extension host: reading the 4 GiB whole would show in its memory.
    const rss0 = process.memoryUsage().rss;
    await openViewer(uri);
    const first = await waitForState(uri, 'first page', (s) => hasRendered(s) && s.rendered!.rows[0] === 0 && s.rendered!.texts[0][3].trim() !== '');
    assert.strictEqual(parseFloat(first.rendered!.texts[0][3]), 3.25);
    assert.ok(await vscode.commands.executeCommand('npyViewer.goTo', rows - 1, 15));
    const last = await waitForState(uri, 'last row shown', (s) => {
      if (!hasRendered(s)) return false;
      const i = s.rendered!.rows.indexOf(rows - 1);
      const j = s.rendered!.cols.indexOf(15);
      return i >= 0 && j >= 0 && s.rendered!.texts[i][j].trim() !== '';
    });
    const i = last.rendered!.rows.indexOf(rows - 1);
    const j = last.rendered!.cols.indexOf(15);
    assert.strictEqual(parseFloat(last.rendered!.texts[i][j]), -15.5);
    assert.deepStrictEqual(last.selection, { row0: rows - 1, col0: 15, row1: rows - 1, col1: 15 });
    const grewMb = (process.memoryUsage().rss - rss0) / 2 ** 20;
    assert.ok(grewMb < 256, `the extension host grew by ${grewMb.toFixed(0)} MB`);
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * A C-order float64 .npy of shape (rows, cols) as a sparse file (no disk used): the first row holds
 * c + 0.25 and the last row -(c + 0.5); everything else reads as zeros.
 */
function writeSparseHuge(file: string, rows: number, cols: number): void {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  pre.writeUInt16LE(header.length, 8);
  const start = pre.length + header.length;
  const row = (f: (c: number) => number): Buffer => {
    const b = Buffer.alloc(cols * 8);
    for (let c = 0; c < cols; c++) b.writeDoubleLE(f(c), c * 8);
    return b;
  };
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, Buffer.concat([pre, Buffer.from(header, 'latin1'), row((c) => c + 0.25)]), 0, undefined, 0);
    fs.writeSync(fd, row((c) => -(c + 0.5)), 0, undefined, start + (rows - 1) * cols * 8);
  } finally {
    fs.closeSync(fd);
  }
}

/** A 1-D little-endian int32 .npy holding 0..n-1 (written here: no need to commit megabytes). */
function writeRange(file: string, n: number): void {
  let header = `{'descr': '<i4', 'fortran_order': False, 'shape': (${n},), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  pre.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) data.writeInt32LE(i, i * 4);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), data]));
}

/** A read-only in-memory file system: a URI scheme without local paths. */
class ReadOnlyMemFs implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** Paths read with readFile. */
  readonly reads: string[] = [];
  /** `sizes`: files that only have a size (reading them fails). */
  constructor(private readonly files: Record<string, Uint8Array>, private readonly sizes: Record<string, number> = {}) {}
  private file(uri: vscode.Uri): Uint8Array {
    const f = this.files[uri.path];
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const size = this.sizes[uri.path] ?? this.file(uri).length;
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...Object.keys(this.files), ...Object.keys(this.sizes)].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  readFile(uri: vscode.Uri): Uint8Array {
    this.reads.push(uri.path);
    return this.file(uri);
  }
  createDirectory(): void { throw vscode.FileSystemError.NoPermissions(); }
  writeFile(): void { throw vscode.FileSystemError.NoPermissions(); }
  delete(): void { throw vscode.FileSystemError.NoPermissions(); }
  rename(): void { throw vscode.FileSystemError.NoPermissions(); }
}
