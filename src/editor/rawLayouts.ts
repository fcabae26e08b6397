import * as vscode from 'vscode';
import type { RawLayout } from '../npy/format/raw';
import { isRawChoice, RawChoice, toLayout } from '../commands/rawChoices';

/** globalState key of the remembered layouts. */
const KEY = 'npyViewer.rawLayouts';
/** Layouts remembered, most recent first; older ones are forgotten. */
const MAX_REMEMBERED = 200;

/** Files the viewer opens by their content; any other file it shows was opened as raw binary. */
export function isArrayFileName(path: string): boolean {
  return /\.(npy|npz|safetensors)$/i.test(path) || /\.safetensors\.index\.json$/i.test(path);
}

/**
 * The layouts chosen with "Open as Array…", remembered per file (by URI, in globalState so the
 * same file gets its layout in any window). A file is opened as raw binary when the user chose
 * so in this session, or when it is not an array file by name and a layout is remembered for it
 * (a viewer restored after a restart).
 */
export class RawLayouts {
  private static instance?: RawLayouts;
  /** URIs the user asked to open as raw in this session (an array file by name included). */
  private readonly asRaw = new Set<string>();

  private constructor(private readonly state: vscode.Memento) {}

  static register(context: vscode.ExtensionContext): RawLayouts {
    RawLayouts.instance = new RawLayouts(context.globalState);
    return RawLayouts.instance;
  }

  static get current(): RawLayouts | undefined { return RawLayouts.instance; }

  private all(): [string, RawChoice][] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter((e): e is [string, RawChoice] =>
      Array.isArray(e) && typeof e[0] === 'string' && isRawChoice(e[1])) : [];
  }

  /** The last choice for `uri`, if any. */
  choiceFor(uri: vscode.Uri): RawChoice | undefined {
    const key = uri.toString();
    return this.all().find(([k]) => k === key)?.[1];
  }

  /** The layout the viewer opens `uri` with, or undefined to open it by its content. */
  layoutFor(uri: vscode.Uri): RawLayout | undefined {
    const raw = this.asRaw.has(uri.toString()) || !isArrayFileName(uri.path);
    const choice = raw ? this.choiceFor(uri) : undefined;
    return choice && toLayout(choice);
  }

  /** Remembers `choice` for `uri` and opens it as raw binary from now on. */
  async remember(uri: vscode.Uri, choice: RawChoice): Promise<void> {
    const key = uri.toString();
    this.asRaw.add(key);
    const rest = this.all().filter(([k]) => k !== key);
    await this.state.update(KEY, [[key, choice], ...rest].slice(0, MAX_REMEMBERED));
  }

  /** The last viewer of `uri` closed: an array file opens by its content again next time. */
  release(uri: vscode.Uri): void {
    this.asRaw.delete(uri.toString());
  }
}
