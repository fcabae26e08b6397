/**
 * The NumPy oracle seen from Node: one long-lived python3 worker (oracle.py) answering requests
 * over a pipe, far faster than a process per case. A request that takes too long (NumPy itself
 * hangs) kills the worker and answers { timeout: true } (jobs.ts); the next one starts another.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { Jobs } from './jobs';
import { Outcome, TEXT_CAP } from './outcome';
import { hasNumpy, PYTHON } from '../support/numpy';

const SCRIPT = path.join(__dirname, '..', '..', '..', 'test', 'fuzz', 'oracle.py');

/** True when python3 with NumPy is installed (test/support/numpy.ts). */
export const numpyAvailable = hasNumpy;

export class Oracle {
  private readonly jobs: Jobs<{ path: string; fmts: string[]; seconds: number }>;

  constructor(private readonly timeoutMs = 30000) {
    this.jobs = new Jobs((ev) => {
      const child = spawn(PYTHON, [SCRIPT], {
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, NPYVIEW_FUZZ_TEXT_CAP: String(TEXT_CAP) },
      });
      let buffer = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (s: string) => {
        buffer += s;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const res = JSON.parse(buffer.slice(0, nl)) as Outcome & { id: number };
          buffer = buffer.slice(nl + 1);
          ev.reply(res.id, res);
        }
      });
      child.stdin.on('error', () => { /* the worker died: 'exit' answers */ });
      child.on('exit', () => ev.died({ kind: 'error', error: 'oracle exited', items: [], memory: true }));
      return {
        send: (id, req) => child.stdin.write(JSON.stringify({ id, ...req }) + '\n'),
        kill: () => { child.stdin.end(); child.kill('SIGKILL'); },
      };
    }, timeoutMs, { kind: 'error', error: 'Timeout (oracle killed)', items: [], timeout: true });
  }

  get restarts(): number { return this.jobs.restarts; }

  /** np.load + np.savetxt of one file; NumPy's own alarm goes off 5 s before the limit here. */
  evaluate(file: string, fmts: string[], timeoutMs = this.timeoutMs): Promise<Outcome> {
    return this.jobs.run({ path: path.resolve(file), fmts, seconds: Math.max(1, Math.floor(timeoutMs / 1000) - 5) }, timeoutMs);
  }

  close(): void { this.jobs.close(); }
}
