/**
 * The hover's full value: the grid shows values rounded to the user's precision; the title of the
 * cell under the pointer gives the element at full precision, which only the host can spell
 * (a cellValue request). Asked for the last cell hovered only, after a short pause, and kept for
 * the view until the next setModel (a reload may change the data under the same view).
 */
import type { ViewSpec } from '../../src/shared/protocol';
import { viewKey } from '../../src/shared/indexing/views';

/** Pause before asking, so sweeping the pointer over the grid does not ask for every cell it crosses. */
const ASK_AFTER_MS = 80;
/** Values kept per view. */
const KEEP = 2000;

export type AskCellValue = (view: ViewSpec, row: number, col: number) => Promise<string>;

export class HoverValues {
  private readonly known = new Map<string, string>();
  private vk = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ask: AskCellValue | undefined) {}

  /** Forgets every value (a new or reloaded view). */
  clear(): void {
    this.known.clear();
    clearTimeout(this.timer);
  }

  /**
   * The full value of cell (row, col) of `view` if known; otherwise undefined, and the value is
   * asked for: `arrived` is called when it is known.
   */
  get(view: ViewSpec, row: number, col: number, arrived: () => void): string | undefined {
    const vk = viewKey(view);
    if (vk !== this.vk) {
      this.clear();
      this.vk = vk;
    }
    const key = `${row},${col}`;
    const v = this.known.get(key);
    if (v !== undefined || !this.ask) return v;
    const ask = this.ask;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      ask(view, row, col).then((text) => {
        if (this.vk !== vk) return;
        if (this.known.size >= KEEP) this.known.clear();
        this.known.set(key, text);
        arrived();
      }, () => undefined); // no full value (the file went away): the title keeps the grid's text
    }, ASK_AFTER_MS);
    return undefined;
  }
}
