/** The toolbar: notation toggle, precision, go to, Export… and Save As…. */
import { DEFAULT_FORMAT, PRECISION_MAX, PRECISION_MIN, isPrecision, type FormatSettings, type Notation } from '../src/shared/format';
import { el, icon } from './dom';
import { t, type StringKey } from './strings';
import { OverflowBar } from './widgets/overflow';

export interface ToolbarEvents {
  format(settings: FormatSettings): void;
  goTo(text: string): void;
  command(command: 'export' | 'saveAs'): void;
}

const NOTATION_LABELS: Record<Notation, StringKey> = { auto: 'notationAuto', fixed: 'notationFixed', scientific: 'notationScientific' };

export class Toolbar {
  readonly root = el('div', 'toolbar');
  private readonly notationButtons = new Map<Notation, HTMLButtonElement>();
  private readonly precision: HTMLInputElement;
  private readonly goToInput: HTMLInputElement;
  readonly goToError = el('span', 'inline-error');
  private settings: FormatSettings = { ...DEFAULT_FORMAT };
  /** The Notation and Precision controls (shown only where they apply). */
  private readonly formatItems: HTMLElement[];
  private readonly overflow: OverflowBar;
  /** Export… and Save As… (unavailable while no array is on screen: a file that failed to open). */
  private readonly actions: HTMLButtonElement[];

  constructor(private readonly events: ToolbarEvents) {
    const group = el('div', 'segmented');
    group.setAttribute('role', 'radiogroup');
    group.setAttribute('aria-label', t('notation'));
    for (const [n, key] of Object.entries(NOTATION_LABELS) as [Notation, StringKey][]) {
      const b = el('button', 'seg', t(key));
      b.type = 'button';
      b.dataset.notation = n;
      b.setAttribute('role', 'radio');
      b.addEventListener('click', () => this.emit({ ...this.settings, notation: n }));
      this.notationButtons.set(n, b);
      group.appendChild(b);
    }
    const notationLabel = el('span', 'label', t('notation'));

    this.precision = el('input', 'precision');
    this.precision.type = 'number';
    this.precision.min = String(PRECISION_MIN);
    this.precision.max = String(PRECISION_MAX);
    this.precision.title = t('precisionTitle');
    this.precision.setAttribute('aria-label', t('precision'));
    this.precision.addEventListener('change', () => {
      const p = Math.round(Number(this.precision.value));
      if (this.precision.value.trim() !== '' && isPrecision(p)) this.emit({ ...this.settings, precision: p });
      else this.precision.value = String(this.settings.precision);
    });
    const precisionLabel = el('label', 'label', t('precision'));
    precisionLabel.appendChild(this.precision);

    this.goToInput = el('input', 'goto');
    this.goToInput.type = 'text';
    this.goToInput.placeholder = t('goToPlaceholder');
    this.goToInput.title = t('goToTitle');
    this.goToInput.setAttribute('aria-label', t('goTo'));
    this.goToInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.events.goTo(this.goToInput.value);
      }
    });
    const goLabel = el('label', 'label');
    goLabel.append(icon('go-to-file'), el('span', '', t('goTo')), this.goToInput);

    const exp = this.button('export', 'exportButton', 'exportTitle', 'export');
    const save = this.button('save-as', 'saveAsButton', 'saveAsTitle', 'saveAs');
    this.actions = [exp, save];
    const spacer = el('div', 'toolbar-spacer');
    // Items, each moved whole into the "…" menu when the bar is too narrow (Save As… first).
    const notation = el('div', 'toolbar-item toolbar-notation');
    notation.append(notationLabel, group);
    precisionLabel.classList.add('toolbar-item');
    const go = el('div', 'toolbar-item toolbar-goto');
    go.append(goLabel, this.goToError);
    this.formatItems = [notation, precisionLabel];
    this.root.append(notation, precisionLabel, go, spacer, exp, save);
    this.overflow = new OverflowBar(this.root, [notation, precisionLabel, go, spacer, exp, save], [save, exp, go, precisionLabel, notation], t('moreActions'));
    this.show(this.settings);
  }

  private button(iconName: string, label: StringKey, title: StringKey, command: 'export' | 'saveAs'): HTMLButtonElement {
    const b = el('button', `action action-${command}`);
    b.type = 'button';
    b.title = t(title);
    b.append(icon(iconName), el('span', '', t(label)));
    b.addEventListener('click', () => this.events.command(command));
    return b;
  }

  private emit(s: FormatSettings): void {
    this.show(s);
    this.events.format(s);
  }

  /** Shows settings (from the host) without emitting. */
  show(s: FormatSettings): void {
    this.settings = s;
    for (const [n, b] of this.notationButtons) {
      b.classList.toggle('active', n === s.notation);
      b.setAttribute('aria-checked', String(n === s.notation));
    }
    this.precision.value = String(s.precision);
  }

  /** Shows or hides Notation and Precision (they apply to float and complex data only). */
  showFormat(shown: boolean): void {
    if (this.formatItems.every((e) => e.hidden === !shown)) return;
    for (const e of this.formatItems) e.hidden = !shown;
    this.overflow.fit();
  }

  /** More actions at the end of the bar (after Save As…): to the "…" menu after Export and Save As. */
  addActions(...buttons: HTMLElement[]): void {
    for (const b of buttons) this.overflow.add(b, 2);
  }

  /**
   * With a reason (the file could not be opened, or the view not shown), Export… and Save As…
   * are disabled and their tooltip says why; without one they work again.
   */
  setUnavailable(reason: string | undefined): void {
    for (const [b, title] of [[this.actions[0], 'exportTitle'], [this.actions[1], 'saveAsTitle']] as const) {
      b.disabled = reason !== undefined;
      b.title = reason !== undefined ? t('actionUnavailable', reason) : t(title);
    }
  }

  clearGoTo(): void {
    this.goToError.textContent = '';
  }
}
