"""Handles: closing twice, context managers, the garbage collector, leaks."""

import gc
import os
import unittest

import socialcap
from _support import SANITIZED, CountingAllocator, heap_in_use, rss_bytes

CYCLES = int(os.environ.get("SOCIALCAP_LEAK_CYCLES", "10000"))


def small_network():
    net = socialcap.Network()
    net.set_sector("youth work", 1)
    a = net.add_actor("anna", sector="residents", neighbourhood="Centrum", groups=["g"])
    b = net.add_actor("jan", "professional", sector="youth work", neighbourhood="Centrum")
    net.add_tie(a, b, "work", 1.5, since=0)
    net.record_contact(86400, a, b)
    net.record_event("e", 86400, "Centrum", "clean-up", organisers=[b], participants=[a])
    return net


class Closing(unittest.TestCase):
    def test_close_twice_is_safe(self):
        net = small_network()
        net.close()
        net.close()
        self.assertTrue(net.closed)
        with self.assertRaises(socialcap.ClosedError):
            net.add_actor("x", sector="s", neighbourhood="n")
        with self.assertRaises(socialcap.ClosedError):
            _ = net.memory
        self.assertIn("closed", repr(net))

    def test_context_manager_closes(self):
        with small_network() as net:
            self.assertEqual(net.actor_count, 2)
        self.assertTrue(net.closed)
        with self.assertRaises(socialcap.ClosedError):
            with net:
                pass

    def test_exception_inside_with_still_closes(self):
        with self.assertRaises(socialcap.AlreadyExistsError):
            with small_network() as net:
                net.add_actor("anna", sector="s", neighbourhood="n")
        self.assertTrue(net.closed)

    def test_records_outlive_the_network(self):
        with small_network() as net:
            actors = list(net.actors())
            event = net.event(0)
        self.assertEqual(actors[1].id, "jan")
        self.assertEqual(event.attendees[0].actor_id, "jan")


def _has_indicators():
    lib = socialcap._lib.load()
    return all(lib.has(m) for m in ("snapshot", "results", "indicators"))


class Borrowing(unittest.TestCase):
    """Snapshots and tables borrow from their network: it is freed last."""

    @unittest.skipUnless(_has_indicators(), "library without snapshots")
    def test_reference_cycle_with_snapshot_and_table(self):
        for _ in range(50):
            net = small_network()
            snap = net.snapshot()
            table = snap.actor_indicators()
            holder = {"net": net, "snap": snap, "table": table}
            holder["self"] = holder
            net.cycle = holder  # network <-> dict cycle: only gc frees it
            del net, snap, table, holder
        gc.collect()  # finalisers in any order; ASan would see a misuse

    @unittest.skipUnless(_has_indicators(), "library without snapshots")
    def test_dropping_the_network_object_keeps_it_alive_for_snapshots(self):
        snap = small_network().snapshot()
        gc.collect()
        table = snap.actor_indicators()
        self.assertEqual(table.labels, ["anna", "jan"])
        snap.network.close()
        self.assertTrue(snap.closed and table.closed)


class Leaks(unittest.TestCase):
    def _cycle(self, n):
        deep = _has_indicators()
        lib = socialcap._lib.load()
        areas = deep and lib.has("areas") and lib.has("series")
        for i in range(n):
            with small_network() as net:
                _ = list(net.actors()), net.select_events(), net.event(0)
                if deep and i % 4 == 0:
                    snap = net.snapshot(half_life_event="30d")
                    _ = snap.actor_indicators().to_dicts()
                    _ = snap.network_indicators(progress=lambda f: None)
                    if areas:
                        _ = snap.area_indicators(min_cell=0).to_dicts()
                        _ = net.series([86400, 2 * 86400])[1].labels
        for _ in range(n // 10):
            small_network()  # left to the garbage collector
        gc.collect()

    def test_many_create_free_cycles_leak_nothing(self):
        self._cycle(200)  # warm up caches and allocator arenas
        heap0, rss0 = heap_in_use(), rss_bytes()
        self._cycle(CYCLES)
        heap1, rss1 = heap_in_use(), rss_bytes()
        # One network of this size holds tens of kilobytes: a leak of even
        # one allocation per cycle would show as CYCLES * 16+ bytes.
        if heap0 is not None:
            self.assertLess(heap1 - heap0, 64 * 1024,
                            "C heap grew by %d bytes over %d cycles"
                            % (heap1 - heap0, CYCLES))
        if SANITIZED:
            return  # ASan's quarantine holds freed memory: RSS only grows
        self.assertLess(rss1 - rss0, 4 * 1024 * 1024,
                        "RSS grew by %d bytes over %d cycles"
                        % (rss1 - rss0, CYCLES))

    def test_every_allocation_is_returned(self):
        alloc = CountingAllocator()
        net = alloc.network()
        net.set_sector("youth work", 1)
        for i in range(200):
            net.add_actor("a%d" % i, "professional" if i % 10 == 0 else "resident",
                          sector="youth work" if i % 10 == 0 else "residents",
                          neighbourhood="N%d" % (i % 3), groups=["g%d" % (i % 7)])
        for i in range(199):
            net.add_tie(i, i + 1, "neighbours", since=i * 86400)
            net.record_contact(i * 3600, i, (i * 7 + 3) % 200)
        net.record_event("e", 86400, "N1", "party", participants=range(0, 200, 5))
        self.assertGreater(alloc.calls, 10)
        # socialcap_network_memory counts exactly what the allocator holds.
        self.assertEqual(net.memory, alloc.live_bytes)
        if _has_indicators():
            snap = net.snapshot()
            table = snap.actor_indicators(threads=2)
            self.assertEqual(len(table), 200)
            self.assertGreater(alloc.live_bytes, net.memory)
            snap.close()
            table.close()
            self.assertEqual(net.memory, alloc.live_bytes)
        net.close()
        self.assertEqual(alloc.live, {})

    def test_network_memory_is_stable_across_cycles(self):
        sizes = set()
        for _ in range(50):
            with small_network() as net:
                sizes.add(net.memory)
        self.assertEqual(len(sizes), 1, sizes)
        self.assertGreater(sizes.pop(), 0)

    def test_failed_calls_do_not_grow_memory(self):
        with small_network() as net:
            before = net.memory
            for i in range(1000):
                with self.assertRaises(socialcap.SocialcapError):
                    net.record_event("e%d" % i, 0, "Oost", "x", participants=[0, 5])
                with self.assertRaises(socialcap.SocialcapError):
                    net.add_actor("anna", sector="s%d" % i, neighbourhood="n%d" % i)
            self.assertEqual(net.memory, before)
            self.assertEqual(net.sector_count, 2)


if __name__ == "__main__":
    unittest.main()
