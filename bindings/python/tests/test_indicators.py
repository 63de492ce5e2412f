"""Snapshots and indicator tables: the fixtures of the C tests, through the
binding, plus an independent check against NetworkX."""

import math
import random
import unittest

import socialcap
from _support import DAY, graph, numpy

try:
    import networkx
except ImportError:
    networkx = None


def _available():
    try:
        lib = socialcap._lib.load()
    except OSError:
        return False
    return all(lib.has(m) for m in ("snapshot", "results", "indicators"))


@unittest.skipUnless(_available(), "library without snapshots and indicators")
class Fixtures(unittest.TestCase):
    def assertColumn(self, got, want, places=6):
        self.assertEqual(len(got), len(want))
        for i, (g, w) in enumerate(zip(got, want)):
            if w is None:
                self.assertTrue(math.isnan(g), "row %d: %r is not NaN" % (i, g))
            else:
                self.assertAlmostEqual(g, w, places=places, msg="row %d" % i)

    def test_g1_constraint_clustering_effective_size(self):
        with graph([(0, 1), (0, 2), (1, 2), (2, 3)], n=5) as net:
            table = net.snapshot().actor_indicators()
            self.assertEqual(table.labels, ["0", "1", "2", "3", "4"])
            self.assertColumn(table.column("constraint", as_list=True),
                              [1.006944, 1.006944, 0.611111, 1, None])
            self.assertColumn(table.column("clustering", as_list=True),
                              [1, 1, 0.333333, None, None])
            self.assertColumn(table.column("effective_size", as_list=True),
                              [1, 1, 2.333333, 1, None])
            whole = net.snapshot().network_indicators()
            self.assertAlmostEqual(whole.value("network", "transitivity"), 0.6)
            self.assertEqual(whole.row("network")["isolates"], 1)

    def test_g5_weighted(self):
        with graph([(0, 1, 3), (0, 2, 1), (1, 2, 1), (2, 3, 2)]) as net:
            table = net.snapshot().actor_indicators(families=["triangles"])
            self.assertColumn(table.column("constraint", as_list=True),
                              [0.851562, 0.851562, 0.632812, 1])
            self.assertColumn(table.column("effective_size", as_list=True),
                              [1.541667, 1.541667, 2.5, 1])
            # Families not asked for are NaN.
            self.assertTrue(all(math.isnan(v) for v in table.column("betweenness", as_list=True)))
            self.assertEqual(table.option("families"), 2)

    def test_g7_triangle(self):
        with graph([(0, 1), (1, 2), (0, 2)]) as net:
            table = net.snapshot().actor_indicators()
            self.assertColumn(table.column("constraint", as_list=True), [1.125] * 3)

    def test_g9_groups(self):
        sectors = ["a", "a", "a", "b", "b", "b"]
        with graph([(0, 1), (1, 2), (0, 2), (3, 4), (2, 3), (4, 5)],
                   sectors=sectors) as net:
            row = net.snapshot().network_indicators().row("network")
            self.assertAlmostEqual(row["assortativity"], 0.657143, places=6)
            self.assertAlmostEqual(row["freeman_segregation"], 0.722222, places=6)

    def test_g10_articulation_points(self):
        with graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5)]) as net:
            table = net.snapshot().actor_indicators(families="structure")
            points = [r["label"] for r in table.to_dicts() if r["articulation_point"] == 1]
            self.assertEqual(points, ["2", "3", "4"])

    def test_g8_event_projection(self):
        with socialcap.Network() as net:
            for x in "abcd":
                net.add_actor(x, sector="s", neighbourhood="n")
            net.record_event("e1", DAY, "n", "k", participants="abc")
            net.record_event("e2", DAY, "n", "k", participants="ab")
            net.record_event("e3", DAY, "n", "k", participants="d")
            snap = net.snapshot(half_life_event=0)
            self.assertAlmostEqual(snap.weight("a", "b"), 1.5)
            self.assertAlmostEqual(snap.weight("a", "c"), 0.5)
            self.assertAlmostEqual(snap.weight("c", "b"), 0.5)
            self.assertEqual(snap.weight("a", "d"), 0.0)
            self.assertEqual(snap.degree("d"), 0)
            self.assertEqual(snap.time, DAY)
            self.assertEqual(sorted((a, b) for a, b, _ in snap.edges()),
                             [(0, 1), (0, 2), (1, 2)])
            self.assertFalse(snap.timeless)  # events are timed records

    def test_timeless(self):
        with socialcap.Network() as net:
            for x in "abc":
                net.add_actor(x, sector="s", neighbourhood="n")
            net.add_tie("a", "b", "work")
            self.assertTrue(net.timeless)
            self.assertTrue(net.snapshot(DAY).timeless)
            net.add_tie("b", "c", "work", since=0)
            self.assertFalse(net.timeless)
            self.assertFalse(net.snapshot(DAY).timeless)

    def test_t1_decay(self):
        with socialcap.Network() as net:
            net.add_actor("a", sector="s", neighbourhood="n")
            net.add_actor("b", sector="s", neighbourhood="n")
            for day, weight in ((0, 1), (30, 1), (200, 2)):
                net.record_contact(day * DAY, "a", "b", "digital", weight=weight)
            snap = net.snapshot(365 * DAY, half_life_digital="90d")
            self.assertAlmostEqual(snap.weight(0, 1), 0.697140, places=6)
            self.assertEqual(snap.options["half_life_digital"], 90 * DAY)
            self.assertEqual(snap.neighbours("a"), [(1, snap.weight(0, 1))])
            # Above theta the pair is no tie.
            self.assertEqual(net.snapshot(365 * DAY, half_life_digital="90d",
                                          theta=0.7).tie_count, 0)

    def test_layer_half_lives(self):
        with socialcap.Network() as net:
            net.add_actor("a", sector="s", neighbourhood="n")
            net.add_actor("b", sector="s", neighbourhood="n")
            net.add_tie("a", "b", "work", 4.0, since=0)
            snap = net.snapshot(20 * DAY, layer_half_lives={"work": "10d"})
            self.assertAlmostEqual(snap.weight(0, 1), 1.0)
            self.assertEqual(snap.options["layer_half_lives"], {"work": 10 * DAY})
            echoed = snap.actor_indicators().options
            self.assertIn(10 * DAY, [v for k, v in echoed.items() if "work" in k])

    def test_d1_diversity(self):
        if not socialcap._lib.load().has("diversity"):
            self.skipTest("library without diversity helpers")
        d = socialcap.diversity
        counts = [3, 1, 1]
        self.assertAlmostEqual(d.blau(counts), 0.56)
        self.assertAlmostEqual(d.iqv(counts), 0.84)
        self.assertAlmostEqual(d.shannon(counts), 0.950271, places=6)
        # The reference lists 2.586390, a slip: exp(0.950271) = 2.586409, as
        # the C test also pins.
        self.assertAlmostEqual(d.hill1(counts), 2.586409, places=6)
        self.assertAlmostEqual(d.hill1(counts), math.exp(d.shannon(counts)), places=12)
        self.assertAlmostEqual(d.hill2(counts), 2.272727, places=6)
        self.assertTrue(math.isnan(d.blau([])))
        self.assertTrue(math.isnan(d.blau([1, -1])))


@unittest.skipUnless(_available(), "library without snapshots and indicators")
class Tables(unittest.TestCase):
    def setUp(self):
        self.net = graph([(0, 1), (0, 2), (1, 2), (2, 3)], n=5)
        self.table = self.net.snapshot().actor_indicators()

    def tearDown(self):
        self.net.close()

    def test_column_names_match_the_library_lists(self):
        self.assertEqual(self.table.columns, socialcap.actor_column_names())
        self.assertEqual(self.net.snapshot().network_indicators().columns,
                         socialcap.network_column_names())
        self.assertEqual(self.table.columns[6], "constraint")

    def test_dicts_lists_and_rows_agree(self):
        t = self.table
        dicts = t.to_dicts()
        cols = t.to_columns()
        self.assertEqual(len(dicts), len(t))
        self.assertEqual(set(dicts[0]), {"label"} | set(t.columns))
        self.assertEqual(dicts[2]["degree"], 3)
        self.assertEqual(cols["degree"], [2, 2, 3, 1, 0])
        self.assertEqual(t.row("2")["clustering"], dicts[2]["clustering"])
        self.assertIsNone(t.to_dicts(nan_as_none=True)[4]["constraint"])
        self.assertEqual(t.value(2, "degree"), 3)
        self.assertEqual(t.value("2", 0), 3)
        self.assertEqual(t.row_kind, socialcap.RowKind.ACTORS)
        self.assertIn("constraint", t)
        self.assertEqual(t.options["theta"], 0.1)

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy(self):
        t = self.table
        array = t.to_numpy()
        self.assertEqual(array.shape, (5, len(t.columns)))
        self.assertEqual(array.dtype, numpy.float64)
        col = t["constraint"]
        self.assertIsInstance(col, numpy.ndarray)
        numpy.testing.assert_array_equal(col, array[:, t.column_index("constraint")])
        numpy.testing.assert_allclose(
            array[:, t.column_index("degree")], [2, 2, 3, 1, 0])
        # A copy: it stays valid after the table is freed.
        self.net.close()
        self.assertAlmostEqual(col[2], 0.611111, places=6)

    def test_errors(self):
        t = self.table
        with self.assertRaises(socialcap.NotFoundError):
            t.column("no such column")
        with self.assertRaises(socialcap.NotFoundError):
            t.row("nobody")
        with self.assertRaises(socialcap.NotFoundError):
            t.value(5, 0)
        with self.assertRaises(socialcap.NotFoundError):
            t.option("nothing")
        snap = self.net.snapshot()
        with self.assertRaises(socialcap.InvalidArgumentError) as cm:
            snap.actor_indicators(threads=0)
        self.assertIn("threads", str(cm.exception))
        with self.assertRaises(socialcap.InvalidArgumentError) as cm:
            self.net.snapshot(theta=-1)
        self.assertIn("theta", str(cm.exception))
        with self.assertRaises(ValueError):
            snap.actor_indicators(families=["gossip"])
        with self.assertRaises(TypeError):
            self.net.snapshot(colour="red")

    def test_progress_and_cancel(self):
        snap = self.net.snapshot()
        seen = []
        snap.actor_indicators(progress=seen.append)
        self.assertTrue(seen)
        self.assertEqual(seen, sorted(seen))
        with self.assertRaises(socialcap.CanceledError):
            snap.actor_indicators(progress=lambda f: False)

        class Stop(Exception):
            pass

        def stop(fraction):
            raise Stop()
        with self.assertRaises(Stop):
            snap.actor_indicators(progress=stop)

    def test_closing_the_network_closes_snapshots_and_tables(self):
        snap = self.net.snapshot()
        table = snap.actor_indicators()
        snap.close()
        self.assertEqual(len(table), 5)  # tables do not borrow from snapshots
        self.net.close()
        self.assertTrue(table.closed)
        with self.assertRaises(socialcap.ClosedError):
            table.to_dicts()
        with self.assertRaises(socialcap.ClosedError):
            snap.actor_indicators()
        table.close()
        snap.close()


@unittest.skipUnless(_available() and networkx is not None,
                     "needs snapshots, indicators and networkx")
class AgainstNetworkX(unittest.TestCase):
    def test_random_weighted_graph(self):
        rng = random.Random(7)
        n = 40
        edges = {}
        while len(edges) < 90:
            a, b = rng.sample(range(n), 2)
            edges[(min(a, b), max(a, b))] = rng.choice([1.0, 2.0, 3.5])
        g = networkx.Graph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from((a, b, w) for (a, b), w in edges.items())
        with graph([(a, b, w) for (a, b), w in edges.items()], n=n) as net:
            t = net.snapshot().actor_indicators()
            constraint = networkx.constraint(g, weight="weight")
            eff = networkx.effective_size(g, weight="weight")
            clustering = networkx.clustering(g)
            betweenness = networkx.betweenness_centrality(g, normalized=False)
            for i in range(n):
                row = t.row(str(i))
                if g.degree(i) == 0:
                    self.assertTrue(math.isnan(row["constraint"]))
                    continue
                self.assertAlmostEqual(row["constraint"], constraint[i], places=9)
                self.assertAlmostEqual(row["effective_size"], eff[i], places=9)
                self.assertAlmostEqual(row["betweenness"], betweenness[i], places=9)
                self.assertEqual(row["strength"], g.degree(i, weight="weight"))
                if g.degree(i) >= 2:
                    self.assertAlmostEqual(row["clustering"], clustering[i], places=9)


if __name__ == "__main__":
    unittest.main()
