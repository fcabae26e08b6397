/**
 * Exit status and the one error line, shared by the entry (src/cli.ts) and the command runner
 * (src/cli/run.ts). Free of classes on purpose: the entry and each command bundle have their own
 * copy of this module.
 */
export const EXIT_OK = 0;
export const EXIT_BAD_FILE = 1;
export const EXIT_USAGE = 2;

/** Longest error message printed; engine messages may quote a 100 KB header. */
const MAX_MESSAGE = 600;

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/** Prints "npyview: <line>" on stderr: one line, printable, at most MAX_MESSAGE characters. */
export function printError(line: string): void {
  let s = oneLine(line);
  if (s.length > MAX_MESSAGE) s = s.slice(0, MAX_MESSAGE) + '…';
  process.stderr.write(`npyview: ${s}\n`);
}

export function oneLine(s: string): string {
  return printable(s.replace(/\s*[\r\n]+\s*/g, ' '));
}

/**
 * Names and messages come from the file: escape control and bidi-override characters so a
 * hostile member name cannot drive the terminal (colours, cursor moves, reversed text).
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => {
      const n = c.charCodeAt(0);
      return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
    });
}
