"""Search over real HTTP and the real CLI: GET /api/v1/stories?q= (ranked
hits with escaped highlighted snippets, totals, facets, cursors, filters, a
400 that points at a malformed query) and `offwire search`; and the
consistency rule that killed, embargoed and superseded text is never found,
through the API (before and after the response cache has seen the query) and
through the CLI. Fixtures: tests/data/search/ (README there)."""

import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from owtest import (Check, Server, TempDir, main,  # noqa: E402
                    pg_url_for, postgres_wanted, run_cli)


def fixture(opts, name):
    with open(os.path.join(opts.data, "search", name), "rb") as f:
        return f.read()


def q(s, query, **params):
    params["q"] = query
    r = s.get("/api/v1/stories?" + urllib.parse.urlencode(params))
    return r


def found(s, query, **params):
    r = q(s, query, limit=100, **params)
    Check.eq(r.status, 200, "search %r status" % query)
    return [i["id"] for i in r.json()["items"]] if r.status == 200 else []


def set_clock(path, t):
    with open(path + ".tmp", "w") as f:
        f.write("%d\n" % t)
    os.replace(path + ".tmp", path)


T0 = 1420876800  # 2015-01-10T08:00:00Z


class Wire:
    """A server on a test clock with every fixture but the kill ingested."""

    def __init__(self, opts, d):
        self.clock = os.path.join(d, "clock")
        set_clock(self.clock, T0)
        self.db = os.path.join(d, "w.db")
        self.s = Server(opts.binary, self.db,
                        env={"OFFWIRE_TEST_CLOCK": self.clock})
        self.opts = opts
        self.ids = {}

    def __enter__(self):
        self.s.start()
        for name in ("01-harbour.json", "02-rates.json", "03-ferry-v1.json",
                     "04-ferry-v2.json", "05-grain-v1.json",
                     "07-embargoed.json"):
            r = self.s.ingest(fixture(self.opts, name))
            Check.eq(r.status, 201, "ingest " + name)
            self.ids[name[:2]] = r.json()["id"]
        return self

    def __exit__(self, *exc):
        self.s.stop()


def test_ranked_results(opts):
    with TempDir() as d, Wire(opts, d) as w:
        s = w.s
        r = q(s, "harbour")
        Check.eq(r.status, 200, "status")
        doc = r.json()
        Check.eq(doc["query"], "harbour", "canonical query")
        Check.eq(doc["sort"], "rank", "sort")
        Check.eq(doc["total"], 2, "total")
        Check.eq(doc["total_exact"], True, "exact")
        ids = [i["id"] for i in doc["items"]]
        # in the headline beats in the body
        Check.eq(ids, [w.ids["01"], w.ids["02"]], "headline first")
        top = doc["items"][0]
        Check.true(top["score"] > doc["items"][1]["score"], "scores fall")
        Check.eq(top["headline_html"],
                 "Dockers strike at Port Calder <mark>harbour</mark>",
                 "highlighted headline")
        Check.true("<mark>harbour</mark>" in top["snippet_html"],
                   "highlighted snippet: %r" % top["snippet_html"])
        Check.true("<mark>" not in top["snippet"] and "harbour" in
                   top["snippet"], "plain snippet")
        for k in ("id", "headline", "source", "url", "versioncreated",
                  "language"):
            Check.true(k in top, "hit has " + k)
        # wire copy is escaped; only <mark> is markup
        rates = doc["items"][1]
        Check.eq(rates["headline_html"],
                 "Central bank holds rates &lt;script&gt;alert(1)"
                 "&lt;/script&gt;", "escaped headline")
        Check.true("&amp; said &lt;b&gt;<mark>harbour</mark>&lt;/b&gt;" in
                   rates["snippet_html"], "escaped snippet: %r"
                   % rates["snippet_html"])
        # facets over the whole result set
        f = doc["facets"]
        Check.eq(f["exact"], True, "facets exact")
        Check.eq(sorted((x["value"], x["count"]) for x in f["source"]),
                 [("Harbor Press", 1), ("Testwire", 1)], "source facet")
        Check.eq(sorted((x["value"], x["count"]) for x in f["section"]),
                 [("economy", 1), ("labour", 1)], "section facet")
        Check.eq([(x["value"], x["count"], x["since"], x["until"])
                  for x in f["day"]],
                 [("2015-01-11", 1, "2015-01-11T00:00:00Z",
                   "2015-01-12T00:00:00Z"),
                  ("2015-01-10", 1, "2015-01-10T00:00:00Z",
                   "2015-01-11T00:00:00Z")], "day facet")
        # text handling: case, stems, accents, phrases, scopes, prefixes
        Check.eq(found(s, "MULLER"), [w.ids["01"]], "Muller finds Müller")
        Check.eq(found(s, "talks"), [w.ids["01"], w.ids["02"]]
                 if found(s, "talks")[0] == w.ids["01"] else
                 [w.ids["02"], w.ids["01"]], "talks finds talked")
        Check.eq(sorted(found(s, "talk")), sorted([w.ids["01"], w.ids["02"]]),
                 "talk finds talks")
        Check.eq(found(s, '"central bank"'), [w.ids["02"]], "phrase")
        Check.eq(found(s, '"bank central"'), [], "phrase order")
        Check.eq(found(s, "headline:harbour"), [w.ids["01"]], "scope")
        Check.eq(found(s, "byline:osei"), [w.ids["01"]], "byline scope")
        Check.eq(found(s, 'place:"port calder"'), [w.ids["01"]], "place")
        Check.eq(found(s, 'source:"harbor press"'), [w.ids["02"]], "source")
        Check.eq(found(s, "slug:rates"), [w.ids["02"]], "slug scope")
        Check.eq(found(s, "harbo*"), [w.ids["01"], w.ids["02"]], "prefix")
        Check.eq(found(s, "harbour -dockers"), [w.ids["02"]], "minus")
        Check.eq(found(s, "harbour NOT dockers"), [w.ids["02"]], "NOT")
        Check.eq(sorted(found(s, "(dockers OR governor) talk*")),
                 sorted([w.ids["01"], w.ids["02"]]), "OR and parentheses")
        # sort=time: newest first
        r = q(s, "harbour", sort="time").json()
        Check.eq([i["id"] for i in r["items"]], [w.ids["02"], w.ids["01"]],
                 "newest first")
        Check.eq(r["items"][0]["score"], 0, "no score by time")


def test_filters_and_cursor(opts):
    with TempDir() as d, Wire(opts, d) as w:
        s = w.s
        Check.eq(found(s, "harbour", source="Testwire"), [w.ids["01"]],
                 "source filter")
        Check.eq(found(s, "harbour", section="ECONOMY"), [w.ids["02"]],
                 "section filter, any case")
        Check.eq(found(s, "harbour", language="fr"), [w.ids["02"]],
                 "language filter")
        Check.eq(found(s, "harbour", priority="bulletin"), [],
                 "priority filter")
        Check.eq(found(s, "harbour", priority="urgent"), [w.ids["02"]],
                 "priority at least urgent")
        Check.eq(found(s, "harbour", since="2015-01-11T00:00:00Z"),
                 [w.ids["02"]], "since")
        Check.eq(found(s, "harbour", until="2015-01-11T00:00:00Z"),
                 [w.ids["01"]], "until")
        # cursor pagination: every hit once
        seen, cursor, pages = [], None, 0
        while pages < 10:
            params = {"limit": 1}
            if cursor:
                params["cursor"] = cursor
            r = q(s, "kessa OR harbour OR ministry", **params).json()
            seen += [i["id"] for i in r["items"]]
            pages += 1
            cursor = r["next"]
            if not cursor:
                break
        Check.eq(len(seen), len(set(seen)), "no hit twice")
        Check.eq(sorted(seen), sorted([w.ids["01"], w.ids["02"], w.ids["03"],
                                       w.ids["05"]]), "every hit")
        # a cursor from another search, and a broken one
        r = q(s, "harbour", limit=1).json()
        bad = q(s, "ferry", limit=1, cursor=r["next"])
        Check.eq(bad.status, 400, "cursor of another query")
        Check.true("another search" in bad.json()["detail"], "says why")
        Check.eq(q(s, "harbour", cursor="xyz").status, 400, "broken cursor")
        # without q: the plain list, unchanged
        lst = s.get("/api/v1/stories?limit=50").json()
        Check.true("total" not in lst and "facets" not in lst, "plain list")
        Check.eq(len(lst["items"]), 4, "four live stories listed")
        # parameters checked
        for params, what in (({"limit": "0"}, "limit"),
                             ({"sort": "best"}, "sort"),
                             ({"since": "yesterday"}, "since"),
                             ({"priority": "hot"}, "priority"),
                             ({"facets": "maybe"}, "facets")):
            Check.eq(q(s, "harbour", **params).status, 400, "bad " + what)
        r = q(s, "harbour", facets="false").json()
        Check.true("facets" not in r, "facets=false")


def test_malformed_queries_are_400(opts):
    with TempDir() as d, Wire(opts, d) as w:
        s = w.s
        cases = [
            ("(harbour", 1, 'unclosed "("'),
            ("harbour)", 8, 'unmatched ")"'),
            ("harbour OR", 11, "expected a word"),
            ('"harbour', 1, "unclosed quote"),
            ("NOT harbour", 1, "nothing to exclude"),
            ("h*", 1, "prefix too short"),
            ("colour:red", 1, 'unknown field "colour"'),
            ("", 1, "no words"),
            ("Müller (", 8, 'unclosed "("'),
            ("x" * 2000, 1025, "too long"),
        ]
        for query, pos, says in cases:
            r = q(s, query)
            Check.eq(r.status, 400, "status of %r" % query[:40])
            if r.status != 400:
                continue
            e = r.json()
            Check.eq(e["error"], "bad_query", "error code")
            Check.eq(e["position"], pos, "position in %r" % query[:40])
            Check.true(says in e["detail"] and "expected" in e["detail"]
                       or says == "too long" and says in e["detail"],
                       "detail of %r: %r" % (query[:40], e["detail"]))
        # FTS5 and SQL syntax are only ever words
        for query in ("harbour NEAR(a b)", "harbour^", "{headline}: x",
                      "harbour'; DROP TABLE story; --", "rank MATCH 1",
                      "harbour \x7f", "harbour %00"):
            r = q(s, query)
            Check.true(r.status in (200, 400), "%r: %d" % (query, r.status))
        Check.true(s.alive(), "server alive")
        Check.eq(len(s.get("/api/v1/stories").json()["items"]), 4,
                 "store intact")


def cli(opts, db, *argv):
    return run_cli(opts.binary, "search", "--db", db, *argv)


def test_never_found_killed_embargoed_superseded(opts):
    with TempDir() as d, Wire(opts, d) as w:
        s = w.s
        # superseded: the writethru's text is found, the first version's not
        Check.eq(found(s, "wombatword"), [w.ids["03"]], "current text")
        Check.eq(found(s, "quokkaword"), [], "superseded text (API)")
        Check.eq(found(s, "aground"), [w.ids["03"]], "words in both")
        Check.eq(found(s, "headline:refloated"), [w.ids["03"]], "new head")
        Check.eq(found(s, "headline:runs"), [], "old headline")
        # embargoed: nothing until the clock reaches the embargo
        Check.eq(found(s, "okapiword"), [], "embargoed (API)")
        Check.eq(found(s, "university grant"), [], "embargoed headline")
        # killed: found while live; gone after the kill, even though the
        # response cache has seen this very query
        Check.eq(found(s, "pangolinword"), [w.ids["05"]], "live before kill")
        r = s.ingest(fixture(opts, "06-grain-kill.json"))
        Check.eq(r.status, 201, "kill accepted")
        Check.eq(found(s, "pangolinword"), [], "killed (API)")
        Check.eq(found(s, "ministry exports"), [], "killed headline words")
        Check.eq(found(s, "pangolinword", sort="time"), [], "killed by time")
        doc = q(s, "pangolin* OR okapiword OR quokkaword").json()
        Check.eq(doc["total"], 0, "no count of hidden copy")
        Check.eq(doc["facets"]["source"], [], "no facet of hidden copy")
        # the CLI sees the same
        for word in ("quokkaword", "pangolinword", "okapiword"):
            rc, out, err = cli(opts, w.db, "--json", word)
            Check.eq(rc, 0, "cli rc for " + word)
            Check.eq(json.loads(out)["items"], [], "cli finds no " + word)
            rc, out, err = cli(opts, w.db, word)
            Check.true("No story matches" in out, "cli table: %r" % out)
        # the embargo lifts: found everywhere
        set_clock(w.clock, T0 + 4 * 3600)
        import time
        time.sleep(0.3)
        Check.eq(found(s, "okapiword"), [w.ids["07"]], "released (API)")
        rc, out, err = cli(opts, w.db, "--json", "okapiword")
        Check.eq([i["id"] for i in json.loads(out)["items"]], [w.ids["07"]],
                 "released (CLI)")


def test_cli(opts):
    with TempDir() as d, Wire(opts, d) as w:
        rc, out, err = cli(opts, w.db, "harbour")
        Check.eq(rc, 0, "rc")
        lines = out.splitlines()
        Check.true(lines[0].split()[:5] == ["#", "id", "date", "source",
                                            "headline"], "header: %r"
                   % lines[0])
        Check.true("Dockers strike at Port Calder harbour" in lines[1],
                   "first hit: %r" % lines[1])
        Check.true("2 shown of 2 stories (by relevance)." in out, out)
        # JSON: what the API answers
        rc, out, err = cli(opts, w.db, "--json", "harbour")
        api = q(w.s, "harbour").json()
        got = json.loads(out)
        for k in ("query", "total", "total_exact", "facets"):
            Check.eq(got[k], api[k], "cli json " + k)
        Check.eq([i["id"] for i in got["items"]],
                 [i["id"] for i in api["items"]], "cli json items")
        # options and the query's own minus
        rc, out, err = cli(opts, w.db, "harbour", "-dockers", "--limit", "5")
        Check.eq(rc, 0, "minus word on the command line")
        Check.true("Central bank holds rates" in out and "Dockers" not in out,
                   out)
        rc, out, err = cli(opts, w.db, "--source=Testwire", "--json",
                           "harbour")
        Check.eq([i["id"] for i in json.loads(out)["items"]], [w.ids["01"]],
                 "--source")
        rc, out, err = cli(opts, w.db, "--json", "--limit", "1", "harbour")
        nxt = json.loads(out)["next"]
        rc, out, err = cli(opts, w.db, "--json", "--limit", "1", "--cursor",
                           nxt, "harbour")
        Check.eq([i["id"] for i in json.loads(out)["items"]], [w.ids["02"]],
                 "--cursor")
        # errors point at the problem
        rc, out, err = cli(opts, w.db, "harbour", "OR")
        Check.eq(rc, 2, "malformed query rc")
        Check.true("position 11" in err and err.splitlines()[-1].endswith("^"),
                   err)
        rc, out, err = cli(opts, w.db, "--limit", "0", "harbour")
        Check.eq(rc, 2, "bad option rc")
        none = (pg_url_for("owi_no_such_database") if postgres_wanted()
                else os.path.join(d, "none.db"))
        rc, out, err = run_cli(opts.binary, "search", "--db", none, "harbour")
        Check.eq(rc, 3, "no database")
        rc, out, err = cli(opts, w.db, "--sql", "harbour")
        if postgres_wanted():  # every word a bound parameter, shown bound
            Check.true("phraseto_tsquery('ow', $1)" in err and
                       "$1 = 'harbour'" in err, "--sql: %r" % err[:300])
        else:
            Check.true("story_fts MATCH '\"harbour\"'" in err, "--sql: %r"
                       % err[:300])
        rc, out, err = run_cli(opts.binary, "help", "search")
        Check.eq(rc, 0, "help search")
        Check.true("headline:" in out, "help shows the language")


if __name__ == "__main__":
    main(globals())
