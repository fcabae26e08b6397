/** Helpers shared by the viewer, tree and export suites (real VS Code, public API + test commands). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WebviewSnapshot } from '../../src/shared/protocol';

/** Compiled tests live in <repo>/out/test/integration. */
export const REPO = path.resolve(__dirname, '..', '..', '..');
/** The fixtures: in the workspace the runner opened (a copy of test/integration/workspace), else the repo's. */
export const ARRAYS = ((): string => {
  const ws = vscode.workspace.workspaceFolders?.[0];
  const inWs = ws && path.join(ws.uri.fsPath, 'arrays');
  return inWs && fs.existsSync(inWs) ? inWs : path.join(REPO, 'test', 'integration', 'workspace', 'arrays');
})();
export const VIEW_TYPE = 'npyViewer.editor';

export function fixture(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(ARRAYS, name));
}

/** NumPy's answers for the workspace arrays (written by workspace/arrays/make_fixtures.py). */
export interface Expected {
  'small.npy': { shape: number[]; dtype: string; texts: string[][] };
  /** printf's %.35f, %.40f and %.0f of grid.npy and of members.npz's sin_array (settings test). */
  'grid.npy': { fixed35: string[][]; fixed40: string[][]; fixed0: string[][] };
  'members.npz': {
    members: Record<string, { shape: number[]; dtype: string }>;
    arr_0_texts: string[][];
    sin_array_fixed35: string[][];
    sin_array_fixed40: string[][];
    sin_array_fixed0: string[][];
  };
}

export function expected(): Expected {
  return JSON.parse(fs.readFileSync(path.join(ARRAYS, 'expected.json'), 'utf8'));
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'npyviewer-it-'));
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * How long a wait gives up after by default: generous, because CI runs the suite on 2 loaded cores
 * where a webview can take over 10 s to start (a wait ends as soon as its condition holds).
 */
export const WAIT_MS = 60000;

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = WAIT_MS): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e instanceof Error ? e.message : e; // an Error would stringify as {}
    }
    if (Date.now() > end) assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(100);
  }
}

/** Opens `uri` in the NumPy viewer and waits until its tab is the active one. */
export async function openViewer(uri: vscode.Uri): Promise<vscode.TabInputCustom> {
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  return waitFor(`the viewer tab of ${uri.fsPath}`, () => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputCustom && input.uri.toString() === uri.toString() ? input : undefined;
  });
}

export function webviewState(uri?: vscode.Uri): Thenable<WebviewSnapshot | undefined> {
  return vscode.commands.executeCommand<WebviewSnapshot | undefined>('npyViewer.test.getWebviewState', uri);
}

/** Waits until the viewer of `uri` reports a state that satisfies `ok`. */
export function waitForState(uri: vscode.Uri, what: string, ok: (s: WebviewSnapshot) => boolean, timeoutMs = WAIT_MS): Promise<WebviewSnapshot> {
  let last: WebviewSnapshot | undefined;
  return waitFor(what, async () => {
    const s = await webviewState(uri);
    last = s;
    return s && ok(s) ? s : undefined;
  }, timeoutMs).catch((e: Error) => {
    throw new Error(`${e.message}; last state: ${JSON.stringify(last)}`);
  });
}

/** Rendered cells have arrived (none still loading). */
export function hasRendered(s: WebviewSnapshot): boolean {
  return !!s.rendered && s.rendered.rows.length > 0 && !s.loading && s.rendered.texts.every((r) => r.every((t) => t !== ''));
}

/** Every rendered cell equals the text NumPy gives for it, and the top-left block is all there. */
export function assertRenderedMatches(s: WebviewSnapshot, texts: string[][]): void {
  const r = s.rendered!;
  assert.ok(r.rows.includes(0) && r.cols.includes(0), `rendered window starts at 0,0: ${JSON.stringify(r)}`);
  const rows = Math.min(texts.length, r.rows.length);
  assert.ok(rows >= Math.min(texts.length, 2), 'at least two rows rendered');
  r.rows.forEach((row, i) => r.cols.forEach((col, j) => {
    if (row < texts.length && col < texts[row].length) {
      assert.strictEqual(r.texts[i][j].trim(), texts[row][col], `cell [${row}, ${col}]`);
    }
  }));
  for (let row = 0; row < texts.length; row++) {
    if (!r.rows.includes(row)) continue;
    for (let col = 0; col < texts[row].length; col++) assert.ok(r.cols.includes(col), `column ${col} rendered`);
  }
}

/**
 * Every rendered cell that the expected texts cover equals its text, starting at cell [0, 0].
 * (40-digit cells are wide: in half an editor only the first column or two are on screen.)
 */
export function assertCellsMatch(s: WebviewSnapshot, texts: string[][]): number {
  const r = s.rendered!;
  assert.ok(r.rows.includes(0) && r.cols.includes(0), `rendered window starts at 0,0: ${JSON.stringify(r)}`);
  let compared = 0;
  r.rows.forEach((row, i) => r.cols.forEach((col, j) => {
    if (row < texts.length && col < texts[row].length) {
      assert.strictEqual(r.texts[i][j].trim(), texts[row][col], `cell [${row}, ${col}]`);
      compared++;
    }
  }));
  return compared;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Does what a user does with the real keyboard, in the workbench (the runner does it: see
 * userActions in test/tools/run-integration.js): 'press' a key or chord where the focus is, or
 * type into the 'quickinput' box when it shows and press Enter. Returns at once: wait for the effect.
 */
export function userInput(action: 'press' | 'quickinput', arg: string): void {
  console.log(`npy-it:${action} ${arg}`);
}

/** What the NumPy Arrays view lists (npyViewer.test.getTreeItems). */
export interface TreeSnapshot {
  document?: string;
  filter: string;
  revealError?: string;
  visible?: boolean;
  items: { label: string; description?: string; tooltip?: string; contextValue?: string; icon?: string; command?: vscode.Command; selected: boolean }[];
}

export function treeItems(): Thenable<TreeSnapshot> {
  return vscode.commands.executeCommand<TreeSnapshot>('npyViewer.test.getTreeItems');
}

/** Waits until the NumPy Arrays view lists the members of `uri`. */
export function treeOf(uri: vscode.Uri): Promise<TreeSnapshot> {
  return waitFor(`the tree to list ${uri.fsPath}`, async () => {
    const t = await treeItems();
    return t.document === uri.toString() && t.items.length > 0 ? t : undefined;
  });
}
