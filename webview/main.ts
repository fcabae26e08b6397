/** Webview entry point (bundled to dist/webview.js). */
import { App, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app') ?? document.body;
void new App(acquireVsCodeApi(), root, stringsOf(root)).start();

/** The UI strings the page came with (data-strings), if any: the ready reply carries them too. */
function stringsOf(e: HTMLElement): Record<string, string> | undefined {
  try {
    const v: unknown = JSON.parse(e.dataset.strings ?? '');
    return v && typeof v === 'object' ? (v as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
