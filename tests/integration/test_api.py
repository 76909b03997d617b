"""The walking skeleton over real HTTP: ingest, list, story, ticker, versions,
errors, authentication, quarantine and restart. Starts the real binary on a
free loopback port with a real SQLite file."""

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from owtest import (Check, Server, TempDir, db_uri, main,  # noqa: E402
                    postgres_wanted, psql, run_cli)


def read(opts, name):
    with open(os.path.join(opts.data, name), "rb") as f:
        return f.read()


def test_ingest_then_visible_everywhere(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        r = s.ingest(read(opts, "wiretext/stocks.txt"))
        Check.eq(r.status, 201, "ingest status")
        got = r.json()
        Check.eq(got["version"], 1, "first version")
        Check.true(got["seq"] >= 1, "seq assigned")
        sid = got["id"]

        lst = s.get("/api/v1/stories").json()
        Check.eq([i["id"] for i in lst["items"]], [sid], "story listed")
        Check.eq(lst["next"], None, "single page")
        Check.eq(lst["items"][0]["source"], "Testwire", "source from copy")

        st = s.get("/api/v1/stories/%d" % sid)
        Check.eq(st.status, 200, "story status")
        Check.eq(st.header("Content-Type"), "application/json; charset=utf-8",
                 "content type")
        doc = st.json()
        Check.eq(doc["headlines"][0]["value"],
                 "U.S. stocks drift lower after 2-day surge", "headline")
        Check.eq(doc["located"], "NEW YORK", "dateline place")
        Check.eq(doc["pubstatus"], "usable", "pubstatus")
        text = [b for b in doc["bodies"] if b["contenttype"] == "text/plain"][0]
        Check.true("drifted lower in early trade" in text["value"], "body text")
        Check.true("Enditem" not in text["value"], "end marker stripped")

        t = s.get("/api/v1/ticker").json()
        Check.eq(len(t), 1, "ticker has one line")
        Check.eq(t[0]["id"], sid, "ticker id")
        Check.eq(t[0]["url"], "/stories/%d" % sid, "ticker url")
        for k in ("id", "headline", "priority", "source", "versioncreated", "url"):
            Check.true(k in t[0], "ticker field " + k)


def test_writethru_is_version_two(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        a = s.ingest(read(opts, "wiretext/stocks.txt")).json()
        b = s.ingest(read(opts, "wiretext/stocks-1st-ld.txt"))
        Check.eq(b.status, 201, "writethru accepted")
        b = b.json()
        Check.eq(b["id"], a["id"], "same story")
        Check.eq(b["version"], 2, "version 2")
        Check.true(b["seq"] > a["seq"], "seq grows")

        t = s.get("/api/v1/ticker").json()
        Check.eq(len(t), 1, "ticker shows the story once")
        Check.eq(t[0]["headline"], "U.S. stocks drift lower after 2-day surge",
                 "ticker headline without the mark")
        doc = s.get("/api/v1/stories/%d" % a["id"]).json()
        Check.eq(doc["version"], "2", "story at version 2")
        body = doc["bodies"][1]["value"]
        Check.true("ending a two-day surge" in body, "the newer text")
        Check.true("early trade" not in body, "not the older text")

        vs = s.get("/api/v1/stories/%d/versions" % a["id"]).json()["versions"]
        Check.eq([v["version"] for v in vs], [1, 2], "versions oldest first")
        Check.eq(vs[1]["signal"], "writethru", "signal")
        Check.eq(vs[1]["mark"], "1st LD Writethru", "mark as sent")
        Check.eq(vs[1]["link"]["rule"], "headline", "linked by headline")
        Check.eq(vs[0]["link"]["rule"], "new", "first is new")
        one = s.get("/api/v1/stories/%d/versions/1" % a["id"])
        Check.eq(one.status, 200, "single version")
        Check.true("early trade" in " ".join(one.json()["body"]),
                   "old version keeps its text")
        Check.eq(s.get("/api/v1/stories/%d/versions/9" % a["id"]).status, 404,
                 "missing version")


def test_same_headline_other_source_does_not_link(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        a = s.ingest(read(opts, "wiretext/stocks.txt")).json()
        b = s.ingest(read(opts, "wiretext/other-source.txt")).json()
        Check.true(a["id"] != b["id"], "different sources, different stories")
        Check.eq(len(s.get("/api/v1/ticker").json()), 2, "two ticker lines")


def test_unparseable_is_422_and_quarantined(opts):
    with TempDir() as d:
        db = os.path.join(d, "w.db")
        with Server(opts.binary, db) as s:
            bad = b'{"headline": "broken", "body_text": }'
            r = s.ingest(bad)
            Check.eq(r.status, 422, "status")
            e = r.json()
            Check.eq(e["error"], "unparseable", "error code")
            Check.true("line 1" in e["detail"] and "column" in e["detail"],
                       "detail names where: %r" % e["detail"])
            garbage = bytes(range(1, 9)) * 10
            r2 = s.ingest(garbage)
            Check.eq(r2.status, 422, "garbage rejected")
            Check.true("tried" in r2.json()["detail"], "names the formats tried")
            # the server keeps serving
            Check.eq(s.get("/healthz").status, 200, "still alive")
            Check.eq(s.ingest(read(opts, "wiretext/stocks.txt")).status, 201,
                     "still ingesting")
            qid = e["quarantine_id"]
        if postgres_wanted():
            ok, out = psql(db_uri(db), "SELECT status, reason, "
                           "encode(bytes, 'hex') FROM raw_input WHERE id=%d"
                           % int(qid))
            row = out.rstrip("\n").split("|")
            row[2] = bytes.fromhex(row[2])
        else:
            con = sqlite3.connect(db)
            row = con.execute("SELECT status, reason, bytes FROM raw_input "
                              "WHERE id=?", (qid,)).fetchone()
            con.close()
        Check.eq(row[0], "rejected", "kept as rejected")
        Check.eq(bytes(row[2]), bad, "raw bytes kept verbatim")
        Check.true("invalid JSON" in row[1], "reason kept")


def test_auth(opts):
    with TempDir() as d:
        with Server(opts.binary, os.path.join(d, "w.db")) as s:
            body = read(opts, "wiretext/stocks.txt")
            r = s.ingest(body, token=None)
            Check.eq(r.status, 401, "missing token")
            Check.eq(r.json()["error"], "unauthorized", "401 body is JSON")
            Check.eq(s.ingest(body, token="wrong").status, 403, "wrong token")
            Check.eq(s.get("/api/v1/stories").json()["items"], [],
                     "nothing stored without auth")
        with Server(opts.binary, os.path.join(d, "w.db"), token=None) as s:
            r = s.ingest(read(opts, "wiretext/stocks.txt"), token="anything")
            Check.eq(r.status, 403, "ingest off without a configured token")
            Check.true("off" in r.json()["detail"], "says ingest is off")
        with Server(opts.binary, os.path.join(d, "w.db"), token=None,
                    env={"OFFWIRE_INGEST_TOKEN": "from-env"}) as s:
            s.token = "from-env"
            Check.eq(s.ingest(read(opts, "wiretext/stocks.txt")).status, 201,
                     "token from the environment")


def test_restart_keeps_everything(opts):
    with TempDir() as d:
        db = os.path.join(d, "w.db")
        ids = []
        with Server(opts.binary, db) as s:
            for name in ("stocks.txt", "stocks-1st-ld.txt", "other-source.txt"):
                ids.append(s.ingest(read(opts, "wiretext/" + name)).json()["id"])
            before = s.get("/api/v1/stories").json()
        with Server(opts.binary, db) as s:
            after = s.get("/api/v1/stories").json()
            Check.eq(after, before, "same list after restart")
            for i in set(ids):
                Check.eq(s.get("/api/v1/stories/%d" % i).status, 200,
                         "story %d after restart" % i)


def test_errors_and_limits(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db"),
                                extra=["--max-body", "1000"]) as s:
        r = s.get("/api/v1/nothing-here")
        Check.eq(r.status, 404, "unknown route")
        Check.eq(r.json()["error"], "not_found", "404 as JSON")
        r = s.request("DELETE", "/api/v1/stories")
        Check.eq(r.status, 405, "wrong method")
        Check.true("GET" in (r.header("Allow") or ""), "Allow header")
        Check.eq(s.get("/api/v1/stories/999").status, 404, "unknown story")
        Check.eq(s.get("/api/v1/stories/abc").status, 404, "non-numeric id")
        Check.eq(s.get("/api/v1/stories?limit=0").status, 400, "limit too small")
        Check.eq(s.get("/api/v1/stories?limit=201").status, 400, "limit too big")
        Check.eq(s.get("/api/v1/stories?since=yesterday").status, 400, "bad time")
        Check.eq(s.get("/api/v1/stories?priority=huge").status, 400, "bad priority")
        Check.eq(s.get("/api/v1/stories?cursor=zzz").status, 400, "bad cursor")
        r = s.ingest(b"x" * 5000)
        Check.eq(r.status, 413, "over the body limit")
        Check.eq(s.get("/healthz").status, 200, "alive after 413")


def test_paging_and_filters(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        for i in range(25):
            body = ('{"uri": "urn:t:%d", "headline": "Story number %d", '
                    '"versioncreated": "2015-01-%02dT10:00:00Z", "urgency": %d, '
                    '"source": "%s", "body_text": "Text %d."}'
                    % (i, i, i + 1, 1 if i == 3 else 5,
                       "A" if i % 2 else "B", i))
            Check.eq(s.ingest(body).status, 201, "ingest %d" % i)
        p1 = s.get("/api/v1/stories?limit=10").json()
        Check.eq(len(p1["items"]), 10, "page 1 size")
        Check.eq(p1["items"][0]["headline"], "Story number 24", "newest first")
        p2 = s.get("/api/v1/stories?limit=10&cursor=" + p1["next"]).json()
        p3 = s.get("/api/v1/stories?limit=10&cursor=" + p2["next"]).json()
        Check.eq(len(p3["items"]), 5, "last page")
        Check.eq(p3["next"], None, "no more pages")
        seen = [i["id"] for p in (p1, p2, p3) for i in p["items"]]
        Check.eq(len(set(seen)), 25, "every story once across pages")
        a = s.get("/api/v1/stories?source=A&limit=200").json()["items"]
        Check.eq(len(a), 12, "source filter")
        f = s.get("/api/v1/stories?priority=flash").json()["items"]
        Check.eq([i["headline"] for i in f], ["Story number 3"], "priority filter")
        w = s.get("/api/v1/stories?since=2015-01-10T00:00:00Z"
                  "&until=2015-01-12T00:00:00Z").json()["items"]
        Check.eq(sorted(i["headline"] for i in w),
                 ["Story number 10", "Story number 9"], "time window")


def test_cli_ingest(opts):
    with TempDir() as d:
        db = os.path.join(d, "w.db")
        bad = os.path.join(d, "bad.json")
        with open(bad, "w") as f:
            f.write("{ nope")
        rc, out, err = run_cli(opts.binary, "ingest", "--db", db,
                               os.path.join(opts.data, "wiretext"), bad)
        Check.eq(rc, 1, "exit 1 when something was rejected")
        lines = out.strip().splitlines()
        n = len(os.listdir(os.path.join(opts.data, "wiretext")))
        Check.eq(len(lines), n + 1, "one line per input: %r" % out)
        Check.true(lines[-1].startswith("rejected %s:" % bad), "rejection line")
        Check.true(all(l.startswith("accepted ") for l in lines[:n]), "accepted")
        rc, out, _ = run_cli(opts.binary, "ingest", "--db", db, "-",
                             stdin=read(opts, "wiretext/stocks.txt"))
        Check.eq(rc, 0, "stdin ingest")
        Check.true("duplicate" in out, "re-sent copy is a duplicate: %r" % out)
        rc, _, err = run_cli(opts.binary, "ingest", "--db", db)
        Check.eq(rc, 2, "usage error")
        rc, _, _ = run_cli(opts.binary, "ingest", "--bogus")
        Check.eq(rc, 2, "unknown option")
        rc, out, _ = run_cli(opts.binary, "--version")
        Check.true(rc == 0 and out.startswith("offwire "), "--version")
        rc, out, _ = run_cli(opts.binary, "help", "ingest")
        Check.true(rc == 0 and "--format" in out, "help ingest")


if __name__ == "__main__":
    main(globals())
