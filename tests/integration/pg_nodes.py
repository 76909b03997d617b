"""Several `offwire serve` nodes on one PostgreSQL database (label postgres):
a version ingested on one node reaches the other node's push subscribers; a
kill on one node takes the story off the other's (cached) ticker; an embargo
is released exactly once with both nodes running (one release event in the
log and on each stream); a reader that names the seq it was answered
(Offwire-Seq) reads its write on any node, replica or not.

Run by CTest with OW_TEST_DB=postgres; skipped (77) without a server."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from owtest import (Check, Server, TempDir, db_uri, main,  # noqa: E402
                    postgres_wanted, psql, run_cli)
from test_push import Stream, story  # noqa: E402


def releases(stream, story_id):
    return [e for e in stream.events()
            if e[1] == "release" and e[2]["story"]["id"] == story_id]


def wait_for(pred, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


def ticker_ids(server):
    return [i["id"] for i in server.get("/api/v1/ticker").json()]


def test_two_nodes(opts):
    with TempDir() as d:
        clock = os.path.join(d, "clock")
        with open(clock, "w") as f:
            f.write("1700000000\n")
        db = db_uri(os.path.join(d, "shared.db"))
        env = {"OFFWIRE_TEST_CLOCK": clock}
        with Server(opts.binary, db, env=env) as a, \
                Server(opts.binary, db, env=env) as b:
            sa, sb = Stream(a.port), Stream(b.port)
            for s in (sa, sb):
                s.read_until(lambda buf: b"offwire stream" in buf)

            # ingest on A: B's subscriber hears of it
            r = a.ingest(story("urn:nodes:1", "Filed on node A"))
            Check.eq(r.status, 201, "ingest on A")
            one = r.json()["id"]
            sb.read_until(lambda buf: b"Filed on node A" in buf)
            got = [e for e in sb.events() if e[2]["story"]["id"] == one]
            Check.eq([e[1] for e in got], ["version"], "B's stream")
            Check.true(one in ticker_ids(a), "A's ticker has it (cached)")
            Check.true(wait_for(lambda: one in ticker_ids(b)),
                       "B's ticker has it")

            # a kill on B: gone from A's ticker, told on A's stream
            k = b.ingest('{"uri": "urn:nodes:1", "source": "Pushwire", '
                         '"pubstatus": "canceled", "ednote": "Withdrawn."}')
            Check.eq(k.status, 201, "kill on B")
            sa.read_until(lambda buf: b"event: kill" in buf)
            Check.true(any(e[1] == "kill" and e[2]["story"]["id"] == one
                           for e in sa.events()), "A's stream: kill")
            Check.true(wait_for(lambda: one not in ticker_ids(a)),
                       "killed story off A's ticker")
            Check.eq(a.get("/api/v1/stories/%d" % one).status, 410,
                     "A answers 410 for the killed story")

            # an embargo, both nodes' timers armed: released once
            e = a.ingest(story("urn:nodes:2", "Embargoed on A",
                               extra=', "embargoed": '
                                     '"2023-11-14T22:20:00Z"'))
            Check.eq(e.json()["state"], "embargoed", "held back")
            two = e.json()["id"]
            time.sleep(0.3)  # B has heard of it and armed its timer
            with open(clock, "w") as f:
                f.write("1700000500\n")
            for s in (sa, sb):
                s.read_until(lambda buf: b"event: release" in buf)
            time.sleep(1.5)  # a second release would have come by now
            for name, s in (("A", sa), ("B", sb)):
                s.read_until(lambda buf: False, timeout=0.2)
                Check.eq(len(releases(s, two)), 1,
                         "one release event on %s's stream" % name)
            ok, out = psql(db, "SELECT count(*) FROM event WHERE kind = "
                               "'release' AND story_id = %d" % two)
            Check.eq(out.strip(), "1", "one release event in the log")
            Check.eq(b.get("/api/v1/stories/%d" % two).status, 200,
                     "released story served by B")
            sa.close()
            sb.close()

            # read-your-writes on a node reading a "replica" (here the
            # primary itself: the floor logic, not the lag, is under test)
            with Server(opts.binary, db, env=env,
                        extra=["--db-read", db]) as c:
                r = a.ingest(story("urn:nodes:3", "Read your writes"))
                seq, three = r.json()["seq"], r.json()["id"]
                got = c.get("/api/v1/stories/%d" % three,
                            headers={"Offwire-Seq": str(seq)})
                Check.eq(got.status, 200, "read on C after write on A")
                Check.true(three in [i["id"] for i in c.get(
                    "/api/v1/stories", headers={"Offwire-Seq": str(seq)})
                    .json()["items"]], "C's list has it")


def test_migrate(opts):
    """offwire migrate: the same answers from the copy, and a second run
    refused without a change."""
    samples = os.path.join(os.path.dirname(__file__), "..", "..", "samples")
    files = sorted(os.path.join(samples, f) for f in os.listdir(samples)
                   if f.endswith((".txt", ".json")))
    with TempDir() as d:
        lite = os.path.join(d, "archive.db")
        os.environ["OW_TEST_DB"] = "sqlite"  # the source is a real file
        try:
            rc, out, err = run_cli(opts.binary, "ingest", "--db", lite,
                                   "--quiet", *files)
            Check.eq(rc, 0, "samples ingested: %s" % err)
            with Server(opts.binary, lite) as s:
                s.ingest(b"\x00 not wire copy")  # something in quarantine
        finally:
            os.environ["OW_TEST_DB"] = "postgres"
        pg = db_uri(os.path.join(d, "target.db"))
        rc, out, err = run_cli(opts.binary, "migrate", "--from", lite,
                               "--to", pg)
        Check.eq(rc, 0, "migrate: %s" % err)
        Check.true("raw_input" in out and "search_doc" in out, out)
        rc, out, err = run_cli(opts.binary, "migrate", "--from", lite,
                               "--to", pg)
        Check.eq(rc, 1, "second run refused")
        Check.true("not empty" in err, err)
        paths = ["/api/v1/stories?limit=50", "/api/v1/ticker",
                 "/api/v1/stories/1", "/api/v1/stories/2/versions",
                 "/api/v1/quarantine", "/api/v1/held"]
        answers = {}
        for db in (lite, pg):
            env_db = "sqlite" if db == lite else "postgres"
            os.environ["OW_TEST_DB"] = env_db
            try:
                with Server(opts.binary, db) as s:
                    answers[db] = [s.get(p).body for p in paths]
            finally:
                os.environ["OW_TEST_DB"] = "postgres"
        for p, a, b in zip(paths, answers[lite], answers[pg]):
            Check.eq(b, a, "same answer for " + p)
        # the sequence goes on where the archive's stopped
        with Server(opts.binary, pg) as s:
            r = s.ingest(story("urn:migrated:1", "After the move"))
            ok, last = psql(pg, "SELECT max(seq) FROM version WHERE seq < "
                                "%d" % r.json()["seq"])
            Check.eq(r.json()["seq"], int(last.strip()) + 1, "seq goes on")


if __name__ == "__main__":
    if not postgres_wanted():
        print("skipped: several nodes need PostgreSQL (OW_TEST_DB=postgres "
              "and OW_TEST_PG_URL)")
        sys.exit(77)
    main(globals())
