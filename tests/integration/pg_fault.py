"""PostgreSQL goes away under an ingest loop and comes back (label postgres):
every story acknowledged with 201 is there afterwards, ingest meanwhile is
answered 503 (not 500, and not a hang), and ingest resumes by itself once
the database is back (the store reconnects with backoff). And a streaming
replica held behind (replay paused): a node reading it still reads its own
writes and, given Offwire-Seq, another node's; once replay resumes it reads
the replica.

Starts a PostgreSQL of its own with scripts/pg-test-server (the shared test
server is not restarted under the other tests); skipped (77) where no
PostgreSQL server can be started. Bounded: at most 400 requests, about a
minute."""

import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from owtest import (PG_TEST_SERVER, Check, Server, TempDir, free_port,  # noqa: E402
                    main, pg_server)





def story(i):
    return ('{"uri": "urn:fault:%d", "headline": "Fault story %d", '
            '"source": "Faultwire", "body_text": "Text %d."}' % (i, i, i))


def test_restart_under_ingest(opts):
    with TempDir() as d:
        os.chmod(d, 0o755)  # as root the server runs as "postgres"
        pgdir = os.path.join(d, "pg")
        port = free_port()
        p = pg_server("start", pgdir, port)
        if p.returncode != 0:
            print("skipped: cannot start a PostgreSQL server: %s"
                  % p.stderr.decode(errors="replace")[-300:])
            sys.exit(77)
        url = p.stdout.decode().strip()
        try:
            run(opts, url, pgdir, port)
        finally:
            pg_server("stop", pgdir, port)


def run(opts, url, pgdir, port):
    statuses = {}  # story number -> status
    slow = []
    with Server(opts.binary, url) as s:
        outage = {"down": None, "up": None}

        def bounce():
            time.sleep(1.0)
            outage["down"] = time.time()
            pg_server("halt", pgdir, port)
            time.sleep(3.0)
            q = pg_server("start", pgdir, port)
            outage["up"] = time.time()
            Check.eq(q.returncode, 0, "PostgreSQL back: %r" % q.stderr[-200:])

        t = threading.Thread(target=bounce)
        t.start()
        end = time.time() + 60
        i = 0
        after_up = 0
        while time.time() < end and i < 400:
            i += 1
            t0 = time.time()
            try:
                r = s.ingest(story(i))
                statuses[i] = r.status
            except OSError as e:  # a hang would show as a timeout here
                statuses[i] = "error: %s" % e
            if time.time() - t0 > 10:
                slow.append(i)
            if outage["up"] and statuses[i] == 201:
                after_up += 1
                if after_up >= 20:
                    break
            time.sleep(0.02)
        t.join()
        codes = sorted(set(map(str, statuses.values())))
        Check.true(set(statuses.values()) <= {201, 503},
                   "only 201 and 503 answered: %s" % codes)
        Check.true(503 in statuses.values(),
                   "the outage was answered 503: %s" % codes)
        Check.true(after_up >= 20, "ingest resumed after the restart "
                   "(%d accepted after)" % after_up)
        Check.eq(slow, [], "no request took over 10 s")
        acked = [n for n, st in statuses.items() if st == 201]
        print("  %d requests: %d accepted, %d answered 503"
              % (len(statuses), len(acked),
                 sum(1 for v in statuses.values() if v == 503)))
        # every acknowledged story is there: an exact re-send is answered
        # as a duplicate of it, and the story itself is served
        for n in acked:
            r = s.ingest(story(n))
            Check.eq(r.status, 201, "re-send of %d" % n)
            item = r.json()["items"][0]
            Check.true(item["duplicate"], "story %d was kept" % n)
            Check.eq(s.get("/api/v1/stories/%d" % item["id"]).status, 200,
                     "story %d served" % n)


def test_replica_read_your_writes(opts):
    with TempDir() as d:
        os.chmod(d, 0o755)
        pdir, rdir = os.path.join(d, "pg"), os.path.join(d, "replica")
        port, rport = free_port(), free_port()
        p = pg_server("start", pdir, port)
        if p.returncode != 0:
            print("skipped: cannot start a PostgreSQL server")
            sys.exit(77)
        try:
            url = p.stdout.decode().strip()
            r = subprocess.run([PG_TEST_SERVER, "replica", "--dir", rdir, "--port",
                                str(rport), "--primary-port", str(port)],
                               capture_output=True, timeout=120)
            Check.eq(r.returncode, 0, "replica: %r" % r.stderr[-300:])
            if r.returncode:
                return
            rurl = r.stdout.decode().strip()
            replica_reads(opts, url, rurl)
        finally:
            pg_server("stop", rdir, rport)
            pg_server("stop", pdir, port)


def psql_at(url, sql):
    p = subprocess.run(["psql", url, "-qAt", "-c", sql], capture_output=True,
                       timeout=60)
    return p.stdout.decode().strip()


def wait_for(pred, timeout=10):
    end = time.time() + timeout
    while time.time() < end and not pred():
        time.sleep(0.05)
    return pred()


def replica_reads(opts, url, rurl):
    with Server(opts.binary, url) as a, \
            Server(opts.binary, url, extra=["--db-read", rurl]) as c:
        r = a.ingest(story(1))
        Check.eq(r.status, 201, "first story")
        Check.true(wait_for(lambda: psql_at(
            rurl, "SELECT count(*) FROM story") == "1"), "replica caught up")
        psql_at(rurl, "SELECT pg_wal_replay_pause()")
        # another node's write, named by the seq it was answered
        r = a.ingest(story(2))
        seq, sid = r.json()["seq"], r.json()["id"]
        Check.eq(psql_at(rurl, "SELECT count(*) FROM story"), "1",
                 "the replica is behind")
        got = c.get("/api/v1/stories/%d" % sid,
                    headers={"Offwire-Seq": str(seq)})
        Check.eq(got.status, 200, "another node's write, with Offwire-Seq")
        # this node's own write, no header
        r = c.ingest(story(3))
        Check.eq(c.get("/api/v1/stories/%d" % r.json()["id"]).status, 200,
                 "own write read back while the replica is behind")
        Check.true(r.json()["id"] in [i["id"] for i in c.get(
            "/api/v1/stories").json()["items"]], "own write listed")
        # replay resumes: reads go to the replica again
        psql_at(rurl, "SELECT pg_wal_replay_resume()")
        Check.true(wait_for(lambda: psql_at(
            rurl, "SELECT count(*) FROM story") == "3"), "replica resumed")
        for i in range(5):
            Check.eq(c.get("/api/v1/stories?limit=%d" % (i + 1)).status, 200,
                     "list on C")
        # the replica's own view: a connection of offwire's whose last
        # statement was the story list
        got = psql_at(rurl, "SELECT count(*) FROM pg_stat_activity WHERE "
                            "application_name = 'offwire' AND query LIKE "
                            "'SELECT id, state, headline%'")
        Check.true(got not in ("", "0"), "reads served by the replica: %r"
                   % got)


if __name__ == "__main__":
    main(globals())
