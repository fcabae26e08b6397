/**
 * Every failure the engine reports on purpose is an NpyError: a message a user can read
 * (no stack trace is ever shown for it). Anything else that escapes is a bug.
 */
export type NpyErrorCode =
  | 'io'            // the file could not be read (missing, permission, truncated read)
  | 'format'        // not a valid .npy / .npz, or corrupt
  | 'unsupported'   // valid, but a kind we refuse or do not handle (object arrays, ...)
  | 'index'         // a bad index expression or an index out of bounds
  | 'usage'         // bad options (formats, member names that do not exist, ...)
  | 'changed'       // the file changed on disk since it was opened (truncated, rewritten, replaced, deleted)
  | 'cancelled';    // the caller cancelled the work

export class NpyError extends Error {
  constructor(readonly code: NpyErrorCode, message: string) {
    super(message);
    this.name = 'NpyError';
  }
}

export function isNpyError(e: unknown): e is NpyError {
  return e instanceof NpyError;
}
