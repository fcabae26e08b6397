/**
 * The Histogram view's "Slice | Whole array" choice, its progress and Cancel, and the domain
 * handles, in real chromium wired to a real ViewerSession: the whole array's count names all its
 * values; a long count shows a progress bar with its percent in the view and Cancel stops the
 * reads and leaves the view usable; dragging the handles sets the domain the heatmap (and the
 * value-shaded cells) then use, the arrow keys move a handle, Reset returns to automatic.
 */
import * as assert from 'assert';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { HistogramRequest } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { SyntheticSource, f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;

/** The histogram as drawn: its bins (data-bins) once loaded, or undefined. */
const drawn = (): { bins: number; specials: string } | undefined => {
  const c = document.querySelector('.hist-canvas');
  if (!c || !c.dataset.bins || c.hidden || c.closest('[hidden]') || c.closest('.loading')) return undefined;
  return { bins: Number(c.dataset.bins), specials: document.querySelector('.hist-specials').textContent };
};

const handles = (): { low: number; high: number; x0: number; x1: number; y: number; label: string; domain: string } | undefined => {
  const lo = document.querySelector('.domain-low'), hi = document.querySelector('.domain-high');
  if (!lo || lo.closest('[hidden]') || !lo.dataset.value) return undefined;
  const a = lo.getBoundingClientRect(), b = hi.getBoundingClientRect();
  return {
    low: Number(lo.dataset.value), high: Number(hi.dataset.value), x0: a.left + a.width / 2, x1: b.left + b.width / 2,
    y: a.top + a.height / 2, label: document.querySelector('.domain-label').textContent, domain: document.querySelector('.histogram').dataset.domain,
  };
};

describe('webview: histogram of the whole array, progress and the domain handles', function () {
  this.timeout(120_000);
  const suite = pageSuite();

  it('"Whole array" counts every value of the array, not the slice; the choice is remembered', async () => {
    // 4 × 5 × 6 values 0 … 119; the grid shows the slice [0] (30 values).
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [4, 5, 6], writeF8((i) => (i === 7 ? NaN : i)))), 'w.npy'), { fileName: 'w.npy' });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="histogram"]');
    const slice = await until(async () => h.page.evaluate(drawn), 'the slice histogram');
    assert.strictEqual(slice.specials, 'NaN: 1   +Inf: 0   −Inf: 0   of 30 values');
    assert.strictEqual(await h.page.getAttribute('.hist-scope [data-scope="slice"]', 'aria-checked'), 'true');
    await h.page.click('.hist-scope [data-scope="array"]');
    const whole = await until(async () => {
      const d = await h.page.evaluate(drawn);
      return d && d.specials.endsWith('of 120 values') ? d : undefined;
    }, 'the whole-array histogram');
    assert.strictEqual(whole.specials, 'NaN: 1   +Inf: 0   −Inf: 0   of 120 values');
    assert.strictEqual(whole.bins, Math.ceil(Math.sqrt(119)), 'automatic bins of 119 finite values');
    const req = h.log.filter((m): m is HistogramRequest => m.type === 'histogram').at(-1)!;
    assert.strictEqual(req.scope, 'array');
    assert.strictEqual(await h.page.getAttribute('.hist-canvas', 'aria-label'), 'Histogram of the whole array');
    const s = await until(async () => {
      const st = await h.state();
      return st.pictures?.histogram?.scope === 'array' ? st : undefined;
    }, 'the scope saved');
    assert.strictEqual(s.pictures!.mode, 'histogram');
  });

  it('a long whole-array count shows a progress bar with its percent, and Cancel stops it leaving the view usable', async () => {
    // 100 × 1000 × 1000 float64 (800 MB computed on read): the slice is small, the whole array takes seconds.
    const src = new SyntheticSource(f8, [100, 1000, 1000], writeF8((i) => i % 1013));
    const h = await Harness.open(suite.browser, await openSource(src, 'big.npy'), { fileName: 'big.npy' });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="histogram"]');
    await until(async () => h.page.evaluate(drawn), 'the slice histogram');
    await h.page.click('.hist-scope [data-scope="array"]');
    const shown = await until(async () => {
      const p = await h.page.evaluate(() => {
        const row = document.querySelector('.hist-progress-row');
        return row && !row.hidden ? { pct: Number(document.querySelector('.hist-progress').getAttribute('aria-valuenow')), text: document.querySelector('.hist-progress-text').textContent } : undefined;
      });
      return p && p.pct > 0 ? p : undefined;
    }, 'the progress', 60_000);
    assert.match(shown.text, /^Counting… \d+%$/);
    assert.strictEqual(await h.page.isVisible('.histogram .hist-cancel'), true, 'Cancel in the view');
    await h.page.click('.histogram .hist-cancel');
    const msg = await until(async () => h.page.evaluate(() => {
      const m = document.querySelector('.histogram .heatmap-message');
      return !m.hidden && m.textContent;
    }), 'the cancelled message');
    assert.strictEqual(msg, 'Counting cancelled. Choose Slice or Whole array to count again.');
    assert.ok(h.log.some((m) => m.type === 'cancelJob'), 'the webview sent cancelJob');
    const read = src.stats.bytes;
    assert.ok(read < 2 * 8e8, `read ${read} bytes of two passes over 8e8`);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(src.stats.bytes, read, 'nothing read after Cancel');
    assert.strictEqual(await h.page.isVisible('.hist-progress-row'), false, 'the progress gone');
    // Usable: the slice again draws at once.
    await h.page.click('.hist-scope [data-scope="slice"]');
    const slice = await until(async () => h.page.evaluate(drawn), 'the slice histogram again');
    assert.strictEqual(slice.specials, 'NaN: 0   +Inf: 0   −Inf: 0   of 1000000 values');
  });

  it('dragging the handles sets the heatmap\'s domain and the shaded cells\'; arrow keys move a handle; Reset is automatic again', async () => {
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(npyBytes(f8, [10, 10], writeF8((i) => i))), 'd.npy'), { fileName: 'd.npy' });
    await h.settled();
    await h.page.click('.pictures-switch [data-picture="histogram"]');
    await until(async () => h.page.evaluate(drawn), 'the histogram');
    const at = await until(async () => h.page.evaluate(handles), 'the handles');
    assert.deepStrictEqual([at.low, at.high, at.domain], [0, 99, 'auto'], 'automatic: the handles at the ends');
    const xOf = (v: number): number => at.x0 + ((v - at.low) / (at.high - at.low)) * (at.x1 - at.x0);
    const drag = async (from: number, to: number): Promise<string> => {
      await h.page.mouse.move(from, at.y);
      await h.page.mouse.down();
      await h.page.mouse.move((from + to) / 2, at.y, { steps: 2 });
      await h.page.mouse.move(to, at.y, { steps: 2 });
      const during = await h.page.evaluate(() => {
        const l = document.querySelector('.domain-label');
        return l.hidden ? '' : l.textContent;
      });
      await h.page.mouse.up();
      return during;
    };
    const during = await drag(at.x0, xOf(25));
    assert.match(during, /^2[45](\.\d+)? … 99$/, `the values shown while dragging: ${during}`);
    await drag(at.x1, xOf(75));
    const set = await until(async () => {
      const q = await h.page.evaluate(handles);
      return q && q.domain !== 'auto' && q.high < 99 ? q : undefined;
    }, 'the dragged domain');
    assert.ok(Math.abs(set.low - 25) < 1.5 && Math.abs(set.high - 75) < 1.5, `dragged to ${set.low} … ${set.high}`);
    assert.strictEqual(set.domain, `${set.low},${set.high}`);
    // The heatmap shows it.
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    await until(async () => h.page.evaluate(() => {
      const c = document.querySelector('.heatmap-canvas');
      return c && c.dataset.rows && !c.closest('.loading');
    }), 'the heatmap');
    assert.deepStrictEqual([Number(await h.page.inputValue('.heatmap-low')), Number(await h.page.inputValue('.heatmap-high'))], [set.low, set.high]);
    const st = await until(async () => {
      const s = await h.state();
      return s.pictures?.heatmap?.domain && s.shade?.domain === 'custom' ? s : undefined;
    }, 'the domain saved');
    assert.deepStrictEqual(st.pictures!.heatmap!.domain, { low: set.low, high: set.high });
    assert.deepStrictEqual([st.shade!.low, st.shade!.high], [set.low, set.high], 'the shaded cells use it too');
    // Keyboard: the low handle, one step (1 % of 0 … 99) right.
    await h.page.click('.pictures-switch [data-picture="histogram"]');
    await until(async () => h.page.evaluate(handles), 'the handles again');
    await h.page.focus('.domain-low');
    await h.page.keyboard.press('ArrowRight');
    const moved = await until(async () => {
      const q = await h.page.evaluate(handles);
      return q && q.low !== set.low ? q : undefined;
    }, 'the key move');
    assert.ok(Math.abs(moved.low - (set.low + 0.99)) <= 0.05 + 1e-9, `low ${moved.low} (a step of 0.99 from ${set.low}, to 0.1)`);
    assert.strictEqual(moved.high, set.high);
    // Reset: automatic again, in the heatmap too.
    await h.page.click('.hist-domain-reset');
    const reset = await until(async () => {
      const q = await h.page.evaluate(handles);
      return q && q.domain === 'auto' ? q : undefined;
    }, 'the reset');
    assert.deepStrictEqual([reset.low, reset.high], [0, 99]);
    await h.page.click('.pictures-switch [data-picture="heatmap"]');
    await until(async () => (await h.page.inputValue('.heatmap-low')) === '0' && (await h.page.inputValue('.heatmap-high')) === '99', 'the automatic domain');
    const after = await h.state();
    assert.strictEqual(after.pictures?.heatmap?.domain, undefined);
    assert.strictEqual(after.shade?.domain, 'minmax');
  });
});
