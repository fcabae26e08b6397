import * as vscode from 'vscode';
import { NpyDocument } from '../editor/document';
import { NpyEditorProvider, VIEW_TYPE } from '../editor/provider';
import { MemberItem } from './memberItem';
import { errorText } from '../shared/errors';
import { memberMatches } from '../shared/views';

export const MEMBERS_VIEW = 'npyViewer.members';

/**
 * "NumPy Arrays" in the Explorer: the members of the .npz shown in the active viewer. Custom
 * editors are not TextEditors, so it follows the active tab rather than activeTextEditor.
 */
export class MembersTree implements vscode.TreeDataProvider<MemberItem>, vscode.Disposable {
  private static instance?: MembersTree;
  private doc?: NpyDocument;
  private items: MemberItem[] = [];
  private filterText = '';
  private highlighted?: string;
  private docSub?: vscode.Disposable;
  private loading = 0;
  /** The last failed reveal (tests check there is none). */
  revealError?: string;
  private readonly changed = new vscode.EventEmitter<MemberItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<MemberItem>;

  private constructor(private readonly editors: NpyEditorProvider) {
    this.view = vscode.window.createTreeView(MEMBERS_VIEW, { treeDataProvider: this, showCollapseAll: false });
  }

  static register(context: vscode.ExtensionContext, editors: NpyEditorProvider): MembersTree {
    const tree = new MembersTree(editors);
    MembersTree.instance = tree;
    const follow = (): void => tree.follow();
    context.subscriptions.push(
      tree,
      tree.view,
      tree.changed,
      vscode.window.tabGroups.onDidChangeTabs(follow),
      vscode.window.tabGroups.onDidChangeTabGroups(follow),
      editors.onDidChangeActivePanel(follow),
      editors.onDidChangePanelState((p) => { if (p.document === tree.doc) tree.highlight(); }),
      tree.view.onDidChangeVisibility(() => tree.highlight()),
    );
    follow();
    return tree;
  }

  static get current(): MembersTree | undefined { return MembersTree.instance; }

  /** The document whose members are listed. */
  get document(): NpyDocument | undefined { return this.doc; }
  get filter(): string { return this.filterText; }

  getTreeItem(item: MemberItem): vscode.TreeItem { return item; }
  getParent(): undefined { return undefined; }

  getChildren(item?: MemberItem): MemberItem[] {
    if (item) return [];
    return this.items.filter((i) => memberMatches(i.summary.name, this.filterText));
  }

  /** Shows only members whose name contains `text` (case-insensitive); '' shows all. */
  setFilter(text: string): void {
    this.filterText = text;
    this.editors.setMemberFilter(text);
    this.view.description = text ? vscode.l10n.t('filter: {0}', text) : undefined;
    void vscode.commands.executeCommand('setContext', 'npyViewer.membersFiltered', text !== '');
    this.changed.fire(undefined);
  }

  /** Re-reads the file from disk (the refresh action). */
  async refresh(): Promise<void> {
    if (this.doc) await this.doc.reload();
    else this.follow();
  }

  /** Lists the document of the active viewer tab; keeps the current one while another kind of tab is active. */
  follow(): void {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    let doc = this.doc;
    if (input instanceof vscode.TabInputCustom && input.viewType === VIEW_TYPE) {
      doc = this.editors.documentFor(input.uri);
    } else if (this.editors.active) {
      doc = this.editors.active.document;
    }
    // The listed document was closed.
    if (doc && this.editors.panelsFor(doc.uri).length === 0) doc = undefined;
    if (doc !== this.doc) this.show(doc);
  }

  private show(doc: NpyDocument | undefined): void {
    this.docSub?.dispose();
    this.doc = doc;
    this.highlighted = undefined;
    this.docSub = doc?.onDidReload(() => { if (this.doc === doc) void this.load(); });
    void this.load();
  }

  /** Waits until the listed members are current, headers included (tests). */
  async whenLoaded(): Promise<void> {
    while (this.loading > 0) await new Promise((r) => setTimeout(r, 20));
  }

  /** Counts load() calls; only the latest one renders. */
  private loadGen = 0;

  private async load(): Promise<void> {
    const doc = this.doc;
    // A reload of the same document starts a newer load: the older one must stop rendering.
    const gen = ++this.loadGen;
    this.loading++;
    try {
      await doc?.loaded;
      if (doc !== this.doc || gen !== this.loadGen) return;
      const listing = doc?.memberListing();
      // One item per member for the whole listing: reveal() needs the objects the view already has.
      const items = doc && listing ? listing.list.map((s) => new MemberItem(doc.uri, s)) : [];
      const render = (): boolean => {
        if (doc !== this.doc || gen !== this.loadGen) return false;
        for (const i of items) i.refresh();
        this.items = items;
        this.changed.fire(undefined);
        return true;
      };
      // Names at once, then shapes and dtypes as their headers arrive.
      if (!render()) return;
      this.view.message = doc && this.items.length === 0 ? vscode.l10n.t('This archive has no members.') : undefined;
      await vscode.commands.executeCommand('setContext', 'npyViewer.hasMembers', doc?.file?.kind === 'npz');
      this.highlighted = undefined;
      this.highlight();
      if (!listing) return;
      let finished = false;
      const done = listing.done.then(() => { finished = true; });
      while (!finished) {
        await Promise.race([done, new Promise((r) => setTimeout(r, 300))]);
        if (!render()) return;
      }
      this.highlighted = undefined;
      this.highlight();
    } finally {
      this.loading--;
    }
  }

  /** Selects the member the active viewer shows. */
  highlight(): void {
    const doc = this.doc;
    if (!doc || !this.view.visible) return;
    const member = this.editors.panelsFor(doc.uri)[0]?.view?.member;
    if (!member || member === this.highlighted) return;
    const item = this.items.find((i) => i.summary.name === member);
    if (!item || !this.getChildren().includes(item)) return;
    this.highlighted = member;
    this.view.reveal(item, { select: true, focus: false }).then(undefined, (e: unknown) => {
      this.revealError = errorText(e);
    });
  }

  dispose(): void {
    this.docSub?.dispose();
  }
}
