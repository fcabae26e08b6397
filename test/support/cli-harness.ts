/**
 * Runs the real `npyview` CLI as a child process (black-box tests). By default the tsc output
 * out/src/cli.js; with NPYVIEW_CLI set, the esbuild bundle dist/cli.js (or the path it names).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CORPUS = path.join(ROOT, 'test', 'fixtures', 'corpus');

export function cliPath(): string {
  const env = process.env.NPYVIEW_CLI;
  if (env && env !== '1' && env !== 'dist') return path.resolve(env);
  return env ? path.join(ROOT, 'dist', 'cli.js') : path.join(ROOT, 'out', 'src', 'cli.js');
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/** One CLI run; killed (and marked timedOut) if it takes longer than `timeoutMs`: a hang guard, generous
 * because a loaded 2-core machine can take seconds just to start node. */
export function runCli(args: readonly string[], opts: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], { cwd: opts.cwd ?? CORPUS, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs ?? 60000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** Runs many jobs with bounded parallelism (CI has 2 cores; spawning is the slow part). */
export async function runAll<K>(jobs: { key: K; args: string[]; cwd?: string }[], limit = Math.min(8, 2 * os.cpus().length)): Promise<Map<K, CliResult>> {
  const results = new Map<K, CliResult>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const job = jobs[next++];
      results.set(job.key, await runCli(job.args, { cwd: job.cwd }));
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

const madeDirs: string[] = [];
process.on('exit', () => {
  for (const d of madeDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(d);
  return d;
}

/** The one-line error contract: one line, prefixed, no stack frames. */
export function checkErrorLine(r: CliResult, mustMention?: string): string | null {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) return `expected one stderr line, got ${lines.length}: ${JSON.stringify(r.stderr.slice(0, 400))}`;
  if (!lines[0].startsWith('npyview: ')) return `stderr does not start with 'npyview: ': ${lines[0]}`;
  if (/^\s+at /m.test(r.stderr) || /\n\s+at .*:\d+:\d+/.test(r.stderr)) return `stack trace on stderr: ${r.stderr}`;
  if (mustMention !== undefined && !lines[0].includes(mustMention)) return `stderr does not name ${mustMention}: ${lines[0]}`;
  return null;
}
