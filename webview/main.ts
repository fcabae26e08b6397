/** Webview entry point (bundled to dist/webview.js). */
import { App, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app') ?? document.body;
void new App(acquireVsCodeApi(), root).start();
