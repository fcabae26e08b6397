/**
 * What the user is told and asked around Export to Text and Save As, in a real VS Code: the
 * notification after a write (its text, Open, Reveal in Explorer), failures that say why before
 * where, the numbered dialog steps with each member's shape and dtype, and N-D arrays.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, fixture, openViewer, tempDir, waitFor, waitForState } from './viewerUtil';

interface WriteResult { status: string; target?: vscode.Uri; message?: string }
interface Notice { severity: 'info' | 'error'; message: string; actions: string[] }
interface ShownStep {
  kind: 'pick' | 'input'; title: string; step?: number; totalSteps?: number; placeholder?: string; prompt?: string; value?: string;
  items?: { label: string; description?: string }[];
}

const lastNotice = (): Thenable<Notice | undefined> => vscode.commands.executeCommand<Notice | undefined>('npyViewer.test.lastNotice');
const choose = (title: string): Thenable<boolean> => vscode.commands.executeCommand<boolean>('npyViewer.test.chooseNoticeAction', title);
const currentStep = (): Thenable<ShownStep | undefined> => vscode.commands.executeCommand<ShownStep | undefined>('npyViewer.test.currentStep');

/** The dialog step on screen once it is the `n`th. */
function stepShown(n: number): Promise<ShownStep> {
  return waitFor(`dialog step ${n}`, async () => {
    const s = await currentStep();
    return s && s.step === n ? s : undefined;
  });
}

async function accept(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

async function dismiss(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
}

/** A C-order int32 .npy of `shape` (element i = i). */
function writeI4(file: string, shape: number[]): void {
  let header = `{'descr': '<i4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1; pre[7] = 0; pre.writeUInt16LE(header.length, 8);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) data.writeInt32LE(i, i * 4);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), data]));
}

suite('notices: feedback after Export and Save As, and the export dialog', function () {
  this.timeout(120000);
  let dir: string;
  setup(() => { dir = tempDir(); });
  teardown(async () => {
    await dismiss();
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('Export to Text says how many rows went to which file, and Open shows the text', async () => {
    const target = vscode.Uri.file(path.join(dir, 'grid.csv'));
    const res = await vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', fixture('grid.npy'), { delimiter: ',', target });
    assert.strictEqual(res.status, 'written', res.message);
    const n = await lastNotice();
    assert.strictEqual(n?.severity, 'info');
    assert.strictEqual(n?.message, 'Saved 5 rows to grid.csv');
    // Outside the workspace: the Explorer view cannot show it; the OS file manager only on a desktop.
    assert.strictEqual(n?.actions[0], 'Open');
    if (vscode.env.uiKind === vscode.UIKind.Web) assert.deepStrictEqual(n?.actions, ['Open']);
    assert.ok(await choose('Open'));
    await waitFor('the text in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === target.fsPath);
    assert.strictEqual(vscode.window.activeTextEditor!.document.getText(), fs.readFileSync(target.fsPath, 'utf8'));
  });

  test('Save As names the .npy and its size, and Open shows it in the NumPy viewer', async () => {
    const target = vscode.Uri.file(path.join(dir, 'arr_0.npy'));
    const res = await vscode.commands.executeCommand<WriteResult>('npyViewer.saveAs', fixture('members.npz'), { member: 'arr_0', target });
    assert.strictEqual(res.status, 'written', res.message);
    const size = fs.statSync(target.fsPath).size;
    assert.ok(size < 1024);
    const n = await lastNotice();
    assert.strictEqual(n?.message, `Saved arr_0.npy (${size} B)`);
    assert.ok(await choose('Open'));
    await waitFor('the .npy in the NumPy viewer', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.viewType === 'npyViewer.editor' && input.uri.fsPath === target.fsPath;
    });
    await waitForState(target, 'the saved array shown', (s) => !!s.rendered && s.rendered.rows.length === 2);
  });

  test('a file written into the workspace offers Reveal in Explorer', async () => {
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'a workspace folder is open');
    const folder = fs.mkdtempSync(path.join(ws.uri.fsPath, 'notice-'));
    try {
      const target = vscode.Uri.file(path.join(folder, 'small.txt'));
      const res = await vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', fixture('small.npy'), { fmt: '%d', target });
      assert.strictEqual(res.status, 'written', res.message);
      const n = await lastNotice();
      assert.strictEqual(n?.message, 'Saved 6 rows to small.txt');
      assert.deepStrictEqual(n?.actions, ['Open', 'Reveal in Explorer']);
      assert.ok(await choose('Reveal in Explorer'));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a failed write says the reason first and the shortened path after it', async () => {
    const deep = path.join(dir, ...Array<string>(4).fill('a-folder-with-a-rather-long-name-that-is-not-there'), 'out.csv');
    const res = await vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', fixture('grid.npy'), { target: vscode.Uri.file(deep) });
    assert.strictEqual(res.status, 'failed');
    assert.strictEqual(res.message, 'no such directory');
    const n = await lastNotice();
    assert.strictEqual(n?.severity, 'error');
    assert.ok(n!.message.startsWith('Export failed: no such directory — '), n!.message);
    const where = n!.message.slice('Export failed: no such directory — '.length);
    assert.ok(where.length <= 60 && where.includes('…') && where.endsWith('/out.csv'), where);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  test('a file that cannot be read: Export and Save As say why, then which file', async () => {
    for (const [command, words] of [['npyViewer.exportText', 'Export failed: '], ['npyViewer.saveAs', 'Save As failed: ']] as const) {
      const res = await vscode.commands.executeCommand<WriteResult>(command, fixture('corrupt.npy'), { target: vscode.Uri.file(path.join(dir, 'x.npy')) });
      assert.strictEqual(res.status, 'failed');
      const n = await lastNotice();
      assert.strictEqual(n?.severity, 'error');
      assert.ok(res.message && n!.message.startsWith(`${words}${res.message}`), n!.message);
      assert.ok(n!.message.includes('corrupt.npy'), n!.message);
    }
  });

  test('the export dialog numbers its steps from the first and shows each member\'s shape and dtype', async () => {
    let done = false;
    const running = vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', fixture('members.npz'), {})
      .then((r) => { done = true; return r; });
    const first = await waitFor('the member step with every header read', async () => {
      const s = await currentStep();
      return s?.step === 1 && s.items?.every((i) => i.description && i.description !== '…') ? s : undefined;
    });
    assert.strictEqual(first.totalSteps, 5);
    assert.deepStrictEqual(first.items!.map((i) => [i.label, i.description]).sort(), [
      ['arr_0', '(2, 3) int32'], ['grid', '(5, 4) float64'], ['labels', '(3,) <U4'], ['sin_array', '(7,) float64'],
    ]);
    await accept();
    const second = await stepShown(2);
    assert.strictEqual(second.totalSteps, 5);
    assert.ok(second.items?.some((i) => /Whole array/.test(i.label)), JSON.stringify(second));
    await accept();
    const third = await stepShown(3);
    assert.strictEqual(third.totalSteps, 5);
    assert.ok(third.items?.some((i) => i.label === 'Comma'), JSON.stringify(third));
    await dismiss();
    assert.strictEqual((await running).status, 'dismissed');
    assert.ok(done);
  });

  test('N-D: the step says why the whole array is not offered, and offers the viewer\'s 2-D view or the first 2-D slice', async () => {
    const file = path.join(dir, 'cube.npy');
    writeI4(file, [3, 4, 5]);
    const uri = vscode.Uri.file(file);
    // From the Explorer (no viewer): an index expression, starting as the first 2-D slice.
    const fromMenu = vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', uri, {});
    const input = await stepShown(1);
    assert.strictEqual(input.kind, 'input');
    assert.strictEqual(input.totalSteps, 4);
    assert.match(input.prompt ?? '', /3-D.*\(3, 4, 5\).*numpy\.savetxt writes only 1-D and 2-D/);
    assert.strictEqual(input.value, '0, :, :');
    await dismiss();
    assert.strictEqual((await fromMenu).status, 'dismissed');

    // From the viewer: its current 2-D view, and no "Whole array".
    await openViewer(uri);
    await waitForState(uri, 'the cube shown', (s) => !!s.view);
    const fromViewer = vscode.commands.executeCommand<WriteResult>('npyViewer.exportText', undefined, {});
    const pick = await stepShown(1);
    assert.strictEqual(pick.kind, 'pick');
    assert.match(pick.placeholder ?? '', /numpy\.savetxt writes only 1-D and 2-D/);
    assert.deepStrictEqual(pick.items!.map((i) => i.label), ['$(eye) Current 2-D view', '$(symbol-operator) Index expression…']);
    await dismiss();
    assert.strictEqual((await fromViewer).status, 'dismissed');
  });
});
