/**
 * The controls of value-shaded cells: a toggle button for the toolbar, and a bar above the grid
 * (shown while shading is on) to choose the colour range: the slice's min–max, robust 1–99 %, or
 * typed low/high, with the range in use shown as text, and the colormap (the shared ones).
 */
import { COLORMAP_NAMES, DEFAULT_COLORMAP } from '../../src/shared/draw/colormaps';
import { el, icon } from '../dom';
import { t, type StringKey } from '../strings';
import { DOMAIN_MODES, parseDomain, type Domain, type DomainMode } from './domain';

export interface ShadeControlEvents {
  toggle(on: boolean): void;
  /** A range choice: the mode, and for 'custom' the typed domain. */
  domain(mode: DomainMode, custom: Domain | undefined): void;
  /** A colormap choice (a name of COLORMAP_NAMES). */
  colormap(name: string): void;
}

const MODE_LABELS: Record<DomainMode, StringKey> = { minmax: 'shadeMinMax', robust: 'shadeRobust', custom: 'shadeCustom' };

export class ShadeControls {
  readonly button: HTMLButtonElement;
  readonly bar = el('div', 'shade-bar');
  private readonly mode: HTMLSelectElement;
  private readonly colormap: HTMLSelectElement;
  private readonly low: HTMLInputElement;
  private readonly high: HTMLInputElement;
  private readonly customBox = el('span', 'shade-custom');
  private readonly range = el('span', 'shade-range');
  private readonly error = el('span', 'inline-error');
  private on = false;

  constructor(private readonly events: ShadeControlEvents) {
    this.button = el('button', 'action action-shade');
    this.button.type = 'button';
    this.button.title = t('shadeButtonTitle');
    this.button.setAttribute('aria-pressed', 'false');
    this.button.append(icon('symbol-color'), el('span', '', t('shadeButton')));
    this.button.addEventListener('click', () => this.setOn(!this.on, true));

    this.mode = el('select', 'shade-mode');
    this.mode.setAttribute('aria-label', t('shadeDomain'));
    for (const m of DOMAIN_MODES) {
      const o = el('option', '', t(MODE_LABELS[m]));
      o.value = m;
      this.mode.appendChild(o);
    }
    this.mode.addEventListener('change', () => this.emitDomain());
    this.low = this.numberInput('shadeLow');
    this.high = this.numberInput('shadeHigh');
    const lowLabel = el('label', 'label', t('shadeLow'));
    lowLabel.appendChild(this.low);
    const highLabel = el('label', 'label', t('shadeHigh'));
    highLabel.appendChild(this.high);
    this.customBox.append(lowLabel, ' ', highLabel);
    this.customBox.hidden = true;
    const modeLabel = el('label', 'label', t('shadeDomain'));
    modeLabel.appendChild(this.mode);
    this.colormap = el('select', 'shade-colormap');
    for (const name of COLORMAP_NAMES) {
      const o = el('option', '', name);
      o.value = name;
      this.colormap.appendChild(o);
    }
    this.colormap.value = DEFAULT_COLORMAP;
    this.colormap.addEventListener('change', () => this.events.colormap(this.colormap.value));
    const mapLabel = el('label', 'label', t('shadeColormap'));
    mapLabel.appendChild(this.colormap);
    this.bar.append(modeLabel, this.customBox, this.range, mapLabel, this.error);
    this.bar.hidden = true;
  }

  private numberInput(label: StringKey): HTMLInputElement {
    const i = el('input', `shade-${label === 'shadeLow' ? 'low' : 'high'}`);
    i.type = 'text';
    i.inputMode = 'decimal';
    i.setAttribute('aria-label', t(label));
    i.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.emitDomain(); });
    i.addEventListener('change', () => this.emitDomain());
    return i;
  }

  get isOn(): boolean { return this.on; }

  /** Turns shading on or off; `emit`: tell the app (a click or the command, not a restore). */
  setOn(on: boolean, emit: boolean): void {
    this.on = on;
    this.button.setAttribute('aria-pressed', String(on));
    this.bar.hidden = !on;
    if (emit) this.events.toggle(on);
  }

  get modeValue(): DomainMode { return this.mode.value as DomainMode; }

  get colormapValue(): string { return this.colormap.value; }

  /** Shows remembered choices without emitting them; false when the colormap is not a known one (kept as it is). */
  restore(colormap: string, mode: DomainMode, custom: Domain | undefined): boolean {
    this.mode.value = mode;
    this.customBox.hidden = mode !== 'custom';
    if (custom) {
      this.low.value = fmt(custom.low);
      this.high.value = fmt(custom.high);
    }
    if (!COLORMAP_NAMES.includes(colormap)) return false;
    this.colormap.value = colormap;
    return true;
  }

  private emitDomain(): void {
    const mode = this.modeValue;
    this.customBox.hidden = mode !== 'custom';
    this.error.textContent = '';
    if (mode !== 'custom') return this.events.domain(mode, undefined);
    if (this.low.value.trim() === '' && this.high.value.trim() === '') return;
    const d = parseDomain(this.low.value, this.high.value);
    if (!d) {
      this.error.textContent = t('shadeBadDomain');
      return;
    }
    this.events.domain('custom', d);
  }

  /** Shows the range in use (and fills the custom inputs with it, as a start for typing). */
  showDomain(d: Domain | undefined): void {
    this.range.textContent = d ? t('shadeRange', fmt(d.low), fmt(d.high)) : t('shadeNoRange');
    if (d && this.modeValue !== 'custom') {
      this.low.value = fmt(d.low);
      this.high.value = fmt(d.high);
    }
  }
}

/** A domain end as text: the shortest that reads back as the same double. */
function fmt(x: number): string {
  return String(x);
}
