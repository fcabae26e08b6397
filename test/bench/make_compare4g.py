# Inputs of test/bench/compare.index.ts: two 4 GiB float64 .npy (C order, 131072 x 4096) equal but for
# 1000 elements (b = -a - 1 at random flat indices, seed 15). Usage: python3 make_compare4g.py DIR
import numpy as np, sys
n = 4 * 2**30 // 8
a = np.lib.format.open_memmap(sys.argv[1] + '/a.npy', mode='w+', dtype='<f8', shape=(n // 4096, 4096))
b = np.lib.format.open_memmap(sys.argv[1] + '/b.npy', mode='w+', dtype='<f8', shape=(n // 4096, 4096))
rows = a.shape[0]
step = 8192
for r in range(0, rows, step):
    x = np.arange(r * 4096, min(rows, r + step) * 4096, dtype=np.float64).reshape(-1, 4096) * 0.5
    a[r:r + step] = x
    b[r:r + step] = x
rng = np.random.default_rng(15)
idx = rng.choice(n, 1000, replace=False)
bf = b.reshape(-1)
bf[idx] = -bf[idx] - 1.0  # fails np.isclose (a bare +1.0 passes rtol at these magnitudes)
a.flush(); b.flush()
print('done', a.shape)
