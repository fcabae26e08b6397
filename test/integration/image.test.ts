/**
 * The Image view in a real VS Code: NumPy writes an H×W×3 uint8 .npy; the viewer opens it,
 * switches to Image (the view state says so, the slice stays) and exports the picture through the
 * host's Save path; the PNG's pixels at the centres of known image pixels are the data's bytes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { requireNumpy, runNumpy } from '../support/numpy';
import { decodePng } from '../support/png';
import { closeAllEditors, hasRendered, openViewer, tempDir, waitFor, waitForState } from './viewerUtil';

const H = 12, W = 20;

suite('viewer: the Image view', function () {
  this.timeout(180_000);
  const dir = tempDir();
  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('draws an H×W×3 uint8 .npy as its RGB bytes', async function () {
    requireNumpy(this, 'the image fixture');
    const file = path.join(dir, 'rgb.npy');
    runNumpy(`a = (np.arange(${H * W * 3}).reshape(${H}, ${W}, 3) * 37 + 11) % 256\nnp.save(${JSON.stringify(file)}, a.astype(np.uint8))`);
    const data = (i: number): number => (i * 37 + 11) % 256;
    const uri = vscode.Uri.file(file);
    await openViewer(uri);
    const first = await waitForState(uri, 'the grid', hasRendered, 30000);
    assert.strictEqual(first.view?.index, '0, :, :', 'the grid shows a W×3 slice');
    const target = path.join(dir, 'rgb-image.png');
    await vscode.commands.executeCommand('npyViewer.test.pictureCommand', 'image', target);
    const s = await waitForState(uri, 'the image view', (st) => st.pictures?.mode === 'image', 30000);
    assert.strictEqual(s.view?.index, first.view?.index, 'the slice is kept');
    await waitFor(`${target} written`, () => fs.existsSync(target) || undefined, 30000);
    const png = await waitFor(`${target} complete`, () => {
      try { return decodePng(fs.readFileSync(target)); } catch { return undefined; }
    }, 10000);
    // Fitted, top-left aligned, square pixels: image pixel (r, c) is centred at ((c + ½)·s, (r + ½)·s).
    const scale = Math.min(png.width / W, png.height / H);
    assert.ok(scale >= 4, `${png.width}×${png.height}: each image pixel is at least 4 screen pixels`);
    let checked = 0;
    for (const [r, c] of [[0, 1], [3, 7], [H - 1, W - 1], [6, 0], [11, 13]]) {
      const i = (r * W + c) * 3;
      const got = png.rgba(Math.floor((c + 0.5) * scale), Math.floor((r + 0.5) * scale));
      assert.deepStrictEqual(got, [data(i), data(i + 1), data(i + 2), 255], `pixel (${r}, ${c})`);
      checked++;
    }
    assert.strictEqual(checked, 5);
    await vscode.commands.executeCommand('npyViewer.test.pictureCommand', 'grid');
    await waitForState(uri, 'the grid again', (st) => st.pictures?.mode === 'grid' && hasRendered(st), 30000);
  });
});
