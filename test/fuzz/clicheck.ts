/**
 * npyview end to end on a fuzz case: `info --json`, `export` and `save -o` of its first array,
 * each in a child process with a time limit and its peak memory watched (VmHWM, polled; killed
 * past a hard cap to protect the machine). Checked: the shell contract (exit 0, 1 or 2, one
 * line on stderr without 'internal error' or a stack, nothing on stderr on success), agreement
 * with the engine in-process (what failed there fails here; export prints the same bytes; save
 * writes the same array), and the 300 MB bound.
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { dtypeDescrValue, dtypeFromDescr } from '../../src/npy/format/dtype';
import { parsePyLiteral } from '../../src/npy/py/pyliteral';
import { evaluate } from './evaluate';
import { Difference } from './compare';
import { Outcome, TEXT_CAP } from './outcome';

export const MEMORY_LIMIT = 300e6;
const HARD_LIMIT = 1.5e9;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  peak: number;
}

function vmhwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The environment of a run: this machine's NODE_EXTRA_CA_CERTS (users' machines usually have
 * none) makes every node start parse ~200 KB of certificates, a third of a start's CPU, for a
 * CLI that opens no connection.
 */
const CLI_ENV = (() => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
})();

/**
 * Runs npyview; `stopAfter`: close its stdout once that many bytes came (as `| head -c` does: it
 * must then end quietly), for output longer than the harness compares.
 */
export function runCli(cli: string, args: string[], timeoutMs: number, stopAfter = Infinity): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: CLI_ENV });
    const out: Buffer[] = [];
    let outLen = 0;
    const err: Buffer[] = [];
    let peak = 0;
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => {
      if (outLen < 64 << 20) { out.push(b); outLen += b.length; }
      if (outLen >= stopAfter) child.stdout.destroy();
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const poll = setInterval(() => {
      peak = Math.max(peak, vmhwm(child.pid!));
      if (peak > HARD_LIMIT) child.kill('SIGKILL');
    }, 20);
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), timedOut, peak });
    });
  });
}

/** The shell contract of one run. */
function contract(what: string, r: CliRun, out: Difference[]): boolean {
  if (r.timedOut) { out.push({ cls: 'cli-hang', detail: `${what}: still running after the time limit` }); return false; }
  if (r.peak > MEMORY_LIMIT) out.push({ cls: 'cli-memory', detail: `${what}: peak RSS ${(r.peak / 1e6).toFixed(0)} MB` });
  if (r.signal || r.code === null || ![0, 1, 2].includes(r.code)) {
    out.push({ cls: 'cli-crash', detail: `${what}: exit ${r.code} signal ${r.signal} ${r.stderr.slice(0, 500)}` });
    return false;
  }
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  if (r.code === 0 && lines.length > 0) out.push({ cls: 'cli-crash', detail: `${what}: exit 0 with stderr ${r.stderr.slice(0, 300)}` });
  if (r.code !== 0 && (lines.length !== 1 || !lines[0].startsWith('npyview: ') || /internal error|\n\s+at /.test(r.stderr))) {
    out.push({ cls: 'cli-crash', detail: `${what}: stderr ${JSON.stringify(r.stderr.slice(0, 500))}` });
    return false;
  }
  return true;
}

/**
 * Runs the three commands on `file` and compares with the engine's outcome `ours`. They do not
 * depend on each other, so they run at the same time (a case's wall time is one node start,
 * not three); their differences are reported in the order info, export, save.
 */
export async function checkCli(cli: string, file: string, ours: Outcome, tmp: string, timeoutMs = 30000): Promise<{ runs: number; diffs: Difference[]; peak: number }> {
  let peak = 0;
  let runs = 0;
  const run = async (what: string, args: string[], diffs: Difference[], stopAfter?: number): Promise<CliRun | null> => {
    let r = await runCli(cli, args, timeoutMs, stopAfter);
    // a loaded machine can starve a run past the limit: a hang is one that a 4x longer retry confirms
    if (r.timedOut) r = await runCli(cli, args, 4 * timeoutMs, stopAfter);
    runs++;
    peak = Math.max(peak, r.peak);
    return contract(what, r, diffs) ? r : null;
  };
  const checks = [checkInfo(file, ours, run)];
  const item = ours.kind === 'error' ? null : ours.items.find((i) => !i.bytes && !i.key.includes('\0')) ?? null;
  // an npz key is found by its zip name first: a key that is another member's zip name would pick that one
  if (item && !(ours.kind === 'npz' && ours.items.some((i) => i !== item && i.key + '.npy' === item.key))) {
    const member = ours.kind === 'npz' ? ['--member', item.key] : [];
    if (item.shape && item.shape.length >= 1 && item.shape.length <= 2) checks.push(checkExport(file, item, member, run));
    checks.push(checkSave(file, ours, item, member, tmp, run));
  }
  const diffs = (await Promise.all(checks)).flat();
  return { runs, diffs, peak };
}

type Run = (what: string, args: string[], diffs: Difference[], stopAfter?: number) => Promise<CliRun | null>;
type Item = Outcome['items'][number];

async function checkInfo(file: string, ours: Outcome, run: Run): Promise<Difference[]> {
  const diffs: Difference[] = [];
  const info = await run('info --json', ['info', file, '--json'], diffs);
  if (info && (info.code === 0) !== (ours.kind !== 'error')) {
    diffs.push({ cls: 'cli-agree', detail: `info exit ${info.code}, the engine ${ours.kind === 'error' ? `fails: ${ours.error}` : 'opens it'}` });
  }
  return diffs;
}

async function checkExport(file: string, item: Item, member: string[], run: Run): Promise<Difference[]> {
  const diffs: Difference[] = [];
  const ok = item.error === undefined;
  const text = item.text?.['%.18e'];
  // text longer than the engine's side hashed (TEXT_CAP) is read that far, then the pipe closes
  const exp = await run('export', ['export', file, ...member], diffs, text?.capped ? TEXT_CAP : undefined);
  const expected = ok && text !== undefined && text.error === undefined;
  if (exp && (exp.code === 0) !== expected) {
    diffs.push({ cls: 'cli-agree', detail: `export exit ${exp.code} (${exp.stderr.trim().slice(0, 200)}), the engine ${expected ? 'writes it' : `fails: ${item.error ?? text?.error}`}` });
  } else if (exp && exp.code === 0 && text && createHash('sha256').update(text.capped ? exp.stdout.subarray(0, TEXT_CAP) : exp.stdout).digest('hex') !== text.sha) {
    diffs.push({ cls: 'cli-agree', detail: `export wrote ${exp.stdout.length} bytes, not the engine's ${text.len}` });
  }
  return diffs;
}

/**
 * Whether a .npy can say this dtype (a record's descr): NumPy's np.save refuses overlapping or
 * out-of-order fields ('dtype.descr is not defined ...'), and so does npyview save.
 */
function npyWritable(descr: string | undefined): boolean {
  if (descr === undefined || !/^[[{]/.test(descr)) return true;
  try {
    dtypeDescrValue(dtypeFromDescr(parsePyLiteral(descr)));
    return true;
  } catch {
    return false;
  }
}

async function checkSave(file: string, ours: Outcome, item: Item, member: string[], tmp: string, run: Run): Promise<Difference[]> {
  const diffs: Difference[] = [];
  const ok = item.error === undefined;
  const out = path.join(tmp, 'saved.npy');
  fs.rmSync(out, { force: true });
  const save = await run('save', ['save', file, ...member, '-o', out], diffs);
  if (item.copy?.capped) return diffs; // longer than the engine's side copied: only the shell contract
  // npz: the member's bytes, copied (CRC checked); npy: the array, written as a new .npy
  // (npy: an object array is refused, writeNpy writes no pickles)
  const saves = ours.kind === 'npz' ? item.copy !== undefined && item.copy.error === undefined : ok && !/\|O\b/.test(item.dtype ?? '') && npyWritable(item.dtype);
  if (save && (save.code === 0) !== saves) {
    const why = ours.kind === 'npz' ? item.copy?.error ?? item.error : item.error;
    diffs.push({ cls: 'cli-agree', detail: `save exit ${save.code} (${save.stderr.trim().slice(0, 200)}), the engine ${saves ? 'copies it' : `fails: ${why}`}` });
  } else if (save && save.code === 0 && ours.kind === 'npz') {
    if (createHash('sha256').update(fs.readFileSync(out)).digest('hex') !== item.copy?.sha) {
      diffs.push({ cls: 'cli-agree', detail: 'save wrote other bytes than the member' });
    }
  } else if (save && save.code === 0) {
    const back = await evaluate(out, []);
    const b = back.items[0];
    if (back.kind !== 'npy' || !b || b.data !== item.data || b.dtype !== item.dtype || (b.shape ?? []).join() !== (item.shape ?? []).join()) {
      diffs.push({ cls: 'cli-agree', detail: `save wrote ${back.kind === 'npy' ? `${b?.dtype} (${b?.shape})` : back.error}, not the array (${item.dtype} (${item.shape}))` });
    }
  }
  return diffs;
}
