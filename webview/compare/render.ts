/**
 * The comparison panel's page content, built from a result: the summary table (one row per pair)
 * and, per differing pair, its first mismatches. Every value reaches the page as textContent.
 */
import type { CompareResultView, CompareStringKey, CompareStrings } from '../../src/shared/compare';
import { shapeText } from '../../src/shared/format';
import { visibleText } from '../../src/shared/visible';
import { el, icon } from '../dom';

export type T = (key: CompareStringKey, ...args: (string | number)[]) => string;

export function translator(strings: () => CompareStrings | undefined): T {
  return (key, ...args) => {
    const s = strings()?.[key] ?? key;
    return s.replace(/\{(\d+)\}/g, (m, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : m));
  };
}

/** The summary table's columns: the key names the cell in the test probe's state. */
const COLUMNS = ['name', 'status', 'shape', 'dtype', 'compared', 'mismatches', 'maxAbs', 'maxRel'] as const;
const HEADINGS: Record<(typeof COLUMNS)[number], CompareStringKey> = {
  name: 'pair', status: 'verdictColumn', shape: 'shape', dtype: 'dtype', compared: 'compared',
  mismatches: 'mismatches', maxAbs: 'maxAbs', maxRel: 'maxRel',
};
const NUMERIC = new Set(['compared', 'mismatches', 'maxAbs', 'maxRel']);

/** Both sides' values in one cell: once when they agree, else "A | B". */
function both(a: string, b: string): string {
  return a === b ? a : `${a} | ${b}`;
}

const count = (n: number): string => n.toLocaleString('en-US');

type Pair = CompareResultView['result']['pairs'][number];

/** A pair's status in the member list: same, differs, shape differs or dtype differs. */
export function pairStatus(p: Pair): 'pairSame' | 'pairDiffers' | 'shapeDiffers' | 'dtypeDiffers' {
  if (p.same) return 'pairSame';
  const [sa, sb] = p.shape;
  if (sa && sb && sa.join(',') !== sb.join(',')) return 'shapeDiffers';
  if (p.reason !== null && sa && sb) return 'dtypeDiffers';
  return 'pairDiffers';
}

/**
 * The summary table: one row per compared pair (click or Enter shows its grid), then one per
 * member on one side only (two .npz side by side).
 */
export function summaryTable(view: CompareResultView, t: T, onSelect?: (pair: number) => void): HTMLTableElement {
  const table = el('table', 'summary');
  const head = table.createTHead().insertRow();
  for (const c of COLUMNS) {
    const th = el('th', NUMERIC.has(c) ? 'num' : undefined, t(HEADINGS[c]));
    th.scope = 'col';
    head.appendChild(th);
  }
  const body = table.createTBody();
  view.result.pairs.forEach((p, i) => {
    const row = body.insertRow();
    row.className = p.same ? 'same' : 'differs';
    row.dataset.pair = String(i);
    if (onSelect) {
      row.tabIndex = 0;
      row.addEventListener('click', () => onSelect(i));
      row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(i); } });
    }
    const shape = (s: number[] | null): string => (s ? shapeText(s) : t('notArray'));
    const texts: Record<(typeof COLUMNS)[number], string> = {
      name: p.name === '' ? t('wholeArray') : visibleText(p.name),
      status: t(pairStatus(p)),
      shape: both(shape(p.shape[0]), shape(p.shape[1])),
      dtype: visibleText(both(p.dtype[0] ?? t('none'), p.dtype[1] ?? t('none'))),
      compared: count(p.compared),
      mismatches: count(p.mismatches),
      maxAbs: view.maxAbs[i] || t('none'),
      maxRel: view.maxRel[i] || t('none'),
    };
    for (const c of COLUMNS) {
      const td = row.insertCell();
      td.dataset.key = c;
      if (NUMERIC.has(c)) td.className = 'num';
      if (c === 'status') td.appendChild(icon(p.same ? 'pass' : 'error'));
      td.appendChild(el('span', undefined, texts[c]));
    }
  });
  for (const [names, key] of [[view.result.only_in_a, 'onlyA'], [view.result.only_in_b, 'onlyB']] as const) {
    for (const name of names) {
      const row = body.insertRow();
      row.className = `differs only-row ${key}`;
      for (const c of COLUMNS) {
        const td = row.insertCell();
        td.dataset.key = c;
        if (c === 'status') td.appendChild(icon('warning'));
        td.appendChild(el('span', undefined, c === 'name' ? name : c === 'status' ? t(key) : ''));
      }
    }
  }
  return table;
}

/** Per differing pair: why it was not compared, its largest difference, its first mismatches. */
export function pairDetails(view: CompareResultView, t: T): HTMLElement[] {
  const out: HTMLElement[] = [];
  view.result.pairs.forEach((p, i) => {
    if (p.same) return;
    const section = el('section', 'pair');
    section.dataset.pair = String(i);
    section.appendChild(el('h2', undefined, p.name === '' ? t('wholeArray') : visibleText(p.name)));
    if (p.reason) section.appendChild(el('p', 'reason', t('reason', p.reason)));
    if (p.worst) section.appendChild(el('p', 'worst', t('worst', `[${p.worst.index.join(', ')}]`, p.worst.a, p.worst.b)));
    if (p.first.length > 0) {
      const table = el('table', 'first');
      table.createCaption().textContent = t('firstMismatches');
      const head = table.createTHead().insertRow();
      for (const k of ['index', 'valueA', 'valueB'] as const) {
        const th = el('th', k === 'index' ? undefined : 'num', t(k));
        th.scope = 'col';
        head.appendChild(th);
      }
      const body = table.createTBody();
      for (const e of p.first) {
        const row = body.insertRow();
        for (const [text, cls] of [[`[${e.index.join(', ')}]`, 'index'], [e.a, 'num'], [e.b, 'num']]) {
          const td = row.insertCell();
          td.className = cls;
          td.textContent = text;
        }
      }
      section.appendChild(table);
    }
    out.push(section);
  });
  return out;
}

/** Members on one side only (two .npz). */
export function onlyList(names: string[], key: 'onlyInA' | 'onlyInB', t: T): HTMLElement | undefined {
  if (names.length === 0) return undefined;
  const p = el('p', `only ${key}`);
  p.appendChild(icon('warning'));
  p.appendChild(el('span', undefined, t(key, names.map((n) => visibleText(n)).join(', '))));
  p.dataset.names = JSON.stringify(names);
  return p;
}
