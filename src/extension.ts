import * as vscode from 'vscode';
import { registerCompareCommands } from './commands/compare/compare';
import { registerVersionCommands } from './commands/compare/versions';
import { registerExportText } from './commands/exportText';
import { registerOpenAsArray } from './commands/openAsArray';
import { registerSaveAs } from './commands/saveAs';
import { registerTestCommands } from './commands/testCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { registerViewerCommands } from './commands/viewerCommands';
import { NpyEditorProvider } from './editor/provider';
import { RawLayouts } from './editor/rawLayouts';
import { MembersTree } from './tree/membersTree';

/** Wiring only: every part registers itself. */
export function activate(context: vscode.ExtensionContext): void {
  RawLayouts.register(context);
  const editors = NpyEditorProvider.register(context);
  const tree = MembersTree.register(context, editors);
  context.subscriptions.push(
    registerViewerCommands(),
    registerTreeCommands(tree),
    registerExportText(context),
    registerSaveAs(context),
    registerOpenAsArray(),
    registerCompareCommands(context),
    registerVersionCommands(context),
  );
  // Commands that let the integration suite and the viewer benchmark look inside the webview and
  // the tree. They exist only when VS Code runs the extension under test (extensionTestsPath, as
  // test/tools/run-integration.js and test/bench/viewer.mjs start it), never for users.
  if (context.extensionMode === vscode.ExtensionMode.Test) context.subscriptions.push(registerTestCommands());
}

export function deactivate(): void {
  // Documents and webviews are disposed by VS Code; nothing else holds resources.
}
