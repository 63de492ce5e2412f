"""Snapshots (``socialcap_snapshot``) and the indicators computed on them."""

import ctypes
from ctypes import POINTER, byref, c_double, c_int64, c_uint32, c_void_p

from . import _convert as cv
from . import _lib
from ._handle import Handle
from .results import Table

FAMILIES = {"local": 0x1, "triangles": 0x2, "betweenness": 0x4,
            "reach": 0x8, "structure": 0x10}
FAMILY_ALL = 0x1f
GROUP_BY = {"sector": 0, "neighbourhood": 1, "kind": 2}

_DURATIONS = ("half_life_physical", "half_life_digital", "half_life_event")


def snapshot_options(net, time, options):
    """A filled socialcap_snapshot_options (and the array it points to)."""
    lib = net._lib
    opts = _lib.SnapshotOptions()
    cv.check(lib.socialcap_snapshot_options_init(
        byref(opts), _lib.SNAPSHOT_OPTIONS_VERSION), lib)
    if time is not None:
        opts.time = cv.to_time(time, "time", lib)
    keep = None
    for name, value in options.items():
        if value is None:
            continue
        if name in _DURATIONS:
            setattr(opts, name, cv.to_duration(value, name, lib))
        elif name == "theta":
            opts.theta = cv.number(value, "theta")
        elif name == "max_clique_event":
            opts.max_clique_event = cv.u32(value, "max_clique_event")
        elif name == "layer_half_lives":
            keep = _layer_half_lives(net, value)
            opts.layer_half_lives = ctypes.cast(keep, POINTER(c_int64))
            opts.layer_half_life_count = len(keep)
        else:
            raise TypeError("unknown snapshot option %r" % name)
    return opts, keep


def _layer_half_lives(net, mapping):
    """int64 array indexed by layer from {layer label or index: duration}."""
    by_index = {}
    for layer, value in dict(mapping).items():
        index = net.find_layer(layer) if isinstance(layer, str) else \
            cv.u32(layer, "layer index")
        by_index[index] = cv.to_duration(value, "half-life of layer %r" % (layer,),
                                         net._lib)
    array = (c_int64 * (1 + max(by_index, default=-1)))()
    for index, seconds in by_index.items():
        array[index] = seconds
    return array


def indicator_options(lib, families=None, group_by=None, event_window=None,
                      ec_threshold=None, betweenness_samples=None, seed=None,
                      threads=None):
    opts = _lib.IndicatorOptions()
    cv.check(lib.socialcap_indicator_options_init(
        byref(opts), _lib.INDICATOR_OPTIONS_VERSION), lib)
    if families is not None:
        opts.families = _families(families)
    if group_by is not None:
        if group_by not in GROUP_BY:
            raise ValueError("group_by %r is not one of %s"
                             % (group_by, ", ".join(GROUP_BY)))
        opts.group_by = GROUP_BY[group_by]
    if event_window is not None:
        opts.event_window = cv.to_duration(event_window, "event_window", lib)
    if ec_threshold is not None:
        opts.ec_threshold = cv.number(ec_threshold, "ec_threshold")
    if betweenness_samples is not None:
        opts.betweenness_samples = cv.u32(betweenness_samples, "betweenness_samples")
    if seed is not None:
        opts.seed = cv.u64(seed, "seed")
    if threads is not None:
        opts.threads = cv.integer(threads, "threads", 0, 2 ** 32 - 1)
    return opts


def _families(value):
    if isinstance(value, str):
        value = [value]
    if isinstance(value, int) and not isinstance(value, bool):
        return cv.integer(value, "families", 0, FAMILY_ALL)
    bits = 0
    for name in value:
        if name == "all":
            bits |= FAMILY_ALL
        elif name in FAMILIES:
            bits |= FAMILIES[name]
        else:
            raise ValueError("family %r is not one of %s, all"
                             % (name, ", ".join(FAMILIES)))
    return bits


class Snapshot(Handle):
    """The network of active ties at one time (``socialcap_snapshot``).

    Made by :meth:`socialcap.Network.snapshot`. It never changes after it is
    built; it is closed with its network.
    """

    _what = "snapshot"

    def __init__(self, network, time=None, **options):
        lib = network._lib
        lib.require("snapshot")
        self._lib = lib
        self.network = network
        opts, keep = snapshot_options(network, time, options)
        ptr = c_void_p()
        net_ptr = network._handle()
        status = lib.socialcap_snapshot_build(byref(ptr), net_ptr, byref(opts))
        del keep  # the snapshot keeps its own copy of the layer half-lives
        if status != 0:
            network._fail(status, net_ptr)
        self._adopt(ptr, lib.socialcap_snapshot_free, network)

    def __repr__(self):
        if self.closed:
            return "<socialcap.Snapshot (closed)>"
        return "<socialcap.Snapshot at %s: %d actors, %d ties>" % (
            cv.format_time(self.time), self.actor_count, self.tie_count)

    @property
    def time(self):
        return self._lib.socialcap_snapshot_time(self._handle())

    @property
    def options(self):
        """The options the snapshot was built with (time resolved), as a
        dict; layer half-lives by layer label."""
        opts = _lib.SnapshotOptions()
        ptr = self._handle()
        cv.check(self._lib.socialcap_snapshot_options_get(ptr, byref(opts)),
                 self._lib)
        out = {name: getattr(opts, name) for name, _ in opts._fields_
               if name not in ("version", "layer_half_lives",
                               "layer_half_life_count")}
        layers = self.network.layers()
        out["layer_half_lives"] = {
            layers[k] if k < len(layers) else k: opts.layer_half_lives[k]
            for k in range(opts.layer_half_life_count)
            if opts.layer_half_lives[k]}
        return out

    @property
    def timeless(self):
        """True when the graph is the same at every time: no tie time, no
        contacts, no events, no actor added since the build (then the area
        tables need no second snapshot at t - window)."""
        return self._lib.socialcap_snapshot_timeless(self._handle()) == 1

    @property
    def actor_count(self):
        return self._lib.socialcap_snapshot_actor_count(self._handle())

    @property
    def tie_count(self):
        return self._lib.socialcap_snapshot_tie_count(self._handle())

    @property
    def memory(self):
        return self._lib.socialcap_snapshot_memory(self._handle())

    def degree(self, actor):
        ptr = self._handle()
        return self._lib.socialcap_snapshot_degree(ptr, self.network.actor_index(actor))

    def neighbours(self, actor):
        """[(neighbour index, strength), ...] of @p actor, by index."""
        ptr = self._handle()
        idx = POINTER(c_uint32)()
        wts = POINTER(c_double)()
        count = c_uint32()
        status = self._lib.socialcap_snapshot_neighbours(
            ptr, self.network.actor_index(actor), byref(idx), byref(wts),
            byref(count))
        cv.check(status, self._lib)
        n = count.value
        return list(zip(idx[:n], wts[:n])) if n else []

    def weight(self, a, b):
        """Strength of the active tie a-b (0.0 when there is none)."""
        ptr = self._handle()
        return self._lib.socialcap_snapshot_weight(
            ptr, self.network.actor_index(a), self.network.actor_index(b))

    def edges(self):
        """Every active tie once, as (a, b, strength) with a < b."""
        for a in range(self.actor_count):
            for b, w in self.neighbours(a):
                if a < b:
                    yield a, b, w

    # ---------------------------------------------------------- indicators

    def _indicators(self, fn, progress, options):
        lib = self._lib
        lib.require("indicators")
        lib.require("results")
        opts = indicator_options(lib, **options)
        failure = []
        if progress is not None:
            def trampoline(fraction, _user):
                try:
                    return 1 if progress(fraction) is False else 0
                except BaseException as exc:  # noqa: BLE001 - re-raised below
                    failure.append(exc)
                    return 1
            callback = _lib.ProgressFn(trampoline)
            opts.progress = callback
        out = c_void_p()
        err = _lib.Error()
        status = fn(byref(out), self._handle(), byref(opts), byref(err))
        if failure:
            if out:
                lib.socialcap_results_free(out)
            raise failure[0]
        if status != 0:
            cv.raise_from_error(status, err, lib)
        return Table(lib, out, self.network)

    def actor_indicators(self, progress=None, **options):
        """Per-actor indicators (one row per actor) as a :class:`Table`.

        Options: ``families`` (names from local, triangles, betweenness,
        reach, structure, or "all"), ``group_by`` ("sector",
        "neighbourhood", "kind"), ``event_window`` (duration),
        ``ec_threshold``, ``betweenness_samples``, ``seed``, ``threads``.
        ``progress(fraction)`` is called as the work advances; returning
        False cancels (CanceledError), an exception it raises cancels and
        propagates.
        """
        return self._indicators(self._lib.socialcap_indicators_actors,
                                progress, options)

    def network_indicators(self, progress=None, **options):
        """Network-wide indicators (one row, "network") as a :class:`Table`."""
        return self._indicators(self._lib.socialcap_indicators_network,
                                progress, options)

    def area_indicators(self, **options):
        """Aggregates per neighbourhood (or per sector with
        ``areas="sectors"``) as a :class:`Table`. Options: ``areas``,
        ``group_by``, ``window`` (duration), ``min_cell`` (rows with fewer
        members are suppressed), ``half_life_invest`` (duration),
        ``threads`` (worker threads; the numbers do not change). Use
        ``table.text(row, "key_institution")`` for the unit a cell names."""
        from .areas import compute_areas
        return compute_areas(self, options)

    def new_investors(self, area, **options):
        """Labels of the sectors that organised an event in @p area
        (index, or neighbourhood code / sector label) within the window and
        none there before."""
        from .areas import new_investors
        return new_investors(self, area, options)



def _column_names(fn_name):
    lib = _lib.load()
    lib.require("indicators")
    fn = getattr(lib, fn_name)
    names = []
    while True:
        name = fn(len(names))
        if name is None:
            return names
        names.append(cv.string(name))


def actor_column_names():
    """Names of the per-actor indicator columns, in column order."""
    return _column_names("socialcap_actor_column_name")


def network_column_names():
    """Names of the network-wide indicator columns, in column order."""
    return _column_names("socialcap_network_column_name")
