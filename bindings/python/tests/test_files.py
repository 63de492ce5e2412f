"""Dataset folders and state files through the binding."""

import collections
import csv
import filecmp
import os
import stat
import tempfile
import unittest

import socialcap
from _support import SOURCE_ROOT

HAVENSTAD = os.path.join(SOURCE_ROOT, "examples", "data", "havenstad")


def _has(module):
    try:
        return socialcap._lib.load().has(module)
    except OSError:
        return False


DATASET = {
    "sectors.csv": "sector,tier,prestige\nresidents,0,\npolice,2,0.75\n",
    "actors.csv": ("id,kind,sector,neighbourhood,status,groups\n"
                   "r1,resident,residents,N1,0.25,choir;football\n"
                   "r2,resident,residents,N1,,choir\n"
                   "p1,professional,police,N1,,\n"),
    "ties.csv": ("a,b,layer,weight,since\n"
                 "r1,r2,neighbours,1,2020-01-01\n"
                 "r2,r1,neighbours,0.5,2019-06-01\n"),
    "contacts.csv": "time,a,b,channel,weight,cost\n2022-01-10T09:30:00+01:00,r1,p1,physical,,\n",
    "events.csv": "id,time,neighbourhood,kind,channel,cost\ne1,2022-03-01,N1,clean-up,physical,120\n",
    "attendance.csv": "event,actor,role\ne1,p1,organiser\ne1,r1,participant\n",
}


def write_dataset(directory, files):
    os.makedirs(directory, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(text)


def summary(net):
    return ([socialcap.asdict(a) for a in net.actors()],
            [socialcap.asdict(t) for t in net.ties()],
            [socialcap.asdict(c) for c in net.contacts()],
            [socialcap.asdict(e) for e in net.events()],
            [socialcap.asdict(s) for s in net.sectors()])


@unittest.skipUnless(_has("dataset"), "library without dataset import")
class Datasets(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "ds")
        write_dataset(self.dir, DATASET)

    def tearDown(self):
        self.tmp.cleanup()

    def test_import_and_round_trip(self):
        with socialcap.Network() as net:
            net.import_dataset(self.dir)
            self.assertEqual(net.actor("r1").groups, ("choir", "football"))
            self.assertEqual(net.tie(0).weight, 1.5)
            self.assertEqual(net.tie(0).since, socialcap.parse_time("2019-06-01"))
            self.assertEqual(net.contact(0).time, socialcap.parse_time("2022-01-10T08:30:00Z"))
            self.assertEqual(net.event("e1").cost, 120)
            self.assertTrue(net.actor("p1").is_institution)
            out = os.path.join(self.tmp.name, "out")
            net.export_dataset(out)
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(out, "actors.csv")).st_mode), 0o600)
            with socialcap.Network() as again:
                again.import_dataset(out)
                self.assertEqual(summary(again), summary(net))

    def test_import_error_names_file_line_column_and_field(self):
        write_dataset(self.dir, {"actors.csv": DATASET["actors.csv"] +
                                 "r4,resident,residents,N1,1.5,\n"})
        with socialcap.Network() as net:
            with self.assertRaises(socialcap.InvalidArgumentError) as cm:
                net.import_dataset(self.dir)
            err = cm.exception
            self.assertEqual(os.path.basename(err.file), "actors.csv")
            self.assertEqual(err.line, 5)
            self.assertEqual(err.column, len("r4,resident,residents,N1,") + 1)
            self.assertEqual(err.field, "status")
            self.assertIn("status", err.message)
            self.assertEqual(net.actor_count, 0)  # all or nothing

    def test_validate_reports_every_problem(self):
        write_dataset(self.dir, {
            "actors.csv": DATASET["actors.csv"] + "r4,alien,residents,N1,,\n"
                                                  "r5,resident,residents,N1,2,\n",
            "contacts.csv": "time,a,b,channel\n2022-02-30,r1,p1,physical\n"})
        problems = socialcap.validate_dataset(self.dir)
        self.assertEqual([(os.path.basename(p.file), p.line, p.field) for p in problems],
                         [("actors.csv", 5, "kind"), ("actors.csv", 6, "status"),
                          ("contacts.csv", 2, "time")])
        self.assertIsInstance(problems[2], socialcap.ParseError)
        self.assertEqual(socialcap.validate_dataset(self.dir, max_problems=1)[0].line, 5)
        write_dataset(self.dir, DATASET)
        self.assertEqual(socialcap.validate_dataset(self.dir), [])
        with socialcap.Network() as net:
            net.import_dataset(self.dir)
            # Against a network that holds them already, the ids clash.
            clashes = socialcap.validate_dataset(self.dir, net)
            self.assertTrue(clashes)
            self.assertIsInstance(clashes[0], socialcap.AlreadyExistsError)

    def test_options_and_missing_folder(self):
        self.dir = os.path.join(self.tmp.name, "extra")
        write_dataset(self.dir, {"actors.csv": "id,kind,sector,neighbourhood,shoe size\n"
                                               "r1,resident,s,n,42\n"})
        with socialcap.Network() as net:
            with self.assertRaises(socialcap.FormatError):
                net.import_dataset(self.dir)
            net.import_dataset(self.dir, allow_unknown_columns=True)
            self.assertEqual(net.actor_count, 1)
            with self.assertRaises(socialcap.NotFoundError):
                net.import_dataset(os.path.join(self.tmp.name, "nothing here"))
            with self.assertRaises(TypeError):
                net.import_dataset(self.dir, colour="red")


def _rows(name):
    with open(os.path.join(HAVENSTAD, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@unittest.skipUnless(_has("dataset") and os.path.isdir(HAVENSTAD),
                     "library without dataset import, or no sample city")
class SampleCity(unittest.TestCase):
    """The bundled sample city, read by the library through the binding and
    by Python's own csv module, gives the same counts."""

    def test_counts_agree_with_python_csv_reading(self):
        actors = _rows("actors.csv")
        ties = {(min(r["a"], r["b"]), max(r["a"], r["b"]), r["layer"])
                for r in _rows("ties.csv")}
        residents = collections.Counter(r["neighbourhood"] for r in actors
                                        if r["kind"] == "resident")
        with socialcap.Network() as net:
            net.import_dataset(HAVENSTAD)
            self.assertEqual(net.actor_count, len(actors))
            self.assertEqual(net.tie_count, len(ties))
            self.assertEqual(net.contact_count, len(_rows("contacts.csv")))
            self.assertEqual(net.event_count, len(_rows("events.csv")))
            self.assertEqual(net.attendance_count, len(_rows("attendance.csv")))
            self.assertEqual({n.code: n.resident_count for n in net.neighbourhoods()},
                             dict(residents))
            self.assertEqual([a.id for a in net.actors()], [r["id"] for r in actors])
            # Exporting again gives the shipped files byte for byte.
            with tempfile.TemporaryDirectory() as out:
                net.export_dataset(out)
                names = sorted(os.listdir(HAVENSTAD))
                match, mismatch, errors = filecmp.cmpfiles(out, HAVENSTAD, names,
                                                           shallow=False)
                self.assertEqual((mismatch, errors), ([], []))


@unittest.skipUnless(_has("state"), "library without state files")
class StateFiles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "town.scap")

    def tearDown(self):
        self.tmp.cleanup()

    def _town(self):
        net = socialcap.Network()
        net.set_sector("youth work", 1, 0.5)
        net.add_actor("anna", sector="residents", neighbourhood="Centrum",
                      status=0.4, groups=["choir"])
        net.add_actor("jan", "professional", sector="youth work", neighbourhood="Oost")
        net.add_tie("anna", "jan", "sports club", 2.0, since="2020-01-01")
        net.record_contact("2021-01-24", "anna", "jan", "digital", cost=1.5)
        net.record_event("e", "2021-01-25", "Centrum", "clean-up",
                         organisers=["jan"], participants=["anna"])
        return net

    def test_save_load_round_trip(self):
        with self._town() as net:
            net.save(self.path)
            self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)
            with socialcap.Network.load(self.path) as again:
                self.assertEqual(summary(again), summary(net))
                self.assertEqual(again.layers(), net.layers())
            with open(self.path, "rb") as f:
                data = f.read()
            with socialcap.Network.from_bytes(data) as again:
                self.assertEqual(summary(again), summary(net))

    def test_fixed_creation_time_gives_identical_bytes(self):
        other = os.path.join(self.tmp.name, "again.scap")
        with self._town() as net:
            net.save(self.path, created="2024-01-01")
            net.save(other, created=1704067200)
        with open(self.path, "rb") as a, open(other, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_corrupt_and_missing_files(self):
        with self._town() as net:
            net.save(self.path)
        with open(self.path, "rb") as f:
            data = f.read()
        with self.assertRaises(socialcap.SocialcapError) as cm:
            socialcap.Network.from_bytes(data[:len(data) // 2])
        self.assertIsInstance(cm.exception, (socialcap.FormatError, socialcap.LimitError))
        self.assertTrue(cm.exception.message)
        with self.assertRaises(socialcap.FormatError):
            socialcap.Network.from_bytes(b"not a state file at all")
        with self.assertRaises(socialcap.SocialcapError) as cm:
            socialcap.Network.load(os.path.join(self.tmp.name, "missing.scap"))
        self.assertIn("missing.scap", str(cm.exception))
        with self.assertRaises(socialcap.LimitError):
            socialcap.Network.load(self.path, max_input_bytes=10)
        with self.assertRaises(socialcap.LimitError):
            socialcap.Network.load(self.path, max_actors=1)
        with self._town() as net:
            with self.assertRaises(socialcap.SocialcapIOError):
                net.save(os.path.join(self.tmp.name, "no such dir", "x.scap"))


if __name__ == "__main__":
    unittest.main()
