#!/usr/bin/env node
/**
 * Every bundle of the project, built with esbuild's API (`npm run build`):
 *
 *   extension  src/extension.ts → dist/extension.js   (VS Code extension host, CommonJS, `vscode` external)
 *   cli        src/cli.ts       → dist/cli.js         (the `npyview` bin: node shebang, small entry)
 *              + each command module of its COMMANDS table → dist/cli/NAME.js (loaded on demand)
 *   webview    webview/main.ts  → dist/webview.js     (browser IIFE)
 *              + webview/compare/main.ts → dist/compare.js (the comparison panel's page)
 *   codicons   dist/codicons/   the codicon font and a stylesheet of only the icons webview/ names
 *
 *   node scripts/build.mjs [TARGET...] [--watch] [--minify] [--readable] [--dist DIR]
 *
 * TARGETs default to all four. --watch rebuilds on change until Ctrl+C. --minify minifies every
 * bundle (the CLI is always minified, its load time being part of every command's run time,
 * unless --readable: test/bench/profile.mjs needs esbuild's `// src/...` module markers).
 * --dist DIR writes there instead of dist/.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let DIST = path.join(ROOT, 'dist');
const TARGETS = ['extension', 'cli', 'webview', 'codicons'];

function parseArgs(argv) {
  const opts = { watch: false, minify: false, readable: false, targets: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--watch') opts.watch = true;
    else if (a === '--minify') opts.minify = true;
    else if (a === '--readable') opts.readable = true;
    else if (a === '--dist' && argv[i + 1]) DIST = path.resolve(argv[++i]);
    else if (TARGETS.includes(a)) opts.targets.push(a);
    else throw new Error(`unknown argument ${a} (targets: ${TARGETS.join(', ')}; flags: --watch, --minify, --readable, --dist DIR)`);
  }
  if (opts.targets.length === 0) opts.targets = TARGETS;
  return opts;
}

/** Node bundles run the browser build of fflate: unlike its Node build it loads neither `module` nor `worker_threads`. */
const FFLATE_BROWSER = { fflate: path.join(ROOT, 'node_modules', 'fflate', 'esm', 'browser.js') };

const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  alias: FFLATE_BROWSER,
  logLevel: 'warning',
  absWorkingDir: ROOT,
};

/** Prints one line per finished build (also on every rebuild in --watch). */
function report(name) {
  return {
    name: 'report',
    setup(build) {
      let t0 = 0;
      build.onStart(() => { t0 = Date.now(); });
      build.onEnd((r) => {
        const outs = Object.keys(r.metafile?.outputs ?? {}).filter((f) => !f.endsWith('.map'));
        const what = outs.map((f) => `${path.relative(ROOT, path.resolve(ROOT, f))} ${(fs.statSync(path.resolve(ROOT, f)).size / 1024).toFixed(0)} KB`);
        console.log(`${name}: ${r.errors.length ? `${r.errors.length} error(s)` : what.join(', ')} (${Date.now() - t0} ms)`);
      });
    },
  };
}

// ---------------------------------------------------------------- the bundles

function extension(opts) {
  return [{
    ...nodeBundle,
    entryPoints: ['src/extension.ts'],
    outfile: path.join(DIST, 'extension.js'),
    external: ['vscode'],
    sourcemap: true,
    minify: opts.minify,
    metafile: true,
    plugins: [report('extension')],
  }];
}

function webview(opts) {
  const page = (entry, out, name) => ({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    outfile: path.join(DIST, out),
    sourcemap: true,
    minify: opts.minify,
    logLevel: 'warning',
    absWorkingDir: ROOT,
    metafile: true,
    plugins: [report(name)],
  });
  return [page('webview/main.ts', 'webview.js', 'webview'), page('webview/compare/main.ts', 'compare.js', 'compare')];
}

/**
 * The CLI entry keeps `require('./cli/NAME')` of its COMMANDS table as run-time requires of
 * dist/cli/NAME.js, and names those modules here, so that the same list builds their bundles.
 */
function commandModules(found) {
  return {
    name: 'cli-commands',
    setup(build) {
      const entry = path.join(ROOT, 'src', 'cli.ts');
      build.onResolve({ filter: /^\.\/cli\/[\w-]+$/ }, (a) => {
        if (a.importer !== entry || a.kind !== 'require-call') return undefined;
        found.add(a.path.slice('./cli/'.length));
        return { path: `${a.path}.js`, external: true };
      });
    },
  };
}

async function cliEntryOptions(opts) {
  const found = new Set();
  const entry = {
    ...nodeBundle,
    entryPoints: ['src/cli.ts'],
    outfile: path.join(DIST, 'cli.js'),
    minify: !opts.readable,
    // src/cli.ts starts with `#!/usr/bin/env node`, which esbuild keeps: dist/cli.js is the bin on
    // every platform (on Windows npm writes a .cmd shim that reads it).
    metafile: true,
    plugins: [commandModules(found), report('cli'), executable(path.join(DIST, 'cli.js'))],
  };
  // One build to learn which command modules the table names (esbuild cannot add entry points mid-build).
  await esbuild.build({ ...entry, write: false, logLevel: 'silent', plugins: [commandModules(found)] });
  if (found.size === 0) throw new Error("src/cli.ts: no require('./cli/NAME') in COMMANDS: cannot find the command modules");
  return { entry, commands: [...found].sort() };
}

function executable(file) {
  return { name: 'chmod', setup(build) { build.onEnd((r) => { if (!r.errors.length) fs.chmodSync(file, 0o755); }); } };
}

async function cli(opts) {
  const { entry, commands } = await cliEntryOptions(opts);
  fs.rmSync(path.join(DIST, 'cli'), { recursive: true, force: true });
  return [entry, {
    ...nodeBundle,
    entryPoints: Object.fromEntries(commands.map((c) => [c, `src/cli/${c}.ts`])),
    outdir: path.join(DIST, 'cli'),
    minify: !opts.readable,
    metafile: true,
    plugins: [report(`cli commands (${commands.join(', ')})`)],
  }];
}

/**
 * dist/codicons/: the codicon font, and a stylesheet with only the icons the webview names. The
 * full codicon.css has ~650 icon rules; the page parses and matches every one of them before its
 * script runs, for the few icons it shows. An icon is kept when its name appears as a quoted
 * string in webview/ (icon('export'), button('save-as', …)); a few extra rules from names that
 * are also other words cost nothing.
 */
function codicons() {
  const from = path.join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(DIST, 'codicons');
  const css = fs.readFileSync(path.join(from, 'codicon.css'), 'utf8');
  const marker = css.indexOf('.codicon-add:before');
  if (marker < 0) throw new Error('codicon.css: the list of icons was not found (did its layout change?)');
  // Everything before the icon list: the @font-face, the base rule, the modifiers.
  const head = css.slice(0, marker);

  const sources = webviewSources(path.join(ROOT, 'webview')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const quoted = new Set([...sources.matchAll(/'([a-z0-9-]+)'/g)].map((m) => m[1]));

  const rules = [...css.slice(marker).matchAll(/^\.codicon-([a-z0-9-]+):before \{ content: "\\[0-9a-f]+" \}$/gm)];
  if (rules.length < 100) throw new Error(`codicon.css: only ${rules.length} icon rules recognised`);
  const kept = rules.filter((m) => quoted.has(m[1]));

  fs.mkdirSync(to, { recursive: true });
  fs.writeFileSync(path.join(to, 'codicon.css'), `${head}${kept.map((m) => m[0]).join('\n')}\n`);
  fs.copyFileSync(path.join(from, 'codicon.ttf'), path.join(to, 'codicon.ttf'));
  console.log(`codicons: ${path.relative(ROOT, to)}, ${kept.length} of ${rules.length} icons (${kept.map((m) => m[1]).join(', ')})`);
}

/** The webview's .ts files, subfolders included. */
function webviewSources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return webviewSources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Rebuilds the codicon subset after each webview build in --watch (a new icon name may have appeared). */
const codiconsAfterWebview = {
  name: 'codicons',
  setup(build) { build.onEnd((r) => { if (!r.errors.length) codicons(); }); },
};

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const configs = [];
  if (opts.targets.includes('extension')) configs.push(...extension(opts));
  if (opts.targets.includes('cli')) configs.push(...(await cli(opts)));
  if (opts.targets.includes('webview')) configs.push(...webview(opts));

  if (!opts.watch) {
    await Promise.all(configs.map((c) => esbuild.build(c)));
    if (opts.targets.includes('codicons')) codicons();
    return;
  }
  if (opts.targets.includes('codicons')) {
    const wv = configs.find((c) => c.outfile === path.join(DIST, 'webview.js'));
    if (wv) wv.plugins = [...wv.plugins, codiconsAfterWebview];
    else codicons();
  }
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes (Ctrl+C to stop); a new CLI command needs a restart');
}

main().catch((err) => {
  // esbuild has printed its own diagnostics already
  if (!err.errors) console.error(`build: ${err.message}`);
  process.exit(1);
});
