/**
 * The comparison panel's page (dist/compare.js): the verdict, the tolerances (sent back as typed;
 * the host checks them and re-runs) and the result tables. It only shows what the host sends.
 */
import type { CompareFromWebview, ComparePanelState, CompareResultView, CompareStrings, CompareToWebview } from '../../src/shared/compare';
import { clearChildren, el, icon } from '../dom';
import { CompareGridView } from './grid';
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
const grid = new CompareGridView(post, t);
let view: CompareResultView | undefined;
let gridPair = -1;

/** A dtype as the engine spells it ('<f8', '|b1') is numbers: A − B exists. */
const isNumeric = (d: string | null): boolean => d !== null && /^[<>|=]?[biufc]\d+$/.test(d);

/** Shows pair `i`'s grid under the member list. */
function showPair(i: number): void {
  const p = view?.result.pairs[i];
  if (!p) { grid.hide(); gridPair = -1; return; }
  gridPair = i;
  for (const row of body.querySelectorAll<HTMLElement>('table.summary tr[data-pair]')) {
    const current = row.dataset.pair === String(i);
    row.classList.toggle('current', current);
    row.setAttribute('aria-current', String(current));
  }
  const comparable = p.reason === null && p.shape[0] !== null;
  grid.show(i, p.name === '' ? t('wholeArray') : p.name, comparable ? p.shape[0] : null, p.reason, isNumeric(p.dtype[0]) && isNumeric(p.dtype[1]));
}

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
      grid.build();
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
      view = m.view;
      if (r.pairs.length > 0 || r.only_in_a.length > 0 || r.only_in_b.length > 0) body.appendChild(summaryTable(m.view, t, showPair));
      body.appendChild(grid.element);
      body.append(...pairDetails(m.view, t));
      // The pair shown stays; else the first that differs, else the first.
      showPair(gridPair >= 0 && gridPair < r.pairs.length ? gridPair : Math.max(0, r.pairs.findIndex((p) => !p.same)));
      break;
    }
    case 'error':
      body.removeAttribute('aria-busy');
      clearChildren(body);
      view = undefined;
      grid.hide();
      setVerdict('error', m.cancelled ? t('cancelled') : t('error', m.message), m.cancelled ? 'circle-slash' : 'error');
      break;
    case 'tolError':
      tolError.textContent = m.message;
      break;
    case 'getState':
      post({ type: 'state', id: m.id, state: readState() });
      break;
    case 'page':
      grid.onPage(m.page);
      break;
    case 'pageError':
      grid.onPageError(m.seq, m.message);
      break;
    case 'finding':
      grid.onFinding(m.seq, m.done, m.total);
      break;
    case 'found':
      grid.onFound(m.seq, m.index, m.wrapped, m.cancelled, m.message);
      break;
    case 'heatmap':
      grid.onHeatmap(m.map);
      break;
    case 'heatmapError':
      grid.onHeatmapError(m.seq, m.message);
      break;
    case 'gridAction':
      if (m.pair !== undefined) showPair(m.pair);
      if (m.action === 'next' || m.action === 'previous') grid.findMismatch(m.action);
      else if (m.action !== 'show') grid.setMode(m.action);
      break;
  }
}

/** What the page shows, read from the page itself (the integration tests' probe). */
function readState(): ComparePanelState {
  const members: Record<string, string> = {};
  for (const row of body.querySelectorAll('table.summary tbody tr')) {
    members[row.querySelector('td[data-key="name"]')?.textContent ?? ''] = row.querySelector('td[data-key="status"]')?.textContent ?? '';
  }
  const pairs = [...body.querySelectorAll('table.summary tbody tr[data-pair]')].map((row) => {
    const out: Record<string, string> = {};
    for (const td of row.querySelectorAll<HTMLElement>('td[data-key]')) out[td.dataset.key!] = td.textContent ?? '';
    return out;
  });
  const first = [...body.querySelectorAll('table.summary tbody tr[data-pair]')].map((_, i) => {
    const section = body.querySelector(`section[data-pair="${i}"]`);
    return [...(section?.querySelectorAll('table.first tbody tr') ?? [])].map((tr) => [...tr.children].map((c) => c.textContent ?? ''));
  });
  const names = (cls: string): string[] => JSON.parse(body.querySelector<HTMLElement>(`.only.${cls}`)?.dataset.names ?? '[]') as string[];
  return {
    status, verdict: verdict.textContent ?? '', rtol: rtol.value, atol: atol.value, tolError: tolError.textContent ?? '',
    pairs, first, onlyInA: names('onlyInA'), onlyInB: names('onlyInB'), results,
    grid: { ...grid.state(), members },
  };
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as CompareToWebview | undefined;
  if (m && typeof m === 'object' && typeof m.type === 'string') onMessage(m);
});
post({ type: 'ready' });
