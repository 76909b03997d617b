#!/usr/bin/env python3
"""Writes N generated wire stories for the search benchmark, as ninjs arrays
of 10,000 items per file (offwire reads a JSON array of ninjs items as one
input), so that a million stories are a hundred inputs.

The text is built at run time from the Reuters-21578 corpus (../shared/corpus,
which is never copied into the repository): each story takes a topic, then a
headline and six to twenty sentences from stories of that topic, with every
number redrawn. Term statistics and co-occurrence are those of real wire
copy, so queries match as many stories as they would on a real wire of this
size. Twelve agencies with skewed volumes, three years of dates in time
order, sections from the topic, a byline on a third of stories, urgencies
1-8, five languages by label, and 3% writethrus (a version 2 under the same
uri, so its first text is superseded and must not be found).

Deterministic for a given N and seed.
    bench/search/gen.py CORPUS_DIR OUT_DIR N [SEED]"""

import glob
import html
import json
import os
import random
import re
import sys
import time

PER_FILE = 10000
SOURCES = ["Benchwire", "Harbor Press", "Northwind", "Meridian News",
           "Capital Wire", "Baltic Press", "Sierra Agency", "Pacific Desk",
           "Atlas Newswire", "Euro Dispatch", "Lakeside Times",
           "Delta Reports"]
LANGS = [("en", 90), ("fr", 4), ("de", 3), ("es", 2), ("pt", 1)]
BYLINES = ["Marta Osei", "Jon Keller", "Ana Ruiz", "Li Wei", "Sam Hart",
           "Petra Novak", "Omar Haddad", "Kim Larsen", "Ravi Menon",
           "Claire Dubois", "Tomas Berg", "Nia Adams"]
START = 1672531200  # 2023-01-01T00:00:00Z
SPAN = 3 * 365 * 86400

REUTERS = re.compile(r"<REUTERS(.*?)</REUTERS>", re.S)
SENT = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z\"])")
NUM = re.compile(r"\d+")


def tag(doc, name):
    m = re.search(r"<%s>(.*?)</%s>" % (name, name), doc, re.S)
    return html.unescape(m.group(1)).strip() if m else ""


def load(corpus):
    """topic -> (titles, sentences, places) from the Reuters files."""
    topics = {}
    for path in sorted(glob.glob(os.path.join(corpus, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as f:
            data = f.read()
        for m in REUTERS.finditer(data):
            doc = m.group(1)
            m2 = re.search(r"<TOPICS>(.*?)</TOPICS>", doc, re.S)
            ts = re.findall(r"<D>(.*?)</D>", m2.group(1)) if m2 else []
            body = tag(doc, "BODY")
            title = tag(doc, "TITLE")
            if not body or not title:
                continue
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", body)
            body = body.replace("\x03", "")
            text = " ".join(body.split())
            sents = [s for s in SENT.split(text) if 20 <= len(s) <= 400]
            place = tag(doc, "DATELINE").split(",")[0].strip()
            t = ts[0] if ts else "general"
            e = topics.setdefault(t, ([], [], []))
            e[0].append(title)
            e[1].extend(sents)
            if place and len(place) < 30:
                e[2].append(place)
    # topics with too little copy join "general"
    gen = topics.setdefault("general", ([], [], []))
    for t in [t for t, e in topics.items() if len(e[1]) < 60 and t != "general"]:
        e = topics.pop(t)
        for i in range(3):
            gen[i].extend(e[i])
    return topics


def renumber(rng, s):
    return NUM.sub(lambda m: str(rng.randint(1, 10 ** len(m.group(0)))), s)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    corpus, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 21578)
    topics = load(corpus)
    names = sorted(topics)
    weights = [len(topics[t][1]) ** 0.8 for t in names]
    sw = [1.0 / (i + 1) ** 0.7 for i in range(len(SOURCES))]
    langs = [l for l, _ in LANGS]
    lw = [w for _, w in LANGS]
    os.makedirs(out, exist_ok=True)
    items, nfile, pending = [], 0, []
    step = SPAN / max(n, 1)

    def flush():
        nonlocal items, nfile
        if items:
            with open(os.path.join(out, "s%04d.json" % nfile), "w") as f:
                json.dump(items, f, separators=(",", ":"))
            nfile += 1
            items = []

    for i in range(n):
        topic = rng.choices(names, weights)[0]
        titles, sents, places = topics[topic]
        t = int(START + i * step + rng.random() * step)
        head = renumber(rng, rng.choice(titles)).title()
        k = rng.randint(4, 14)
        body = [renumber(rng, rng.choice(sents)) for _ in range(k)]
        paras, j = [], 0
        while j < k:
            m = rng.randint(1, 3)
            paras.append(" ".join(body[j:j + m]))
            j += m
        place = rng.choice(places) if places else "LONDON"
        src = rng.choices(SOURCES, sw)[0]
        paras[0] = "%s, (%s) - %s" % (place, src, paras[0])
        it = {
            "uri": "urn:bench:%d" % i,
            "version": "1",
            "type": "text",
            "urgency": rng.choices(range(1, 9), [1, 2, 4, 10, 30, 30, 15, 8])[0],
            "versioncreated": "%sZ" % iso(t),
            "firstcreated": "%sZ" % iso(t),
            "language": rng.choices(langs, lw)[0],
            "slugline": "%s-%d" % (topic.upper(), i),
            "headline": head,
            "located": place,
            "subjects": [{"name": topic}],
            "infosources": [{"name": src}],
            "body_text": "\n\n".join(paras),
        }
        if rng.random() < 0.33:
            it["by"] = rng.choice(BYLINES)
        items.append(it)
        if rng.random() < 0.03:  # a writethru follows within the hour
            w = dict(it)
            w["version"] = "2"
            w["versioncreated"] = "%sZ" % iso(t + rng.randint(60, 3600))
            w["headline"] = head + " (updated)"
            w["body_text"] = "\n\n".join(
                paras + [renumber(rng, rng.choice(sents))])
            pending.append(w)
        if len(items) >= PER_FILE:
            items.extend(pending)
            pending = []
            flush()
    items.extend(pending)
    flush()


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))


if __name__ == "__main__":
    main()
