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

# A .safetensors file written byte by byte (as the format says): BF16 values are float32 rounded to
# nearest even in the top 16 bits; dotted names make folders in the tree; __metadata__ is shown.
def bf16_bits(x):
    u = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype('<u2')


bf16_source = np.array([[1 / 3, -2.5, 3.14159], [1e-3, 65504, -0.0078125]], dtype=np.float32)
bf16_held = (bf16_bits(bf16_source).astype(np.uint32) << 16).view(np.float32)  # what tensor.float() holds
tensors = {
    'layers.0.attn.weight': ('BF16', [2, 3], bf16_bits(bf16_source).tobytes()),
    'layers.0.attn.bias': ('F32', [3], np.array([0.5, -1, 2], '<f4').tobytes()),
    'layers.1.mlp.weight': ('I64', [2, 2], np.array([[1, -2], [3, 2**40]], '<i8').tobytes()),
    'embed': ('F16', [4], np.array([1, 0.5, -3, 1000], '<f2').tobytes()),
}
header, data = {'__metadata__': {'format': 'pt', 'note': 'integration fixture'}}, b''
for name, (dt, shape, raw) in tensors.items():
    header[name] = {'dtype': dt, 'shape': shape, 'data_offsets': [len(data), len(data) + len(raw)]}
    data += raw
text = json.dumps(header, separators=(',', ':')).encode()
text += b' ' * (-len(text) % 8)
with open(out('model.safetensors'), 'wb') as f:
    f.write(len(text).to_bytes(8, 'little') + text + data)
np.savetxt(out('model.bf16.expected.txt'), bf16_held)

# An object array (np.save pickles it): the grid shows str() of each element.
objects = np.empty((2, 3), dtype=object)
objects[:] = [[1, 'two', 3.5], [None, [1, 2], {'a': (1, 'b')}]]
np.save(out('objects.npy'), objects, allow_pickle=True)

# Raw big-endian int16 after an 8-byte header of its own (ndarray.tofile).
raw_data = (np.arange(12).reshape(3, 4) * -3 + 7).astype('>i2')  # arithmetic gives native order
with open(out('dump.bin'), 'wb') as f:
    f.write(b'HDR\x00\x01\x02\x03\x04')
    raw_data.tofile(f)
np.savetxt(out('dump.expected.txt'), raw_data)
np.save(out('model.bf16.expected.npy'), bf16_held)

# A pair to compare (the comparison panel): float64 arrays with known differences. NaN on both
# sides matches; one-sided NaN, a sign flip and 1e-3 differ at any tolerance used; two changes
# pass np.isclose's default rtol=1e-05 and fail rtol=1e-07.
cmp_a = np.linspace(-3, 3, 1000).reshape(40, 25)
cmp_a[0, 0] = np.nan
cmp_b = cmp_a.copy()
cmp_b[0, 0] = np.nan
cmp_b[1, 2] += 1e-3
cmp_b[5, 7] = np.nan
cmp_b[10, 0] *= 1 + 3e-6
cmp_b[20, 20] += 5e-7
cmp_b[39, 24] = -cmp_b[39, 24]
np.save(out('compare_a.npy'), cmp_a)
np.save(out('compare_b.npy'), cmp_b)
# Two archives: 'x' differs as above, 'y' is the same, one member on each side only.
cmp_y = np.arange(12, dtype=np.int16).reshape(3, 4)
np.savez(out('compare_a.npz'), x=cmp_a, y=cmp_y, only_a=np.zeros(2))
np.savez(out('compare_b.npz'), x=cmp_b, y=cmp_y, only_b=np.ones(3))


def comparison(a, b, rtol, atol=1e-08):
    """What the comparison must report for a pair: NumPy's own counts and extremes."""
    m = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
    finite = np.isfinite(a) & np.isfinite(b)
    d = np.abs(a - b, where=finite, out=np.zeros_like(a))
    rel_ok = finite & (b != 0)
    rel = np.divide(d, np.abs(b), where=rel_ok, out=np.zeros_like(a))
    return {
        'compared': int(a.size), 'mismatches': int(m.sum()),
        'max_abs': repr(float(d[finite].max())), 'max_rel': repr(float(rel[rel_ok].max())),
        'first': np.argwhere(m)[:10].tolist(),
    }


def fixed(a, digits):
    """Cell texts in the viewer's 'fixed' notation: printf's %.{digits}f of each value, as Python writes it."""
    return [[f'%.{digits}f' % v for v in np.atleast_1d(row)] for row in a]


expected = {
    'small.npy': {'shape': list(small.shape), 'dtype': str(small.dtype), 'texts': [[str(v) for v in row] for row in small]},
    # npyViewer.precision 35, and 99 / -1 in settings.json (clamped to the range 0-40).
    'grid.npy': {'fixed35': fixed(grid, 35), 'fixed40': fixed(grid, 40), 'fixed0': fixed(grid, 0)},
    'model.safetensors': {
        'bf16_fixed40': fixed(bf16_held, 40),
        'tensors': {n: {'dtype': dt, 'shape': shape} for n, (dt, shape, _) in tensors.items()},
        'metadata': [['format', 'pt'], ['note', 'integration fixture']],
    },
    'objects.npy': {'shape': list(objects.shape), 'texts': [[str(v) for v in row] for row in objects]},
    'dump.bin': {'dtype': '>i2', 'offset': 8, 'shape': list(raw_data.shape), 'texts': [[str(v) for v in row] for row in raw_data]},
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
    'compare': {
        'rtol=1e-05': comparison(cmp_a, cmp_b, 1e-05),
        'rtol=1e-07': comparison(cmp_a, cmp_b, 1e-07),
    },
}
with open(out('expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
    f.write('\n')
