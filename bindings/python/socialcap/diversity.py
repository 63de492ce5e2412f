"""Diversity and concentration of a composition (socialcap/diversity.h).

Each function takes counts or weights per category (any iterable of
numbers, or a numpy array) and returns one float; NaN when the vector is
empty, sums to 0, or holds a negative, infinite or NaN entry.
"""

import ctypes

from . import _lib

__all__ = ["blau", "iqv", "shannon", "hill1", "hill2", "hhi"]


def _call(name, values):
    lib = _lib.load()
    lib.require("diversity")
    data = [float(v) for v in values]
    array = (ctypes.c_double * max(len(data), 1))(*data)
    return getattr(lib, "socialcap_diversity_" + name)(array, len(data))


def blau(values):
    """Blau's index 1 - sum p^2."""
    return _call("blau", values)


def iqv(values):
    """Index of qualitative variation, Blau * K / (K - 1)."""
    return _call("iqv", values)


def shannon(values):
    """Shannon entropy -sum p ln p (natural log)."""
    return _call("shannon", values)


def hill1(values):
    """Hill number of order 1, exp(H)."""
    return _call("hill1", values)


def hill2(values):
    """Hill number of order 2, 1 / sum p^2."""
    return _call("hill2", values)


def hhi(values):
    """Herfindahl-Hirschman concentration sum p^2."""
    return _call("hhi", values)
