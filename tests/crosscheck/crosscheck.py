#!/usr/bin/python3
"""Independent cross-check of libsocialcap's snapshot and indicators.

Reads the records written by crosscheck_gen (declared ties, contacts,
events), rebuilds the snapshot's tie strengths from the definitions in
docs/indicators.md in plain Python, then computes the indicators with
NetworkX (and betweenness also with igraph) and compares them with the
library's numbers, to 1e-9 relative.

Measures no peer tool provides (hierarchy, tie classes, institutions
within two hops, extensity, prestige reach, economic connectedness) are
recomputed here from their definitions in plain Python on the NetworkX
graph.

Deliberate differences handled here, as documented in docs/indicators.md:
- clustering of actors with fewer than two ties is NaN in the library and
  0 in NetworkX, so those are checked to be NaN and skipped;
- constraint and effective size of isolates are NaN in both.

usage: crosscheck.py GENERATOR WORKDIR ACTORS SEED [ACTORS SEED ...]
"""
import math
import os
import subprocess
import sys

import networkx as nx

try:
    import igraph
except ImportError:  # igraph is a second opinion, not required
    igraph = None

RTOL = 1e-9
NX_BETWEENNESS_MAX = 1000


def close(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= RTOL * max(abs(a), abs(b)) + 1e-12


def decay(age, half_life):
    return 1.0 if half_life <= 0 else 2.0 ** (-age / half_life)


def read_records(path):
    opts = None
    sector, tier, prestige, status = {}, {}, {}, {}
    ties, contacts, events = {}, [], []
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "options":
                opts = dict(t=int(p[1]), phys=int(p[2]), dig=int(p[3]),
                            event=int(p[4]), theta=float(p[5]),
                            max_clique=int(p[6]), work=int(p[7]))
            elif p[0] == "actor":
                sector[int(p[1])] = p[2]
                tier[int(p[1])] = int(p[3])
                prestige[int(p[1])] = float(p[4])
                status[int(p[1])] = float(p[5])
            elif p[0] == "tie":
                a, b = sorted((int(p[1]), int(p[2])))
                since = None if p[5] == "none" else int(p[5])
                key = (a, b, p[3])
                # a repeated (a, b, layer) adds its weight and keeps the
                # earliest known `since`, as the network model does
                w0, s0 = ties.get(key, (0.0, None))
                if s0 is None or (since is not None and since < s0):
                    s0 = since
                ties[key] = (w0 + float(p[4]), s0)
            elif p[0] == "contact":
                contacts.append((int(p[1]), int(p[2]), int(p[3]), int(p[4]),
                                 float(p[5])))
            elif p[0] == "event":
                att = [tuple(map(int, x.split(":"))) for x in p[3:]]
                events.append((int(p[1]), att))
    return opts, (sector, tier, prestige, status), ties, contacts, events


def strengths(opts, ties, contacts, events):
    t = opts["t"]
    w = {}

    def add(a, b, x):
        key = (min(a, b), max(a, b))
        w[key] = w.get(key, 0.0) + x

    for (a, b, layer), (weight, since) in ties.items():
        if since is not None and since > t:
            continue
        h = opts["work"] if layer == "work" else 0
        add(a, b, weight * (decay(t - since, h) if since is not None else 1.0))
    for time, a, b, channel, weight in contacts:
        if time <= t:
            add(a, b, weight * decay(t - time, opts["dig"] if channel else opts["phys"]))
    for time, att in events:
        d = len(att)
        if time > t or d < 2:
            continue
        x = decay(t - time, opts["event"]) / (d - 1)
        if d <= opts["max_clique"]:
            for i in range(d):
                for j in range(i + 1, d):
                    add(att[i][0], att[j][0], x)
        else:
            pairs = set()
            for i in range(d):
                if att[i][1] != 0:
                    continue
                for j in range(d):
                    if j != i:
                        pairs.add((min(att[i][0], att[j][0]), max(att[i][0], att[j][0])))
            for a, b in pairs:
                add(a, b, x)
    return {k: v for k, v in w.items() if v >= opts["theta"]}


def read_table(path):
    with open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        rows = [list(map(float, line.split("\t"))) for line in f]
    return {name: [r[i] for r in rows] for i, name in enumerate(head)}


class Report:
    def __init__(self, label):
        self.label = label
        self.failures = 0
        self.checked = {}

    def check(self, what, actor, ours, theirs):
        self.checked[what] = self.checked.get(what, 0) + 1
        if not close(ours, theirs):
            self.failures += 1
            if self.failures <= 20:
                print(f"{self.label}: {what} of actor {actor}: library {ours!r}, "
                      f"reference {theirs!r}")


def check_edges(rep, workdir, weights):
    lib = {}
    with open(os.path.join(workdir, "edges.tsv")) as f:
        for line in f:
            a, b, w = line.split("\t")
            lib[(int(a), int(b))] = float(w)
    if set(lib) != set(weights):
        rep.failures += 1
        print(f"{rep.label}: tie sets differ: {len(set(lib) - set(weights))} only in "
              f"the library, {len(set(weights) - set(lib))} only in the reference")
    for key in set(lib) & set(weights):
        rep.check("tie strength", key, lib[key], weights[key])


def nan_if_empty(values, f):
    return f(values) if values else float("nan")


def check_definitions(rep, G, lib, attrs):
    """Measures without a peer tool, recomputed here from their definitions:
    Burt's hierarchy (from NetworkX's local constraint), efficiency, the
    Woolcock tie classes, institutions within two hops, Lin's position
    measures and economic connectedness."""
    sector, tier, prestige, status = attrs
    known = [x for x in status.values() if not math.isnan(x)]
    pi_high = sum(1 for x in known if x >= 0.5) / len(known)
    esize = nx.effective_size(G, weight="weight")
    for v in G:
        k = G.degree(v)
        s = G.degree(v, weight="weight")
        alters = list(G[v])
        if k >= 2:
            c = {j: nx.local_constraint(G, v, j, weight="weight") for j in alters}
            total = sum(c.values())
            r = [c[j] / (total / k) for j in alters]
            hier = sum(x * math.log(x) for x in r) / (k * math.log(k))
        else:
            hier = float("nan")
        rep.check("hierarchy", v, lib["hierarchy"][v], hier)
        rep.check("efficiency", v, lib["efficiency"][v],
                  esize[v] / k if k else float("nan"))
        share = {"bonding": 0.0, "bridging": 0.0, "linking": 0.0}
        for j in alters:
            cls = ("linking" if tier[v] != tier[j] else
                   "bonding" if sector[v] == sector[j] else "bridging")
            share[cls] += G[v][j]["weight"]
        for cls, x in share.items():
            rep.check(cls, v, lib[cls][v], x / s if k else float("nan"))
        near = nx.single_source_shortest_path_length(G, v, cutoff=2)
        rep.check("institutions_within_2", v, lib["institutions_within_2"][v],
                  sum(1 for j in near if j != v and tier[j] > 0))
        sectors = {sector[j] for j in alters}
        rep.check("extensity", v, lib["extensity"][v], len(sectors))
        p = [prestige[j] for j in alters if not math.isnan(prestige[j])]
        rep.check("upper_reachability", v, lib["upper_reachability"][v],
                  nan_if_empty(p, max))
        rep.check("prestige_range", v, lib["prestige_range"][v],
                  nan_if_empty(p, lambda xs: max(xs) - min(xs)))
        st = [status[j] for j in alters if not math.isnan(status[j])]
        ec = float("nan")
        if not math.isnan(status[v]) and st and pi_high > 0:
            ec = (sum(1 for x in st if x >= 0.5) / len(st)) / pi_high
        rep.check("ec", v, lib["ec"][v], ec)


def check_actors(rep, G, lib, sector, tier):
    n = G.number_of_nodes()
    clustering = nx.clustering(G)
    constraint = nx.constraint(G, weight="weight")
    esize = nx.effective_size(G, weight="weight")
    # NetworkX's pure-Python betweenness needs minutes beyond a thousand
    # actors; igraph (C) checks every size, NetworkX the small ones too.
    between = None
    if n <= NX_BETWEENNESS_MAX or igraph is None:
        between = nx.betweenness_centrality(G, normalized=False)
    institutions = [v for v in G if tier[v] > 0]
    hops = nx.multi_source_dijkstra_path_length(G, institutions, weight=lambda u, v, d: 1)
    articulation = set(nx.articulation_points(G))
    for v in range(n):
        k = G.degree(v)
        rep.check("degree", v, lib["degree"][v], k)
        rep.check("strength", v, lib["strength"][v], G.degree(v, weight="weight"))
        rep.check("clustering", v, lib["clustering"][v],
                  clustering[v] if k >= 2 else float("nan"))
        rep.check("constraint", v, lib["constraint"][v], constraint[v])
        rep.check("effective_size", v, lib["effective_size"][v], esize[v])
        if between is not None:
            rep.check("betweenness", v, lib["betweenness"][v], between[v])
        rep.check("hops_to_institution", v, lib["hops_to_institution"][v],
                  hops.get(v, -1))
        rep.check("articulation_point", v, lib["articulation_point"][v],
                  1.0 if v in articulation else 0.0)
    if igraph is not None:
        g = igraph.Graph(n=n, edges=list(G.edges()))
        for v, b in enumerate(g.betweenness(directed=False)):
            rep.check("betweenness (igraph)", v, lib["betweenness"][v], b)


def check_network(rep, G, workdir):
    lib = {}
    with open(os.path.join(workdir, "network.tsv")) as f:
        for line in f:
            name, value = line.split("\t")
            lib[name] = float(value)
    rep.check("transitivity", "-", lib["transitivity"], nx.transitivity(G))
    rep.check("assortativity", "-", lib["assortativity"],
              nx.attribute_assortativity_coefficient(G, "sector"))
    comps = list(nx.connected_components(G))
    rep.check("components", "-", lib["components"], len(comps))
    rep.check("largest_component_share", "-", lib["largest_component_share"],
              max(len(c) for c in comps) / G.number_of_nodes())


def run_one(generator, workdir, actors, seed):
    os.makedirs(workdir, exist_ok=True)
    subprocess.run([generator, workdir, str(actors), str(seed)], check=True)
    opts, attrs, ties, contacts, events = read_records(
        os.path.join(workdir, "records.tsv"))
    sector, tier = attrs[0], attrs[1]
    weights = strengths(opts, ties, contacts, events)
    label = f"n={actors} seed={seed}"
    rep = Report(label)
    check_edges(rep, workdir, weights)
    G = nx.Graph()
    for v in range(actors):
        G.add_node(v, sector=sector[v])
    for (a, b), w in weights.items():
        G.add_edge(a, b, weight=w)
    lib = read_table(os.path.join(workdir, "actors.tsv"))
    check_actors(rep, G, lib, sector, tier)
    check_definitions(rep, G, lib, attrs)
    check_network(rep, G, workdir)
    total = sum(rep.checked.values())
    print(f"{label}: {G.number_of_edges()} ties, {total} values compared, "
          f"{rep.failures} disagreements")
    return rep.failures


def main(argv):
    if len(argv) < 5 or len(argv) % 2 == 0:
        print(__doc__)
        return 2
    generator, workdir = argv[1], argv[2]
    failures = 0
    for i in range(3, len(argv), 2):
        actors, seed = int(argv[i]), int(argv[i + 1])
        failures += run_one(generator, os.path.join(workdir, f"net_{actors}_{seed}"),
                            actors, seed)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
