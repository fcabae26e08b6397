#!/usr/bin/env python3
"""Random arrays + random np.savetxt options, for test/unit/cli/oracle.test.ts.

usage: oracle_cases.py SEED COUNT OUTDIR
Writes OUTDIR/cNNN.npy (np.save), OUTDIR/cNNN.txt (what np.savetxt wrote for arr[index] with the
case's options; absent when NumPy raised) and OUTDIR/cases.json. Same SEED, same cases.
"""
import json
import os
import sys
import warnings

import numpy as np

warnings.simplefilter('ignore')

seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(seed)


def pick(seq):
    return seq[int(rng.integers(len(seq)))]


def chance(p):
    return rng.random() < p


# ---------------------------------------------------------------- dtypes and values

def order():
    return pick('<>')


def simple_dtype(allow_text=True):
    kinds = ['int'] * 4 + ['bool', 'float', 'float', 'float', 'complex', 'complex']
    if allow_text:
        kinds += ['S', 'U', 'U', 'time']
    if chance(0.04):
        kinds = ['longdouble']
    k = pick(kinds)
    if k == 'int':
        code = pick(['i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'i8', 'u8'])
        return np.dtype((order() if code[1] != '1' else '|') + code)
    if k == 'bool':
        return np.dtype('?')
    if k == 'float':
        return np.dtype(order() + pick(['f2', 'f4', 'f8', 'f8']))
    if k == 'complex':
        return np.dtype(order() + pick(['c8', 'c16']))
    if k == 'longdouble':
        return np.dtype(order() + 'f16')
    if k == 'S':
        return np.dtype('S%d' % rng.integers(1, 8))
    if k == 'U':
        return np.dtype(order() + 'U%d' % rng.integers(1, 7))
    return np.dtype(order() + pick(['M8', 'm8']) + '[%s]' % pick(['D', 's', 'ms', 'us', 'ns', 'h', 'Y', 'M']))


def random_dtype():
    if chance(0.15):
        n = int(rng.integers(1, 4))
        return np.dtype([('f%d' % i, simple_dtype(allow_text=chance(0.5))) for i in range(n)])
    return simple_dtype()


SPECIAL = [np.nan, np.inf, -np.inf, -0.0, 0.0, 0.5, 1e-310, 5e-324, 1.7976931348623157e308, 2.5, 1e16, 0.1]
CHARS = list('abcXYZ 019.,-_') + ['é', 'ß', '数', '😀', '"', "'", '\\', '<', '>']


def float_values(n):
    v = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 12, n)
    for i in range(n):
        r = rng.random()
        if r < 0.15:
            v[i] = pick(SPECIAL)
        elif r < 0.3:
            v[i] = float(rng.integers(-1000, 1000))
        elif r < 0.35:
            v[i] = rng.integers(-100, 100) / 8.0  # exact binary fractions: rounding ties
    return v


def values(dt, n):
    k = dt.kind
    if dt.names is not None:
        a = np.zeros(n, dtype=dt)
        for name in dt.names:
            a[name] = values(dt.fields[name][0], n)
        return a
    if k == 'b':
        return rng.integers(0, 2, n).astype(bool)
    if k in 'iu':
        info = np.iinfo(dt)
        a = rng.integers(info.min, info.max, n, endpoint=True, dtype=np.int64 if k == 'i' else np.uint64)
        for i in range(n):
            r = rng.random()
            if r < 0.2:
                a[i] = pick([info.min, info.max, 0, 1])
            elif r < 0.5:
                a[i] = rng.integers(max(info.min, -300), min(info.max, 300))
        return a.astype(dt)
    if k == 'f':
        with np.errstate(all='ignore'):
            return float_values(n).astype(dt)
    if k == 'c':
        with np.errstate(all='ignore'):
            return (float_values(n) + 1j * float_values(n)).astype(dt)
    if k == 'S':
        return np.array([bytes(rng.integers(32, 127, rng.integers(0, dt.itemsize + 1)).astype('u1'))
                         for _ in range(n)], dtype=dt)
    if k == 'U':
        length = dt.itemsize // 4
        return np.array([''.join(pick(CHARS) for _ in range(rng.integers(0, length + 1))) for _ in range(n)],
                        dtype=dt)
    if k in 'Mm':
        a = rng.integers(-10**6, 10**6, n)
        a[rng.random(n) < 0.15] = -2**63  # NaT
        return a.astype('i8').view(dt.newbyteorder('=')).astype(dt)
    raise AssertionError(dt)


def random_array():
    dt = random_dtype()
    ndim = pick([0, 1, 1, 2, 2, 2, 2, 3, 4])
    shape = tuple(int(rng.integers(1, 5)) if not chance(0.04) else 0 for _ in range(ndim))
    n = int(np.prod(shape)) if shape else 1
    arr = values(dt, n).reshape(shape)
    if ndim >= 2 and chance(0.4):
        arr = np.asfortranarray(arr)
    return arr


# ---------------------------------------------------------------- index expressions

def bound(n):
    return int(rng.integers(-n - 2, n + 3))


def axis_expr(n):
    r = rng.random()
    if r < 0.35:
        if chance(0.04):
            return str(pick([n, -n - 1]))  # out of bounds: numpy raises IndexError
        return str(int(rng.integers(-n, n))) if n > 0 else '0'
    start = str(bound(n)) if chance(0.4) else ''
    stop = str(bound(n)) if chance(0.4) else ''
    step = pick(['', '', '1', '2', '-1', '-2', '3'])
    s = start + ':' + stop
    return s + (':' + step if step or chance(0.2) else '')


def random_index(shape):
    nd = len(shape)
    if nd == 0:
        return pick(['', '...'])
    parts = [axis_expr(n) for n in shape]
    if nd > 2 and chance(0.9):
        # usually reduce to at most 2-D with integer indices (savetxt takes 1-D or 2-D)
        for ax in rng.permutation(nd)[: nd - int(rng.integers(1, 3))]:
            parts[ax] = str(int(rng.integers(-shape[ax], shape[ax]))) if shape[ax] > 0 else '0'
    if chance(0.2):
        # an ellipsis stands for a run of full slices at the start or the end
        k = int(rng.integers(0, nd))
        parts = ['...'] + parts[k + 1:] if chance(0.5) else parts[:k] + ['...']
    elif chance(0.3):
        while parts and parts[-1] in (':', '::'):
            parts.pop()
    if chance(0.05):
        return '' if nd <= 2 else ', '.join(parts)
    return pick([', ', ',']).join(parts)


def select(arr, expr):
    if expr.strip() == '':
        return arr
    return eval('arr[%s]' % expr, {'arr': arr})


# ---------------------------------------------------------------- savetxt options

INT_FMTS = ['%d', '%i', '%5d', '%-5d', '%+d', '%x', '%X', '%o', '%#x', '%08.3f', '%.3e', '%g', '%s', '%10.4e',
            '%.18e', '%u', '% d', '%%%d', '%r']
FLOAT_FMTS = ['%.18e', '%.3f', '%10.4e', '%g', '%G', '%s', '%+.2e', '%.0f', '%#.3g', '%e', '%E', '%F', '%12.6g',
              '%-12.3f|', '%.10g', '%d', '%x', '%r', '%.1f%%']
COMPLEX_FMTS = ['%.18e', '%.3f', '%g', '%s', '%+.2e', '%.1e', '%10.3g']
TEXT_FMTS = ['%s', '%10s', '%-8s', '%.2s', '%r', '%d']
TIME_FMTS = ['%s', '%s', '%r', '%d']


def fmts_for(dt):
    if dt.names is not None:
        return ['%s', '%r', '%d', '%.3f', '%g']
    return {'b': INT_FMTS, 'i': INT_FMTS, 'u': INT_FMTS, 'f': FLOAT_FMTS, 'c': COMPLEX_FMTS,
            'S': TEXT_FMTS, 'U': TEXT_FMTS, 'M': TIME_FMTS, 'm': TIME_FMTS}[dt.kind]


def column_dtypes(sel):
    """dtype of each savetxt column (1-D structured: its fields; else the array's dtype)."""
    if sel.ndim == 1 and sel.dtype.names is not None:
        return [sel.dtype.fields[n][0] for n in sel.dtype.names]
    ncol = 1 if sel.ndim == 1 else sel.shape[1]
    return [sel.dtype] * ncol


def random_fmt(sel):
    f = random_fmt_any(sel)
    # The CLI's --fmt given once is a single format, so a one-element list is not expressible.
    return f[0] if isinstance(f, list) and len(f) == 1 else f


def random_fmt_any(sel):
    cols = column_dtypes(sel) if 1 <= sel.ndim <= 2 else [sel.dtype]
    r = rng.random()
    complex_ = sel.dtype.kind == 'c'
    if r < 0.2 and 1 <= len(cols) <= 6:
        if complex_:
            return [pick(['%.2f%+.2fj', '(%g, %g)', '%.3e %.3e', '%.3e']) for _ in cols]
        fl = [pick(fmts_for(c)) for c in cols]
        if chance(0.1):
            fl = fl + ['%d']  # wrong length: numpy raises
        return fl
    if r < 0.3 and 1 <= len(cols) <= 6:
        # one whole-row format with several conversions: the delimiter is not used
        if complex_:
            parts = [pick(['%.2f%+.2fj', '%g,%g']) for _ in cols]
        else:
            parts = [pick(fmts_for(c)) for c in cols]
        return pick([' ; ', '|', '\t', '']).join(parts) if len(parts) > 1 else 'row=' + parts[0]
    return pick(fmts_for(sel.dtype if sel.dtype.names is None or sel.ndim != 1 else cols[0]))


def random_options(sel):
    opts = {}
    if chance(0.9):
        opts['fmt'] = random_fmt(sel)
    if chance(0.6):
        opts['delimiter'] = pick([' ', ',', '\t', ' | ', '::', ';', '', 'é'])
    if chance(0.3):
        opts['newline'] = pick(['\n', '\r\n', ';\n', '\n\n', '|'])
    if chance(0.3):
        opts['header'] = pick(['h', 'line1\nline2', 'col é 😀', '\n', 'a\r\nb'])
    if chance(0.3):
        opts['footer'] = pick(['f', 'end\nof data', '😀', '\n'])
    if chance(0.3):
        opts['comments'] = pick(['# ', '', '//', '% ', '#', ';; '])
    return opts


DEFAULTS = dict(fmt='%.18e', delimiter=' ', newline='\n', header='', footer='', comments='# ')


def main():
    os.makedirs(outdir, exist_ok=True)
    cases = []
    for i in range(count):
        arr = random_array()
        name = 'c%03d' % i
        np.save(os.path.join(outdir, name + '.npy'), arr)
        index = random_index(arr.shape)
        rec = {'id': name, 'file': name + '.npy', 'index': index, 'dtype': str(arr.dtype),
               'shape': list(arr.shape), 'fortran': bool(arr.flags.f_contiguous and not arr.flags.c_contiguous),
               'array': np.array2string(arr, threshold=40, max_line_width=200)[:600]}
        try:
            sel = select(arr, index)
        except Exception as e:  # bad index: numpy raises, so must we
            rec['options'] = random_options(arr if arr.ndim else np.atleast_1d(arr))
            rec['error'] = '%s: %s' % (type(e).__name__, e)
            cases.append(rec)
            continue
        if np.ndim(sel) == 0:
            sel = np.atleast_1d(sel)  # product rule: a 0-d selection is one value
            rec['zero_d'] = True
        opts = random_options(sel)
        rec['options'] = opts
        kw = dict(DEFAULTS)
        kw.update(opts)
        path = os.path.join(outdir, name + '.txt')
        try:
            np.savetxt(path, sel, encoding='utf-8', **kw)
            rec['expected'] = name + '.txt'
        except Exception as e:
            if os.path.exists(path):
                os.remove(path)
            rec['error'] = '%s: %s' % (type(e).__name__, e)
        cases.append(rec)
    with open(os.path.join(outdir, 'cases.json'), 'w', encoding='utf-8') as f:
        json.dump({'seed': seed, 'numpy': np.__version__, 'cases': cases}, f, ensure_ascii=False, indent=1)


main()
