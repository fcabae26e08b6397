import * as assert from 'assert';
import { startSpareWorkers, WorkerPool } from '../../src/npy/workers';

/** A handler from source text: doubles numbers, fails on 'boom', hangs on 'hang'. */
const HANDLER = `(() => (job) => {
  if (job === 'boom') throw new Error('boom!');
  if (job === 'hang') { const t = Date.now(); while (Date.now() - t < 60000) {} }
  const out = new Float64Array(job).map((x) => 2 * x);
  return { value: out.buffer, transfer: [out.buffer] };
})()`;

describe('WorkerPool', () => {
  it('runs jobs on its threads, moving buffers both ways, and reports a failing job', async function () {
    this.timeout(30000);
    const pool = new WorkerPool(HANDLER, 2, 'test');
    try {
      const inputs = Array.from({ length: 6 }, (_, k) => new Float64Array([k, k + 0.5]));
      const outs = await Promise.all(inputs.map((a) => pool.run<ArrayBuffer>(a.buffer, [a.buffer])));
      assert.ok(inputs.every((a) => a.byteLength === 0), 'inputs moved, not copied');
      assert.deepStrictEqual(outs.map((b) => [...new Float64Array(b)]), Array.from({ length: 6 }, (_, k) => [2 * k, 2 * k + 1]));
      await assert.rejects(pool.run('boom'), /test worker failed: Error: boom!/);
      assert.strictEqual(pool.leastBusy, 0);
    } finally {
      await pool.close();
    }
  });

  it('close() stops a busy thread at once and rejects what it was doing', async function () {
    this.timeout(30000);
    const pool = new WorkerPool(HANDLER, 1, 'test');
    const job = pool.run('hang');
    job.catch(() => undefined); // rejected during close(), checked below
    await pool.close(); // a thread busy for a minute: the test's timeout fails unless it is terminated
    await assert.rejects(job, /test pool closed/);
    await assert.rejects(pool.run([1]), /closed/);
  });

  it('takes threads started ahead (startSpareWorkers) before starting its own', async function () {
    this.timeout(30000);
    const spares = (globalThis as unknown as Record<symbol, unknown[]>);
    const key = Symbol.for('npy-viewer.spare-workers');
    startSpareWorkers(2);
    assert.strictEqual(spares[key].length, 2);
    const first = new WorkerPool(HANDLER, 1, 'test');
    assert.strictEqual(spares[key].length, 1, 'the pool took one spare');
    const second = new WorkerPool(HANDLER, 3, 'test');
    assert.strictEqual(spares[key].length, 0, 'and the next pool the other, starting two of its own');
    try {
      const a = new Float64Array([1.5]);
      assert.deepStrictEqual([...new Float64Array(await first.run<ArrayBuffer>(a.buffer, [a.buffer]))], [3]);
      const outs = await Promise.all([1, 2, 3].map((k) => second.run<ArrayBuffer>(new Float64Array([k]).buffer)));
      assert.deepStrictEqual(outs.map((b) => new Float64Array(b)[0]), [2, 4, 6]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
