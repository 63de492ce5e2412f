"""Exceptions raised for the library's status codes.

Every failing C call becomes a :class:`SocialcapError` subclass chosen by its
status code. The exception carries the library's own one-line message (from
``socialcap_network_errmsg()`` or the ``socialcap_error`` struct a parser
filled) and, where the library gives them, the file, line, column, byte
offset and field of the problem.

Subclasses also derive from the closest built-in exception, so that
``except ValueError`` or ``except MemoryError`` work as a Python user
expects.
"""

__all__ = [
    "SocialcapError", "OutOfMemoryError", "InvalidArgumentError",
    "NotFoundError", "AlreadyExistsError", "OutOfRangeError", "ParseError",
    "SocialcapIOError", "FormatError", "LimitError", "CanceledError",
    "VersionError", "UnavailableError", "ClosedError",
]


class SocialcapError(Exception):
    """A libsocialcap call failed.

    Attributes: ``status`` (the negative status code), ``name`` (e.g.
    ``"SOCIALCAP_EINVAL"``), ``message`` (the library's message), and
    ``file``, ``line``, ``column``, ``offset``, ``field`` (``None`` when the
    library did not give them).
    """

    status = None

    def __init__(self, message, status=None, name=None, file=None, line=None,
                 column=None, offset=None, field=None):
        Exception.__init__(self, message)
        if status is not None:
            self.status = status
        self.name = name
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
        self.field = field

    def __str__(self):
        return self.message

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.status, self.name,
                           self.file, self.line, self.column, self.offset,
                           self.field))


def _rebuild(cls, *args):
    return cls(*args)


class OutOfMemoryError(SocialcapError, MemoryError):
    status = -1


class InvalidArgumentError(SocialcapError, ValueError):
    status = -2


class NotFoundError(SocialcapError, LookupError):
    status = -3


class AlreadyExistsError(SocialcapError, ValueError):
    status = -4


class OutOfRangeError(SocialcapError, ValueError):
    status = -5


class ParseError(SocialcapError, ValueError):
    status = -6


class SocialcapIOError(SocialcapError, OSError):
    status = -7

    def __init__(self, *args, **kwargs):
        # OSError.__init__ would reinterpret the arguments as (errno, text).
        SocialcapError.__init__(self, *args, **kwargs)


class FormatError(SocialcapError, ValueError):
    status = -8


class LimitError(SocialcapError):
    status = -9


class CanceledError(SocialcapError):
    status = -10


class VersionError(SocialcapError):
    status = -11


class UnavailableError(SocialcapError, NotImplementedError):
    """The loaded library lacks the functions this object needs (a build
    older than the binding)."""


class ClosedError(SocialcapError, ValueError):
    """An operation on a closed handle."""


_BY_STATUS = {cls.status: cls for cls in (
    OutOfMemoryError, InvalidArgumentError, NotFoundError, AlreadyExistsError,
    OutOfRangeError, ParseError, SocialcapIOError, FormatError, LimitError,
    CanceledError, VersionError)}


def class_for_status(status):
    """The exception class for a status code (SocialcapError if unknown)."""
    return _BY_STATUS.get(status, SocialcapError)
