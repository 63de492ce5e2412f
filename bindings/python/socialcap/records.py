"""Enumerations and the plain records returned by :class:`Network`.

Records are frozen dataclasses: copies of what the network held when they
were read, safe to keep after the network is closed.
"""

import dataclasses
import enum
from typing import Optional, Tuple


class ActorKind(enum.IntEnum):
    """socialcap_actor_kind."""
    RESIDENT = 0
    PROFESSIONAL = 1
    ORGANISATION = 2


class Channel(enum.IntEnum):
    """socialcap_channel: how a contact or event took place."""
    PHYSICAL = 0
    DIGITAL = 1


class Role(enum.IntEnum):
    """socialcap_role: the part an actor played in an event."""
    ORGANISER = 0
    PARTICIPANT = 1


def to_enum(cls, value, what):
    """An enum member from a member, its int value or its name (any case)."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        try:
            return cls[value.upper().replace("-", "_")]
        except KeyError:
            pass
        names = ", ".join(m.name.lower() for m in cls)
        raise ValueError("%s %r is not one of %s" % (what, value, names))
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return cls(value)
        except ValueError:
            pass
    raise ValueError("%s %r is not a %s" % (what, value, cls.__name__))


@dataclasses.dataclass(frozen=True)
class Sector:
    index: int
    label: str
    tier: int
    prestige: Optional[float]   # None when unknown

    @property
    def is_institutional(self):
        return self.tier > 0


@dataclasses.dataclass(frozen=True)
class Neighbourhood:
    index: int
    code: str
    actor_count: int
    resident_count: int


@dataclasses.dataclass(frozen=True)
class Actor:
    index: int
    id: str
    kind: ActorKind
    sector: str
    neighbourhood: str
    status: Optional[float]     # None when unknown
    groups: Tuple[str, ...]
    is_institution: bool


@dataclasses.dataclass(frozen=True)
class Tie:
    index: int
    a: int                      # actor index, the smaller one
    b: int
    a_id: str
    b_id: str
    layer: str
    weight: float
    since: Optional[int]        # seconds since the epoch, or None


@dataclasses.dataclass(frozen=True)
class Contact:
    index: int
    time: int                   # seconds since the epoch, UTC
    a: int
    b: int
    a_id: str
    b_id: str
    channel: Channel
    weight: float
    cost: float


@dataclasses.dataclass(frozen=True)
class Attendee:
    actor: int
    actor_id: str
    role: Role


@dataclasses.dataclass(frozen=True)
class Event:
    index: int
    id: str
    time: int
    neighbourhood: str
    kind: str
    channel: Channel
    cost: float
    attendees: Tuple[Attendee, ...]


def asdict(record):
    """A plain dict of a record (enums as their lower-case names)."""
    out = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, enum.Enum):
            value = value.name.lower()
        elif isinstance(value, tuple):
            value = [asdict(v) if dataclasses.is_dataclass(v) else v
                     for v in value]
        out[field.name] = value
    return out
