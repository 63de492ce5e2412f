"""Area aggregates (socialcap/areas.h) and their time series
(socialcap/series.h)."""

from ctypes import byref, c_int64, c_size_t, c_uint32, c_void_p

from . import _convert as cv
from . import _lib
from ._handle import Handle
from .results import Table
from .snapshot import GROUP_BY, snapshot_options

AREA_KINDS = {"neighbourhoods": 0, "sectors": 1}


def areas_options(lib, areas=None, group_by=None, window=None, min_cell=None,
                  half_life_invest=None, threads=None):
    """A filled socialcap_areas_options."""
    lib.require("areas")
    opts = _lib.AreasOptions()
    cv.check(lib.socialcap_areas_options_init(
        byref(opts), _lib.AREAS_OPTIONS_VERSION), lib)
    if areas is not None:
        if areas not in AREA_KINDS:
            raise ValueError("areas %r is not one of %s"
                             % (areas, ", ".join(AREA_KINDS)))
        opts.areas = AREA_KINDS[areas]
    if group_by is not None:
        if group_by not in GROUP_BY:
            raise ValueError("group_by %r is not one of %s"
                             % (group_by, ", ".join(GROUP_BY)))
        opts.group = GROUP_BY[group_by]
    if window is not None:
        opts.window = cv.to_duration(window, "window", lib)
    if min_cell is not None:
        opts.min_cell = cv.u32(min_cell, "min_cell")
    if half_life_invest is not None:
        opts.half_life_invest = cv.to_duration(half_life_invest,
                                               "half_life_invest", lib)
    if threads is not None:
        opts.threads = cv.u32(threads, "threads")
    return opts


def compute_areas(snapshot, options):
    lib = snapshot._lib
    lib.require("results")
    opts = areas_options(lib, **options)
    out = c_void_p()
    net = snapshot.network
    net_ptr = net._handle()
    status = lib.socialcap_areas_compute(byref(out), snapshot._handle(), byref(opts))
    if status != 0:
        net._fail(status, net_ptr)
    return Table(lib, out, net)


def new_investors(snapshot, area, options):
    lib = snapshot._lib
    opts = areas_options(lib, **options)
    net = snapshot.network
    if isinstance(area, str):
        row = net.find_sector(area) if options.get("areas") == "sectors" \
            else net.find_neighbourhood(area)
    else:
        row = cv.u32(area, "area")
    total = c_size_t()
    capacity = 0
    buf = None
    while True:
        status = lib.socialcap_areas_new_investors(
            snapshot._handle(), byref(opts), row, buf, capacity, byref(total))
        if status != 0:
            net._fail(status)
        if total.value <= capacity:
            break
        capacity = total.value
        buf = (c_uint32 * capacity)()
    return [net.sector(i).label for i in (buf[:total.value] if buf else [])]


def area_column_names():
    """Names of the area aggregate columns, in column order."""
    lib = _lib.load()
    lib.require("areas")
    names = []
    while True:
        name = lib.socialcap_area_column_name(len(names))
        if name is None:
            return names
        names.append(cv.string(name))


class Series(Handle):
    """Area tables at a sequence of times (``socialcap_series``).

    ``len(series)``, ``series.times``, ``series[k]`` (a :class:`Table`,
    borrowed from the series: closed with it) and iteration over
    ``(time, table)`` pairs.
    """

    _what = "series"

    def __init__(self, network, times, snapshot_options_=None, area_options=None):
        lib = network._lib
        lib.require("series")
        self._lib = lib
        self.network = network
        snap_opts, keep = snapshot_options(network, None, snapshot_options_ or {})
        opts = areas_options(lib, **(area_options or {}))
        values = [cv.to_time(t, "times[%d]" % i, lib) for i, t in enumerate(times)]
        array = (c_int64 * max(len(values), 1))(*values)
        out = c_void_p()
        net_ptr = network._handle()
        status = lib.socialcap_series_compute(byref(out), net_ptr, byref(snap_opts),
                                              byref(opts), array, len(values))
        del keep
        if status != 0:
            network._fail(status, net_ptr)
        self._adopt(out, lib.socialcap_series_free, network)
        self._tables = {}

    def __len__(self):
        return self._lib.socialcap_series_count(self._handle())

    @property
    def times(self):
        ptr = self._handle()
        return [self._lib.socialcap_series_time(ptr, k) for k in range(len(self))]

    def __getitem__(self, k):
        n = len(self)
        if isinstance(k, int) and -n <= k < n:
            k %= n
        else:
            raise IndexError("series step %r out of range (%d steps)" % (k, n))
        table = self._tables.get(k)
        if table is None or table.closed:
            ptr = self._lib.socialcap_series_table(self._handle(), k)
            table = Table(self._lib, ptr, self, borrowed=True)
            self._tables[k] = table
        return table

    def __iter__(self):
        for k, t in enumerate(self.times):
            yield t, self[k]
