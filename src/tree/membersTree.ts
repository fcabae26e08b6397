import * as vscode from 'vscode';
import { NpyDocument } from '../editor/document';
import { NpyEditorProvider, VIEW_TYPE } from '../editor/provider';
import { GroupItem, MemberItem } from './memberItem';
import { groupByPrefix, GroupNode } from './grouping';
import { errorText } from '../shared/errors';
import { memberMatches } from '../shared/indexing/views';
import type { MemberInfo } from '../shared/protocol';

export const MEMBERS_VIEW = 'npyViewer.members';

export type TreeNodeItem = MemberItem | GroupItem;

/**
 * "NumPy Arrays" in the Explorer: the members of the .npz (or the tensors of the .safetensors
 * file or sharded checkpoint, in folders by their dotted prefixes) shown in the active viewer.
 * Custom editors are not TextEditors, so it follows the active tab rather than activeTextEditor.
 */
export class MembersTree implements vscode.TreeDataProvider<TreeNodeItem>, vscode.Disposable {
  private static instance?: MembersTree;
  private doc?: NpyDocument;
  private items: MemberItem[] = [];
  /** Folders of tensors (none for an npz): the children of each, and each item's parent. */
  private readonly children = new Map<GroupItem | undefined, TreeNodeItem[]>();
  private readonly parents = new Map<TreeNodeItem, GroupItem>();
  /** The folders the items were built from (rebuilt, opened, when a filter is set). */
  private groups?: { uri: vscode.Uri; root: GroupNode<MemberItem> };
  private filterText = '';
  private highlighted?: string;
  /** Documents whose opening already revealed the view (it is revealed once per opened file). */
  private readonly revealed = new WeakSet<NpyDocument>();
  private docSub?: vscode.Disposable;
  private loading = 0;
  /** The last failed reveal (tests check there is none). */
  revealError?: string;
  private readonly changed = new vscode.EventEmitter<TreeNodeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNodeItem>;

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

  getTreeItem(item: TreeNodeItem): vscode.TreeItem { return item; }
  getParent(item: TreeNodeItem): GroupItem | undefined { return this.parents.get(item); }

  getChildren(item?: TreeNodeItem): TreeNodeItem[] {
    if (item instanceof MemberItem) return [];
    const all = this.children.size ? this.children.get(item) ?? [] : item ? [] : this.items;
    if (!this.filterText) return all;
    return all.filter((i) => (i instanceof MemberItem ? this.passes(i) : this.folderPasses(i)));
  }

  /** Whether the filter shows the member (the viewer's member table uses the same rule). */
  private passes(i: MemberItem): boolean {
    return memberMatches(i.summary.name, this.filterText);
  }

  private folderPasses(g: GroupItem): boolean {
    return (this.children.get(g) ?? []).some((i) => (i instanceof MemberItem ? this.passes(i) : this.folderPasses(i)));
  }

  /** Builds the folders of a tensor listing: an item per folder, children and parents. */
  private buildGroups(uri: vscode.Uri, root: GroupNode<MemberItem>): void {
    this.groups = { uri, root };
    this.children.clear();
    this.parents.clear();
    const expanded = this.filterText !== '';
    const count = (n: GroupNode<MemberItem>): number => n.leaves.length + n.groups.reduce((a, g) => a + count(g), 0);
    const walk = (node: GroupNode<MemberItem>, parent: GroupItem | undefined): void => {
      const kids: TreeNodeItem[] = [];
      for (const g of node.groups) {
        const gi = new GroupItem(uri, g.path, g.name, count(g), expanded);
        if (parent) this.parents.set(gi, parent);
        kids.push(gi);
        walk(g, gi);
      }
      for (const l of node.leaves) {
        if (parent) this.parents.set(l.item, parent);
        kids.push(l.item);
      }
      this.children.set(parent, kids);
    };
    walk(root, undefined);
  }

  /** Shows only members whose name contains `text` (case-insensitive); '' shows all. */
  setFilter(text: string): void {
    const was = this.filterText;
    this.filterText = text;
    this.editors.setMemberFilter(text);
    // Filtered, the folders open to show the matches; unfiltered they are as the user left them.
    if (this.groups && (was === '') !== (text === '')) this.buildGroups(this.groups.uri, this.groups.root);
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
      const grouped = doc?.file?.kind === 'safetensors';
      const root = grouped && listing ? groupByPrefix(listing.list, (s) => s.name) : undefined;
      const leafLabels = new Map<MemberInfo, string>();
      const collect = (n: GroupNode<MemberInfo>): void => {
        for (const l of n.leaves) leafLabels.set(l.item, l.label);
        n.groups.forEach(collect);
      };
      if (root) collect(root);
      const items = doc && listing ? listing.list.map((s) => new MemberItem(doc.uri, s, leafLabels.get(s))) : [];
      const render = (): boolean => {
        if (doc !== this.doc || gen !== this.loadGen) return false;
        for (const i of items) i.refresh();
        if (this.items !== items) {
          this.children.clear();
          this.parents.clear();
          this.groups = undefined;
          if (doc && root) this.buildGroups(doc.uri, mapTree(root, new Map(items.map((i) => [i.summary, i]))));
        }
        this.items = items;
        this.changed.fire(undefined);
        return true;
      };
      // Names at once, then shapes and dtypes as their headers arrive.
      if (!render()) return;
      this.view.message = doc && this.items.length === 0
        ? grouped ? vscode.l10n.t('This file has no tensors.') : vscode.l10n.t('This archive has no members.') : undefined;
      await vscode.commands.executeCommand('setContext', 'npyViewer.hasMembers', doc?.file !== undefined && doc.file.kind !== 'npy');
      if (doc && gen === this.loadGen) this.revealOnOpen(doc);
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

  /**
   * A file of named arrays was opened: the view is shown and expanded (VS Code starts every view
   * an extension adds to the Explorer collapsed, under Outline and Timeline), without taking the
   * focus from the viewer. Once per opened file: a view the user then collapses stays collapsed.
   */
  private revealOnOpen(doc: NpyDocument): void {
    if (this.getChildren(undefined).length === 0 || this.revealed.has(doc)) return;
    this.revealed.add(doc);
    if (this.view.visible) return;
    // No element: VS Code opens and expands the view (its extension host cannot find an item of a
    // collapsed view, whose items it has not fetched since the last document). The selection of
    // the member shown follows when the view becomes visible (highlight).
    this.view.reveal(undefined as unknown as TreeNodeItem, { select: false, focus: false }).then(undefined, (e: unknown) => {
      this.revealError = errorText(e);
    });
  }

  /**
   * treeView.reveal, again a little later while it fails: a view just made visible has not asked
   * for its items yet, and while headers arrive each refresh drops the items VS Code was looking
   * up ('Cannot resolve tree item'). It keeps trying while the listing loads, then a few times.
   */
  private revealItem(doc: NpyDocument, item: TreeNodeItem, options: { select: boolean; focus: boolean }, tries = 5): void {
    this.view.reveal(item, options).then(undefined, (e: unknown) => {
      if (doc !== this.doc) return;
      const busy = this.loading > 0;
      if (!busy && tries <= 1) { this.revealError = errorText(e); return; }
      setTimeout(() => { if (doc === this.doc) this.revealItem(doc, item, options, busy ? tries : tries - 1); }, 200);
    });
  }

  /** Selects the member the active viewer shows. */
  highlight(): void {
    const doc = this.doc;
    if (!doc || !this.view.visible) return;
    const member = this.editors.panelsFor(doc.uri)[0]?.view?.member;
    if (!member || member === this.highlighted) return;
    const item = this.items.find((i) => i.summary.name === member);
    if (!item || (this.filterText && !this.passes(item))) return;
    this.highlighted = member;
    this.revealItem(doc, item, { select: true, focus: false });
  }

  dispose(): void {
    this.docSub?.dispose();
  }
}

/** The same folders with each member's description replaced by its item. */
function mapTree(n: GroupNode<MemberInfo>, items: Map<MemberInfo, MemberItem>): GroupNode<MemberItem> {
  return {
    name: n.name, path: n.path,
    groups: n.groups.map((g) => mapTree(g, items)),
    leaves: n.leaves.map((l) => ({ label: l.label, item: items.get(l.item)! })),
  };
}
