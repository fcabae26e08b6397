/**
 * The settings of each view (heatmap colormap, scale and domain; line, histogram and image
 * options; the complex part; value shading), remembered per file: the last ones a viewer of the
 * file reported, kept in globalState (so across restarts) for the most recently used files. A new
 * viewer of the file starts with them; it starts on the grid (which view shows is not kept).
 */
import type { RememberedSettings, ViewState } from '../shared/protocol';

/** Where they are kept: VS Code's globalState (a Memento) in the extension. */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** globalState key of the remembered settings, by file URI. */
const KEY = 'npyViewer.fileSettings';
/** Files remembered at most (the least recently reported dropped first). */
const MAX_FILES = 200;

export class FileSettings {
  constructor(private readonly store: SettingsStore) {}

  /** What a new viewer of the file `uri` starts with, if a viewer of it reported settings before. */
  get(uri: string): RememberedSettings | undefined {
    return this.all()[uri];
  }

  /** A viewer of `uri` reported its state: keep its settings (a write only when they changed). */
  remember(uri: string, state: ViewState): void {
    if (!state.pictures && !state.shade) return;
    const entry: RememberedSettings = {
      ...(state.pictures ? { pictures: { ...state.pictures, mode: 'grid' } } : {}),
      ...(state.shade ? { shade: state.shade } : {}),
    };
    const key = uri;
    const all = this.all();
    if (JSON.stringify(all[key]) === JSON.stringify(entry)) return;
    delete all[key];
    all[key] = entry;
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_FILES))) delete all[k];
    void this.store.update(KEY, all);
  }

  private all(): Record<string, RememberedSettings> {
    const v = this.store.get<Record<string, RememberedSettings>>(KEY);
    return v && typeof v === 'object' ? { ...v } : {};
  }
}
