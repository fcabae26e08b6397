#!/usr/bin/env python3
"""The fuzzer's NumPy oracle: a long-lived worker that reads one JSON request per line on stdin
({"id", "path", "fmts", "seconds"}) and answers one JSON line on stdout with what np.load and np.savetxt do
with the file: per array (or .npz member) its dtype descr, shape, a SHA-256 of its C-order bytes
and of np.savetxt's output for each format, or the exception. Started by test/fuzz/oracle.ts.

Memory is capped (RLIMIT_AS) so a hostile header makes NumPy raise MemoryError instead of
taking the machine; every request has a time limit (SIGALRM).
"""
import hashlib
import json
import os
import resource
import signal
import sys
import warnings

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
LIMIT = int(os.environ.get('NPYVIEW_ORACLE_AS', str(3 << 30)))
resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

import numpy as np  # noqa: E402
from numpy.lib import format as npformat  # noqa: E402

TEXT_CAP = int(os.environ.get('NPYVIEW_FUZZ_TEXT_CAP', str(16 << 20)))
MAX_HEADER = 64 << 20  # src/npy/format/header.ts DEFAULT_MAX_HEADER_LEN


class Timeout(BaseException):
    pass


def on_alarm(_sig, _frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)
warnings.simplefilter('ignore')


class Capped(Exception):
    pass


class HashWriter:
    """A file for np.savetxt that hashes the first TEXT_CAP bytes and stops there."""

    def __init__(self):
        self.h = hashlib.sha256()
        self.n = 0

    def write(self, b):
        if isinstance(b, str):
            b = b.encode('utf-8')
        room = TEXT_CAP - self.n
        self.h.update(b[:room])
        self.n += len(b)
        if self.n >= TEXT_CAP:
            raise Capped()
        return len(b)

    def flush(self):
        pass


def err(e):
    return type(e).__name__ + ': ' + str(e)[:300]


def data_bytes(a):
    """C-order bytes; a record's padding as zeros: np.load of an .npz member copies fields only
    (its padding is whatever np.empty held), so padding is not data."""
    if not a.dtype.itemsize:
        return b''
    if a.dtype.fields is not None:
        b = np.zeros(a.shape, a.dtype)
        b[...] = a
        return b.tobytes()
    return np.ascontiguousarray(a).tobytes()


def describe(a, fmts):
    if isinstance(a, bytes):
        # the first TEXT_CAP bytes, as the engine's side hashes them (it stops reading there)
        return {'bytes': {'sha': hashlib.sha256(a[:TEXT_CAP]).hexdigest(), 'len': len(a)}}
    d = npformat.dtype_to_descr(a.dtype)
    out = {'dtype': d if isinstance(d, str) else repr(d), 'shape': [str(x) for x in a.shape]}
    out['data'] = hashlib.sha256(data_bytes(a)).hexdigest()
    if a.ndim in (1, 2):
        text = {}
        for fmt in fmts:
            w = HashWriter()
            try:
                np.savetxt(w, a, fmt=fmt)
                text[fmt] = {'sha': w.h.hexdigest(), 'len': w.n}
            except Capped:
                text[fmt] = {'sha': w.h.hexdigest(), 'len': TEXT_CAP, 'capped': True}
            except Timeout:
                raise
            except BaseException as e:  # MemoryError included
                text[fmt] = {'error': err(e)}
        out['text'] = text
    return out


def evaluate(path, fmts):
    try:
        # npy-viewer reads headers up to 64 MiB (np.save writes >10000-byte headers for wide
        # structured dtypes): the README lists this deviation; compare the data instead
        obj = np.load(path, max_header_size=MAX_HEADER)
    except Timeout:
        raise
    except BaseException as e:
        return {'kind': 'error', 'error': err(e), 'items': []}
    if isinstance(obj, np.ndarray):
        loaders = [('', lambda: obj)]
        kind = 'npy'
    else:
        loaders = [(k, lambda k=k: obj[k]) for k in obj.files]
        kind = 'npz'
    items = []
    for key, load in loaders:
        try:
            a = load()
        except Timeout:
            raise
        except BaseException as e:
            items.append({'key': key, 'error': err(e)})
            continue
        try:
            items.append({'key': key, **describe(a, fmts)})
        except Timeout:
            raise
        except BaseException as e:
            items.append({'key': key, 'error': 'describe: ' + err(e)})
    if kind == 'npz':
        obj.close()
    return {'kind': kind, 'items': items}


def main():
    for line in sys.stdin:
        req = json.loads(line)
        signal.alarm(int(req.get('seconds', 20)))
        try:
            res = evaluate(req['path'], req['fmts'])
        except Timeout:
            res = {'kind': 'error', 'error': 'Timeout', 'items': [], 'timeout': True}
        except BaseException as e:
            res = {'kind': 'error', 'error': 'oracle: ' + err(e), 'items': []}
        finally:
            signal.alarm(0)
        res['id'] = req['id']
        sys.stdout.write(json.dumps(res) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
