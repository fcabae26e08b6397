/**
 * Worker threads that format blocks of doubles as '%.Ne' rows (the default np.savetxt format),
 * so a large export uses every core. The workers run floatfmt's self-contained factory from its
 * source text (a WorkerPool), so this works the same from tsc output, the CLI bundle and the
 * extension bundle.
 */
import { coreCount, forcedWorkers, WorkerPool } from '../workers';
import { floatFormatFactory } from './floatfmt';

export interface BlockLayout { ncols: number; lits: Uint8Array[]; precs: number[]; uppers: boolean[] }

const HANDLER_SOURCE = `(() => {
  const F = (${floatFormatFactory.toString()})();
  return (m) => {
    const out = F.formatBlockE(new Float64Array(m.xs), m.ncols, m.lits, m.precs, m.uppers).slice();
    return { value: out, transfer: [out.buffer] };
  };
})()`;

/**
 * Worker threads worth starting here. Measured on 2 cores: the pool made a 2e6-value export
 * slower (0.46 vs 0.21 of np.savetxt's time) because the main thread needs a core for reading,
 * copying and writing; so only machines with 4+ cores get workers (one core left to the main thread).
 */
export function poolSize(): number {
  const forced = forcedWorkers();
  if (forced !== undefined) return forced;
  const n = coreCount();
  return n >= 4 ? Math.min(n - 1, 4) : 0;
}

export class FloatPool {
  private readonly pool: WorkerPool;

  constructor(size: number) {
    this.pool = new WorkerPool(HANDLER_SOURCE, size, 'formatting');
  }

  /** Formats rows of xs (its buffer is transferred to a worker: do not use xs afterwards). */
  format(xs: Float64Array, layout: BlockLayout): Promise<Uint8Array> {
    const own = xs.byteOffset === 0 && xs.byteLength === xs.buffer.byteLength ? xs : xs.slice();
    return this.pool.run<Uint8Array>({ xs: own.buffer, ...layout }, [own.buffer as ArrayBuffer]);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
