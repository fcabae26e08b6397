#!/usr/bin/env node
// `npm run screenshots`: the README's pictures, taken in the real product. Packages the extension,
// installs the .vsix into the VS Code server the integration tests use (test/tools/vscode-server.js:
// code-server's VS Code server, headless Debian chromium through playwright-core), opens files of
// the sample workspace (scripts/samples.js) the way a user does (Quick Open, Enter), and saves
// PNGs to media/screenshots/. Nothing is staged: the pictures show what the code does today.
//
// Env: NPY_SHOTS_WIDTH / NPY_SHOTS_HEIGHT (default 1280×800), VERBOSE=1 (browser console).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vs = require('../test/tools/vscode-server');
const { sampleWorkspace } = require('./samples');
const { REPO, say } = vs;

const OUT = path.join(REPO, 'media', 'screenshots');
const WIDTH = Number(process.env.NPY_SHOTS_WIDTH || 1280);
const HEIGHT = Number(process.env.NPY_SHOTS_HEIGHT || 800);

/** The pictures: a file to open, what must be on screen before the shot, and the PNG's name. */
const SHOTS = [
  { file: 'matrix_float64.npy', png: 'npy.png', what: 'a 2000×300 float64 .npy in the grid' },
  { file: 'compressed_archive.npz', png: 'npz.png', what: 'an .npz: its members in the Explorer and beside the grid', expand: { view: 'NumPy Arrays', shows: 'weights' } },
  { file: 'volume_float32.npy', png: 'nd.png', what: 'a 3-D array: the axes chosen for rows and columns, the index of the others' },
];

/** A quiet workbench: no welcome page, chat panel, tips or git prompts; VS Code's default dark theme. */
const USER_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'editor.minimap.enabled': false,
  'update.mode': 'none',
};

function sh(cmd, args) {
  return spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit' }).status === 0;
}

/** Resolves when some frame of the page (the webview's inner iframe) shows the grid with values. */
async function gridPainted(page, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        const rows = await frame.evaluate(() => {
          const body = document.querySelector('.grid-body');
          return body ? body.textContent.replace(/[\s·]/g, '').length : -1;
        });
        if (rows > 50) return frame;
      } catch { /* a frame that went away or is not ours */ }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no grid with values within ${timeoutMs / 1000} s`);
}

async function openWithQuickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30000 });
  await input.fill(file);
  // the first match is the file itself (its exact name)
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
}

async function main() {
  say('build and package the extension (npm run package)');
  if (!sh('npm', ['run', '--silent', 'package'])) throw new Error('npm run package failed');
  const { name, version } = require(path.join(REPO, 'package.json'));
  const vsix = path.join(REPO, `${name}-${version}.vsix`);

  const folder = sampleWorkspace(say);
  const missing = SHOTS.map((s) => s.file).filter((f) => !fs.existsSync(path.join(folder, f)));
  if (missing.length) {
    throw new Error(`${folder} lacks ${missing.join(', ')}: the pictures need the NumPy-written samples ` +
      '(python3 with numpy; remove .cache/samples to rewrite them)');
  }

  say('check/install the VS Code server, Node 24 and chromium');
  const tools = vs.setup();
  const root = vs.makeTempRoot('npy-viewer-shots-');
  fs.mkdirSync(path.join(root, 'data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  vs.installVsix(tools, root, vsix);
  let server;
  let browser;
  try {
    server = await vs.startServer(tools, root, {});
    browser = await vs.launchChromium(tools);
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    if (process.env.VERBOSE) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text().slice(0, 300)}`));
    say('open the workbench');
    await page.goto(vs.workbenchUrl(server, folder), { timeout: 120000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 120000 });
    fs.mkdirSync(OUT, { recursive: true });
    for (const shot of SHOTS) {
      say(`${shot.file}: ${shot.what}`);
      await page.keyboard.press('Escape');
      await openWithQuickOpen(page, shot.file);
      await gridPainted(page);
      if (shot.expand) {
        // a view of the Explorer that starts collapsed (the sample workspace's files come first)
        const header = page.locator('.pane-header', { hasText: shot.expand.view });
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        await page.locator('.monaco-list-row', { hasText: shot.expand.shows }).first().waitFor({ timeout: 30000 });
      }
      // let the sidebar, the status bar and the last frame settle
      await page.waitForTimeout(1500);
      await page.mouse.move(WIDTH - 5, HEIGHT - 5);
      const file = path.join(OUT, shot.png);
      await page.screenshot({ path: file });
      say(`wrote ${path.relative(REPO, file)}`);
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) server.stop();
    vs.killGroups();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(`npm run screenshots: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
