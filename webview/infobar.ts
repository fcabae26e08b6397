/** The header bar: dtype (NumPy spelling and plain language), shape, order, size, format version, inflate progress. */
import type { ArrayInfo } from '../src/shared/protocol';
import { byteSize, shapeText } from '../src/shared/format';
import { TITLE_MAX, visibleText } from '../src/shared/visible';
import { el } from './dom';
import { t, type StringKey } from './strings';

export class InfoBar {
  readonly root = el('div', 'infobar');
  private readonly items = el('div', 'info-items');
  private readonly progress = el('div', 'progress');
  private readonly progressBar = el('div', 'progress-bar');
  private readonly progressText = el('span', 'progress-text');

  constructor() {
    this.progress.append(this.progressText, this.progressBar);
    this.progress.hidden = true;
    this.progress.setAttribute('role', 'progressbar');
    this.root.append(this.items, this.progress);
  }

  /** `fileLabel`: the file's name (and member's): data, shown with controls visible and cut when long. */
  show(fileLabel: string, info: ArrayInfo | undefined, sizeOnDisk: number | undefined): void {
    const label = visibleText(fileLabel);
    const fullLabel = visibleText(fileLabel, TITLE_MAX);
    this.items.replaceChildren();
    this.items.appendChild(el('span', 'info-file', label));
    // The line is cut with '…' when the editor is narrow: its tooltip has all of it, a field a line.
    const full = [fullLabel];
    this.items.title = fullLabel;
    if (!info) return;
    const item = (key: StringKey, value: string, title?: string, cls = ''): void => {
      const s = el('span', `info-item ${cls}`);
      s.append(el('span', 'info-key', t(key)), el('span', 'info-value', value));
      if (title) s.title = title;
      this.items.appendChild(s);
      full.push(`${t(key)} ${value}`);
    };
    // A structured dtype spells its field names (data too).
    item('dtype', visibleText(`${info.dtypeName} (${info.dtype})`), visibleText(info.dtype, TITLE_MAX), 'info-dtype');
    this.items.appendChild(el('span', 'info-desc', visibleText(info.dtypeDescription)));
    item('shape', shapeText(info.shape), undefined, 'info-shape');
    item('order', info.fortranOrder ? t('orderF') : t('orderC'), undefined, 'info-order');
    if (sizeOnDisk !== undefined) item('sizeOnDisk', byteSize(sizeOnDisk), `${sizeOnDisk} B`, 'info-size');
    item('version', info.version, undefined, 'info-version');
    full.splice(2, 0, visibleText(info.dtypeDescription, TITLE_MAX));
    this.items.title = full.join('\n');
  }

  showProgress(member: string, done: number, total: number): void {
    if (total <= 0 || done >= total) {
      this.progress.hidden = true;
      return;
    }
    this.progress.hidden = false;
    const pct = Math.floor((done / total) * 100);
    this.progressText.textContent = t('inflating', visibleText(member), byteSize(done), byteSize(total));
    this.progress.title = this.progressText.textContent;
    this.progressBar.style.width = `${pct}%`;
    this.progress.setAttribute('aria-valuenow', String(pct));
  }
}
