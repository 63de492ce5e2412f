"""The Network object: actors, sectors, declared ties and the ledger."""

import ctypes
from ctypes import byref, c_size_t, c_uint32, c_uint64, c_void_p

from . import _convert as cv
from . import _lib
from ._handle import Handle
from .errors import NotFoundError, class_for_status
from .records import (Actor, ActorKind, Attendee, Channel, Contact, Event,
                      Neighbourhood, Role, Sector, Tie, to_enum)

_LIMITS = ("max_id_bytes", "max_label_bytes", "max_actors", "max_ties",
           "max_records")


def network_options(lib, limits):
    """A socialcap_network_options with the library's defaults and @p limits,
    or None when no limit is given (the library then uses its defaults)."""
    given = {k: v for k, v in limits.items() if v is not None}
    unknown = set(given) - set(_LIMITS)
    if unknown:
        raise TypeError("unknown network option(s): %s" % ", ".join(sorted(unknown)))
    if not given:
        return None
    opts = _lib.NetworkOptions()
    cv.check(lib.socialcap_network_options_init(byref(opts),
                                                _lib.NETWORK_OPTIONS_VERSION), lib)
    for name, value in given.items():
        high = cv.U32_MAX if name == "max_actors" else (
            cv.U64_MAX if name.startswith("max_t") or name == "max_records"
            else 2 ** (8 * ctypes.sizeof(c_size_t)) - 1)
        setattr(opts, name, cv.integer(value, name, 0, high))
    return opts


class Network(Handle):
    """A neighbourhood network and its investment ledger
    (``socialcap_network``).

    Create it empty with ``Network()`` (optionally with limits:
    ``max_id_bytes``, ``max_label_bytes``, ``max_actors``, ``max_ties``,
    ``max_records``), or read one with :meth:`load`. Close it with
    :meth:`close` or a ``with`` block; snapshots and tables computed from it
    are closed with it.

    Actors can be referred to by index (int) or external id (str). Times are
    seconds since the epoch (int), ``datetime`` (naive means UTC), ``date``
    or ISO 8601 strings; times read back are int seconds.

    A failed call raises a :class:`~socialcap.errors.SocialcapError`
    subclass with the library's message and leaves the network unchanged.
    Like the C object, a network is not locked: share it between threads
    only for reading.
    """

    _what = "network"

    def __init__(self, **limits):
        self._lib = lib = _lib.load()
        opts = network_options(lib, limits)
        ptr = c_void_p()
        status = lib.socialcap_network_new(byref(ptr), byref(opts) if opts else None)
        if status != 0:
            cv.check(status, lib)
        self._adopt(ptr, lib.socialcap_network_free)

    @classmethod
    def _from_pointer(cls, lib, ptr):
        self = cls.__new__(cls)
        self._lib = lib
        self._adopt(ptr, lib.socialcap_network_free)
        return self

    def _fail(self, status, ptr=None):
        """Raise for @p status with the network's message."""
        ptr = ptr if ptr is not None else self._handle()
        message = cv.string(self._lib.socialcap_network_errmsg(ptr)) or \
            cv.string(self._lib.socialcap_strerror(status))
        raise class_for_status(status)(
            message, status, cv.string(self._lib.socialcap_error_name(status)))

    def _call(self, fn, *args):
        ptr = self._handle()
        status = fn(ptr, *args)
        if status != 0:
            self._fail(status, ptr)

    def _write(self, name, *args):
        """Apply a recording call (set_sector, add_actor, add_tie,
        record_contact, record_event): here on the network itself; a
        journalled network sends it through its journal instead."""
        self._call(getattr(self._lib, "socialcap_network_" + name), *args)

    def __repr__(self):
        if self.closed:
            return "<socialcap.Network (closed)>"
        return ("<socialcap.Network: %d actors, %d ties, %d contacts, %d events>"
                % (self.actor_count, self.tie_count, self.contact_count,
                   self.event_count))

    # ------------------------------------------------------------- general

    @property
    def errmsg(self):
        """Message of the last failed call on this network ("" if none)."""
        return cv.string(self._lib.socialcap_network_errmsg(self._handle()))

    @property
    def memory(self):
        """Bytes the network has allocated (socialcap_network_memory)."""
        return self._lib.socialcap_network_memory(self._handle())

    def reserve(self, actors=0, ties=0):
        """Make room for @p actors actors and @p ties ties."""
        self._call(self._lib.socialcap_network_reserve,
                   cv.u32(actors, "actors"), cv.u64(ties, "ties"))

    # ------------------------------------------------------------- sectors

    def set_sector(self, label, tier=0, prestige=None):
        """Define a sector or update its tier and prestige; returns its
        index. An actor of a sector with tier > 0 is an institution."""
        out = c_uint32()
        tier = cv.integer(tier, "tier", -(2 ** 31), 2 ** 31 - 1)
        self._write("set_sector", byref(out),
                   cv.text(label, "sector label"), tier,
                   cv.number(prestige, "prestige", none_is_nan=True))
        return out.value

    add_sector = set_sector

    @property
    def sector_count(self):
        return self._lib.socialcap_network_sector_count(self._handle())

    def find_sector(self, label):
        """Index of the sector called @p label (NotFoundError if none)."""
        return self._find(self._lib.socialcap_network_find_sector, label, "sector")

    def sector(self, ref):
        """The Sector at index @p ref or with label @p ref."""
        ptr = self._handle()
        i = self.find_sector(ref) if isinstance(ref, str) else \
            self._index(ref, self.sector_count, "sector")
        lib = self._lib
        return Sector(i, cv.string(lib.socialcap_network_sector_label(ptr, i)),
                      lib.socialcap_network_sector_tier(ptr, i),
                      cv.optional_number(lib.socialcap_network_sector_prestige(ptr, i)))

    def sectors(self):
        """All sectors, in index order."""
        return [self.sector(i) for i in range(self.sector_count)]

    # ------------------------------------------------------ neighbourhoods

    @property
    def neighbourhood_count(self):
        return self._lib.socialcap_network_neighbourhood_count(self._handle())

    def find_neighbourhood(self, code):
        return self._find(self._lib.socialcap_network_find_neighbourhood,
                          code, "neighbourhood")

    def neighbourhood(self, ref):
        """The Neighbourhood at index @p ref or with code @p ref."""
        ptr = self._handle()
        i = self._nbh(ref)
        self._index(i, self.neighbourhood_count, "neighbourhood")
        lib = self._lib
        return Neighbourhood(
            i, cv.string(lib.socialcap_network_neighbourhood_label(ptr, i)),
            lib.socialcap_network_neighbourhood_actor_count(ptr, i),
            lib.socialcap_network_neighbourhood_resident_count(ptr, i))

    def neighbourhoods(self):
        return [self.neighbourhood(i) for i in range(self.neighbourhood_count)]

    # ------------------------------------------------------ groups, layers

    def groups(self):
        """All group labels, in index order."""
        ptr = self._handle()
        lib = self._lib
        return [cv.string(lib.socialcap_network_group_label(ptr, i))
                for i in range(lib.socialcap_network_group_count(ptr))]

    def layers(self):
        """All tie layer labels, in index order (the five predefined first)."""
        ptr = self._handle()
        lib = self._lib
        return [cv.string(lib.socialcap_network_layer_label(ptr, i))
                for i in range(lib.socialcap_network_layer_count(ptr))]

    def find_layer(self, label):
        return self._find(self._lib.socialcap_network_find_layer, label, "layer")

    def event_kinds(self):
        """All event-kind labels, in index order."""
        ptr = self._handle()
        lib = self._lib
        return [cv.string(lib.socialcap_network_event_kind_label(ptr, i))
                for i in range(lib.socialcap_network_event_kind_count(ptr))]

    # -------------------------------------------------------------- actors

    def add_actor(self, id, kind=ActorKind.RESIDENT, *, sector, neighbourhood,
                  status=None, groups=()):
        """Add an actor and return its index.

        @p kind is an ActorKind or its name ("resident", "professional",
        "organisation"); @p status a percentile in [0, 1] or None.
        """
        kind = to_enum(ActorKind, kind, "kind")
        labels = [cv.text(g, "group label") for g in groups]
        array = (ctypes.c_char_p * max(len(labels), 1))(*labels)
        out = c_uint32()
        self._write("add_actor", byref(out),
                   cv.text(id, "actor id"), int(kind),
                   cv.text(sector, "sector label"),
                   cv.text(neighbourhood, "neighbourhood code"),
                   cv.number(status, "status", none_is_nan=True),
                   array if labels else None, len(labels))
        return out.value

    @property
    def actor_count(self):
        return self._lib.socialcap_network_actor_count(self._handle())

    def __len__(self):
        """Number of actors."""
        return self.actor_count

    def find_actor(self, id):
        """Index of the actor with external id @p id (NotFoundError if none)."""
        return self._find(self._lib.socialcap_network_find_actor, id, "actor")

    def actor_index(self, ref):
        """Index of an actor given by index (checked) or external id."""
        if isinstance(ref, str):
            return self.find_actor(ref)
        return self._index(ref, self.actor_count, "actor")

    def actor_id(self, index):
        ptr = self._handle()
        i = self._index(index, self.actor_count, "actor")
        return cv.string(self._lib.socialcap_network_actor_id(ptr, i))

    def actor(self, ref):
        """The Actor at index @p ref or with id @p ref."""
        ptr = self._handle()
        i = self.actor_index(ref)
        lib = self._lib
        sector = lib.socialcap_network_actor_sector(ptr, i)
        nbh = lib.socialcap_network_actor_neighbourhood(ptr, i)
        groups = tuple(
            cv.string(lib.socialcap_network_group_label(
                ptr, lib.socialcap_network_actor_group(ptr, i, k)))
            for k in range(lib.socialcap_network_actor_group_count(ptr, i)))
        return Actor(i, cv.string(lib.socialcap_network_actor_id(ptr, i)),
                     ActorKind(lib.socialcap_network_actor_kind(ptr, i)),
                     cv.string(lib.socialcap_network_sector_label(ptr, sector)),
                     cv.string(lib.socialcap_network_neighbourhood_label(ptr, nbh)),
                     cv.optional_number(lib.socialcap_network_actor_status(ptr, i)),
                     groups,
                     bool(lib.socialcap_network_actor_is_institution(ptr, i)))

    def actors(self):
        """All actors, in index order (a generator)."""
        for i in range(self.actor_count):
            yield self.actor(i)

    # ---------------------------------------------------------------- ties

    def add_tie(self, a, b, layer, weight=1.0, since=None):
        """Declare (or strengthen) the tie a-b in @p layer; returns its index."""
        out = c_uint64()
        self._write("add_tie", byref(out),
                   self._actor_ref(a), self._actor_ref(b),
                   cv.text(layer, "layer label"), cv.number(weight, "weight"),
                   cv.to_optional_time(since, "since", self._lib))
        return out.value

    @property
    def tie_count(self):
        return self._lib.socialcap_network_tie_count(self._handle())

    @property
    def timeless(self):
        """True when a snapshot would be the same at every time: no tie
        time, no contacts, no events (a snapshot built now says the same
        through Snapshot.timeless until an actor is added)."""
        return self._lib.socialcap_network_timeless(self._handle()) == 1

    def tie(self, index):
        """The Tie with index @p index (in order first declared)."""
        ptr = self._handle()
        raw = _lib.Tie()
        self._call(self._lib.socialcap_network_tie, cv.u64(index, "tie index"),
                   byref(raw))
        lib = self._lib
        return Tie(index, raw.a, raw.b,
                   cv.string(lib.socialcap_network_actor_id(ptr, raw.a)),
                   cv.string(lib.socialcap_network_actor_id(ptr, raw.b)),
                   cv.string(lib.socialcap_network_layer_label(ptr, raw.layer)),
                   raw.weight, cv.from_optional_time(raw.since))

    def ties(self):
        for i in range(self.tie_count):
            yield self.tie(i)

    def find_tie(self, a, b, layer):
        """Index of the tie (a, b, layer) (NotFoundError if none)."""
        out = c_uint64()
        layer_index = self.find_layer(layer) if isinstance(layer, str) else \
            cv.u32(layer, "layer index")
        self._call(self._lib.socialcap_network_find_tie, byref(out),
                   self._actor_ref(a), self._actor_ref(b), layer_index)
        return out.value

    # ------------------------------------------------------------ contacts

    def record_contact(self, time, a, b, channel=Channel.PHYSICAL, weight=1.0,
                       cost=0.0):
        """Record a contact between actors @p a and @p b; returns its index."""
        rec = _lib.Contact(cv.to_time(time, "time", self._lib),
                           self._actor_ref(a), self._actor_ref(b),
                           int(to_enum(Channel, channel, "channel")),
                           cv.number(weight, "weight"), cv.number(cost, "cost"))
        out = c_uint64()
        self._write("record_contact", byref(out),
                   byref(rec))
        return out.value

    @property
    def contact_count(self):
        return self._lib.socialcap_network_contact_count(self._handle())

    def contact(self, index):
        ptr = self._handle()
        raw = _lib.Contact()
        self._call(self._lib.socialcap_network_contact,
                   cv.u64(index, "contact index"), byref(raw))
        lib = self._lib
        return Contact(index, raw.time, raw.a, raw.b,
                       cv.string(lib.socialcap_network_actor_id(ptr, raw.a)),
                       cv.string(lib.socialcap_network_actor_id(ptr, raw.b)),
                       Channel(raw.channel), raw.weight, raw.cost)

    def contacts(self):
        for i in range(self.contact_count):
            yield self.contact(i)

    # -------------------------------------------------------------- events

    def record_event(self, id, time, neighbourhood, kind, *, organisers=(),
                     participants=(), channel=Channel.PHYSICAL, cost=0.0):
        """Record an event with its organisers and participants (actor
        indices or ids); returns its index. Nothing is recorded when any
        part is rejected."""
        rows = [(self._actor_ref(a), Role.ORGANISER) for a in organisers]
        rows += [(self._actor_ref(a), Role.PARTICIPANT) for a in participants]
        attendees = (_lib.Attendance * max(len(rows), 1))(
            *[_lib.Attendance(a, int(r)) for a, r in rows])
        event = _lib.EventIn(cv.text(id, "event id"),
                             cv.to_time(time, "time", self._lib),
                             cv.text(neighbourhood, "neighbourhood code"),
                             cv.text(kind, "event kind"),
                             int(to_enum(Channel, channel, "channel")),
                             cv.number(cost, "cost"))
        out = c_uint32()
        self._write("record_event", byref(out),
                   byref(event), attendees, len(rows))
        return out.value

    @property
    def event_count(self):
        return self._lib.socialcap_network_event_count(self._handle())

    @property
    def attendance_count(self):
        return self._lib.socialcap_network_attendance_count(self._handle())

    def find_event(self, id):
        return self._find(self._lib.socialcap_network_find_event, id, "event")

    def event(self, ref):
        """The Event at index @p ref or with id @p ref."""
        ptr = self._handle()
        i = self.find_event(ref) if isinstance(ref, str) else \
            cv.u32(ref, "event index")
        lib = self._lib
        info = _lib.EventInfo()
        self._call(lib.socialcap_network_event, i, byref(info))
        attendees = []
        row = _lib.Attendance()
        for k in range(info.attendee_count):
            self._call(lib.socialcap_network_event_attendee, i, k, byref(row))
            attendees.append(Attendee(
                row.actor, cv.string(lib.socialcap_network_actor_id(ptr, row.actor)),
                Role(row.role)))
        return Event(i, cv.string(info.id), info.time,
                     cv.string(lib.socialcap_network_neighbourhood_label(
                         ptr, info.neighbourhood)),
                     cv.string(lib.socialcap_network_event_kind_label(ptr, info.kind)),
                     Channel(info.channel), info.cost, tuple(attendees))

    def events(self):
        for i in range(self.event_count):
            yield self.event(i)

    # ---------------------------------------------------------- selections

    def _query(self, after, until, neighbourhood, actor):
        q = _lib.LedgerQuery()
        cv.check(self._lib.socialcap_ledger_query_init(
            byref(q), _lib.LEDGER_QUERY_VERSION), self._lib)
        q.from_ = cv.to_optional_time(after, "after", self._lib)
        q.to = cv.to_optional_time(until, "until", self._lib)
        if neighbourhood is not None:
            q.neighbourhood = self._nbh(neighbourhood)
        if actor is not None:
            q.actor = self._actor_ref(actor)
        return q

    def _select(self, fn, ctype, query):
        # Count first, then fill; repeat if the ledger grew in between.
        ptr = self._handle()
        total = c_size_t()
        capacity = 0
        buf = None
        while True:
            status = fn(ptr, byref(query), buf, capacity, byref(total))
            if status != 0:
                self._fail(status, ptr)
            if total.value <= capacity:
                return list(buf[:total.value]) if buf is not None else []
            capacity = total.value
            buf = (ctype * capacity)()

    def select_contact_indices(self, after=None, until=None, neighbourhood=None,
                               actor=None):
        """Indices of the contacts with time in (after, until] (None: open)
        concerning @p neighbourhood and @p actor (None: any), by time."""
        return self._select(self._lib.socialcap_network_select_contacts,
                            c_uint64,
                            self._query(after, until, neighbourhood, actor))

    def select_contacts(self, after=None, until=None, neighbourhood=None,
                        actor=None):
        """The matching Contact records (see select_contact_indices)."""
        return [self.contact(i) for i in self.select_contact_indices(
            after, until, neighbourhood, actor)]

    def select_event_indices(self, after=None, until=None, neighbourhood=None,
                             actor=None):
        """Indices of the events with time in (after, until] held in
        @p neighbourhood and attended by @p actor (None: any), by time."""
        return self._select(self._lib.socialcap_network_select_events,
                            c_uint32,
                            self._query(after, until, neighbourhood, actor))

    def select_events(self, after=None, until=None, neighbourhood=None,
                      actor=None):
        return [self.event(i) for i in self.select_event_indices(
            after, until, neighbourhood, actor)]

    # ------------------------------------------------------ files on disk

    def import_dataset(self, directory, **options):
        """Import a dataset folder of CSV files (docs/dataset.md), all or
        nothing. Options: ``allow_unknown_columns``, ``max_field_bytes``,
        ``max_record_bytes``, ``max_file_bytes``. A problem raises with the
        file, line, column and field where it was found."""
        from . import io
        io.import_dataset(self, directory, **options)

    def export_dataset(self, directory):
        """Write the network as a dataset folder (files mode 0600)."""
        from . import io
        io.export_dataset(self, directory)

    def save(self, path, created=None):
        """Write the network to a state file, atomically. @p created is the
        time written to the header (None: now; False: none; a fixed time
        makes the bytes depend on the network only)."""
        from . import io
        io.save_state(self, path, created)

    @classmethod
    def load(cls, path, *, max_input_bytes=None, max_nesting=None, **limits):
        """A new network read from the state file @p path; @p limits as
        for Network()."""
        from . import io
        return io.load_state(cls, path, None, max_input_bytes, max_nesting,
                             **limits)

    @classmethod
    def from_bytes(cls, data, *, max_input_bytes=None, max_nesting=None,
                   **limits):
        """A new network read from the bytes of a state file."""
        from . import io
        return io.load_state(cls, None, data, max_input_bytes, max_nesting,
                             **limits)

    # ----------------------------------------------------------- snapshots

    def snapshot(self, time=None, **options):
        """The network of active ties at @p time (None: the latest time
        recorded), as a :class:`socialcap.Snapshot`.

        Options (None keeps the library's default): ``half_life_physical``,
        ``half_life_digital``, ``half_life_event`` (durations: int seconds,
        timedelta or text like "180d"; 0 = no decay), ``theta`` (threshold
        of an active tie), ``max_clique_event``, ``layer_half_lives``
        ({layer label: duration}).
        """
        from .snapshot import Snapshot
        return Snapshot(self, time, **options)

    def series(self, times, snapshot_options=None, **area_options):
        """Area tables at each of @p times (strictly ascending), as a
        :class:`socialcap.Series`; @p snapshot_options as for snapshot()
        (without time), @p area_options as for Snapshot.area_indicators."""
        from .areas import Series
        return Series(self, times, snapshot_options, area_options)

    # ------------------------------------------------------------- helpers

    def _find(self, fn, label, what):
        out = c_uint32()
        self._call(fn, byref(out), cv.text(label, what))
        return out.value

    def _index(self, index, count, what):
        index = cv.u32(index, what + " index")
        if index >= count:
            raise NotFoundError("%s index %d is out of range (%d %ss)"
                                % (what, index, count, what), -3,
                                "SOCIALCAP_ENOTFOUND")
        return index

    def _actor_ref(self, ref):
        """uint32 actor index of @p ref (an id is looked up; an index is
        range-checked by the library itself)."""
        if isinstance(ref, str):
            return self.find_actor(ref)
        return cv.u32(ref, "actor index")

    def _nbh(self, ref):
        if isinstance(ref, str):
            return self.find_neighbourhood(ref)
        return cv.u32(ref, "neighbourhood index")
