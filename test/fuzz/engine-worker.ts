/** Worker thread body for engine.ts: evaluates one file per message. */
import { parentPort } from 'worker_threads';
import { evaluate } from './evaluate';

parentPort!.on('message', (msg: { id: number; file: string; fmts: string[] }) => {
  void evaluate(msg.file, msg.fmts).then((outcome) => parentPort!.postMessage({ id: msg.id, outcome }));
});
