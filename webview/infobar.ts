/** The header bar: dtype (NumPy spelling and plain language), shape, order, size, format version, inflate progress. */
import type { ArrayInfo } from '../src/shared/protocol';
import { byteSize, shapeText } from '../src/shared/format';
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

  show(fileLabel: string, info: ArrayInfo | undefined, sizeOnDisk: number | undefined): void {
    this.items.replaceChildren();
    this.items.appendChild(el('span', 'info-file', fileLabel));
    // The line is cut with '…' when the editor is narrow: its tooltip has all of it, a field a line.
    const full = [fileLabel];
    this.items.title = fileLabel;
    if (!info) return;
    const item = (key: StringKey, value: string, title?: string, cls = ''): void => {
      const s = el('span', `info-item ${cls}`);
      s.append(el('span', 'info-key', t(key)), el('span', 'info-value', value));
      if (title) s.title = title;
      this.items.appendChild(s);
      full.push(`${t(key)} ${value}`);
    };
    item('dtype', `${info.dtypeName} (${info.dtype})`, info.dtype, 'info-dtype');
    this.items.appendChild(el('span', 'info-desc', info.dtypeDescription));
    item('shape', shapeText(info.shape), undefined, 'info-shape');
    item('order', info.fortranOrder ? t('orderF') : t('orderC'), undefined, 'info-order');
    if (sizeOnDisk !== undefined) item('sizeOnDisk', byteSize(sizeOnDisk), `${sizeOnDisk} B`, 'info-size');
    item('version', info.version, undefined, 'info-version');
    full.splice(2, 0, info.dtypeDescription);
    this.items.title = full.join('\n');
  }

  showProgress(member: string, done: number, total: number): void {
    if (total <= 0 || done >= total) {
      this.progress.hidden = true;
      return;
    }
    this.progress.hidden = false;
    const pct = Math.floor((done / total) * 100);
    this.progressText.textContent = t('inflating', member, byteSize(done), byteSize(total));
    this.progress.title = this.progressText.textContent;
    this.progressBar.style.width = `${pct}%`;
    this.progress.setAttribute('aria-valuenow', String(pct));
  }
}
