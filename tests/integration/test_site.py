"""The site for people (issue 5) against the real binary over urllib: every
page renders with its status and structure (landmarks, one h1, headings in
order, breadcrumbs, a labelled search form, no inline script or style), the
ticker and story text equal the JSON API's, 404/410 pages, the text-size
preference (cookie, class on <html>, no open redirect), search, static
assets, the embeddable ticker, and escaping of hostile copy on every page."""

import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from owtest import Check, Server, TempDir, main, run_cli  # noqa: E402

# ------------------------------------------------------------------ HTTP


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Page:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")
        self._doc = None

    def header(self, name):
        return self.headers.get(name)

    def all_headers(self, name):
        return self.headers.get_all(name) or []

    @property
    def doc(self):
        if self._doc is None:
            self._doc = parse(self.text)
        return self._doc


def fetch(srv, path, headers=None):
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (srv.port, path),
                                 headers=headers or {})
    try:
        with OPENER.open(req, timeout=30) as r:
            return Page(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Page(e.code, e.headers, e.read())


# ------------------------------------------------------------------- DOM

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    def text(self):
        out = []
        for c in self.children:
            out.append(c if isinstance(c, str) else c.text())
        return "".join(out)

    def words(self):
        return " ".join(self.text().split())

    def block_text(self):
        """Text with a break at each block element, as a browser shows it."""
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            else:
                brk = c.tag in ("p", "pre", "div", "li", "br", "table", "tr")
                out.append(("\n" if brk else "") + c.block_text() +
                           ("\n" if brk else ""))
        return "".join(out)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find_all(self, tag=None, **attrs):
        out = []
        for n in self.walk():
            if tag and n.tag != tag:
                continue
            ok = True
            for k, v in attrs.items():
                k = k.rstrip("_").replace("_", "-")
                have = n.attrs.get(k)
                if v is True:
                    ok = ok and have is not None
                elif k == "class":
                    ok = ok and have is not None and v in have.split()
                else:
                    ok = ok and have == v
            if ok:
                out.append(n)
        return out

    def find(self, tag=None, **attrs):
        r = self.find_all(tag, **attrs)
        return r[0] if r else None


class Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.tags = []  # every start tag with its attributes, in order

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(text):
    b = Builder()
    b.feed(text)
    b.close()
    b.root.tags = b.tags
    return b.root


# --------------------------------------------------------------- fixtures


def samples(opts):
    d = os.path.normpath(os.path.join(opts.data, "..", "..", "samples"))
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.endswith((".txt", ".json")) and f[0].isdigit())


class Wire:
    """A server with the samples loaded through the CLI."""

    def __init__(self, opts, load=True):
        self.opts = opts
        self.load = load

    def __enter__(self):
        self.tmp = TempDir()
        d = self.tmp.__enter__()
        db = os.path.join(d, "w.db")
        if self.load:
            rc, out, err = run_cli(self.opts.binary, "ingest", "--db", db,
                                   *samples(self.opts))
            if rc:
                raise RuntimeError("loading samples: %s %s" % (out, err))
        self.srv = Server(self.opts.binary, db).start()
        return self.srv

    def __exit__(self, *exc):
        self.srv.stop()
        self.tmp.__exit__(*exc)


def api(srv, path):
    return json.loads(fetch(srv, path).text)


def id_of(srv, headline_start):
    """A live story's id by the start of its headline."""
    for it in api(srv, "/api/v1/stories?limit=200")["items"]:
        if it["headline"].startswith(headline_start):
            return it["id"]
    raise KeyError(headline_start)


def crumbs_of(doc):
    nav = doc.find("nav", aria_label="Breadcrumb")
    return [li.words() for li in nav.find_all("li")] if nav else None


def store_filters_work(srv):
    """The section and word filters are the store's (store_list_stories);
    says so once when they find nothing, so a failure names its cause."""
    ok = bool(ticker_lines(fetch(srv, "/embed/ticker?section=environment").doc))
    if not ok:
        Check.fail("the store's section/q filters find nothing: "
                   "store_list_stories must bind :section and :match "
                   "(src/store/sqlite/sqlite_query.c); the checks of section "
                   "pages and search below fail until it does")
    return ok


def script_data(text):
    """The JSON the embed script is wrapped around: "...})(DATA);"."""
    return json.loads(text[text.rindex("})(") + 3:text.rindex(");")])


LABEL = {"flash": "FLASH", "bulletin": "BULLETIN", "urgent": "URGENT"}


def line_text(item):
    label = LABEL.get(item.get("priority") or "")
    return (label + " " if label else "") + item["headline"]


# ------------------------------------------------------ structure checks


def check_structure(page, path, crumbs=True, chrome=True):
    """What every page of the site must have."""
    Check.true(page.header("Content-Type", ).startswith("text/html"),
               "%s: HTML" % path)
    csp = page.header("Content-Security-Policy") or ""
    Check.true("script-src 'self'" in csp and "style-src 'self'" in csp,
               "%s: CSP allows only this site's script and style: %r" % (path, csp))
    doc = page.doc
    html_el = doc.find("html")
    Check.true(html_el is not None and html_el.attrs.get("lang") == "en",
               "%s: <html lang>" % path)
    Check.eq(len(doc.find_all("h1")), 1, "%s: one h1" % path)
    Check.eq(len(doc.find_all("title")), 1, "%s: one title" % path)
    Check.true(doc.find("meta", name="viewport") is not None,
               "%s: viewport meta (phones)" % path)
    # no inline script or style: the CSP would block them
    for n in doc.find_all("script"):
        Check.true("src" in n.attrs and not n.text().strip(),
                   "%s: scripts are files" % path)
    Check.eq(doc.find_all("style"), [], "%s: no <style>" % path)
    for tag, attrs in doc.tags:
        names = [k for k, _ in attrs]
        Check.true("style" not in names, "%s: no style attribute on <%s>" % (path, tag))
        Check.true(not any(k.startswith("on") for k in names),
                   "%s: no event handler attribute on <%s>" % (path, tag))
    # headings in order: never a jump of more than one level down
    levels = [int(n.tag[1]) for n in doc.walk()
              if re.fullmatch(r"h[1-6]", n.tag)]
    Check.true(levels and levels[0] <= 2, "%s: headings start high" % path)
    for a, b in zip(levels, levels[1:]):
        Check.true(b <= a + 1, "%s: heading h%d after h%d" % (path, b, a))
    # every id once
    ids = [n.attrs["id"] for n in doc.walk() if "id" in n.attrs]
    Check.eq(len(ids), len(set(ids)), "%s: ids are unique" % path)
    main_el = doc.find_all("main")
    Check.eq(len(main_el), 1, "%s: one <main>" % path)
    if not chrome:
        return
    for tag in ("header", "nav", "footer"):
        Check.true(doc.find(tag) is not None, "%s: <%s> landmark" % (path, tag))
    links = doc.find_all("a")
    Check.true(links and links[0].attrs.get("href") == "#main" and
               "skip" in links[0].words().lower(),
               "%s: a skip link comes first" % path)
    Check.true(main_el and main_el[0].attrs.get("id") == "main",
               "%s: skip link target" % path)
    form = doc.find("form", role="search")
    Check.true(form is not None and form.attrs.get("action") == "/search",
               "%s: search form" % path)
    if form:
        inp = form.find("input", name="q")
        lab = form.find("label")
        Check.true(inp is not None and lab is not None and
                   lab.attrs.get("for") == inp.attrs.get("id"),
                   "%s: the search box is labelled" % path)
    # every image would need alt text; the site has none
    for n in doc.find_all("img"):
        Check.true("alt" in n.attrs, "%s: img alt" % path)
    if crumbs:
        nav = doc.find("nav", aria_label="Breadcrumb")
        Check.true(nav is not None, "%s: breadcrumbs" % path)
        if nav:
            Check.true(nav.words().startswith("You are here:"),
                       "%s: 'You are here:' %r" % (path, nav.words()))
            first = nav.find("a")
            Check.true(first is not None and first.attrs.get("href") == "/"
                       and first.words() == "Home", "%s: crumb Home" % path)
            Check.true(nav.find(aria_current="page") is not None,
                       "%s: current crumb" % path)


def ticker_lines(doc):
    ul = doc.find("ul", data_live="ticker")
    if ul is None:
        return None
    # the headline link's words (a folded event adds "2 sources" after it)
    return [(int(li.attrs["data-id"]), li.find("a").words())
            for li in ul.find_all("li")]


# ------------------------------------------------------------------ tests


def test_home(opts):
    with Wire(opts) as s:
        p = fetch(s, "/")
        Check.eq(p.status, 200, "home status")
        check_structure(p, "/", crumbs=False)
        # the site's ticker is one line per event
        want = [(i["id"], line_text(i))
                for i in api(s, "/api/v1/ticker?collapse=event")]
        Check.true(len(want) > 5, "the samples fill the ticker")
        Check.eq(ticker_lines(p.doc), want, "home ticker = API ticker")
        region = p.doc.find("section", class_="ticker")
        Check.true(region is not None and "Off the wire" in region.words(),
                   "the ticker is labelled Off the wire")
        # blocks: by section (first subject), "Latest" for the rest, sources
        titles = [h.words() for h in p.doc.find_all(class_="block-title")]
        for t in ("Latest", "economy, business and finance", "environment",
                  "Northwind", "Harbor Press"):
            Check.true(t in titles, "home block %r in %r" % (t, titles))
        listed = {int(li.attrs["data-id"])
                  for li in p.doc.find_all("li", class_="item")}
        live = {i["id"] for i in api(s, "/api/v1/stories?limit=100")["items"]}
        Check.eq(listed, live, "every live story is on the home page")
        econ = [b for b in p.doc.find_all("section", class_="block")
                if b.find(class_="block-title").words() ==
                "economy, business and finance"][0]
        Check.eq([int(li.attrs["data-id"]) for li in econ.find_all("li")],
                 [id_of(s, "Central bank")],
                 "the central bank story is filed under economy")
        flash = p.doc.find("span", class_="pri-flash")
        Check.true(flash is not None and flash.words() == "FLASH",
                   "priority labels")


def test_section_and_source_pages(opts):
    with Wire(opts) as s:
        store_filters_work(s)
        fire = [id_of(s, "Firefighters")]
        for path, title, ids in (
                ("/sections/environment", "environment", fire),
                ("/sections/06000000", "environment", fire),
                ("/sections/ENVIRONMENT", "environment", fire),
                ("/sources/Northwind", "Northwind", None),
                ("/sources/Harbor%20Press", "Harbor Press", None)):
            p = fetch(s, path)
            Check.eq(p.status, 200, path + " status")
            check_structure(p, path)
            Check.eq(p.doc.find("h1").words(), title, path + " h1")
            Check.eq(crumbs_of(p.doc), ["Home", title], path + " crumbs")
            got = [int(li.attrs["data-id"])
                   for li in p.doc.find_all("li", class_="item")]
            if ids is None:
                src = urllib.parse.unquote(path.rsplit("/", 1)[1])
                ids = [i["id"] for i in
                       api(s, "/api/v1/stories?limit=100&source=" +
                           urllib.parse.quote(src))["items"]]
            Check.eq(got, ids, path + " stories")
            Check.true(ticker_lines(p.doc), path + " has the ticker")
        for path in ("/sections/nosuch", "/sources/Nobody"):
            p = fetch(s, path)
            Check.eq(p.status, 404, path + " status")
            check_structure(p, path, crumbs=False)


def story_paragraphs(doc):
    body = doc.find("div", class_="story-body")
    return [" ".join(x.split()) for x in body.block_text().split("\n")
            if x.strip()]


def test_story_pages_match_api(opts):
    with Wire(opts) as s:
        items = api(s, "/api/v1/stories?limit=100")["items"]
        Check.true(len(items) >= 10, "samples listed")
        for it in items:
            path = "/stories/%d" % it["id"]
            p = fetch(s, path)
            Check.eq(p.status, 200, path)
            check_structure(p, path)
            ninjs = api(s, "/api/v1" + path)
            Check.eq(p.doc.find("h1").words(),
                     " ".join(ninjs["headlines"][0]["value"].split()),
                     path + " headline")
            plain = [b["value"] for b in ninjs["bodies"]
                     if b["contenttype"] == "text/plain"][0]
            want = [" ".join(x.split()) for x in plain.split("\n\n")]
            got = story_paragraphs(p.doc)
            Check.eq(" ".join(got).split(), " ".join(want).split(),
                     path + " text = API text")
            if "<em>" not in p.text:  # inline markup splits the words
                Check.eq(got, want, path + " paragraphs")
            line = p.doc.find("p", class_="source-line")
            Check.true(line is not None and
                       line.words().startswith(it["source"] + ", "),
                       path + " source line %r" % (line and line.words()))
            note = p.doc.find("p", class_="version-note")
            Check.true(note is not None and
                       note.find("a").attrs["href"] == path + "/history",
                       path + " version note links to the history")
            art = p.doc.find("article")
            Check.eq(art.attrs.get("data-id"), str(it["id"]), path + " article")
            fs = p.doc.find(class_="fontsize")
            Check.eq([a.attrs.get("data-fs") for a in fs.find_all("a")],
                     ["small", "normal", "large"], path + " A- A A+")
        # the writethru: version note, byline, dateline, crumbs
        dock = id_of(s, "Dock workers")
        p = fetch(s, "/stories/%d" % dock)
        Check.eq(p.doc.find("p", class_="source-line").words(),
                 "Northwind, March 3, 2026", "source line, Xinhua style")
        Check.true(p.doc.find("p", class_="version-note").words()
                   .startswith("Updated: 1st LD Writethru, "),
                   "version note: %r" % p.doc.find("p", class_="version-note").words())
        Check.eq(p.doc.find("p", class_="dateline").words(),
                 "Dateline: PORT CALDER, March 3", "dateline")
        Check.eq(crumbs_of(p.doc),
                 ["Home", "Northwind", "Dock workers walk out at Port Calder"],
                 "story crumbs (no section: the source)")
        Check.true(p.doc.find("nav", aria_label="Breadcrumb").words()
                   .startswith("You are here:"), "You are here")
        bank = id_of(s, "Central bank")
        p = fetch(s, "/stories/%d" % bank)
        Check.eq(p.doc.find("p", class_="byline").words(), "By Marta Osei",
                 "byline")
        crumbs = p.doc.find("nav", aria_label="Breadcrumb")
        Check.eq([a.attrs["href"] for a in crumbs.find_all("a")],
                 ["/", "/sections/economy%2C%20business%20and%20finance"],
                 "story crumbs: its section")
        Check.true(p.doc.find("em") is not None or p.doc.find("i") is not None,
                   "sanitised body_html keeps its markup")
        rel = p.doc.find("section", class_="related")
        Check.true(rel is not None and 1 <= len(rel.find_all("li")) <= 5,
                   "related stories")
        Check.true(str(bank) not in [li.attrs["data-id"] for li in rel.find_all("li")],
                   "a story is not related to itself")


def test_history_page(opts):
    with Wire(opts) as s:
        dock = id_of(s, "Dock workers")
        path = "/stories/%d/history" % dock
        p = fetch(s, path)
        Check.eq(p.status, 200, "history status")
        check_structure(p, path)
        versions = p.doc.find_all("section", class_="version")
        Check.eq(len(versions), 2, "two versions")
        Check.eq(versions[1].find("h2").words(), "Version 2: 1st LD Writethru",
                 "version heading")
        ins = [n.words() for n in versions[1].find_all("ins")]
        dels = [n.words() for n in versions[1].find_all("del")]
        Check.true("1,400" in ins and "1,200" in dels,
                   "word diff: %r / %r" % (ins, dels))
        diff = api(s, "/api/v1/stories/%d/diff" % dock)
        Check.eq(" ".join(ins).split(),
                 " ".join(o["text"] for o in diff["ops"]
                          if o["op"] == "insert").split(),
                 "the inserted words are the API diff's")
        Check.eq(" ".join(dels).split(),
                 " ".join(o["text"] for o in diff["ops"]
                          if o["op"] == "delete").split(),
                 "the deleted words are the API diff's")
        Check.true(fetch(s, "/stories/%d" % dock).doc.find(
            "a", href=path) is not None, "history linked from the story")
        Check.eq(fetch(s, "/stories/999/history").status, 404, "unknown")


def test_not_found_and_gone(opts):
    with Wire(opts) as s:
        for path in ("/stories/999999", "/stories/abc", "/stories/0",
                     "/static/nosuch.css", "/static/embed.js",
                     "/stories/999999/history"):
            p = fetch(s, path)
            Check.eq(p.status, 404, path + " status")
            check_structure(p, path, crumbs=False)
            Check.true("not found" in p.doc.find("h1").words().lower(),
                       path + " says not found")
        Check.true(fetch(s, "/api/v1/nosuch").header("Content-Type")
                   .startswith("application/json"), "the API's 404 stays JSON")
        p = fetch(s, "/no/such/page")
        Check.eq(p.status, 404, "unknown path")
        if p.header("Content-Type").startswith("text/html"):
            check_structure(p, "/no/such/page", crumbs=False)
        else:
            print("NOTE: /no/such/page gets the dispatcher's JSON 404; an HTML "
                  "page needs server.c to call route_site_not_found")
        # a kill: 410 with the notice, and gone from every list
        kill = {"uri": "urn:harborpress:2026:cb-rates-0303", "version": "2",
                "pubstatus": "canceled", "type": "text",
                "infosources": [{"name": "Harbor Press"}],
                "ednote": "Kill: the story is withdrawn. Do not use."}
        bank = id_of(s, "Central bank")
        Check.eq(s.ingest(json.dumps(kill)).status, 201, "kill accepted")
        for path in ("/stories/%d" % bank, "/stories/%d/history" % bank):
            p = fetch(s, path)
            Check.eq(p.status, 410, path + " is gone")
            check_structure(p, path, crumbs=False)
            note = p.doc.find(class_="kill-notice")
            Check.true(note is not None and "withdrawn" in note.words().lower(),
                       path + " kill notice %r" % (note and note.words()))
            Check.true("Central bank holds" not in p.text,
                       path + " shows no copy of the killed story")
        for path in ("/", "/sources/Harbor%20Press", "/embed/ticker"):
            Check.true('data-id="%d"' % bank not in fetch(s, path).text,
                       path + " no longer lists the killed story")
        # embargoed copy: not found until its time
        emb = {"uri": "urn:test:embargoed", "version": "1", "type": "text",
               "headlines": [{"role": "main", "value": "Embargoed budget"}],
               "embargoed": "2099-01-01T00:00:00Z",
               "infosources": [{"name": "Harbor Press"}],
               "bodies": [{"role": "main", "contenttype": "text/plain",
                           "value": "Not yet."}]}
        r = s.ingest(json.dumps(emb))
        Check.eq(r.status, 201, "embargoed accepted")
        p = fetch(s, "/stories/%d" % r.json()["id"])
        Check.eq(p.status, 404, "embargoed story is not found")
        Check.true("Embargoed budget" not in p.text and
                   "Embargoed budget" not in fetch(s, "/").text,
                   "embargoed copy is nowhere")


def test_font_size(opts):
    with Wire(opts) as s:
        dock = "/stories/%d" % id_of(s, "Dock workers")
        p = fetch(s, dock)
        Check.true('class="fs-' not in p.text.split("<head>")[0],
                   "no size class without the cookie")
        a = p.doc.find("a", data_fs="large")
        Check.eq(a.attrs["href"], "/prefs/font?size=large&back=" +
                 urllib.parse.quote(dock, safe=""), "A+ links to the preference")
        r = fetch(s, a.attrs["href"])
        Check.eq(r.status, 303, "303 back")
        Check.eq(r.header("Location"), dock, "back to the story")
        cookie = r.header("Set-Cookie") or ""
        Check.true(cookie.startswith("fs=large;") and "Path=/" in cookie,
                   "cookie set: %r" % cookie)
        jar = {"Cookie": "other=1; fs=large"}
        for path in (dock, "/stories/2", "/", dock + "/history"):
            q = fetch(s, path, jar)
            Check.eq(q.doc.find("html").attrs.get("class"), "fs-large",
                     path + " keeps the size")
        q = fetch(s, "/stories/2", jar)
        Check.eq(q.doc.find("a", data_fs="large").attrs.get("aria-current"),
                 "true", "the chosen size is marked")
        # the cache keeps each size apart, and conditional GETs too
        plain = fetch(s, "/stories/2")
        Check.eq(plain.doc.find("html").attrs.get("class"), None,
                 "no cookie: normal size (not the cached large page)")
        Check.true(plain.header("ETag") != q.header("ETag"), "ETag per size")
        Check.true("Cookie" in (plain.header("Vary") or ""), "Vary: Cookie")
        nm = fetch(s, "/stories/2", dict(jar, **{"If-None-Match": q.header("ETag")}))
        Check.eq(nm.status, 304, "conditional GET per size")
        small = fetch(s, "/prefs/font?size=small&back=/sources/Northwind%3Fx%3D1")
        Check.eq(small.header("Location"), "/sources/Northwind?x=1", "query kept")
        Check.eq(fetch(s, "/", {"Cookie": "fs=small"}).doc.find("html")
                 .attrs.get("class"), "fs-small", "small")
        Check.eq(fetch(s, "/", {"Cookie": "fs=huge"}).doc.find("html")
                 .attrs.get("class"), None, "unknown sizes are ignored")
        Check.eq(fetch(s, "/prefs/font?size=normal&back=/").header("Set-Cookie")
                 .split(";")[0], "fs=normal", "back to normal")
        bad = fetch(s, "/prefs/font?size=gigantic&back=/")
        Check.eq(bad.status, 400, "unknown size refused")
        Check.eq(bad.header("Set-Cookie"), None, "no cookie for a bad size")


def test_no_open_redirect(opts):
    with Wire(opts, load=False) as s:
        for back in ("https://evil.example", "//evil.example",
                     "/\\evil.example", "\\\\evil.example",
                     "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1",
                     "evil.example", "", "/%0d%0aX: y", "http:/evil.example"):
            r = fetch(s, "/prefs/font?size=large&back=" +
                      urllib.parse.quote(back, safe=""))
            Check.eq(r.status, 303, "%r: still answered" % back)
            loc = r.header("Location")
            Check.true(loc == "/" or (loc.startswith("/") and
                                      not loc.startswith("//") and
                                      "\\" not in loc and "\n" not in loc),
                       "%r: sent home, not away: %r" % (back, loc))
            Check.true(loc == "/" or back.startswith("/%"),
                       "%r: refused: %r" % (back, loc))
        r = fetch(s, "/prefs/font?size=large")
        Check.eq(r.header("Location"), "/", "no back: home")


def test_search(opts):
    with Wire(opts) as s:
        store_filters_work(s)
        p = fetch(s, "/search?q=Calder")
        Check.eq(p.status, 200, "search status")
        check_structure(p, "/search")
        dock = id_of(s, "Dock workers")
        ids = [int(li.attrs["data-id"]) for li in p.doc.find_all("li", class_="item")]
        Check.true(dock in ids, "the harbour strike is found: %r" % ids)
        Check.eq(p.doc.find("input", name="q").attrs.get("value"), "Calder",
                 "the box keeps the words")
        Check.eq(p.doc.find("h1").words(), "Search: Calder", "h1")
        p = fetch(s, "/search?q=Calder+spring")
        Check.eq([int(li.attrs["data-id"]) for li in p.doc.find_all("li", class_="item")],
                 [dock], "every word must occur")
        p = fetch(s, "/search?q=zzyzx")
        Check.eq(p.doc.find_all("li", class_="item"), [], "nothing found")
        Check.true("No story" in p.text, "says so")
        p = fetch(s, "/search")
        Check.eq(p.status, 200, "empty search form")
        check_structure(p, "/search (empty)")
        Check.eq(fetch(s, "/search?q=" + "a" * 300).status, 200, "long query")


def test_static_assets(opts):
    with Wire(opts, load=False) as s:
        home = fetch(s, "/")
        for name, ctype in (("site.css", "text/css"), ("site.js", "text/javascript")):
            ref = re.search(r'"(/static/%s\?v=[0-9a-f]{16})"' % re.escape(name),
                            home.text)
            Check.true(ref is not None, name + " linked with its hash")
            r = fetch(s, ref.group(1) if ref else "/static/" + name)
            Check.eq(r.status, 200, name)
            Check.true(r.header("Content-Type").startswith(ctype), name + " type")
            Check.true("max-age=31536000" in (r.header("Cache-Control") or ""),
                       name + " long cache")
            etag = r.header("ETag")
            Check.true(etag and etag.strip('"') in ref.group(1), name + " ETag")
            r2 = fetch(s, "/static/" + name, {"If-None-Match": etag})
            Check.eq(r2.status, 304, name + " revalidates")
            Check.true(len(r.body) > 1000, name + " is the real file")


def test_embed(opts):
    with Wire(opts) as s:
        p = fetch(s, "/embed/ticker")
        Check.eq(p.status, 200, "embed status")
        check_structure(p, "/embed/ticker", crumbs=False, chrome=False)
        Check.true("frame-ancestors *" in p.header("Content-Security-Policy"),
                   "embed may be framed")
        Check.true("frame-ancestors 'self'" in
                   fetch(s, "/").header("Content-Security-Policy"),
                   "site pages may not be framed by others")
        want = [(i["id"], line_text(i))
                for i in api(s, "/api/v1/ticker?collapse=event")]
        Check.eq(ticker_lines(p.doc), want, "embed ticker = API ticker")
        for a in p.doc.find("ul", data_live="ticker").find_all("a"):
            Check.eq(a.attrs.get("target"), "_blank", "links leave the frame")
        p = fetch(s, "/embed/ticker?source=Northwind&priority=urgent")
        lines = ticker_lines(p.doc)
        Check.eq([i for i, _ in lines], [id_of(s, "Magnitude 5.8")],
                 "filtered: Northwind, urgent+")
        Check.eq(p.doc.find("body").attrs.get("data-stream"),
                 "source=Northwind&priority=urgent", "the stream gets the filters")
        Check.eq(fetch(s, "/embed/ticker?priority=bogus").status, 400, "bad filter")
        js = fetch(s, "/embed/ticker.js")
        Check.eq(js.status, 200, "script status")
        Check.true(js.header("Content-Type").startswith("text/javascript"), "js type")
        data = script_data(js.text)
        Check.eq([(i["id"], line_text(i)) for i in data["items"]], want,
                 "script data = API ticker")
        Check.true("EventSource" in js.text, "the script follows the stream")


# --------------------------------------------------------------- escaping

EVIL = ('<script>alert(1)</script> "><img src=x onerror=alert(1)> '
        '</title> javascript:alert(1) \' `')
CTL = "\u0001\u0007\u001b\u007f"


def evil_docs():
    one = {
        "uri": "urn:evil:1", "version": "1", "type": "text", "urgency": 1,
        "versioncreated": "2026-03-03T12:00:00Z",
        "headlines": [{"role": "main", "value": "Evil" + CTL + " " + EVIL}],
        "by": "Mallory " + EVIL,
        "slugline": "evil-slug" + EVIL,
        "located": "EVILTOWN" + EVIL,
        "ednote": "Note " + EVIL,
        "infosources": [{"name": "Evil<script>alert(1)</script> Agency\"'><img src=x onerror=alert(1)>"}],
        "subjects": [{"name": "Sect<script>alert(1)</script>\"><img src=x onerror=alert(1)>",
                      "literal": "evil1"}],
        "bodies": [{"role": "main", "contenttype": "text/plain",
                    "value": "First " + EVIL + CTL + "\n\nSecond "
                    "<a href=\"javascript:alert(1)\">link</a> </title>"}]}
    two = dict(one, version="2")
    two["bodies"] = [{"role": "main", "contenttype": "text/plain",
                      "value": "First " + EVIL + " changed <b onmouseover=alert(1)>"
                      "\n\nSecond <iframe src=javascript:alert(1)>"}]
    html_doc = {
        "uri": "urn:evil:html", "version": "1", "type": "text",
        "headlines": [{"role": "main", "value": "Markup " + EVIL}],
        "infosources": [{"name": "Evil<script>alert(1)</script> Agency\"'><img src=x onerror=alert(1)>"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value":
                    "<p>Hi <script>alert(1)</script><img src=x onerror=alert(1)>"
                    "<a href=\"javascript:alert(1)\">x</a>"
                    "<a href=\" JaVaScRiPt:alert(1)\">y</a>"
                    "<a href=\"https://example.org/\" onclick=\"alert(1)\">ok</a>"
                    "<style>body{}</style><span style=\"color:red\">s</span></p>"
                    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"}]}
    wire = ("URGENT: Wire " + EVIL + "\n"
            "Evil" + "<script>alert(1)</script>" + " Wire, March 3, 2026\n\n"
            "<SCRIPT>TOWN, March 3 (Evil) -- Text " + EVIL + "\n\nMore.\n\nEndit\n")
    return [json.dumps(one), json.dumps(two), json.dumps(html_doc), wire]


SCRIPT_ALERT = re.compile(r"<script[^>]*>\s*alert", re.I)
# inside a tag (escaped text has no raw "<" or ">")
JS_HREF = re.compile(r"<[a-z]+\s[^<>]*\b(href|src|action)\s*=\s*[\"']?\s*"
                     r"javascript:", re.I)


def check_clean(path, page):
    t = page.text
    Check.true(not SCRIPT_ALERT.search(t), "%s: unescaped <script>alert" % path)
    Check.true(not JS_HREF.search(t), "%s: javascript: link" % path)
    Check.true(not re.search(r"<(img|iframe|style|object|embed)\b", t, re.I),
               "%s: an element from the copy" % path)
    Check.eq(t.count("</title>"), 1 if "<title>" in t else 0,
             "%s: </title> from the copy is escaped" % path)
    for c in CTL[:3]:
        Check.true(c not in t, "%s: control character %r" % (path, c))
    if page.header("Content-Type", ).startswith("text/html"):
        for tag, attrs in page.doc.tags:
            for k, v in attrs:
                Check.true(not k.startswith("on"), "%s: %s on <%s>" % (path, k, tag))
                if k in ("href", "src", "action") and v:
                    Check.true(not v.strip().lower().startswith("javascript:"),
                               "%s: %s=%r" % (path, k, v))


def test_escaping(opts):
    with Wire(opts, load=False) as s:
        ids = []
        for doc in evil_docs():
            r = s.ingest(doc)
            Check.eq(r.status, 201, "hostile copy accepted: %r" % r.body[:200])
            if r.status == 201:
                ids.append(r.json()["id"])
        story = api(s, "/api/v1/stories/%d" % ids[0])
        source = story["infosources"][0]["name"]
        section = story["subjects"][0]["name"]
        q = urllib.parse.quote
        pages = ["/", "/stories/%d" % ids[0], "/stories/%d/history" % ids[0],
                 "/sections/" + q(section, safe=""), "/sources/" + q(source, safe=""),
                 "/search?q=alert", "/search?q=" + q(EVIL), "/embed/ticker",
                 "/embed/ticker?source=" + q(source) + "&q=" + q(EVIL),
                 "/stories/" + q("<script>alert(1)</script>", safe=""),
                 "/sections/" + q(EVIL, safe=""), "/stories/999999"]
        pages += ["/stories/%d" % i for i in ids[1:]]
        for path in pages:
            p = fetch(s, path)
            Check.true(p.status in (200, 404), "%s: status %d" % (path, p.status))
            check_clean(path, p)
        # the text is still there, escaped
        p = fetch(s, "/stories/%d" % ids[0])
        Check.true("&lt;script&gt;alert(1)&lt;/script&gt;" in p.text,
                   "escaped, not dropped")
        h1 = p.doc.find("h1").words()
        Check.true("<script>alert(1)</script>" in h1 and "onerror=alert(1)" in h1,
                   "the headline reads as sent: %r" % h1)
        for cls in ("byline", "dateline", "slug", "source-line"):
            n = p.doc.find("p", class_=cls)
            Check.true(n is not None and "<script>alert(1)</script>" in n.words(),
                       "%s shown as text: %r" % (cls, n and n.words()))
        Check.true("</title> javascript:alert(1)" in p.doc.find("title").text(),
                   "title holds the text")
        home = fetch(s, "/")
        Check.true(any("<script>alert(1)</script>" in h.words()
                       for h in home.doc.find_all(class_="block-title")),
                   "the hostile section name is a block heading, as text")
        hist = fetch(s, "/stories/%d/history" % ids[0])
        Check.true(any("<b" in n.words() for n in hist.doc.find_all("ins")),
                   "diffs escape inserted markup")
        js = fetch(s, "/embed/ticker.js")
        Check.true("</script" not in js.text.lower(), "the script's data cannot "
                   "close a <script> element")
        Check.true(any("<script>alert(1)</script>" in i["headline"]
                       for i in script_data(js.text)["items"]),
                   "the script's data holds the text")


if __name__ == "__main__":
    main(globals())
