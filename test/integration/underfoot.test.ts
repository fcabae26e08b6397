/**
 * Files that change underfoot, in a real VS Code: a script rewrites, truncates, deletes or
 * replaces a file while the viewer shows it. The viewer reloads keeping its place, or says what
 * happened; it never crashes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { zipSync } from 'fflate';
import { i4, npyBytes, writeI4 } from '../support/viewer-arrays';
import { closeAllEditors, hasRendered, openViewer, tempDir, waitForState } from './viewerUtil';
import type { WebviewSnapshot } from '../../src/shared/protocol';

const ROWS = 3000;
const COLS = 40;
/** int32 (ROWS, COLS): element [r, c] holds base + r * COLS + c. */
const arange = (base: number): Uint8Array => npyBytes(i4, [ROWS, COLS], writeI4((i) => base + i));

/** The rendered text of cell [row, col], if it is on screen. */
function cellText(s: WebviewSnapshot, row: number, col: number): string | undefined {
  const r = s.rendered;
  const i = r?.rows.indexOf(row) ?? -1;
  const j = r?.cols.indexOf(col) ?? -1;
  return r && i >= 0 && j >= 0 ? r.texts[i][j].trim() : undefined;
}

/** A replacement as careful writers do it: a temporary file renamed over the old one (a new inode). */
function replace(file: string, bytes: Uint8Array): void {
  fs.writeFileSync(`${file}.tmp`, bytes);
  fs.renameSync(`${file}.tmp`, file);
}

suite('viewer: files that change underfoot', function () {
  this.timeout(120000);
  let dir: string;
  setup(() => { dir = tempDir(); });
  teardown(async () => {
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `file` and moves to cell [2500, 30] (scrolled down and right, that cell selected). */
  async function openScrolled(uri: vscode.Uri, base: number): Promise<WebviewSnapshot> {
    await openViewer(uri);
    await waitForState(uri, 'first rows', (s) => hasRendered(s) && cellText(s, 0, 0) === String(base));
    assert.ok(await vscode.commands.executeCommand('npyViewer.goTo', 2500, 30));
    return waitForState(uri, 'cell 2500,30 shown and selected', (s) =>
      hasRendered(s) && cellText(s, 2500, 30) === String(base + 2500 * COLS + 30) && s.selection?.row0 === 2500 && s.scrollRow > 0);
  }

  test('rewritten in place (same shape): the grid shows the new values at the same place', async () => {
    const file = path.join(dir, 'weights.npy');
    fs.writeFileSync(file, arange(0));
    const uri = vscode.Uri.file(file);
    const before = await openScrolled(uri, 0);
    fs.writeFileSync(file, arange(500_000)); // as many digits: the columns keep their width
    const after = await waitForState(uri, 'new values after the reload', (s) => hasRendered(s) && cellText(s, 2500, 30) === String(500_000 + 2500 * COLS + 30));
    assert.strictEqual(after.error, undefined);
    assert.deepStrictEqual([after.scrollRow, after.scrollCol], [before.scrollRow, before.scrollCol], 'the scroll position survives');
    assert.deepStrictEqual(after.selection, before.selection, 'the selection survives');
    assert.deepStrictEqual(after.view, before.view, 'the view (slice, axes) survives');
    // Every cell on screen is from the new file: none mixes in old bytes.
    after.rendered!.rows.forEach((row, i) => after.rendered!.cols.forEach((col, j) => {
      assert.strictEqual(after.rendered!.texts[i][j].trim(), String(500_000 + row * COLS + col), `cell [${row}, ${col}]`);
    }));
  });

  test('replaced by a rename, then grown: the view follows each new file', async () => {
    const file = path.join(dir, 'replaced.npy');
    fs.writeFileSync(file, arange(0));
    const uri = vscode.Uri.file(file);
    const before = await openScrolled(uri, 0);
    replace(file, arange(7));
    await waitForState(uri, 'the replacement shown', (s) => hasRendered(s) && cellText(s, 2500, 30) === String(7 + 2500 * COLS + 30));
    // Grown: more rows, same columns (np.save of a longer array). The place still fits.
    fs.writeFileSync(file, npyBytes(i4, [ROWS * 2, COLS], writeI4((i) => 9 + i)));
    const after = await waitForState(uri, 'the grown file shown', (s) => hasRendered(s) && cellText(s, 2500, 30) === String(9 + 2500 * COLS + 30));
    assert.deepStrictEqual([after.scrollRow, after.scrollCol], [before.scrollRow, before.scrollCol]);
  });

  test('truncated: a message, no crash; written again: the grid comes back', async () => {
    const file = path.join(dir, 'truncated.npy');
    fs.writeFileSync(file, arange(0));
    const uri = vscode.Uri.file(file);
    await openScrolled(uri, 0);
    fs.truncateSync(file, 1000);
    const s = await waitForState(uri, 'a message about the truncated file', (st) => !!st.error);
    assert.match(s.error!, /truncated\.npy/);
    assert.strictEqual(s.rendered?.rows.length ?? 0, 0, 'no grid next to the message');
    fs.writeFileSync(file, arange(5));
    const back = await waitForState(uri, 'the grid back', (st) => !st.error && hasRendered(st) && cellText(st, 2500, 30) === String(5 + 2500 * COLS + 30));
    assert.strictEqual(back.error, undefined);
  });

  test('deleted: a message naming the file', async () => {
    const file = path.join(dir, 'deleted.npy');
    fs.writeFileSync(file, arange(0));
    const uri = vscode.Uri.file(file);
    await openScrolled(uri, 0);
    fs.unlinkSync(file);
    const s = await waitForState(uri, 'a message about the deleted file', (st) => !!st.error);
    assert.match(s.error!, /deleted\.npy/);
    assert.match(s.error!, /no such file/);
  });

  test('an .npz replaced by a rename: the member shown stays, with its new values', async () => {
    const file = path.join(dir, 'ckpt.npz');
    const npz = (base: number): Uint8Array => zipSync({ 'bias.npy': npyBytes(i4, [3], writeI4((i) => i)), 'weights.npy': arange(base) }, { level: 0 });
    fs.writeFileSync(file, npz(0));
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    assert.ok(await vscode.commands.executeCommand('npyViewer.openMember', uri, 'weights'));
    await waitForState(uri, 'weights shown', (s) => s.view?.member === 'weights' && hasRendered(s) && cellText(s, 0, 0) === '0');
    assert.ok(await vscode.commands.executeCommand('npyViewer.goTo', 2500, 30));
    const before = await waitForState(uri, 'cell 2500,30 of weights', (s) => hasRendered(s) && cellText(s, 2500, 30) === String(2500 * COLS + 30));
    replace(file, npz(300));
    const after = await waitForState(uri, 'the new weights', (s) => hasRendered(s) && cellText(s, 2500, 30) === String(300 + 2500 * COLS + 30));
    assert.strictEqual(after.view?.member, 'weights');
    assert.deepStrictEqual([after.scrollRow, after.scrollCol], [before.scrollRow, before.scrollCol]);
    fs.unlinkSync(file);
    const gone = await waitForState(uri, 'a message about the deleted archive', (s) => !!s.error);
    assert.match(gone.error!, /ckpt\.npz/);
  });
});
