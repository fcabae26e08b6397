/**
 * Writes a view as a standalone C-order .npy — the header np.save would write for that dtype and
 * shape, then the data — streaming in bounded chunks, cancellable.
 */
import { ArrayView } from './array';
import { NpyError } from '../errors';
import { buildHeader } from './header';
import { ByteSink } from '../io/sink';

/** Target bytes per block read from the source (memory stays around this, whatever the size). */
const CHUNK = 4 * 1024 * 1024;
/**
 * When the view's last axis is not contiguous in the file (Fortran order, transposes), C-order
 * rows are scattered: bigger blocks and tolerating gaps turn thousands of tiny reads into a few
 * large ones, which is far faster on any file system.
 */
const SCATTERED_CHUNK = 32 * 1024 * 1024;
const BULK_MERGE_GAP = 64 * 1024;

export interface WriteNpyOptions {
  signal?: AbortSignal;
  /** Bytes of array data written so far, of the total. */
  onProgress?(done: number, total: number): void;
}

export async function writeNpy(view: ArrayView, sink: ByteSink, opts: WriteNpyOptions = {}): Promise<void> {
  const checkAbort = () => {
    if (opts.signal?.aborted) throw new NpyError('cancelled', 'writing the .npy file was cancelled');
  };
  checkAbort();
  const shape = view.shape;
  const item = view.dtype.itemsize;
  const total = view.size * item;
  await sink.write(buildHeader(view.dtype, shape, false));
  let done = 0;
  opts.onProgress?.(0, total);
  const lastAxis = view.strides.map((st, i) => ({ st, n: shape[i] })).filter(a => a.n > 1).pop();
  const scattered = lastAxis !== undefined && Math.abs(lastAxis.st) !== item;
  for (const [start, count] of chunks(shape, item, scattered ? SCATTERED_CHUNK : CHUNK)) {
    checkAbort();
    const bytes = await view.readBlock(start, count, { mergeGap: BULK_MERGE_GAP });
    await sink.write(bytes);
    done += bytes.length;
    opts.onProgress?.(done, total);
  }
}

/**
 * C-order blocks of about CHUNK bytes: whole trailing sub-arrays where they fit, otherwise a range
 * along the first axis whose trailing sub-array fits (down to ranges of single elements).
 */
export function* chunks(shape: number[], item: number, chunkBytes = CHUNK): Generator<[number[], number[]]> {
  const nd = shape.length;
  if (shape.some(n => n === 0)) return;
  // inner[k] = bytes of one index along axes 0..k-1 (i.e. of the sub-array over axes k..nd-1).
  const inner = new Array<number>(nd + 1);
  inner[nd] = item;
  for (let k = nd - 1; k >= 0; k--) inner[k] = inner[k + 1] * shape[k];
  let k = 0;
  while (k < nd && inner[k] > chunkBytes) k++;
  if (k === 0) {
    yield [new Array(nd).fill(0), [...shape]];
    return;
  }
  // Iterate the outer axes 0..k-2 one index at a time and axis k-1 in steps of `step`.
  const axis = k - 1;
  const step = Math.max(1, Math.floor(chunkBytes / inner[k]));
  const idx = new Array<number>(axis).fill(0);
  for (;;) {
    for (let i = 0; i < shape[axis]; i += step) {
      const start = [...idx, i, ...new Array<number>(nd - k).fill(0)];
      const count = [...new Array<number>(axis).fill(1), Math.min(step, shape[axis] - i), ...shape.slice(k)];
      yield [start, count];
    }
    let j = axis - 1;
    for (; j >= 0; j--) {
      if (++idx[j] < shape[j]) break;
      idx[j] = 0;
    }
    if (j < 0) return;
  }
}
