"""Named `npyview diff` cases and NumPy's verdict on each (for test/unit/cli/diff.test.ts).

usage: python3 diff_cases.py DIR   (writes the files into DIR and prints the cases as JSON)

Each case: the arguments after `npyview diff` (file names relative to DIR), the exit status
(0 same, 1 differ, 2 trouble) and, for 0/1, the --json object NumPy's answers give:
mismatches = count of ~np.isclose(a, b, rtol, atol, equal_nan=True) (== for non-numbers, NaN and
NaT equal to themselves), first = np.argwhere(m)[:10] with both values as the grid shows them
(default settings), max_abs / max_rel over pairs where both are finite (float64, complex128).
"""
import json
import sys
import warnings

import numpy as np

DIR = sys.argv[1]
CASES = []


def grid_text(x):
    """The viewer's cell text with default settings (auto notation, precision 6), for the kinds
    the test checks: bool, integers, real floats, ASCII bytes and str, datetimes."""
    dt = x.dtype
    if dt.kind == 'b':
        return 'True' if x else 'False'
    if dt.kind in 'iu':
        return str(int(x))
    if dt.kind == 'f':
        s = str(x)
        if s in ('nan', 'inf', '-inf'):
            return s
        digits = s.split('e')[0].replace('-', '').replace('.', '').strip('0')
        if len(digits) <= 6:
            return s
        g = '%.6g' % float(x)
        return g if ('e' in g or '.' in g) else g + '.0'
    if dt.kind == 'S':
        return repr(bytes(x))
    if dt.kind == 'U':
        return str(x)
    if dt.kind in 'mM':
        return str(x)
    return None


def numpy_verdict(a, b, rtol, atol, name=''):
    pair = {'name': name, 'shape': [list(a.shape), list(b.shape)], 'dtype': [dstr(a.dtype), dstr(b.dtype)]}
    if a.shape != b.shape:
        return {**pair, 'compared': 0, 'mismatches': 0, 'max_abs': None, 'max_rel': None, 'first': [], 'reason': True}
    numeric = a.dtype.kind in 'biufc' and b.dtype.kind in 'biufc'
    with warnings.catch_warnings(), np.errstate(all='ignore'):
        warnings.simplefilter('ignore')
        if numeric:
            m = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
            t = np.complex128 if 'c' in (a.dtype.kind, b.dtype.kind) else np.float64
            x, y = a.astype(t).reshape(-1), b.astype(t).reshape(-1)
            fin = np.isfinite(x) & np.isfinite(y)
            d = np.abs(x - y)
            max_abs = repr(float(d[fin].max())) if fin.any() else None
            nz = fin & (y != 0)
            max_rel = repr(float((d[nz] / np.abs(y[nz])).max())) if nz.any() else None
        else:
            group = lambda d: 'record' if d.names else d.kind
            if group(a.dtype) != group(b.dtype):
                return {**pair, 'compared': 0, 'mismatches': 0, 'max_abs': None, 'max_rel': None, 'first': [], 'reason': True}
            eq = a == b
            if a.dtype.kind in 'mM':
                eq = eq | (np.isnat(a) & np.isnat(b))
            m = ~np.asarray(eq)
            max_abs = max_rel = None
    first = []
    for idx in np.argwhere(m)[:10]:
        t = tuple(int(i) for i in idx)
        first.append({'index': list(t), 'a': grid_text(a[t]), 'b': grid_text(b[t])})
    return {**pair, 'compared': int(a.size), 'mismatches': int(np.count_nonzero(m)), 'max_abs': max_abs,
            'max_rel': max_rel, 'first': first, 'complex': bool(numeric and 'c' in (a.dtype.kind, b.dtype.kind))}


def dstr(dt):
    return dt.str if dt.names is None else str(dt.descr)


def case(title, args, a=None, b=None, rtol=1e-05, atol=1e-08, exit=None, pairs=None, only_in_a=(), only_in_b=(), mentions=None):
    if pairs is None and a is not None:
        pairs = [numpy_verdict(a, b, rtol, atol)]
    c = {'title': title, 'args': args, 'mentions': mentions}
    if pairs is not None:
        same = all(p['mismatches'] == 0 and not p.get('reason') for p in pairs) and not only_in_a and not only_in_b
        c['exit'] = 0 if same else 1
        c['json'] = {'same': same, 'pairs': pairs, 'only_in_a': list(only_in_a), 'only_in_b': list(only_in_b)}
    else:
        c['exit'] = exit
    CASES.append(c)


def save(name, arr):
    np.save(f'{DIR}/{name}', arr)
    return np.load(f'{DIR}/{name}')


rng = np.random.default_rng(2024)

# identical; a few changes incl. NaN in one side only; NaN on both sides
base = rng.standard_normal((100, 7)) * 10.0 ** rng.integers(-5, 6, (100, 7))
a = save('base.npy', base)
b = save('base_copy.npy', base.copy())
case('identical float64', ['base.npy', 'base_copy.npy'], a, b)
changed = base.copy()
changed[3, 4] += 1e-3
changed[50, 0] = np.nan
changed[99, 6] = -changed[99, 6]
changed[10, 1] = np.inf
b = save('changed.npy', changed)
case('a few changes, NaN and inf in one side only', ['base.npy', 'changed.npy'], a, b)
case('the same pair the other way round', ['changed.npy', 'base.npy'], b, a)
nan_both = base.copy()
nan_both[[1, 5, 9], [0, 2, 6]] = np.nan
nan_both[2, 2] = -np.inf
a1 = save('nan_a.npy', nan_both)
b1 = save('nan_b.npy', nan_both.copy())
case('NaN and -inf on both sides: same', ['nan_a.npy', 'nan_b.npy'], a1, b1)

# f4 vs big-endian f8
f4 = save('f4.npy', base.astype('<f4'))
f8be = save('f8be.npy', base.astype('<f4').astype('>f8'))
case('float32 vs big-endian float64 of the same values', ['f4.npy', 'f8be.npy'], f4, f8be)
f8be2 = save('f8be_close.npy', (base * (1 + 3e-6)).astype('>f8'))
case('float32 vs big-endian float64, close', ['f4.npy', 'f8be_close.npy'], f4, f8be2)

# tolerances that pass and fail
near = save('near.npy', base * (1 + 2e-4) + 1e-9)
case('default tolerances fail', ['base.npy', 'near.npy'], a, near)
case('--rtol 1e-3 passes', ['base.npy', 'near.npy', '--rtol', '1e-3'], a, near, rtol=1e-3)
case('--rtol 0 --atol 1e-3: some pass, some fail', ['base.npy', 'near.npy', '--rtol', '0', '--atol', '1e-3'], a, near, rtol=0.0, atol=1e-3)
case('--atol=inf --rtol=0 passes every finite pair', ['base.npy', 'near.npy', '--atol=inf', '--rtol=0'], a, near, rtol=0.0, atol=float('inf'))

# different shapes
case('different shapes', ['base.npy', 'f4_flat.npy'], a, save('f4_flat.npy', base.reshape(-1)))

# ints: int64 extremes, uint64 vs int64, int8 vs uint8
i64 = np.array([2**63 - 1, -2**63, 2**53 + 1, 0, -1, 12345678901234567], dtype='<i8')
i64b = np.array([2**63 - 2, -2**63 + 1, 2**53, 0, -1, 12345678901234568], dtype='>i8')
case('int64 extremes (NumPy compares them in float64)', ['i64.npy', 'i64b.npy'], save('i64.npy', i64), save('i64b.npy', i64b))
u64 = np.array([2**64 - 1, 2**63, 0, 5], dtype='<u8')
s64 = np.array([-1, 2**63 - 1, 0, 5], dtype='<i8')
case('uint64 vs int64', ['u64.npy', 's64.npy'], save('u64.npy', u64), save('s64.npy', s64))
case('int8 vs uint8', ['i8.npy', 'u8.npy'], save('i8.npy', np.array([-1, 0, 127, -128], 'i1')), save('u8.npy', np.array([255, 0, 127, 128], 'u1')))

# bool
ba = rng.integers(0, 2, (5, 6)).astype(bool)
bb = ba.copy()
bb[2, 3] = ~bb[2, 3]
case('bool', ['bool_a.npy', 'bool_b.npy'], save('bool_a.npy', ba), save('bool_b.npy', bb))
case('bool vs int', ['bool_a.npy', 'bool_int.npy'], save('bool_a.npy', ba), save('bool_int.npy', ba.astype('<i2')))

# strings
sa = np.array([b'alpha', b'beta', b'', b'gamma'], dtype='S5')
sb = np.array([b'alpha', b'betA', b'', b'gamma'], dtype='S7')
case('bytes S5 vs S7', ['s5.npy', 's7.npy'], save('s5.npy', sa), save('s7.npy', sb))
ua = np.array([['one', 'two'], ['three', 'four']], dtype='<U5')
ub = np.array([['one', 'two'], ['three', 'Four']], dtype='>U8')
case('str <U5 vs >U8', ['u5.npy', 'u8be.npy'], save('u5.npy', ua), save('u8be.npy', ub))
case('bytes vs str cannot be compared', ['s5.npy', 'u5flat.npy'], save('s5.npy', sa), save('u5flat.npy', np.array(['alpha', 'beta', '', 'gamma'])))
case('str vs float64 cannot be compared', ['u5.npy', 'f4_22.npy'], save('u5.npy', ua), save('f4_22.npy', np.zeros((2, 2))))

# datetimes with NaT, complex, records
da = np.array(['2020-01-01', 'NaT', '2021-06-30T12:00', '1969-12-31T23:59:59'], dtype='M8[s]')
db = np.array(['2020-01-01', 'NaT', '2021-06-30T12:00:00.001', '1969-12-31T23:59:59'], dtype='M8[ms]')
case('datetime64[s] vs [ms], NaT on both sides', ['dt_s.npy', 'dt_ms.npy'], save('dt_s.npy', da), save('dt_ms.npy', db))
ca = (base[:10, :3] + 1j * base[10:20, :3]).astype('<c16')
cb = ca.copy()
cb[4, 1] += 1e-3j
case('complex128 vs complex64', ['c16.npy', 'c8.npy'], save('c16.npy', ca), save('c8.npy', cb.astype('>c8')))
ra = np.array([(1, 2.5, b'x'), (2, np.nan, b'y'), (3, 4.0, b'z')], dtype=[('i', '<i4'), ('f', '<f8'), ('s', 'S2')])
rb = np.array([(1, 2.5, b'x'), (2, np.nan, b'y'), (3, 4.5, b'z')], dtype=[('i', '<i8'), ('f', '>f8'), ('s', 'S2')])
pairs = [numpy_verdict(save('rec_a.npy', ra), save('rec_b.npy', rb), 1e-5, 1e-8)]
# NumPy's == says NaN != NaN inside records; the documented rule is NaN == NaN: element 1 is the same.
pairs[0]['mismatches'] = 1
pairs[0]['first'] = [{'index': [2], 'a': None, 'b': None}]
case('records: fields compared by value, NaN equal to NaN', ['rec_a.npy', 'rec_b.npy'], pairs=pairs)

# Fortran order vs C order of the same values
fo = save('fortran.npy', np.asfortranarray(base))
case('Fortran-order vs C-order of the same values: same', ['fortran.npy', 'base.npy'], fo, a)

# a 3e6-element pair
big = rng.standard_normal(3_000_000)
big_b = big.copy()
where = rng.choice(big.size, 25, replace=False)
big_b[where] += 1e-2
big_b[where[:3]] = np.nan
case('3e6 elements, 25 changes', ['big_a.npy', 'big_b.npy'], save('big_a.npy', big), save('big_b.npy', big_b))

# npz vs npz with members only in one side (one compressed)
x = base[:5]
np.savez(f'{DIR}/pa.npz', x=x, y=np.arange(10), only_a=np.zeros(2), s=ua)
np.savez_compressed(f'{DIR}/pb.npz', y=np.arange(10) + (np.arange(10) == 7), x=x, only_b=np.ones(3), s=ua)
za, zb = np.load(f'{DIR}/pa.npz'), np.load(f'{DIR}/pb.npz')
names = [n for n in za.files if n in zb.files]
case('npz vs npz: members by name, members only in one side', ['pa.npz', 'pb.npz'],
     pairs=[numpy_verdict(za[n], zb[n], 1e-5, 1e-8, n) for n in names], only_in_a=['only_a'], only_in_b=['only_b'])
case('npz vs npz, --member y', ['pa.npz', 'pb.npz', '--member', 'y'], pairs=[numpy_verdict(za['y'], zb['y'], 1e-5, 1e-8, 'y')])
np.savez(f'{DIR}/one.npz', arr_0=base)
case('npy vs npz holding one array', ['base.npy', 'one.npz'], pairs=[numpy_verdict(a, np.load(f'{DIR}/one.npz')['arr_0'], 1e-5, 1e-8, 'arr_0')])
case('npz --member vs npy', ['pa.npz', 'base.npy', '--member', 'x'], pairs=[numpy_verdict(za['x'], a, 1e-5, 1e-8, 'x')])
case('npy vs npz with several arrays and no --member', ['base.npy', 'pa.npz'], exit=2, mentions='pa.npz')
case('--member missing on one side', ['pa.npz', 'pb.npz', '--member', 'only_a'], exit=2, mentions='pb.npz')
np.savez(f'{DIR}/empty1.npz')
np.savez(f'{DIR}/empty2.npz')
case('two empty archives are the same', ['empty1.npz', 'empty2.npz'], pairs=[])

# trouble: exit 2 and a message naming the file
case('A missing', ['missing.npy', 'base.npy'], exit=2, mentions='missing.npy')
case('B missing', ['base.npy', 'missing.npy'], exit=2, mentions='missing.npy')
raw = open(f'{DIR}/base.npy', 'rb').read()
open(f'{DIR}/truncated.npy', 'wb').write(raw[:len(raw) - 100])
case('B truncated', ['base.npy', 'truncated.npy'], exit=2, mentions='truncated.npy')
case('A truncated', ['truncated.npy', 'base.npy'], exit=2, mentions='truncated.npy')
open(f'{DIR}/notnpy.npy', 'wb').write(b'hello world, not an array')
case('B not a NumPy file', ['base.npy', 'notnpy.npy'], exit=2, mentions='notnpy.npy')
case('bad usage: one file', ['base.npy'], exit=2)
case('bad usage: --rtol not a number', ['base.npy', 'base.npy', '--rtol', 'abc'], exit=2, mentions='--rtol')
case('bad usage: --member with two .npy', ['base.npy', 'base_copy.npy', '--member', 'x'], exit=2)
case('bad usage: --index is not a diff option', ['base.npy', 'base_copy.npy', '--index', '0'], exit=2)

json.dump({'numpy': np.__version__, 'cases': CASES}, sys.stdout)
