"""Writes a sample workspace of NumPy arrays for `npm start` (python3 make-sample-workspace.py DIR).

A tour of what the viewer handles: big and small, N-D, every dtype family, both byte orders,
Fortran order, and .npz archives (stored and compressed).
"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)


def save(name, arr):
    np.save(os.path.join(out, name), arr)


save('matrix_float64.npy', rng.standard_normal((2000, 300)))
save('counts_int32.npy', np.arange(10_000, dtype=np.int32).reshape(100, 100))
save('volume_float32.npy', rng.random((8, 64, 64), dtype=np.float32))
save('images_uint8_4d.npy', rng.integers(0, 255, (4, 3, 32, 32), dtype=np.uint8))
save('vector_1e6_float32.npy', np.linspace(0, 1, 1_000_000, dtype=np.float32))
save('scalar.npy', np.float64(np.pi))
save('mask_bool.npy', rng.random((50, 40)) > 0.5)
save('half_float16.npy', np.linspace(-2, 2, 60, dtype=np.float16).reshape(6, 10))
save('complex128.npy', (rng.standard_normal((20, 5)) + 1j * rng.standard_normal((20, 5))))
save('big_endian_int64.npy', np.arange(-50, 50, dtype='>i8').reshape(10, 10) ** 3)
save('fortran_order.npy', np.asfortranarray(np.arange(24, dtype=np.float64).reshape(4, 6)))
save('special_floats.npy', np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-310, 1e308, 1 / 3]))
save('longdouble.npy', np.linspace(0, 1, 10, dtype=np.longdouble))
save('names_unicode.npy', np.array(['alpha', 'βeta', '<script>', '数组', ''], dtype='U12'))
save('bytes_S8.npy', np.array([b'abc', b'\x00\x01', b'hello'], dtype='S8'))
save('dates_datetime64.npy', np.arange('2024-01-01', '2024-03-01', dtype='datetime64[D]'))
save('durations_timedelta64.npy', np.array([1, 60, 3600, -5], dtype='timedelta64[s]'))
people = np.dtype([('name', 'U10'), ('age', '<i2'), ('height', '<f4'), ('pos', '<f8', (2,))])
save('structured.npy', np.array([('Ada', 36, 1.65, (0.5, 1.5)), ('Alan', 41, 1.78, (2.0, -1.0))], dtype=people))

np.savez(os.path.join(out, 'stored_archive.npz'), x=np.arange(100.0), y=np.eye(5, dtype=np.int8))
np.savez_compressed(os.path.join(out, 'compressed_archive.npz'),
                    weights=rng.standard_normal((512, 256)).astype(np.float32),
                    bias=np.zeros(256, dtype=np.float32),
                    labels=np.array(['cat', 'dog', 'bird']),
                    step=np.int64(12000))
print(f'wrote {len(os.listdir(out))} files to {out}')
