/**
 * `npyview` — the command-line face of the engine (info / export / save).
 * Contract with the shell: exit 0 on success, 1 for a bad or unsupported file, 2 for bad usage;
 * a failure prints exactly one line on stderr naming the file (and member) and never a stack trace.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NpyError } from './npy/errors';
import { CliArgs, HELP, parseArgs, UsageError } from './cli/args';
import { Context, runExport, runInfo, runSave } from './cli/commands';
import { oneLine } from './cli/info';
import { BrokenPipe, removePendingSync } from './cli/output';

export const EXIT_OK = 0;
export const EXIT_BAD_FILE = 1;
export const EXIT_USAGE = 2;

/** Longest error message printed; engine messages may quote a 100 KB header. */
const MAX_MESSAGE = 600;

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    printError(`${messageOf(e)} (see npyview --help)`);
    return EXIT_USAGE;
  }
  if (args.command === 'help') { process.stdout.write(HELP); return EXIT_OK; }
  if (args.command === 'version') { process.stdout.write(`npyview ${version()}\n`); return EXIT_OK; }

  const ctx: Context = {};
  try {
    if (args.command === 'info') await runInfo(args, ctx);
    else if (args.command === 'export') await runExport(args, ctx);
    else await runSave(args, ctx);
    return EXIT_OK;
  } catch (e) {
    // The reader went away (`| head`): like any Unix filter, stop quietly.
    if (e instanceof BrokenPipe) return EXIT_OK;
    const code = exitCodeOf(e);
    const what = e instanceof NpyError || e instanceof UsageError ? e.message : `internal error: ${messageOf(e)}`;
    printError(where(args.file, ctx.member, what));
    return code;
  }
}

export function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT_USAGE;
  // Index errors are the user's expression, not the file: usage.
  if (e instanceof NpyError && (e.code === 'usage' || e.code === 'index')) return EXIT_USAGE;
  return EXIT_BAD_FILE;
}

/**
 * "<file>: [member 'm': ]<message>". Engine messages usually start with their own label (the
 * path, then "member 'm'"); strip it so the file is named once, in the same place every time.
 */
export function where(file: string, member: string | undefined, message: string): string {
  let msg = oneLine(message);
  while (msg.startsWith(`${file}: `)) msg = msg.slice(file.length + 2);
  if (member !== undefined && !msg.includes(`'${member}'`)) msg = `member '${member}': ${msg}`;
  return `${file}: ${msg}`;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

function printError(line: string): void {
  let s = oneLine(line);
  if (s.length > MAX_MESSAGE) s = s.slice(0, MAX_MESSAGE) + '…';
  process.stderr.write(`npyview: ${s}\n`);
}

/** The package version, found at run time so dist/cli.js and out/src/cli.js both work. */
function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'npy-viewer' && pkg.version) return pkg.version;
    } catch { /* keep looking upwards */ }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Last-resort guards: even a bug must end as one line and a non-zero exit. */
function installGuards(): void {
  const die = (e: unknown): void => {
    removePendingSync();
    try { printError(`internal error: ${messageOf(e)}`); } finally { process.exit(EXIT_BAD_FILE); }
  };
  // A closed stdout pipe is not an error for a filter, whatever was being written.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') { removePendingSync(); process.exit(EXIT_OK); }
  });
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => { removePendingSync(); process.exit(sig === 'SIGINT' ? 130 : 143); });
  }
}

if (require.main === module) {
  installGuards();
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { printError(`internal error: ${messageOf(e)}`); process.exitCode = EXIT_BAD_FILE; },
  );
}
