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


class CountingAllocator:
    """A socialcap_allocator implemented in Python over libc's malloc that
    records every live block, for exact leak checks independent of the
    process's heap statistics."""

    _MALLOC = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p)
    _REALLOC = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                ctypes.c_void_p)
    _FREE = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)

    def __init__(self):
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        self._malloc = libc.malloc
        self._malloc.restype = ctypes.c_void_p
        self._malloc.argtypes = [ctypes.c_size_t]
        self._realloc = libc.realloc
        self._realloc.restype = ctypes.c_void_p
        self._realloc.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        self._free = libc.free
        self._free.restype = None
        self._free.argtypes = [ctypes.c_void_p]
        self.live = {}
        self.calls = 0
        self._fns = (self._MALLOC(self.malloc), self._REALLOC(self.realloc),
                     self._FREE(self.free))
        from socialcap import _lib
        self.struct = _lib.Allocator(*[ctypes.cast(f, ctypes.c_void_p) for f in self._fns],
                                     None)

    def malloc(self, size, _user):
        self.calls += 1
        p = self._malloc(size)
        if p:
            self.live[p] = size
        return p

    def realloc(self, ptr, size, _user):
        self.calls += 1
        p = self._realloc(ptr, size)
        if p:
            self.live.pop(ptr, None)
            self.live[p] = size
        return p

    def free(self, ptr, _user):
        if ptr:
            del self.live[ptr]
            self._free(ptr)

    @property
    def live_bytes(self):
        return sum(self.live.values())

    def network(self):
        """A socialcap.Network whose every allocation goes through this."""
        from socialcap import _lib
        lib = _lib.load()
        opts = _lib.NetworkOptions()
        assert lib.socialcap_network_options_init(
            ctypes.byref(opts), _lib.NETWORK_OPTIONS_VERSION) == 0
        opts.allocator = ctypes.pointer(self.struct)
        ptr = ctypes.c_void_p()
        assert lib.socialcap_network_new(ctypes.byref(ptr), ctypes.byref(opts)) == 0
        return socialcap.Network._from_pointer(lib, ptr)
