/**
 * N-D controls: which array axis runs down the rows and across the columns, an index control
 * (slider + number) for every other axis, and the index expression box showing the same
 * selection. The state is data: the per-axis selections of ViewInfo.axisSels and the grid axes
 * (AxisChoice); the pure helpers in axes.ts turn user actions into a new choice.
 */
import { chooseAxis, setIndex, type AxisChoice } from './axes';
import { el } from './dom';
import { t } from './strings';

export interface NdEvents {
  choose(c: AxisChoice): void;
  /** The user typed an index expression (Enter). */
  expression(text: string): void;
}

export class NdControls {
  readonly root = el('div', 'ndcontrols');
  private readonly axesRow = el('div', 'nd-axes');
  private readonly sliders = el('div', 'nd-sliders');
  private readonly indexInput = el('input', 'index-expr');
  readonly indexError = el('div', 'inline-error index-error');
  private choice: AxisChoice | undefined;
  private shape: number[] = [];
  /** Last fixed index per axis, so toggling an axis back restores where the user was. */
  private remembered: number[] = [];
  /** What the built controls look like; rebuilding mid-drag would drop the slider grab. */
  private built = '';

  constructor(private readonly events: NdEvents) {
    this.indexInput.type = 'text';
    this.indexInput.spellcheck = false;
    this.indexInput.title = t('indexTitle');
    this.indexInput.setAttribute('aria-label', t('index'));
    this.indexInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.events.expression(this.indexInput.value);
      }
    });
    const idxLabel = el('label', 'label index-label');
    idxLabel.append(el('span', '', t('index')), this.indexInput);
    const exprRow = el('div', 'nd-expr');
    exprRow.append(idxLabel, this.indexError);
    this.root.append(exprRow, this.axesRow, this.sliders);
  }

  /** Shows the controls for an array shape and the current selection. */
  show(shape: number[], choice: AxisChoice, index: string): void {
    if (shape.join() !== this.shape.join()) this.remembered = [];
    this.shape = shape;
    this.choice = choice;
    choice.sels.forEach((s, i) => {
      if (s.kind === 'int') this.remembered[i] = s.index;
    });
    this.indexInput.value = `[${index}]`;
    this.indexError.textContent = '';
    this.build();
  }

  showError(message: string): void {
    this.indexError.textContent = message;
  }

  private axisSelect(which: 'row' | 'col'): HTMLSelectElement {
    const c = this.choice!;
    const s = el('select', `axis-select axis-${which}`);
    s.setAttribute('aria-label', t(which === 'row' ? 'rowAxis' : 'colAxis'));
    const none = el('option', '', t('axisNone'));
    none.value = '-1';
    s.appendChild(none);
    for (let i = 0; i < this.shape.length; i++) {
      const o = el('option', '', `${t('axisName', i)} (${this.shape[i]})`);
      o.value = String(i);
      s.appendChild(o);
    }
    s.value = String(which === 'row' ? c.rowSrc : c.colSrc);
    s.addEventListener('change', () => {
      this.events.choose(chooseAxis(this.choice!, which, Number(s.value), this.remembered));
    });
    return s;
  }

  private build(): void {
    const c = this.choice!;
    const sig = JSON.stringify([this.shape, c.rowSrc, c.colSrc, c.sels.map((s) => s.kind === 'int')]);
    if (sig === this.built) {
      // Same controls: only refresh the values.
      for (const row of Array.from(this.sliders.children) as HTMLElement[]) {
        const sel = c.sels[Number(row.dataset.axis)];
        const v = sel.kind === 'int' ? String(sel.index) : '';
        for (const input of Array.from(row.querySelectorAll('input'))) if (input.value !== v) input.value = v;
        row.querySelector('.nd-range')?.setAttribute('aria-valuetext', t('sliderValue', v, Number(row.dataset.last)));
      }
      return;
    }
    this.built = sig;
    this.axesRow.replaceChildren();
    this.sliders.replaceChildren();
    if (this.shape.length < 2) {
      this.axesRow.hidden = true;
      this.sliders.hidden = true;
      return;
    }
    this.axesRow.hidden = false;
    const rl = el('label', 'label', t('rowAxis'));
    rl.appendChild(this.axisSelect('row'));
    const cl = el('label', 'label', t('colAxis'));
    cl.appendChild(this.axisSelect('col'));
    this.axesRow.append(rl, cl);

    let any = false;
    c.sels.forEach((sel, axis) => {
      if (sel.kind !== 'int') return;
      any = true;
      const n = this.shape[axis];
      const row = el('div', 'nd-slider');
      row.dataset.axis = String(axis);
      row.dataset.last = String(Math.max(0, n - 1));
      const name = el('span', 'nd-axis-name', t('axisName', axis));
      // A slider and a number box over the same index range, kept in step by apply().
      const input = (type: 'range' | 'number'): HTMLInputElement => {
        const i = el('input', `nd-${type}`);
        i.type = type;
        i.min = '0';
        i.max = String(Math.max(0, n - 1));
        i.value = String(sel.index);
        i.setAttribute('aria-label', t('axisName', axis));
        return i;
      };
      const range = input('range');
      const num = input('number');
      // Reads "index 3 of 0–7": the number box between the words, the slider's value text whole.
      const word = el('span', 'nd-index', t('sliderIndex'));
      const of = el('span', 'nd-of', t('sliderRange', Math.max(0, n - 1)));
      range.setAttribute('aria-valuetext', t('sliderValue', sel.index, Math.max(0, n - 1)));
      const apply = (v: number): void => {
        if (!Number.isInteger(v) || v < 0 || v >= n) return;
        range.value = String(v);
        num.value = String(v);
        range.setAttribute('aria-valuetext', t('sliderValue', v, n - 1));
        this.remembered[axis] = v;
        this.events.choose(setIndex(this.choice!, axis, v));
      };
      range.addEventListener('input', () => apply(Number(range.value)));
      num.addEventListener('change', () => apply(Number(num.value)));
      row.append(name, range, word, num, of);
      this.sliders.appendChild(row);
    });
    this.sliders.hidden = !any;
  }
}
