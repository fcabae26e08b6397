/**
 * The host side of the protocol as one handler table: every request type has its handler
 * (typed by the protocol's ResponseMap, so a missing one does not compile), every message is
 * checked against its schema first (messages.ts), and whatever only the editor can do (the
 * ready reply it may have sent ahead, the clipboard, commands, remembering the webview's state)
 * is passed in. The editor (src/editor/panel.ts), the webview tests' harness and the unit tests
 * plug the same table into a MessageHandler. No `vscode` here.
 */
import type { Receiver } from '../shared/messages';
import type {
  FromWebviewMessage, ReadyResponse, RequestHandlers, RunCommandRequest, RunCommandResponse, StateEvent,
} from '../shared/protocol';
import { heatmapOf } from './pictures/heatmap';
import { gridStoreOf } from './pictures/heatmapwire';
import { checkFromWebview } from './messages';
import { decodePng, envelopeOf, histogramOfView, robustDomainOf } from './pictures/plots';
import type { ViewerSession } from './session';

/** What the table needs from the editor. */
export interface EditorSide {
  /** The viewer's session; throws (a message for the user) when the file is not open. */
  session(): ViewerSession;
  /** The ready reply (the editor may have sent it ahead as an 'init' event). */
  ready(): Promise<ReadyResponse>;
  /** Puts copied text on the clipboard. */
  clipboard(text: string): Promise<void>;
  runCommand(msg: RunCommandRequest): Promise<RunCommandResponse>;
  /** The webview reported its state (and probe). */
  state(msg: StateEvent): void;
  /** Offers to save a checked PNG (a Save dialog); true when it was written. */
  savePng?(png: Uint8Array, name: string): Promise<boolean>;
}

export function viewerRequests(editor: EditorSide): RequestHandlers {
  return {
    ready: () => editor.ready(),
    resolveView: async (msg) => (await editor.session().resolve(msg.view)).info,
    getPage: (msg) => editor.session().getPage(msg),
    copy: async (msg) => {
      const { cells, text } = await editor.session().copy(msg);
      await editor.clipboard(text);
      return { cells };
    },
    setFormat: async (msg) => editor.session().setFormat(msg.settings),
    runCommand: (msg) => editor.runCommand(msg),
    // Answers from reads of the file are checked against changes on disk after the reads.
    stats: (msg) => { const s = editor.session(); return s.checked(s.stats.stats(msg)); },
    find: (msg) => { const s = editor.session(); return s.checked(s.stats.find(msg)); },
    copyStats: async (msg) => {
      const text = await editor.session().stats.copyText(msg);
      if (text !== undefined) await editor.clipboard(text);
      return { copied: text !== undefined };
    },
    heatmap: async (msg) => { const s = editor.session(); return s.checked(s.resolve(msg.view).then((gv) => heatmapOf(gv, msg, gridStoreOf(s)))); },
    heatmapValues: async (msg) => gridStoreOf(editor.session()).values(msg),
    cellValue: async (msg) => ({ text: (await editor.session().copy({ view: msg.view, row0: msg.row, rows: 1, col0: msg.col, cols: 1, mode: 'full' })).text }),
    envelope: async (msg) => envelopeOf(await editor.session().resolve(msg.view), msg),
    histogram: async (msg) => {
      const s = editor.session();
      const gv = await s.resolve(msg.view);
      const known = s.stats.cached(gv, msg.view.member, msg.scope ?? 'slice');
      return s.checked(s.stats.run(msg.job, (signal, onProgress) => histogramOfView(gv, msg, { signal, onProgress }, known)));
    },
    robustDomain: async (msg) => {
      const s = editor.session();
      const gv = await s.resolve(msg.view);
      return s.checked(s.stats.run(msg.job, (signal, onProgress) => robustDomainOf(gv, { signal, onProgress })));
    },
    savePng: async (msg) => {
      const png = decodePng(msg.png);
      return { done: editor.savePng ? await editor.savePng(png, msg.name) : false };
    },
  };
}

/** The receiver for a MessageHandler on the host: schema check, then the table. */
export function viewerReceiver(editor: EditorSide): Receiver<FromWebviewMessage> {
  return {
    check: checkFromWebview,
    requests: viewerRequests(editor),
    events: {
      state: (msg) => editor.state(msg),
      cancelJob: (msg) => editor.session().stats.cancel(msg.job),
    },
  };
}
