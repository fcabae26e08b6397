/**
 * A bar that stays on one line: the items that do not fit go, in a given order, into a menu
 * behind a "…" button at the end of the bar (as VS Code's own toolbars do), and come back when
 * the bar has room again. The items are moved, not copied: their listeners and state go along.
 */
import { el, icon } from '../dom';

export class OverflowBar {
  /** The "…" button (shown only while something overflows). */
  readonly more: HTMLButtonElement;
  /** The menu holding what overflowed (in the page, under the "…" button, while open). */
  readonly menu: HTMLDivElement;

  /**
   * `items`: the bar's items in their order on the bar; `dropOrder`: the order in which they go
   * to the menu when the bar is too narrow (first: the first to go).
   */
  constructor(private readonly bar: HTMLElement, private readonly items: HTMLElement[], private readonly dropOrder: HTMLElement[], label: string) {
    this.more = el('button', 'toolbar-more');
    this.more.type = 'button';
    this.more.title = label;
    this.more.setAttribute('aria-label', label);
    this.more.setAttribute('aria-haspopup', 'true');
    this.more.setAttribute('aria-expanded', 'false');
    this.more.appendChild(icon('ellipsis'));
    this.more.hidden = true;
    this.menu = el('div', 'toolbar-menu');
    this.menu.hidden = true;
    this.menu.setAttribute('role', 'group');
    this.menu.setAttribute('aria-label', label);
    bar.appendChild(this.more);
    this.more.addEventListener('click', () => this.toggle(this.menu.hidden));
    this.menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.toggle(false);
        this.more.focus();
      }
    });
    // A choice in the menu closes it, and so does the focus or a click going elsewhere.
    this.menu.addEventListener('click', (e) => {
      if ((e.target as Element).closest('button')) this.toggle(false);
    });
    this.menu.addEventListener('focusout', (e) => {
      const to = e.relatedTarget as Node | null;
      if (to && !this.menu.contains(to) && to !== this.more) this.toggle(false);
    });
    document.addEventListener('mousedown', (e) => {
      const t = e.target as Node;
      if (!this.menu.hidden && !this.menu.contains(t) && !this.more.contains(t)) this.toggle(false);
    });
    new ResizeObserver(() => this.fit()).observe(bar);
  }

  /** Adds `item` at the end of the bar; it goes to the menu at position `dropAt` of the drop order. */
  add(item: HTMLElement, dropAt: number): void {
    this.items.push(item);
    this.dropOrder.splice(dropAt, 0, item);
    this.fit();
  }

  /** Puts every item on the bar, then moves items to the menu until the bar fits on one line. */
  fit(): void {
    for (const it of this.items) this.bar.insertBefore(it, this.more);
    this.more.hidden = true;
    const over = (): boolean => this.bar.scrollWidth > this.bar.clientWidth + 0.5;
    if (!over()) {
      this.toggle(false);
      return;
    }
    this.more.hidden = false;
    const moved = new Set<HTMLElement>();
    for (const it of this.dropOrder) {
      if (!over()) break;
      if (it.hidden) continue;
      moved.add(it);
      this.menu.appendChild(it);
    }
    // In the menu, in their order on the bar.
    for (const it of this.items) if (moved.has(it)) this.menu.appendChild(it);
    if (!this.menu.hidden) this.place();
  }

  private toggle(open: boolean): void {
    if (open === !this.menu.hidden) return;
    this.menu.hidden = !open;
    this.more.setAttribute('aria-expanded', String(open));
    if (!open) return;
    if (!this.menu.isConnected) document.body.appendChild(this.menu);
    this.place();
    (this.menu.querySelector('input, button, select') as HTMLElement | null)?.focus();
  }

  /** Under the "…" button, its right edge at the button's (inside the page). */
  private place(): void {
    const r = this.more.getBoundingClientRect();
    this.menu.style.top = `${r.bottom + 2}px`;
    this.menu.style.right = `${Math.max(0, document.documentElement.clientWidth - r.right)}px`;
  }
}
