// Smoke test of the whole chain in a real VS Code: the extension loads (from the repo or from the
// installed .vsix, see NPY_IT_MODE set by test/tools/run-integration.js), activates, and its custom
// editor opens a .npy from the workspace and renders NumPy's values in the webview.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { VIEW_TYPE, waitFor } from './viewerUtil';

/** The first open in a fresh VS Code starts the webview machinery: allow it more than other waits. */
const SLOW_START_MS = 20000;

const EXTENSION_ID = 'npy-viewer.npy-viewer';

/** The workspace folder the runner opened (a temp copy of test/integration/workspace). */
function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

interface RenderedState {
  error?: string;
  loading?: boolean;
  rendered?: { rows: number[]; cols: number[]; texts: string[][] };
}

suite('smoke', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);

    // Make sure the run tests what it claims to: the repo itself, or the copy installed from the .vsix.
    const repo = process.env.NPY_IT_REPO;
    if (process.env.NPY_IT_MODE === 'vsix') {
      assert.ok(repo && path.resolve(ext.extensionPath) !== path.resolve(repo), `installed copy, not the repo: ${ext.extensionPath}`);
      assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'src')), 'the .vsix carries no sources');
    } else if (process.env.NPY_IT_MODE === 'dev') {
      assert.strictEqual(path.resolve(ext.extensionPath), path.resolve(repo ?? ''));
    }
    assert.ok(fs.existsSync(path.join(ext.extensionPath, ext.packageJSON.main)), 'the bundled entry point exists');
  });

  test('the custom editor is contributed for .npy, .npz, .safetensors and sharded indexes (not every .json)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const editors: { viewType: string; selector: { filenamePattern: string }[] }[] = ext.packageJSON.contributes?.customEditors ?? [];
    const editor = editors.find((e) => e.viewType === VIEW_TYPE);
    assert.ok(editor, `customEditors contains ${VIEW_TYPE}`);
    assert.deepStrictEqual(editor.selector.map((s) => s.filenamePattern).sort(), ['*.npy', '*.npz', '*.safetensors', '*.safetensors.index.json']);
  });

  test('vscode.openWith opens a .npy in the viewer and the webview shows NumPy\'s values', async () => {
    const expected = JSON.parse(fs.readFileSync(workspaceFile('smoke/expected.json').fsPath, 'utf8'))['grid.npy'];
    const uri = workspaceFile('smoke/grid.npy');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);

    const input = await waitFor('the viewer tab', () => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return i instanceof vscode.TabInputCustom && i.uri.toString() === uri.toString() ? i : undefined;
    }, SLOW_START_MS);
    assert.strictEqual(input.viewType, VIEW_TYPE);

    // The webview reports what it rendered through a test-only command of the extension.
    const state = await waitFor('rendered cells', async () => {
      const s = await vscode.commands.executeCommand<RenderedState | undefined>('npyViewer.test.getWebviewState', uri);
      if (s?.error) throw new Error(`the viewer shows an error: ${s.error}`);
      return s?.rendered && s.rendered.rows.length > 0 && !s.loading ? s : undefined;
    }, SLOW_START_MS);
    const r = state.rendered!;
    assert.ok(r.rows.includes(0) && r.cols.includes(0), `rendering starts at the top-left cell: ${JSON.stringify(r)}`);
    r.rows.forEach((row, i) => r.cols.forEach((col, j) => {
      assert.ok(row < expected.shape[0] && col < expected.shape[1], `cell ${row},${col} is inside the ${expected.shape} array`);
      assert.strictEqual(r.texts[i][j].trim(), expected.text[row][col], `cell ${row},${col}`);
    }));
  });

  test('a .npz opens in the viewer too', async () => {
    const uri = workspaceFile('smoke/pair.npz');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    await waitFor('the .npz viewer tab', () => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return i instanceof vscode.TabInputCustom && i.uri.toString() === uri.toString() && i.viewType === VIEW_TYPE;
    }, SLOW_START_MS);
    const state = await waitFor('the .npz viewer to render', async () => {
      const s = await vscode.commands.executeCommand<RenderedState | undefined>('npyViewer.test.getWebviewState', uri);
      if (s?.error) throw new Error(`the viewer shows an error: ${s.error}`);
      return s?.rendered && s.rendered.rows.length > 0 && !s.loading ? s : undefined;
    }, SLOW_START_MS);
    assert.ok(state.rendered!.texts.flat().some((t) => t.trim() !== ''), 'some cell text is shown');
  });
});
