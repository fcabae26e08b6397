/** A Python exception raised by the Python/NumPy operations this engine reproduces. */
export type PyErrorType = 'TypeError' | 'ValueError' | 'OverflowError' | 'MemoryError';

export class PyError extends Error {
  constructor(readonly pyType: PyErrorType, message: string) { super(message); this.name = 'PyError'; }
}
