/**
 * Export PNG… from a viewer's picture: the webview draws the picture (the heatmap with its
 * colorbar, the line plot, the histogram) into a PNG and sends its bytes; the host has checked
 * them (src/viewer/pictures/plots.ts decodePng: size cap, signature) before they reach here. The bytes go
 * through the same Save dialog and atomic write as every other export (commands/atomicWrite.ts):
 * a temporary file renamed over the target only once written, the source itself refused. (Here,
 * beside the panel that calls it: src/commands/ is at its 12 files.)
 */
import * as vscode from 'vscode';
import { WriteResult, writeAtomically } from '../commands/atomicWrite';
import { defaultStem, safeFileName } from '../commands/fileName';
import { announceFailure, announceWritten } from '../commands/notices/notify';

/** Test hook: the next Save dialog is answered with this file (the integration suite cannot click it). */
let nextTarget: vscode.Uri | undefined;
export function setPngTargetForTests(target: vscode.Uri | undefined): void {
  nextTarget = target;
}

/** Saves `png` (checked bytes) next to `source` as `<stem>[-member]-<kind>.png`, asking where first. */
export async function savePng(source: vscode.Uri, png: Uint8Array, kind: string, member?: string): Promise<WriteResult> {
  const title = vscode.l10n.t('Export PNG');
  const preset = nextTarget;
  nextTarget = undefined;
  const dest = preset ?? await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(source, '..', `${defaultStem(fileNameOf(source), member)}-${safeFileName(kind)}.png`),
    filters: { [vscode.l10n.t('PNG images')]: ['png'] },
    saveLabel: vscode.l10n.t('Export'),
    title,
  });
  if (!dest) return { status: 'dismissed' };
  if (dest.toString() === source.toString()) {
    const message = vscode.l10n.t('{0} is the file being exported; choose another file.', fileNameOf(source));
    void vscode.window.showErrorMessage(message);
    return { status: 'failed', message };
  }
  const label = vscode.l10n.t('Saving {0}', dest.path.slice(dest.path.lastIndexOf('/') + 1));
  const result = await writeAtomically(dest, label, (sink) => sink.write(png), { source });
  // Feedback as Export and Save As give it: the file with Open / Reveal, or the reason first.
  if (result.status === 'written') announceWritten(dest, { bytes: result.bytes ?? png.length });
  else if (result.status === 'failed') announceFailure((detail) => vscode.l10n.t('Export PNG failed: {0}', detail), result.message ?? '', dest);
  return result;
}

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
