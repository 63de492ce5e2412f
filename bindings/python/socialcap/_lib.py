"""Loading libsocialcap.so.0 and declaring the C functions the binding calls.

Every function is declared with its exact argument and return types, taken
from the public headers. Only the structs that the headers document as plain
values or versioned options are mirrored here; all other objects stay opaque
(void pointers).

The library is looked for, in this order:

1. the path in the environment variable ``SOCIALCAP_LIBRARY`` (an error if it
   cannot be loaded: a wrong explicit path must not silently pick another
   copy);
2. ``libsocialcap.so.0`` next to this package (a wheel or a copied tree);
3. the system library path (``ctypes.util.find_library("socialcap")``, then
   ``libsocialcap.so.0`` through the dynamic loader).

Modules that are newer than the loaded library (for example the snapshot
functions in an older build) are declared as missing: the objects that need
them raise :class:`socialcap.errors.UnavailableError` instead of failing at
import time.
"""

import ctypes
import ctypes.util
import os
import threading

from ctypes import (POINTER, c_char, c_char_p, c_double, c_int, c_int32,
                    c_int64, c_size_t, c_uint, c_uint32, c_uint64, c_void_p)

SONAME = "libsocialcap.so.0"

TIME_NONE = -(2 ** 63)          # SOCIALCAP_TIME_NONE (INT64_MIN)
NO_INDEX = 2 ** 32 - 1          # SOCIALCAP_NO_INDEX (UINT32_MAX)
ERROR_TEXT_SIZE = 256           # SOCIALCAP_ERROR_TEXT_SIZE
TIME_TEXT_SIZE = 32             # SOCIALCAP_TIME_TEXT_SIZE

# Versions of the options structs mirrored below.
NETWORK_OPTIONS_VERSION = 1
LEDGER_QUERY_VERSION = 1


# --------------------------------------------------------------- structs
# Each of these is documented in the C headers as a plain value whose layout
# is stable within major version 0 (or as a versioned options struct).

class Allocator(ctypes.Structure):
    """socialcap_allocator (common.h); only ever passed as NULL here."""
    c_name = "socialcap_allocator"
    _fields_ = [("malloc", c_void_p), ("realloc", c_void_p),
                ("free", c_void_p), ("user", c_void_p)]


class Error(ctypes.Structure):
    """socialcap_error (common.h): "the layout is stable within major
    version 0, so bindings may mirror it"."""
    c_name = "socialcap_error"
    _fields_ = [("status", c_int),
                ("file", c_char * ERROR_TEXT_SIZE),
                ("line", c_uint64),
                ("column", c_uint64),
                ("offset", c_uint64),
                ("field", c_char * 64),
                ("message", c_char * ERROR_TEXT_SIZE)]


class NetworkOptions(ctypes.Structure):
    """socialcap_network_options (network.h), version 1."""
    c_name = "socialcap_network_options"
    _fields_ = [("version", c_uint),
                ("allocator", POINTER(Allocator)),
                ("max_id_bytes", c_size_t),
                ("max_label_bytes", c_size_t),
                ("max_actors", c_uint32),
                ("max_ties", c_uint64),
                ("max_records", c_uint64)]


class Tie(ctypes.Structure):
    """socialcap_tie (network.h)."""
    c_name = "socialcap_tie"
    _fields_ = [("a", c_uint32), ("b", c_uint32), ("layer", c_uint32),
                ("weight", c_double), ("since", c_int64)]


class Contact(ctypes.Structure):
    """socialcap_contact (ledger.h)."""
    c_name = "socialcap_contact"
    _fields_ = [("time", c_int64), ("a", c_uint32), ("b", c_uint32),
                ("channel", c_int32), ("weight", c_double), ("cost", c_double)]


class Attendance(ctypes.Structure):
    """socialcap_attendance (ledger.h)."""
    c_name = "socialcap_attendance"
    _fields_ = [("actor", c_uint32), ("role", c_int32)]


class EventIn(ctypes.Structure):
    """socialcap_event (ledger.h): strings borrowed for the call only."""
    c_name = "socialcap_event"
    _fields_ = [("id", c_char_p), ("time", c_int64),
                ("neighbourhood", c_char_p), ("kind", c_char_p),
                ("channel", c_int32), ("cost", c_double)]


class EventInfo(ctypes.Structure):
    """socialcap_event_info (ledger.h)."""
    c_name = "socialcap_event_info"
    _fields_ = [("id", c_char_p), ("time", c_int64),
                ("neighbourhood", c_uint32), ("kind", c_uint32),
                ("channel", c_int32), ("cost", c_double),
                ("attendee_count", c_uint32)]


class LedgerQuery(ctypes.Structure):
    """socialcap_ledger_query (ledger.h), version 1."""
    c_name = "socialcap_ledger_query"
    c_fields = {"from_": "from"}   # `from` is a Python keyword
    _fields_ = [("version", c_uint), ("from_", c_int64), ("to", c_int64),
                ("neighbourhood", c_uint32), ("actor", c_uint32)]


# Opaque handles are plain void pointers.
network_p = c_void_p

_u32p = POINTER(c_uint32)
_u64p = POINTER(c_uint64)
_sizep = POINTER(c_size_t)
_i64p = POINTER(c_int64)
_errp = POINTER(Error)

# ------------------------------------------------------------ functions
# (name, restype, argtypes), grouped by the header that declares them.

COMMON = [
    ("socialcap_error_name", c_char_p, [c_int]),
    ("socialcap_strerror", c_char_p, [c_int]),
    ("socialcap_error_clear", None, [_errp]),
]

VERSION = [
    ("socialcap_version_string", c_char_p, []),
    ("socialcap_version_number", c_int, []),
]

TIME = [
    ("socialcap_time_parse", c_int, [_i64p, c_char_p]),
    ("socialcap_time_format", c_int, [POINTER(c_char), c_size_t, c_int64]),
    ("socialcap_date_format", c_int, [POINTER(c_char), c_size_t, c_int64]),
    ("socialcap_duration_parse", c_int, [_i64p, c_char_p]),
]

NETWORK = [
    ("socialcap_network_options_init", c_int, [POINTER(NetworkOptions), c_uint]),
    ("socialcap_network_new", c_int, [POINTER(network_p), POINTER(NetworkOptions)]),
    ("socialcap_network_free", None, [network_p]),
    ("socialcap_network_errmsg", c_char_p, [network_p]),
    ("socialcap_network_reserve", c_int, [network_p, c_uint32, c_uint64]),
    ("socialcap_network_memory", c_size_t, [network_p]),
    ("socialcap_network_set_sector", c_int,
     [network_p, _u32p, c_char_p, c_int, c_double]),
    ("socialcap_network_sector_count", c_uint32, [network_p]),
    ("socialcap_network_find_sector", c_int, [network_p, _u32p, c_char_p]),
    ("socialcap_network_sector_label", c_char_p, [network_p, c_uint32]),
    ("socialcap_network_sector_tier", c_int, [network_p, c_uint32]),
    ("socialcap_network_sector_prestige", c_double, [network_p, c_uint32]),
    ("socialcap_network_neighbourhood_count", c_uint32, [network_p]),
    ("socialcap_network_neighbourhood_label", c_char_p, [network_p, c_uint32]),
    ("socialcap_network_find_neighbourhood", c_int, [network_p, _u32p, c_char_p]),
    ("socialcap_network_neighbourhood_actor_count", c_uint32, [network_p, c_uint32]),
    ("socialcap_network_neighbourhood_resident_count", c_uint32, [network_p, c_uint32]),
    ("socialcap_network_group_count", c_uint32, [network_p]),
    ("socialcap_network_group_label", c_char_p, [network_p, c_uint32]),
    ("socialcap_network_layer_count", c_uint32, [network_p]),
    ("socialcap_network_layer_label", c_char_p, [network_p, c_uint32]),
    ("socialcap_network_find_layer", c_int, [network_p, _u32p, c_char_p]),
    ("socialcap_network_add_actor", c_int,
     [network_p, _u32p, c_char_p, c_int, c_char_p, c_char_p, c_double,
      POINTER(c_char_p), c_size_t]),
    ("socialcap_network_actor_count", c_uint32, [network_p]),
    ("socialcap_network_find_actor", c_int, [network_p, _u32p, c_char_p]),
    ("socialcap_network_actor_id", c_char_p, [network_p, c_uint32]),
    ("socialcap_network_actor_kind", c_int, [network_p, c_uint32]),
    ("socialcap_network_actor_sector", c_uint32, [network_p, c_uint32]),
    ("socialcap_network_actor_neighbourhood", c_uint32, [network_p, c_uint32]),
    ("socialcap_network_actor_status", c_double, [network_p, c_uint32]),
    ("socialcap_network_actor_is_institution", c_int, [network_p, c_uint32]),
    ("socialcap_network_actor_group_count", c_uint32, [network_p, c_uint32]),
    ("socialcap_network_actor_group", c_uint32, [network_p, c_uint32, c_uint32]),
    ("socialcap_network_add_tie", c_int,
     [network_p, _u64p, c_uint32, c_uint32, c_char_p, c_double, c_int64]),
    ("socialcap_network_tie_count", c_uint64, [network_p]),
    ("socialcap_network_tie", c_int, [network_p, c_uint64, POINTER(Tie)]),
    ("socialcap_network_find_tie", c_int,
     [network_p, _u64p, c_uint32, c_uint32, c_uint32]),
    ("socialcap_network_timeless", c_int, [network_p]),
]

LEDGER = [
    ("socialcap_network_record_contact", c_int, [network_p, _u64p, POINTER(Contact)]),
    ("socialcap_network_record_event", c_int,
     [network_p, _u32p, POINTER(EventIn), POINTER(Attendance), c_size_t]),
    ("socialcap_network_contact_count", c_uint64, [network_p]),
    ("socialcap_network_contact", c_int, [network_p, c_uint64, POINTER(Contact)]),
    ("socialcap_network_event_count", c_uint32, [network_p]),
    ("socialcap_network_event", c_int, [network_p, c_uint32, POINTER(EventInfo)]),
    ("socialcap_network_event_attendee", c_int,
     [network_p, c_uint32, c_uint32, POINTER(Attendance)]),
    ("socialcap_network_find_event", c_int, [network_p, _u32p, c_char_p]),
    ("socialcap_network_event_kind_count", c_uint32, [network_p]),
    ("socialcap_network_event_kind_label", c_char_p, [network_p, c_uint32]),
    ("socialcap_network_attendance_count", c_uint64, [network_p]),
    ("socialcap_ledger_query_init", c_int, [POINTER(LedgerQuery), c_uint]),
    ("socialcap_network_select_contacts", c_int,
     [network_p, POINTER(LedgerQuery), _u64p, c_size_t, _sizep]),
    ("socialcap_network_select_events", c_int,
     [network_p, POINTER(LedgerQuery), _u32p, c_size_t, _sizep]),
]

# The modules every build of the library has; a missing symbol here means
# the file is not libsocialcap (or is far too old) and loading fails.
REQUIRED = COMMON + VERSION + TIME + NETWORK + LEDGER

# Optional modules (name -> declarations): their absence only disables the
# objects that need them. Filled at the end of this file.
OPTIONAL = {}

# ctypes types of the function-pointer typedefs, by C name.
FUNCTION_TYPES = {}


def all_declarations():
    """Every (name, restype, argtypes) the binding declares."""
    out = list(REQUIRED)
    for decls in OPTIONAL.values():
        out.extend(decls)
    return out


class LibraryNotFoundError(OSError):
    """libsocialcap.so.0 could not be found or loaded."""


# A relative SOCIALCAP_LIBRARY is taken relative to the working directory at
# import time, not at first use (which may come after a chdir).
_ENV_LIBRARY = os.environ.get("SOCIALCAP_LIBRARY")
if _ENV_LIBRARY and os.sep in _ENV_LIBRARY:
    _ENV_LIBRARY = os.path.abspath(_ENV_LIBRARY)


def _candidates():
    env = _ENV_LIBRARY
    if env:
        return [env], True
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), SONAME)
    names = []
    if os.path.exists(here):
        names.append(here)
    found = ctypes.util.find_library("socialcap")
    if found:
        names.append(found)
    names.append(SONAME)
    return names, False


def _declare(cdll, decls, required):
    missing = []
    for name, restype, argtypes in decls:
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            if required:
                raise LibraryNotFoundError(
                    "%s does not export %s: not libsocialcap, or too old"
                    % (cdll._name, name)) from None
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    return missing


class _Library:
    """The loaded library with its declared functions as attributes."""

    def __init__(self, cdll):
        self.cdll = cdll
        self.path = cdll._name
        self.unavailable = {}
        _declare(cdll, REQUIRED, True)
        self.declared = {name for name, _, _ in REQUIRED}
        for name, decls in OPTIONAL.items():
            missing = _declare(cdll, decls, False)
            if missing:
                self.unavailable[name] = missing
            self.declared.update(n for n, _, _ in decls if n not in missing)

    def has(self, module):
        """True when every function of optional @p module is exported."""
        return module in OPTIONAL and module not in self.unavailable

    def require(self, module):
        """Raise UnavailableError unless optional @p module is exported."""
        if not self.has(module):
            from .errors import UnavailableError
            raise UnavailableError(
                "%s lacks the %s functions (%s): the library is older than "
                "this binding" % (self.path, module,
                                  ", ".join(self.unavailable.get(module, ()))))

    def __getattr__(self, name):
        # Only called for names not found normally: the C functions.
        return getattr(self.cdll, name)


_lock = threading.Lock()
_library = None


def load():
    """Return the loaded library, loading it on first use."""
    global _library
    with _lock:
        if _library is None:
            names, explicit = _candidates()
            errors = []
            for name in names:
                try:
                    cdll = ctypes.CDLL(name)
                except OSError as exc:
                    errors.append("%s: %s" % (name, exc))
                    if explicit:
                        break
                    continue
                _library = _Library(cdll)
                break
            if _library is None:
                raise LibraryNotFoundError(
                    "cannot load libsocialcap (set SOCIALCAP_LIBRARY to the "
                    "path of libsocialcap.so.0): " + "; ".join(errors))
        return _library


# ------------------------------------------------------- optional modules
# Declared only when the loaded library exports them.

SNAPSHOT_OPTIONS_VERSION = 1
INDICATOR_OPTIONS_VERSION = 2
DATASET_OPTIONS_VERSION = 1
STATE_OPTIONS_VERSION = 1
STATE_CREATED_NOW = 2 ** 63 - 1     # SOCIALCAP_STATE_CREATED_NOW (INT64_MAX)

snapshot_p = c_void_p
results_p = c_void_p


class SnapshotOptions(ctypes.Structure):
    """socialcap_snapshot_options (snapshot.h), version 1."""
    c_name = "socialcap_snapshot_options"
    _fields_ = [("version", c_uint), ("time", c_int64),
                ("half_life_physical", c_int64),
                ("half_life_digital", c_int64),
                ("half_life_event", c_int64),
                ("theta", c_double),
                ("max_clique_event", c_uint32),
                ("layer_half_lives", POINTER(c_int64)),
                ("layer_half_life_count", c_uint32)]


ProgressFn = ctypes.CFUNCTYPE(c_int, c_double, c_void_p)
FUNCTION_TYPES["socialcap_progress_fn"] = ProgressFn


class IndicatorOptions(ctypes.Structure):
    """socialcap_indicator_options (indicators.h), version 2."""
    c_name = "socialcap_indicator_options"
    _fields_ = [("version", c_uint), ("families", c_uint),
                ("group_by", c_int), ("event_window", c_int64),
                ("ec_threshold", c_double),
                ("betweenness_samples", c_uint32),
                ("seed", c_uint64), ("threads", c_uint),
                ("progress", ProgressFn), ("progress_user", c_void_p),
                ("columns", c_uint32)]


class DatasetOptions(ctypes.Structure):
    """socialcap_dataset_options (dataset.h), version 1."""
    c_name = "socialcap_dataset_options"
    _fields_ = [("version", c_uint), ("allow_unknown_columns", c_int),
                ("max_field_bytes", c_size_t), ("max_record_bytes", c_size_t),
                ("max_file_bytes", c_uint64), ("max_problems", c_size_t)]


ProblemFn = ctypes.CFUNCTYPE(c_int, POINTER(Error), c_void_p)
FUNCTION_TYPES["socialcap_dataset_problem_fn"] = ProblemFn


class StateOptions(ctypes.Structure):
    """socialcap_state_options (state.h), version 1."""
    c_name = "socialcap_state_options"
    _fields_ = [("version", c_uint),
                ("network", POINTER(NetworkOptions)),
                ("max_input_bytes", c_uint64),
                ("max_nesting", c_uint),
                ("created", c_int64)]


_dblp = POINTER(c_double)

OPTIONAL["snapshot"] = [
    ("socialcap_snapshot_options_init", c_int, [POINTER(SnapshotOptions), c_uint]),
    ("socialcap_snapshot_build", c_int,
     [POINTER(snapshot_p), network_p, POINTER(SnapshotOptions)]),
    ("socialcap_snapshot_free", None, [snapshot_p]),
    # Declared for completeness; Network does not offer them, since a Python
    # Network frees its own handle and cannot hand it over.
    ("socialcap_snapshot_own_network", c_int, [snapshot_p, network_p]),
    ("socialcap_snapshot_build_owning", c_int,
     [POINTER(snapshot_p), network_p, POINTER(SnapshotOptions)]),
    ("socialcap_snapshot_options_get", c_int, [snapshot_p, POINTER(SnapshotOptions)]),
    ("socialcap_snapshot_time", c_int64, [snapshot_p]),
    ("socialcap_snapshot_timeless", c_int, [snapshot_p]),
    ("socialcap_snapshot_network", network_p, [snapshot_p]),
    ("socialcap_snapshot_actor_count", c_uint32, [snapshot_p]),
    ("socialcap_snapshot_tie_count", c_uint64, [snapshot_p]),
    ("socialcap_snapshot_degree", c_uint32, [snapshot_p, c_uint32]),
    ("socialcap_snapshot_neighbours", c_int,
     [snapshot_p, c_uint32, POINTER(_u32p), POINTER(_dblp), _u32p]),
    ("socialcap_snapshot_weight", c_double, [snapshot_p, c_uint32, c_uint32]),
    ("socialcap_snapshot_memory", c_size_t, [snapshot_p]),
]

OPTIONAL["results"] = [
    ("socialcap_results_free", None, [results_p]),
    ("socialcap_results_row_kind", c_int, [results_p]),
    ("socialcap_results_row_count", c_uint32, [results_p]),
    ("socialcap_results_column_count", c_uint32, [results_p]),
    ("socialcap_results_column_name", c_char_p, [results_p, c_uint32]),
    ("socialcap_results_find_column", c_int, [results_p, _u32p, c_char_p]),
    ("socialcap_results_row_label", c_char_p, [results_p, c_uint32]),
    ("socialcap_results_find_row", c_int, [results_p, _u32p, c_char_p]),
    ("socialcap_results_get", c_double, [results_p, c_uint32, c_uint32]),
    ("socialcap_results_value", c_int, [results_p, c_uint32, c_uint32, _dblp]),
    ("socialcap_results_column", _dblp, [results_p, c_uint32]),
    ("socialcap_results_option_count", c_uint32, [results_p]),
    ("socialcap_results_option_name", c_char_p, [results_p, c_uint32]),
    ("socialcap_results_option_value", c_double, [results_p, c_uint32]),
    ("socialcap_results_find_option", c_int, [results_p, c_char_p, _dblp]),
]

OPTIONAL["indicators"] = [
    ("socialcap_indicator_options_init", c_int, [POINTER(IndicatorOptions), c_uint]),
    ("socialcap_indicators_actors", c_int,
     [POINTER(results_p), snapshot_p, POINTER(IndicatorOptions), _errp]),
    ("socialcap_indicators_network", c_int,
     [POINTER(results_p), snapshot_p, POINTER(IndicatorOptions), _errp]),
    ("socialcap_actor_column_name", c_char_p, [c_int]),
    ("socialcap_network_column_name", c_char_p, [c_int]),
]

OPTIONAL["diversity"] = [
    ("socialcap_diversity_" + name, c_double, [_dblp, c_size_t])
    for name in ("blau", "iqv", "shannon", "hill1", "hill2", "hhi")
]

OPTIONAL["dataset"] = [
    ("socialcap_dataset_options_init", c_int, [POINTER(DatasetOptions), c_uint]),
    ("socialcap_dataset_import", c_int,
     [network_p, c_char_p, POINTER(DatasetOptions), _errp]),
    ("socialcap_dataset_validate", c_int,
     [network_p, c_char_p, POINTER(DatasetOptions), ProblemFn, c_void_p, _sizep]),
    ("socialcap_dataset_export", c_int,
     [network_p, c_char_p, POINTER(DatasetOptions), _errp]),
]

OPTIONAL["state"] = [
    ("socialcap_state_options_init", c_int, [POINTER(StateOptions), c_uint]),
    ("socialcap_state_save", c_int,
     [network_p, c_char_p, POINTER(StateOptions), _errp]),
    ("socialcap_state_load", c_int,
     [POINTER(network_p), c_char_p, POINTER(StateOptions), _errp]),
    ("socialcap_state_load_buffer", c_int,
     [POINTER(network_p), c_void_p, c_size_t, POINTER(StateOptions), _errp]),
]

AREAS_OPTIONS_VERSION = 3
series_p = c_void_p


class AreasOptions(ctypes.Structure):
    """socialcap_areas_options (areas.h), version 3 (columns: 0 = all;
    threads: 0 or 1 = the calling thread)."""
    c_name = "socialcap_areas_options"
    _fields_ = [("version", c_uint), ("areas", c_int32), ("group", c_int32),
                ("window", c_int64), ("min_cell", c_uint32),
                ("half_life_invest", c_int64), ("columns", c_uint32),
                ("threads", c_uint)]


OPTIONAL["areas"] = [
    ("socialcap_areas_options_init", c_int, [POINTER(AreasOptions), c_uint]),
    ("socialcap_areas_compute", c_int,
     [POINTER(results_p), snapshot_p, POINTER(AreasOptions)]),
    ("socialcap_areas_text", c_char_p, [results_p, c_uint32, c_uint32]),
    ("socialcap_areas_new_investors", c_int,
     [snapshot_p, POINTER(AreasOptions), c_uint32, _u32p, c_size_t, _sizep]),
    ("socialcap_area_column_name", c_char_p, [c_int]),
]

OPTIONAL["series"] = [
    ("socialcap_series_compute", c_int,
     [POINTER(series_p), network_p, POINTER(SnapshotOptions),
      POINTER(AreasOptions), _i64p, c_size_t]),
    ("socialcap_series_free", None, [series_p]),
    ("socialcap_series_count", c_size_t, [series_p]),
    ("socialcap_series_time", c_int64, [series_p, c_size_t]),
    ("socialcap_series_table", results_p, [series_p, c_size_t]),
]

JOURNAL_OPTIONS_VERSION = 1
journal_p = c_void_p


class JournalOptions(ctypes.Structure):
    """socialcap_journal_options (journal.h), version 1."""
    c_name = "socialcap_journal_options"
    _fields_ = [("version", c_uint), ("state", POINTER(StateOptions)),
                ("max_journal_bytes", c_uint64), ("sync_each_append", c_int)]


class JournalReport(ctypes.Structure):
    """socialcap_journal_report (journal.h): a plain value."""
    c_name = "socialcap_journal_report"
    _fields_ = [("replayed", c_uint64), ("next_seq", c_uint64),
                ("tail_cut", c_int), ("cut_offset", c_uint64),
                ("cut_bytes", c_uint64), ("journal_restarted", c_int)]


OPTIONAL["journal"] = [
    ("socialcap_journal_options_init", c_int, [POINTER(JournalOptions), c_uint]),
    ("socialcap_journal_create", c_int,
     [POINTER(journal_p), c_char_p, network_p, POINTER(JournalOptions), _errp]),
    ("socialcap_journal_open", c_int,
     [POINTER(journal_p), c_char_p, POINTER(JournalOptions),
      POINTER(JournalReport), _errp]),
    ("socialcap_journal_free", None, [journal_p]),
    ("socialcap_journal_network", network_p, [journal_p]),
    ("socialcap_journal_errmsg", c_char_p, [journal_p]),
    ("socialcap_journal_next_seq", c_uint64, [journal_p]),
    ("socialcap_journal_set_sector", c_int,
     [journal_p, _u32p, c_char_p, c_int, c_double]),
    ("socialcap_journal_add_actor", c_int,
     [journal_p, _u32p, c_char_p, c_int, c_char_p, c_char_p, c_double,
      POINTER(c_char_p), c_size_t]),
    ("socialcap_journal_add_tie", c_int,
     [journal_p, _u64p, c_uint32, c_uint32, c_char_p, c_double, c_int64]),
    ("socialcap_journal_record_contact", c_int,
     [journal_p, _u64p, POINTER(Contact)]),
    ("socialcap_journal_record_event", c_int,
     [journal_p, _u32p, POINTER(EventIn), POINTER(Attendance), c_size_t]),
    ("socialcap_journal_sync", c_int, [journal_p]),
    ("socialcap_journal_checkpoint", c_int, [journal_p, _errp]),
]
