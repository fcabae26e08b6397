import * as vscode from 'vscode';
import { dtypeLabel, dtypeText, shapeText } from '../shared/format';
import { formatBytes } from '../format';
import type { MemberInfo } from '../shared/protocol';
import { visibleText, visibleTitle } from '../shared/visible';

/**
 * One npz member or safetensors tensor in the "NumPy Arrays" view. `contextValue` 'member'
 * enables its menu. `label`: the name shown, when a folder already says the rest ('weight' in
 * layers ▸ 0 ▸ attn).
 */
export class MemberItem extends vscode.TreeItem {
  constructor(readonly uri: vscode.Uri, readonly summary: MemberInfo, label: string = summary.name) {
    // Names come from the file: controls shown (a U+202E cannot reorder the label), long ones cut.
    super(visibleText(label), vscode.TreeItemCollapsibleState.None);
    // Stable id: lets reveal() find the item again after a refresh.
    this.id = `${uri.toString()}::${summary.zipName}`;
    this.command = {
      command: 'npyViewer.openMember',
      title: vscode.l10n.t('Open Member'),
      arguments: [uri, summary.name],
    };
    this.refresh();
  }

  /** Re-reads the summary (its header may have arrived since); the item itself stays the same object. */
  refresh(): void {
    const s = this.summary;
    this.contextValue = s.isArray && !s.error ? 'member' : 'otherMember';
    this.description = memberDescription(s);
    this.tooltip = tooltip(s);
    this.iconPath = new vscode.ThemeIcon(
      s.error ? 'warning' : !s.isArray ? 'file' : s.compressed ? 'file-zip' : 'symbol-array');
  }
}

/** A member's shape and dtype as a list shows it: the sidebar, and the member step of Export and Save As. */
export function memberDescription(s: MemberInfo): string {
  // Pending first: until its first bytes are read, whether a member is an array is a guess.
  if (s.pending) return '…';
  if (s.error) return vscode.l10n.t('unreadable');
  if (!s.isArray) return vscode.l10n.t('not an array');
  // Structured dtypes can be long: the tooltip has the full spelling.
  const text = `${shapeText(s.info?.shape ?? [])} ${dtypeLabel(s.info?.dtypeStr ?? '', s.storedDtype)}`;
  return visibleText(s.compressed ? `${text} · ${vscode.l10n.t('compressed')}` : text);
}

function tooltip(s: MemberInfo): string {
  const lines = [s.zipName];
  if (s.shard) lines.push(vscode.l10n.t('In shard {0}', s.shard));
  if (s.pending) lines.push(vscode.l10n.t('Reading the header…'));
  else if (s.error) lines.push(s.error);
  else if (!s.isArray) lines.push(vscode.l10n.t('Not a NumPy array'));
  else {
    lines.push(vscode.l10n.t('Shape: {0}', shapeText(s.info?.shape ?? [])));
    lines.push(vscode.l10n.t('Dtype: {0} ({1})', dtypeText(s.info?.dtypeStr ?? '', s.storedDtype), s.info?.dtypeDescription ?? ''));
    lines.push(vscode.l10n.t('Order: {0}', s.info?.fortranOrder ? vscode.l10n.t('Fortran') : vscode.l10n.t('C')));
  }
  lines.push(s.compressed
    ? vscode.l10n.t('Size: {0} ({1} compressed)', formatBytes(s.uncompressedSize), formatBytes(s.compressedSize))
    : vscode.l10n.t('Size: {0} (stored)', formatBytes(s.uncompressedSize)));
  return lines.map(visibleTitle).join('\n');
}

/** A folder of tensors sharing a dotted prefix ('layers.0'); `path` is the prefix. */
export class GroupItem extends vscode.TreeItem {
  constructor(readonly uri: vscode.Uri, readonly path: string, name: string, count: number, expanded = false) {
    super(visibleText(name), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    // Opened folders (a filter is set) get ids of their own: VS Code keeps each id's expansion.
    this.id = `${uri.toString()}::group::${path}${expanded ? '::open' : ''}`;
    this.contextValue = 'memberGroup';
    this.iconPath = new vscode.ThemeIcon('symbol-namespace');
    this.description = vscode.l10n.t('{0} tensors', count);
    this.tooltip = visibleTitle(path);
  }
}
