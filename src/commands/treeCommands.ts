import * as vscode from 'vscode';
import { MembersTree } from '../tree/membersTree';

/** Refresh and filter actions of the "NumPy Arrays" view. */
export function registerTreeCommands(tree: MembersTree): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('npyViewer.refreshMembers', () => tree.refresh()),
    vscode.commands.registerCommand('npyViewer.clearMemberFilter', () => tree.setFilter('')),
    vscode.commands.registerCommand('npyViewer.filterMembers', (text?: unknown) =>
      typeof text === 'string' ? tree.setFilter(text) : filterLive(tree)),
  );
}

/** An input box that filters the tree as the user types; Escape restores the previous filter. */
function filterLive(tree: MembersTree): Promise<void> {
  const before = tree.filter;
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Filter Members');
  box.prompt = vscode.l10n.t('Show members whose name contains this text');
  box.value = before;
  let accepted = false;
  return new Promise((resolve) => {
    box.onDidChangeValue((v) => tree.setFilter(v));
    box.onDidAccept(() => { accepted = true; box.hide(); });
    box.onDidHide(() => {
      if (!accepted) tree.setFilter(before);
      box.dispose();
      resolve();
    });
    box.show();
  });
}
