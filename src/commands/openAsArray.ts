import * as vscode from 'vscode';
import { NpyEditorProvider, VIEW_TYPE } from '../editor/provider';
import { RawLayouts } from '../editor/rawLayouts';
import { fileNameOf } from '../editor/uriSource';
import { errorText } from '../shared/errors';
import { shapeText } from '../shared/format';
import type { DType } from '../npy/format/dtype';
import {
  checkDType, checkOffset, checkShape, COMMON_DTYPES, RawChoice, shapeInput, shapeOffers,
} from './rawChoices';

/** Choices for scripts and tests: with dtype given, no dialog is shown. */
export interface OpenAsArrayArgs { dtype?: string; shape?: number[] | string; offset?: number; order?: 'C' | 'F' }

/** The quick input on screen, for the test command that types into it (tests only). */
let typing: ((text: string) => void) | undefined;
export function typeIntoOpenAsArray(text: string): boolean {
  typing?.(text);
  return typing !== undefined;
}

export function registerOpenAsArray(): vscode.Disposable {
  const editors = NpyEditorProvider.current;
  // "Change Layout…" in the title bar of viewers of raw files.
  const update = (): void => {
    void vscode.commands.executeCommand('setContext', 'npyViewer.activeIsRaw', editors.active?.document.raw !== undefined);
  };
  return vscode.Disposable.from(
    editors.onDidChangeActivePanel(update),
    editors.onDidChangePanelState(update),
    vscode.commands.registerCommand('npyViewer.openAsArray', (arg?: unknown, opts?: unknown) => openAsArray(arg, opts)),
    vscode.commands.registerCommand('npyViewer.changeLayout', (arg?: unknown, opts?: unknown) =>
      openAsArray(arg instanceof vscode.Uri ? arg : NpyEditorProvider.current.active?.document.uri, opts)),
  );
}

/** The file a palette command means: the active viewer's, else the active editor's. */
function activeResource(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}

/** Asks for the layout (or takes it from `opts`), remembers it for the file, and shows the file as that array. */
export async function openAsArray(arg: unknown, opts: unknown): Promise<boolean> {
  let uri = arg instanceof vscode.Uri ? arg : activeResource();
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Open as Array') });
    uri = picked?.[0];
    if (!uri) return false;
  }
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open {0}: {1}', fileNameOf(uri), errorText(e)));
    return false;
  }
  const layouts = RawLayouts.current!;
  const given = opts && typeof opts === 'object' && !Array.isArray(opts) && !(opts instanceof vscode.Uri) ? opts as OpenAsArrayArgs : {};
  const choice = given.dtype !== undefined ? fromArgs(given, size) : await askLayout(uri, size, layouts.choiceFor(uri));
  if (!choice) return false;
  await layouts.remember(uri, choice);
  const editors = NpyEditorProvider.current;
  const doc = editors.documentFor(uri);
  if (doc) {
    await doc.reload();
    editors.panelsFor(uri)[0]?.webviewPanel.reveal();
  } else {
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  }
  return true;
}

function fromArgs(a: OpenAsArrayArgs, size: number): RawChoice | undefined {
  const dt = checkDType(a.dtype ?? '');
  const offset = checkOffset(String(a.offset ?? 0), size);
  const typedShape = Array.isArray(a.shape) ? shapeInput(a.shape) : a.shape ?? '-1';
  const problem = 'error' in dt ? dt.error : typeof offset !== 'number' ? offset.error : undefined;
  const shape = problem === undefined && !('error' in dt) && typeof offset === 'number' ? checkShape(typedShape, size, dt.dtype, offset, a.order ?? 'C') : undefined;
  const error = problem ?? (shape && 'error' in shape ? shape.error : undefined);
  if (error !== undefined || !shape || 'error' in shape) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open as Array: {0}', error ?? ''));
    return undefined;
  }
  return { dtype: a.dtype!.trim(), shape: shape.typed, offset: offset as number, order: a.order ?? 'C' };
}

interface Offer extends vscode.QuickPickItem { value: string }
const BACK = Symbol('back');

/**
 * One step: a list to pick from, or any text typed (checked as it is typed: an item for the
 * typed text shows what it means or why it is refused). Returns the value, BACK, or undefined.
 */
function ask(title: string, step: number, placeholder: string, offers: Offer[], check: (text: string) => string | { error: string }): Promise<string | typeof BACK | undefined> {
  const qp = vscode.window.createQuickPick<Offer>();
  qp.title = title;
  qp.step = step;
  qp.totalSteps = 4;
  qp.placeholder = placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  if (step > 1) qp.buttons = [vscode.QuickInputButtons.Back];
  const onValue = (text: string): void => {
    const t = text.trim();
    const same = offers.find((o) => o.value === t);
    if (t === '' || same) {
      qp.items = offers;
      if (same) qp.activeItems = [same];
      return;
    }
    const r = check(t);
    const typed: Offer = typeof r === 'string'
      ? { label: t, description: r, value: t, alwaysShow: true }
      : { label: `$(error) ${t}`, description: r.error, value: '', alwaysShow: true };
    qp.items = [typed, ...offers];
    qp.activeItems = [typed];
  };
  qp.items = offers;
  if (offers.length) qp.activeItems = [offers[0]];
  return new Promise((resolve) => {
    let result: string | typeof BACK | undefined;
    qp.onDidChangeValue(onValue);
    qp.onDidTriggerButton(() => {
      result = BACK;
      if (typing === setValue) typing = undefined;
      qp.hide();
    });
    qp.onDidAccept(() => {
      // Text typed exactly as an offer means that offer, whichever item the filter made active ('<i2' for '>i2').
      const item = offers.find((o) => o.value === qp.value.trim()) ?? qp.activeItems[0] ?? qp.selectedItems[0];
      if (!item || item.value === '') return; // a refused text: the item says why
      result = item.value;
      // Done with this step now (it hides later): text typed from here on is for the next one.
      if (typing === setValue) typing = undefined;
      qp.hide();
    });
    qp.onDidHide(() => {
      if (typing === setValue) typing = undefined;
      qp.dispose();
      resolve(result);
    });
    const setValue = (text: string): void => { qp.value = text; onValue(text); };
    typing = setValue;
    qp.show();
  });
}

/** The four steps (dtype, byte offset, shape, order), each offering the last choice first; Back goes a step back. */
async function askLayout(uri: vscode.Uri, size: number, last: RawChoice | undefined): Promise<RawChoice | undefined> {
  const title = vscode.l10n.t('Open {0} as Array ({1} bytes)', fileNameOf(uri), size);
  const lastTag = whyText('last choice');
  let dtypeText = last?.dtype;
  let dtype: DType | undefined;
  let offset = last?.offset ?? 0;
  let shape: number[] | undefined = last?.shape;
  let order: 'C' | 'F' = last?.order ?? 'C';
  let step = 1;
  while (step <= 4) {
    let got: string | typeof BACK | undefined;
    if (step === 1) {
      const names = [...new Set([...(dtypeText ? [dtypeText] : []), ...COMMON_DTYPES])];
      const offers = names.map((d): Offer => {
        const r = checkDType(d);
        return { label: d, description: 'error' in r ? r.error : `${r.name} — ${r.description}`, detail: d === last?.dtype ? lastTag : undefined, value: d };
      });
      got = await ask(title, 1, vscode.l10n.t('Data type: pick one or type any NumPy dtype (e.g. >f4, uint16, i4,f8)'), offers,
        (t) => { const r = checkDType(t); return 'error' in r ? r : `${r.name} — ${r.description}`; });
      if (typeof got === 'string') { dtypeText = got; dtype = (checkDType(got) as { dtype: DType }).dtype; }
    } else if (step === 2) {
      const values = [...new Set([String(offset), '0'])];
      const offers = values.map((v): Offer => ({ label: v, description: v === String(last?.offset) ? lastTag : undefined, value: v }));
      got = await ask(title, 2, vscode.l10n.t('Byte offset where the data starts (decimal or 0x hex)'), offers,
        (t) => { const r = checkOffset(t, size); return typeof r === 'number' ? vscode.l10n.t('{0} bytes skipped', r) : r; });
      if (typeof got === 'string') offset = checkOffset(got, size) as number;
    } else if (step === 3) {
      const dt = dtype!;
      const offers = shapeOffers(size, dt, offset, shape).map((o): Offer => ({
        label: shapeInput(o.shape), description: whyText(o.why), value: shapeInput(o.shape),
      }));
      got = await ask(title, 3, vscode.l10n.t('Shape: pick one or type it (e.g. 480, 640, 3; one dimension may be -1)'), offers,
        (t) => { const r = checkShape(t, size, dt, offset); return 'error' in r ? r : shapeText(r.shape); });
      if (typeof got === 'string') shape = (checkShape(got, size, dt, offset) as { typed: number[] }).typed;
    } else {
      const offers: Offer[] = [
        { label: 'C', description: vscode.l10n.t('row-major (C order)'), value: 'C' },
        { label: 'F', description: vscode.l10n.t('column-major (Fortran order)'), value: 'F' },
      ];
      if (order === 'F') offers.reverse();
      got = await ask(title, 4, vscode.l10n.t('Memory order of the data'), offers, () => ({ error: vscode.l10n.t('C or F') }));
      if (got === 'C' || got === 'F') order = got;
    }
    if (got === undefined) return undefined;
    step += got === BACK ? -1 : 1;
    if (step < 1) step = 1;
  }
  return { dtype: dtypeText!, shape: shape!, offset, order };
}

/** Why a shape is offered, in the UI language ('last choice', '1-D', 'near square', 'image H×W×3'). */
function whyText(why: string): string {
  const image = /^image H×W×(\d+)$/.exec(why);
  if (image) return vscode.l10n.t('image H×W×{0}', image[1]);
  switch (why) {
    case 'last choice': return vscode.l10n.t('last choice');
    case '1-D': return vscode.l10n.t('1-D');
    case 'square': return vscode.l10n.t('square');
    case 'near square': return vscode.l10n.t('near square');
    default: return why;
  }
}
