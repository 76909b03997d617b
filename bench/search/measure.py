#!/usr/bin/env python3
"""bench/search/measure.py: the timing half of bench/search/run. For one
database, runs the 100 queries of queries.txt (a) through offwire's API, a
running `offwire serve`, and (b) as the very statements offwire runs for
them (printed by `offwire search --sql`, values bound) fed to the sqlite3 CLI,
in the same run, and prints p50/p99 of both and their ratio.

Each query is timed ROUNDS times on each side after one warm-up round; a
query's latency through the API is the median of its rounds, through the
CLI the mean of its rounds (below); p50 and p99 are then taken over the 100
queries. The API side is a kept-alive HTTP
client timing request to last byte, with a nonce parameter so that the
response cache never answers (every request is a search). The sqlite3 side
runs each query's statements ROUNDS times in one CLI process (BEGIN ...
COMMIT around each, as offwire does; with offwire's ranking function loaded
from the ow_rank extension built beside it; without the phrase counts that
a warm server has cached), rows to /dev/null: the time of a
process running them once plus ROUNDS times, less that of one running them
once (the faster of three runs of each), so that neither the process start
nor its cold first round counts.

    measure.py --binary B --db DB --port P --source NAME --label L [--rounds N]
"""

import argparse
import http.client
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def percentile(xs, p):
    xs = sorted(xs)
    if not xs:
        return 0.0
    k = (len(xs) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def load_queries(subst):
    out = []
    with open(os.path.join(HERE, "queries.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            q, _, params = line.partition("\t")
            for k, v in subst.items():
                q = q.replace("${%s}" % k, v)
                params = params.replace("${%s}" % k, v)
            p = dict(urllib.parse.parse_qsl(params)) if params else {}
            out.append((q, p))
    return out


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def cli_args(q, params):
    """The `offwire search` options that make the same search as the API
    (which counts facets unless told not to)."""
    a = ["--facets", "--limit", params.get("limit", "20")]
    for k in ("source", "section", "language", "priority", "since", "until",
              "sort"):
        if k in params:
            a += ["--" + k, params[k]]
    return a + ["--", q]


def time_cli(db, script):
    """Seconds the sqlite3 CLI takes to run `script` on db, rows discarded."""
    t0 = time.perf_counter()
    p = subprocess.run(["sqlite3", db], input=script.encode("utf-8"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t = time.perf_counter() - t0
    if p.returncode:
        raise RuntimeError("sqlite3 failed: %s" % p.stderr.decode()[:300])
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--rank", help="the ow_rank extension (default: beside "
                    "the binary)")
    ap.add_argument("--detail", help="write per-query figures (TSV) here")
    o = ap.parse_args()

    con = sqlite3.connect("file:%s?mode=ro" % o.db, uri=True)
    lo, hi, n = con.execute("SELECT min(vtime), max(vtime), count(*) "
                            "FROM search_doc").fetchone()
    con.close()
    subst = {"SOURCE": o.source, "SOURCEWORD": o.source.split()[0].lower(),
             "RECENT": iso(hi - 30 * 86400), "MID": iso((lo + hi) // 2)}
    queries = load_queries(subst)

    # (a) the API, over one kept-alive connection
    conn = http.client.HTTPConnection("127.0.0.1", o.port, timeout=60)

    def api(q, params, nonce):
        p = dict(params)
        p["q"] = q
        p["_bench"] = nonce
        t0 = time.perf_counter()
        conn.request("GET", "/api/v1/stories?" + urllib.parse.urlencode(p))
        r = conn.getresponse()
        body = r.read()
        t = time.perf_counter() - t0
        if r.status != 200:
            raise RuntimeError("%s: %d %s" % (q, r.status, body[:200]))
        return t

    totals = []
    for i, (q, p) in enumerate(queries):
        api(q, p, "w%d" % i)  # warm-up
    api_ms = []
    for i, (q, p) in enumerate(queries):
        ts = [api(q, p, "r%d.%d" % (r, i)) for r in range(o.rounds)]
        api_ms.append(1000 * statistics.median(ts))
    conn.close()
    for i, (q, p) in enumerate(queries):
        r = subprocess.run([o.binary, "search", "--db", o.db, "--json",
                            "--sql"] + cli_args(q, p), capture_output=True)
        if r.returncode:
            raise RuntimeError("offwire search %r: %s" % (q, r.stderr[:300]))
        totals.append(json.loads(r.stdout)["total"])

    # (b) the same statements through the sqlite3 CLI
    # offwire's connection settings (WAL is kept in the file) and its
    # ranking function, built as an extension
    rank = o.rank or os.path.join(os.path.dirname(o.binary), "ow_rank")
    pragmas = (".load %s\nPRAGMA foreign_keys = ON; "
               "PRAGMA temp_store = MEMORY;\n" % rank)
    raw_ms = []
    for i, (q, p) in enumerate(queries):
        r = subprocess.run([o.binary, "search", "--db", o.db, "--sql"] +
                           cli_args(q, p), capture_output=True)
        # a fresh `offwire search` process counts each phrase's documents;
        # the server, warm, has them (sqlite_search.c): leave those out
        stmts = [x for x in r.stderr.decode("utf-8").splitlines()
                 if x and not x.startswith("/* document count */")]
        one = "BEGIN;\n" + "\n".join(stmts) + "\nCOMMIT;\n"
        t1 = min(time_cli(o.db, pragmas + one) for _ in range(3))
        tn = min(time_cli(o.db, pragmas + one * (o.rounds + 1))
                 for _ in range(3))
        raw_ms.append(max(1000 * (tn - t1) / o.rounds, 0.001))

    if o.detail:
        with open(o.detail, "w", encoding="utf-8") as f:
            f.write("query\tparams\ttotal\tapi_ms\tsqlite3_ms\tratio\n")
            for (q, p), t, a, r in zip(queries, totals, api_ms, raw_ms):
                f.write("%s\t%s\t%d\t%.2f\t%.2f\t%.2f\n"
                        % (q, urllib.parse.urlencode(p), t, a, r, a / r))
    ap50, ap99 = percentile(api_ms, 50), percentile(api_ms, 99)
    rp50, rp99 = percentile(raw_ms, 50), percentile(raw_ms, 99)
    print("%-10s %9d stories  API p50 %6.2f ms p99 %6.2f ms | sqlite3 CLI "
          "p50 %6.2f ms p99 %6.2f ms | ratio p50 %.2fx p99 %.2fx | "
          "median hits %d, max %d"
          % (o.label, n, ap50, ap99, rp50, rp99, ap50 / rp50, ap99 / rp99,
             statistics.median(totals), max(totals)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
