"""Writes the benchmark inputs with NumPy (see test/bench/bench.mjs for the cases).

usage: python3 make_inputs.py DIR BIG_ROWS NPZ_ROWS EXPORT_ROWS DIFF_N
       python3 make_inputs.py --stats PATH ROWS
       python3 make_inputs.py --field FILE ROWS COLS BAND   (the render input, see inputs.mjs)
       python3 make_inputs.py --bignpz PATH ROWS

- big.npy     (BIG_ROWS, 16) float64, sparse on disk: only the header and three 50-row windows
              (start, middle, end) hold data, so the output of those windows is meaningful.
- member.npz  savez_compressed with one member 'a' of shape (NPZ_ROWS, 16) float64: values k/64,
              random-ish but compressible (~12 bits of entropy per 8-byte value).
- export.npy  (EXPORT_ROWS, 10) float64 normal noise at varied magnitudes (full-precision digits).
- diff_a.npy, diff_b.npy  (DIFF_N,) float64 (512 MiB each): normal noise, and the same with
              1000 elements changed (10 of them NaN in B only).
- bignpz.npz  (--bignpz) like member.npz with ROWS rows (8_388_608 rows = a 1 GiB member):
              the random-access case (a jump to the end, then jumps back).
- stats.npy   (--stats) (ROWS, 1024) float64, normal noise around 5 with spread 1000, and in it
              1% NaN, 0.1% +inf, 0.1% -inf and 0.1% zeros, at random places.
"""
import sys

import numpy as np
from numpy.lib import format as npformat

WINDOW = 50


def window_starts(rows):
    """Start row of the start, middle and end windows (bench.mjs uses the same formula)."""
    return [0, rows // 2, rows - WINDOW]


def write_big(path, rows):
    # open_memmap seeks to the end and writes one byte, so the file is sparse.
    arr = npformat.open_memmap(path, mode="w+", dtype="<f8", shape=(rows, 16))
    rng = np.random.default_rng(1)
    for start in window_starts(rows):
        scale = 10.0 ** rng.integers(-8, 8, size=(WINDOW, 16))
        arr[start:start + WINDOW] = rng.standard_normal((WINDOW, 16)) * scale
    arr.flush()
    del arr


def write_npz(path, rows, seed=2):
    rng = np.random.default_rng(seed)
    data = (rng.integers(0, 4096, size=(rows, 16), dtype=np.int64) / 64.0)
    np.savez_compressed(path, a=data)


def write_export(path, rows):
    rng = np.random.default_rng(3)
    data = rng.standard_normal((rows, 10)) * 10.0 ** rng.integers(-12, 12, size=(rows, 10))
    np.save(path, data)


def write_diff_pair(path_a, path_b, n):
    rng = np.random.default_rng(4)
    data = rng.standard_normal(n)
    np.save(path_a, data)
    where = rng.choice(n, 1000, replace=False)
    data[where] += rng.standard_normal(1000)
    data[where[:10]] = np.nan
    np.save(path_b, data)


def write_stats(path, rows):
    arr = npformat.open_memmap(path, mode="w+", dtype="<f8", shape=(rows, 1024))
    rng = np.random.default_rng(4)
    step = 8192
    for r in range(0, rows, step):
        blk = rng.standard_normal((min(step, rows - r), 1024)) * 1e3 + 5.0
        u = rng.random(blk.shape)
        blk[u < 0.01] = np.nan
        blk[(u >= 0.01) & (u < 0.011)] = np.inf
        blk[(u >= 0.011) & (u < 0.012)] = -np.inf
        blk[(u >= 0.012) & (u < 0.013)] = 0.0
        arr[r:r + blk.shape[0]] = blk
    arr.flush()
    del arr


def write_field(path, rows, cols, band):
    """The render input (inputs.mjs makeFieldInput): sparse, a pattern in the first `band` rows."""
    arr = npformat.open_memmap(path, mode="w+", dtype="<f8", shape=(rows, cols))
    x = np.arange(cols, dtype=np.float64)[None, :]
    for y0 in range(0, band, 128):
        y = np.arange(y0, min(band, y0 + 128), dtype=np.float64)[:, None]
        arr[y0:y0 + len(y)] = np.sin(x / 700) * np.cos(y / 90) * 100 + x / cols
    arr[100:164, 1000:1256] = np.nan
    arr.flush()
    del arr


def main():
    if sys.argv[1] == "--stats":
        write_stats(sys.argv[2], int(sys.argv[3]))
        return
    if sys.argv[1] == "--field":
        write_field(sys.argv[2], *map(int, sys.argv[3:6]))
        return
    if sys.argv[1] == "--bignpz":
        write_npz(sys.argv[2], int(sys.argv[3]), seed=5)
        return
    out_dir, big_rows, npz_rows, export_rows, diff_n = sys.argv[1], *map(int, sys.argv[2:6])
    write_big(f"{out_dir}/big.npy", big_rows)
    write_npz(f"{out_dir}/member.npz", npz_rows)
    write_export(f"{out_dir}/export.npy", export_rows)
    write_diff_pair(f"{out_dir}/diff_a.npy", f"{out_dir}/diff_b.npy", diff_n)


if __name__ == "__main__":
    main()
