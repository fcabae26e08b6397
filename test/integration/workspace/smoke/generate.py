"""Writes the smoke-test arrays with NumPy (run from this folder: python3 generate.py).

The files are committed so the integration tests run without NumPy; expected.json holds the
values NumPy itself reports, so the test never hard-codes them.
"""
import json

import numpy as np

grid = np.arange(12, dtype='<i4').reshape(3, 4) * 7 - 5
np.save('grid.npy', grid)
np.savez_compressed('pair.npz', grid=grid, ramp=np.linspace(0.0, 1.0, 5))

expected = {
    'grid.npy': {'shape': list(grid.shape), 'dtype': str(grid.dtype), 'text': [[str(v) for v in row] for row in grid]},
    'pair.npz': {'members': ['grid', 'ramp']},
}
with open('expected.json', 'w') as f:
    json.dump(expected, f, indent=1)
    f.write('\n')
