/**
 * The engine's verdict on .npy headers NumPy wrote and loaded: for each case, whether readHeader
 * opens it, against whether np.load did. Returns one line per disagreement.
 */
import { NpyError } from '../../src/npy/errors';
import { readHeader } from '../../src/npy/format/header';
import { BufferSource } from '../../src/npy/io/filesource';

export interface HeaderCase { what: string; hex: string; ok: boolean }

export async function headerDisagreements(cases: readonly HeaderCase[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const c of cases) {
    let ok = true;
    try {
      await readHeader(new BufferSource(Buffer.from(c.hex, 'hex')));
    } catch (e) {
      if (!(e instanceof NpyError)) throw e;
      ok = false;
    }
    if (ok !== c.ok) wrong.push(`${c.what}: NumPy ${c.ok ? 'opens' : 'refuses'} it, we ${ok ? 'open' : 'refuse'} it`);
  }
  return wrong;
}
