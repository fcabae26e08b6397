#!/usr/bin/env node
/**
 * `npyview` — the command-line face of the engine (info / export / save / stats / render / diff).
 * Contract with the shell: exit 0 on success, 1 for a bad or unsupported file, 2 for bad usage
 * (diff: 0 same, 1 different, 2 for any failure);
 * a failure prints exactly one line on stderr naming the file (and member) and never a stack trace.
 *
 * This entry is kept small: it parses the command line, answers --help and --version, and loads
 * only the module of the command asked for (COMMANDS below), so a command pays at start-up for its
 * own code and nothing else.
 */
import { readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { CliArgs, Command, HELP, parseArgs } from './cli/args';
import { EXIT_BAD_FILE, EXIT_OK, EXIT_USAGE, messageOf, printError } from './cli/exit';
import { cacheFolder, requireWithCache, wantOwnCache } from './cli/compilecache';
import type { CommandModule } from './cli/run';
import { inlineWorkers, startSpareWorkers } from './npy/workers';

/**
 * Each command → the module that runs it, loaded only when that command runs. A module exports
 * `run`, made by runner() (src/cli/run.ts) from its command functions; one module may serve
 * several commands.
 *
 * scripts/build.mjs turns every `require('./cli/NAME')` of this table into its own bundle,
 * dist/cli/NAME.js, and leaves the require() in dist/cli.js to load it; from tsc's out/ (the
 * tests) the modules load as they are. To add a command: write src/cli/NAME.ts exporting
 * `run = runner({ NAME: runName })`, add `NAME: () => require('./cli/NAME')` here, and its
 * options to src/cli/args.ts (Command, ALLOWED, HELP).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
export const COMMANDS: Record<Command, () => CommandModule> = {
  info: () => require('./cli/commands'),
  export: () => require('./cli/commands'),
  save: () => require('./cli/commands'),
  stats: () => require('./cli/stats'),
  render: () => require('./cli/render'),
  diff: () => require('./cli/diff'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    printError(`${messageOf(e)} (see npyview --help)`);
    return EXIT_USAGE;
  }
  if (args.command === 'help' || args.command === 'version') {
    // A reader that went away (`npyview --help | head -1`) is not an error.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(EXIT_OK); });
    process.stdout.write(args.command === 'help' ? HELP : `npyview ${version()}\n`);
    return EXIT_OK;
  }
  if (args.command === 'stats') headStart(args.file);
  return loadCommand(args.command).run(args);
}

/**
 * The module of a command, through our compile cache where Node has none (src/cli/compilecache.ts).
 * Its file is the one COMMANDS requires (the path in its require call, resolved from here).
 */
function loadCommand(c: Command): CommandModule {
  if (wantOwnCache()) {
    const path = /require\(["']([^"']+)["']\)/.exec(COMMANDS[c].toString())?.[1];
    const dir = path && cacheFolder(tmpdir());
    if (path && dir) {
      const m = requireWithCache(require.resolve(path), dir, module);
      if (m) return m.exports as CommandModule;
    }
  }
  return COMMANDS[c]();
}

/**
 * `stats` of a large file: its worker threads start now, while the command's code loads (~60 ms
 * each), rather than after it; the pass over the file takes them (src/npy/compute/statsfile.ts).
 */
function headStart(file: string): void {
  try {
    const n = inlineWorkers(statSync(file).size);
    if (n > 0) startSpareWorkers(n);
  } catch { /* the command itself reports a file it cannot read */ }
}

/** The package version, found at run time so dist/cli.js and out/src/cli.js both work. */
function version(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'npy-viewer' && pkg.version) return pkg.version;
    } catch { /* keep looking upwards */ }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/**
 * Node's compile cache (Node 22.1+): later starts reuse the compiled code of the command bundles
 * instead of parsing and compiling them again. Older Node lacks it (loadCommand then keeps a cache
 * of its own), so the version is checked before the `module` builtin is loaded.
 */
function enableCompileCache(): void {
  if (Number(process.versions.node.split('.')[0]) < 22) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only on Node 22+, see above
    (require('module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch { /* no cache: just slower */ }
}

if (require.main === module) {
  enableCompileCache();
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { printError(`internal error: ${messageOf(e)}`); process.exitCode = EXIT_BAD_FILE; },
  );
}
