/**
 * The NumPy oracle seen from Node: one long-lived python3 worker (oracle.py) answering requests
 * over a pipe, far faster than a process per case. A request that takes too long (NumPy itself
 * hangs, or the worker died) restarts the worker and answers { timeout: true }.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { Outcome, TEXT_CAP } from './outcome';

const SCRIPT = path.join(__dirname, '..', '..', '..', 'test', 'fuzz', 'oracle.py');

/** True when python3 with NumPy is installed. */
export function numpyAvailable(): boolean {
  const r = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
  return r.status === 0;
}

export class Oracle {
  private child: ChildProcess | null = null;
  private buffer = '';
  private waiting: { id: number; resolve: (o: Outcome) => void } | null = null;
  private next = 0;
  restarts = 0;

  constructor(private readonly timeoutMs = 30000) {}

  private start(): ChildProcess {
    const child = spawn('python3', [SCRIPT], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, NPYVIEW_FUZZ_TEXT_CAP: String(TEXT_CAP), NPYVIEW_ORACLE_SECONDS: String(Math.floor(this.timeoutMs / 1000) - 5) },
    });
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (s: string) => {
      this.buffer += s;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const res = JSON.parse(line) as Outcome & { id: number };
        if (this.waiting && res.id === this.waiting.id) {
          const w = this.waiting;
          this.waiting = null;
          w.resolve(res);
        }
      }
    });
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve({ kind: 'error', error: 'oracle exited', items: [], memory: true });
      }
    });
    return child;
  }

  /** np.load + np.savetxt of one file. */
  evaluate(file: string, fmts: string[]): Promise<Outcome> {
    if (!this.child) this.child = this.start();
    const child = this.child;
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiting?.id !== id) return;
        this.waiting = null;
        this.restarts++;
        child.kill('SIGKILL');
        resolve({ kind: 'error', error: 'Timeout (oracle killed)', items: [], timeout: true });
      }, this.timeoutMs);
      this.waiting = {
        id,
        resolve: (o) => { clearTimeout(timer); resolve(o); },
      };
      child.stdin!.write(JSON.stringify({ id, path: path.resolve(file), fmts }) + '\n');
    });
  }

  close(): void {
    this.child?.stdin?.end();
    this.child?.kill();
    this.child = null;
  }
}
