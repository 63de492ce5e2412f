"""Conversions between Python values and the C types of the library."""

import ctypes
import datetime
import math
import numbers

from . import _lib
from .errors import InvalidArgumentError, class_for_status

_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)

U32_MAX = 2 ** 32 - 1
U64_MAX = 2 ** 64 - 1


def text(value, what):
    """UTF-8 bytes of @p value for a `const char *` argument.

    A NUL character would silently cut the C string short, so it is refused.
    """
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str):
        try:
            data = value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidArgumentError("%s is not valid UTF-8: %s" % (what, exc),
                                       -2, "SOCIALCAP_EINVAL") from None
    else:
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))
    if b"\0" in data:
        raise InvalidArgumentError("%s contains a NUL character" % what,
                                   -2, "SOCIALCAP_EINVAL")
    return data


def path(value, what="path"):
    """Bytes of a file system path (str, bytes or os.PathLike)."""
    import os
    data = os.fsencode(value)
    if b"\0" in data:
        raise InvalidArgumentError("%s contains a NUL character" % what,
                                   -2, "SOCIALCAP_EINVAL")
    return data


def string(ptr):
    """Python str of a borrowed C string (bytes from a c_char_p restype)."""
    return None if ptr is None else ptr.decode("utf-8")


def integer(value, what, low, high):
    """@p value as a Python int in [low, high]; ctypes would wrap silently."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError("%s must be an integer, not %s"
                        % (what, type(value).__name__))
    value = int(value)
    if not low <= value <= high:
        raise InvalidArgumentError("%s %d is out of range [%d, %d]"
                                   % (what, value, low, high),
                                   -2, "SOCIALCAP_EINVAL")
    return value


def u32(value, what):
    return integer(value, what, 0, U32_MAX)


def u64(value, what):
    return integer(value, what, 0, U64_MAX)


def number(value, what, none_is_nan=False):
    """A float for a `double` argument (None -> NaN when allowed)."""
    if value is None and none_is_nan:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %s"
                        % (what, type(value).__name__))
    return float(value)


def optional_number(value):
    """NaN (the library's "unknown") becomes None."""
    return None if math.isnan(value) else value


def check(status, lib=None):
    """Raise the exception of @p status with the library's text (no handle)."""
    if status != 0:
        lib = lib or _lib.load()
        raise class_for_status(status)(
            _lib_text(lib.socialcap_strerror(status)), status,
            _lib_text(lib.socialcap_error_name(status)))


def _lib_text(ptr):
    return ptr.decode("utf-8", "replace") if ptr is not None else ""


def raise_from_error(status, err, lib):
    """Raise for a call that filled a socialcap_error struct."""
    message = _lib_text(err.message) or _lib_text(lib.socialcap_strerror(status))
    raise class_for_status(status)(
        message, status, _lib_text(lib.socialcap_error_name(status)),
        file=_lib_text(err.file) or None,
        line=err.line or None, column=err.column or None,
        offset=err.offset or None, field=_lib_text(err.field) or None)


def error_from_struct(err, lib):
    """An exception object (not raised) describing a filled socialcap_error,
    for validation problems reported one by one."""
    try:
        raise_from_error(err.status, err, lib)
    except Exception as exc:  # noqa: BLE001 - the object is the result
        return exc


# ------------------------------------------------------------------ time

def to_time(value, what="time", lib=None):
    """Seconds since the epoch (UTC) for a time given as an int (seconds),
    a datetime (naive means UTC), a date (midnight UTC) or an ISO 8601
    string (parsed by the library, with its rules)."""
    if isinstance(value, bool):
        raise TypeError("%s must be a time, not bool" % what)
    if isinstance(value, numbers.Integral):
        return integer(value, what, -(2 ** 63) + 1, 2 ** 63 - 1)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_UTC)
        delta = value - _EPOCH
        return delta.days * 86400 + delta.seconds
    if isinstance(value, datetime.date):
        return (value - _EPOCH.date()).days * 86400
    if isinstance(value, str):
        lib = lib or _lib.load()
        out = ctypes.c_int64()
        status = lib.socialcap_time_parse(ctypes.byref(out), text(value, what))
        if status != 0:
            raise class_for_status(status)(
                "%s %r is not an ISO 8601 date or date-time" % (what, value),
                status, _lib_text(lib.socialcap_error_name(status)), field=what)
        return out.value
    raise TypeError("%s must be seconds (int), datetime, date or an ISO 8601 "
                    "string, not %s" % (what, type(value).__name__))


def to_optional_time(value, what="time", lib=None):
    return _lib.TIME_NONE if value is None else to_time(value, what, lib)


def from_optional_time(value):
    return None if value == _lib.TIME_NONE else value


def to_duration(value, what="duration", lib=None):
    """Seconds for a duration: int seconds, datetime.timedelta, or the
    library's duration text ("180d", "26w", "6m", ...)."""
    if isinstance(value, bool):
        raise TypeError("%s must be a duration, not bool" % what)
    if isinstance(value, numbers.Integral):
        return integer(value, what, 0, 2 ** 63 - 1)
    if isinstance(value, datetime.timedelta):
        seconds = value.days * 86400 + value.seconds
        if value.microseconds:
            raise InvalidArgumentError("%s must be whole seconds" % what,
                                       -2, "SOCIALCAP_EINVAL")
        return integer(seconds, what, 0, 2 ** 63 - 1)
    if isinstance(value, str):
        lib = lib or _lib.load()
        out = ctypes.c_int64()
        status = lib.socialcap_duration_parse(ctypes.byref(out), text(value, what))
        if status != 0:
            raise class_for_status(status)(
                "%s %r is not a duration like 180d, 26w or 6m" % (what, value),
                status, _lib_text(lib.socialcap_error_name(status)), field=what)
        return out.value
    raise TypeError("%s must be seconds (int), timedelta or a text like "
                    "'180d', not %s" % (what, type(value).__name__))


def format_time(seconds, date_only=False):
    """`YYYY-MM-DDTHH:MM:SSZ` (or `YYYY-MM-DD`) of @p seconds, by the library."""
    lib = _lib.load()
    seconds = integer(seconds, "time", -(2 ** 63), 2 ** 63 - 1)
    buf = ctypes.create_string_buffer(_lib.TIME_TEXT_SIZE)
    fn = lib.socialcap_date_format if date_only else lib.socialcap_time_format
    check(fn(buf, len(buf), seconds), lib)
    return buf.value.decode("ascii")


def parse_time(value):
    """Seconds since the epoch of an ISO 8601 text (the library's parser)."""
    return to_time(value, "time")


def parse_duration(value):
    """Seconds of a duration text such as "180d" (the library's parser)."""
    return to_duration(value, "duration")


def to_datetime(seconds):
    """An aware UTC datetime for @p seconds (None stays None)."""
    if seconds is None:
        return None
    return _EPOCH + datetime.timedelta(seconds=seconds)
