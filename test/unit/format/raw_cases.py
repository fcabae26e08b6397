#!/usr/bin/env python3
"""Raw binary cases for test/unit/format/raw.test.ts.

usage: raw_cases.py SEED COUNT OUTDIR
Each case: a file written by ndarray.tofile (behind a header of its own, so offsets matter), a
dtype spelling, a shape (maybe with -1), an offset and an order; expected = np.savetxt of
np.fromfile(FILE, dtype, offset=offset).reshape(shape, order=order)[index], or NumPy's error.
Also OUTDIR/dtypes.json: np.dtype(spelling).str for spellings users type, or the error.
"""
import json
import sys
import warnings

import numpy as np

warnings.simplefilter('ignore')
seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(seed)
SPELLINGS = ['<f4', '>f4', 'float32', 'f8', '>i8', 'uint8', 'int16', '<u2', 'complex64', '>c16', 'bool', '?',
             'i1', 'u4', 'f2', 'float16', 'double', 'single', 'short', 'intc', 'long', 'longlong', 'byte', 'ubyte',
             'int', 'float', 'complex', 'S3', 'U2', '<M8[s]', 'm8[ms]', 'i4,f8', 'u1,u1,u1']
cases = []
for i in range(count):
    spelling = str(rng.choice(SPELLINGS))
    dt = np.dtype(spelling)
    n = int(rng.integers(0, 40))
    if dt.names:
        a = np.zeros(n, dt)
        for name in dt.names:
            a[name] = rng.integers(0, 100, n)
    elif dt.kind in 'SU':
        a = np.array([''.join(rng.choice(list('abcxyz'), int(rng.integers(0, 3)))) for _ in range(n)], dt)
    elif dt.kind in 'Mm':
        a = rng.integers(-10**9, 10**9, n).astype(dt)
    elif dt.kind == 'b':
        a = rng.random(n) < 0.5
    else:
        a = (rng.standard_normal(n) * 1000).astype(dt)
    lead = int(rng.integers(0, 3)) * int(rng.integers(1, 17))
    tail = int(rng.integers(0, dt.itemsize)) if rng.random() < 0.3 else 0
    fn = 'r%03d.bin' % i
    with open(f'{outdir}/{fn}', 'wb') as f:
        f.write(bytes(rng.integers(0, 256, lead).astype('u1')))
        a.tofile(f)
        f.write(bytes(tail))
    m = n
    divs = [d for d in range(1, m + 1) if m % d == 0] or [1]
    r = rng.random()
    if r < 0.25:
        shape = [m]
    elif r < 0.5:
        d = int(rng.choice(divs)); shape = [d, -1] if rng.random() < 0.5 else [-1, d]
    elif r < 0.75:
        d = int(rng.choice(divs)); shape = [d, m // d] if d else [0]
    elif r < 0.85:
        shape = [m + int(rng.integers(1, 3))]  # does not fit
    else:
        d = int(rng.choice(divs)); shape = [d, 1, -1]
    offset = lead if rng.random() < 0.9 else lead + int(rng.integers(1, 4))
    order = str(rng.choice(['C', 'F']))
    case = {'id': 'r%03d' % i, 'file': fn, 'dtype': spelling, 'shape': shape, 'offset': offset, 'order': order}
    try:
        arr = np.fromfile(f'{outdir}/{fn}', dtype=spelling, offset=offset).reshape(shape, order=order)
        if arr.ndim > 2:
            arr = arr[:, 0]
            case['index'] = ':, 0'
        fmt = '%s' if dt.kind in 'SUMm' or dt.names else str(rng.choice(['%.18e', '%s', '%g', '%d'])) if dt.kind != 'c' else '%.18e'
        if dt.names:
            fmt = '%s'
        case['fmt'] = fmt
        with open(f'{outdir}/{case["id"]}.txt', 'wb') as f:
            np.savetxt(f, arr, fmt=fmt, encoding='utf-8')
        case['expected'] = case['id'] + '.txt'
    except Exception as e:
        case['error'] = '%s: %s' % (type(e).__name__, e)
    cases.append(case)
dts = {}
for s in SPELLINGS + ['>float32', 'float_', 'cfloat', 'int0', 'O', 'object', 'S0', 'U', 'V', 'long double', 'f16', 'c32', 'M8', '=f4', '|i1', '<u1', 'a2', 'e', 'g']:
    try:
        dts[s] = np.dtype(s).str if not np.dtype(s).names else repr(np.dtype(s).descr)
    except Exception as e:
        dts[s] = None
json.dump({'cases': cases, 'dtypes': dts}, open(f'{outdir}/cases.json', 'w'))
