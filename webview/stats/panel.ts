/**
 * The statistics panel (beside the grid): scope (this slice / the whole array), Compute, Cancel,
 * Copy, a progress bar, the figures (count, finite, NaN, ±Inf, zeros, min, max with "go to",
 * mean, std; selectable text), and previous/next buttons for NaN, Inf, min and max. DOM only:
 * what the buttons do is the controller's (controller.ts). Values reach the page as text only.
 */
import { STATS_ROWS, statsValue, type FindTarget, type StatsRow, type StatsScope, type StatsSummary } from '../../src/shared/stats';
import type { StatsProbe } from '../../src/shared/protocol';
import { el, icon } from '../dom';
import { t, type StringKey } from '../strings';

export interface StatsPanelEvents {
  compute(scope: StatsScope): void;
  cancel(): void;
  copy(scope: StatsScope): void;
  close(): void;
  goTo(which: 'min' | 'max'): void;
  find(what: FindTarget, direction: 1 | -1): void;
}

const ROW_LABELS: Record<StatsRow, StringKey> = {
  count: 'statCount', finite: 'statFinite', nan: 'statNan', posinf: 'statPosinf', neginf: 'statNeginf',
  zeros: 'statZeros', min: 'statMin', max: 'statMax', mean: 'statMean', std: 'statStd',
};

/** The keyboard shortcut of each find (controller.ts handles the keys), for titles. */
export const FIND_KEYS: Record<FindTarget, string> = { nan: 'N', inf: 'I', min: 'M', max: 'X' };
const FIND_LABELS: Record<FindTarget, StringKey> = { nan: 'statNan', inf: 'statPosinf', min: 'statMin', max: 'statMax' };

export class StatsPanel {
  readonly root = el('section', 'stats-panel');
  private readonly scopeSelect: HTMLSelectElement;
  private readonly computeButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly copyButton: HTMLButtonElement;
  private readonly progress = el('div', 'stats-progress');
  private readonly bar = el('div');
  private readonly note = el('div', 'stats-note');
  private readonly cells = new Map<StatsRow, HTMLTableCellElement>();
  private readonly goButtons = new Map<'min' | 'max', HTMLButtonElement>();

  constructor(private readonly events: StatsPanelEvents) {
    this.root.setAttribute('aria-label', t('statsHeading'));
    this.root.hidden = true;
    const close = el('button', 'icon-button stats-close');
    close.type = 'button';
    close.title = t('statsClose');
    close.setAttribute('aria-label', t('statsClose'));
    close.appendChild(icon('close'));
    close.addEventListener('click', () => this.events.close());
    const head = el('div', 'stats-head');
    head.append(el('span', 'stats-title', t('statsHeading')), close);

    this.scopeSelect = el('select', 'stats-scope');
    this.scopeSelect.setAttribute('aria-label', t('statsScope'));
    for (const [scope, key] of [['slice', 'statsScopeSlice'], ['array', 'statsScopeArray']] as [StatsScope, StringKey][]) {
      const o = el('option', '', t(key));
      o.value = scope;
      this.scopeSelect.appendChild(o);
    }
    this.scopeSelect.addEventListener('change', () => this.events.compute(this.scope));
    const scopeLabel = el('label', 'label', t('statsScope'));
    scopeLabel.append(' ', this.scopeSelect);

    this.computeButton = this.action('play', 'statsCompute', () => this.events.compute(this.scope), 'stats-compute');
    this.cancelButton = this.action('stop-circle', 'statsCancel', () => this.events.cancel(), 'stats-cancel');
    this.copyButton = this.action('copy', 'statsCopy', () => this.events.copy(this.scope), 'stats-copy');
    this.copyButton.title = t('statsCopyTitle');
    this.cancelButton.hidden = true;
    this.copyButton.disabled = true;
    const actions = el('div', 'stats-actions');
    actions.append(this.computeButton, this.cancelButton, this.copyButton);

    this.progress.setAttribute('role', 'progressbar');
    this.progress.setAttribute('aria-valuemin', '0');
    this.progress.setAttribute('aria-valuemax', '100');
    this.progress.appendChild(this.bar);
    this.progress.hidden = true;
    this.note.setAttribute('role', 'status');
    this.note.setAttribute('aria-live', 'polite');

    const table = el('table', 'stats-table');
    for (const row of STATS_ROWS) {
      const tr = el('tr');
      tr.dataset.stat = row;
      const th = el('th', '', t(ROW_LABELS[row]));
      th.scope = 'row';
      const td = el('td', 'stats-value');
      this.cells.set(row, td);
      const go = el('td');
      if (row === 'min' || row === 'max') {
        const b = el('button', 'icon-button stats-goto', undefined);
        b.type = 'button';
        b.append(icon('go-to-file'), el('span', '', t('statGoTo')));
        b.title = t('statGoToTitle', t(ROW_LABELS[row]), FIND_KEYS[row]);
        b.disabled = true;
        b.addEventListener('click', () => this.events.goTo(row));
        this.goButtons.set(row, b);
        go.appendChild(b);
      }
      tr.append(th, td, go);
      table.appendChild(tr);
    }

    const find = el('div', 'stats-find');
    find.setAttribute('role', 'group');
    find.setAttribute('aria-label', t('findLabel'));
    for (const what of ['nan', 'inf', 'min', 'max'] as FindTarget[]) {
      const name = t(FIND_LABELS[what]);
      const prev = this.findButton('arrow-up', t('findPrevious', name, `Shift+Alt+${FIND_KEYS[what]}`), () => this.events.find(what, -1));
      const next = this.findButton('arrow-down', t('findNext', name, `Alt+${FIND_KEYS[what]}`), () => this.events.find(what, 1));
      prev.dataset.find = `${what}-prev`;
      next.dataset.find = `${what}-next`;
      find.append(el('span', 'label', what === 'inf' ? '±Inf' : name), prev, next);
    }
    this.root.append(head, scopeLabel, actions, this.progress, this.note, table, find);
  }

  private action(iconName: string, label: StringKey, onClick: () => void, cls: string): HTMLButtonElement {
    const b = el('button', `action ${cls}`);
    b.type = 'button';
    b.append(icon(iconName), el('span', '', t(label)));
    b.addEventListener('click', onClick);
    return b;
  }

  private findButton(iconName: string, title: string, onClick: () => void): HTMLButtonElement {
    const b = el('button', 'icon-button');
    b.type = 'button';
    b.title = title;
    b.setAttribute('aria-label', title);
    b.appendChild(icon(iconName));
    b.addEventListener('click', onClick);
    return b;
  }

  get scope(): StatsScope { return this.scopeSelect.value as StatsScope; }

  get isOpen(): boolean { return !this.root.hidden; }

  open(): void {
    this.root.hidden = false;
  }

  close(): void {
    this.root.hidden = true;
  }

  focus(): void {
    this.computeButton.focus();
  }

  /** A pass is running (progress shown, Cancel offered) or not. */
  busy(on: boolean): void {
    this.cancelButton.hidden = !on;
    this.computeButton.disabled = on;
    this.progress.hidden = !on;
    if (on) this.setProgress(0);
  }

  setProgress(fraction: number): void {
    const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    this.bar.style.width = `${pct}%`;
    this.progress.setAttribute('aria-valuenow', String(pct));
  }

  setNote(text: string, isError = false): void {
    this.note.textContent = text;
    this.note.classList.toggle('error-text', isError);
  }

  /** What the panel shows (the webview's probe, for tests). */
  probe(): StatsProbe {
    const figures: Record<string, string> = {};
    for (const [row, td] of this.cells) figures[row] = td.textContent ?? '';
    return {
      open: this.isOpen,
      busy: !this.cancelButton.hidden,
      progress: Number(this.progress.getAttribute('aria-valuenow') ?? 0),
      note: this.note.textContent ?? '',
      figures,
    };
  }

  /** Shows a summary, or clears the figures (undefined: the view changed, nothing computed yet). */
  show(s: StatsSummary | undefined): void {
    for (const row of STATS_ROWS) {
      const td = this.cells.get(row)!;
      const v = s ? statsValue(s, row) : '';
      const none = !!s && v === '';
      td.textContent = none ? t('statsNone') : v;
      td.classList.toggle('stats-none', none);
    }
    this.goButtons.get('min')!.disabled = !s?.argmin;
    this.goButtons.get('max')!.disabled = !s?.argmax;
    this.copyButton.disabled = !s;
  }
}
