/**
 * What a file gives, in one shape for NumPy (oracle.py) and for the engine (engine.ts): how it
 * opens, and for each array (or .npz member) its dtype descr, shape, a SHA-256 of its C-order
 * bytes and of np.savetxt's output for each format, or the error.
 */
export interface TextResult { sha?: string; len?: number; capped?: boolean; error?: string }

export interface ItemResult {
  /** '' for a .npy; the member's key (np.load's NpzFile.files) for an .npz. */
  key: string;
  error?: string;
  /**
   * A member that is not an array: np.load reads it whole (its CRC checked) and gives its bytes.
   * Both sides hash the first TEXT_CAP bytes; `len` is the whole length (the engine reads to the
   * end too, up to 64 MiB: `capped` when it stopped there).
   */
  bytes?: { sha: string; len: number; capped?: boolean };
  dtype?: string;
  shape?: string[];
  data?: string;
  /** savetxt per format (1-D and 2-D arrays only). */
  text?: Record<string, TextResult>;
  /**
   * The engine only (not compared with NumPy): an .npz member's bytes as `npyview save` copies
   * them (all of them, CRC checked), when its first bytes are an array's; `capped` when it is
   * longer than the harness copies (64 MiB: then save is not checked).
   */
  copy?: { sha?: string; error?: string; capped?: boolean };
}

export interface Outcome {
  kind: 'npy' | 'npz' | 'error';
  error?: string;
  items: ItemResult[];
  /** The evaluation ran out of time / memory (the engine's worker, or NumPy's). */
  timeout?: boolean;
  memory?: boolean;
  /** The engine threw something that is not an NpyError (a bug), with its stack. */
  crash?: string;
}

/**
 * Output of a savetxt compared up to this many bytes (both sides hash only that prefix). 256 KiB is
 * thousands of rows of any seed; the bytes past it are checked whole (the data hash), and the
 * text of the billion-column files of defect 1 or of a (2**53, 0) shape costs 4x less than at 1 MiB.
 */
export const TEXT_CAP = 256 << 10;

/** The formats tried on every 1-D/2-D array, and the pool one more is drawn from. */
export const BASE_FORMATS = ['%.18e', '%s'];
export const MORE_FORMATS = ['%d', '%.3f', '%r', '%10.4g', '%x', '%-8s|', '%.0e', '%+.17g', '%c', '%5.2s', '%i,%i', '%.30f', '%#o'];
