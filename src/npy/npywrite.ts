/** Writes a view as a standalone C-order .npy, streaming. */
import { ArrayView } from './array';
import { NpyError } from './errors';
import { ByteSink } from './sink';

export async function writeNpy(
  view: ArrayView, sink: ByteSink,
  opts?: { signal?: AbortSignal; onProgress?(done: number, total: number): void },
): Promise<void> {
  void view; void sink; void opts;
  throw new NpyError('unsupported', 'not implemented yet');
}
