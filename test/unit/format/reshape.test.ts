/**
 * np.load's last step, `array.shape = shape` (reversed for Fortran order): the reshape multiplies
 * the dimensions in that order and stops at the first 0, so a product past 2**63 - 1 before it
 * refuses the file even though the array is empty. The byte-size rule covers this for items with
 * bytes; zero-byte items ('V0', 'S0', 'U0') meet only this one. NumPy writes the headers and loads
 * them; the engine must open exactly those it opens. (The long fuzz run of seed 1206151, case
 * 33003, found '|V0' with shape (4294967297, 2147483648, 0, 1): NumPy refuses it, we opened it.
 * The check run of seed 1206191, case 12926, found (('<i4', (2,)), (1,)) with shape
 * (0, 2**60): np.load reshapes int32 items, so the byte size is 4 × 2**60; we refused it with
 * the subarray's 8 bytes.)
 */
import * as assert from 'assert';
import { headerDisagreements } from '../../support/headerverdicts';
import { requireNumpy, runNumpy } from '../../support/numpy';

const CASES = `
import io
def npy(descr, shape, fortran):
    h = "{'descr': %r, 'fortran_order': %s, 'shape': %r, }" % (descr, fortran, shape)
    h = h + ' ' * (63 - (10 + len(h)) % 64) + '\\n'
    return b'\\x93NUMPY\\x01\\x00' + len(h).to_bytes(2, 'little') + h.encode('latin1')
out = []
shapes = [(0, 2**62, 4), (2**62, 4, 0), (4294967297, 2147483648, 0, 1), (0, 2**63 - 1, 2), (2**63 - 1, 2, 0),
          (3, 2**62, 0), (2**62, 2, 0), (2, 2**62, 0), (2**61, 2, 2, 0, 2**62), (2**31, 2**31, 2, 0), (2**31, 2**31, 0, 2),
          (0, 2**60), (2**61, 0), (0, 2**59, 3)]
# top-level subarray descrs: np.load makes (count, *sub) items of the base, then reshapes them
descrs = ['|V0', '|S0', '<U0', '<f8', '|u1', ('<i4', (2,)), (('<i4', (2,)), (1,)), ('<f8', (1,)), ('<u2', (4, 8))]
for descr in descrs:
    for shape in shapes:
        for fortran in (False, True):
            b = npy(descr, shape, fortran)
            try:
                np.load(io.BytesIO(b))
                ok = True
            except ValueError:
                ok = False
            out.append({'what': '%s %r%s' % (descr, shape, ' F' if fortran else ''), 'hex': b.hex(), 'ok': ok})
print(json.dumps(out))
`;

describe('np.load reshapes an empty array: the dimensions multiplied in order, up to the first 0', () => {
  it('opens the headers np.load opens and refuses the ones it refuses (252 headers, top-level subarray descrs among them)', async function () {
    requireNumpy(this, 'np.load of empty arrays with huge dimensions');
    this.timeout(120000);
    const cases = JSON.parse(runNumpy(CASES)) as { what: string; hex: string; ok: boolean }[];
    assert.strictEqual(cases.length, 252);
    const wrong = await headerDisagreements(cases);
    assert.deepStrictEqual(wrong, []);
    // both answers occur
    assert.ok(cases.some((c) => c.ok) && cases.some((c) => !c.ok));
  });
});
