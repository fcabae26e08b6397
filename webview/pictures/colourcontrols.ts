/**
 * The colour controls of the Heatmap view (and so of the Image view, its subclass): colormap,
 * invert, scale, and the domain's low and high (automatic until edited), with Auto and Robust.
 * They hold what is chosen and the settings remembered per file; the view paints with colormap()
 * and scaleSpec(), and is told by `changed` when the user changed something.
 */
import { COLORMAP_NAMES, DEFAULT_COLORMAP, getColormap, type Colormap } from '../../src/shared/draw/colormaps';
import { autoDomain, domainError, SCALE_KINDS, type Domain, type ScaleKind, type ScaleSpec } from '../../src/shared/draw/scales';
import { button, el } from '../dom';
import { t, type StringKey } from '../strings';

/** The colormaps offered (all of them; the list first). */
const FIRST = ['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'gray', 'RdBu', 'coolwarm', 'twilight'];
const MAPS = [...FIRST, ...COLORMAP_NAMES.filter((n) => !FIRST.includes(n))].filter((n) => COLORMAP_NAMES.includes(n));
const SCALE_LABELS: Record<ScaleKind, StringKey> = { linear: 'scaleLinear', log: 'scaleLog', symlog: 'scaleSymlog', sqrt: 'scaleSqrt' };

/** The colour settings of the heatmap (remembered per file). */
export interface HeatmapSettings { colormap: string; invert: boolean; scale: ScaleKind; domain?: Domain }

export class ColourControls {
  /** The controls, in the order the pictures bar shows them. */
  readonly elements: HTMLElement[];
  private readonly mapSelect = el('select', 'heatmap-colormap');
  private readonly invert = el('input', 'heatmap-invert');
  private readonly scaleSelect = el('select', 'heatmap-scale');
  private readonly low = el('input', 'heatmap-low');
  private readonly high = el('input', 'heatmap-high');
  /** The domain the user typed (undefined: automatic). */
  private domain: Domain | undefined;

  /**
   * `changed`: the user changed a control (the view repaints and saves its settings); `robust`:
   * the 1st and 99th percentiles of the view's finite values, when the host can give them.
   */
  constructor(private readonly changed: () => void, robust: () => Promise<Domain | undefined> | undefined) {
    for (const name of MAPS) this.mapSelect.append(option(name, name));
    this.mapSelect.value = DEFAULT_COLORMAP;
    this.mapSelect.setAttribute('aria-label', t('colormap'));
    for (const k of SCALE_KINDS) this.scaleSelect.append(option(k, t(SCALE_LABELS[k])));
    this.scaleSelect.setAttribute('aria-label', t('scale'));
    this.invert.type = 'checkbox';
    this.invert.title = t('invertTitle');
    for (const [input, key] of [[this.low, 'domainLow'], [this.high, 'domainHigh']] as const) {
      input.type = 'text';
      input.setAttribute('aria-label', t(key));
      input.addEventListener('change', () => this.editDomain());
    }
    const auto = button('heatmap-auto', t('domainAuto'), t('domainAutoTitle'), () => { this.setDomain(undefined); changed(); });
    const pick = button('heatmap-robust', t('domainRobust'), t('domainRobustTitle'),
      () => void robust()?.then((d) => { if (d) { this.setDomain(d); changed(); } }));
    this.mapSelect.addEventListener('change', changed);
    this.invert.addEventListener('change', changed);
    this.scaleSelect.addEventListener('change', () => { this.domain = undefined; changed(); });
    this.elements = [
      labelled('colormap', this.mapSelect), labelled('invert', this.invert), labelled('scale', this.scaleSelect),
      labelled('domainLow', this.low), labelled('domainHigh', this.high), auto, pick,
    ];
  }

  /** The colour settings, to remember per file. */
  get settings(): HeatmapSettings {
    const d = this.domain;
    const domain = d && Number.isFinite(d.low) && Number.isFinite(d.high) ? { low: d.low, high: d.high } : undefined;
    return { colormap: this.mapSelect.value, invert: this.invert.checked, scale: this.scaleSelect.value as ScaleKind, ...(domain ? { domain } : {}) };
  }

  /** Takes remembered settings (the view repaints). */
  set settings(s: HeatmapSettings) {
    if (MAPS.includes(s.colormap)) this.mapSelect.value = s.colormap;
    this.invert.checked = !!s.invert;
    if (SCALE_KINDS.includes(s.scale)) this.scaleSelect.value = s.scale;
    this.setDomain(s.domain && Number.isFinite(s.domain.low) && Number.isFinite(s.domain.high) ? s.domain : undefined);
  }

  /** The domain typed (or dragged on the histogram); undefined while automatic. */
  get handDomain(): Domain | undefined {
    return this.domain && { ...this.domain };
  }

  /** Sets the domain (undefined: automatic again); the view repaints. */
  setDomain(d: Domain | undefined): void {
    this.domain = d && { low: d.low, high: d.high };
    if (d) { this.low.value = String(d.low); this.high.value = String(d.high); }
  }

  /** The colormap chosen, inverted when asked. */
  colormap(): Colormap {
    return getColormap(this.mapSelect.value, this.invert.checked);
  }

  /** The scale in use: the typed domain, else the finite min/max of the values (an error when there is none). */
  scaleSpec(values: Float64Array): { spec?: ScaleSpec; error?: string } {
    const kind = this.scaleSelect.value as ScaleKind;
    const d = this.domain ?? autoDomain(values, kind, 'minmax');
    if (!d) return { error: t('noFinite') };
    const spec: ScaleSpec = { kind, low: d.low, high: d.high };
    const err = domainError(spec);
    return err ? { error: t('domainBad', err) } : { spec };
  }

  /** Shows the automatic domain in low and high while the user has typed none. */
  showAutomatic(spec: ScaleSpec | undefined): void {
    if (spec && !this.domain) { this.low.value = String(spec.low); this.high.value = String(spec.high); }
  }

  private editDomain(): void {
    if (this.low.value.trim() === '' || this.high.value.trim() === '') return;
    this.domain = { low: Number(this.low.value.trim()), high: Number(this.high.value.trim()) };
    this.changed();
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', '', label);
  o.value = value;
  return o;
}

function labelled(key: StringKey, control: HTMLElement): HTMLLabelElement {
  const l = el('label', 'label heatmap-control', t(key));
  l.append(control);
  return l;
}
