import * as vscode from 'vscode';
import { registerExportText } from './commands/exportText';
import { registerSaveAs } from './commands/saveAs';
import { registerTestCommands } from './commands/testCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { registerViewerCommands } from './commands/viewerCommands';
import { NpyEditorProvider } from './editor/provider';
import { MembersTree } from './tree/membersTree';

/** Wiring only: every part registers itself. */
export function activate(context: vscode.ExtensionContext): void {
  const editors = NpyEditorProvider.register(context);
  const tree = MembersTree.register(context, editors);
  context.subscriptions.push(
    registerViewerCommands(),
    registerTreeCommands(tree),
    registerExportText(context),
    registerSaveAs(context),
    registerTestCommands(),
  );
}

export function deactivate(): void {
  // Documents and webviews are disposed by VS Code; nothing else holds resources.
}
