"""Shared helpers for offwire's integration tests: start the real binary on a
free loopback port, talk HTTP to it with the standard library, stop it.

Each test script is run by CTest as
    python3 tests/integration/test_X.py --binary build/offwire --data tests/data
and exits non-zero if any check failed.

With OW_TEST_DB=postgres (CTest's label postgres) every database a test
names by a file path is a PostgreSQL database instead, on the server
OW_TEST_PG_URL names (scripts/pg-test-server start prints one): the same
path is the same database for the whole run, so a test that restarts its
server finds its data again. Without a reachable server those runs exit 77
(skipped) with the reason."""

import argparse
import atexit
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback


def args():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--corpus", help="../shared/corpus, for corpus_*.py")
    p.add_argument("-k", dest="only", help="run only tests containing this")
    return p.parse_args()


def postgres_wanted():
    return os.environ.get("OW_TEST_DB") == "postgres"


def psql(url, sql):
    """Runs one statement on the server at `url`; (ok, output)."""
    p = subprocess.run(["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1",
                        "-c", sql], capture_output=True, timeout=60)
    return p.returncode == 0, (p.stdout + p.stderr).decode(errors="replace")


def pg_url_for(name):
    """The server's URL with the database part replaced by `name`."""
    url = os.environ["OW_TEST_PG_URL"]
    scheme, rest = url.split("://", 1)
    cut = len(rest)
    for ch in "/?":
        i = rest.find(ch)
        if i >= 0:
            cut = min(cut, i)
    query = rest[cut:].partition("?")[2]
    return "%s://%s/%s%s" % (scheme, rest[:cut], name,
                             "?" + query if query else "")


_pg_made = set()


def _pg_drop_all():
    for name in _pg_made:
        psql(os.environ["OW_TEST_PG_URL"],
             "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)


def db_uri(path):
    """What to pass as --db for a test's database file `path`."""
    if not postgres_wanted() or "://" in path:
        return path
    name = "owi_" + hashlib.sha1(path.encode()).hexdigest()[:20]
    if name not in _pg_made:
        if not _pg_made:
            atexit.register(_pg_drop_all)
        ok, out = psql(os.environ["OW_TEST_PG_URL"],
                       "CREATE DATABASE %s" % name)
        if not ok:
            raise RuntimeError("cannot create %s: %s" % (name, out))
        psql(os.environ["OW_TEST_PG_URL"],
             "ALTER DATABASE %s SET synchronous_commit = off" % name)
        _pg_made.add(name)
    return pg_url_for(name)


PG_TEST_SERVER = os.environ.get("OW_PG_TEST_SERVER") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
    "pg-test-server")


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        return sk.getsockname()[1]


def pg_server(cmd, d, port):
    """scripts/pg-test-server CMD for a PostgreSQL of a test's own in d."""
    return subprocess.run([PG_TEST_SERVER, cmd, "--dir", d, "--port",
                           str(port)], capture_output=True, timeout=120)


def skip_without_postgres():
    """Exits 77 when PostgreSQL is wanted and cannot be had."""
    if not postgres_wanted():
        return
    url = os.environ.get("OW_TEST_PG_URL")
    if not url:
        print("skipped: OW_TEST_DB=postgres but OW_TEST_PG_URL is unset "
              "(scripts/pg-test-server start prints one)")
        sys.exit(77)
    try:
        ok, out = psql(url, "SELECT 1")
    except (OSError, subprocess.TimeoutExpired) as e:
        ok, out = False, str(e)
    if not ok:
        print("skipped: no PostgreSQL server reachable at OW_TEST_PG_URL: "
              + out.strip()[:200])
        sys.exit(77)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def __repr__(self):
        return "<%d %r>" % (self.status, self.body[:200])


class Server:
    """One `offwire serve` process on 127.0.0.1 with a port the kernel picked."""

    def __init__(self, binary, db, token="test-token", extra=(), env=None):
        self.binary = binary
        self.db = db
        self.token = token
        self.extra = list(extra)
        self.env = env
        self.proc = None
        self.port = None

    def start(self):
        cmd = [self.binary, "serve", "--db", db_uri(self.db), "--listen",
               "127.0.0.1:0"]
        if self.token:
            cmd += ["--ingest-token", self.token]
        cmd += self.extra
        # CI runs the servers under valgrind: OFFWIRE_VALGRIND holds the
        # valgrind command line; its exit code is checked on stop
        wrap = os.environ.get("OFFWIRE_VALGRIND")
        if wrap:
            cmd = wrap.split() + cmd
        env = dict(os.environ)
        env.pop("OFFWIRE_INGEST_TOKEN", None)
        if self.env:
            env.update(self.env)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        line = self.proc.stdout.readline().decode()  # waits for the bind
        if "listening on http://" not in line:
            err = self.proc.stderr.read().decode()
            raise RuntimeError("server did not start: %r %r" % (line, err))
        self.port = int(line.strip().rsplit(":", 1)[1])
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # a clean shutdown exits 0; valgrind and the sanitizers (TSan's
        # reports do not stop the server) make it exit non-zero
        if self.proc and self.proc.returncode != 0:
            Check.fail("server exited %d: %s" % (
                self.proc.returncode, self.proc.stderr.read().decode()[-2000:]))
        self.proc = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def request(self, method, path, body=None, headers=None, timeout=30):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            c.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def ingest(self, body, token=True, query=""):
        if isinstance(body, str):
            body = body.encode("utf-8")
        h = {"Content-Type": "application/octet-stream"}
        if token is True:
            h["Authorization"] = "Bearer " + self.token
        elif token:
            h["Authorization"] = "Bearer " + token
        return self.request("POST", "/api/v1/ingest" + query, body=body, headers=h)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class TempDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="offwire-test-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def run_cli(binary, *argv, stdin=None):
    argv = list(argv)
    for i in range(len(argv) - 1):
        if argv[i] == "--db":
            argv[i + 1] = db_uri(argv[i + 1])
    p = subprocess.run([binary] + argv, input=stdin,
                       capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class Check:
    failures = 0

    @classmethod
    def eq(cls, got, want, what=""):
        if got != want:
            cls.fail("%s: got %r, want %r" % (what, got, want))

    @classmethod
    def true(cls, cond, what=""):
        if not cond:
            cls.fail(what or "condition is false")

    @classmethod
    def fail(cls, msg):
        cls.failures += 1
        frame = traceback.extract_stack()[-3]
        print("FAIL %s:%d: %s" % (os.path.basename(frame.filename),
                                  frame.lineno, msg), file=sys.stderr)


def main(tests):
    """Runs every function in `tests` (name -> fn(opts)); exits 1 on failure."""
    opts = args()
    skip_without_postgres()
    for name, fn in tests.items():
        if not name.startswith("test_"):
            continue
        if opts.only and opts.only not in name:
            continue
        t0 = time.time()
        try:
            fn(opts)
        except Exception:
            Check.failures += 1
            traceback.print_exc()
            print("FAIL %s raised" % name, file=sys.stderr)
        print("%s %.2fs" % (name, time.time() - t0))
    if Check.failures:
        print("%d failure(s)" % Check.failures, file=sys.stderr)
        sys.exit(1)
