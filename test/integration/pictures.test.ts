/**
 * The pictures in a real VS Code: on a NumPy-written .npy, switching to the Heatmap, Line and
 * Histogram views (the view state says which is shown and the slice stays), and Export PNG of
 * each through the host's check and atomic write: the file is a PNG (signature, IHDR) of a
 * picture's size.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllEditors, fixture, hasRendered, openViewer, tempDir, waitFor, waitForState } from './viewerUtil';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  assert.deepStrictEqual([...b.subarray(0, 8)], SIGNATURE, `${file} starts with the PNG signature`);
  assert.strictEqual(b.toString('latin1', 12, 16), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

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
});
