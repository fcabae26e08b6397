#!/usr/bin/env python3
"""Random .safetensors files written byte by byte, for test/unit/cli/safetensors.test.ts.

usage: safetensors_cases.py SEED COUNT OUTDIR
Writes OUTDIR/sNNN.safetensors (several tensors of random dtypes and shapes; BF16 by rounding
float32 to nearest even, F8 as random bytes), OUTDIR/sNNN-<k>.txt = np.savetxt of tensor k as
NumPy would hold it (BF16/F8 as the float32 of the same value, F16 as float16, ...), and
OUTDIR/cases.json. The Python `safetensors` package is not used: the format is written here.
"""
import json
import struct
import sys

import numpy as np

seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(seed)

NUMPY = {'BOOL': '?', 'U8': 'u1', 'I8': 'i1', 'U16': '<u2', 'I16': '<i2', 'U32': '<u4', 'I32': '<i4',
         'U64': '<u8', 'I64': '<i8', 'F16': '<f2', 'F32': '<f4', 'F64': '<f8', 'C64': '<c8'}
NARROW = ['BF16', 'F8_E4M3', 'F8_E5M2', 'F8_E8M0']


def f8_value(name, b):
    """The value of one 8-bit float, from the formats' definitions (OCP FP8, E8M0 scales)."""
    s = -1.0 if b & 0x80 else 1.0
    if name == 'F8_E4M3':
        e, m = (b >> 3) & 15, b & 7
        if e == 15 and m == 7:
            return float('nan')
        return s * (m * 2.0 ** -9 if e == 0 else (1 + m / 8) * 2.0 ** (e - 7))
    if name == 'F8_E5M2':
        e, m = (b >> 2) & 31, b & 3
        if e == 31:
            return s * float('inf') if m == 0 else float('nan')
        return s * (m * 2.0 ** -16 if e == 0 else (1 + m / 4) * 2.0 ** (e - 15))
    return float('nan') if b == 255 else 2.0 ** (b - 127)


def bf16_round(x32):
    """float32 -> bfloat16 bits, round to nearest even (NaN stays NaN)."""
    bits = x32.view('<u4').astype(np.uint64)
    rounded = ((bits + 0x7fff + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(x32)
    rounded[nan] = ((bits[nan] >> 16) | 0x40).astype(np.uint16)
    return rounded


def random_shape():
    nd = int(rng.choice([0, 1, 1, 2, 2, 2, 3]))
    return tuple(int(rng.integers(0 if rng.random() < 0.05 else 1, 6)) for _ in range(nd))


def random_values(name, shape):
    n = int(np.prod(shape, dtype=np.int64))
    if name in NARROW:
        if name == 'BF16':
            x = (rng.standard_normal(n) * 10.0 ** rng.integers(-6, 6, n)).astype('<f4')
            x[rng.random(n) < 0.05] = np.nan
            x[rng.random(n) < 0.05] = np.inf
            raw = bf16_round(x)
            held = (raw.astype('<u4') << 16).view('<f4')
            return raw.astype('<u2').tobytes(), held.reshape(shape)
        raw = rng.integers(0, 256, n).astype('u1')
        held = np.array([f8_value(name, int(b)) for b in raw], dtype='<f4')
        return raw.tobytes(), held.reshape(shape)
    dt = np.dtype(NUMPY[name])
    if dt.kind == 'b':
        a = rng.random(n) < 0.5
    elif dt.kind in 'iu':
        info = np.iinfo(dt)
        a = rng.integers(info.min, info.max, n, endpoint=True, dtype=dt)
    elif dt.kind == 'f':
        a = (rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)).astype(dt)
    else:
        a = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt)
    a = a.astype(dt).reshape(shape)
    return a.tobytes(), a


def write(path, tensors, metadata, order):
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    data = b''
    for name in order:
        dt, shape, raw = tensors[name]
        header[name] = {'dtype': dt, 'shape': list(shape), 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    hb = json.dumps(header, separators=(',', ':')).encode('utf-8')
    hb += b' ' * ((8 - len(hb) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(hb)) + hb + data)


cases = []
names = list(NUMPY) + NARROW * 2
for i in range(count):
    tensors, expected = {}, []
    k = int(rng.integers(1, 5))
    for j in range(k):
        dt = str(rng.choice(names))
        shape = random_shape()
        raw, held = random_values(dt, shape)
        name = rng.choice(['model.layers.%d.mlp.weight' % j, 'embed.%d' % j, 't%d' % j, 'ä.%d' % j])
        tensors[name] = (dt, shape, raw)
        arr, index = held, None
        if held.ndim > 2:
            if held.shape[0] == 0:
                continue
            index = str(int(rng.integers(held.shape[0])))
            arr = held[int(index)]
        fmt = None if dt not in ('BOOL',) and rng.random() < 0.6 else '%s' if dt == 'BOOL' else str(rng.choice(['%.18e', '%g', '%s', '%r', '%.3f']))
        if dt == 'C64' and fmt not in (None, '%.18e', '%g', '%.3f'):
            fmt = None
        txt = 's%03d-%d.txt' % (i, j)
        kw = {} if fmt is None else {'fmt': fmt}
        with open(f'{outdir}/{txt}', 'wb') as f:
            np.savetxt(f, np.atleast_1d(arr) if arr.ndim == 0 else arr, **kw)
        expected.append({'name': name, 'dtype': dt, 'shape': list(shape), 'numpy': held.dtype.str,
                         'index': index, 'fmt': fmt, 'expected': txt, 'zero_d': arr.ndim == 0})
    order = list(tensors)
    rng.shuffle(order)
    md = None if rng.random() < 0.5 else {'format': 'pt', 'note': 'case %d' % i}
    fn = 's%03d.safetensors' % i
    write(f'{outdir}/{fn}', tensors, md, order)
    cases.append({'id': 's%03d' % i, 'file': fn, 'tensors': expected, 'metadata': md,
                  'names': order})

with open(f'{outdir}/cases.json', 'w') as f:
    json.dump({'cases': cases}, f)
