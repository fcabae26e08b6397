/**
 * Where the CLI writes: stdout (streaming, quiet on a closed pipe) or a file that only appears
 * when complete (written to a temporary name next to it, renamed on success), so a failure or
 * Ctrl-C never leaves a partial OUT behind.
 */
import { unlinkSync } from 'fs';
import { basename, dirname, join } from 'path';
import { NpyError } from '../npy/errors';
import * as fsa from '../npy/io/fsasync';
import { ByteSink, FileSink } from '../npy/io/sink';

/** Thrown when the reader of stdout went away (`npyview export big.npy | head`): not a failure. */
export class BrokenPipe extends NpyError {
  constructor() { super('cancelled', 'output pipe closed'); }
}

export class StdoutSink implements ByteSink {
  private broken = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    // Without a listener an EPIPE would surface as an uncaught 'error' event.
    out.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') this.broken = true; });
  }

  write(chunk: Uint8Array): Promise<void> {
    if (this.broken) return Promise.reject(new BrokenPipe());
    // Resolve once the chunk is flushed: natural backpressure, bounded memory for huge exports.
    return new Promise((resolve, reject) => {
      this.out.write(chunk, (err) => {
        if (!err) { resolve(); return; }
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') { this.broken = true; reject(new BrokenPipe()); return; }
        reject(new NpyError('io', `cannot write to stdout: ${err.message}`));
      });
    });
  }
}

/** Temporary files not yet renamed into place; removed if the process is interrupted. */
const pending = new Set<string>();

export function removePendingSync(): void {
  for (const p of pending) {
    try { unlinkSync(p); } catch { /* already gone */ }
  }
  pending.clear();
}

export class AtomicFileSink implements ByteSink {
  private constructor(private readonly sink: FileSink, private readonly tmp: string, readonly target: string) {}

  static async open(target: string): Promise<AtomicFileSink> {
    const dir = dirname(target);
    const tmp = join(dir, `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    let sink: FileSink;
    try {
      sink = await FileSink.open(tmp);
    } catch {
      // Report the file the user named, not our temporary name.
      throw new NpyError('io', `cannot write ${target}: ${await whyNotWritable(dir)}`);
    }
    pending.add(tmp);
    return new AtomicFileSink(sink, tmp, target);
  }

  write(chunk: Uint8Array): Promise<void> { return this.sink.write(chunk); }

  /** Makes OUT appear, complete. */
  async commit(): Promise<void> {
    await this.sink.close();
    try {
      await fsa.rename(this.tmp, this.target);
    } catch (e) {
      await this.discard();
      throw new NpyError('io', `cannot write ${this.target}: ${(e as Error).message}`);
    }
    pending.delete(this.tmp);
  }

  /** Drops the temporary file; OUT is left as it was. */
  async discard(): Promise<void> {
    try { await this.sink.close(); } catch { /* closing a broken handle */ }
    try { await fsa.unlink(this.tmp); } catch { /* already gone */ }
    pending.delete(this.tmp);
  }
}

async function whyNotWritable(dir: string): Promise<string> {
  try {
    const st = await fsa.stat(dir);
    return st.isDirectory() ? 'permission denied' : `${dir} is not a directory`;
  } catch {
    return `no such directory ${dir}`;
  }
}
