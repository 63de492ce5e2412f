"""Crash-safe stores: a state file plus an append-only journal
(socialcap/journal.h)."""

import dataclasses
from ctypes import byref, c_void_p

from . import _convert as cv
from . import _lib
from ._handle import Handle
from .errors import InvalidArgumentError, class_for_status
from .io import state_options
from .network import Network, network_options


@dataclasses.dataclass(frozen=True)
class JournalReport:
    """What opening a store found (socialcap_journal_report)."""
    replayed: int
    next_seq: int
    tail_cut: bool
    cut_offset: int
    cut_bytes: int
    journal_restarted: bool


class JournaledNetwork(Network):
    """The network of an open :class:`Journal`. Reading works as on any
    network; the recording methods (set_sector, add_actor, add_tie,
    record_contact, record_event) go through the journal, so each change
    is written to it. Other changes (reserve, import_dataset) are refused.
    """

    _what = "journalled network"

    def __init__(self, journal, ptr):  # noqa: D107 - made by Journal only
        self._lib = journal._lib
        self._journal = journal
        self._adopt(c_void_p(ptr), lambda p: None, journal)

    def _write(self, name, *args):
        jptr = self._journal._handle()
        status = getattr(self._lib, "socialcap_journal_" + name)(jptr, *args)
        if status != 0:
            self._journal._fail(status)

    def _refuse(self, *args, **kwargs):
        raise TypeError("a journalled network changes only through its "
                        "recording methods")

    reserve = import_dataset = _refuse


class Journal(Handle):
    """An open store: the state file PATH and its journal PATH-journal.

    ``Journal.create(path, network=None)`` starts a store (the network, if
    given, is consumed: the Python object is closed and the store owns the
    data); ``Journal.open(path)`` loads the state file and replays the
    journal (``journal.report`` says what it found). Change the data
    through ``journal.network``; ``sync()`` makes the appends durable,
    ``checkpoint()`` folds the journal into a new state file.
    """

    _what = "journal"

    @classmethod
    def _options(cls, lib, sync_each_append, max_journal_bytes,
                 max_input_bytes, limits):
        lib.require("journal")
        netopts = network_options(lib, limits)
        state = state_options(lib, network_options=netopts,
                              max_input_bytes=max_input_bytes)
        opts = _lib.JournalOptions()
        cv.check(lib.socialcap_journal_options_init(
            byref(opts), _lib.JOURNAL_OPTIONS_VERSION), lib)
        opts.state = _pointer(state)
        if max_journal_bytes is not None:
            opts.max_journal_bytes = cv.u64(max_journal_bytes, "max_journal_bytes")
        opts.sync_each_append = 1 if sync_each_append else 0
        # The C store borrows these while it is open: keep them alive.
        return opts, (state, netopts)

    @classmethod
    def create(cls, path, network=None, *, sync_each_append=False,
               max_journal_bytes=None, max_input_bytes=None, **limits):
        lib = _lib.load()
        opts, keep = cls._options(lib, sync_each_append, max_journal_bytes,
                                  max_input_bytes, limits)
        if network is not None and isinstance(network, JournaledNetwork):
            raise InvalidArgumentError("the network already belongs to a journal",
                                       -2, "SOCIALCAP_EINVAL")
        net_ptr = network._handle() if network is not None else None
        out = c_void_p()
        err = _lib.Error()
        status = lib.socialcap_journal_create(byref(out), cv.path(path), net_ptr,
                                              byref(opts), byref(err))
        if status != 0:
            cv.raise_from_error(status, err, lib)
        if network is not None:
            network._res.detach()  # consumed: the store frees it
        return cls._wrap(lib, out, opts, keep, None)

    @classmethod
    def open(cls, path, *, sync_each_append=False, max_journal_bytes=None,
             max_input_bytes=None, **limits):
        lib = _lib.load()
        opts, keep = cls._options(lib, sync_each_append, max_journal_bytes,
                                  max_input_bytes, limits)
        out = c_void_p()
        err = _lib.Error()
        report = _lib.JournalReport()
        status = lib.socialcap_journal_open(byref(out), cv.path(path), byref(opts),
                                            byref(report), byref(err))
        if status != 0:
            cv.raise_from_error(status, err, lib)
        return cls._wrap(lib, out, opts, keep, JournalReport(
            report.replayed, report.next_seq, bool(report.tail_cut),
            report.cut_offset, report.cut_bytes, bool(report.journal_restarted)))

    @classmethod
    def _wrap(cls, lib, ptr, opts, keep, report):
        self = cls.__new__(cls)
        self._lib = lib
        self._keep = (opts, keep)
        self.report = report
        self._adopt(ptr, lib.socialcap_journal_free)
        self.network = JournaledNetwork(self, lib.socialcap_journal_network(ptr))
        return self

    def _fail(self, status):
        lib = self._lib
        message = cv.string(lib.socialcap_journal_errmsg(self._handle())) or \
            cv.string(lib.socialcap_strerror(status))
        raise class_for_status(status)(message, status,
                                       cv.string(lib.socialcap_error_name(status)))

    @property
    def next_seq(self):
        return self._lib.socialcap_journal_next_seq(self._handle())

    def sync(self):
        """Make every append so far durable (fsync)."""
        status = self._lib.socialcap_journal_sync(self._handle())
        if status != 0:
            self._fail(status)

    def checkpoint(self):
        """Fold the journal into a new state file; start a fresh journal."""
        err = _lib.Error()
        status = self._lib.socialcap_journal_checkpoint(self._handle(), byref(err))
        if status != 0:
            cv.raise_from_error(status, err, self._lib)


def _pointer(obj):
    import ctypes
    return ctypes.pointer(obj)
