#!/usr/bin/env python3
"""Arrays written by NumPy and their statistics as NumPy computes them, for
test/unit/compute/stats.test.ts and the `npyview stats --json` tests.

usage: stats_cases.py OUTDIR fixed
       stats_cases.py OUTDIR random SEED COUNT

Writes the arrays (.npy, and .npz members stored and compressed) into OUTDIR and OUTDIR/cases.json:
a list of {id, file, member, index, expected, positions}. `expected` is what the statistics of
arr[index] must be:

  count, finite, nan, posinf, neginf, zeros   np.isfinite / isnan / isposinf / isneginf / == 0
  min, max        str() of the first (C order) smallest / largest finite element; None when none
  argmin, argmax  its multi-index ([] for 0-d); None when none
  mean, std       np.mean / np.std(x[np.isfinite(x)], dtype=np.float64), ddof=0; None when none;
                  'inf' / '-inf' / 'nan' when NumPy's float64 result is not finite
  minNumber, maxNumber   min and max cast to float64 (the engine's, not in the CLI's JSON)

`positions` holds the flat C-order positions of NaN, +inf, -inf and of the values equal to the min
and the max (up to 400 of each), for the find tests. Same SEED, same cases.
"""
import json
import os
import sys
import warnings

import numpy as np

warnings.simplefilter('ignore')


def num(x):
    x = float(x)
    if np.isnan(x):
        return 'nan'
    if np.isinf(x):
        return 'inf' if x > 0 else '-inf'
    return x


def reference(x):
    x = np.asarray(x)
    flat = x.ravel(order='C')
    fin = np.isfinite(flat)
    kind = x.dtype.kind
    exp = {
        'count': int(x.size),
        'finite': int(fin.sum()),
        'nan': int(np.isnan(flat).sum()) if kind == 'f' else 0,
        'posinf': int(np.isposinf(flat).sum()) if kind == 'f' else 0,
        'neginf': int(np.isneginf(flat).sum()) if kind == 'f' else 0,
        'zeros': int((flat == 0).sum()),
        'min': None, 'max': None, 'argmin': None, 'argmax': None, 'mean': None, 'std': None,
        'minNumber': None, 'maxNumber': None,
    }
    pos = {}
    if fin.any():
        vals = flat[fin]
        for name, v in (('min', vals.min()), ('max', vals.max())):
            at = np.flatnonzero(fin & (flat == v))
            pos[name] = [int(i) for i in at[:400]]
            i = int(at[0])
            exp[name] = str(flat[i])
            exp[name + 'Number'] = num(flat[i].astype(np.float64)) if kind != 'b' else float(flat[i])
            exp['arg' + name] = [int(k) for k in np.unravel_index(i, x.shape)] if x.ndim else []
        with np.errstate(all='ignore'):
            exp['mean'] = num(np.mean(vals, dtype=np.float64))
            exp['std'] = num(np.std(vals, dtype=np.float64))
    if kind == 'f':
        for name, test in (('nan', np.isnan), ('posinf', np.isposinf), ('neginf', np.isneginf)):
            pos[name] = [int(i) for i in np.flatnonzero(test(flat))[:400]]
    return exp, pos


def select(arr, expr):
    return arr if expr.strip() == '' else eval('arr[%s]' % expr, {'arr': arr})


class Writer:
    def __init__(self, outdir):
        self.outdir = outdir
        self.cases = []

    def add(self, cid, arr, index='', member=None, npz=None, compressed=False):
        """One case: arr saved as cid.npy (or as member `member` of npz file `npz`)."""
        if npz is None:
            file = cid + '.npy'
            np.save(os.path.join(self.outdir, file), arr)
        else:
            file = npz
        exp, pos = reference(select(arr, index))
        self.cases.append({'id': cid, 'file': file, 'member': member, 'index': index, 'dtype': arr.dtype.str,
                           'shape': list(arr.shape), 'fortran': bool(arr.flags.f_contiguous and not arr.flags.c_contiguous),
                           'expected': exp, 'positions': pos})

    def save_npz(self, name, members, compressed):
        path = os.path.join(self.outdir, name)
        (np.savez_compressed if compressed else np.savez)(path, **members)
        for m, arr in members.items():
            self.add('%s:%s' % (name, m), arr, member=m, npz=name)

    def finish(self):
        with open(os.path.join(self.outdir, 'cases.json'), 'w') as f:
            json.dump({'cases': self.cases}, f)


# ---------------------------------------------------------------- fixed cases

def fixed(w):
    rng = np.random.default_rng(13)
    noisy = rng.standard_normal((50, 40)) * 1e3 + 7
    m = rng.random(noisy.shape)
    noisy[m < 0.03] = np.nan
    noisy[(m > 0.03) & (m < 0.04)] = np.inf
    noisy[(m > 0.04) & (m < 0.05)] = -np.inf
    noisy[(m > 0.05) & (m < 0.07)] = 0.0
    w.add('f8', noisy)
    w.add('f8_slices', noisy, '::-3, 5:-2:2')
    w.add('f8_row', noisy, '-1')
    w.add('f8_be', noisy.astype('>f8'))
    w.add('f8_fortran', np.asfortranarray(noisy))
    w.add('f8_fortran_slice', np.asfortranarray(noisy), '::-1, ::-2')
    # ties everywhere: min and max repeat, and in Fortran order the file order is not C order
    ties = np.asfortranarray(rng.integers(-3, 4, (30, 20)).astype('<f8'))
    w.add('f8_ties_fortran', ties)
    w.add('f8_ties_fortran_3d', np.asfortranarray(rng.integers(-2, 3, (6, 5, 4)).astype('<f8')))
    w.add('f8_ties_fortran_cols', ties, ':, ::-1')
    for code in ('<f4', '>f4'):
        w.add('f4_' + code[0].replace('<', 'le').replace('>', 'be'), noisy.astype(code))
    half = np.array([65504, -65504, 6e-8, -6e-8, 0.1, np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, 2049, 3.14], dtype='<f2')
    w.add('f2_le', half)
    w.add('f2_be', half.astype('>f2'))
    w.add('f2_max', np.array([65504, 1, 65504], dtype='<f2'))
    for code in ('i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8'):
        info = np.iinfo(code)
        vals = np.array([info.max, info.min, 0, 1, info.max, 5, info.min, info.max - 1, 0], dtype=code)
        for order in ('<', '>') if code[1] != '1' else ('|',):
            w.add('%s_%s' % (code, {'<': 'le', '>': 'be', '|': 'x'}[order]), vals.astype(order + code))
    w.add('i8_big', np.array([2**62, 2**62 + 1, -2**63, 2**63 - 1, 2**53 + 1, -(2**53) - 1], dtype='<i8').reshape(2, 3), '::-1')
    w.add('u8_extremes', np.array([2**64 - 1, 2**63, 2**64 - 2, 0, 2**64 - 1], dtype='<u8'))
    w.add('u8_fortran', np.asfortranarray(rng.integers(0, 2**64 - 1, (7, 9), dtype=np.uint64, endpoint=True)))
    w.add('bool', rng.random((17, 13)) < 0.3)
    w.add('bool_fortran', np.asfortranarray(rng.random((9, 11)) < 0.5))
    w.add('bool_all_true', np.ones(10, dtype=bool))
    w.add('bool_all_false', np.zeros((3, 4), dtype=bool))
    w.add('all_nan', np.full((4, 5), np.nan))
    w.add('nan_and_inf', np.array([np.nan, np.inf, -np.inf, np.nan]))
    w.add('empty_f8', np.zeros((0,)))
    w.add('empty_2d_i4', np.zeros((0, 3), dtype='<i4'))
    w.add('empty_by_slice', noisy, '5:5')
    w.add('scalar_f8', np.array(2.5))
    w.add('scalar_nan', np.array(np.nan, dtype='<f4'))
    w.add('scalar_u8', np.array(2**64 - 1, dtype='<u8'))
    w.add('element_of_2d', noisy, '3, 4')
    w.add('zeros_pos_neg', np.array([0.0, -0.0, 0.0]))
    w.add('zeros_neg_pos', np.array([-0.0, 0.0, 1.0, -0.0]))
    w.add('zeros_fortran_neg_first', np.asfortranarray(np.array([[1.0, -0.0], [0.0, 2.0]])))
    w.add('subnormal_f8', np.array([5e-324, -5e-324, 1e-310, 2.2250738585072014e-308, 0.0, 1e-320]))
    # The exact mean of only subnormals and zeros is a tie between two doubles: NumPy's sum / n rounds it to even.
    w.add('subnormal_tie_up', np.array([5e-324, 0.0]))
    w.add('subnormal_tie_neg', np.array([0.0, -5e-324]))
    w.add('subnormal_tie_even', np.array([1.5e-323, 0.0]))
    w.add('subnormal_tie_be', np.array([1e-323, 1.5e-323], dtype='>f8'))
    w.add('subnormal_f4', np.array([1e-45, -1e-45, 1e-40, 1.17549435e-38], dtype='<f4'))
    w.add('constant', np.full(1000, 0.1))
    w.add('big_offset', 1e9 + rng.standard_normal(3000) * 1e-3)
    w.add('huge_sum_overflows', np.array([1.7976931348623157e308, 1.7976931348623157e308, 1.0]))
    w.add('huge_square_overflows', np.array([1e300, 0.0, 1.0]))
    w.add('huge_both_signs', np.array([-1.7976931348623157e308, 1.7976931348623157e308, 3.0]))
    w.add('f8_3d', rng.standard_normal((4, 5, 6)), '1:, ::-1, 2')
    ld = np.array([1.5, -2.25, 0.1, np.nan, np.inf, -np.inf, 0.0, -0.0, 3.0], dtype=np.longdouble)
    ld[2] = np.longdouble(1) / np.longdouble(3)  # needs more than a double's precision
    w.add('f16_le', ld.astype('<f16'))
    w.add('f16_be', ld.astype('>f16'))
    w.add('f16_close', np.array([np.longdouble(1) + np.finfo(np.longdouble).eps, np.longdouble(1), 1.0 + 2 * np.finfo(np.longdouble).eps], dtype=np.longdouble))
    w.add('f16_beyond_double', np.array([np.longdouble('1e4000'), np.longdouble('-1e-4000'), 1.0], dtype=np.longdouble))
    w.save_npz('members.npz', {'a': noisy.astype('<f4'), 'b': np.arange(24, dtype='>i2').reshape(4, 6), 'c': np.array([True, False])}, False)
    w.save_npz('deflated.npz', {'x': np.asfortranarray(noisy), 'y': rng.integers(-9, 9, 500).astype('<i8')}, True)
    big = rng.standard_normal(300_000)
    big[rng.random(big.size) < 0.01] = np.nan
    big[5] = big[299_990] = big.max() + 1  # the max twice, far apart
    w.add('chunks', big)
    w.add('chunks_fortran', np.asfortranarray(big.reshape(600, 500)))


# ---------------------------------------------------------------- random cases

def random_cases(w, seed, count):
    rng = np.random.default_rng(seed)

    def pick(seq):
        return seq[int(rng.integers(len(seq)))]

    codes = ['?', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8', 'f8', 'f8', 'f4', 'f16']
    specials = [np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, 1e-310, 0.1, 65504.0, 1e300]
    for c in range(count):
        code = pick(codes)
        order = '|' if code in ('?', 'i1', 'u1') else pick('<>')
        dt = np.dtype(order + code if order != '|' else code)
        ndim = pick([0, 1, 1, 2, 2, 3, 4])
        shape = tuple(int(rng.integers(0 if rng.random() < 0.05 else 1, pick([3, 6, 40, 300]) if ndim == 1 else 9))
                      for _ in range(ndim))
        n = int(np.prod(shape)) if shape else 1
        if dt.kind == 'b':
            arr = rng.random(n) < rng.random()
        elif dt.kind in 'iu':
            info = np.iinfo(dt)
            span = pick([3, 100, None])
            wide = np.int64 if dt.kind == 'i' else np.uint64
            if span is None:
                arr = rng.integers(info.min, info.max, n, endpoint=True, dtype=wide)
            else:
                lo = max(int(info.min), -span)
                arr = rng.integers(lo, min(int(info.max), lo + 2 * span), n, endpoint=True, dtype=wide)
            if rng.random() < 0.3 and n:
                arr[rng.integers(0, n, 2)] = pick([info.min, info.max])
        else:
            scale = 10.0 ** int(rng.integers(-30, 30))
            arr = rng.standard_normal(n) * scale + (pick([0, 0, 1e6 * scale, -3]))
            if rng.random() < 0.3:
                arr = np.round(arr / scale)  # ties
            k = int(rng.integers(0, max(1, n // 4) + 1))
            arr[rng.integers(0, n, k) if n else []] = [pick(specials) for _ in range(k)]
            if rng.random() < 0.1:
                arr[:] = np.nan
        with np.errstate(all='ignore'):
            arr = np.asarray(arr).astype(dt).reshape(shape)
        if ndim >= 2 and rng.random() < 0.4:
            arr = np.asfortranarray(arr)
        parts = []
        for ax in range(ndim):
            m = shape[ax]
            r = rng.random()
            if r < 0.2 and m > 0:
                parts.append(str(int(rng.integers(-m, m))))
            elif r < 0.7:
                parts.append(':')
            else:
                step = pick([1, 2, -1, -2, 3, -3])
                start = str(int(rng.integers(-m - 1, m + 2))) if rng.random() < 0.4 else ''
                stop = str(int(rng.integers(-m - 1, m + 2))) if rng.random() < 0.4 else ''
                parts.append('%s:%s:%d' % (start, stop, step))
        index = ', '.join(parts) if parts and rng.random() < 0.7 else ''
        w.add('r%04d' % c, arr, index)


def main():
    outdir, mode = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    w = Writer(outdir)
    if mode == 'fixed':
        fixed(w)
    else:
        random_cases(w, int(sys.argv[3]), int(sys.argv[4]))
    w.finish()


if __name__ == '__main__':
    main()
