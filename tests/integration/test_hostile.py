"""Hostile input through the real server and CLI: billion laughs, an external
entity pointing at /etc/passwd, 10,000-deep nesting, a 200 MB input, NUL
bytes, truncated ANPA frames, invalid UTF-8, a wrong declared charset, an
empty file, a file of only control bytes. Each gets a clear error (422 with a
reason, kept in quarantine) or a sanitised result (201), never a crash, a
hang or unbounded memory; the server keeps serving throughout, and nothing
from /etc/passwd ever comes back."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from owtest import Check, Server, TempDir, main, run_cli  # noqa: E402

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n' +
          b"".join(b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1)) * 10
                                               if i > 1 else b"&lol;" * 10)
                   for i in range(1, 10)) +
          b']>\n<nitf><body><body.head><hedline><hl1>&lol9;</hl1></hedline>'
          b'</body.head></body></nitf>\n')
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM '
       b'"file:///etc/passwd">]>\n<rss version="2.0"><channel><title>t</title>'
       b'<item><title>&x;</title><description>&x;</description></item>'
       b'</channel></rss>\n')
DEEP_XML = (b'<?xml version="1.0"?><nitf><body><body.content>' +
            b"<div>" * 10000 + b"x" + b"</div>" * 10000 +
            b"</body.content></body></nitf>")
DEEP_JSON = b"[" * 10000 + b"]" * 10000
WRONG_CHARSET = ('<?xml version="1.0" encoding="UTF-8"?><nitf><head><title>'
                 'Caf\xe9</title></head><body><body.head><hedline><hl1>Caf\xe9 '
                 'owners protest</hl1></hedline></body.head><body.content><p>'
                 'Caf\xe9 text.</p></body.content></body></nitf>').encode("latin-1")


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


CASES = [
    # (name, bytes, acceptable statuses, what the answer must say if 422)
    ("billion laughs", LAUGHS, {422}, "entity"),
    ("external entity", XXE, {422}, "entity"),
    ("deep xml", DEEP_XML, {422, 201}, None),
    ("deep json", DEEP_JSON, {422}, "depth"),
    ("nul bytes", b"Headline with\x00NUL\nBody\x00 text.\n", {201}, None),
    ("invalid utf-8", b"Bad \xff\xfe bytes headline\n\nBody \xc3\x28 text.\n",
     {201}, None),
    ("wrong charset", WRONG_CHARSET, {201, 422}, None),
    ("empty", b"", {422}, "empty"),
    ("control bytes", bytes(range(1, 9)) * 100, {422}, "tried"),
]


def truncated_anpa(opts):
    """The project's own ANPA fixture, cut before its ETX."""
    with open(os.path.join(opts.data, "anpa", "alert.anpa"), "rb") as f:
        frame = f.read()
    return frame[:frame.index(b"\x03") - 5]


def test_hostile_over_http(opts):
    cases = list(CASES) + [("truncated anpa", truncated_anpa(opts), {422},
                            "byte")]
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        rss0 = rss_kib(s.proc.pid)
        for name, body, ok, says in cases:
            t0 = time.time()
            r = s.ingest(body)
            Check.true(r.status in ok, "%s: status %d (%s)" % (name, r.status,
                                                              r.body[:200]))
            Check.true(time.time() - t0 < 10, "%s: answered promptly" % name)
            if r.status == 422 and says:
                detail = r.json()["detail"]
                Check.true(says in detail.lower(),
                           "%s: the reason names the problem: %r" % (name, detail))
            Check.eq(s.get("/healthz").status, 200, "%s: still serving" % name)
        everything = b"".join(s.get(p).body for p in (
            "/api/v1/stories?limit=200", "/api/v1/ticker", "/feeds/atom", "/"))
        Check.true(b"root:" not in everything, "no /etc/passwd in any output")
        stories = s.get("/api/v1/stories?limit=200").json()["items"]
        for st in stories:
            doc = s.get("/api/v1/stories/%d" % st["id"]).body
            doc.decode("utf-8")  # valid UTF-8 or this raises
            Check.true(b"\\u0000" not in doc, "no NUL in story %d" % st["id"])
        # 200 MB: refused by its Content-Length before the body is read
        c = socket.create_connection(("127.0.0.1", s.port))
        c.sendall(b"POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: "
                  b"Bearer " + s.token.encode() + b"\r\nContent-Length: " +
                  str(200 << 20).encode() + b"\r\n\r\n")
        c.settimeout(10)
        head = c.recv(4096)
        Check.true(b" 413 " in head, "200 MB: 413 at once: %r" % head[:80])
        try:  # the server does not wait for the rest
            c.sendall(b"x" * (1 << 20))
        except OSError:
            pass
        c.close()
        Check.eq(s.get("/healthz").status, 200, "serving after 200 MB")
        grew = rss_kib(s.proc.pid) - rss0
        Check.true(grew < 64 * 1024, "memory stayed bounded (+%d KiB)" % grew)
        q = s.get("/api/v1/quarantine", headers={
            "Authorization": "Bearer " + s.token}).json()["items"]
        Check.true(len(q) >= sum(1 for c in cases if 422 in c[2] and c[3]),
                   "rejects are in quarantine (%d)" % len(q))


def test_200mb_file_through_cli(opts):
    with TempDir() as d:
        big = os.path.join(d, "big.txt")
        with open(big, "wb") as f:
            f.write(b"Headline of a huge file\n\n")
            chunk = (b"A paragraph of filler text. " * 36 + b"\n\n")
            for _ in range((200 << 20) // len(chunk) + 1):
                f.write(chunk)
        Check.true(os.path.getsize(big) >= 200 << 20, "a 200 MB file")
        t0 = time.time()
        rc, out, err = run_cli(opts.binary, "ingest", "--db",
                               os.path.join(d, "w.db"), big)
        Check.eq(rc, 1, "rejected (exit 1)")
        Check.true("larger than the limit" in out, "says why: %r" % out[:200])
        Check.true(time.time() - t0 < 60, "promptly")
        rc, out, _ = run_cli(opts.binary, "ingest", "--db",
                             os.path.join(d, "w.db"), "--max-size",
                             str(300 << 20), big)
        Check.eq(rc, 1, "read with a higher limit, still refused")
        Check.true("over the" in out and "limit for one story" in out,
                   "a story's body is bounded too: %r" % out[:200])


if __name__ == "__main__":
    main(globals())
