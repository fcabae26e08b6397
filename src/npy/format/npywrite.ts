/**
 * Writes a view as a standalone C-order .npy — the header np.save would write for that dtype and
 * shape, then the data — streaming in bounded chunks, cancellable.
 */
import { ArrayView, BULK_MERGE_GAP, cOrderBlocks } from './array';
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

export interface WriteNpyOptions {
  signal?: AbortSignal;
  /** Bytes of array data written so far, of the total. */
  onProgress?(done: number, total: number): void;
}

/**
 * The shape to write: the header's exact one when the view is the whole array and a dimension is
 * past 2**53 (an empty array such as (0, 2**53 + 1)), whose doubles in `shape` are rounded.
 */
function exactShape(view: ArrayView): readonly (number | bigint)[] {
  const big = view.array.header.bigShape;
  if (!big) return view.shape;
  const whole = view.array.view();
  const same = whole.offset === view.offset && whole.shape.length === view.shape.length &&
    whole.shape.every((n, i) => n === view.shape[i] && whole.strides[i] === view.strides[i]);
  return same ? big : view.shape;
}

export async function writeNpy(view: ArrayView, sink: ByteSink, opts: WriteNpyOptions = {}): Promise<void> {
  const checkAbort = () => {
    if (opts.signal?.aborted) throw new NpyError('cancelled', 'writing the .npy file was cancelled');
  };
  checkAbort();
  if (view.dtype.kind === 'O') {
    throw new NpyError('unsupported', 'an object array can only be written by pickling it, and npy-viewer writes no pickles; export it as text instead');
  }
  const shape = view.shape;
  const item = view.dtype.itemsize;
  const total = view.size * item;
  await sink.write(buildHeader(view.dtype, exactShape(view), false));
  let done = 0;
  opts.onProgress?.(0, total);
  const lastAxis = view.strides.map((st, i) => ({ st, n: shape[i] })).filter(a => a.n > 1).pop();
  const scattered = lastAxis !== undefined && Math.abs(lastAxis.st) !== item;
  for (const [start, count] of cOrderBlocks(shape, item, scattered ? SCATTERED_CHUNK : CHUNK)) {
    checkAbort();
    const bytes = await view.readBlock(start, count, { mergeGap: BULK_MERGE_GAP });
    await sink.write(bytes);
    done += bytes.length;
    opts.onProgress?.(done, total);
  }
}
