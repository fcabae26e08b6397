import * as vscode from 'vscode';
import { NpyArray } from '../npy/format/array';
import { ViewSpec } from '../shared/protocol';
import { errorText } from '../shared/errors';
import { shapeText } from '../shared/format';
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

/** One QuickPick step; the remembered value is moved first so Enter keeps it. */
async function pick<T>(title: string, items: Choice<T>[], last: T | undefined, same: (a: T, b: T) => boolean): Promise<Choice<T> | undefined> {
  const i = last === undefined ? -1 : items.findIndex((x) => x.value !== undefined && same(x.value, last));
  if (i > 0) items.unshift(...items.splice(i, 1));
  return vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
}

/** Which part of the array: the viewer's current view, the whole array, or an index expression. */
export async function chooseIndex(title: string, array: NpyArray, view: ViewSpec | undefined, maxDims: number | undefined): Promise<string | undefined> {
  const items: Choice<string>[] = [];
  if (view) items.push({ label: vscode.l10n.t('$(eye) Current view'), description: `[${view.index || '...'}]`, value: view.index });
  if (maxDims === undefined || array.shape.length <= maxDims) {
    items.push({ label: vscode.l10n.t('$(symbol-array) Whole array'), description: `shape ${shapeText(array.shape)}`, value: '...' });
  }
  items.push({ label: vscode.l10n.t('$(symbol-operator) Index expression…'), detail: vscode.l10n.t('NumPy basic indexing, e.g. 0, :, ::2'), custom: true });
  const chosen = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  if (!chosen) return undefined;
  if (!chosen.custom) return chosen.value;
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Index expression for an array of shape {0}', shapeText(array.shape)),
    value: view?.index ?? '',
    ignoreFocusOut: true,
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

/** Delimiter, number format, header/footer: each a quick step; undefined if the user backs out. */
export async function chooseTextOptions(title: string, last: ExportChoices, columns: number): Promise<ExportChoices | undefined> {
  const step = (n: number): string => `${title} (${n}/3)`;
  const delimiters: Choice<string>[] = [
    { label: vscode.l10n.t('Comma'), description: '","  → .csv', value: ',' },
    { label: vscode.l10n.t('Tab'), description: '"\\t"', value: '\t' },
    { label: vscode.l10n.t('Space'), description: vscode.l10n.t('" " (NumPy default)'), value: ' ' },
    { label: vscode.l10n.t('Semicolon'), description: '";"', value: ';' },
    { label: vscode.l10n.t('Custom…'), custom: true },
  ];
  const d = await pick(step(1), delimiters, last.delimiter, (a, b) => a === b);
  if (!d) return undefined;
  const delimiter = d.custom
    ? await vscode.window.showInputBox({ title: step(1), prompt: vscode.l10n.t('Delimiter between columns'), value: last.delimiter, ignoreFocusOut: true })
    : d.value;
  if (delimiter === undefined) return undefined;

  const sameFmt = (a: string | string[], b: string | string[]): boolean => JSON.stringify(a) === JSON.stringify(b);
  const formats: Choice<string | string[]>[] = [
    { label: '%.18e', description: vscode.l10n.t('NumPy default: full precision, scientific'), value: '%.18e' },
    { label: '%d', description: vscode.l10n.t('integers'), value: '%d' },
    { label: '%.6g', description: vscode.l10n.t('6 significant digits'), value: '%.6g' },
    { label: vscode.l10n.t('Custom…'), description: vscode.l10n.t('one format, or one per column separated by commas'), custom: true },
  ];
  const f = await pick(step(2), formats, last.fmt, sameFmt);
  if (!f) return undefined;
  let fmt = f.value;
  if (f.custom) {
    const text = await vscode.window.showInputBox({
      title: step(2),
      prompt: vscode.l10n.t('Python % format, e.g. %.3f; or {0} formats separated by commas, one per column', columns),
      value: Array.isArray(last.fmt) ? last.fmt.join(',') : last.fmt,
      ignoreFocusOut: true,
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
  const e = await pick(step(3), extras, last.header !== '' || last.footer !== '', (a, b) => a === b);
  if (!e) return undefined;
  let { header, footer, comments } = { header: '', footer: '', comments: last.comments };
  if (e.value) {
    const h = await vscode.window.showInputBox({ title: step(3), prompt: vscode.l10n.t('Header line (empty for none)'), value: last.header, ignoreFocusOut: true });
    if (h === undefined) return undefined;
    const ft = await vscode.window.showInputBox({ title: step(3), prompt: vscode.l10n.t('Footer line (empty for none)'), value: last.footer, ignoreFocusOut: true });
    if (ft === undefined) return undefined;
    const c = await vscode.window.showInputBox({ title: step(3), prompt: vscode.l10n.t('Comment prefix for header and footer (NumPy default "# ")'), value: last.comments, ignoreFocusOut: true });
    if (c === undefined) return undefined;
    [header, footer, comments] = [h, ft, c];
  }
  return { delimiter, fmt, header, footer, comments };
}

/** Picks one array member of an npz. */
export async function chooseMember(title: string, members: string[]): Promise<string | undefined> {
  if (members.length === 1) return members[0];
  return vscode.window.showQuickPick(members, { title, placeHolder: vscode.l10n.t('Member to use'), ignoreFocusOut: true });
}
