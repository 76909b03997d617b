"""The Atom and RSS feeds over real HTTP: structure (ElementTree), what
feedparser makes of them (Debian's python3-feedparser, bozo must be false),
the filters, conditional GETs, kills as RFC 6721 deleted entries, embargoes,
hostile copy and hostile Host headers. The server runs on a test clock at
2026-03-03T12:00:00Z with the fixtures in tests/data/feeds_out/."""

import calendar
import email.utils
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from owtest import Check, Server, TempDir, main  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"
AT = "{http://purl.org/atompub/tombstones/1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
TAG = "tag:offwire,2026:story/%d"
# what XML 1.0 forbids, and what offwire strips besides (CR, DEL, C1)
FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f]|\xc2[\x80-\x9f]"
                       rb"|\xef\xbf[\xbe\xbf]")


def parse_iso(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


class Wire:
    """A server on a test clock, with fixtures from tests/data/feeds_out."""

    def __init__(self, opts, tmp, start="2026-03-03T12:00:00Z"):
        self.opts = opts
        self.clock = os.path.join(tmp, "clock")
        self.set_clock(start)
        self.server = Server(opts.binary, os.path.join(tmp, "w.db"),
                             env={"OFFWIRE_TEST_CLOCK": self.clock})
        self.ids = {}

    def set_clock(self, when):
        self.now = parse_iso(when)
        with open(self.clock + ".tmp", "w") as f:
            f.write("%d\n" % self.now)
        os.replace(self.clock + ".tmp", self.clock)

    def load(self, *names):
        for name in names:
            with open(os.path.join(self.opts.data, "feeds_out", name),
                      "rb") as f:
                r = self.server.ingest(f.read())
            Check.eq(r.status, 201, "ingest %s: %r" % (name, r.body[:200]))
            if r.status == 201:
                self.ids[name] = r.json()["id"]
        return self

    def get(self, path, headers=None):
        return self.server.get(path, headers)

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop()


ALL_LIVE = ("a1-flash.json", "b-sport.json", "c-rates.json", "d-grain.json",
            "f-table.json")

# ------------------------------------------------------------------ helpers


def well_formed(body, what):
    """xmllint --noout on the bytes; True when it accepts them."""
    if not shutil.which("xmllint"):
        Check.fail("xmllint is not installed (Debian: libxml2-utils)")
        return False
    r = subprocess.run(["xmllint", "--noout", "-"], input=body,
                       capture_output=True)
    Check.true(r.returncode == 0 and not r.stderr,
               "%s: xmllint says %s" % (what, r.stderr.decode()[:500]))
    Check.true(not FORBIDDEN.search(body),
               "%s: holds a control or forbidden character" % what)
    return r.returncode == 0


def atom(w, query=""):
    r = w.get("/feeds/atom" + query)
    Check.eq(r.status, 200, "atom%s status" % query)
    if r.status != 200:
        return ET.fromstring("<failed/>"), r
    Check.eq(r.header("Content-Type"), "application/atom+xml; charset=utf-8",
             "atom content type")
    return ET.fromstring(r.body), r


def rss(w, query=""):
    r = w.get("/feeds/rss" + query)
    Check.eq(r.status, 200, "rss%s status" % query)
    if r.status != 200:
        return ET.fromstring("<failed/>"), r
    Check.eq(r.header("Content-Type"), "application/rss+xml; charset=utf-8",
             "rss content type")
    return ET.fromstring(r.body), r


def entries(feed):
    return {e.findtext(ATOM + "id"): e for e in feed.findall(ATOM + "entry")}


def entry_ids(feed):
    return [e.findtext(ATOM + "id") for e in feed.findall(ATOM + "entry")]


def item_ids(doc):
    return [i.findtext("guid") for i in doc.findall("channel/item")]


_FP_SNIPPET = r"""
import json, sys
import feedparser
d = feedparser.parse(sys.stdin.buffer.read())
out = {"bozo": bool(d.bozo), "error": str(d.get("bozo_exception") or ""),
       "version": d.version, "title": d.feed.get("title"),
       "links": [dict(l) for l in d.feed.get("links", [])], "entries": []}
for e in d.entries:
    out["entries"].append({
        "id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
        "updated": e.get("updated"), "published": e.get("published"),
        "author": e.get("author"),
        "tags": [[t.get("term"), t.get("scheme"), t.get("label")]
                 for t in e.get("tags", [])],
        "content": [c.get("value") for c in e.get("content", [])],
        "summary": e.get("summary"),
        # what is HTML (sanitised by feedparser) and what is plain text
        "html": [c.get("value") for c in
                 e.get("content", []) + [e.get("summary_detail") or {}]
                 if c.get("type") == "text/html"]})
print(json.dumps(out))
"""
_fp_python = []


def feedparse(body, what):
    """Debian's python3-feedparser on the bytes, in whichever python has it
    (CTest may run a pyenv python: then /usr/bin/python3). None, after a
    clear failure, when no python has it."""
    if not _fp_python:
        for py in (sys.executable, "/usr/bin/python3"):
            if os.path.exists(py) and subprocess.run(
                    [py, "-c", "import feedparser"],
                    capture_output=True).returncode == 0:
                _fp_python.append(py)
                break
        else:
            _fp_python.append(None)
    if not _fp_python[0]:
        Check.fail("feedparser cannot be imported by %s or /usr/bin/python3:"
                   " install Debian's python3-feedparser (apt-get install -y"
                   " python3-feedparser; scripts/install-deps test does it)"
                   % sys.executable)
        return None
    r = subprocess.run([_fp_python[0], "-c", _FP_SNIPPET], input=body,
                       capture_output=True)
    if r.returncode:
        Check.fail("%s: feedparser crashed: %s" % (what, r.stderr.decode()))
        return None
    d = json.loads(r.stdout)
    Check.true(not d["bozo"], "%s: feedparser bozo: %s" % (what, d["error"]))
    return d


class Markup(html.parser.HTMLParser):
    """What an HTML fragment really holds once parsed."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.data = [], [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k.lower(), (v or "").strip().lower())
                       for k, v in attrs]

    def handle_data(self, data):
        self.data.append(data)


def check_inert(fragment, what):
    m = Markup(fragment)
    for bad in ("script", "style", "iframe", "object", "embed"):
        Check.true(bad not in m.tags, "%s: has a <%s> element" % (what, bad))
    for k, v in m.attrs:
        Check.true(not k.startswith("on"), "%s: event handler %s" % (what, k))
        Check.true(not (k in ("href", "src") and v.startswith("javascript")),
                   "%s: %s=%s" % (what, k, v))
    Check.true("&amp;lt;" not in fragment and "&amp;gt;" not in fragment,
               "%s: escaped twice: %r" % (what, fragment[:300]))
    return m


def xml_clean(s):
    """What offwire keeps of a string in XML (see xw_clean)."""
    return "".join(c for c in s if not (
        (ord(c) < 0x20 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f
        or 0xfdd0 <= ord(c) <= 0xfdef or (ord(c) & 0xfffe) == 0xfffe))


# -------------------------------------------------------------------- tests


def test_atom_structure_and_entries(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(*ALL_LIVE)
        feed, r = atom(w)
        well_formed(r.body, "atom")
        Check.eq(feed.tag, ATOM + "feed", "root element")
        base = "http://127.0.0.1:%d" % w.server.port
        Check.eq(feed.findtext(ATOM + "id"), "tag:offwire,2026:feed",
                 "feed id")
        Check.true(feed.findtext(ATOM + "title"), "feed title")
        Check.eq(feed.findtext(ATOM + "updated"), "2026-03-03T12:00:00Z",
                 "feed updated: the newest change")
        links = {l.get("rel"): l.get("href")
                 for l in feed.findall(ATOM + "link")}
        Check.eq(links.get("self"), base + "/feeds/atom", "self link")
        Check.eq(links.get("alternate"), base + "/", "site link")
        ids = w.ids
        # newest version first: a1 09:00, c 07:30, f 07:00, d 06:00, b 08:00
        Check.eq(entry_ids(feed), [TAG % ids[n] for n in (
            "a1-flash.json", "b-sport.json", "c-rates.json", "f-table.json",
            "d-grain.json")], "entries newest first")
        for e in feed.findall(ATOM + "entry"):
            for k in ("id", "title", "updated", "published", "content"):
                Check.true(e.find(ATOM + k) is not None, "entry %s has %s"
                           % (e.findtext(ATOM + "id"), k))
            Check.true(e.findtext(ATOM + "author/" + ATOM + "name"),
                       "entry author")
        es = entries(feed)
        a = es[TAG % ids["a1-flash.json"]]
        Check.eq(a.findtext(ATOM + "title"),
                 "FLASH: Orrin parliament votes to dissolve itself",
                 "flash title prefix")
        Check.eq(a.findtext(ATOM + "updated"), "2026-03-03T09:00:00Z",
                 "updated is versioncreated")
        Check.eq(a.findtext(ATOM + "published"), "2026-03-03T09:00:00Z",
                 "published is firstcreated")
        Check.eq(a.findtext(ATOM + "author/" + ATOM + "name"), "Ana Test",
                 "author is the byline")
        cats = [(c.get("term"), c.get("scheme"))
                for c in a.findall(ATOM + "category")]
        Check.true(("priority:flash", "tag:offwire,2026:priority") in cats,
                   "priority category: %r" % cats)
        Check.true(("11000000",
                    "http://cv.iptc.org/newscodes/subjectcode/") in cats,
                   "subject category: %r" % cats)
        alt = [l for l in a.findall(ATOM + "link") if l.get("rel") ==
               "alternate"]
        Check.eq([l.get("href") for l in alt],
                 [base + "/stories/%d" % ids["a1-flash.json"]],
                 "alternate link to the site page")
        content = a.find(ATOM + "content")
        Check.eq(content.get("type"), "html", "content type")
        Check.true("<p>ORRIN, March 3 (Testwire)" in content.text,
                   "content is the body as HTML: %r" % content.text)
        Check.true(a.findtext(ATOM + "summary").startswith("ORRIN, March 3"),
                   "summary is the first paragraph")
        b = es[TAG % ids["b-sport.json"]]
        Check.eq(b.findtext(ATOM + "author/" + ATOM + "name"), "Otherwire",
                 "author falls back to the source")
        Check.eq(b.findtext(ATOM + "title"), "Kelby reach football cup final",
                 "routine copy has no prefix")
        c = es[TAG % ids["c-rates.json"]]
        Check.true("<em>moving back</em>" in c.find(ATOM + "content").text,
                   "sanitised markup kept")
        f = es[TAG % ids["f-table.json"]]
        Check.true("<pre>" in f.find(ATOM + "content").text, "pre kept")

        # a writethru: the same entry id, its new title and times
        w.set_clock("2026-03-03T12:01:00Z")
        w.load("a2-flash-writethru.json")
        feed, _ = atom(w)
        a = entries(feed)[TAG % ids["a1-flash.json"]]
        Check.eq(a.findtext(ATOM + "title"), "FLASH: Orrin parliament votes"
                 " to dissolve itself, election in May", "title updated")
        Check.eq(a.findtext(ATOM + "updated"), "2026-03-03T10:00:00Z",
                 "updated moves with the version")
        Check.eq(a.findtext(ATOM + "published"), "2026-03-03T09:00:00Z",
                 "published stays")
        Check.eq(len(entry_ids(feed)), 5, "still one entry per story")
        Check.eq(feed.findtext(ATOM + "updated"), "2026-03-03T12:01:00Z",
                 "feed updated moved")


def test_rss_structure(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(*ALL_LIVE)
        doc, r = rss(w)
        well_formed(r.body, "rss")
        Check.eq(doc.tag, "rss", "root")
        Check.eq(doc.get("version"), "2.0", "version")
        ch = doc.find("channel")
        base = "http://127.0.0.1:%d" % w.server.port
        for k in ("title", "link", "description"):
            Check.true(ch.findtext(k), "channel " + k)
        Check.eq(ch.findtext("link"), base + "/", "channel link")
        self_link = ch.find("{http://www.w3.org/2005/Atom}link")
        Check.eq(self_link.get("href"), base + "/feeds/rss", "atom:link self")
        Check.true(email.utils.parsedate_to_datetime(
            ch.findtext("lastBuildDate")), "lastBuildDate is RFC 822")
        items = doc.findall("channel/item")
        Check.eq(len(items), 5, "five items")
        a = [i for i in items
             if i.findtext("guid") == TAG % w.ids["a1-flash.json"]][0]
        Check.eq(a.find("guid").get("isPermaLink"), "false", "guid not a link")
        Check.eq(a.findtext("link"),
                 base + "/stories/%d" % w.ids["a1-flash.json"], "item link")
        Check.eq(a.findtext("title"),
                 "FLASH: Orrin parliament votes to dissolve itself", "title")
        Check.eq(a.findtext("pubDate"), "Tue, 03 Mar 2026 09:00:00 +0000",
                 "pubDate RFC 822")
        Check.eq(a.findtext(DC + "creator"), "Ana Test", "dc:creator")
        cats = [(c.get("domain"), c.text) for c in a.findall("category")]
        Check.true(("tag:offwire,2026:priority", "priority:flash") in cats,
                   "priority category: %r" % cats)
        Check.true(("http://cv.iptc.org/newscodes/subjectcode/", "politics")
                   in cats, "subject category: %r" % cats)
        Check.true("<p>ORRIN" in a.findtext("description"),
                   "description is the HTML body")


def test_feedparser_reads_both(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(*ALL_LIVE)
        base = "http://127.0.0.1:%d" % w.server.port
        aid = w.ids["a1-flash.json"]
        for kind in ("atom", "rss"):
            r = w.get("/feeds/" + kind)
            fp = feedparse(r.body, kind)
            if fp is None:
                return
            Check.true(fp["version"].startswith(kind if kind == "atom"
                                                else "rss20"),
                       "%s: version %s" % (kind, fp["version"]))
            Check.eq(len(fp["entries"]), 5, "%s: entries" % kind)
            e = [x for x in fp["entries"] if x["id"] == TAG % aid]
            Check.eq(len(e), 1, "%s: the flash by its id" % kind)
            if not e:
                continue
            e = e[0]
            Check.eq(e["title"], "FLASH: Orrin parliament votes to dissolve"
                     " itself", "%s: title" % kind)
            Check.eq(e["link"], base + "/stories/%d" % aid, "%s: link" % kind)
            Check.eq(e["author"], "Ana Test", "%s: author" % kind)
            Check.true(any(t[0] == "priority:flash" for t in e["tags"]),
                       "%s: priority tag %r" % (kind, e["tags"]))
            Check.true(any(t[0] in ("11000000", "politics")
                           for t in e["tags"]), "%s: subject tag" % kind)
            body = (e["content"] or [e["summary"]])[0]
            Check.true("Orrin's parliament voted" in body,
                       "%s: body %r" % (kind, body))


def test_filters(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(*ALL_LIVE)
        ids = w.ids

        def want(*names):
            return sorted(TAG % ids[n] for n in names)

        probe = w.get("/feeds/atom?q=football")
        if probe.status == 503 and b"fts5" in probe.body:
            Check.fail("the store ignores the section and q filters: "
                       "store_list_stories never binds :section and :match "
                       "(src/store/sqlite/sqlite_query.c); the checks below "
                       "fail until it does")
        cases = [
            ("?source=Otherwire", want("b-sport.json", "f-table.json")),
            ("?source=Testwire&priority=flash", want("a1-flash.json")),
            ("?section=economy,%20business%20and%20finance",
             want("c-rates.json", "d-grain.json")),
            ("?section=04000000", want("c-rates.json", "d-grain.json")),
            ("?section=sport", want("b-sport.json", "f-table.json")),
            ("?priority=urgent", want("a1-flash.json", "c-rates.json")),
            ("?priority=flash", want("a1-flash.json")),
            ("?q=football", want("b-sport.json")),
            ("?q=central%20bank", want("c-rates.json")),
            ("?q=nosuchwordanywhere", []),
            ("?source=Otherwire&section=economy", []),
        ]
        for query, expect in cases:
            feed, r = atom(w, query)
            well_formed(r.body, "atom" + query)
            Check.eq(sorted(entry_ids(feed)), expect, "atom" + query)
            doc, r = rss(w, query)
            Check.eq(sorted(item_ids(doc)), expect, "rss" + query)
        feed, _ = atom(w, "?source=Otherwire&priority=routine")
        Check.eq(feed.findtext(ATOM + "id"),
                 "tag:offwire,2026:feed?source=Otherwire&priority=routine",
                 "feed id names the filter")
        feed, _ = atom(w, "?limit=2")
        Check.eq(len(entry_ids(feed)), 2, "limit")
        self_link = [l.get("href") for l in feed.findall(ATOM + "link")
                     if l.get("rel") == "self"][0]
        Check.true(self_link.endswith("/feeds/atom?limit=2"), self_link)
        for bad in ("?priority=loud", "?limit=0", "?limit=201", "?limit=x",
                    "?q=%20%20"):
            for kind in ("atom", "rss"):
                r = w.get("/feeds/%s%s" % (kind, bad))
                Check.eq(r.status, 400, "%s%s" % (kind, bad))
                Check.eq(r.json().get("error"), "bad_request",
                         "%s%s error" % (kind, bad))


def test_conditional_get(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(*ALL_LIVE)
        for kind in ("atom", "rss"):
            path = "/feeds/%s?source=Testwire" % kind
            r = w.get(path)
            etag, lm = r.header("ETag"), r.header("Last-Modified")
            Check.true(etag, "%s: ETag" % kind)
            Check.eq(lm, "Tue, 03 Mar 2026 12:00:00 GMT",
                     "%s: Last-Modified is the newest change" % kind)
            r2 = w.get(path, {"If-None-Match": etag})
            Check.eq(r2.status, 304, "%s: If-None-Match" % kind)
            Check.eq(r2.body, b"", "%s: 304 has no body" % kind)
            r3 = w.get(path, {"If-Modified-Since": lm})
            Check.eq(r3.status, 304, "%s: If-Modified-Since" % kind)
            r4 = w.get(path, {"If-None-Match": '"other"'})
            Check.eq(r4.status, 200, "%s: another tag" % kind)
            Check.eq(r4.body, r.body, "%s: same bytes from the cache" % kind)
        # news moves the tags on
        before = w.get("/feeds/atom").header("ETag")
        w.set_clock("2026-03-03T12:10:00Z")
        w.load("a2-flash-writethru.json")
        r = w.get("/feeds/atom", {"If-None-Match": before})
        Check.eq(r.status, 200, "a new version: 200 again")
        Check.true(r.header("ETag") != before, "a new ETag")
        Check.eq(r.header("Last-Modified"), "Tue, 03 Mar 2026 12:10:00 GMT",
                 "Last-Modified moved")


def test_large_feed_from_cache(opts):
    """A feed of more than 32 KiB is kept in a memory file and sent with
    sendfile: the same bytes as the first rendering, again and again, and a
    new version replaces them."""
    with TempDir() as d, Wire(opts, d) as w:
        para = "Grain traders watched the harbour cranes stand idle. " * 12
        for i in range(40):
            r = w.server.ingest(json.dumps({
                "uri": "urn:big:%d" % i, "headline": "Big feed story %d" % i,
                "source": "Testwire", "body_text": "%s\n\n%s" % (para, i)}))
            Check.eq(r.status, 201, "ingest big %d" % i)
        first = w.get("/feeds/atom?limit=40")
        Check.eq(first.status, 200, "large feed")
        Check.true(len(first.body) > 48 * 1024,
                   "the feed is large (%d bytes)" % len(first.body))
        for n in range(3):
            again = w.get("/feeds/atom?limit=40")
            Check.eq(again.header("Content-Length"), str(len(first.body)),
                     "cached %d: Content-Length" % n)
            Check.eq(again.body, first.body, "cached %d: the same bytes" % n)
        head = w.server.request("HEAD", "/feeds/atom?limit=40")
        Check.eq((head.status, head.body), (200, b""), "HEAD: no body")
        Check.eq(w.get("/feeds/atom?limit=40").body, first.body,
                 "after a HEAD, the same bytes")
        doc = ET.fromstring(first.body)
        Check.eq(len(entries(doc)), 40, "40 entries")
        w.set_clock("2026-03-03T12:10:00Z")
        r = w.server.ingest(json.dumps({
            "uri": "urn:big:new", "headline": "Newest big story",
            "source": "Testwire", "body_text": para}))
        Check.eq(r.status, 201, "ingest the newest")
        after = w.get("/feeds/atom?limit=40")
        Check.true(b"Newest big story" in after.body, "the new version")
        Check.true(after.body != first.body, "not the old bytes")
        ET.fromstring(after.body)


def test_kill_becomes_deleted_entry(opts):
    notice = "Kill: the ministry says it issued no such statement. Do not use."
    with TempDir() as d, Wire(opts, d) as w:
        w.load(*ALL_LIVE)
        gid = TAG % w.ids["d-grain.json"]
        feed, _ = atom(w)
        Check.true(gid in entry_ids(feed), "live before the kill")
        Check.eq(feed.findall(AT + "deleted-entry"), [], "no tombstones yet")
        w.set_clock("2026-03-03T12:05:00Z")
        w.load("d-grain-kill.json")
        feed, r = atom(w)
        well_formed(r.body, "atom with a tombstone")
        Check.true(gid not in entry_ids(feed), "gone from the entries")
        gone = feed.findall(AT + "deleted-entry")
        Check.eq([g.get("ref") for g in gone], [gid], "deleted entry ref")
        if gone:
            Check.eq(gone[0].get("when"), "2026-03-03T12:05:00Z",
                     "when: the kill time")
            Check.eq(gone[0].findtext(AT + "comment"), notice, "the notice")
        Check.eq(r.header("Last-Modified"), "Tue, 03 Mar 2026 12:05:00 GMT",
                 "the kill is the newest change")
        Check.true(b'xmlns:at="http://purl.org/atompub/tombstones/1.0"'
                   in r.body, "tombstone namespace declared")
        fp = feedparse(r.body, "atom with a tombstone")
        if fp:
            Check.true(gid not in [e["id"] for e in fp["entries"]],
                       "feedparser: no entry for the killed story")
        doc, _ = rss(w)
        Check.true(gid not in item_ids(doc), "gone from RSS")
        # the tombstone follows the feed's filter
        for query, shown in (("?source=Testwire", True),
                             ("?source=Otherwire", False),
                             ("?section=04000000", True),
                             ("?section=sport", False),
                             ("?priority=routine", True),
                             ("?priority=urgent", False),
                             ("?q=grain", True), ("?q=exports%20double", True),
                             ("?q=football", False)):
            feed, _ = atom(w, query)
            refs = [g.get("ref") for g in feed.findall(AT + "deleted-entry")]
            Check.eq(refs, [gid] if shown else [], "tombstone in " + query)
        # a full feed shows only kills within the window of its oldest entry
        feed, _ = atom(w, "?limit=1")
        Check.eq([g.get("ref") for g in feed.findall(AT + "deleted-entry")],
                 [gid], "killed after the one entry's time: shown")
        r = w.get("/api/v1/stories/%d" % w.ids["d-grain.json"])
        Check.eq(r.status, 410, "the story answers 410")
        # newer copy pushes the kill out of a full feed's window
        w.set_clock("2026-03-03T12:30:00Z")
        r = w.server.ingest(json.dumps({
            "uri": "urn:testwire:2026:late", "type": "text",
            "versioncreated": "2026-03-03T12:20:00Z", "source": "Testwire",
            "headline": "Late story", "body_text": "Late text."}))
        Check.eq(r.status, 201, "late story")
        feed, _ = atom(w, "?limit=1")
        Check.eq(feed.findall(AT + "deleted-entry"), [],
                 "killed before the oldest entry of a full feed: not shown")
        feed, _ = atom(w)
        Check.eq([g.get("ref") for g in feed.findall(AT + "deleted-entry")],
                 [gid], "a feed holding every story shows every kill")


def test_embargo_absent_until_release(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load("a1-flash.json", "e-embargoed.json")
        eid = TAG % w.ids["e-embargoed.json"]
        feed, _ = atom(w)
        Check.true(eid not in entry_ids(feed), "embargoed: not in Atom")
        Check.true(eid not in [g.get("ref") for g in
                               feed.findall(AT + "deleted-entry")],
                   "embargoed: no tombstone either")
        doc, _ = rss(w)
        Check.true(eid not in item_ids(doc), "embargoed: not in RSS")
        etag = w.get("/feeds/atom").header("ETag")
        w.set_clock("2026-03-03T14:00:00Z")
        deadline = time.time() + 10
        seen = False
        while time.time() < deadline and not seen:
            feed, _ = atom(w)
            seen = eid in entry_ids(feed)
            if not seen:
                time.sleep(0.1)
        Check.true(seen, "released at 14:00: in Atom")
        doc, _ = rss(w)
        Check.true(eid in item_ids(doc), "released: in RSS")
        r = w.get("/feeds/atom", {"If-None-Match": etag})
        Check.eq(r.status, 200, "the release changes the ETag")


def test_hostile_copy_stays_inert(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load("x-hostile-html.json", "x-hostile-text.json")
        hid = w.ids["x-hostile-html.json"]
        tid = w.ids["x-hostile-text.json"]
        api = {i: w.get("/api/v1/stories/%d" % i).json() for i in (hid, tid)}
        # raw control bytes straight off a wire, in plain text copy
        raw = (b"Raw \x0bcontrol\x1b bytes \x7f in <copy> ]]>\n"
               b"Testwire, March 3, 2026\n\n"
               b"ORRIN, March 3 (Testwire) -- Bytes \x01\x02\x0c and "
               b"\x85 \xfe\xff ]]> <script>x</script>. " +
               b"Words to make it look like wire copy. " * 20 +
               b"\n\nEnditem\n")
        r = w.server.ingest(raw)
        Check.eq(r.status, 201, "raw wire text accepted")
        rid = r.json()["id"] if r.status == 201 else None
        for kind in ("atom", "rss"):
            r = w.get("/feeds/" + kind)
            well_formed(r.body, kind)
            doc = ET.fromstring(r.body)
            if kind == "atom":
                es = entries(doc)
                h = es[TAG % hid]
                t = es[TAG % tid]
                title = h.findtext(ATOM + "title")
                content = h.find(ATOM + "content").text
                tcontent = t.find(ATOM + "content").text
                author = h.findtext(ATOM + "author/" + ATOM + "name")
            else:
                it = {i.findtext("guid"): i for i in doc.findall(
                    "channel/item")}
                h, t = it[TAG % hid], it[TAG % tid]
                title = h.findtext("title")
                content = h.findtext("description")
                tcontent = t.findtext("description")
                author = h.findtext(DC + "creator")
            want = "BULLETIN: " + xml_clean(api[hid]["headlines"][0]["value"])
            Check.eq(title, want, "%s: the headline, as text" % kind)
            Check.true("<script>" in title, "%s: markup in a title is text"
                       % kind)
            Check.eq(author, xml_clean(api[hid]["by"]), "%s: byline" % kind)
            check_inert(content, "%s: html body" % kind)
            m = check_inert(tcontent, "%s: text body" % kind)
            Check.eq(m.tags, ["p", "p"], "%s: text body is two <p>" % kind)
            Check.true("<script>alert(1)</script>" in "".join(m.data),
                       "%s: the markup in plain text stays text" % kind)
            Check.true("]]>" in "".join(m.data), "%s: ]]> kept" % kind)
            if rid:
                item = [e for e in (doc.iter(ATOM + "entry") if kind == "atom"
                                    else doc.iter("item"))
                        if (e.findtext(ATOM + "id") or e.findtext("guid"))
                        == TAG % rid]
                Check.eq(len(item), 1, "%s: the raw-byte story" % kind)
            fp = feedparse(r.body, kind)
            for e in (fp or {}).get("entries", []):
                Check.true(e["html"], "%s: feedparser sees HTML" % kind)
                for html_ in e["html"]:
                    Check.true("<script" not in html_.lower(),
                               "%s: feedparser's sanitised content has a "
                               "script: %r" % (kind, html_[:200]))


def test_host_header_is_escaped_and_checked(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load("a1-flash.json")
        aid = w.ids["a1-flash.json"]
        for host, base in (("news.example.org:8080",
                            "http://news.example.org:8080"),
                           ("[::1]:80", "http://[::1]:80"),
                           ('evil"><x y="', "http://127.0.0.1"),
                           ("a/b@c", "http://127.0.0.1"),
                           ("x" * 300, "http://127.0.0.1")):
            for kind in ("atom", "rss"):
                r = w.get("/feeds/" + kind, {"Host": host})
                if r.status == 400:
                    continue  # libevent may refuse the header itself
                Check.eq(r.status, 200, "%s Host %r" % (kind, host[:40]))
                well_formed(r.body, "%s Host %r" % (kind, host[:40]))
                doc = ET.fromstring(r.body)
                links = [l.get("href") for l in doc.iter(ATOM + "link")] + \
                    [l.text for l in doc.iter("link")]
                Check.true(base + "/stories/%d" % aid in links,
                           "%s Host %r: links %r" % (kind, host[:40], links))
                Check.true(all(l.startswith(base) for l in links if l),
                           "%s Host %r: every link on %s" % (kind, host[:40],
                                                             base))


if __name__ == "__main__":
    main(globals())
