/**
 * The settings of the views remembered per file (src/viewer/fileSettings.ts) over a Memento like
 * VS Code's globalState: what a viewer reported comes back for the same file only, starting on
 * the grid; an unchanged report writes nothing; the least recently reported file goes first.
 */
import * as assert from 'assert';
import { FileSettings } from '../../../src/viewer/fileSettings';
import type { PictureSettings, ViewState } from '../../../src/shared/protocol';

class Memento {
  readonly data = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  update(key: string, value: unknown): Thenable<void> {
    this.writes++;
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const uri = (name: string): string => `file:///data/${name}`;

const pictures = (colormap: string): PictureSettings => ({
  mode: 'heatmap', heatmap: { colormap, invert: true, scale: 'log', domain: { low: 1, high: 5 } },
  histogram: { log: true, bins: '40', scope: 'array' }, part: 'phase',
});
const state = (p: PictureSettings | undefined): ViewState => ({
  scrollRow: 7, scrollCol: 2, view: { index: '', rowAxis: 0, colAxis: 1 }, pictures: p,
  shade: { on: true, colormap: 'magma', domain: 'robust' },
});

describe('viewer: view settings remembered per file', () => {
  it('a file gets back the settings its viewer reported, on the grid, and no other file does', () => {
    const m = new Memento();
    const fs = new FileSettings(m);
    assert.strictEqual(fs.get(uri('a.npy')), undefined);
    fs.remember(uri('a.npy'), state(pictures('twilight')));
    assert.deepStrictEqual(fs.get(uri('a.npy')), {
      pictures: { ...pictures('twilight'), mode: 'grid' },
      shade: { on: true, colormap: 'magma', domain: 'robust' },
    });
    assert.strictEqual(fs.get(uri('b.npy')), undefined);
    // A new FileSettings over the same store (a restart) still has it.
    assert.strictEqual(new FileSettings(m).get(uri('a.npy'))?.pictures?.heatmap?.colormap, 'twilight');
  });

  it('an unchanged report is not written again; a change is', () => {
    const m = new Memento();
    const fs = new FileSettings(m);
    fs.remember(uri('a.npy'), state(pictures('gray')));
    fs.remember(uri('a.npy'), { ...state(pictures('gray')), scrollRow: 99 });
    assert.strictEqual(m.writes, 1, 'the scroll position is not a setting');
    fs.remember(uri('a.npy'), state(pictures('cividis')));
    assert.strictEqual(m.writes, 2);
    fs.remember(uri('a.npy'), { scrollRow: 0, scrollCol: 0 });
    assert.strictEqual(m.writes, 2, 'a report without settings keeps the last ones');
    assert.strictEqual(fs.get(uri('a.npy'))?.pictures?.heatmap?.colormap, 'cividis');
  });

  it('at most 200 files: the least recently reported is dropped first', () => {
    const m = new Memento();
    const fs = new FileSettings(m);
    for (let i = 0; i < 205; i++) fs.remember(uri(`f${i}.npy`), state(pictures(i % 2 ? 'gray' : 'viridis')));
    fs.remember(uri('f5.npy'), state(pictures('magma'))); // f5 reported again: now the newest
    fs.remember(uri('new.npy'), state(pictures('gray')));
    const kept = Object.keys(m.get<Record<string, unknown>>('npyViewer.fileSettings')!);
    assert.strictEqual(kept.length, 200);
    for (const gone of [0, 1, 2, 3, 4, 6]) assert.strictEqual(fs.get(uri(`f${gone}.npy`)), undefined, `f${gone} dropped`);
    assert.strictEqual(fs.get(uri('f5.npy'))?.pictures?.heatmap?.colormap, 'magma');
    assert.ok(fs.get(uri('f204.npy')) && fs.get(uri('new.npy')));
  });
});
