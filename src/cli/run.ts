/**
 * Runs one npyview command: the exit code, the one error line, and the guards that remove a
 * half-written -o file on Ctrl-C or a crash. Every command module builds its `run` with
 * runner() (see COMMANDS in src/cli.ts). This lives beside the commands and not in the entry
 * because errors are told apart by class, and each command bundle has its own copy of the
 * classes its code throws.
 */
import { NpyError } from '../npy/errors';
import { CliArgs, Command, UsageError } from './args';
import { EXIT_BAD_FILE, EXIT_OK, EXIT_USAGE, messageOf, oneLine, printError } from './exit';
import { removePendingSync } from '../npy/io/outputfile';
import { BrokenPipe } from './output';

/** What the error line should name besides the file; filled in as the command learns it. */
export interface Context {
  member?: string;
  /** The file the error is about when it is not FILE (diff's B). */
  file?: string;
}

/** One command: returns normally on success (or an exit code), throws NpyError / UsageError on failure. */
export type CommandFn = (args: CliArgs, ctx: Context) => Promise<number | void>;

/** What a module in the entry's COMMANDS table exports. */
export interface CommandModule {
  /** Runs args.command; resolves to the exit status (never rejects). */
  run(args: CliArgs): Promise<number>;
}

/** The `run` of a module that implements these commands. */
export function runner(commands: Partial<Record<Command, CommandFn>>, exitCode: (e: unknown) => number = exitCodeOf): CommandModule['run'] {
  return async (args) => {
    installGuards();
    const command = commands[args.command as Command];
    if (!command) {
      printError(`internal error: no command '${args.command}' in this module`);
      return EXIT_BAD_FILE;
    }
    const ctx: Context = {};
    try {
      return (await command(args, ctx)) ?? EXIT_OK;
    } catch (e) {
      // The reader went away (`| head`): like any Unix filter, stop quietly.
      if (e instanceof BrokenPipe) return EXIT_OK;
      const what = e instanceof NpyError || e instanceof UsageError ? e.message : `internal error: ${messageOf(e)}`;
      printError(where(ctx.file ?? args.file, ctx.member, what));
      return exitCode(e);
    }
  };
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
  // After the "FILE: " prefix, "cannot open FILE: no such file" or "no member 'x' in FILE (…)"
  // would name it twice.
  if (msg.startsWith(`cannot open ${file}: `)) msg = msg.slice(`cannot open ${file}: `.length);
  msg = msg.split(` in ${file} (`).join(' (');
  if (member !== undefined && !msg.includes(`'${member}'`)) msg = `member '${member}': ${msg}`;
  return `${file}: ${msg}`;
}

/** Last-resort guards: even a bug must end as one line and a non-zero exit, leaving no temporary file. */
function installGuards(): void {
  const die = (e: unknown): void => {
    removePendingSync();
    try { printError(`internal error: ${messageOf(e)}`); } finally { process.exit(EXIT_BAD_FILE); }
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      removePendingSync();
      // End by the signal's default action, not process.exit(): exit() waits for the I/O
      // threads, and one may be stuck in a system call (a FIFO's open(), a hung network file).
      process.removeAllListeners(sig);
      process.kill(process.pid, sig);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}
