"""Area aggregates and time series through the binding."""

import math
import struct
import unittest

import socialcap
from _support import DAY


def _has(*modules):
    try:
        lib = socialcap._lib.load()
    except OSError:
        return False
    return all(lib.has(m) for m in modules)


T = 400 * DAY


def village():
    """Residents 0, 1, 2 of N1 in a triangle; youth worker p (tier 1) tied
    to 0; resident 3 of N2 tied to 2. One event in N1 organised by p."""
    net = socialcap.Network()
    net.set_sector("youth work", 1)
    for i in range(3):
        net.add_actor(str(i), sector="residents", neighbourhood="N1")
    net.add_actor("p", "professional", sector="youth work", neighbourhood="N1")
    net.add_actor("3", sector="residents", neighbourhood="N2")
    for a, b in (("0", "1"), ("1", "2"), ("0", "2"), ("0", "p"), ("2", "3")):
        net.add_tie(a, b, "neighbours")
    net.record_event("talk", T - 10 * DAY, "N1", "dialogue", organisers=["p"],
                     participants=["0"], cost=100.0)
    return net


@unittest.skipUnless(_has("snapshot", "results", "areas"), "library without area aggregates")
class Areas(unittest.TestCase):
    def setUp(self):
        self.net = village()
        self.snap = self.net.snapshot(T)

    def tearDown(self):
        self.net.close()

    def test_neighbourhood_table(self):
        table = self.snap.area_indicators(min_cell=0)
        self.assertEqual(table.row_kind, socialcap.RowKind.NEIGHBOURHOODS)
        self.assertEqual(table.columns, socialcap.area_column_names())
        self.assertEqual(table.labels, ["N1", "N2"])
        n1 = table.row("N1")
        self.assertEqual(n1["residents"], 3)
        self.assertEqual(n1["suppressed"], 0)
        self.assertEqual(n1["ties_internal"], 3)
        self.assertEqual(n1["ties_boundary"], 2)  # 0-p and 2-3
        self.assertAlmostEqual(n1["density"], 1.0)
        # Actors 0 and 2 have three ties and one triangle, actor 1 two ties.
        self.assertAlmostEqual(n1["clustering"], (1 / 3 + 1 + 1 / 3) / 3)
        self.assertAlmostEqual(n1["institution_reach"], 1.0)
        self.assertAlmostEqual(n1["participation_rate"], 1 / 3)
        self.assertAlmostEqual(n1["investment_flow"], 100.0)
        self.assertEqual(table.text("N1", "key_institution"), "p")
        self.assertEqual(n1["key_institution_dependents"], 3)
        self.assertEqual(table.option("min_cell"), 0)
        self.assertEqual(self.snap.new_investors("N1", min_cell=0), ["youth work"])
        self.assertEqual(self.snap.new_investors("N2"), [])

    def test_small_cells_are_suppressed_by_default(self):
        table = self.snap.area_indicators()
        for row in table.to_dicts():
            self.assertEqual(row["suppressed"], 1)
            self.assertTrue(math.isnan(row["density"]))
        self.assertIsNone(table.text("N1", "key_institution"))

    def test_sector_rows_and_errors(self):
        table = self.snap.area_indicators(areas="sectors", min_cell=0)
        self.assertEqual(table.row_kind, socialcap.RowKind.SECTORS)
        self.assertEqual(table.labels, ["youth work", "residents"])
        self.assertEqual(table.row("residents")["residents"], 4)
        with self.assertRaises(socialcap.InvalidArgumentError) as cm:
            self.snap.area_indicators(window=0)
        self.assertIn("window", str(cm.exception))
        with self.assertRaises(ValueError):
            self.snap.area_indicators(areas="planets")
        with self.assertRaises(socialcap.NotFoundError):
            self.snap.new_investors(7)

    def test_threads_change_no_number(self):
        one = self.snap.area_indicators(min_cell=0)
        three = self.snap.area_indicators(min_cell=0, threads=3)
        for name in one.columns:
            a = [struct.pack("<d", x) for x in one.column(name, as_list=True)]
            b = [struct.pack("<d", x) for x in three.column(name, as_list=True)]
            self.assertEqual(a, b, name)
        with self.assertRaises(socialcap.InvalidArgumentError) as cm:
            self.snap.area_indicators(threads=5000)
        self.assertIn("threads", str(cm.exception))


@unittest.skipUnless(_has("snapshot", "results", "areas", "series"), "library without series")
class Series(unittest.TestCase):
    def test_each_step_equals_a_fresh_table(self):
        with village() as net:
            times = [T - 20 * DAY, T, "1971-03-01"]
            series = net.series(times, {"half_life_event": "30d"}, min_cell=0,
                                window="60d")
            self.assertEqual(len(series), 3)
            self.assertEqual(series.times[1], T)
            for t, table in series:
                self.assertEqual(table.option("time"), t)
                fresh = net.snapshot(t, half_life_event="30d").area_indicators(
                    min_cell=0, window="60d")
                self.assertEqual(_nan_safe(table.to_dicts()), _nan_safe(fresh.to_dicts()))
            first = series[0]
            series.close()
            self.assertTrue(first.closed)
            with self.assertRaises(socialcap.InvalidArgumentError):
                net.series([T, T - DAY])
            with self.assertRaises(IndexError):
                net.series([T])[1]


def _nan_safe(rows):
    return [{k: ("nan" if isinstance(v, float) and math.isnan(v) else v)
             for k, v in row.items()} for row in rows]


if __name__ == "__main__":
    unittest.main()
