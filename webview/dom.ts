/**
 * Tiny DOM helpers. Data only ever reaches the page through textContent, title and value —
 * never through HTML parsing — so a cell value like '<img onerror=...>' stays text.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A text button (class `action CLS`) with a tooltip, that calls `click`. */
export function button(cls: string, label: string, title: string, click: () => void): HTMLButtonElement {
  const b = el('button', `action ${cls}`, label);
  b.type = 'button';
  b.title = title;
  b.addEventListener('click', click);
  return b;
}

/** A codicon glyph (the codicon stylesheet is loaded by the host page). */
export function icon(name: string): HTMLSpanElement {
  const s = el('span', `codicon codicon-${name}`);
  s.setAttribute('aria-hidden', 'true');
  return s;
}

export function clearChildren(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}
