/**
 * Where the CLI writes: stdout (streaming, quiet on a closed pipe) or the file -o names, which
 * only appears when complete (the engine's openOutputFile: temporary file renamed on success,
 * devices and FIFOs written directly, links followed), so a failure or Ctrl-C never leaves a
 * partial OUT behind.
 */
import { join, sep } from 'path';
import { NpyError } from '../npy/errors';
import { ByteSink } from '../npy/io/sink';
import { stat } from '../npy/io/fsasync';
import { checkOutputFile, identityOf, openOutputFile } from '../npy/io/outputfile';
import { UsageError } from './args';

/** Thrown when the reader of stdout went away (`npyview export big.npy | head`): not a failure. */
export class BrokenPipe extends NpyError {
  constructor() { super('cancelled', 'output pipe closed'); }
}

export class StdoutSink implements ByteSink {
  private broken = false;
  /** When a write last let the event loop turn (see write). */
  private turned = Date.now();

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    // Without a listener an EPIPE would surface as an uncaught 'error' event.
    out.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') this.broken = true; });
  }

  write(chunk: Uint8Array): Promise<void> {
    if (this.broken) return Promise.reject(new BrokenPipe());
    // Resolve once the chunk is flushed: natural backpressure, bounded memory for huge exports.
    return new Promise((resolve, reject) => {
      this.out.write(chunk, (err) => {
        if (!err) {
          // stdout to a file, /dev/null or a terminal is written synchronously, and its callback
          // comes before the event loop turns: an endless export there never saw Ctrl+C or
          // SIGTERM (their handlers run when it turns). So let it turn every 50 ms.
          const now = Date.now();
          if (now - this.turned < 50) { resolve(); return; }
          this.turned = now;
          setImmediate(resolve);
          return;
        }
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') { this.broken = true; reject(new BrokenPipe()); return; }
        reject(new NpyError('io', `cannot write to stdout: ${err.message}`));
      });
    });
  }
}

/**
 * Refuses an -o that cannot be written, before any work (a 1 GiB export would otherwise run for
 * seconds and then fail): the input itself (the same file, whatever the path: links, '..'), so
 * the input is never replaced by (or truncated into) its own export; a directory (or a name
 * ending in a separator), with an example of what to write; and whatever else openOutputFile
 * refuses (a folder that does not exist, a file we may not write). `-` (stdout) passes.
 */
export async function checkOutput(out: string | undefined, input: string): Promise<void> {
  if (out === undefined || out === '-') return;
  const [a, b] = await Promise.all([identityOf(out), identityOf(input)]);
  if (a && b && a.dev === b.dev && a.ino === b.ino) {
    throw new UsageError(`-o ${out} is the input file; write the output to another file`);
  }
  if (out.endsWith('/') || out.endsWith(sep) || (await stat(out).catch(() => null))?.isDirectory()) {
    throw new UsageError(`-o ${out} is a directory; name the file to write, e.g. -o ${join(out, 'out.txt')}`);
  }
  await checkOutputFile(out);
}

/** Runs a writer against stdout or the file -o names (see openOutputFile for the rules). */
export async function toOutput(out: string | undefined, input: string, write: (sink: ByteSink) => Promise<void>): Promise<void> {
  if (out === undefined || out === '-') {
    await write(new StdoutSink());
    return;
  }
  const file = await openOutputFile(out, { protect: [await identityOf(input)] });
  try {
    await write(file);
  } catch (e) {
    await file.discard();
    throw e;
  }
  await file.commit();
}
