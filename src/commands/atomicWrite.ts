import * as path from 'path';
import * as vscode from 'vscode';
import { isNpyError } from '../npy/errors';
import { identityOf, openOutputFile } from '../npy/io/outputfile';
import { ByteSink, MemorySink } from '../npy/io/sink';
import { reasonOf } from './notices/pathText';

export type WriteStatus = 'written' | 'cancelled' | 'failed' | 'dismissed';

/** What a writing command returns (scripts and tests read it). */
export interface WriteResult {
  status: WriteStatus;
  target?: vscode.Uri;
  /** Why it failed (the reason alone: callers say what failed and where). */
  message?: string;
  /** Bytes written (status 'written'). */
  bytes?: number;
}

/** Hooks for scripting and tests: cancel from outside, observe bytes reaching the temp file. */
export interface WriteControl {
  signal?: AbortSignal;
  onWrite?(bytesWritten: number): void;
}

/** The file the data comes from: a target that is the same file (a link, another path) is refused. */
export interface WriteSource { source?: vscode.Uri }

export type Writer = (sink: ByteSink, signal: AbortSignal, progress: (fraction: number) => void) => Promise<void>;

const running = new Set<AbortController>();

/** Cancels every write in progress (test hook). */
export function cancelAllWrites(): number {
  for (const c of running) c.abort();
  return running.size;
}

/**
 * Runs `write` under a cancellable progress notification into the target, by the engine's rules
 * for output files (openOutputFile: a temporary file renamed over a regular target only on
 * success, so a cancelled or failed write leaves no file; devices written directly; links
 * followed; mode and owner kept; the source file itself refused). It tells the user nothing:
 * the caller announces the result (src/commands/notices/notify.ts).
 */
export async function writeAtomically(target: vscode.Uri, title: string, write: Writer, ctl: WriteControl & WriteSource = {}): Promise<WriteResult> {
  const abort = new AbortController();
  running.add(abort);
  const onOuterAbort = (): void => abort.abort();
  ctl.signal?.addEventListener('abort', onOuterAbort);
  if (ctl.signal?.aborted) abort.abort();
  let bytes = 0;
  const onWrite = (n: number): void => { bytes = n; ctl.onWrite?.(n); };
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        const onFraction = (f: number): void => {
          const pct = Math.floor(Math.min(1, Math.max(0, f)) * 100);
          if (pct > reported) { progress.report({ increment: pct - reported }); reported = pct; }
        };
        if (target.scheme === 'file') await writeLocal(target.fsPath, ctl.source, write, abort.signal, onFraction, onWrite);
        else await writeRemote(target, write, abort.signal, onFraction, onWrite);
      });
    return { status: 'written', target, bytes };
  } catch (e) {
    if (abort.signal.aborted || (isNpyError(e) && e.code === 'cancelled')) return { status: 'cancelled', target };
    const message = e instanceof Error ? e.message : String(e);
    return { status: 'failed', target, message: reasonOf(message, path.basename(target.path)) };
  } finally {
    ctl.signal?.removeEventListener('abort', onOuterAbort);
    running.delete(abort);
  }
}

/** Counts bytes on their way to the real sink and aborts between chunks once cancelled. */
function countingSink(inner: ByteSink, signal: AbortSignal, onWrite?: (n: number) => void): ByteSink {
  let total = 0;
  return {
    async write(chunk: Uint8Array): Promise<void> {
      if (signal.aborted) throw cancelled();
      await inner.write(chunk);
      total += chunk.length;
      onWrite?.(total);
    },
  };
}

function cancelled(): Error {
  return new Error('cancelled');
}

async function writeLocal(
  target: string, source: vscode.Uri | undefined, write: Writer, signal: AbortSignal, progress: (f: number) => void,
  onWrite?: (n: number) => void,
): Promise<void> {
  const protect = source?.scheme === 'file' ? [await identityOf(source.fsPath)] : [];
  const file = await openOutputFile(target, { protect, label: path.basename(target) });
  try {
    await write(countingSink(file, signal, onWrite), signal, progress);
    if (signal.aborted) throw cancelled();
  } catch (e) {
    await file.discard();
    throw e;
  }
  await file.commit();
}

/** Other file systems have no streaming write in the API: collect, then write once at the end. */
async function writeRemote(
  target: vscode.Uri, write: Writer, signal: AbortSignal, progress: (f: number) => void, onWrite?: (n: number) => void,
): Promise<void> {
  const sink = new MemorySink();
  await write(countingSink(sink, signal, onWrite), signal, progress);
  if (signal.aborted) throw cancelled();
  await vscode.workspace.fs.writeFile(target, sink.toBuffer());
}
