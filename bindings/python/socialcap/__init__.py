"""Python bindings of libsocialcap, through its C ABI (ctypes only).

>>> import socialcap
>>> with socialcap.Network() as net:
...     net.add_actor("anna", sector="residents", neighbourhood="Centrum")
0

The shared library is found through the ``SOCIALCAP_LIBRARY`` environment
variable, next to this package, or on the system library path (see
``socialcap._lib``).
"""

from . import _lib
from ._convert import (format_time, parse_duration, parse_time, to_datetime)
from .errors import *  # noqa: F401,F403 - the exception hierarchy
from .errors import __all__ as _errors_all
from .network import Network
from .results import RowKind, Table
from .snapshot import Snapshot, actor_column_names, network_column_names
from .areas import Series, area_column_names
from .journal import Journal, JournaledNetwork, JournalReport
from . import diversity
from .io import validate_dataset
from .records import (Actor, ActorKind, Attendee, Channel, Contact, Event,
                      Neighbourhood, Role, Sector, Tie, asdict)

__version__ = "0.1.0"

TIME_NONE = _lib.TIME_NONE
NO_INDEX = _lib.NO_INDEX


def library_path():
    """File name of the loaded libsocialcap."""
    return _lib.load().path


def version():
    """Version string of the loaded library, e.g. "0.1.0"."""
    return _lib.load().socialcap_version_string().decode("ascii")


def version_number():
    """MAJOR * 1000000 + MINOR * 1000 + PATCH of the loaded library."""
    return _lib.load().socialcap_version_number()


def error_name(status):
    """Symbolic name of a status code, e.g. "SOCIALCAP_EINVAL"."""
    return _lib.load().socialcap_error_name(int(status)).decode("ascii")


def strerror(status):
    """One-line description of a status code."""
    return _lib.load().socialcap_strerror(int(status)).decode("utf-8")


__all__ = [
    "Network", "Snapshot", "actor_column_names", "network_column_names",
    "area_column_names", "Series", "Journal", "JournaledNetwork",
    "JournalReport", "Table", "RowKind", "diversity", "validate_dataset", "Actor", "ActorKind", "Attendee", "Channel", "Contact",
    "Event", "Neighbourhood", "Role", "Sector", "Tie", "asdict",
    "format_time", "parse_time", "parse_duration", "to_datetime",
    "library_path", "version", "version_number", "error_name", "strerror",
    "TIME_NONE", "NO_INDEX",
] + list(_errors_all)
