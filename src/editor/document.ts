import * as vscode from 'vscode';
import { OpenedAny } from '../npy/format/open';
import type { RawLayout } from '../npy/format/raw';
import { containerOf, MemberListing, listMembers } from '../viewer/describe';
import { RawLayouts } from './rawLayouts';
import { errorText } from '../shared/errors';
import { fileNameOf, openUri, statOnDisk } from './uriSource';

/** How long to wait after the last change event before reopening (writers touch a file several times). */
const RELOAD_DELAY_MS = 300;
/** How long a file that changed must stay unreadable before a notification says so (np.save writes in steps). */
const NOTIFY_DELAY_MS = 1500;

/**
 * One opened array file (.npy, .npz, .safetensors, a sharded index, raw binary). Owns the engine handle (shared by every editor showing the file),
 * reopens it when the file changes on disk and releases it when the last editor closes.
 */
export class NpyDocument implements vscode.CustomDocument {
  private opened?: OpenedAny;
  /** The raw layout the file was last opened with (undefined: by its content). */
  private rawLayout?: RawLayout;
  private openError?: string;
  private size = 0;
  private mtime = 0;
  private members?: MemberListing;
  private reloadTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;
  private reloading: Promise<void>;
  /** Counts opens, so a notification can tell whether the file was opened again meanwhile. */
  private loads = 0;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly didReload = new vscode.EventEmitter<void>();
  /** Fires after the file was reopened (successfully or not). */
  readonly onDidReload = this.didReload.event;

  private constructor(readonly uri: vscode.Uri) {
    const dir = vscode.Uri.joinPath(uri, '..');
    // Watch the folder and filter by URI: a file name may contain glob syntax ('run[1].npy').
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, '*'));
    const schedule = (changed: vscode.Uri): void => {
      if (changed.toString() === uri.toString()) this.scheduleReload();
    };
    this.watcher.onDidChange(schedule);
    this.watcher.onDidCreate(schedule);
    this.watcher.onDidDelete(schedule);
    this.loaded = this.reloading = this.load().then(() => { this.openMarks.open = Date.now(); });
  }

  /** Date.now() when opening started and when the file was open (the viewer benchmark reads them). */
  readonly openMarks: { start: number; open?: number } = { start: Date.now() };
  /**
   * Settles once the file was opened (or failed to open) the first time. VS Code creates the
   * webview only after openCustomDocument returns, so the document opens meanwhile instead of
   * before: whatever reads `file`, `error` or the members waits for this first.
   */
  readonly loaded: Promise<void>;

  /** Starts opening `uri`; see `loaded`. */
  static create(uri: vscode.Uri): NpyDocument {
    return new NpyDocument(uri);
  }

  get fileName(): string { return fileNameOf(this.uri); }
  /** The engine handle, or undefined when the file could not be opened (see `error`). */
  get file(): OpenedAny | undefined { return this.opened; }
  /** The layout of a file opened as raw binary ("Open as Array…"). */
  get raw(): RawLayout | undefined { return this.rawLayout; }
  /** Why the file could not be opened (without the file name: see `errorWithName`). */
  get error(): string | undefined { return this.openError; }
  /** Why the file could not be opened, naming the file. */
  get errorWithName(): string | undefined {
    return this.openError === undefined ? undefined : vscode.l10n.t('Cannot open {0}: {1}', this.fileName, this.openError);
  }
  get sizeOnDisk(): number { return this.size; }
  /**
   * The file's identity as last opened: its URI, size and mtime. Statistics are remembered under
   * it (src/viewer/statsjobs.ts) while the file is unchanged.
   */
  get identity(): string { return JSON.stringify([this.uri.toString(), this.size, this.mtime]); }

  /** The members or tensors (headers read in the background, cached until the file changes); none for one array. */
  memberListing(): MemberListing {
    const c = this.opened && containerOf(this.opened);
    if (!c) return { list: [], done: Promise.resolve() };
    this.members ??= listMembers(c);
    return this.members;
  }

  /** Reopens the file now (the refresh command, and the watcher after its delay). */
  reload(): Promise<void> {
    clearTimeout(this.reloadTimer);
    // One reload at a time: a second change during a reload reopens again afterwards.
    this.reloading = this.reloading.then(async () => {
      if (this.disposed) return;
      const old = this.opened;
      await this.load();
      this.didReload.fire();
      // Close the old handle only after listeners switched to the new one.
      if (old) await old.close().catch(() => undefined);
    });
    return this.reloading;
  }

  /**
   * A read found the file changed under it (the session's onFileChanged): reopen it soon, as the
   * watcher would (it may not have fired yet, or not at all for this file system).
   */
  fileChanged(): void {
    if (this.reloadTimer === undefined) this.scheduleReload();
  }

  /**
   * The watcher saw the file touched: after a pause (a writer touches it several times), check it
   * and reopen it if it is not the file that was opened any more (rewritten, truncated, grown,
   * replaced, deleted, or back after failing to open). The viewers reload, keeping their view.
   */
  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      if (this.disposed) return;
      void this.unchanged().then(async (same) => {
        if (same || this.disposed) return;
        const wasOpen = this.opened !== undefined;
        await this.reload();
        if (!wasOpen || this.opened || this.disposed) return;
        const failed = this.loads;
        setTimeout(() => { if (this.loads === failed && !this.opened && !this.disposed) this.offerReload(); }, NOTIFY_DELAY_MS);
      });
    }, RELOAD_DELAY_MS);
  }

  /** True when the open handle can tell it still reads the file that was opened. */
  private async unchanged(): Promise<boolean> {
    const verify = this.opened?.source.verify;
    if (!verify) return false;
    try {
      await verify.call(this.opened?.source);
      return true;
    } catch {
      return false;
    }
  }

  /** A file that changed and can no longer be shown (deleted, truncated, not an array any more): say so and offer Reload. */
  private offerReload(): void {
    const reload = vscode.l10n.t('Reload');
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} changed on disk and can no longer be shown: {1}', this.fileName, this.openError ?? ''), reload,
    ).then((choice) => { if (choice === reload && !this.disposed) void this.reload(); });
  }

  private async load(): Promise<void> {
    this.loads++;
    this.members = undefined;
    const stat = statOnDisk(this.uri); // never throws; read alongside the header
    try {
      this.rawLayout = RawLayouts.current?.layoutFor(this.uri);
      const f = await openUri(this.uri, this.rawLayout);
      if (this.disposed) { await f.close(); return; }
      this.opened = f;
      this.openError = undefined;
    } catch (e) {
      this.opened = undefined;
      // The engine labels messages with the path; the viewer shows the file name itself.
      const msg = errorText(e);
      const prefix = `${this.uri.scheme === 'file' ? this.uri.fsPath : this.fileName}: `;
      this.openError = msg.startsWith(prefix) ? msg.slice(prefix.length) : msg;
    }
    ({ size: this.size, mtime: this.mtime } = await stat);
  }

  dispose(): void {
    this.disposed = true;
    RawLayouts.current?.release(this.uri);
    clearTimeout(this.reloadTimer);
    this.watcher.dispose();
    this.didReload.dispose();
    const f = this.opened;
    this.opened = undefined;
    if (f) void f.close().catch(() => undefined);
  }
}
