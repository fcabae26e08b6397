import * as vscode from 'vscode';
import { NpyArray } from '../npy/format/array';
import type { MemberInfo, ViewSpec } from '../shared/protocol';
import { errorText } from '../shared/errors';
import { shapeText } from '../shared/format';
import { NpyEditorProvider } from '../editor/provider';
import type { OpenedAny } from '../npy/format/open';
import { containerOf, listMembers, type MemberListing } from '../viewer/describe';
import { memberDescription } from '../tree/memberItem';
import { selectView } from './arrays';

/** Export choices remembered between runs. */
export interface ExportChoices {
  delimiter: string;
  fmt: string | string[];
  header: string;
  footer: string;
  comments: string;
}

const MEMORY_KEY = 'npyViewer.export.lastChoices';

export function lastChoices(state: vscode.Memento): ExportChoices {
  const saved = state.get<Partial<ExportChoices>>(MEMORY_KEY) ?? {};
  return { delimiter: ',', fmt: '%.18e', header: '', footer: '', comments: '# ', ...saved };
}

export function rememberChoices(state: vscode.Memento, c: ExportChoices): Thenable<void> {
  return state.update(MEMORY_KEY, c);
}

interface Choice<T> extends vscode.QuickPickItem { value?: T; custom?: boolean }

/** Where a dialog step is in the whole dialog: 'Step 1 of 5' (VS Code shows it as 1/5). */
export interface Step { step: number; totalSteps?: number }

/** The next step after `s` (same total). */
export function nextStep(s: Step): Step {
  return { step: s.step + 1, totalSteps: s.totalSteps };
}

/** What the quick input on screen shows (tests: npyViewer.test.currentStep). */
export interface ShownStep {
  kind: 'pick' | 'input';
  title: string;
  step?: number;
  totalSteps?: number;
  placeholder?: string;
  prompt?: string;
  value?: string;
  items?: { label: string; description?: string; detail?: string }[];
}

let shown: ShownStep | undefined;

/** The quick pick or input box of an export or save dialog now on screen, if any (test hook). */
export function currentStep(): ShownStep | undefined {
  return shown;
}

interface PickOptions<T extends vscode.QuickPickItem> { step: Step; placeholder?: string; update?: (pick: vscode.QuickPick<T>, isOpen: () => boolean) => Promise<void> }

/** One quick pick step, numbered; `update` may refill the items while it is shown. */
function showPick<T extends vscode.QuickPickItem>(title: string, items: T[], opts: PickOptions<T>): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  Object.assign(pick, { title, step: opts.step.step, totalSteps: opts.step.totalSteps, placeholder: opts.placeholder, ignoreFocusOut: true, items });
  const record = (): void => {
    shown = {
      kind: 'pick', title, step: pick.step, totalSteps: pick.totalSteps, placeholder: pick.placeholder,
      items: pick.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail })),
    };
  };
  return new Promise((resolve) => {
    let chosen: T | undefined;
    let open = true;
    pick.onDidAccept(() => { chosen = pick.selectedItems[0] ?? pick.activeItems[0]; pick.hide(); });
    pick.onDidHide(() => {
      open = false;
      shown = undefined;
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
    record();
    if (opts.update) {
      pick.busy = true;
      void opts.update(pick, () => open).finally(() => { if (open) { pick.busy = false; record(); } });
    }
  });
}

interface InputOptions { step: Step; prompt: string; value: string; validateInput?: (text: string) => string | undefined }

/** One input box step, numbered; Enter is refused while `validateInput` has an objection. */
function showInput(title: string, opts: InputOptions): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  Object.assign(box, { title, step: opts.step.step, totalSteps: opts.step.totalSteps, prompt: opts.prompt, value: opts.value, ignoreFocusOut: true });
  const check = (v: string): string | undefined => opts.validateInput?.(v);
  return new Promise((resolve) => {
    let accepted: string | undefined;
    box.onDidChangeValue((v) => { box.validationMessage = check(v); });
    box.onDidAccept(() => {
      const why = check(box.value);
      box.validationMessage = why;
      if (why !== undefined) return;
      accepted = box.value;
      box.hide();
    });
    box.onDidHide(() => {
      shown = undefined;
      box.dispose();
      resolve(accepted);
    });
    box.validationMessage = check(box.value);
    box.show();
    shown = { kind: 'input', title, step: box.step, totalSteps: box.totalSteps, prompt: box.prompt, value: box.value };
  });
}

/** One QuickPick step; the remembered value is moved first so Enter keeps it. */
async function pick<T>(title: string, step: Step, items: Choice<T>[], last: T | undefined, same: (a: T, b: T) => boolean): Promise<Choice<T> | undefined> {
  const i = last === undefined ? -1 : items.findIndex((x) => x.value !== undefined && same(x.value, last));
  if (i > 0) items.unshift(...items.splice(i, 1));
  return showPick(title, items, { step });
}

/**
 * Which part of the array: the viewer's current view, the whole array, or an index expression.
 * With `maxDims` (text export: np.savetxt writes 1-D and 2-D arrays only) an array of more
 * dimensions is not offered whole: the step says why, and offers the viewer's current 2-D view
 * or an expression that starts as the first 2-D slice.
 */
export async function chooseIndex(title: string, array: NpyArray, view: ViewSpec | undefined, maxDims: number | undefined, step: Step): Promise<string | undefined> {
  const ndim = array.shape.length;
  const tooMany = maxDims !== undefined && ndim > maxDims;
  const items: Choice<string>[] = [];
  if (view) {
    const label = tooMany ? vscode.l10n.t('$(eye) Current 2-D view') : vscode.l10n.t('$(eye) Current view');
    items.push({ label, description: `[${view.index || '...'}]`, value: view.index });
  }
  if (!tooMany) {
    items.push({ label: vscode.l10n.t('$(symbol-array) Whole array'), description: vscode.l10n.t('shape {0}', shapeText(array.shape)), value: '...' });
  }
  items.push({ label: vscode.l10n.t('$(symbol-operator) Index expression…'), detail: vscode.l10n.t('NumPy basic indexing, e.g. 0, :, ::2'), custom: true });
  const why = tooMany
    ? vscode.l10n.t('The array is {0}-D (shape {1}); numpy.savetxt writes only 1-D and 2-D arrays, so choose a 2-D part of it.', ndim, shapeText(array.shape))
    : undefined;
  const chosen = items.length === 1 ? items[0] : await showPick(title, items, { step, placeholder: why });
  if (!chosen) return undefined;
  if (!chosen.custom) return chosen.value;
  return showInput(title, {
    step,
    prompt: why ?? vscode.l10n.t('Index expression for an array of shape {0}', shapeText(array.shape)),
    value: view?.index ?? (tooMany ? firstSlice(ndim, maxDims) : ''),
    validateInput: (text) => {
      try {
        const v = maxDims === undefined ? array.view().index(text) : selectView(array, text);
        return v.size === 0 && maxDims !== undefined ? vscode.l10n.t('This selection is empty.') : undefined;
      } catch (e) {
        return errorText(e);
      }
    },
  });
}

/** The first `dims`-D slice of an `ndim`-D array: '0, :, :' of a 3-D one. */
export function firstSlice(ndim: number, dims: number): string {
  return [...Array<string>(Math.max(0, ndim - dims)).fill('0'), ...Array<string>(Math.min(ndim, dims)).fill(':')].join(', ');
}

/** Delimiter, number format, header/footer: three numbered steps from `first`; undefined if the user backs out. */
export async function chooseTextOptions(title: string, last: ExportChoices, columns: number, first: Step): Promise<ExportChoices | undefined> {
  const [s1, s2, s3] = [first, nextStep(first), nextStep(nextStep(first))];
  const delimiters: Choice<string>[] = [
    { label: vscode.l10n.t('Comma'), description: '","  → .csv', value: ',' },
    { label: vscode.l10n.t('Tab'), description: '"\\t"', value: '\t' },
    { label: vscode.l10n.t('Space'), description: vscode.l10n.t('" " (NumPy default)'), value: ' ' },
    { label: vscode.l10n.t('Semicolon'), description: '";"', value: ';' },
    { label: vscode.l10n.t('Custom…'), custom: true },
  ];
  const d = await pick(title, s1, delimiters, last.delimiter, (a, b) => a === b);
  if (!d) return undefined;
  const delimiter = d.custom
    ? await showInput(title, { step: s1, prompt: vscode.l10n.t('Delimiter between columns'), value: last.delimiter })
    : d.value;
  if (delimiter === undefined) return undefined;

  const sameFmt = (a: string | string[], b: string | string[]): boolean => JSON.stringify(a) === JSON.stringify(b);
  const formats: Choice<string | string[]>[] = [
    { label: '%.18e', description: vscode.l10n.t('NumPy default: full precision, scientific'), value: '%.18e' },
    { label: '%d', description: vscode.l10n.t('integers'), value: '%d' },
    { label: '%.6g', description: vscode.l10n.t('6 significant digits'), value: '%.6g' },
    { label: vscode.l10n.t('Custom…'), description: vscode.l10n.t('one format, or one per column separated by commas'), custom: true },
  ];
  const f = await pick(title, s2, formats, last.fmt, sameFmt);
  if (!f) return undefined;
  let fmt = f.value;
  if (f.custom) {
    const text = await showInput(title, {
      step: s2,
      prompt: vscode.l10n.t('Python % format, e.g. %.3f; or {0} formats separated by commas, one per column', columns),
      value: Array.isArray(last.fmt) ? last.fmt.join(',') : last.fmt,
      validateInput: (t) => (t.includes('%') ? undefined : vscode.l10n.t('A format contains a % conversion, e.g. %.6f')),
    });
    if (text === undefined) return undefined;
    const parts = text.split(',').map((p) => p.trim());
    fmt = parts.length > 1 ? parts : text;
  }
  if (fmt === undefined) return undefined;

  const extras: Choice<boolean>[] = [
    { label: vscode.l10n.t('No header or footer'), value: false },
    { label: vscode.l10n.t('Header, footer and comment prefix…'), description: last.header ? vscode.l10n.t('last: {0}', last.header) : undefined, value: true },
  ];
  const e = await pick(title, s3, extras, last.header !== '' || last.footer !== '', (a, b) => a === b);
  if (!e) return undefined;
  let { header, footer, comments } = { header: '', footer: '', comments: last.comments };
  if (e.value) {
    const h = await showInput(title, { step: s3, prompt: vscode.l10n.t('Header line (empty for none)'), value: last.header });
    if (h === undefined) return undefined;
    const ft = await showInput(title, { step: s3, prompt: vscode.l10n.t('Footer line (empty for none)'), value: last.footer });
    if (ft === undefined) return undefined;
    const c = await showInput(title, { step: s3, prompt: vscode.l10n.t('Comment prefix for header and footer (NumPy default "# ")'), value: last.comments });
    if (c === undefined) return undefined;
    [header, footer, comments] = [h, ft, c];
  }
  return { delimiter, fmt, header, footer, comments };
}

/**
 * Picks one array member of an npz (or tensor), each shown with its shape and dtype as the
 * sidebar shows it; headers still being read fill in while the list is open.
 */
export async function chooseMember(title: string, listing: MemberListing, step: Step): Promise<string | undefined> {
  interface MemberChoice extends vscode.QuickPickItem { name: string }
  const itemsOf = (): MemberChoice[] => listing.list.filter(exportable)
    .map((m) => ({ label: m.name, description: memberDescription(m), name: m.name }));
  const only = listing.list.filter((m) => m.isArray);
  if (only.length === 1) return only[0].name;
  const chosen = await showPick(title, itemsOf(), {
    step,
    placeholder: vscode.l10n.t('Member to use'),
    update: async (p, isOpen) => {
      let finished = false;
      const done = listing.done.then(() => { finished = true; });
      while (!finished) {
        await Promise.race([done, new Promise((r) => setTimeout(r, 200))]);
        if (!isOpen()) return;
        const active = p.activeItems[0]?.name;
        p.items = itemsOf();
        const again = p.items.find((i) => i.name === active);
        if (again) p.activeItems = [again];
      }
    },
  });
  return chosen?.name;
}

/** An array member, or one not read yet (an npz member's header decides): not an unreadable one. */
function exportable(m: MemberInfo): boolean {
  return m.isArray && !m.error;
}

/** The members of `file` with their headers: the open viewer's listing when it is this file, else read now. */
export function memberListingOf(uri: vscode.Uri, file: OpenedAny): MemberListing {
  const doc = NpyEditorProvider.current.documentFor(uri);
  if (doc?.file === file) return doc.memberListing();
  const c = containerOf(file);
  return c ? listMembers(c) : { list: [], done: Promise.resolve() };
}

/** Save As's first step: a NumPy array or text (the steps after it are not known yet, so it has no total). */
export async function chooseFormat(title: string): Promise<'npy' | 'text' | undefined> {
  const choice = await showPick(title, [
    { label: vscode.l10n.t('$(symbol-array) NumPy array (.npy)'), value: 'npy' as const },
    { label: vscode.l10n.t('$(file-text) Text (.txt, .csv)'), detail: vscode.l10n.t('like numpy.savetxt'), value: 'text' as const },
  ], { step: { step: 1 } });
  return choice?.value;
}
