"""Writes the integration-test fixtures of the viewer, tree and export suites with real NumPy.

Run from anywhere: python3 make_fixtures.py. The outputs are committed so the tests need no NumPy.
expected.json holds what NumPy says about them (str() of every value, savetxt outputs are files).
"""
import json
import os
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def out(name):
    return os.path.join(HERE, name)


# A small 2-D int32 array: every value's text is exact, whatever the float display settings.
small = (np.arange(24, dtype=np.int32).reshape(6, 4) * 7 - 50)
np.save(out('small.npy'), small)

# Floats with short exact decimal forms, for the export (np.savetxt's '%.18e' shows all digits).
grid = (np.arange(20, dtype=np.float64).reshape(5, 4) - 7.5) / 4
np.save(out('grid.npy'), grid)
np.savetxt(out('grid.expected.csv'), grid, delimiter=',')
# A CSV with a header row for spreadsheets: no comment prefix, short numbers.
np.savetxt(out('grid.header.expected.csv'), grid, delimiter=',', fmt='%.6g', header='a,b,c,d', comments='')

# An npz with stored members, one non-array member, and the members' standalone .npy files.
arr_0 = np.arange(6, dtype=np.int32).reshape(2, 3)
sin_array = np.sin(np.linspace(0, np.pi, 7))
labels = np.array(['a', 'bc', 'd<e>'], dtype='U4')
np.savez(out('members.npz'), arr_0, sin_array=sin_array, labels=labels, grid=grid)
with zipfile.ZipFile(out('members.npz'), 'a') as z:
    # A fixed date keeps the file byte-identical between runs of this script.
    z.writestr(zipfile.ZipInfo('readme.txt', date_time=(1980, 1, 1, 0, 0, 0)), 'not an array\n')
np.save(out('members.arr_0.expected.npy'), arr_0)
np.savetxt(out('members.grid.expected.csv'), grid, delimiter=',')
np.savetxt(out('members.sin_array.header.expected.csv'), sin_array, delimiter=',', header='sin', comments='')

# The same arrays compressed.
np.savez_compressed(out('compressed.npz'), arr_0, sin_array=sin_array)

# Many members: the tree lists and filters them all (0-d int16 arrays named x0000..x1199).
np.savez_compressed(out('many.npz'), **{f'x{i:04d}': np.int16(i) for i in range(1200)})

# Not a .npy: the magic is right, the header is garbage.
with open(out('corrupt.npy'), 'wb') as f:
    f.write(b'\x93NUMPY\x01\x00\x10\x00{not a dict   }\n' + b'\x00' * 8)

def fixed(a, digits):
    """Cell texts in the viewer's 'fixed' notation: printf's %.{digits}f of each value, as Python writes it."""
    return [[f'%.{digits}f' % v for v in np.atleast_1d(row)] for row in a]


expected = {
    'small.npy': {'shape': list(small.shape), 'dtype': str(small.dtype), 'texts': [[str(v) for v in row] for row in small]},
    # npyViewer.precision 35, and 99 / -1 in settings.json (clamped to the range 0-40).
    'grid.npy': {'fixed35': fixed(grid, 35), 'fixed40': fixed(grid, 40), 'fixed0': fixed(grid, 0)},
    'members.npz': {
        'members': {
            'arr_0': {'shape': list(arr_0.shape), 'dtype': str(arr_0.dtype)},
            'sin_array': {'shape': list(sin_array.shape), 'dtype': str(sin_array.dtype)},
            'labels': {'shape': list(labels.shape), 'dtype': str(labels.dtype)},
            'grid': {'shape': list(grid.shape), 'dtype': str(grid.dtype)},
        },
        'arr_0_texts': [[str(v) for v in row] for row in arr_0],
        'sin_array_fixed35': fixed(sin_array, 35),
        'sin_array_fixed40': fixed(sin_array, 40),
        'sin_array_fixed0': fixed(sin_array, 0),
    },
}
with open(out('expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
    f.write('\n')
