/**
 * Value-shaded cells' robust domain and remembered settings in real headless chromium, answered
 * by a real ViewerSession: the robust 1–99 % domain is the whole slice's (asked of the host once
 * per slice), not the cells on screen; the toggle, colormap and domain choice come back from the
 * view state.
 */
import * as assert from 'assert';
import { colorAt, getColormap } from '../../src/shared/draw/colormaps';
import { BufferSource } from '../../src/npy/io/filesource';
import { openSource } from '../../src/npy/format/open';
import type { ViewState } from '../../src/shared/protocol';
import { Harness, pageSuite, until } from './harness';
import { f8, npyBytes, writeF8 } from '../support/viewer-arrays';

declare const document: any;

/** 1000 × 6 float64, element i = i: the slice's 1st/99th percentiles are 59.99 and 5939.01 (np.percentile). */
const ROWS = 1000;
const COLS = 6;
const LOW = 59.99;
const HIGH = 5939.01;

const pixelAt = ([x, y]: number[]): number[] => {
  const c = document.querySelector('.grid-shade');
  const r = c.getBoundingClientRect();
  return [...c.getContext('2d').getImageData(Math.floor(((x - r.left) * c.width) / r.width), Math.floor(((y - r.top) * c.height) / r.height), 1, 1).data];
};

describe('value shading: robust domain of the slice, remembered settings (headless chromium)', function () {
  const suite = pageSuite();

  async function open(restore?: ViewState): Promise<Harness> {
    const bytes = npyBytes(f8, [ROWS, COLS], writeF8((i) => i));
    return Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'ramp.npy'), { fileName: 'ramp.npy', restore });
  }

  /** The range shown, as numbers, once it is near [LOW, HIGH]. */
  async function slicesRange(h: Harness): Promise<number[]> {
    return until(async () => {
      const m = /^(\S+) to (\S+)$/.exec(await h.page.textContent('.shade-range') ?? '');
      const r = m ? [Number(m[1]), Number(m[2])] : [];
      return r.length === 2 && Math.abs(r[0] - LOW) < 1e-9 && Math.abs(r[1] - HIGH) < 1e-9 && r;
    }, 'the slice\'s 1–99 % range');
  }

  it('robust: the 1st/99th percentiles of the whole slice (not of the cells on screen), asked once per slice', async () => {
    const h = await open();
    await h.settled();
    const onScreen = (await h.domCells()).cells.map((c) => Number(c.text)).filter(Number.isFinite);
    assert.ok(Math.max(...onScreen) < HIGH / 2, 'most of the slice is off screen');
    await h.page.click('.action-shade');
    await h.page.selectOption('.shade-mode', 'robust');
    const [low, high] = await slicesRange(h);
    const asked = () => h.log.filter((m) => m.type === 'robustDomain').length;
    assert.strictEqual(asked(), 1);
    // A visible cell takes the colormap's colour over the slice's range.
    await h.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const cell = (await h.domCells()).cells.find((c) => c.text === '100.0');
    assert.ok(cell, 'a cell shows 100.0');
    const want = [...colorAt(getColormap('viridis'), (100 - low) / (high - low)), 255];
    assert.deepStrictEqual(await h.page.evaluate(pixelAt, [cell.x + cell.w / 2, cell.y + cell.h / 2]), want);
    // Back and forth: the slice's answer is remembered.
    await h.page.selectOption('.shade-mode', 'minmax');
    await until(async () => (await h.page.textContent('.shade-range')) === '0 to 5999' && true, 'min–max');
    await h.page.selectOption('.shade-mode', 'robust');
    await slicesRange(h);
    assert.strictEqual(asked(), 1, 'asked once for the slice');
  });

  it('the toggle, colormap and domain choice are saved in the view state and restored from it', async () => {
    const h = await open();
    await h.settled();
    await h.page.click('.action-shade');
    await h.page.selectOption('.shade-mode', 'robust');
    await h.page.selectOption('.shade-colormap', 'magma');
    const saved = await until(async () => { const s = await h.state(); return s.shade?.colormap === 'magma' && s; }, 'the settings in the state');
    assert.deepStrictEqual(saved.shade, { on: true, colormap: 'magma', domain: 'robust' });
    await h.page.selectOption('.shade-mode', 'custom');
    await h.page.fill('.shade-low', '10');
    await h.page.fill('.shade-high', '20');
    await h.page.press('.shade-high', 'Enter');
    const custom = await until(async () => { const s = await h.state(); return s.shade?.domain === 'custom' && s; }, 'custom in the state');
    assert.deepStrictEqual(custom.shade, { on: true, colormap: 'magma', domain: 'custom', low: 10, high: 20 });

    const again = await open({ scrollRow: 0, scrollCol: 0, shade: saved.shade });
    await again.settled();
    assert.strictEqual(await again.page.getAttribute('.action-shade', 'aria-pressed'), 'true');
    assert.strictEqual(await again.page.inputValue('.shade-mode'), 'robust');
    assert.strictEqual(await again.page.inputValue('.shade-colormap'), 'magma');
    await slicesRange(again);

    const third = await open({ scrollRow: 0, scrollCol: 0, shade: custom.shade });
    await third.settled();
    await until(async () => (await third.page.textContent('.shade-range')) === '10 to 20' && true, 'the typed range restored');
    assert.strictEqual(await third.page.inputValue('.shade-low'), '10');

    // Off by default when nothing was saved.
    const fresh = await open();
    await fresh.settled();
    assert.strictEqual(await fresh.page.getAttribute('.action-shade', 'aria-pressed'), 'false');
    assert.strictEqual(await fresh.page.inputValue('.shade-colormap'), 'viridis');
  });

  it('a new viewer starts with the colormap last chosen anywhere (the ready reply\'s default); the file\'s own choice wins', async () => {
    const bytes = npyBytes(f8, [ROWS, COLS], writeF8((i) => i));
    const h = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'ramp.npy'), { fileName: 'ramp.npy', shadeColormap: 'magma' });
    await h.settled();
    assert.strictEqual(await h.page.inputValue('.shade-colormap'), 'magma');
    assert.strictEqual(await h.page.getAttribute('.action-shade', 'aria-pressed'), 'false');
    const own = await Harness.open(suite.browser, await openSource(new BufferSource(bytes), 'ramp.npy'), {
      fileName: 'ramp.npy', shadeColormap: 'magma', restore: { scrollRow: 0, scrollCol: 0, shade: { on: false, colormap: 'gray', domain: 'minmax' } },
    });
    await own.settled();
    assert.strictEqual(await own.page.inputValue('.shade-colormap'), 'gray');
  });
});
