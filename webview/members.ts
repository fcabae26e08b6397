/**
 * The member list beside the grid (npz members, safetensors tensors): name, shape, dtype, size,
 * compressed size; and a safetensors file's metadata above it, folded. Its dtype and sizes are
 * written as the sidebar writes them (src/shared/format.ts). It can be collapsed to a strip and
 * resized with the sash on its right edge; its layout is part of the view state (the app persists
 * it). It shows the members the sidebar's filter lets through.
 */
import type { FileInfo, MemberInfo, MembersLayout } from '../src/shared/protocol';
import { byteSize, dtypeLabel, dtypeText, shapeText } from '../src/shared/format';
import { memberMatches } from '../src/shared/indexing/views';
import { visibleText, visibleTitle } from '../src/shared/visible';
import { el, icon } from './dom';
import { t } from './strings';
import { Sash } from './widgets/sash';

/** Narrowest and widest the list may be made (the widest also leaves the grid room: see Sash). */
const MIN_WIDTH = 120;

export class MemberList {
  readonly root = el('div', 'members');
  /** The handle on the list's right edge (placed by the app between the list and the grid). */
  readonly sash: Sash;
  private readonly toggle = el('button', 'members-toggle');
  private readonly count = el('span', 'members-count');
  private readonly table = el('table', 'members-table');
  private readonly body = el('tbody');
  private readonly rows = new Map<string, HTMLTableRowElement>();
  private members: MemberInfo[] = [];
  private filter = '';
  private layoutNow: MembersLayout = { collapsed: false };
  private readonly titleText = el('span', 'members-title-text', t('members'));
  private readonly metadata = el('details', 'members-metadata');

  constructor(private readonly onChoose: (name: string) => void, private readonly onLayout: () => void) {
    this.toggle.type = 'button';
    this.toggle.addEventListener('click', () => this.setLayout({ ...this.layoutNow, collapsed: !this.layoutNow.collapsed }, true));
    this.metadata.hidden = true;
    const title = el('div', 'members-title');
    title.append(this.toggle, this.titleText, this.count);
    const head = el('tr');
    for (const k of ['memberName', 'memberShape', 'memberDtype', 'memberSize', 'memberCompressed'] as const)
      head.appendChild(el('th', '', t(k)));
    const thead = el('thead');
    thead.appendChild(head);
    this.table.append(thead, this.body);
    this.root.append(title, this.metadata, this.table);
    this.sash = new Sash(this.root, t('membersResize'), MIN_WIDTH, (width) => this.setLayout({ ...this.layoutNow, width }, true));
    this.setLayout(this.layoutNow, false);
  }

  /** The file's kind names the list ('Tensors'); its metadata (safetensors `__metadata__`) is shown above, folded. */
  setFile(file: FileInfo): void {
    this.titleText.textContent = file.kind === 'safetensors' || file.kind === 'safetensors-index' ? t('tensors') : t('members');
    const entries = file.metadata ?? [];
    this.metadata.hidden = entries.length === 0;
    const list = el('dl', 'metadata-list');
    for (const [k, v] of entries) {
      const dd = el('dd', '', visibleText(v));
      dd.title = visibleTitle(v);
      list.append(el('dt', '', visibleText(k)), dd);
    }
    this.metadata.replaceChildren(el('summary', '', t('metadata', entries.length)), list);
  }

  show(members: MemberInfo[], current: string | undefined): void {
    this.members = members;
    this.body.replaceChildren();
    this.rows.clear();
    for (const m of members) {
      const tr = el('tr', 'member');
      tr.dataset.member = m.name;
      const shape = m.info ? shapeText(m.info.shape) : '';
      const dtype = m.info ? dtypeLabel(m.info.dtypeStr, m.storedDtype) : m.pending ? '…' : m.error ?? (m.isArray ? '' : t('notAnArray'));
      // Names, dtypes (field names) and messages come from the file: controls shown, long ones cut.
      const name = el('td', 'member-name', visibleText(m.name));
      name.title = visibleTitle(m.shard ? `${m.zipName} (${m.shard})` : m.zipName);
      const dt = el('td', m.error ? 'member-dtype error-text' : 'member-dtype', visibleText(dtype));
      if (m.info) dt.title = visibleTitle(`${dtypeText(m.info.dtypeStr, m.storedDtype)} — ${m.info.dtypeDescription}`);
      const size = el('td', 'num member-size', bytes(m.uncompressedSize));
      size.title = t('bytes', m.uncompressedSize);
      const packed = el('td', 'num member-compressed', m.compressed ? bytes(m.compressedSize) : t('no'));
      tr.append(name, el('td', 'num member-shape', shape), dt, size, packed);
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
    this.applyFilter();
  }

  mark(current: string | undefined): void {
    for (const [name, tr] of this.rows) {
      tr.classList.toggle('current', name === current);
      tr.setAttribute('aria-selected', String(name === current));
    }
  }

  /** Shows only the members whose name the sidebar's filter text matches ('' shows all). */
  setFilter(text: string): void {
    this.filter = text;
    this.applyFilter();
  }

  get layout(): MembersLayout {
    return { ...this.layoutNow };
  }

  /** Collapses or opens the list and sets its width; `byUser`: tell the app (it persists the layout). */
  setLayout(l: MembersLayout, byUser = false): void {
    this.layoutNow = { collapsed: l.collapsed, ...(l.width !== undefined ? { width: l.width } : {}) };
    const collapsed = l.collapsed;
    this.root.classList.toggle('collapsed', collapsed);
    this.table.hidden = collapsed;
    this.sash.root.hidden = collapsed || this.root.hidden;
    this.toggle.replaceChildren(icon(collapsed ? 'chevron-right' : 'chevron-down'));
    this.toggle.title = t(collapsed ? 'membersShow' : 'membersHide');
    this.toggle.setAttribute('aria-label', this.toggle.title);
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    const sized = !collapsed && l.width !== undefined;
    this.root.style.width = sized ? `${l.width}px` : '';
    // A width the user set is not held to the default's share of the window (the sash keeps the grid's room).
    this.root.style.maxWidth = sized ? 'none' : '';
    if (byUser) this.onLayout();
  }

  /** Shows or hides the whole list (and its sash): only archives have members. */
  setShown(shown: boolean): void {
    this.root.hidden = !shown;
    this.sash.root.hidden = !shown || this.layoutNow.collapsed;
  }

  private applyFilter(): void {
    let shown = 0;
    for (const m of this.members) {
      const match = memberMatches(m.name, this.filter);
      const tr = this.rows.get(m.name);
      if (tr) tr.hidden = !match;
      if (match) shown++;
    }
    this.count.textContent = this.filter ? t('membersFiltered', shown, this.members.length, this.filter) : '';
  }
}

/** A byte count as the sidebar writes it, in the UI language ('512 B' is translated). */
function bytes(n: number): string {
  return byteSize(n, (k) => t('bytes', k));
}
