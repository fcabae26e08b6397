"""Random array pairs and NumPy's verdict on them, for the comparison engine's differential test.

usage: python3 diff_oracle.py SEED COUNT DIR   (writes DIR/*.npy and DIR/cases.json)

Each case is two .npy files A and B (random dtypes of every numeric kind and both byte orders,
C or Fortran order, 0-d to 3-d, values with NaN, inf, -0.0, integer extremes and differences
right at the tolerance) and what NumPy says about them:

- numbers: m = ~np.isclose(a, b, rtol, atol, equal_nan=True); mismatches = m.sum(); first =
  np.flatnonzero(m)[:10]; max_abs = max |a - b| over pairs where both are finite (in float64,
  complex128 when either is complex); max_rel = max |a - b| / |b| over those with b != 0.
- other dtypes (bytes, str, datetime64, timedelta64, records): a == b, with NaN == NaN and
  NaT == NaT (the engine's documented rule), field by field for records.
- pairs NumPy refuses to compare (np.isclose / == raise, or S vs U): "incomparable".
"""
import json
import sys
import warnings

import numpy as np

NUMERIC = ['?', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8', 'c8', 'c16']
TOLERANCES = [(1e-05, 1e-08), (0.0, 0.0), (1e-03, 0.0), (0.0, 0.5), (1e-07, 1e-12), (0.1, 1.0), (2e-3, 1e-6),
              (0.0, 0.1), (0.3, 0.0), (0.1, 0.3)]


def with_order(rng, code):
    dt = np.dtype(code)
    if dt.itemsize > 1 and dt.kind not in 'SVb' and rng.random() < 0.5:
        dt = dt.newbyteorder('>')
    return dt


def random_shape(rng):
    nd = int(rng.integers(0, 4))
    if nd == 0:
        return ()
    dims = [int(x) for x in rng.integers(1, 7, nd)]
    if rng.random() < 0.05:
        dims[int(rng.integers(0, nd))] = 0
    if rng.random() < 0.2:
        dims[-1] = int(rng.integers(20, 120))
    return tuple(dims)


def random_numbers(rng, dt, shape):
    n = int(np.prod(shape, dtype=np.int64))
    k = dt.kind
    if k == 'b':
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if k in 'iu':
        info = np.iinfo(dt)
        mode = rng.integers(0, 3)
        if mode == 0:
            v = rng.integers(max(info.min, -6), 7, n)
        elif mode == 1:
            picks = [info.min, info.min + 1, info.max, info.max - 1, 0, 1, 2 ** 53, 2 ** 53 + 1, -(2 ** 53) - 1]
            picks = [p for p in picks if info.min <= p <= info.max]
            v = np.array([picks[i] for i in rng.integers(0, len(picks), n)], dtype=object)
        else:
            v = rng.integers(info.min, info.max, n, dtype=dt.newbyteorder('='), endpoint=True)
        return np.array(v, dtype=object).astype(dt).reshape(shape) if mode == 1 else np.asarray(v).astype(dt).reshape(shape)
    def reals():
        v = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 9, n)
        special = rng.random(n) < 0.15
        pool = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 5e-324, 1e300, -1e300, 1.0, 65504.0, 1e-7])
        v[special] = pool[rng.integers(0, len(pool), int(special.sum()))]
        return v
    with np.errstate(all='ignore'):
        if k == 'f':
            return reals().astype(dt).reshape(shape)
        return (reals() + 1j * reals() * (rng.random(n) < 0.7)).astype(dt).reshape(shape)


def perturb(rng, a, b_dt, rtol, atol):
    """B: mostly A cast to B's dtype, then some elements changed (some right at the tolerance)."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        with np.errstate(all='ignore'):
            if rng.random() < 0.1:
                return random_numbers(rng, b_dt, a.shape)
            b = a.astype(b_dt).copy()
            flat = b.reshape(-1)
            n = flat.size
            if n == 0:
                return b
            for i in rng.integers(0, n, int(rng.integers(0, 6))):
                kind = b_dt.kind
                r = rng.random()
                if kind in 'fc':
                    x = flat[i]
                    if r < 0.2:
                        flat[i] = np.nan
                    elif r < 0.3:
                        flat[i] = np.inf if rng.random() < 0.5 else -np.inf
                    else:
                        step = (atol + rtol * abs(x)) * [0.5, 0.999, 1.0, 1.001, 2.0, 1e6][int(rng.integers(0, 6))]
                        flat[i] = x + (step if rng.random() < 0.5 else -step)
                elif kind in 'iu':
                    info = np.iinfo(b_dt)
                    flat[i] = [info.min, info.max, 0, 1][int(rng.integers(0, 4))] if r < 0.3 else np.clip(int(flat[i]) + int(rng.integers(-2, 3)), info.min, info.max)
                else:
                    flat[i] = not flat[i]
            return b


def at_boundary(rng, a, b, rtol, atol):
    """Pairs exactly at atol + rtol*|b|, computed in float64 and in B's own precision (where
    isclose computes it): only the right rounding of every step gets these right."""
    if a.size == 0 or a.dtype.kind not in 'fc' or b.dtype.kind not in 'fc':
        return
    fa, fb = a.reshape(-1), b.reshape(-1)
    with np.errstate(all='ignore'), warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for i in rng.integers(0, a.size, int(rng.integers(0, 3))):
            y = np.array([0.0, 1.0, 0.125, 1024.0, 3.0, -2.0][int(rng.integers(0, 6))]).astype(b.dtype)
            fb[i] = y
            real = b.dtype.type(0).real.dtype.type
            if rng.random() < 0.5:
                tol = real(atol) + real(rtol) * np.abs(y)
            else:
                tol = atol + rtol * abs(complex(y)) if b.dtype.kind == 'c' else atol + rtol * abs(float(y))
            fa[i] = np.array(y + tol).astype(a.dtype)


def finite_stats(a, b):
    cplx = a.dtype.kind == 'c' or b.dtype.kind == 'c'
    t = np.complex128 if cplx else np.float64
    with np.errstate(all='ignore'), warnings.catch_warnings():
        warnings.simplefilter('ignore')
        x = a.astype(t).reshape(-1)
        y = b.astype(t).reshape(-1)
        fin = np.isfinite(x) & np.isfinite(y)
        d = np.abs(x - y)
        max_abs = float(d[fin].max()) if fin.any() else None
        nz = fin & (y != 0)
        max_rel = float((d[nz] / np.abs(y[nz])).max()) if nz.any() else None
    return max_abs, max_rel


def num(x):
    """JSON-safe float: repr text (exact round trip; 'inf' allowed)."""
    return None if x is None else repr(float(x))


def save(dirname, name, arr, rng):
    if arr.ndim >= 2 and rng.random() < 0.4:
        arr = np.asfortranarray(arr)
    np.save(f'{dirname}/{name}', arr)
    return name


def numeric_case(rng, dirname, cid):
    shape = random_shape(rng)
    da = with_order(rng, NUMERIC[int(rng.integers(0, len(NUMERIC)))])
    db = da if rng.random() < 0.3 else with_order(rng, NUMERIC[int(rng.integers(0, len(NUMERIC)))])
    rtol, atol = TOLERANCES[int(rng.integers(0, len(TOLERANCES)))]
    a = random_numbers(rng, da, shape)
    b = perturb(rng, a, db, rtol, atol)
    at_boundary(rng, a, b, rtol, atol)
    fa = save(dirname, f'{cid}a.npy', a, rng)
    fb = save(dirname, f'{cid}b.npy', b, rng)
    a, b = np.load(f'{dirname}/{fa}'), np.load(f'{dirname}/{fb}')
    with np.errstate(all='ignore'):
        m = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
    max_abs, max_rel = finite_stats(a, b)
    return {'id': cid, 'a': fa, 'b': fb, 'rtol': rtol, 'atol': atol, 'dtype': [a.dtype.str, b.dtype.str],
            'shape': list(a.shape), 'mismatches': int(np.count_nonzero(m)),
            'first': [int(i) for i in np.flatnonzero(m)[:10]], 'max_abs': num(max_abs), 'max_rel': num(max_rel),
            'complex': bool(a.dtype.kind == 'c' or b.dtype.kind == 'c')}


ALPHABET = ['', 'a', 'b', 'ab', 'abc', 'héllo', '日本', 'a\x00b', 'zz']
UNITS = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', '25s', '10s', '3D', '']


def equal_or_both_missing(x, y):
    eq = x == y
    if x.dtype.kind in 'fc' and y.dtype.kind in 'fc':
        eq |= np.isnan(x) & np.isnan(y)
    if x.dtype.kind in 'mM' and y.dtype.kind in 'mM':
        eq |= np.isnat(x) & np.isnat(y)
    return eq


def record_equal(a, b):
    eq = np.ones(a.shape, bool)
    for name in a.dtype.names:
        e = equal_or_both_missing(a[name], b[name])
        if e.ndim > a.ndim:
            e = e.all(axis=tuple(range(a.ndim, e.ndim)))
        eq &= e
    return eq


def other_case(rng, dirname, cid):
    shape = random_shape(rng)
    n = int(np.prod(shape, dtype=np.int64))
    kind = ['S', 'U', 'SU', 'M', 'm', 'rec', 'bad'][int(rng.integers(0, 7))]
    if kind in ('S', 'U', 'SU'):
        words = [ALPHABET[i] for i in rng.integers(0, len(ALPHABET), n)]
        wa = int(rng.integers(1, 7))
        wb = wa if rng.random() < 0.5 else int(rng.integers(1, 7))
        ka = 'U' if kind == 'U' else 'S'
        kb = 'S' if kind == 'S' else 'U'
        def conv(w, k, width):
            return w.encode('utf-8')[:width] if k == 'S' else w[:width]
        a = np.array([conv(w, ka, wa) for w in words], dtype=with_order(rng, f'{ka}{wa}')).reshape(shape)
        words_b = [w if rng.random() < 0.8 else ALPHABET[int(rng.integers(0, len(ALPHABET)))] for w in words]
        b = np.array([conv(w, kb, wb) for w in words_b], dtype=with_order(rng, f'{kb}{wb}')).reshape(shape)
    elif kind in ('M', 'm'):
        ua, ub = UNITS[int(rng.integers(0, len(UNITS)))], UNITS[int(rng.integers(0, len(UNITS)))]
        code = 'M8' if kind == 'M' else 'm8'
        ta = np.dtype(f'{code}[{ua}]' if ua else code)
        tb = np.dtype(f'{code}[{ub}]' if ub else code)
        vals = rng.integers(-3000, 3000, n)
        if not ua:  # generic: only NaT (datetime) or small counts
            vals = np.full(n, np.iinfo(np.int64).min) if kind == 'M' else vals
        a = vals.astype(np.int64).view(ta).reshape(shape).copy()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                b = a.astype(tb) if rng.random() < 0.7 else rng.integers(-3000, 3000, n).astype(np.int64).view(tb).reshape(shape)
        except (TypeError, OverflowError, ValueError):
            b = rng.integers(-3000, 3000, n).astype(np.int64).view(tb).reshape(shape)
        b = b.copy()
        flat = b.reshape(-1)
        for i in rng.integers(0, max(n, 1), int(rng.integers(0, 3)) if n else 0):
            flat[i] = np.datetime64('NaT') if kind == 'M' else np.timedelta64('NaT')
        if rng.random() < 0.3 and n:
            a.reshape(-1)[0] = np.datetime64('NaT') if kind == 'M' else np.timedelta64('NaT')
            b.reshape(-1)[0] = np.datetime64('NaT') if kind == 'M' else np.timedelta64('NaT')
    elif kind == 'rec':
        fa = [('x', '<i4'), ('y', '<f8', (2,)), ('z', 'S3')]
        fb = [('x', ['<i4', '<i8', '>u2'][int(rng.integers(0, 3))]), ('y', ['<f8', '>f4'][int(rng.integers(0, 2))], (2,)), ('z', 'S3')]
        if rng.random() < 0.15:
            fb[2] = ('w', 'S3')
        a = np.zeros(shape, dtype=fa)
        a['x'] = rng.integers(0, 100, shape)
        a['y'] = rng.integers(-8, 8, shape + (2,)) / 4.0
        if n:
            a['y'].reshape(-1)[int(rng.integers(0, 2 * n))] = np.nan
        a['z'] = np.array([ALPHABET[i].encode()[:3] for i in rng.integers(0, 5, n)], dtype='S3').reshape(shape)
        b = np.zeros(shape, dtype=fb)
        for (fname, *_), (gname, *_) in zip(fa, fb):
            b[gname] = a[fname]
        flat = b.reshape(-1)
        for i in rng.integers(0, max(n, 1), int(rng.integers(0, 3)) if n else 0):
            flat[i] = (int(rng.integers(0, 100)), (float(rng.integers(0, 8)), np.nan), b'q')
    else:
        pairs = [('<U3', '<f8'), ('S2', '<i4'), ('<M8[s]', '<i8'), ('<m8[Y]', '<m8[D]'), ('<M8[s]', '<m8[s]'), ('V4', 'V8'),
                 ('<f8', [('a', '<f8')]), ('|b1', 'S1')]
        ta, tb = pairs[int(rng.integers(0, len(pairs)))]
        a = np.zeros(shape, dtype=ta)
        b = np.zeros(shape, dtype=tb)
    fa_name = save(dirname, f'{cid}a.npy', a, rng)
    fb_name = save(dirname, f'{cid}b.npy', b, rng)
    a, b = np.load(f'{dirname}/{fa_name}'), np.load(f'{dirname}/{fb_name}')
    case = {'id': cid, 'a': fa_name, 'b': fb_name, 'rtol': 1e-05, 'atol': 1e-08, 'dtype': [a.dtype.str if not a.dtype.names else 'record', b.dtype.str if not b.dtype.names else 'record'],
            'shape': list(a.shape), 'max_abs': None, 'max_rel': None, 'complex': False}
    try:
        group = lambda d: 'record' if d.names else 'number' if d.kind in 'biufc' else d.kind
        if group(a.dtype) != group(b.dtype):
            # np.isclose raises; == is False everywhere (or raises): not comparable.
            raise TypeError(f'{group(a.dtype)} vs {group(b.dtype)}')
        if group(a.dtype) == 'number':
            raise AssertionError('numeric pair in other_case')
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            plain = np.asarray(a == b)  # raises where NumPy cannot compare (voids of other sizes, records without a common dtype, Y vs D timedeltas)
        eq = record_equal(a, b) if a.dtype.names else equal_or_both_missing(a, b)
        eq = np.asarray(eq)
        if plain.shape != a.shape or eq.shape != a.shape:
            raise TypeError(f'== gave {plain!r}')
        m = ~eq
        case.update(mismatches=int(np.count_nonzero(m)), first=[int(i) for i in np.flatnonzero(m)[:10]])
    except (TypeError, ValueError, OverflowError, np.exceptions.DTypePromotionError) as e:
        case.update(incomparable=f'{type(e).__name__}: {e}', mismatches=0, first=[])
    return case


def main():
    seed, count, dirname = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(seed)
    cases = []
    for i in range(count):
        cid = f'c{i}'
        cases.append(numeric_case(rng, dirname, cid) if i % 4 != 3 else other_case(rng, dirname, cid))
    with open(f'{dirname}/cases.json', 'w') as f:
        json.dump({'numpy': np.__version__, 'cases': cases}, f)


if __name__ == '__main__':
    main()
