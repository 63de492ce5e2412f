"""Network: building, reading back, selections and errors."""

import datetime
import math
import unittest

import socialcap
from socialcap import (ActorKind, AlreadyExistsError, Channel,
                       InvalidArgumentError, NotFoundError, ParseError, Role)

T0 = 1611446400  # 2021-01-24T00:00:00Z


def town():
    """The neighbourhood of the README: 2 sectors defined, 4 actors."""
    net = socialcap.Network()
    net.set_sector("youth work", 1, prestige=60.0)
    net.set_sector("police", 2)
    net.add_actor("anna", sector="residents", neighbourhood="Centrum",
                  status=0.4, groups=["choir", "parents"])
    net.add_actor("bert", "resident", sector="residents",
                  neighbourhood="Centrum", status=0.7)
    net.add_actor("jan", ActorKind.PROFESSIONAL, sector="youth work",
                  neighbourhood="Centrum")
    net.add_actor("shop", "organisation", sector="shops", neighbourhood="Oost",
                  groups=["parents"])
    return net


class BuildAndRead(unittest.TestCase):
    def setUp(self):
        self.net = town()

    def tearDown(self):
        self.net.close()

    def test_counts(self):
        net = self.net
        self.assertEqual(net.actor_count, 4)
        self.assertEqual(len(net), 4)
        self.assertEqual(net.sector_count, 4)  # youth work, police, residents, shops
        self.assertEqual(net.neighbourhood_count, 2)
        self.assertEqual(net.tie_count, 0)
        self.assertGreater(net.memory, 0)

    def test_actor_records(self):
        anna = self.net.actor("anna")
        self.assertEqual(anna.index, 0)
        self.assertEqual(anna.kind, ActorKind.RESIDENT)
        self.assertEqual(anna.sector, "residents")
        self.assertEqual(anna.neighbourhood, "Centrum")
        self.assertEqual(anna.status, 0.4)
        self.assertEqual(anna.groups, ("choir", "parents"))
        self.assertFalse(anna.is_institution)
        jan = self.net.actor(2)
        self.assertEqual(jan.id, "jan")
        self.assertIsNone(jan.status)
        self.assertTrue(jan.is_institution)
        self.assertEqual([a.id for a in self.net.actors()],
                         ["anna", "bert", "jan", "shop"])
        self.assertEqual(socialcap.asdict(jan)["kind"], "professional")

    def test_sectors_and_neighbourhoods(self):
        net = self.net
        self.assertEqual(net.sector("youth work").tier, 1)
        self.assertEqual(net.sector("youth work").prestige, 60.0)
        self.assertIsNone(net.sector("police").prestige)
        self.assertEqual(net.sector("shops").tier, 0)
        self.assertEqual([s.label for s in net.sectors()],
                         ["youth work", "police", "residents", "shops"])
        # Updating a sector keeps its index and changes its values.
        self.assertEqual(net.set_sector("shops", 0, 10.5), 3)
        self.assertEqual(net.sector(3).prestige, 10.5)
        centrum = net.neighbourhood("Centrum")
        self.assertEqual((centrum.actor_count, centrum.resident_count), (3, 2))
        self.assertEqual([n.code for n in net.neighbourhoods()], ["Centrum", "Oost"])
        self.assertEqual(net.groups(), ["choir", "parents"])
        self.assertEqual(net.layers()[:5],
                         ["family", "household", "neighbours", "work", "school"])

    def test_ties_merge_and_keep_earliest_since(self):
        net = self.net
        t = net.add_tie("anna", "bert", "family", 2.0, since="2020-05-01")
        self.assertEqual(net.add_tie(1, 0, "family", 0.5, since=datetime.date(2019, 1, 1)), t)
        tie = net.tie(t)
        self.assertEqual((tie.a, tie.b, tie.a_id, tie.b_id), (0, 1, "anna", "bert"))
        self.assertEqual(tie.weight, 2.5)
        self.assertEqual(tie.since, 1546300800)
        u = net.add_tie("jan", "shop", "sports club")
        self.assertIsNone(net.tie(u).since)
        self.assertEqual(net.layers()[-1], "sports club")
        self.assertEqual(net.find_tie("bert", "anna", "family"), t)
        with self.assertRaises(NotFoundError):
            net.find_tie("anna", "jan", "family")
        self.assertEqual(len(list(net.ties())), 2)

    def test_contacts_and_events(self):
        net = self.net
        c = net.record_contact(T0 + 3600, "anna", "jan", "digital", weight=2, cost=5)
        contact = net.contact(c)
        self.assertEqual((contact.time, contact.a_id, contact.b_id), (T0 + 3600, "anna", "jan"))
        self.assertEqual(contact.channel, Channel.DIGITAL)
        self.assertEqual((contact.weight, contact.cost), (2.0, 5.0))
        e = net.record_event("cleanup", "2021-01-24T10:00:00+01:00", "Centrum",
                             "clean-up", organisers=["jan"],
                             participants=["anna", 1], cost=150)
        event = net.event("cleanup")
        self.assertEqual(event.index, e)
        self.assertEqual(event.time, T0 + 9 * 3600)
        self.assertEqual(event.kind, "clean-up")
        self.assertEqual([(x.actor_id, x.role) for x in event.attendees],
                         [("jan", Role.ORGANISER), ("anna", Role.PARTICIPANT),
                          ("bert", Role.PARTICIPANT)])
        self.assertEqual(net.attendance_count, 3)
        self.assertEqual(net.event_kinds(), ["clean-up"])

    def test_time_inputs_agree(self):
        net = self.net
        aware = datetime.datetime(2021, 1, 24, 1, 0, tzinfo=datetime.timezone(
            datetime.timedelta(hours=1)))
        for t in (T0, "2021-01-24", "2021-01-24T00:00:00Z", "2021-01-24 01:00+01:00",
                  datetime.date(2021, 1, 24), datetime.datetime(2021, 1, 24), aware):
            c = net.record_contact(t, 0, 1)
            self.assertEqual(net.contact(c).time, T0, t)
        self.assertEqual(socialcap.format_time(T0), "2021-01-24T00:00:00Z")
        self.assertEqual(socialcap.format_time(T0, date_only=True), "2021-01-24")
        self.assertEqual(socialcap.parse_duration("26w"), 26 * 7 * 86400)
        self.assertEqual(socialcap.to_datetime(T0).isoformat(), "2021-01-24T00:00:00+00:00")

    def test_selections_use_half_open_windows(self):
        net = self.net
        for day, a, b in ((1, 0, 1), (2, 0, 2), (3, 1, 3), (3, 2, 3)):
            net.record_contact(T0 + day * 86400, a, b)
        net.record_event("e1", T0 + 2 * 86400, "Oost", "dialogue",
                         participants=["shop", "anna"])
        net.record_event("e0", T0 + 1 * 86400, "Centrum", "dialogue",
                         participants=["jan", "bert"])
        self.assertEqual(net.select_contact_indices(), [0, 1, 2, 3])
        self.assertEqual(net.select_contact_indices(after=T0 + 86400), [1, 2, 3])
        self.assertEqual(net.select_contact_indices(until=T0 + 2 * 86400), [0, 1])
        self.assertEqual(net.select_contact_indices(actor="anna"), [0, 1])
        # Contacts with at least one side living in Oost: only the shop's.
        self.assertEqual(net.select_contact_indices(neighbourhood="Oost"), [2, 3])
        self.assertEqual([e.id for e in net.select_events()], ["e0", "e1"])
        self.assertEqual([e.id for e in net.select_events(actor="anna")], ["e1"])
        self.assertEqual([e.id for e in net.select_events(neighbourhood=0)], ["e0"])
        self.assertEqual(net.select_events(after="2021-01-26"), [])
        self.assertEqual([c.b_id for c in net.select_contacts(after=T0 + 2 * 86400)],
                         ["shop", "shop"])


class Errors(unittest.TestCase):
    def setUp(self):
        self.net = town()

    def tearDown(self):
        self.net.close()

    def test_library_message_and_status(self):
        with self.assertRaises(AlreadyExistsError) as cm:
            self.net.add_actor("anna", sector="x", neighbourhood="y")
        err = cm.exception
        self.assertEqual(err.status, -4)
        self.assertEqual(err.name, "SOCIALCAP_EEXISTS")
        self.assertIn("anna", str(err))
        self.assertEqual(str(err), self.net.errmsg)
        self.assertIsInstance(err, socialcap.SocialcapError)
        self.assertIsInstance(err, ValueError)

    def test_failed_calls_leave_the_network_unchanged(self):
        net = self.net
        before = (net.actor_count, net.sector_count, net.neighbourhood_count,
                  net.event_count, net.attendance_count)
        with self.assertRaises(InvalidArgumentError):
            net.add_actor("zoe", sector="new sector", neighbourhood="Nieuw", status=1.5)
        with self.assertRaises(NotFoundError) as cm:
            net.record_event("bad", T0, "Nieuw", "party", participants=[0, 99])
        self.assertIn("99", str(cm.exception))
        with self.assertRaises(InvalidArgumentError):
            net.record_event("empty", T0, "Nieuw", "party")
        self.assertEqual(before, (net.actor_count, net.sector_count,
                                  net.neighbourhood_count, net.event_count,
                                  net.attendance_count))

    def test_bad_values(self):
        net = self.net
        with self.assertRaises(InvalidArgumentError):
            net.add_tie(0, 0, "family")
        with self.assertRaises(InvalidArgumentError):
            net.add_tie(0, 1, "family", weight=math.nan)
        with self.assertRaises(InvalidArgumentError):
            net.record_contact(T0, 0, 1, cost=-1)
        with self.assertRaises(NotFoundError):
            net.record_contact(T0, 0, 7)
        with self.assertRaises(NotFoundError):
            net.actor("nobody")
        with self.assertRaises(NotFoundError):
            net.actor(4)
        with self.assertRaises(NotFoundError):
            net.event(0)
        with self.assertRaises(ValueError):
            net.record_contact(T0, 0, 1, channel="pigeon")
        with self.assertRaises(ValueError):
            net.add_actor("x", "alien", sector="s", neighbourhood="n")

    def test_no_silent_truncation_or_wrapping(self):
        net = self.net
        # A NUL would cut the C string short: "anna\0x" must not become "anna".
        with self.assertRaises(InvalidArgumentError):
            net.add_actor("anna2\0x", sector="s", neighbourhood="n")
        with self.assertRaises(InvalidArgumentError):
            net.find_actor("anna\0")
        # -1 must not wrap to 4294967295 (or 0xffffffff to anything).
        with self.assertRaises(InvalidArgumentError):
            net.record_contact(T0, -1, 1)
        with self.assertRaises(InvalidArgumentError):
            net.actor(2 ** 32)
        with self.assertRaises(TypeError):
            net.record_contact(T0, 0.0, 1)
        with self.assertRaises(TypeError):
            net.record_contact(True, 0, 1)

    def test_bad_times(self):
        with self.assertRaises(ParseError) as cm:
            self.net.record_contact("2021-02-30", 0, 1)
        self.assertIn("2021-02-30", str(cm.exception))
        with self.assertRaises(ParseError):
            socialcap.parse_time("yesterday")
        with self.assertRaises(socialcap.OutOfRangeError):
            socialcap.format_time(10 ** 12)
        with self.assertRaises(TypeError):
            self.net.record_contact(1.5, 0, 1)
        with self.assertRaises(InvalidArgumentError):
            self.net.record_contact(socialcap.TIME_NONE, 0, 1)

    def test_limits_are_options(self):
        with socialcap.Network(max_actors=2, max_id_bytes=4) as net:
            net.add_actor("a", sector="s", neighbourhood="n")
            with self.assertRaises(InvalidArgumentError):
                net.add_actor("toolong", sector="s", neighbourhood="n")
            net.add_actor("b", sector="s", neighbourhood="n")
            with self.assertRaises(socialcap.LimitError):
                net.add_actor("c", sector="s", neighbourhood="n")
        with self.assertRaises(TypeError):
            socialcap.Network(max_apples=3)
        with self.assertRaises(InvalidArgumentError):
            socialcap.Network(max_actors=-1)


if __name__ == "__main__":
    unittest.main()
