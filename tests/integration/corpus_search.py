"""Relevance of search on Reuters-21578 (label corpus; exit 77 where
../shared/corpus is absent). Ingests the 22 SGML files with `offwire ingest`,
runs the 22 queries of tests/corpus/reuters_queries.tsv through
GET /api/v1/stories?q=...&limit=100 and scores them against the judgments in
tests/corpus/reuters_qrels.tsv: precision at 10 and recall at 100, per query
and their means, with lower bounds the judged set supports.

Judgments are by Reuters NEWID, results are stories: versions linked into one
story (same slug within the window) share it, so a story counts as relevant
when any relevant NEWID is among its versions, and each relevant story is
counted once."""

import os
import sqlite3
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from owtest import Check, Server, TempDir, args, run_cli  # noqa: E402

MIN_MEAN_P10 = 0.75
MIN_MEAN_R100 = 0.55


def load_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def main():
    opts = args()
    corpus = os.path.join(opts.corpus or "", "reuters21578")
    if not os.path.isdir(corpus):
        print("corpus: %s not found, skipping" % corpus)
        sys.exit(77)
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "corpus")
    queries = load_tsv(os.path.join(here, "reuters_queries.tsv"))
    judged = {}
    for qid, newid, rel in load_tsv(os.path.join(here, "reuters_qrels.tsv")):
        judged.setdefault(qid, {})[newid] = int(rel)
    files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
                   if f.endswith(".sgm"))
    with TempDir() as d:
        db = os.path.join(d, "reuters.db")
        t0 = time.time()
        rc, out, err = run_cli(opts.binary, "ingest", "--db", db, "--quiet",
                               *files)
        Check.eq(rc, 0, "ingest: %s" % err[-300:])
        print("ingested %d files in %.1fs" % (len(files), time.time() - t0))
        con = sqlite3.connect(db)
        story_of = dict(con.execute(
            "SELECT item_id, story_id FROM version WHERE source = 'Reuters'"))
        con.close()
        with Server(opts.binary, db) as s:
            print("%-4s %-40s %5s %6s %6s" % ("id", "query", "rel", "P@10",
                                              "R@100"))
            p10s, r100s = [], []
            for qid, query, _need in queries:
                rel = {story_of[n] for n, r in judged[qid].items()
                       if r and n in story_of}
                r = s.get("/api/v1/stories?" + urllib.parse.urlencode(
                    {"q": query, "limit": 100, "facets": "false"}))
                Check.eq(r.status, 200, "%s status" % qid)
                hits = [i["id"] for i in r.json()["items"]] \
                    if r.status == 200 else []
                p10 = len([h for h in hits[:10] if h in rel]) / 10.0
                r100 = len(set(hits[:100]) & rel) / float(len(rel))
                p10s.append(p10)
                r100s.append(r100)
                print("%-4s %-40s %5d %6.2f %6.2f" % (qid, query[:40],
                                                      len(rel), p10, r100))
            mp, mr = sum(p10s) / len(p10s), sum(r100s) / len(r100s)
            print("mean over %d queries: P@10 %.3f, R@100 %.3f"
                  % (len(queries), mp, mr))
            Check.true(len(queries) >= 20, "at least 20 queries")
            Check.true(mp >= MIN_MEAN_P10, "mean P@10 %.3f < %.2f"
                       % (mp, MIN_MEAN_P10))
            Check.true(mr >= MIN_MEAN_R100, "mean R@100 %.3f < %.2f"
                       % (mr, MIN_MEAN_R100))
            Check.true(min(p10s) > 0, "a query with no relevant hit in 10")
    if Check.failures:
        print("%d failure(s)" % Check.failures, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
