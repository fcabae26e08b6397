#!/usr/bin/env python3
"""Deflated .npz members whose compressed size does not fit the file, for test/unit/format/csize.test.ts.

usage: csize_cases.py OUTDIR
Writes OUTDIR/case-N.npz and OUTDIR/cases.json: for each archive, what np.load gives for each
member (the SHA-256 of the array's bytes, its dtype and shape, or the exception). Each archive
holds a deflated 'a' (arrays of several sizes and compressibilities) and, in half of them, a
member 'b' after it (so the file goes on past 'a'). Then 'a' is damaged one way:
- its compressed size (central and local) raised past the end of the file by 1 .. 1,000,000
  bytes, or raised by a little within the file;
- its compressed data cut to a part of itself (the size fields unchanged, the rest of the archive
  moved up): zipfile then inflates what follows as more of the stream, and may run off the end.
zipfile reads by the central directory and raises EOFError when a top-up of its input finds the
end of the file; whether it gets that far depends on zlib's input consumption at each read.
"""
import hashlib
import io
import json
import struct
import sys
import zlib

import numpy as np

outdir = sys.argv[1]
rng = np.random.default_rng(20261206)


def arrays():
    yield 'f8 x5', np.arange(5, dtype='<f8')
    yield 'f8 x600', np.arange(600, dtype='<f8') * 0.5
    yield 'f8 x5000', np.arange(5000, dtype='<f8')
    yield 'f8 x40000', np.arange(40000, dtype='<f8')
    yield 'f8 x300000', np.arange(300000, dtype='<f8') % 7
    yield 'random f8 x5000', rng.random(5000)
    yield 'random f8 x70000', rng.random(70000)
    yield 'u1 zeros x2000000', np.zeros(2_000_000, dtype='u1')
    yield 'i4 small x100000', rng.integers(0, 5, 100000).astype('<i4')
    yield "struct ('i4','f8') x3000", np.array([(i, i * 0.25) for i in range(3000)], dtype=[('i', '<i4'), ('f', '<f8')])
    yield 'i2 2-D 300x300', (np.arange(90000, dtype='<i2') % 251).reshape(300, 300)
    yield 'S5 x20000', np.array([b'ab%d' % (i % 97) for i in range(20000)], dtype='S5')


def npy(a):
    b = io.BytesIO()
    np.save(b, a)
    return b.getvalue()


def deflate(raw):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(raw) + c.flush()


def build(members):
    """members: (name, raw, data, declared csize) -> zip bytes (deflated, central + local sizes = declared)."""
    out = bytearray()
    central = bytearray()
    for name, raw, data, csize in members:
        nb = name.encode()
        crc = zlib.crc32(raw)
        offset = len(out)
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0x21, crc, csize, len(raw), len(nb), 0) + nb + data
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0x21, crc, csize, len(raw),
                               len(nb), 0, 0, 0, 0, 0, offset) + nb
    cd = len(out)
    out += central + struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(members), len(members), len(central), cd, 0)
    return bytes(out)


def load(path):
    got = {}
    try:
        z = np.load(path)
    except Exception as e:  # noqa: BLE001 - the oracle's verdict, whatever it is
        return {'error': f'{type(e).__name__}: {e}'}
    with z:
        for k in z.files:
            try:
                a = z[k]
                if isinstance(a, bytes):
                    got[k] = {'bytes': len(a)}
                else:
                    got[k] = {'sha': hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest(),
                              'dtype': a.dtype.str, 'shape': list(a.shape)}
            except Exception as e:  # noqa: BLE001
                got[k] = {'error': f'{type(e).__name__}: {e}'}
    return {'members': got}


cases = []
b_raw = npy(rng.random(20000))
b_data = deflate(b_raw)
for label, a in arrays():
    raw = npy(a)
    data = deflate(raw)
    for with_b in (False, True):
        tail = [('b.npy', b_raw, b_data, len(b_data))] if with_b else []
        whole = build([('a.npy', raw, data, len(data))] + tail)
        file_bytes = len(whole) - (30 + 5)  # from a's data to the end of the file
        variants = []
        for over in (1, 2, 100, 4096, 1_000_000):
            variants.append((f'csize past the end by {over}', data, file_bytes + over))
        for more in (1, 1000):
            variants.append((f'csize +{more}', data, len(data) + more))
        for frac in (0.0, 0.02, 0.3, 0.5, 0.9, 0.99):
            k = int(len(data) * frac)
            variants.append((f'data cut to {k} of {len(data)} bytes', data[:k], len(data)))
        for k in (len(data) - 1, len(data) - 3):
            if k > 0:
                variants.append((f'data cut to {k} of {len(data)} bytes', data[:k], len(data)))
        for what, d, csize in variants:
            name = f'case-{len(cases)}.npz'
            path = f'{outdir}/{name}'
            with open(path, 'wb') as f:
                f.write(build([('a.npy', raw, d, csize)] + tail))
            cases.append({'file': name, 'what': f"{label}{' + b' if with_b else ''}: {what}", **load(path)})

json.dump({'cases': cases}, open(f'{outdir}/cases.json', 'w'), indent=1)
print(len(cases))
