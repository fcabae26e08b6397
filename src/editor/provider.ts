import * as vscode from 'vscode';
import { onDidChangeFormatSettings } from '../settings';
import { errorText } from '../shared/errors';
import type { MemberListEvent, MembersLayout } from '../shared/protocol';
import { NpyDocument } from './document';
import { localResourceRoots, webviewHtml } from './html';
import { ViewerPanel } from './panel';
import { FileSettings } from '../viewer/fileSettings';

import { VIEW_TYPE } from './html';
export { VIEW_TYPE };
/** globalState key: the member list's layout the user last set in a viewer. */
const MEMBERS_LAYOUT_KEY = 'npyViewer.membersLayout';
/** globalState key: the colormap of shaded cells the user last chose in a viewer (a new viewer's default). */
const SHADE_COLORMAP_KEY = 'npyViewer.shadeColormap';

/**
 * The custom readonly editor for .npy/.npz. Also the registry the tree and the commands use to
 * find open documents and the viewer the user is looking at.
 */
export class NpyEditorProvider implements vscode.CustomReadonlyEditorProvider<NpyDocument> {
  private static instance?: NpyEditorProvider;
  private readonly panels = new Set<ViewerPanel>();
  private readonly documents = new Map<string, NpyDocument>();
  private activePanel?: ViewerPanel;
  /** Members the next viewer of a file should start on (by document URI). */
  private readonly startMembers = new Map<string, string>();
  private readonly didChangeActive = new vscode.EventEmitter<ViewerPanel | undefined>();
  private readonly didChangePanelState = new vscode.EventEmitter<ViewerPanel>();
  /** The focused viewer changed (undefined: none of ours is active). */
  readonly onDidChangeActivePanel = this.didChangeActive.event;
  /** Some viewer reported a new state (e.g. it now shows another member). */
  readonly onDidChangePanelState = this.didChangePanelState.event;

  /** The sidebar's member filter, which every viewer's member list follows. */
  private memberFilter = '';

  private readonly fileSettings: FileSettings;

  private constructor(private readonly context: vscode.ExtensionContext) {
    this.fileSettings = new FileSettings(context.globalState);
  }

  static register(context: vscode.ExtensionContext): NpyEditorProvider {
    const provider = new NpyEditorProvider(context);
    NpyEditorProvider.instance = provider;
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
        // The webview restores its position from the state it reports; no need to keep it alive.
        webviewOptions: { retainContextWhenHidden: false },
      }),
      onDidChangeFormatSettings((settings) => {
        // Every viewer follows: one that fails (its webview is gone) must not keep the rest stale.
        for (const p of provider.panels) {
          try {
            p.applySettings(settings);
          } catch (e) {
            console.error(`npyViewer: a viewer did not take the new settings: ${errorText(e)}`);
          }
        }
      }),
      provider.didChangeActive,
      provider.didChangePanelState,
    );
    return provider;
  }

  /** The registered provider (commands and the tree reach the viewers through it). */
  static get current(): NpyEditorProvider {
    if (!NpyEditorProvider.instance) throw new Error('npyViewer: editor provider not registered');
    return NpyEditorProvider.instance;
  }

  async openCustomDocument(uri: vscode.Uri): Promise<NpyDocument> {
    const doc = NpyDocument.create(uri);
    this.documents.set(uri.toString(), doc);
    return doc;
  }

  async resolveCustomEditor(document: NpyDocument, webviewPanel: vscode.WebviewPanel): Promise<void> {
    const extensionUri = this.context.extensionUri;
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
    const panel = new ViewerPanel(document, webviewPanel, () => this.context.globalState.get<string>(SHADE_COLORMAP_KEY), () => this.fileSettings.get(document.uri.toString()));
    this.panels.add(panel);
    const stateSub = panel.onDidChangeState((state) => {
      this.rememberMembersLayout(state.members);
      this.fileSettings.remember(document.uri.toString(), state);
      const colormap = state.shade?.colormap;
      if (colormap && colormap !== this.context.globalState.get<string>(SHADE_COLORMAP_KEY)) void this.context.globalState.update(SHADE_COLORMAP_KEY, colormap);
      this.didChangePanelState.fire(panel);
    });
    panel.send(this.memberListEvent());
    const viewSub = webviewPanel.onDidChangeViewState(() => this.updateActive(panel));
    webviewPanel.onDidDispose(() => {
      stateSub.dispose();
      viewSub.dispose();
      panel.dispose();
      this.panels.delete(panel);
      if (this.activePanel === panel) this.setActive(undefined);
      // VS Code disposes the document itself once no editor shows it.
      if (![...this.panels].some((p) => p.document === document)) this.documents.delete(document.uri.toString());
    });
    webviewPanel.webview.html = webviewHtml(webviewPanel.webview, extensionUri, document.fileName);
    panel.openMarks.html = Date.now();
    const key = document.uri.toString();
    panel.preload(this.startMembers.get(key));
    this.startMembers.delete(key);
    this.updateActive(panel);
  }

  /** The sidebar's filter changed: every viewer's member list shows what it lets through. */
  setMemberFilter(text: string): void {
    this.memberFilter = text;
    const event = this.memberListEvent();
    for (const p of this.panels) p.send(event);
  }

  private memberListEvent(): MemberListEvent {
    return { type: 'memberList', filter: this.memberFilter, layout: this.context.globalState.get<MembersLayout>(MEMBERS_LAYOUT_KEY) };
  }

  /** The member list's layout a user set in some viewer is the one a new viewer starts with. */
  private rememberMembersLayout(layout: MembersLayout | undefined): void {
    if (!layout) return;
    const last = this.context.globalState.get<MembersLayout>(MEMBERS_LAYOUT_KEY);
    if (last?.collapsed === layout.collapsed && last.width === layout.width) return;
    void this.context.globalState.update(MEMBERS_LAYOUT_KEY, layout);
  }

  /** The next viewer opened on `uri` starts on npz member `member` (Open Member, file not open yet). */
  startOnMember(uri: vscode.Uri, member: string | undefined): void {
    if (member === undefined) this.startMembers.delete(uri.toString());
    else this.startMembers.set(uri.toString(), member);
  }

  /** The viewer with focus, else the one in the active tab. */
  get active(): ViewerPanel | undefined { return this.activePanel; }

  /** Every open viewer (a diff shows two). */
  get viewers(): readonly ViewerPanel[] { return [...this.panels]; }

  /** An open document for `uri`, if some editor shows it. */
  documentFor(uri: vscode.Uri): NpyDocument | undefined { return this.documents.get(uri.toString()); }

  /** Viewers of `uri`, the active one first. */
  panelsFor(uri: vscode.Uri): ViewerPanel[] {
    const key = uri.toString();
    const list = [...this.panels].filter((p) => p.document.uri.toString() === key);
    return list.sort((a, b) => Number(b === this.activePanel) - Number(a === this.activePanel));
  }

  private updateActive(panel: ViewerPanel): void {
    if (panel.webviewPanel.active) this.setActive(panel);
    else if (this.activePanel === panel) this.setActive(undefined);
  }

  private setActive(panel: ViewerPanel | undefined): void {
    if (this.activePanel === panel) return;
    this.activePanel = panel;
    this.didChangeActive.fire(panel);
  }
}
