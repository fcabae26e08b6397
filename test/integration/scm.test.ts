/**
 * Source control in a real VS Code: a git repository in the test workspace with a committed .npy
 * (NumPy-written compare_a.npy) changed in the working copy (compare_b.npy). git.openChange, as
 * a click in the Source Control view runs it, must show both versions in our viewer (the left
 * one read through git's file system), and the one-click comparison must give NumPy's answers.
 * Also "Compare with…" on a sidebar member, the other side picked in the quick pick.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ComparePanelState } from '../../src/shared/compare';
import { ARRAYS, closeAllEditors, fixture, hasRendered, openViewer, userInput, VIEW_TYPE, waitFor, waitForState } from './viewerUtil';

interface Expected { compared: number; mismatches: number; max_abs: string; max_rel: string; first: number[][] }
interface ViewerInfo { uri: string; visible: boolean; active: boolean; viewColumn?: number; error?: string }
interface GitRepository { status(): Promise<void>; state: { workingTreeChanges: { uri: vscode.Uri }[] } }
interface GitApi { openRepository(root: vscode.Uri): Promise<GitRepository | null>; toGitUri(uri: vscode.Uri, ref: string): vscode.Uri }

const expectedComparison = (): Expected => JSON.parse(fs.readFileSync(path.join(ARRAYS, 'expected.json'), 'utf8')).compare['rtol=1e-05'];
const viewers = (): Thenable<ViewerInfo[]> => vscode.commands.executeCommand<ViewerInfo[]>('npyViewer.test.getViewers');
const panelState = (): Thenable<ComparePanelState | undefined> => vscode.commands.executeCommand<ComparePanelState | undefined>('npyViewer.test.getCompareState');

/** Runs git in `dir` as the tests' committer; its output. */
function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=npy-viewer tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
}

function waitForResult(): Promise<ComparePanelState> {
  return waitFor('the comparison result', async () => {
    const s = await panelState();
    return s && s.results >= 1 && s.status !== 'running' ? s : undefined;
  }, 60000);
}

/** The panel's summary row shows NumPy's ~np.isclose count, max |a-b|, max |a-b|/|b| and argwhere's first indices. */
function assertNumPy(s: ComparePanelState, k: number, what: string): void {
  const want = expectedComparison();
  const row = s.pairs[k];
  assert.strictEqual(row.compared, want.compared.toLocaleString('en-US'), `${what}: compared`);
  assert.strictEqual(row.mismatches, String(want.mismatches), `${what}: mismatches`);
  assert.strictEqual(row.maxAbs, want.max_abs, `${what}: max abs`);
  assert.strictEqual(row.maxRel, want.max_rel, `${what}: max rel`);
  assert.deepStrictEqual(s.first[k].map((r) => r[0]), want.first.map((i) => `[${i.join(', ')}]`), `${what}: first mismatches`);
}

suite('scm: .npy versions from Source Control', function () {
  this.timeout(240000);
  let file: vscode.Uri;
  let gitApi: GitApi;

  suiteSetup(async function () {
    this.timeout(120000);
    const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(ext, 'the built-in git extension is installed in the test profile');
    const exports = ext.isActive ? ext.exports : await ext.activate();
    assert.ok(exports.enabled, 'the built-in git extension is enabled');
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'a workspace folder is open');
    const dir = fs.mkdtempSync(path.join(ws.uri.fsPath, 'scm-repo-'));
    const git = (...args: string[]): void => void gitIn(dir, ...args);
    const target = path.join(dir, 'data.npy');
    git('init', '-q');
    fs.copyFileSync(path.join(ARRAYS, 'compare_a.npy'), target);
    git('add', 'data.npy');
    git('commit', '-q', '-m', 'golden');
    fs.copyFileSync(path.join(ARRAYS, 'compare_b.npy'), target);
    file = vscode.Uri.file(target);
    gitApi = exports.getAPI(1);
    const repo = await gitApi.openRepository(vscode.Uri.file(dir));
    assert.ok(repo, 'git opened the repository');
    await waitFor('git to list data.npy as changed', async () => {
      await repo.status();
      return repo.state.workingTreeChanges.some((c) => c.uri.fsPath === file.fsPath);
    }, 60000);
  });
  teardown(() => closeAllEditors());

  test('git.openChange shows both versions in our viewer; Compare the Two Versions gives NumPy\'s answer', async () => {
    await vscode.commands.executeCommand('git.openChange', file);
    const sides = await waitFor('a viewer on each side of the diff', async () => {
      const v = await viewers();
      const left = v.find((x) => x.uri.startsWith('git:'));
      const right = v.find((x) => x.uri === file.toString());
      return left && right && left.visible && right.visible ? { left, right } : undefined;
    }, 60000);
    assert.strictEqual(sides.left.viewColumn, sides.right.viewColumn, 'both sides in one editor group (one diff editor)');
    assert.strictEqual(sides.left.error, undefined, 'the git: version opens');
    assert.strictEqual(vscode.Uri.parse(sides.left.uri).path, file.path, 'the left side is a version of data.npy');
    // The diff is not a text diff of binary bytes: no text editor shows the file.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab && !(tab.input instanceof vscode.TabInputTextDiff) && !(tab.input instanceof vscode.TabInputText), `tab input: ${tab?.input?.constructor.name}`);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.path === file.path), 'no text editor on data.npy');

    // Both render; the committed version shows compare_a's values, the working copy compare_b's.
    const leftUri = vscode.Uri.parse(sides.left.uri);
    const l = await waitForState(leftUri, 'the git: side rendered', hasRendered, 30000);
    const r = await waitForState(file, 'the working side rendered', hasRendered, 30000);
    const cell = (s: typeof l, row: number, col: number): string => s.rendered!.texts[s.rendered!.rows.indexOf(row)][s.rendered!.cols.indexOf(col)];
    assert.notStrictEqual(cell(l, 1, 2), cell(r, 1, 2), 'element [1, 2] differs between the versions');

    const result = await vscode.commands.executeCommand<{ same: boolean } | undefined>('npyViewer.compareVersions', leftUri);
    assert.strictEqual(result?.same, false);
    const s = await waitForResult();
    assert.strictEqual(s.status, 'different', s.verdict);
    assertNumPy(s, 0, 'index version vs working copy');

    // The committed side shows what NumPy wrote in compare_a.npy (the same cells as a viewer of it).
    await closeAllEditors();
    await openViewer(fixture('compare_a.npy'));
    const golden = await waitForState(fixture('compare_a.npy'), 'compare_a.npy rendered', hasRendered, 30000);
    assert.strictEqual(cell(golden, 1, 2), cell(l, 1, 2));
  });

  test('a diff of HEAD and the file (as a Timeline entry opens it): the one-click comparison from the active side', async () => {
    const head = gitApi.toGitUri(file, 'HEAD');
    await vscode.commands.executeCommand('vscode.diff', head, file, 'data.npy (HEAD ↔ working)');
    await waitFor('a viewer on each side', async () => {
      const v = await viewers();
      return v.some((x) => x.uri === head.toString() && x.visible) && v.some((x) => x.uri === file.toString() && x.visible);
    }, 60000);
    await waitForState(head, 'the HEAD side rendered', hasRendered, 30000);
    // No argument: the command takes the active viewer and finds the other side of its diff.
    const result = await vscode.commands.executeCommand<{ same: boolean } | undefined>('npyViewer.compareVersions');
    assert.strictEqual(result?.same, false);
    const s = await waitForResult();
    assertNumPy(s, 0, 'HEAD vs working copy (A = HEAD, whichever side is active)');
  });

  test('a diff of two commits (as the Timeline opens it): A is its left side, as its title says, either way round', async () => {
    const dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'scm-history-'));
    const target = path.join(dir, 'data.npy');
    gitIn(dir, 'init', '-q');
    fs.copyFileSync(path.join(ARRAYS, 'compare_a.npy'), target);
    gitIn(dir, 'add', 'data.npy');
    gitIn(dir, 'commit', '-q', '-m', 'a');
    const older = gitIn(dir, 'rev-parse', 'HEAD').trim();
    fs.copyFileSync(path.join(ARRAYS, 'compare_b.npy'), target);
    gitIn(dir, 'commit', '-q', '-a', '-m', 'b');
    const newer = gitIn(dir, 'rev-parse', 'HEAD').trim();
    assert.ok(await gitApi.openRepository(vscode.Uri.file(dir)), 'git opened the repository');
    const compare = async (left: string, right: string): Promise<ComparePanelState> => {
      await closeAllEditors();
      const l = gitApi.toGitUri(vscode.Uri.file(target), left);
      const r = gitApi.toGitUri(vscode.Uri.file(target), right);
      // The title the git extension's Timeline gives a diff of two commits.
      await vscode.commands.executeCommand('vscode.diff', l, r, `data.npy (${left.slice(0, 8)}) \u2194 data.npy (${right.slice(0, 8)})`);
      await waitForState(l, 'the left side rendered', hasRendered, 30000);
      await waitForState(r, 'the right side rendered', hasRendered, 30000);
      const result = await vscode.commands.executeCommand<{ same: boolean } | undefined>('npyViewer.compareVersions');
      assert.strictEqual(result?.same, false);
      return waitForResult();
    };
    const forward = await compare(older, newer);
    assertNumPy(forward, 0, 'the older commit (compare_a, left) vs the newer (compare_b)');
    const backward = await compare(newer, older);
    assert.deepStrictEqual(backward.first[0].map(([at, a, b]) => [at, b, a]), forward.first[0], 'the newer commit on the left is A');
  });

  test('Compare with HEAD on the working file reads HEAD through git and gives NumPy\'s answer', async () => {
    const result = await vscode.commands.executeCommand<{ same: boolean } | undefined>('npyViewer.compareWithHead', file);
    assert.strictEqual(result?.same, false);
    const s = await waitForResult();
    assertNumPy(s, 0, 'HEAD vs working copy');
  });

  test('Compare with… on a sidebar member: the other archive\'s member picked in the quick pick', async () => {
    const a = fixture('compare_a.npz');
    const b = fixture('compare_b.npz');
    await openViewer(a);
    await waitForState(a, 'compare_a.npz rendered', hasRendered, 30000);
    // The other archive open beside it (its viewer has read the member list the pick shows).
    await vscode.commands.executeCommand('vscode.openWith', b, VIEW_TYPE, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    await waitForState(b, 'compare_b.npz rendered', hasRendered, 30000);
    // What the member's context menu passes: its tree item (the archive's URI and the member's summary).
    const running = vscode.commands.executeCommand<{ same: boolean; pairs: { name: string }[] } | undefined>(
      'npyViewer.compareWith', { uri: a, summary: { name: 'x' } });
    userInput('quickinput', 'member of compare_b');
    const result = await running;
    assert.ok(result, 'the pick was taken and the comparison ran');
    assert.deepStrictEqual(result.pairs.map((p) => p.name), ['x'], 'only member x is compared');
    const s = await waitForResult();
    assertNumPy(s, 0, 'member x');
    assert.deepStrictEqual([s.onlyInA, s.onlyInB], [[], []]);
  });
});
