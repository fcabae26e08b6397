/**
 * The comparison panel's page (dist/compare.js): the verdict, the tolerances (sent back as typed;
 * the host checks them and re-runs) and the result tables. It only shows what the host sends.
 */
import type { CompareFromWebview, ComparePanelState, CompareStrings, CompareToWebview } from '../../src/shared/compare';
import { clearChildren, el, icon } from '../dom';
import { onlyList, pairDetails, summaryTable, translator } from './render';

interface VsCodeApi { postMessage(msg: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: CompareFromWebview): void => vscode.postMessage(m);

let strings: CompareStrings | undefined;
const t = translator(() => strings);
let status: ComparePanelState['status'] = '';
let results = 0;

const root = document.getElementById('app')!;
const header = el('header', 'header');
const verdict = el('div', 'verdict');
verdict.setAttribute('role', 'status');
verdict.setAttribute('aria-live', 'polite');
const files = el('div', 'files');
const form = el('form', 'tolerances');
const rtol = el('input');
const atol = el('input');
const rerun = el('button');
const tolError = el('div', 'tol-error');
tolError.setAttribute('role', 'alert');
const body = el('main', 'body');
header.append(verdict, files, form, tolError);
root.append(header, body);

function field(input: HTMLInputElement, key: 'rtol' | 'atol'): HTMLLabelElement {
  const label = el('label', 'field');
  input.type = 'text';
  input.spellcheck = false;
  input.size = 10;
  input.name = key;
  label.append(el('span', undefined, t(key)), input);
  return label;
}

function buildHeader(a: string, b: string): void {
  clearChildren(files);
  for (const [k, name] of [['fileA', a], ['fileB', b]] as const) {
    const line = el('div', 'file');
    line.append(el('span', 'side', t(k)), el('span', 'path', name));
    files.appendChild(line);
  }
  clearChildren(form);
  form.append(el('span', 'legend', t('tolerance')), field(rtol, 'rtol'), field(atol, 'atol'), rerun);
  clearChildren(rerun);
  rerun.type = 'submit';
  rerun.title = t('rerunTitle');
  rerun.append(icon('refresh'), el('span', undefined, t('rerun')));
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  tolError.textContent = '';
  post({ type: 'setTolerance', rtol: rtol.value, atol: atol.value });
});

function setVerdict(kind: ComparePanelState['status'], text: string, codicon: string): void {
  status = kind;
  verdict.className = `verdict ${kind}`;
  clearChildren(verdict);
  verdict.append(icon(codicon), el('span', 'text', text));
}

function onMessage(m: CompareToWebview): void {
  switch (m.type) {
    case 'init':
      strings = m.strings;
      document.title = t('title');
      buildHeader(m.a, m.b);
      rtol.value = m.rtol;
      atol.value = m.atol;
      break;
    case 'running':
      rtol.value = m.rtol;
      atol.value = m.atol;
      setVerdict('running', t('running'), 'loading');
      verdict.querySelector('.codicon')?.classList.add('codicon-modifier-spin');
      body.setAttribute('aria-busy', 'true');
      break;
    case 'result': {
      const r = m.view.result;
      results++;
      rtol.value = m.view.rtol;
      atol.value = m.view.atol;
      const differ = r.pairs.filter((p) => !p.same).length;
      const extra = r.pairs.length > 1 ? ` — ${t('summary', differ, r.pairs.length)}` : '';
      setVerdict(r.same ? 'same' : 'different', (r.same ? t('same') : t('different')) + extra, r.same ? 'pass' : 'error');
      body.removeAttribute('aria-busy');
      clearChildren(body);
      for (const only of [onlyList(r.only_in_a, 'onlyInA', t), onlyList(r.only_in_b, 'onlyInB', t)]) if (only) body.appendChild(only);
      if (r.pairs.length > 0) body.appendChild(summaryTable(m.view, t));
      body.append(...pairDetails(m.view, t));
      break;
    }
    case 'error':
      body.removeAttribute('aria-busy');
      clearChildren(body);
      setVerdict('error', m.cancelled ? t('cancelled') : t('error', m.message), m.cancelled ? 'circle-slash' : 'error');
      break;
    case 'tolError':
      tolError.textContent = m.message;
      break;
    case 'getState':
      post({ type: 'state', id: m.id, state: readState() });
      break;
  }
}

/** What the page shows, read from the page itself (the integration tests' probe). */
function readState(): ComparePanelState {
  const pairs = [...body.querySelectorAll('table.summary tbody tr')].map((row) => {
    const out: Record<string, string> = {};
    for (const td of row.querySelectorAll<HTMLElement>('td[data-key]')) out[td.dataset.key!] = td.textContent ?? '';
    return out;
  });
  const first = [...body.querySelectorAll('table.summary tbody tr')].map((_, i) => {
    const section = body.querySelector(`section[data-pair="${i}"]`);
    return [...(section?.querySelectorAll('table.first tbody tr') ?? [])].map((tr) => [...tr.children].map((c) => c.textContent ?? ''));
  });
  const names = (cls: string): string[] => JSON.parse(body.querySelector<HTMLElement>(`.only.${cls}`)?.dataset.names ?? '[]') as string[];
  return {
    status, verdict: verdict.textContent ?? '', rtol: rtol.value, atol: atol.value, tolError: tolError.textContent ?? '',
    pairs, first, onlyInA: names('onlyInA'), onlyInB: names('onlyInB'), results,
  };
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as CompareToWebview | undefined;
  if (m && typeof m === 'object' && typeof m.type === 'string') onMessage(m);
});
post({ type: 'ready' });
