"""Crash-safe stores (state file plus journal) through the binding."""

import os
import tempfile
import unittest

import socialcap


def _has(module):
    try:
        return socialcap._lib.load().has(module)
    except OSError:
        return False


@unittest.skipUnless(_has("journal"), "library without journals")
class Journals(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "town.scap")

    def tearDown(self):
        self.tmp.cleanup()

    def test_records_survive_reopening(self):
        net = socialcap.Network()
        net.add_actor("anna", sector="residents", neighbourhood="Centrum")
        with socialcap.Journal.create(self.path, net) as store:
            self.assertTrue(net.closed)  # consumed by the store
            jn = store.network
            self.assertEqual(jn.actor("anna").index, 0)
            jn.set_sector("youth work", 1)
            jn.add_actor("jan", "professional", sector="youth work", neighbourhood="Centrum")
            jn.add_tie("anna", "jan", "work", 2.0)
            jn.record_contact("2021-01-24", "anna", "jan")
            jn.record_event("e", "2021-01-25", "Centrum", "clean-up",
                            organisers=["jan"], participants=["anna"])
            seq = store.next_seq
            self.assertEqual(seq, 5)
            store.sync()
        self.assertTrue(jn.closed)
        self.assertTrue(os.path.exists(self.path + "-journal"))
        with socialcap.Journal.open(self.path) as store:
            self.assertEqual(store.report.replayed, 5)
            self.assertFalse(store.report.tail_cut)
            jn = store.network
            self.assertEqual((jn.actor_count, jn.tie_count, jn.contact_count,
                              jn.event_count), (2, 1, 1, 1))
            self.assertTrue(jn.actor("jan").is_institution)
            store.checkpoint()
        with socialcap.Journal.open(self.path) as store:
            self.assertEqual(store.report.replayed, 0)
            self.assertEqual(store.network.event("e").attendees[0].actor_id, "jan")

    def test_refusals_and_errors(self):
        with socialcap.Journal.create(self.path) as store:
            jn = store.network
            jn.add_actor("anna", sector="s", neighbourhood="n")
            with self.assertRaises(socialcap.AlreadyExistsError) as cm:
                jn.add_actor("anna", sector="s", neighbourhood="n")
            self.assertIn("anna", str(cm.exception))
            self.assertEqual(store.next_seq, 1)  # nothing written
            with self.assertRaises(TypeError):
                jn.reserve(10)
            with self.assertRaises(socialcap.AlreadyExistsError):
                socialcap.Journal.create(self.path)
        with self.assertRaises(socialcap.NotFoundError):
            socialcap.Journal.open(os.path.join(self.tmp.name, "none.scap"))

    def test_torn_tail_is_cut(self):
        with socialcap.Journal.create(self.path) as store:
            store.network.add_actor("anna", sector="s", neighbourhood="n")
            store.network.add_actor("bert", sector="s", neighbourhood="n")
        with open(self.path + "-journal", "r+b") as f:
            f.truncate(os.path.getsize(self.path + "-journal") - 3)
        with socialcap.Journal.open(self.path) as store:
            self.assertTrue(store.report.tail_cut)
            self.assertEqual(store.report.replayed, 1)
            self.assertEqual([a.id for a in store.network.actors()], ["anna"])

    @unittest.skipUnless(_has("snapshot") and _has("indicators"), "no indicators")
    def test_indicators_on_a_journalled_network(self):
        with socialcap.Journal.create(self.path) as store:
            jn = store.network
            for x in "abc":
                jn.add_actor(x, sector="s", neighbourhood="n")
            jn.add_tie("a", "b", "family")
            jn.add_tie("b", "c", "family")
            table = jn.snapshot().actor_indicators()
            self.assertEqual(table.column("degree", as_list=True), [1, 2, 1])
        self.assertTrue(table.closed)


if __name__ == "__main__":
    unittest.main()
