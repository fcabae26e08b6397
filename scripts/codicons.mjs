#!/usr/bin/env node
/**
 * Build step (npm run build:assets): writes dist/codicons/ for the webview — the codicon font, and
 * a stylesheet with only the icons the webview names. The full codicon.css has ~1300 rules; the
 * page parses and matches every one of them before its script runs, for the three icons it shows.
 *
 * An icon is kept when its name appears as a quoted string in webview/*.ts (icon('export'),
 * button('save-as', …)); a few extra rules from names that are also other words cost nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FROM = path.join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');
const TO = path.join(ROOT, 'dist', 'codicons');

const css = fs.readFileSync(path.join(FROM, 'codicon.css'), 'utf8');
const marker = css.indexOf('.codicon-add:before');
if (marker < 0) throw new Error('codicon.css: the list of icons was not found (did its layout change?)');
// Everything before the icon list: the @font-face, the base rule, the modifiers.
const head = css.slice(0, marker);

const sources = fs.readdirSync(path.join(ROOT, 'webview'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => fs.readFileSync(path.join(ROOT, 'webview', f), 'utf8'))
  .join('\n');
const quoted = new Set([...sources.matchAll(/'([a-z0-9-]+)'/g)].map((m) => m[1]));

const rules = [...css.slice(marker).matchAll(/^\.codicon-([a-z0-9-]+):before \{ content: "\\[0-9a-f]+" \}$/gm)];
if (rules.length < 100) throw new Error(`codicon.css: only ${rules.length} icon rules recognised`);
const kept = rules.filter((m) => quoted.has(m[1])).map((m) => m[0]);

fs.mkdirSync(TO, { recursive: true });
fs.writeFileSync(path.join(TO, 'codicon.css'), `${head}${kept.join('\n')}\n`);
fs.copyFileSync(path.join(FROM, 'codicon.ttf'), path.join(TO, 'codicon.ttf'));
console.log(`dist/codicons: ${kept.length} of ${rules.length} icons (${kept.map((r) => r.slice(9, r.indexOf(':'))).join(', ')})`);
