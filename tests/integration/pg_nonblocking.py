"""The event loop never waits for PostgreSQL (label postgres).

While another session holds an ACCESS EXCLUSIVE lock on the story table,
so that the store's reads wait on it: a request that needs the store waits,
and meanwhile /livez, a cached response (the ticker, and its 304) and the
SSE heartbeats are all answered promptly; once the lock goes the waiting
request completes (and the replies of clients that left meanwhile are
dropped). With PostgreSQL stopped: requests that need the store
answer 503 promptly (no hang), cached ones still 200, heartbeats go on; once
it is back the store answers again.

The lock runs on the shared test server (OW_TEST_PG_URL); the outage on a
PostgreSQL of the test's own (scripts/pg-test-server, as pg_fault.py does).
Skipped (77) without a server. Bounded: about half a minute."""

import os
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from owtest import (Check, Server, TempDir, db_uri, free_port, main,  # noqa: E402
                    pg_server, psql)
from test_push import Stream, story  # noqa: E402

PROMPT = 2.0  # seconds: "promptly", with room for sanitizers and valgrind
STALL = 4.0   # seconds the lock is held (the store's lock_timeout is 15)


def timed_get(s, path, headers=None):
    t0 = time.time()
    try:
        r = s.request("GET", path, headers=headers, timeout=30)
    except OSError as e:
        return "error: %s" % e, time.time() - t0
    return r, time.time() - t0


def heartbeats(stream):
    return bytes(stream.buf).count(b": heartbeat")


class Background:
    """A request made on a thread of its own: its answer and when."""

    def __init__(self, s, path):
        self.result = None
        self.done_at = None
        self.t = threading.Thread(target=self.run, args=(s, path))
        self.t.start()

    def run(self, s, path):
        try:
            self.result = s.request("GET", path, timeout=60)
        except OSError as e:
            self.result = "error: %s" % e
        self.done_at = time.time()


def probe_while(s, stream, until, cached_path, cached_body, etag):
    """Asks what must not wait, again and again until `until`."""
    slow = []
    n = 0
    while time.time() < until:
        for path, want in (("/livez", 200), (cached_path, 200)):
            r, took = timed_get(s, path)
            n += 1
            status = getattr(r, "status", r)
            if status != want or took > PROMPT:
                slow.append((path, status, round(took, 2)))
            elif path == cached_path:
                Check.eq(r.body, cached_body, "the cached answer")
        r, took = timed_get(s, cached_path, headers={"If-None-Match": etag})
        if getattr(r, "status", r) != 304 or took > PROMPT:
            slow.append(("304", getattr(r, "status", r), round(took, 2)))
        stream.read_until(lambda b: False, timeout=0.2)
    return n, slow


# ------------------------------------------------------------- the lock

def lock_held(url):
    ok, out = psql(url, "SELECT count(*) FROM pg_locks WHERE relation = "
                        "'story'::regclass AND mode = 'AccessExclusiveLock' "
                        "AND granted")
    return ok and out.strip() == "1"


def test_lock_stall(opts):
    with TempDir() as d:
        url = db_uri(os.path.join(d, "stall.db"))
        with Server(opts.binary, url, extra=["--heartbeat", "1"]) as s:
            r = s.ingest(story("urn:stall:1", "Before the lock"))
            Check.eq(r.status, 201, "ingest")
            sid = r.json()["id"]
            cached = s.get("/api/v1/ticker")
            Check.eq(cached.status, 200, "ticker")
            etag = cached.header("ETag")
            stream = Stream(s.port)
            stream.read_until(lambda b: b"offwire stream" in b)

            # another session takes the story table and keeps it
            locker = subprocess.Popen(
                ["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE)
            locker.stdin.write(b"BEGIN;\nLOCK TABLE story IN ACCESS "
                               b"EXCLUSIVE MODE;\n")
            locker.stdin.flush()
            end = time.time() + 10
            while time.time() < end and not lock_held(url):
                time.sleep(0.05)
            Check.true(lock_held(url), "the lock is held")
            t0 = time.time()
            try:
                stalled = Background(s, "/api/v1/stories/%d" % sid)
                # two clients that give up while their request waits, one
                # closing politely, one resetting: their replies must be
                # dropped safely (the sanitizer builds would crash)
                for rst in (False, True):
                    gone = socket.create_connection(("127.0.0.1", s.port))
                    gone.sendall(b"GET /api/v1/stories/%d?gone HTTP/1.1\r\n"
                                 b"Host: x\r\n\r\n" % sid)
                    if rst:
                        gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                        struct.pack("ii", 1, 0))
                    time.sleep(0.1)
                    gone.close()
                time.sleep(0.3)
                Check.true(stalled.done_at is None,
                           "the story waits for the lock: %r"
                           % (stalled.result,))
                beats = heartbeats(stream)
                n, slow = probe_while(s, stream, t0 + STALL,
                                      "/api/v1/ticker", cached.body, etag)
                Check.eq(slow, [], "answered promptly during the stall "
                                   "(%d requests)" % n)
                got = heartbeats(stream) - beats
                Check.true(got >= int(STALL) - 2,
                           "heartbeats during the stall: %d" % got)
                Check.true(stalled.done_at is None,
                           "still waiting after %.1f s: %r"
                           % (time.time() - t0, stalled.result))
            finally:
                locker.stdin.write(b"ROLLBACK;\n")
                locker.stdin.close()
                locker.wait(30)
            released = time.time()
            stalled.t.join(30)
            Check.eq(getattr(stalled.result, "status", stalled.result), 200,
                     "the waiting request completes")
            if stalled.done_at:
                Check.true(stalled.done_at >= t0 + STALL - 0.5,
                           "it had waited for the lock")
                Check.true(stalled.done_at - released < 10,
                           "it completes once the lock goes (%.1f s)"
                           % (stalled.done_at - released))
            # and the node goes on as before
            Check.eq(s.get("/livez").status, 200, "alive after the lock")
            r = s.ingest(story("urn:stall:2", "After the lock"))
            Check.eq(r.status, 201, "ingest after")
            stream.read_until(lambda b: b"After the lock" in b)
            Check.true(b"After the lock" in stream.buf, "pushed after")
            stream.close()


# ----------------------------------------------------------- the outage



def test_outage(opts):
    with TempDir() as d:
        os.chmod(d, 0o755)  # as root the server runs as "postgres"
        pgdir = os.path.join(d, "pg")
        port = free_port()
        p = pg_server("start", pgdir, port)
        if p.returncode != 0:
            print("skipped: cannot start a PostgreSQL server: %s"
                  % p.stderr.decode(errors="replace")[-300:])
            sys.exit(77)
        try:
            outage(opts, p.stdout.decode().strip(), pgdir, port)
        finally:
            pg_server("stop", pgdir, port)


def outage(opts, url, pgdir, port):
    with Server(opts.binary, url, extra=["--heartbeat", "1"]) as s:
        sid = s.ingest(story("urn:out:1", "Before the outage")).json()["id"]
        cached = s.get("/api/v1/ticker")
        etag = cached.header("ETag")
        stream = Stream(s.port)
        stream.read_until(lambda b: b"offwire stream" in b)
        Check.eq(pg_server("halt", pgdir, port).returncode, 0, "PostgreSQL stopped")
        beats = heartbeats(stream)
        t0 = time.time()
        answers = []
        while time.time() < t0 + STALL:
            for path in ("/api/v1/stories/%d" % sid, "/healthz",
                         "/api/v1/stories?limit=3"):
                r, took = timed_get(s, path)
                answers.append((path, getattr(r, "status", r), took))
            stream.read_until(lambda b: False, timeout=0.2)
        bad = [(p, st, round(t, 2)) for p, st, t in answers
               if st != 503 or t > PROMPT]
        Check.eq(bad, [], "503 promptly while the database is down "
                          "(%d requests)" % len(answers))
        n, slow = probe_while(s, stream, time.time() + 1.5,
                              "/api/v1/ticker", cached.body, etag)
        Check.eq(slow, [], "livez and the cache answer while it is down")
        got = heartbeats(stream) - beats
        Check.true(got >= int(STALL) - 2, "heartbeats while down: %d" % got)
        Check.eq(pg_server("start", pgdir, port).returncode, 0, "PostgreSQL back")
        end = time.time() + 20
        status = None
        while time.time() < end and status != 200:
            status = s.get("/api/v1/stories/%d" % sid).status
            time.sleep(0.2)
        Check.eq(status, 200, "the store answers again")
        # the writer's connection died with the server: the first write
        # may find that out (503, retried as any client does)
        for _ in range(20):
            r = s.ingest(story("urn:out:2", "After the outage"))
            if r.status != 503:
                break
            time.sleep(0.2)
        Check.eq(r.status, 201, "ingest after")
        stream.read_until(lambda b: b"After the outage" in b, timeout=10)
        Check.true(b"After the outage" in stream.buf, "pushed after")
        stream.close()


if __name__ == "__main__":
    if not os.environ.get("OW_TEST_PG_URL"):
        print("skipped: OW_TEST_PG_URL is unset (scripts/pg-test-server "
              "start prints one)")
        sys.exit(77)
    main(globals())
