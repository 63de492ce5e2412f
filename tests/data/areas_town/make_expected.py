#!/usr/bin/python3
"""Generate a seeded town and the area tables expected for it.

An implementation of the area columns (docs/areas.md) written apart from the
library, on networkx graphs: it writes network.txt (the input) and
expected.txt (row kind, row label, column, value) which tests/areas_test.c
loads and compares. Run with /usr/bin/python3 (needs python3-networkx).
"""
import math
import random
from itertools import combinations

import networkx as nx

DAY = 86400
T = 500 * DAY
WINDOW = 365 * DAY
H_PHYS, H_DIG, H_EVENT, H_INVEST = 180 * DAY, 90 * DAY, 365 * DAY, 365 * DAY
THETA = 0.1

rng = random.Random(20261129)
SECTORS = {"res": 0, "shop": 0, "youth": 1, "police": 2}
NBHS = ["N1", "N2", "N3", "N4"]
actors = []  # (id, kind, sector, nbh, status)
for i in range(150):
    u = rng.random()
    if u < 0.8:
        kind, sector = "r", rng.choice(["res", "res", "res", "shop"])
    elif u < 0.83:
        kind, sector = "p", rng.choice(["youth", "police"])
    else:
        kind, sector = "o", rng.choice(["shop", "shop", "shop", "youth"])
    nbh = rng.choice(NBHS[:3]) if kind != "o" else rng.choice(NBHS)
    status = float("nan") if rng.random() < 0.2 else round(rng.random(), 2)
    actors.append(("a%d" % i, kind, sector, nbh, status))
# N4 holds organisations only: an empty neighbourhood.
n = len(actors)
ties = []
seen = set()
for _ in range(220):
    a, b = rng.sample(range(n), 2)
    # one declaration per pair: the library merges repeats into one tie
    if (min(a, b), max(a, b)) in seen:
        continue
    seen.add((min(a, b), max(a, b)))
    # neighbours tend to know each other
    if actors[a][3] != actors[b][3] and rng.random() < 0.6:
        continue
    since = -1 if rng.random() < 0.4 else rng.randrange(0, 600) * DAY
    ties.append((a, b, rng.choice([0.5, 1.0, 2.0]), since))
contacts = []
for _ in range(200):
    a, b = rng.sample(range(n), 2)
    contacts.append((rng.randrange(0, 600 * DAY), a, b, rng.randrange(2),
                     rng.choice([1.0, 2.0]), float(rng.randrange(0, 6))))
events = []
for i in range(60):
    d = rng.randrange(1, 7)
    who = rng.sample(range(n), d)
    roles = [0 if rng.random() < 0.3 else 1 for _ in who]
    events.append(("e%d" % i, rng.randrange(0, 600) * DAY, rng.choice(NBHS),
                   float(rng.randrange(0, 40)), list(zip(who, roles))))


def snapshot(t):
    w = {}

    def add(a, b, x):
        key = (min(a, b), max(a, b))
        w[key] = w.get(key, 0.0) + x

    for a, b, wt, since in ties:
        if since <= t:  # -1 (no since) always counts
            add(a, b, wt)
    for tk, a, b, ch, wt, _ in contacts:
        if tk <= t:
            add(a, b, wt * 2 ** (-(t - tk) / (H_PHYS if ch == 0 else H_DIG)))
    for _, te, _, _, att in events:
        if te <= t and len(att) >= 2:
            for (a, _), (b, _) in combinations(att, 2):
                add(a, b, 2 ** (-(t - te) / H_EVENT) / (len(att) - 1))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for (a, b), x in w.items():
        if x >= THETA:
            g.add_edge(a, b, weight=x)
    return g


def sector_index():
    # sectors are created in order: set_sector for the four, in this order
    return {s: i for i, s in enumerate(SECTORS)}


def area_of(v, by):
    _, kind, sector, nbh, _ = actors[v]
    if by == "sectors":
        return sector
    return nbh if kind == "r" else None


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def ratio(a, b):
    return a / b if b > 0 else float("nan")


def table(by):
    g, gb = snapshot(T), snapshot(T - WINDOW)
    rows = list(SECTORS) if by == "sectors" else NBHS
    area = {v: area_of(v, by) for v in range(n)}
    sec = {v: actors[v][2] for v in range(n)}
    inst = {v for v in range(n) if SECTORS[sec[v]] > 0}
    known = [a[4] for a in actors if not math.isnan(a[4])]
    pi_h = sum(1 for s in known if s >= 0.5) / len(known)
    out = {}
    for r in rows:
        m = [v for v in range(n) if area[v] == r]
        ms = set(m)
        c = {}
        inc = [(a, b, d["weight"]) for a, b, d in g.edges(data=True) if a in ms or b in ms]
        internal = [(a, b) for a, b, _ in inc if a in ms and b in ms]
        c["residents"] = len(m)
        c["ties_internal"] = len(internal)
        c["ties_boundary"] = len(inc) - len(internal)
        c["density"] = ratio(len(internal), len(m) * (len(m) - 1) / 2)
        cl = nx.clustering(g, m)
        c["clustering"] = mean([cl[v] for v in m if g.degree(v) >= 2])
        sup = sum(1 for a, b in internal if set(g[a]) & set(g[b]) & ms)
        c["support_ratio"] = ratio(sup, len(internal))
        total = sum(x for _, _, x in inc)
        cls = {"bonding": 0.0, "bridging": 0.0, "linking": 0.0}
        e = i = 0
        for a, b, x in inc:
            same = sec[a] == sec[b]
            if SECTORS[sec[a]] != SECTORS[sec[b]]:
                cls["linking"] += x
            elif same:
                cls["bonding"] += x
            else:
                cls["bridging"] += x
            e, i = (e, i + 1) if same else (e + 1, i)
        for k, x in cls.items():
            c[k] = ratio(x, total)
        c["ei_index"] = ratio(e - i, e + i)
        counts = {}
        for v in m:
            counts[sec[v]] = counts.get(sec[v], 0) + 1
        c["blau_sectors"] = 1 - sum((x / len(m)) ** 2 for x in counts.values()) if m else float("nan")
        ecs = []
        for v in m:
            st = actors[v][4]
            if math.isnan(st) or st >= 0.5:
                continue
            alt = [actors[j][4] for j in g[v] if not math.isnan(actors[j][4])]
            if alt and pi_h > 0:
                ecs.append((sum(1 for s in alt if s >= 0.5) / len(alt)) / pi_h)
        c["ec"] = mean(ecs)
        reach = single = 0
        dep = {}
        for v in m:
            near = set(nx.single_source_shortest_path_length(g, v, cutoff=2)) & inst
            reach += len(near) >= 1
            if len(near) == 1:
                single += 1
                x = next(iter(near))
                dep[x] = dep.get(x, 0) + 1
        c["institution_reach"] = ratio(reach, len(m))
        c["single_link_share"] = ratio(single, reach)
        if dep:
            key = min(dep, key=lambda x: (-dep[x], x))
            c["key_institution"], c["key_institution_dependents"] = key, dep[key]
        else:
            c["key_institution"], c["key_institution_dependents"] = float("nan"), 0
        part = 0
        for v in m:
            part += any(T - WINDOW < te <= T and any(a == v for a, _ in att)
                        for _, te, _, _, att in events)
        c["participation_rate"] = ratio(part, len(m))
        # ledger: (time, sector, amount) shares of this area
        shares, firsts = [], {}
        for tk, a, b, _, _, cost in contacts:
            if area[a] == r or area[b] == r:
                if cost > 0:
                    shares += [(tk, sec[a], cost / 2), (tk, sec[b], cost / 2)]
        for _, te, nb, cost, att in events:
            inside = nb == r if by != "sectors" else any(sec[a] == r for a, _ in att)
            if not inside:
                continue
            if cost > 0:
                shares += [(te, sec[a], cost / len(att)) for a, _ in att]
            for a, role in att:
                if role == 0:
                    firsts[sec[a]] = min(firsts.get(sec[a], te), te)
        win = [(s, x) for tk, s, x in shares if T - WINDOW < tk <= T]
        flow = sum(x for _, x in win)
        c["investment_flow"] = flow
        c["invested_stock"] = sum(x * 2 ** (-(T - tk) / H_INVEST) for tk, _, x in shares if tk <= T)
        parts = {}
        for s, x in win:
            parts[s] = parts.get(s, 0) + x
        hhi = sum((x / flow) ** 2 for x in parts.values()) if flow > 0 else float("nan")
        c["portfolio_hhi"] = hhi
        c["portfolio_effective"] = 1 / hhi if flow > 0 else float("nan")
        c["new_investors"] = sum(1 for x in firsts.values() if T - WINDOW < x <= T)
        wn, wb = {}, {}
        for v in m:
            for j in g[v]:
                wn[sec[j]] = wn.get(sec[j], 0) + g[v][j]["weight"]
            for j in gb[v]:
                wb[sec[j]] = wb.get(sec[j], 0) + gb[v][j]["weight"]
        idx = sector_index()
        best, grow = None, 0.0
        for s in sorted(set(wn) | set(wb), key=lambda s: idx[s]):
            dg = wn.get(s, 0) - wb.get(s, 0)
            if dg > grow:
                best, grow = s, dg
        c["growth_fund"] = idx[best] if best else float("nan")
        c["growth_rate"] = ratio(grow, wb.get(best, 0)) if best else float("nan")
        rel_b = sum(d["weight"] for a, b, d in gb.edges(data=True) if a in ms or b in ms)
        c["social_return"] = ratio(total - rel_b, flow)
        c["relational_stock"] = total
        c["suppressed"] = 0
        out[r] = c
    return out


def main():
    with open("network.txt", "w") as f:
        for s, tier in SECTORS.items():
            f.write("S %s %d\n" % (s, tier))
        for a in actors:
            f.write("A %s %s %s %s %s\n" % a)
        for a, b, wt, since in ties:
            f.write("T %d %d %r %d\n" % (a, b, wt, since))
        for c in contacts:
            f.write("C %d %d %d %d %r %r\n" % c)
        for eid, te, nb, cost, att in events:
            f.write("E %s %d %s %r %d %s\n" % (eid, te, nb, cost, len(att),
                                            " ".join("%d %d" % x for x in att)))
    with open("expected.txt", "w") as f:
        for by in ("neighbourhoods", "sectors"):
            for r, cols in table(by).items():
                for k, x in cols.items():
                    f.write("%s %s %s %r\n" % (by, r, k, float(x)))


if __name__ == "__main__":
    main()
