"""Live push over real sockets: Server-Sent Events (resume with
Last-Event-ID, filters, kill and release events, heartbeats, 1,000
concurrent subscribers, a slow consumer cut off without harming others) and
the long-poll cursor feed."""

import json
import os
import resource
import selectors
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from owtest import Check, Server, TempDir, main  # noqa: E402


def story(uri, headline, source="Pushwire", extra=""):
    return ('{"uri": "%s", "headline": "%s", "source": "%s", '
            '"body_text": "Text of %s."%s}' % (uri, headline, source,
                                                headline, extra))


class Stream:
    """A raw SSE connection: send the request, then read events."""

    def __init__(self, port, path="/api/v1/stream", headers=None, recv=True):
        self.sock = socket.create_connection(("127.0.0.1", port))
        h = "".join("%s: %s\r\n" % kv for kv in (headers or {}).items())
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n"
                           % (path, h)).encode())
        self.buf = bytearray()  # grows by appending: no quadratic copies
        if recv:
            self.sock.settimeout(5)

    def read_until(self, pred, timeout=5):
        end = time.time() + timeout
        while not pred(self.buf) and time.time() < end:
            self.sock.settimeout(max(0.01, end - time.time()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            self.buf += chunk
        return self.buf

    def events(self):
        """(id, type, data) for every complete event seen so far."""
        text = bytes(self.buf).decode("utf-8", "replace")
        body = text.split("\r\n\r\n", 1)[1] if "\r\n\r\n" in text else ""
        out = []
        for block in body.split("\n\n"):
            ev = {}
            for line in block.splitlines():
                # chunked encoding puts hex sizes on their own lines
                if ": " in line and not line.startswith(":"):
                    k, v = line.split(": ", 1)
                    ev[k] = v
            if "id" in ev and "data" in ev:
                out.append((int(ev["id"]), ev.get("event"), json.loads(ev["data"])))
        return out

    def close(self):
        self.sock.close()


def test_live_and_resume(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        a = Stream(s.port)
        a.read_until(lambda b: b"offwire stream" in b)
        seqs = [s.ingest(story("urn:p:%d" % i, "Push %d" % i)).json()["seq"]
                for i in range(3)]
        a.read_until(lambda b: b.count(b"event: version") >= 3)
        ev = a.events()
        Check.eq([e[0] for e in ev], seqs, "ids are the versions' seqs")
        Check.eq([e[1] for e in ev], ["version"] * 3, "event types")
        Check.eq(ev[0][2]["story"]["headline"], "Push 0", "payload")
        a.close()
        # while disconnected, three more; resume from the last id seen
        more = [s.ingest(story("urn:p:%d" % i, "Push %d" % i)).json()["seq"]
                for i in range(3, 6)]
        b = Stream(s.port, headers={"Last-Event-ID": str(seqs[-1])})
        b.read_until(lambda x: x.count(b"event: version") >= 3)
        got = [e[0] for e in b.events()]
        Check.eq(got, more, "exactly the missed events, in order")
        # and then live, with no duplicate
        last = s.ingest(story("urn:p:9", "Push 9")).json()["seq"]
        b.read_until(lambda x: x.count(b"event: version") >= 4)
        Check.eq([e[0] for e in b.events()], more + [last], "live after resume")
        b.close()
        c = Stream(s.port, path="/api/v1/stream?after=%d" % seqs[0])
        c.read_until(lambda x: x.count(b"event: version") >= 6)
        Check.eq([e[0] for e in c.events()], seqs[1:] + more + [last],
                 "?after= resumes too")
        c.close()
        Check.eq(s.get("/api/v1/stream?after=abc").status, 400, "bad after")


def test_filters_kill_release_heartbeat(opts):
    with TempDir() as d:
        clock = os.path.join(d, "clock")
        with open(clock, "w") as f:
            f.write("1700000000\n")
        with Server(opts.binary, os.path.join(d, "w.db"),
                    extra=["--heartbeat", "1"],
                    env={"OFFWIRE_TEST_CLOCK": clock}) as s:
            src = Stream(s.port, path="/api/v1/stream?source=OnlyThis")
            allv = Stream(s.port)
            for x in (src, allv):
                x.read_until(lambda b: b"offwire stream" in b)
            s.ingest(story("urn:f:1", "Other agency", source="Else"))
            k = s.ingest(story("urn:f:2", "Will be killed", source="OnlyThis"))
            s.ingest('{"uri": "urn:f:2", "source": "OnlyThis", '
                     '"pubstatus": "canceled", "ednote": "Withdrawn."}')
            emb = s.ingest(story("urn:f:3", "Embargoed", source="OnlyThis",
                                 extra=', "embargoed": "2023-11-14T22:20:00Z"'))
            Check.eq(emb.json()["state"], "embargoed", "held back")
            allv.read_until(lambda b: b.count(b"event: ") >= 3)
            kinds = [e[1] for e in allv.events()]
            Check.eq(kinds, ["version", "version", "kill"],
                     "no event for embargoed copy")
            with open(clock, "w") as f:
                f.write("1700000500\n")
            allv.read_until(lambda b: b"event: release" in b)
            rel = [e for e in allv.events() if e[1] == "release"]
            Check.eq(len(rel), 1, "a release event at the embargo time")
            Check.eq(rel and rel[0][2]["story"]["headline"], "Embargoed",
                     "release payload")
            src.read_until(lambda b: b"event: release" in b)
            heads = [(e[1], e[2]["story"]["headline"]) for e in src.events()]
            Check.eq(heads, [("version", "Will be killed"),
                             ("kill", "Will be killed"),
                             ("release", "Embargoed")], "source filter")
            Check.eq(k.json()["id"], [e for e in src.events()
                                      if e[1] == "kill"][0][2]["story"]["id"],
                     "kill names the story")
            allv.read_until(lambda b: b": heartbeat" in b, timeout=3)
            Check.true(b": heartbeat" in allv.buf, "heartbeat comments")
            src.close()
            allv.close()


def test_section_and_query_filters(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        sport = Stream(s.port, path="/api/v1/stream?section=sport")
        code = Stream(s.port, path="/api/v1/stream?section=15000000")
        words = Stream(s.port, path="/api/v1/stream?q=regatta")
        for x in (sport, code, words):
            x.read_until(lambda b: b"offwire stream" in b)
        sub = ', "subjects": [{"name": "Sport", "literal": "15000000"}]'
        a = s.ingest(story("urn:s:1", "Regatta postponed by storm",
                           extra=sub)).json()["seq"]
        s.ingest(story("urn:s:2", "Council budget vote"))
        c = s.ingest(story("urn:s:3", "Cup final sold out",
                           extra=sub)).json()["seq"]
        for x in (sport, code, words):
            x.read_until(lambda b: b"Cup final" in b or b"Council" in b,
                         timeout=2)
        Check.eq([e[0] for e in sport.events()], [a, c], "section by name")
        Check.eq([e[0] for e in code.events()], [a, c], "section by code")
        Check.eq([e[0] for e in words.events()], [a], "by words")
        for x in (sport, code, words):
            x.close()


def test_thousand_subscribers(opts):
    n = 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4 * n), hard))
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        sel = selectors.DefaultSelector()
        socks = []
        for i in range(n):
            c = socket.create_connection(("127.0.0.1", s.port))
            c.sendall(b"GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n\r\n")
            c.setblocking(False)
            sel.register(c, selectors.EVENT_READ, i)
            socks.append(c)
        bufs = [b""] * n

        def pump(done, timeout):
            end = time.time() + timeout
            while time.time() < end and not all(done(b) for b in bufs):
                for key, _ in sel.select(timeout=0.2):
                    try:
                        data = key.fileobj.recv(65536)
                    except BlockingIOError:
                        continue
                    bufs[key.data] += data
        pump(lambda b: b"offwire stream" in b, 20)
        Check.eq(sum(b"offwire stream" in b for b in bufs), n, "all connected")
        seq = s.ingest(story("urn:k:1", "For everyone")).json()["seq"]
        t0 = time.time()
        pump(lambda b: b"For everyone" in b, 20)
        got = sum(("id: %d" % seq).encode() in b for b in bufs)
        Check.eq(got, n, "every subscriber got the version")
        print("  %d subscribers received the event in %.3fs" % (got, time.time() - t0))
        h = s.get("/healthz").json()
        Check.eq(h.get("subscribers"), n, "healthz counts subscribers")
        for c in socks:
            c.close()


def test_slow_consumer_is_cut_off(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db"),
                                extra=["--push-buffer", "65536"]) as s:
        slow = socket.create_connection(("127.0.0.1", s.port))
        slow.sendall(b"GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n\r\n")
        fast = Stream(s.port)
        fast.read_until(lambda b: b"offwire stream" in b)
        Check.eq(s.get("/healthz").json()["subscribers"], 2, "two subscribers")
        stop = threading.Event()

        def drain():  # the fast one reads all the time
            while not stop.is_set():
                fast.read_until(lambda b: False, timeout=0.2)
        t = threading.Thread(target=drain)
        t.start()
        # 40 KB per event, 16 MB in all: more than the kernel buffers for a
        # reader that never reads (some MB), so the server's bound is hit
        filler = "y" * 40000
        seqs = []
        for i in range(400):
            body = ('{"uri": "urn:s:%d", "headline": "Big %d %s", '
                    '"body_text": "B."}' % (i, i, filler))
            seqs.append(s.ingest(body).json()["seq"])
        deadline = time.time() + 10
        while time.time() < deadline and \
                s.get("/healthz").json()["subscribers"] != 1:
            time.sleep(0.1)
        Check.eq(s.get("/healthz").json()["subscribers"], 1,
                 "the slow subscriber was cut off")
        time.sleep(0.5)
        stop.set()
        t.join()
        fast.read_until(lambda b: False, timeout=0.5)
        got = [e[0] for e in fast.events()]
        Check.eq(got, seqs, "the fast subscriber got everything, in order")
        # the slow one reads what the kernel held, then end of stream
        slow.settimeout(5)
        total, eof = 0, False
        try:
            while True:
                chunk = slow.recv(1 << 20)
                if not chunk:
                    eof = True
                    break
                total += len(chunk)
        except ConnectionResetError:
            eof = True
        except socket.timeout:
            pass
        Check.true(eof, "the slow subscriber's connection was closed")
        Check.true(total < 400 * 40000, "it did not get everything")
        Check.eq(s.get("/healthz").status, 200, "server unharmed")
        fast.close()


def test_long_poll_feed(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        r = s.get("/api/v1/feed?after=0")
        Check.eq(r.json(), {"items": [], "next": 0}, "empty feed")
        a = s.ingest(story("urn:l:1", "Poll one")).json()["seq"]
        b = s.ingest(story("urn:l:2", "Poll two")).json()["seq"]
        r = s.get("/api/v1/feed?after=0").json()
        Check.eq([i["seq"] for i in r["items"]], [a, b], "versions in order")
        Check.eq(r["next"], b, "next cursor")
        r = s.get("/api/v1/feed?after=%d&limit=1" % 0).json()
        Check.eq([i["seq"] for i in r["items"]], [a], "limit")
        Check.eq(r["next"], a, "cursor after a limited page")
        res = {}

        def poll():
            t0 = time.time()
            res["r"] = s.get("/api/v1/feed?after=%d&wait=10" % b).json()
            res["t"] = time.time() - t0
        t = threading.Thread(target=poll)
        t.start()
        time.sleep(0.5)
        c = s.ingest(story("urn:l:3", "Poll three")).json()["seq"]
        t.join()
        Check.eq([i["seq"] for i in res["r"]["items"]], [c], "woken by ingest")
        Check.true(res["t"] < 5, "returned on the event, not the timeout")
        t0 = time.time()
        r = s.get("/api/v1/feed?after=%d&wait=1" % c).json()
        Check.eq(r, {"items": [], "next": c}, "times out empty")
        Check.true(time.time() - t0 >= 0.9, "waited")
        Check.eq(s.get("/api/v1/feed?wait=61").status, 400, "wait bound")


if __name__ == "__main__":
    main(globals())
