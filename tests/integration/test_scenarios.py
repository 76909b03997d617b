"""Wire-semantics scenarios: each folder under tests/data/scenarios/ holds a
sequence of inputs (any format) and scenario.json saying what must be true
afterwards. Every expectation about a story is checked on every output that
exists: the story JSON, the list, the ticker, the versions API (and the
search, feeds and pages as they arrive). The server runs on a test clock so
embargoes can be released on demand. See tests/data/scenarios/README.md."""

import calendar
import json
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from owtest import Check, Server, TempDir, args, skip_without_postgres  # noqa: E402


def parse_time(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


class Run:
    def __init__(self, opts, folder, tmp):
        self.opts = opts
        self.folder = folder
        self.name = os.path.basename(folder)
        with open(os.path.join(folder, "scenario.json")) as f:
            self.spec = json.load(f)
        self.clock_path = os.path.join(tmp, "clock")
        self.now = parse_time(self.spec.get("start", "2015-01-10T08:00:00Z"))
        self.set_clock(self.now)
        self.server = Server(opts.binary, os.path.join(tmp, "w.db"),
                             env={"OFFWIRE_TEST_CLOCK": self.clock_path},
                             extra=self.spec.get("serve_args", []))
        self.ids = {}

    def set_clock(self, t):
        self.now = t
        with open(self.clock_path + ".tmp", "w") as f:
            f.write("%d\n" % t)
        os.replace(self.clock_path + ".tmp", self.clock_path)

    def fail(self, step, msg):
        Check.fail("%s step %d: %s" % (self.name, step, msg))

    def run(self):
        with self.server:
            for n, step in enumerate(self.spec["steps"], 1):
                for key in step:
                    fn = getattr(self, "do_" + key, None)
                    if fn is None and key not in ("as", "status", "query",
                                                  "duplicate", "link",
                                                  "state"):
                        self.fail(n, "unknown step key %r" % key)
                if "ingest" in step:
                    self.do_ingest(n, step)
                if "clock" in step:
                    self.do_clock(n, step["clock"])
                for key in ("expect", "expect_ticker", "expect_list",
                            "expect_advisories", "expect_held",
                            "expect_distinct", "expect_versions",
                            "expect_diff"):
                    if key in step:
                        getattr(self, "do_" + key)(n, step[key])

    # ----------------------------------------------------------- actions
    def do_ingest(self, n, step):
        with open(os.path.join(self.folder, step["ingest"]), "rb") as f:
            body = f.read()
        r = self.server.ingest(body, query=step.get("query", ""))
        want = step.get("status", 201)
        if r.status != want:
            self.fail(n, "ingest %s: status %d, want %d: %s"
                      % (step["ingest"], r.status, want, r.body[:300]))
            return
        if r.status != 201:
            return
        doc = r.json()
        got = doc["id"]
        first = (doc.get("items") or [{}])[0]
        if "duplicate" in step and first.get("duplicate") != step["duplicate"]:
            self.fail(n, "ingest %s: duplicate is %r, want %r"
                      % (step["ingest"], first.get("duplicate"),
                         step["duplicate"]))
        if "link" in step and first.get("link") != step["link"]:
            self.fail(n, "ingest %s: linked by %r, want %r"
                      % (step["ingest"], first.get("link"), step["link"]))
        if "state" in step and doc.get("state") != step["state"]:
            self.fail(n, "ingest %s: story state %r, want %r"
                      % (step["ingest"], doc.get("state"), step["state"]))
        name = step.get("as")
        if name:
            if name in self.ids and self.ids[name] != got:
                self.fail(n, "%s went to story %d, want %s (story %d)"
                          % (step["ingest"], got, name, self.ids[name]))
            self.ids.setdefault(name, got)

    def do_clock(self, n, value):
        t = self.now + int(value) if isinstance(value, str) and \
            value[:1] in "+-" else parse_time(value)
        self.set_clock(t)
        time.sleep(0.2)  # the server polls a test clock every 50 ms

    # ------------------------------------------------------- expectations
    def sid(self, n, name):
        if name not in self.ids:
            self.fail(n, "no story called %r yet" % name)
            return None
        return self.ids[name]

    def ticker(self):
        return self.server.get("/api/v1/ticker?limit=200").json()

    def listed(self):
        return self.server.get("/api/v1/stories?limit=200").json()["items"]

    def do_expect(self, n, e):
        sid = self.sid(n, e["story"])
        if sid is None:
            return
        state = e.get("state", "live")
        path = "/api/v1/stories/%d" % sid
        r = self.server.get(path)
        in_list = [i for i in self.listed() if i["id"] == sid]
        in_ticker = [i for i in self.ticker() if i["id"] == sid]
        vr = self.server.get(path + "/versions")
        want_status = {"live": 200, "killed": 410, "hidden": 404}[state]
        if r.status != want_status:
            self.fail(n, "%s: story status %d, want %d (%s)"
                      % (e["story"], r.status, want_status, state))
        if vr.status != want_status:
            self.fail(n, "%s: versions status %d, want %d"
                      % (e["story"], vr.status, want_status))
        self.check_other_outputs(n, e, sid, state)
        if state != "live":
            if in_list or in_ticker:
                self.fail(n, "%s is %s but listed (list %s, ticker %s)"
                          % (e["story"], state, bool(in_list), bool(in_ticker)))
            if state == "killed" and "notice" in e:
                got = r.json().get("notice")
                if got != e["notice"]:
                    self.fail(n, "kill notice %r, want %r" % (got, e["notice"]))
            return
        if not in_list:
            self.fail(n, "%s is live but not in the list" % e["story"])
        if not in_ticker:
            self.fail(n, "%s is live but not in the ticker" % e["story"])
        doc = r.json()
        head = doc.get("headlines", [{}])[0].get("value")
        text = [b["value"] for b in doc.get("bodies", [])
                if b.get("contenttype") == "text/plain"]
        paras = text[0].split("\n\n") if text and text[0] else []
        alt = {a["role"]: a["value"] for a in doc.get("altids", [])}
        checks = {
            "headline": head,
            "version": int(doc.get("version", 0)),
            "body": paras,
            "priority": alt.get("offwire:priority"),
            "signal": alt.get("offwire:signal"),
            "corrected": alt.get("offwire:corrected") == "true",
            "ednote": doc.get("ednote"),
            "byline": doc.get("by"),
            "urgency": doc.get("urgency"),
        }
        for k, got in checks.items():
            if k in e and got != e[k]:
                self.fail(n, "%s: %s is %r, want %r" % (e["story"], k, got, e[k]))
        body = "\n\n".join(paras)
        for s in e.get("body_contains", []):
            if s not in body:
                self.fail(n, "%s: body lacks %r" % (e["story"], s))
        for s in e.get("body_lacks", []):
            if s in body:
                self.fail(n, "%s: body has %r" % (e["story"], s))
        if "headline" in e:
            if in_list and in_list[0]["headline"] != e["headline"]:
                self.fail(n, "list headline %r" % in_list[0]["headline"])
            if in_ticker and in_ticker[0]["headline"] != e["headline"]:
                self.fail(n, "ticker headline %r" % in_ticker[0]["headline"])
        if "versions" in e:
            got = len(vr.json()["versions"])
            if got != e["versions"]:
                self.fail(n, "%s: %d versions, want %d" % (e["story"], got,
                                                           e["versions"]))

    def searched(self, words):
        r = self.server.get("/api/v1/stories?limit=100&q=" +
                            urllib.parse.quote(words))
        if r.status != 200:
            return None
        return [i["id"] for i in r.json()["items"]]

    @staticmethod
    def word_of(text):
        """The longest plain word of a text: something to search for."""
        words = re.findall(r"[A-Za-z]{5,}", text or "")
        return max(words, key=len) if words else None

    def check_other_outputs(self, n, e, sid, state):
        """The same truth on the site, in the Atom feed and in search."""
        name = e["story"]
        page = self.server.get("/stories/%d" % sid)
        want = {"live": 200, "killed": 410, "hidden": 404}[state]
        if page.status != want:
            self.fail(n, "%s: story page %d, want %d" % (name, page.status, want))
        feed = self.server.get("/feeds/atom?limit=200").body.decode("utf-8")
        tag = "tag:offwire,2026:story/%d" % sid
        entry = "<id>%s</id>" % tag in feed
        gone = 'ref="%s"' % tag in feed
        if state == "live" and not entry:
            self.fail(n, "%s is live but not in the Atom feed" % name)
        if state != "live" and entry:
            self.fail(n, "%s is %s but in the Atom feed" % (name, state))
        if state == "killed" and not gone:
            self.fail(n, "%s is killed but the feed has no deleted entry" % name)
        if state == "hidden" and gone:
            self.fail(n, "%s is hidden but marked deleted in the feed" % name)
        doc = self.server.get("/api/v1/stories/%d" % sid)
        head = body = ""
        if state == "live":
            d = doc.json()
            head = d.get("headlines", [{}])[0].get("value", "")
            body = " ".join(b["value"] for b in d.get("bodies", [])
                            if b.get("contenttype") == "text/plain")
            if head and head not in page.text:
                self.fail(n, "%s: the story page lacks its headline" % name)
        word = self.word_of(e.get("headline")) if state == "live" else None
        if word:
            found = self.searched(word)
            if found is not None and sid not in found:
                self.fail(n, "%s: searching %r does not find it" % (name, word))
        if state != "live":
            # nothing of a killed or held story is found, by any word
            for probe in [e.get("headline")] + list(e.get("body_lacks", [])):
                w = self.word_of(probe)
                found = self.searched(w) if w else None
                if found and sid in found:
                    self.fail(n, "%s is %s but search finds it by %r"
                              % (name, state, w))
        for lack in e.get("body_lacks", []) if state == "live" else []:
            # superseded text is never found: a word only the old text had
            w = self.word_of(lack)
            if not w or w.lower() in (head + " " + body).lower():
                continue
            found = self.searched(w)
            if found and sid in found:
                self.fail(n, "%s: search finds superseded text by %r" % (name, w))

    def do_expect_versions(self, n, e):
        sid = self.sid(n, e["story"])
        if sid is None:
            return
        vs = self.server.get("/api/v1/stories/%d/versions" % sid).json()
        vs = vs.get("versions", [])
        for k in ("signal", "mark", "link"):
            if k in e:
                got = [v.get(k) if k != "link" else v["link"].get("rule")
                       for v in vs]
                if got != e[k]:
                    self.fail(n, "versions %s: %r, want %r" % (k, got, e[k]))

    def do_expect_ticker(self, n, want):
        got = [i["headline"] for i in self.ticker()]
        if got != want:
            self.fail(n, "ticker %r, want %r" % (got, want))

    def do_expect_list(self, n, e):
        items = self.listed()
        if "count" in e and len(items) != e["count"]:
            self.fail(n, "list has %d stories, want %d" % (len(items), e["count"]))
        if "headlines" in e:
            got = [i["headline"] for i in items]
            if got != e["headlines"]:
                self.fail(n, "list %r, want %r" % (got, e["headlines"]))

    def do_expect_advisories(self, n, want):
        items = self.server.get("/api/v1/advisories").json()["items"]
        got = [i.get("headline") for i in items]
        if got != want:
            self.fail(n, "advisories %r, want %r" % (got, want))

    def do_expect_held(self, n, want):
        r = self.server.get("/api/v1/held", headers={
            "Authorization": "Bearer " + self.server.token})
        got = [i["headline"] for i in r.json()["items"]]
        if got != want:
            self.fail(n, "held %r, want %r" % (got, want))

    def do_expect_distinct(self, n, names):
        ids = [self.ids.get(x) for x in names]
        if None in ids or len(set(ids)) != len(ids):
            self.fail(n, "stories %r are not distinct: %r" % (names, ids))

    def do_expect_diff(self, n, e):
        sid = self.sid(n, e["story"])
        if sid is None:
            return
        r = self.server.get("/api/v1/stories/%d/diff?from=%d&to=%d"
                            % (sid, e["from"], e["to"]))
        if r.status != 200:
            self.fail(n, "diff status %d" % r.status)
            return
        ops = r.json()["ops"]
        for op, text in e.get("has", []):
            if not any(o["op"] == op and text in o["text"] for o in ops):
                self.fail(n, "diff has no %s of %r: %r" % (op, text, ops))


def main():
    opts = args()
    skip_without_postgres()
    root = os.path.join(opts.data, "scenarios")
    names = sorted(d for d in os.listdir(root)
                   if os.path.isfile(os.path.join(root, d, "scenario.json")))
    for name in names:
        if opts.only and opts.only not in name:
            continue
        before = Check.failures
        t0 = time.time()
        with TempDir() as tmp:
            try:
                Run(opts, os.path.join(root, name), tmp).run()
            except Exception as e:  # a broken scenario is a failure
                Check.fail("%s raised %r" % (name, e))
        print("%s %s %.2fs" % ("ok  " if Check.failures == before else "FAIL",
                               name, time.time() - t0))
    print("%d scenarios" % len(names))
    if Check.failures:
        print("%d failure(s)" % Check.failures, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
