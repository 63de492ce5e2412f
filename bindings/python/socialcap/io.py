"""Dataset folders (socialcap/dataset.h) and state files (socialcap/state.h)."""

import ctypes
from ctypes import byref, c_size_t, c_void_p

from . import _convert as cv
from . import _lib

_DATASET_OPTIONS = ("allow_unknown_columns", "max_field_bytes",
                    "max_record_bytes", "max_file_bytes", "max_problems")


def dataset_options(lib, options):
    unknown = set(options) - set(_DATASET_OPTIONS)
    if unknown:
        raise TypeError("unknown dataset option(s): %s" % ", ".join(sorted(unknown)))
    opts = _lib.DatasetOptions()
    cv.check(lib.socialcap_dataset_options_init(
        byref(opts), _lib.DATASET_OPTIONS_VERSION), lib)
    size_max = 2 ** (8 * ctypes.sizeof(c_size_t)) - 1
    for name, value in options.items():
        if value is None:
            continue
        if name == "allow_unknown_columns":
            opts.allow_unknown_columns = 1 if value else 0
        elif name == "max_file_bytes":
            opts.max_file_bytes = cv.u64(value, name)
        else:
            setattr(opts, name, cv.integer(value, name, 0, size_max))
    return opts


def import_dataset(net, directory, **options):
    lib = net._lib
    lib.require("dataset")
    opts = dataset_options(lib, options)
    err = _lib.Error()
    status = lib.socialcap_dataset_import(net._handle(), cv.path(directory),
                                          byref(opts), byref(err))
    if status != 0:
        cv.raise_from_error(status, err, lib)


def export_dataset(net, directory):
    lib = net._lib
    lib.require("dataset")
    err = _lib.Error()
    status = lib.socialcap_dataset_export(net._handle(), cv.path(directory),
                                          None, byref(err))
    if status != 0:
        cv.raise_from_error(status, err, lib)


def validate_dataset(directory, network=None, **options):
    """Check a dataset folder without importing it.

    Returns the list of problems found, each a SocialcapError subclass
    instance (not raised) with the library's message, file, line, column,
    offset and field; an empty list means the folder would import into
    @p network (or an empty network). At most ``max_problems`` (default
    1000) are reported.
    """
    lib = _lib.load()
    lib.require("dataset")
    opts = dataset_options(lib, options)
    problems = []
    failure = []

    def collect(problem, _user):
        try:
            problems.append(cv.error_from_struct(problem.contents, lib))
            return 0
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            failure.append(exc)
            return 1

    callback = _lib.ProblemFn(collect)
    count = c_size_t()
    net_ptr = network._handle() if network is not None else None
    status = lib.socialcap_dataset_validate(net_ptr, cv.path(directory),
                                            byref(opts), callback, None,
                                            byref(count))
    if failure:
        raise failure[0]
    if status not in (0, -8):  # SOCIALCAP_EFORMAT: problems were found
        cv.check(status, lib)
    return problems


# ------------------------------------------------------------ state files

def state_options(lib, created=None, network_options=None, max_input_bytes=None,
                  max_nesting=None):
    opts = _lib.StateOptions()
    cv.check(lib.socialcap_state_options_init(
        byref(opts), _lib.STATE_OPTIONS_VERSION), lib)
    if created is not None:
        opts.created = _lib.TIME_NONE if created is False else \
            cv.to_time(created, "created", lib)
    if network_options is not None:
        opts.network = ctypes.pointer(network_options)
    if max_input_bytes is not None:
        opts.max_input_bytes = cv.u64(max_input_bytes, "max_input_bytes")
    if max_nesting is not None:
        opts.max_nesting = cv.integer(max_nesting, "max_nesting", 0, 2 ** 32 - 1)
    return opts


def save_state(net, path, created=None):
    lib = net._lib
    lib.require("state")
    opts = state_options(lib, created=created)
    err = _lib.Error()
    status = lib.socialcap_state_save(net._handle(), cv.path(path), byref(opts),
                                      byref(err))
    if status != 0:
        cv.raise_from_error(status, err, lib)


def load_state(cls, path=None, data=None, max_input_bytes=None,
               max_nesting=None, **limits):
    from .network import network_options
    lib = _lib.load()
    lib.require("state")
    netopts = network_options(lib, limits)
    opts = state_options(lib, network_options=netopts,
                         max_input_bytes=max_input_bytes, max_nesting=max_nesting)
    err = _lib.Error()
    out = c_void_p()
    if data is None:
        status = lib.socialcap_state_load(byref(out), cv.path(path), byref(opts),
                                          byref(err))
    else:
        data = bytes(data)
        status = lib.socialcap_state_load_buffer(byref(out), data, len(data),
                                                 byref(opts), byref(err))
    if status != 0:
        cv.raise_from_error(status, err, lib)
    return cls._from_pointer(lib, out)
