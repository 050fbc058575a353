#!/usr/bin/env python3
"""Fits the two polynomials of the encoder's GELU (src/encoder/bert.rs, ERF_SMALL and ERFC_LARGE).

erf(z) = z * Q(z^2) for 0 <= z < 1 (least squares on the relative error), and
erfc(z) = t * exp(-z^2 + P(t - 1/2)), t = 1 / (1 + z/2), for 1 <= z <= 4 (least squares on
P), both degree 5, at 3,000 Chebyshev points, in float64 against Python's math.erf / erfc;
printed rounded to float32, with the largest error of the float32 evaluation. Needs numpy.
"""
import math

import numpy as np

F32 = np.float32
N = 3000
DEGREE = 5


def chebyshev(lo, hi):
    k = np.arange(N)
    return (np.cos((2 * k + 1) * np.pi / (2 * N)) + 1) / 2 * (hi - lo) + lo


def horner(c, x):
    p = np.zeros_like(x)
    for ci in c[::-1]:
        p = (p * x + F32(ci)).astype(F32)
    return p


def main():
    s = chebyshev(0.0, 1.0)
    z = np.sqrt(s)
    q = np.array([math.erf(v) / v if v > 0 else 2 / math.sqrt(math.pi) for v in z])
    v = np.vander(s, DEGREE + 1, increasing=True)
    erf_small = np.linalg.lstsq(v / q[:, None], np.ones_like(q), rcond=None)[0].astype(F32)
    zs = np.linspace(0, 1, 200001).astype(F32)[1:]
    approx = (zs * horner(erf_small, (zs * zs).astype(F32))).astype(F32)
    rel = np.abs(approx / np.array([math.erf(float(x)) for x in zs]) - 1).max()
    print("ERF_SMALL", [float(c) for c in erf_small], "largest relative error", rel)

    t = chebyshev(1 / 3, 2 / 3)
    z = 2 * (1 / t - 1)
    p = np.array([math.log(math.erfc(a) / b) + a * a for a, b in zip(z, t)])
    v = np.vander(t - 0.5, DEGREE + 1, increasing=True)
    erfc_large = np.linalg.lstsq(v, p, rcond=None)[0].astype(F32)
    zs = np.linspace(1, 4, 200001).astype(F32)
    ts = (F32(1) / (F32(1) + F32(0.5) * zs)).astype(F32)
    y = (horner(erfc_large, (ts - F32(0.5)).astype(F32)) - zs * zs).astype(F32)
    approx = (ts * np.exp(y.astype(np.float64))).astype(F32)
    err = np.abs(approx - np.array([math.erfc(float(x)) for x in zs])).max()
    print("ERFC_LARGE", [float(c) for c in erfc_large], "largest absolute error", err)


if __name__ == "__main__":
    main()
