/** The npz member list shown in the editor: name, shape, dtype, size, compressed. */
import type { MemberInfo } from '../src/shared/protocol';
import { byteSize, shapeText } from '../src/shared/format';
import { el } from './dom';
import { t } from './strings';

export class MemberList {
  readonly root = el('div', 'members');
  private readonly body = el('tbody');
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(private readonly onChoose: (name: string) => void) {
    const title = el('div', 'members-title', t('members'));
    const table = el('table', 'members-table');
    const head = el('tr');
    for (const k of ['memberName', 'memberShape', 'memberDtype', 'memberSize', 'memberCompressed'] as const)
      head.appendChild(el('th', '', t(k)));
    const thead = el('thead');
    thead.appendChild(head);
    table.append(thead, this.body);
    this.root.append(title, table);
  }

  show(members: MemberInfo[], current: string | undefined): void {
    this.body.replaceChildren();
    this.rows.clear();
    for (const m of members) {
      const tr = el('tr', 'member');
      tr.dataset.member = m.name;
      const shape = m.info ? shapeText(m.info.shape) : '';
      const dtype = m.info ? m.info.dtypeName : m.pending ? '…' : m.error ?? (m.isArray ? '' : t('notAnArray'));
      const size = m.compressed
        ? `${byteSize(m.compressedSize)} / ${byteSize(m.uncompressedSize)}`
        : byteSize(m.uncompressedSize);
      const name = el('td', 'member-name', m.name);
      name.title = m.zipName;
      const dt = el('td', m.error ? 'member-dtype error-text' : 'member-dtype', dtype);
      if (m.info) dt.title = `${m.info.dtype} — ${m.info.dtypeDescription}`;
      tr.append(name, el('td', 'num', shape), dt, el('td', 'num', size), el('td', '', m.compressed ? t('yes') : t('no')));
      if (m.isArray && m.info) {
        tr.tabIndex = 0;
        tr.classList.add('clickable');
        tr.addEventListener('click', () => this.onChoose(m.name));
        tr.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            this.onChoose(m.name);
          }
        });
      } else tr.classList.add('disabled');
      this.rows.set(m.name, tr);
      this.body.appendChild(tr);
    }
    this.mark(current);
  }

  mark(current: string | undefined): void {
    for (const [name, tr] of this.rows) {
      tr.classList.toggle('current', name === current);
      tr.setAttribute('aria-selected', String(name === current));
    }
  }
}
