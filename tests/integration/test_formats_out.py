"""One story as NITF 3.6 or as a NewsML-G2 newsItem over real HTTP
(GET /api/v1/stories/{id}?format=nitf|newsmlg2, or by Accept): well-formed
(xmllint), the right fields in the right places (ElementTree; the IPTC
schemas are not on the machine), content negotiation, 410/404 as for JSON,
hostile copy, and a round trip through offwire's own NITF and NewsML-G2
parsers into a second server. Fixtures: tests/data/feeds_out/."""

import calendar
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from owtest import Check, Server, TempDir, main, run_cli  # noqa: E402

NITF = "{http://iptc.org/std/NITF/2006-10-18/}"
G2 = "{http://iptc.org/std/nar/2006-10-01/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG = "tag:offwire,2026:story/%d"
NITF_TYPE = "application/vnd.iptc.nitf+xml"
G2_TYPE = "application/vnd.iptc.g2.newsitem+xml"
JSON_TYPE = "application/json; charset=utf-8"
FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f]|\xc2[\x80-\x9f]"
                       rb"|\xef\xbf[\xbe\xbf]")
# the schema's order of the properties offwire writes
ITEM_META = ["itemClass", "provider", "versionCreated", "firstCreated",
             "pubStatus", "edNote", "signal"]
CONTENT_META = ["urgency", "located", "language", "subject", "slugline",
                "headline", "dateline", "by"]
FIXTURES = ["a1-flash.json", "a2-flash-writethru.json", "b-sport.json",
            "c-rates.json", "d-grain.json", "d-grain-kill.json",
            "e-embargoed.json", "f-table.json", "g-corrected.json",
            "g-corrected-2.json", "x-hostile-html.json",
            "x-hostile-text.json"]


def parse_iso(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


class Wire:
    """A server on a test clock at 2026-03-03T12:00:00Z."""

    def __init__(self, opts, tmp, name="w.db"):
        self.opts = opts
        self.clock = os.path.join(tmp, "clock")
        with open(self.clock, "w") as f:
            f.write("%d\n" % parse_iso("2026-03-03T12:00:00Z"))
        self.server = Server(opts.binary, os.path.join(tmp, name),
                             env={"OFFWIRE_TEST_CLOCK": self.clock})
        self.ids = {}

    def load(self, names):
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

    def story(self, name, fmt=None, accept=None):
        q = "?format=" + fmt if fmt else ""
        return self.get("/api/v1/stories/%d%s" % (self.ids[name], q),
                        {"Accept": accept} if accept else None)

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop()


def well_formed(body, what):
    if not shutil.which("xmllint"):
        Check.fail("xmllint is not installed (Debian: libxml2-utils)")
        return
    r = subprocess.run(["xmllint", "--noout", "-"], input=body,
                       capture_output=True)
    Check.true(r.returncode == 0 and not r.stderr,
               "%s: xmllint says %s" % (what, r.stderr.decode()[:500]))
    Check.true(not FORBIDDEN.search(body),
               "%s: holds a control or forbidden character" % what)


def xml_clean(s):
    """What offwire keeps of a string in XML (see xw_clean)."""
    return "".join(c for c in s if not (
        (ord(c) < 0x20 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f
        or 0xfdd0 <= ord(c) <= 0xfdef or (ord(c) & 0xfffe) == 0xfffe))


def ninjs(w, name):
    return w.get("/api/v1/stories/%d" % w.ids[name]).json()


def paragraphs(doc):
    text = [b for b in doc["bodies"] if b["contenttype"] == "text/plain"][0]
    return text["value"].split("\n\n")


def xml_of(r, what, ctype):
    Check.eq(r.status, 200, "%s status (%r)" % (what, r.body[:200]))
    Check.eq(r.header("Content-Type"), ctype, "%s content type" % what)
    Check.eq(r.header("Vary"), "Accept", "%s Vary" % what)
    well_formed(r.body, what)
    return ET.fromstring(r.body)


def local(el):
    return el.tag.split("}")[-1]


def in_order(names, order, what):
    idx = [order.index(n) for n in names if n in order]
    Check.true(idx == sorted(idx), "%s in schema order: %r" % (what, names))
    Check.true(all(n in order for n in names), "%s: unexpected %r"
               % (what, [n for n in names if n not in order]))


# -------------------------------------------------------------------- tests


def test_nitf_fields(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(FIXTURES)
        doc = ninjs(w, "c-rates.json")
        n = xml_of(w.story("c-rates.json", "nitf"), "nitf", NITF_TYPE)
        Check.eq(n.tag, NITF + "nitf", "root")
        Check.eq(n.get("version"), "-//IPTC//DTD NITF 3.6//EN", "version")
        Check.eq(n.get("baselang"), "en", "baselang")
        Check.eq([local(c) for c in n], ["head", "body"], "head, body")
        h = n.find(NITF + "head")
        Check.eq(h.findtext(NITF + "title"), "Orrin central bank holds rates",
                 "head/title")
        Check.eq([local(c) for c in h], ["title", "meta", "tobject",
                                        "docdata", "revision-history"],
                 "head in DTD order")
        meta = h.find(NITF + "meta")
        Check.eq((meta.get("name"), meta.get("content")),
                 ("offwire-priority", "urgent"), "priority meta")
        sub = h.find(NITF + "tobject/" + NITF + "tobject.subject")
        Check.eq((sub.get("tobject.subject.refnum"),
                  sub.get("tobject.subject.type")),
                 ("04000000", "economy, business and finance"), "subject")
        dd = h.find(NITF + "docdata")
        Check.eq(dd.get("management-status"), "usable", "management-status")
        did = dd.find(NITF + "doc-id")
        Check.eq((did.get("regsrc"), did.get("id-string")),
                 ("Testwire", TAG % w.ids["c-rates.json"]), "doc-id")
        Check.eq(dd.find(NITF + "urgency").get("ed-urg"), "3", "ed-urg")
        Check.eq(dd.find(NITF + "date.issue").get("norm"),
                 "20260303T073000Z", "date.issue")
        Check.eq(dd.find(NITF + "ed-msg").get("info"),
                 "Moves on the economy wire", "ed-msg")
        du = dd.find(NITF + "du-key")
        Check.eq((du.get("key"), du.get("version")), ("ECON-Rates", "1"),
                 "du-key")
        Check.eq(h.find(NITF + "revision-history").get("norm"),
                 "20260303T073000Z", "revision-history: firstcreated")
        b = n.find(NITF + "body")
        Check.eq([local(c) for c in b], ["body.head", "body.content",
                                        "body.end"], "body parts")
        bh = b.find(NITF + "body.head")
        Check.eq(bh.findtext(NITF + "hedline/" + NITF + "hl1"),
                 "Orrin central bank holds rates", "hl1")
        Check.eq(bh.findtext(NITF + "byline"), "Marta Test", "byline")
        Check.eq(bh.findtext(NITF + "distributor"), "Testwire", "distributor")
        Check.eq(bh.findtext(NITF + "dateline/" + NITF + "location/" + NITF +
                             "city"), "ORRIN", "dateline city")
        ps = [p.text for p in b.find(NITF + "body.content")]
        Check.eq(ps, paragraphs(doc), "a p per paragraph")
        # the writethru: its version and a flash's urgency
        n = xml_of(w.story("a1-flash.json", "nitf"), "nitf a", NITF_TYPE)
        dd = n.find(NITF + "head/" + NITF + "docdata")
        Check.eq(dd.find(NITF + "du-key").get("version"), "2", "version 2")
        Check.eq(dd.find(NITF + "urgency").get("ed-urg"), "1", "flash")
        Check.eq(n.findtext(".//" + NITF + "hl1"), "Orrin parliament votes "
                 "to dissolve itself, election in May", "new headline")
        # preformatted text
        n = xml_of(w.story("f-table.json", "nitf"), "nitf f", NITF_TYPE)
        content = n.find(NITF + "body/" + NITF + "body.content")
        Check.eq([local(c) for c in content], ["p", "pre"], "p then pre")
        Check.true("Kelby    2  Portmere 1" in
                   (content.findtext(NITF + "pre") or ""), "pre text as is")


def test_newsmlg2_fields(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(FIXTURES)
        doc = ninjs(w, "c-rates.json")
        g = xml_of(w.story("c-rates.json", "newsmlg2"), "g2", G2_TYPE)
        Check.eq(g.tag, G2 + "newsItem", "root")
        for k, v in (("guid", TAG % w.ids["c-rates.json"]), ("version", "1"),
                     ("standard", "NewsML-G2"), ("conformance", "power"),
                     (XML_LANG, "en")):
            Check.eq(g.get(k), v, "newsItem @" + k)
        Check.true(g.get("standardversion"), "standardversion")
        Check.eq([local(c) for c in g], ["catalogRef", "itemMeta",
                                        "contentMeta", "contentSet"],
                 "newsItem parts")
        im = g.find(G2 + "itemMeta")
        in_order([local(c) for c in im], ITEM_META, "itemMeta")
        Check.eq(im.find(G2 + "itemClass").get("qcode"), "ninat:text",
                 "itemClass")
        Check.eq(im.find(G2 + "provider").get("literal"), "Testwire",
                 "provider")
        Check.eq(im.findtext(G2 + "versionCreated"), "2026-03-03T07:30:00Z",
                 "versionCreated")
        Check.eq(im.findtext(G2 + "firstCreated"), "2026-03-03T07:30:00Z",
                 "firstCreated")
        Check.eq(im.find(G2 + "pubStatus").get("qcode"), "stat:usable",
                 "pubStatus")
        Check.eq(im.findtext(G2 + "edNote"), "Moves on the economy wire",
                 "edNote")
        Check.eq(im.find(G2 + "signal"), None, "no signal: not corrected")
        cm = g.find(G2 + "contentMeta")
        in_order([local(c) for c in cm], CONTENT_META, "contentMeta")
        Check.eq(cm.findtext(G2 + "urgency"), "3", "urgency")
        Check.eq(cm.findtext(G2 + "located/" + G2 + "name"), "ORRIN",
                 "located")
        Check.eq(cm.find(G2 + "language").get("tag"), "en", "language")
        sub = cm.find(G2 + "subject")
        Check.eq(sub.get("qcode"), "subj:04000000", "subject qcode")
        Check.eq(sub.findtext(G2 + "name"), "economy, business and finance",
                 "subject name")
        Check.eq(cm.findtext(G2 + "slugline"), "ECON-Rates", "slugline")
        Check.eq(cm.findtext(G2 + "headline"),
                 "Orrin central bank holds rates", "headline")
        Check.eq(cm.findtext(G2 + "by"), "Marta Test", "by")
        Check.true(cm.findtext(G2 + "dateline").startswith("ORRIN"),
                   "dateline")
        ix = g.find(G2 + "contentSet/" + G2 + "inlineXML")
        Check.eq(ix.get("contenttype"), "application/xhtml+xml",
                 "inlineXML contenttype")
        body = ix.find(XHTML + "html/" + XHTML + "body")
        Check.true(body is not None, "an XHTML html/body inside")
        Check.eq(ix.findtext(XHTML + "html/" + XHTML + "head/" + XHTML +
                             "title"), "Orrin central bank holds rates",
                 "XHTML title")
        Check.eq([p.text for p in body], paragraphs(doc), "XHTML p's")
        g = xml_of(w.story("a1-flash.json", "newsmlg2"), "g2 a", G2_TYPE)
        Check.eq(g.get("version"), "2", "the story's version")
        Check.eq(g.findtext(G2 + "contentMeta/" + G2 + "urgency"), "1",
                 "flash")
        g = xml_of(w.story("f-table.json", "newsmlg2"), "g2 f", G2_TYPE)
        body = g.find(".//" + XHTML + "body")
        Check.eq([local(c) for c in body], ["p", "pre"], "XHTML p then pre")


def test_correction(opts):
    note = "Corrects the mayor's first name in the headline and first " \
        "paragraph"
    with TempDir() as d, Wire(opts, d) as w:
        w.load(FIXTURES)
        g = xml_of(w.story("g-corrected.json", "newsmlg2"), "g2", G2_TYPE)
        im = g.find(G2 + "itemMeta")
        Check.eq([s.get("qcode") for s in im.findall(G2 + "signal")],
                 ["sig:correction"], "correction signal")
        Check.eq(im.findtext(G2 + "edNote"), note, "edNote: the note")
        Check.true("Jan Testsen" in g.findtext(".//" + G2 + "headline"),
                   "corrected headline")
        n = xml_of(w.story("g-corrected.json", "nitf"), "nitf", NITF_TYPE)
        dd = n.find(NITF + "head/" + NITF + "docdata")
        Check.eq(dd.find(NITF + "correction").get("info"), note,
                 "NITF correction")
        Check.eq(dd.find(NITF + "ed-msg").get("info"), note, "NITF ed-msg")


def test_negotiation(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(["c-rates.json"])
        cases = [
            (None, None, JSON_TYPE),
            (None, NITF_TYPE, NITF_TYPE),
            (None, "application/nitf+xml", "application/nitf+xml"),
            (None, G2_TYPE, G2_TYPE),
            (None, "application/json", JSON_TYPE),
            (None, "*/*", JSON_TYPE),
            (None, "text/html", JSON_TYPE),
            (None, "Application/VND.IPTC.NITF+XML", NITF_TYPE),
            (None, NITF_TYPE + ";q=0.5, application/json", JSON_TYPE),
            (None, "application/json;q=0.4, " + G2_TYPE, G2_TYPE),
            (None, NITF_TYPE + ", */*;q=0.1", NITF_TYPE),
            (None, "application/nitf+xml, */*", "application/nitf+xml"),
            (None, NITF_TYPE + ";q=0", JSON_TYPE),
            (None, "text/html, " + G2_TYPE + " ; q=0.9", G2_TYPE),
            (None, NITF_TYPE + ";q=0.8, " + G2_TYPE + ";q=0.9", G2_TYPE),
            ("nitf", "application/json", NITF_TYPE),
            ("json", NITF_TYPE, JSON_TYPE),
            ("newsmlg2", None, G2_TYPE),
        ]
        for fmt, accept, want in cases:
            r = w.story("c-rates.json", fmt, accept)
            what = "format=%s Accept=%s" % (fmt, accept)
            Check.eq(r.status, 200, what)
            Check.eq(r.header("Content-Type"), want, what)
            Check.eq(r.header("Vary"), "Accept", what + ": Vary")
            if want == JSON_TYPE:
                Check.eq(r.json()["headlines"][0]["value"],
                         "Orrin central bank holds rates", what + ": ninjs")
            else:
                well_formed(r.body, what)
        for bad in ("pdf", "NITF", "xml"):
            r = w.story("c-rates.json", bad)
            Check.eq(r.status, 400, "format=" + bad)
            Check.eq(r.json().get("error"), "bad_request", "format=" + bad)
        r = w.get("/api/v1/stories/%d?12345" % w.ids["c-rates.json"])
        Check.eq((r.status, r.header("Content-Type")), (200, JSON_TYPE),
                 "a query offwire cannot parse still gets JSON")
        r = w.server.request("HEAD", "/api/v1/stories/%d?format=nitf"
                             % w.ids["c-rates.json"])
        Check.eq((r.status, r.header("Content-Type"), r.body),
                 (200, NITF_TYPE, b""), "HEAD")


def test_killed_and_hidden(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(FIXTURES)
        for fmt, accept in (("nitf", None), ("newsmlg2", None),
                            (None, NITF_TYPE), (None, G2_TYPE)):
            what = "format=%s Accept=%s" % (fmt, accept)
            r = w.story("d-grain.json", fmt, accept)
            Check.eq(r.status, 410, "killed, " + what)
            Check.eq(r.header("Content-Type"), JSON_TYPE, "410 is JSON")
            Check.eq(r.json().get("notice"), "Kill: the ministry says it "
                     "issued no such statement. Do not use.", "notice")
            r = w.story("e-embargoed.json", fmt, accept)
            Check.eq(r.status, 404, "embargoed, " + what)
            r = w.get("/api/v1/stories/9999" +
                      ("?format=" + fmt if fmt else ""),
                      {"Accept": accept} if accept else None)
            Check.eq(r.status, 404, "no such story, " + what)


def test_hostile_copy(opts):
    with TempDir() as d, Wire(opts, d) as w:
        w.load(["x-hostile-html.json", "x-hostile-text.json"])
        for name in ("x-hostile-html.json", "x-hostile-text.json"):
            doc = ninjs(w, name)
            head = xml_clean(doc["headlines"][0]["value"])
            paras = [xml_clean(p) for p in paragraphs(doc)]
            n = xml_of(w.story(name, "nitf"), "nitf " + name, NITF_TYPE)
            Check.eq(n.findtext(NITF + "head/" + NITF + "title"), head,
                     "%s: NITF title is the headline as text" % name)
            Check.eq(n.findtext(".//" + NITF + "hl1"), head, name + ": hl1")
            content = n.find(".//" + NITF + "body.content")
            Check.eq({local(c) for c in content}, {"p"}, name + ": only p")
            Check.eq([p.text or "" for p in content], paras,
                     name + ": NITF paragraphs as text")
            g = xml_of(w.story(name, "newsmlg2"), "g2 " + name, G2_TYPE)
            Check.eq(g.findtext(".//" + G2 + "headline"), head,
                     name + ": G2 headline")
            body = g.find(".//" + XHTML + "body")
            Check.eq({local(c) for c in body.iter()} - {"body"}, {"p"},
                     name + ": XHTML has only p")
            Check.eq([p.text or "" for p in body], paras,
                     name + ": XHTML paragraphs as text")
            if "by" in doc:
                Check.eq(g.findtext(".//" + G2 + "by"), xml_clean(doc["by"]),
                         name + ": by")


def _offwire_reads(binary, fmt, body, tmp):
    """Whether `offwire check --format fmt` accepts a rendering; None when
    this build has no parser for it yet."""
    path = os.path.join(tmp, "probe." + fmt + ".xml")
    with open(path, "wb") as f:
        f.write(body)
    rc, out, err = run_cli(binary, "check", "--json", "--format", fmt, path)
    if rc != 0:
        return None, out + err
    try:
        return json.loads(out.splitlines()[0]), out
    except (ValueError, IndexError):
        return None, out + err


def test_round_trip_through_own_parsers(opts):
    names = ["a1-flash.json", "c-rates.json", "f-table.json",
             "g-corrected.json", "x-hostile-text.json"]
    with TempDir() as d:
        with Wire(opts, d) as w:
            w.load(FIXTURES)
            docs = {n: ninjs(w, n) for n in names}
            renders = {(n, fmt): w.story(n, fmt).body
                       for n in names for fmt in ("nitf", "newsmlg2")}
        for fmt in ("nitf", "newsmlg2"):
            probe, out = _offwire_reads(opts.binary, fmt,
                                        renders[(names[1], fmt)], d)
            if probe is None or probe.get("format") != fmt:
                print("SKIP round trip through the %s parser: `offwire "
                      "check --format %s` does not read offwire's own "
                      "rendering in this build yet: %s"
                      % (fmt, fmt, out.strip()[:300]))
                continue
            with Wire(opts, d, name="again-%s.db" % fmt) as w2:
                for n in names:
                    r = w2.server.ingest(renders[(n, fmt)])
                    Check.eq(r.status, 201, "%s %s ingested again: %r"
                             % (fmt, n, r.body[:300]))
                    if r.status != 201:
                        continue
                    back = w2.get("/api/v1/stories/%d" % r.json()["id"])
                    back = back.json()
                    compare(docs[n], back, "%s round trip of %s" % (fmt, n))
            print("round trip through the %s parser: %d stories"
                  % (fmt, len(names)))


def norm(s):
    """Parsers fold runs of white space; so does the comparison."""
    return " ".join(xml_clean(s).split()) if isinstance(s, str) else s


def compare(a, b, what):
    """The fields a subscriber reads must survive the trip."""
    Check.eq(b["headlines"][0]["value"], norm(a["headlines"][0]["value"]),
             what + ": headline")
    for k in ("slugline", "by", "located", "urgency", "language",
              "versioncreated"):
        if k in a:
            Check.eq(norm(b.get(k)), norm(a[k]), "%s: %s" % (what, k))
    Check.eq(b["infosources"][0]["name"], a["infosources"][0]["name"],
             what + ": source")
    Check.eq([norm(p) for p in paragraphs(b)],
             [norm(p) for p in paragraphs(a)], what + ": body")
    Check.eq(sorted(norm(s.get("name")) for s in b.get("subjects", [])),
             sorted(norm(s["name"]) for s in a.get("subjects", [])
                    if s.get("name")), what + ": subjects")


if __name__ == "__main__":
    main(globals())
