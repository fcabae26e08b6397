/**
 * The pictures in a real VS Code: on a NumPy-written .npy, switching to the Heatmap, Line and
 * Histogram views (the view state says which is shown and the slice stays), and Export PNG of
 * each through the host's check and atomic write: the file is a PNG (signature, IHDR) of a
 * picture's size. The same switches on an npz member opened from the NumPy Arrays view; and the
 * heatmap of a 4 GiB array: a downsampled first picture, a zoom from the keyboard that fetches
 * finer detail, and the bytes the host read for it (a small part of the file).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ReadStats } from '../../src/npy/io/filesource';
import type { WebviewSnapshot } from '../../src/shared/protocol';
import {
  closeAllEditors, fixture, hasRendered, openViewer, tempDir, treeOf, userInput, waitFor, waitForState,
} from './viewerUtil';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  assert.deepStrictEqual([...b.subarray(0, 8)], SIGNATURE, `${file} starts with the PNG signature`);
  assert.strictEqual(b.toString('latin1', 12, 16), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** A version 1.0 .npy header of a C-order float64 array of `shape`, as np.save writes it. */
function npyHeaderF8(shape: number[]): Buffer {
  let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  dict = dict.padEnd(Math.ceil((10 + dict.length + 1) / 64) * 64 - 11, ' ') + '\n';
  const head = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

/** The Heatmap drawn and nothing on its way (its probe), with `ok` of it. */
const heatmapDrawn = (ok: (h: NonNullable<WebviewSnapshot['heatmap']>) => boolean = () => true) => (s: WebviewSnapshot): boolean =>
  s.pictures?.mode === 'heatmap' && !!s.heatmap && s.heatmap.factor !== undefined && !s.heatmap.busy && ok(s.heatmap);

suite('viewer: pictures (heatmap, line, histogram, Export PNG)', function () {
  this.timeout(180_000);
  const dir = tempDir();
  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('switches views on a .npy and exports each picture as a PNG', async () => {
    const uri = fixture('small.npy');
    await openViewer(uri);
    const first = await waitForState(uri, 'the grid', hasRendered, 30000);
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const mode of ['heatmap', 'line', 'histogram'] as const) {
      const target = path.join(dir, `small-${mode}.png`);
      await vscode.commands.executeCommand('npyViewer.test.pictureCommand', mode, target);
      const s = await waitForState(uri, `the ${mode} view`, (st) => st.pictures?.mode === mode, 30000);
      assert.strictEqual(s.view?.index, first.view?.index, 'the slice is kept');
      await waitFor(`${target} written`, () => fs.existsSync(target) || undefined, 30000);
      sizes[mode] = await waitFor(`${target} complete`, () => {
        try { return pngSize(target); } catch { return undefined; }
      }, 10000);
      assert.ok(sizes[mode].width > 100 && sizes[mode].height > 50, `${mode}: ${JSON.stringify(sizes[mode])}`);
    }
    await vscode.commands.executeCommand('npyViewer.test.pictureCommand', 'grid');
    await waitForState(uri, 'the grid again', (st) => st.pictures?.mode === 'grid' && hasRendered(st), 30000);
  });

  test('switches views grid → heatmap → line → histogram → grid on an npz member opened from the NumPy Arrays view', async () => {
    const uri = fixture('members.npz');
    await openViewer(uri);
    const item = (await treeOf(uri)).items.find((i) => i.label === 'grid'); // (5, 4) float64
    assert.ok(item?.command, 'the member has a click command');
    await vscode.commands.executeCommand('npyViewer.members.focus');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const first = await waitForState(uri, 'the member grid shown', (st) => st.view?.member === 'grid' && hasRendered(st), 60000);
    assert.strictEqual(first.pictures?.mode ?? 'grid', 'grid');
    for (const mode of ['heatmap', 'line', 'histogram', 'grid'] as const) {
      await vscode.commands.executeCommand('npyViewer.test.pictureCommand', mode);
      const s = await waitForState(uri, `the ${mode} view of the member`, (st) => st.pictures?.mode === mode
        && (mode !== 'heatmap' || heatmapDrawn((h) => h.factor === 1)(st)) && (mode !== 'grid' || hasRendered(st)), 60000);
      assert.deepStrictEqual(s.view, first.view, `${mode}: the member and its slice are kept`);
    }
  });

  test('zooms into the heatmap of a 4 GiB float64 array: detail is fetched, a small part of the file is read', async () => {
    // Sparse: a header and a truncate, no blocks for the zeros (removed at the end).
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? dir;
    const file = path.join(ws, 'big-heatmap-4g.npy');
    const [ROWS, COLS] = [32768, 16384];
    const header = npyHeaderF8([ROWS, COLS]);
    fs.writeFileSync(file, header);
    fs.truncateSync(file, header.length + ROWS * COLS * 8);
    const size = fs.statSync(file).size;
    try {
      const uri = vscode.Uri.file(file);
      await openViewer(uri);
      await waitForState(uri, 'the grid of the 4 GiB array', hasRendered, 60000);
      const reads = (): Thenable<ReadStats | undefined> => vscode.commands.executeCommand<ReadStats | undefined>('npyViewer.test.getReadStats', uri);
      const before = await reads();
      assert.ok(before, 'the host counts what it reads');
      // The heatmap with the keyboard on it (as a click on its switch button leaves it), in the viewer.
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await vscode.commands.executeCommand('npyViewer.test.pictureCommand', 'heatmap', undefined, true);
      const shown = await waitForState(uri, 'the first picture', heatmapDrawn(), 180000);
      const k = shown.heatmap!.factor!;
      assert.ok(k >= Math.ceil(ROWS / 4096), `the first picture is downsampled (×${k})`);
      assert.strictEqual(shown.heatmap!.detail, undefined, 'no detail before a zoom');
      const first = (await reads())!;
      assert.ok(first.bytes > before.bytes, 'the picture was read from the file');
      assert.ok(first.bytes - before.bytes <= size / 16, `the first picture read ${first.bytes - before.bytes} of ${size} bytes`);
      // '=' (zoom in, as '+') twice: 4× around the cursor (the top-left cell); once the view rests, the visible
      // quarter is fetched at a finer factor.
      userInput('press', '=');
      userInput('press', '=');
      const zoomed = await waitForState(uri, 'the zoom\'s detail', heatmapDrawn((h) => h.detail !== undefined && h.detail < k), 180000);
      const after = (await reads())!;
      assert.ok(after.bytes > first.bytes, 'the detail was read from the file');
      assert.ok(after.bytes - before.bytes <= size / 8, `the picture and its detail read ${after.bytes - before.bytes} of ${size} bytes`);
      assert.ok(zoomed.heatmap!.detail! <= Math.ceil(k / 2), `detail ×${zoomed.heatmap!.detail} after 2 zooms of the ×${k} picture`);
      console.log(`      (picture ×${k}: ${first.bytes - before.bytes} bytes read; detail ×${zoomed.heatmap!.detail}: ${after.bytes - first.bytes} more, of ${size})`);
    } finally {
      await closeAllEditors();
      fs.rmSync(file, { force: true });
    }
  });
});
