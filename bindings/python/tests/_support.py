"""Helpers shared by the test modules: fixtures and measurements."""

import ctypes
import ctypes.util
import os

import socialcap

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
INCLUDE_DIR = os.environ.get("SOCIALCAP_INCLUDE_DIR",
                             os.path.join(SOURCE_ROOT, "include"))
TEST_DATA = os.environ.get("SOCIALCAP_TEST_DATA",
                           os.path.join(SOURCE_ROOT, "tests", "data"))
SANITIZED = bool(os.environ.get("SOCIALCAP_SANITIZED"))

try:
    import numpy
except ImportError:  # the numpy parts of the tests are skipped
    numpy = None

DAY = 86400


def graph(edges, n=None, sectors=None, tiers=None):
    """A network with actors "0".."n-1" (residents of sector s0 in "N1")
    and the given declared ties (a, b[, weight]) in the "neighbours" layer,
    without `since` so they never decay."""
    if n is None:
        n = 1 + max(max(e[0], e[1]) for e in edges)
    net = socialcap.Network()
    for label, tier in (tiers or {}).items():
        net.set_sector(label, tier)
    for i in range(n):
        sector = sectors[i] if sectors else "s0"
        net.add_actor(str(i), sector=sector, neighbourhood="N1")
    for e in edges:
        net.add_tie(e[0], e[1], "neighbours", e[2] if len(e) > 2 else 1.0)
    return net


def rss_bytes():
    """Resident set size of this process, in bytes (Linux)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
        "fsmblks", "uordblks", "fordblks", "keepcost")]


def heap_in_use():
    """Bytes of the C heap in use (glibc mallinfo2), or None if unknown
    (another libc, or a sanitizer runtime replacing malloc)."""
    if SANITIZED:
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    try:
        fn = libc.mallinfo2
    except AttributeError:
        return None
    fn.restype = _Mallinfo2
    fn.argtypes = []
    info = fn()
    return info.uordblks + info.hblkhd
