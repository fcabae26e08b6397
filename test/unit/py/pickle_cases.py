#!/usr/bin/env python3
"""Pickles for test/unit/py/pickle.test.ts and object arrays for test/unit/format/objectarray.test.ts.

usage: pickle_cases.py SEED COUNT OUTDIR MARKER
Writes OUTDIR/cases.json:
  plain:   [{protocol, hex, str, repr}]      plain values pickled with every protocol, and Python's str/repr
  hostile: [{name, hex, mentions}]           pickles that would run code or import things; MARKER is the file
                                             an os.system payload would create (the test asserts it is not)
  arrays:  [{file, fmt, expected | error}]    random object arrays saved by np.save (some in .npz members),
                                             with np.savetxt(np.load(f, allow_pickle=True), fmt=fmt)
"""
import copyreg
import io
import json
import os
import pickle
import sys
import warnings

import numpy as np

warnings.simplefilter('ignore')
seed, count, outdir, marker = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = np.random.default_rng(seed)

# ---------------------------------------------------------------- plain values, every protocol

PLAIN = [
    None, True, False, 0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**63, -2**64 - 1, 10**40, -(10**100),
    0.0, -0.0, 1.5, 1e16, 1e-5, 0.1, float('inf'), float('-inf'), float('nan'), 1e308, 5e-324,
    1 + 2j, complex(0, 1), complex(-0.0, 1), complex(1.5, float('nan')),
    '', 'a', "it's", 'say "hi"', 'both \' and "', 'tab\there\n', 'ünïcödé €', '\U0001f600', '\x00\x7f\x9f',
    b'', b'ab', b"it's", b'\x00\xff\n', bytearray(b''), bytearray(b'xy\x01'),
    [], [1, 'a', None], (), (1,), (1, 2.5, 'x'), {}, {'a': 1, 2: [3], (1, 2): None}, {1: {2: {3: ()}}},
    set(), {1, 2, 3}, {100, 1, 10, -5, 33, 8, 16}, set(range(0, 200, 7)), {1.5, 2, (1, 2)}, frozenset(), frozenset({3, 1}),
    [[[]]], ([], {}), {'k': [1, {2, 3}, frozenset({4})]},
    np.float64(1.5), np.float32(0.1), np.int8(-3), np.uint64(2**64 - 1), np.bool_(True), np.str_('s'), np.bytes_(b'b'),
    np.complex64(1 - 2j), np.float16(65504), np.datetime64('2020-01-02', 'D'), np.timedelta64(5, 's'),
    np.arange(3), np.array([[1.5, 2], [3, 4]], '>f4'), np.array(['a', 'bc']), np.array([], 'i2'), np.array(3.25),
    np.asfortranarray(np.arange(6).reshape(2, 3)), np.array([1, 'a', None], dtype=object), np.array([True, False]),
    [np.float64(2.5), np.arange(2), np.int16(7)],
]
recursive = [1]
recursive.append(recursive)
selfdict = {}
selfdict['me'] = selfdict
PLAIN += [recursive, selfdict]

plain = []
for v in PLAIN:
    for proto in range(0, 6):
        try:
            data = pickle.dumps(v, protocol=proto)
        except Exception:
            continue
        back = pickle.loads(data)  # the oracle is the value as Python reads it back (set order!)
        plain.append({'protocol': proto, 'hex': data.hex(), 'str': str(back), 'repr': repr(back)})

# ---------------------------------------------------------------- hostile pickles

class Reduce:
    def __init__(self, f, args):
        self.f, self.args = f, args

    def __reduce__(self):
        return (self.f, self.args)


class Plain:
    def __init__(self):
        self.x = 1


class Slots:
    __slots__ = ('a',)

    def __init__(self):
        self.a = 1

    def __getstate__(self):
        return {'a': self.a}

    def __setstate__(self, s):
        self.a = s['a']


class NewArgs:
    def __new__(cls, *a):
        return object.__new__(cls)

    def __getnewargs_ex__(self):
        return ((1,), {'k': 2})


class Old:
    """Protocol 0/1 instances of a plain class: copyreg._reconstructor."""


hostile = []


def add(name, data, *mentions):
    hostile.append({'name': name, 'hex': data.hex(), 'mentions': list(mentions)})


touch = 'touch ' + marker
for proto in range(0, 6):
    add('os.system p%d' % proto, pickle.dumps(Reduce(os.system, (touch,)), protocol=proto), 'posix.system')
add('builtins.eval', pickle.dumps(Reduce(eval, ("__import__('os').system(%r)" % touch,)), protocol=2), 'builtins.eval')
add('builtins.exec', pickle.dumps(Reduce(exec, ('x=1',)), protocol=4), 'builtins.exec')
add('getattr', pickle.dumps(Reduce(getattr, ('os', 'system')), protocol=4), 'builtins.getattr')
add('a class (NEWOBJ)', pickle.dumps(Plain(), protocol=2), '__main__.Plain')
add('a class (protocol 4)', pickle.dumps(Plain(), protocol=4), '__main__.Plain')
add('copyreg._reconstructor', pickle.dumps(Old(), protocol=0), 'copyreg._reconstructor')
add('copyreg p1', pickle.dumps(Old(), protocol=1), 'copyreg._reconstructor')
add('NEWOBJ_EX', pickle.dumps(NewArgs(), protocol=4), '__main__.NewArgs')
add('slots+setstate', pickle.dumps(Slots(), protocol=4), '__main__.Slots')
add('collections.OrderedDict', pickle.dumps(__import__('collections').OrderedDict(a=1), protocol=4), 'collections.OrderedDict')
add('functools.partial', pickle.dumps(__import__('functools').partial(print, 1), protocol=4), 'functools.partial')
add('subprocess.Popen (GLOBAL)', b'csubprocess\nPopen\n(S\'ls\'\ntR.', 'subprocess.Popen')
add('INST os.system', b'(S' + repr(touch).encode() + b'\nios\nsystem\n.', 'os.system')
add('OBJ', b'\x80\x02(cos\nsystem\nS' + repr(touch).encode() + b'\no.', 'os.system')
add('builtins.__import__', b'\x80\x04\x8c\x08builtins\x8c\n__import__\x93\x8c\x02os\x85R.', 'builtins.__import__')
add('numpy.load', b'\x80\x04\x8c\x05numpy\x8c\x04load\x93\x8c\x01x\x85R.', 'numpy.load')
add('numpy.ndarray called', b'\x80\x04\x8c\x05numpy\x8c\x07ndarray\x93K\x01\x85R.', 'numpy.ndarray')
add('BUILD on a list', b'\x80\x04]}b.', 'BUILD')
add('EXT1', b'\x80\x02\x82\x01.', 'extension code 1')
add('EXT2', b'\x80\x02\x83\x01\x02.', 'extension code 513')
add('EXT4', b'\x80\x02\x84\x01\x00\x00\x00.', 'extension code 1')
add('PERSID', b'Pabc\n.', 'persistent id')
add('BINPERSID', b'\x80\x02K\x01Q.', 'persistent id')
add('NEXT_BUFFER', b'\x80\x05\x97.', 'out-of-band')
add('APPEND on a dict', b'\x80\x02}K\x01a.', 'APPEND')
add('SETITEM on a list', b'\x80\x02]K\x01K\x02s.', 'SETITEM')
add('_codecs.decode', b'\x80\x04\x8c\x07_codecs\x8c\x06decode\x93\x8c\x01x\x85R.', '_codecs.decode')
add('copyreg.__newobj__', b'\x80\x04\x8c\x07copyreg\x8c\x0a__newobj__\x93.', 'copyreg.__newobj__')
add('posix.system direct', b'\x80\x04\x8c\x05posix\x8c\x06system\x93\x8c\x04true\x85R.', 'posix.system')
add('nt.system', b'cnt\nsystem\n(S\'dir\'\ntR.', 'nt.system')
add('set of a list', b'\x80\x04\x8f(]\x90.', 'unhashable')
add('dict key list', b'\x80\x04}]K\x01s.', 'unhashable')

# ---------------------------------------------------------------- random object arrays


def rand_str():
    alphabet = list("abcxyz 'ü€\"\\\t\n") + ['\U0001f600', '\x00']
    return ''.join(rng.choice(alphabet, int(rng.integers(0, 6))))


def rand_scalar():
    k = int(rng.integers(0, 12))
    if k == 0:
        return int(rng.integers(-1000, 1000))
    if k == 1:
        return int(rng.integers(-2**62, 2**62)) * int(rng.integers(1, 2**40))
    if k == 2:
        return float(rng.choice([0.0, -0.0, 1.5, 1e16, 1e-5, 0.1, float('inf'), float('nan'), 123456.789, -2.5e-300]))
    if k == 3:
        return float(rng.standard_normal() * 10 ** int(rng.integers(-5, 20)))
    if k == 4:
        return rand_str()
    if k == 5:
        return bytes(rng.integers(0, 256, int(rng.integers(0, 4))).astype('u1'))
    if k == 6:
        return None if rng.random() < 0.5 else bool(rng.random() < 0.5)
    if k == 7:
        return complex(float(rng.standard_normal()), float(rng.choice([0.0, -1.0, 2.5])))
    if k == 8:
        dt = str(rng.choice(['f8', 'f4', 'f2', 'i1', 'u8', 'i8', '?', 'c8', 'U3', 'S2']))
        return np.array([rng.standard_normal() * 100]).astype(dt)[0]
    if k == 9:
        dt = str(rng.choice(['i4', 'f8', 'f4', '?', 'U2']))
        shape = tuple(int(x) for x in rng.integers(1, 4, int(rng.integers(1, 3))))
        return (rng.standard_normal(shape) * 50).astype(dt)
    if k == 10:
        return bytearray(b'q\x00')
    return int(rng.integers(0, 10))


def rand_value(depth=0):
    if depth > 2 or rng.random() < 0.55:
        return rand_scalar()
    k = int(rng.integers(0, 6))
    n = int(rng.integers(0, 4))
    if k == 0:
        return [rand_value(depth + 1) for _ in range(n)]
    if k == 1:
        return tuple(rand_value(depth + 1) for _ in range(n))
    if k == 2:
        return {(rand_str() if rng.random() < 0.5 else int(rng.integers(-5, 5))): rand_value(depth + 1) for _ in range(n)}
    if k == 3:
        return set(int(x) for x in rng.integers(-50, 300, n))
    if k == 4:
        return frozenset(float(x) for x in rng.integers(-5, 5, n))
    a = np.empty(n, dtype=object)
    for i in range(n):
        a[i] = rand_value(depth + 1)
    return a


arrays = []
for i in range(count):
    shape = [int(rng.integers(1, 6))] if rng.random() < 0.6 else [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
    a = np.empty(shape, dtype=object)
    numeric = rng.random() < 0.15
    for idx in np.ndindex(*shape):
        a[idx] = (int(rng.integers(-99, 99)) if rng.random() < 0.5 else float(rng.standard_normal())) if numeric else rand_value()
    if rng.random() < 0.2:
        a = np.asfortranarray(a)
    fmt = '%r' if rng.random() < 0.2 else str(rng.choice(['%d', '%.3f', '%.18e', '%x'])) if numeric else '%s'
    in_npz = rng.random() < 0.2
    name = 'o%03d.%s' % (i, 'npz' if in_npz else 'npy')
    if in_npz:
        np.savez(f'{outdir}/{name}', obj=a, other=np.arange(2))
    else:
        np.save(f'{outdir}/{name}', a, allow_pickle=True)
    case = {'file': name, 'fmt': fmt, 'member': 'obj' if in_npz else None, 'shape': shape}
    try:
        loaded = np.load(f'{outdir}/{name}', allow_pickle=True)
        if in_npz:
            loaded = loaded['obj']
        buf = io.BytesIO()
        np.savetxt(buf, loaded, fmt=fmt, encoding='utf-8')
        txt = 'o%03d.txt' % i
        with open(f'{outdir}/{txt}', 'wb') as f:
            f.write(buf.getvalue())
        case['expected'] = txt
    except Exception as e:
        case['error'] = '%s: %s' % (type(e).__name__, e)
    arrays.append(case)

with open(f'{outdir}/cases.json', 'w') as f:
    json.dump({'plain': plain, 'hostile': hostile, 'arrays': arrays}, f)
