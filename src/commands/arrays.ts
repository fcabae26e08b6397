import * as vscode from 'vscode';
import { NpyEditorProvider, VIEW_TYPE } from '../editor/provider';
import { fileNameOf, openUri } from '../editor/uriSource';
import { RawLayouts } from '../editor/rawLayouts';
import { ArrayView, NpyArray } from '../npy/format/array';
import { NpyError } from '../npy/errors';
import { OpenedAny } from '../npy/format/open';
import { AnyMember, containerOf } from '../viewer/describe';
import { ViewSpec } from '../shared/protocol';
import { MemberItem } from '../tree/memberItem';
import { orient } from '../viewer/viewspec';
import { defaultStem as stemOf } from './fileName';

/** What a command acts on: a file, maybe one member, maybe the view a viewer shows. */
export interface Target {
  uri: vscode.Uri;
  member?: string;
  /** The view of the viewer the command came from (or the active viewer of this file). */
  view?: ViewSpec;
}

/**
 * Commands are called from menus (a Uri, or a tree item), the palette (nothing: the active
 * viewer), the viewer's toolbar (uri + { view }) and scripts (uri + options). With nothing to act
 * on it tells the user so and returns undefined.
 */
export function resolveTarget(arg: unknown, opts: { member?: string; view?: ViewSpec }): Target | undefined {
  const editors = NpyEditorProvider.current;
  let uri: vscode.Uri | undefined;
  let member = opts.member;
  if (arg instanceof MemberItem) {
    uri = arg.uri;
    member ??= arg.summary.name;
  } else if (arg instanceof vscode.Uri) {
    uri = arg;
  } else {
    uri = editors.active?.document.uri ?? activeTabUri();
  }
  if (!uri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a .npy or .npz file in the NumPy viewer first.'));
    return undefined;
  }
  // The view only counts when it shows the member we act on.
  const view = opts.view ?? editors.panelsFor(uri)[0]?.view;
  const fromItem = arg instanceof MemberItem;
  const useView = view && !fromItem && (member === undefined || member === view.member);
  return { uri, member: member ?? (useView ? view.member : undefined), view: useView ? view : undefined };
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === VIEW_TYPE ? input.uri : undefined;
}

/** Runs `fn` with the file open: the viewer's handle if it is open, else a handle of its own. */
export async function withFile<T>(uri: vscode.Uri, fn: (f: OpenedAny) => Promise<T>): Promise<T> {
  const doc = NpyEditorProvider.current.documentFor(uri);
  await doc?.loaded;
  const shared = doc?.file;
  if (shared) return fn(shared);
  const own = await openUri(uri, RawLayouts.current?.layoutFor(uri));
  try {
    return await fn(own);
  } finally {
    await own.close().catch(() => undefined);
  }
}

/** Runs `fn` with the array of a .npy (or raw file) or of one member or tensor (closing it afterwards). */
export async function withArray<T>(f: OpenedAny, member: string | undefined, fn: (a: NpyArray) => Promise<T>): Promise<T> {
  if (f.kind === 'npy') return fn(f.array);
  const c = containerOf(f)!;
  if (member === undefined) throw new NpyError('usage', vscode.l10n.t('Choose a member of the archive.'));
  // Members are named as listed: an npz member by its name first, then by its zip name.
  const all = c.members as readonly AnyMember[];
  let m: AnyMember | undefined;
  for (let i = all.length - 1; i >= 0 && !m; i--) if (all[i].name === member) m = all[i];
  const a = await c.openArray(m && 'zipName' in m ? m.zipName : member);
  try {
    return await fn(a);
  } finally {
    await a.close().catch(() => undefined);
  }
}

/**
 * The view `index` selects, oriented the way the viewer shows it (rows down, columns across).
 * Export writes at most two axes, like np.savetxt.
 */
export function selectView(array: NpyArray, index: string, spec?: ViewSpec): ArrayView {
  const view = array.view().index(index);
  if (view.shape.length > 2) {
    throw new NpyError('usage', vscode.l10n.t(
      'The selection {0} has {1} dimensions; text export needs at most 2. Use an index expression such as "0, :, :".',
      index || '...', view.shape.length));
  }
  return spec ? orient(view, spec).view : view;
}

/** Array members of an npz or tensors of a safetensors file (names), or [] for a .npy. */
export function arrayMembers(f: OpenedAny): string[] {
  const c = containerOf(f);
  return c ? (c.members as readonly AnyMember[]).filter((m) => m.isArray).map((m) => m.name) : [];
}

/** `<file stem>[-<member>]` for default names of exports. */
export function defaultStem(uri: vscode.Uri, member?: string): string {
  return stemOf(fileNameOf(uri), member);
}

/** Writing over the file being read would destroy it mid-read: refuse with a message. */
export function checkNotSource(dest: vscode.Uri, source: vscode.Uri): void {
  if (dest.toString() === source.toString()) {
    throw new NpyError('usage', vscode.l10n.t('{0} is the file being exported; choose another file.', fileNameOf(source)));
  }
}
