"""Duplicates and same-event clusters over real HTTP: exact re-sends not
stored twice, one event from two agencies grouped (cluster API, ticker
collapse=event, the cluster filter, "Also reported by" on the story page),
different stories sharing agency boilerplate kept apart, a writethru that
stays one story, a kill leaving its cluster, and clusters kept across a
restart."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from owtest import Check, Server, TempDir, main  # noqa: E402


def ninjs(uri, source, headline, *paras, extra=None):
    d = {"uri": uri, "type": "text", "headline": headline,
         "infosources": [{"name": source}],
         "body_text": "\n\n".join(paras)}
    d.update(extra or {})
    return json.dumps(d)


QUAKE_A = ninjs(
    "urn:a:quake", "Alphawire",
    "Magnitude 6.1 quake shakes Korvath region, dozens hurt",
    "TARNOVO, March 3 (Alphawire) -- An earthquake of magnitude 6.1 struck "
    "the Korvath region early Tuesday, injuring at least 37 people and "
    "cracking the old stone bridge at Tarnovo, civil protection said.",
    "The quake was centred 12 kilometres north of Tarnovo.")
QUAKE_B = ninjs(
    "urn:b:quake", "Betawire",
    "Strong earthquake hits Korvath, 37 injured, Tarnovo bridge damaged",
    "A strong earthquake with a magnitude of 6.1 rocked Korvath on Tuesday "
    "morning, leaving 37 people injured and damaging the historic Tarnovo "
    "bridge, civil protection officials said.",
    "Governor Anna Velic closed schools so engineers can inspect them.")
# two different events in the same agency's boilerplate
BOILER_1 = ninjs(
    "urn:a:ferry", "Alphawire", "Ferry service to Ossel islands resumes",
    "KELBY, March 3 (Alphawire) -- Ferries to the Ossel islands sailed again "
    "on Tuesday after a week of storms.",
    "For more news visit alphawire.example. Reporting by Alphawire desk; "
    "editing by the Alphawire news team. (c) Alphawire 2026. All rights "
    "reserved. Endit")
BOILER_2 = ninjs(
    "urn:a:budget", "Alphawire", "Kelby council approves school budget",
    "KELBY, March 3 (Alphawire) -- Kelby's council approved a 4 percent "
    "rise in spending on schools at a late-night session.",
    "For more news visit alphawire.example. Reporting by Alphawire desk; "
    "editing by the Alphawire news team. (c) Alphawire 2026. All rights "
    "reserved. Endit")


def cluster_of(s, sid):
    items = [i for i in s.get("/api/v1/stories?limit=200").json()["items"]
             if i["id"] == sid]
    return items[0].get("cluster") if items else None


def test_one_event_two_agencies(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        a = s.ingest(QUAKE_A).json()["id"]
        b = s.ingest(QUAKE_B).json()["id"]
        Check.true(a != b, "two agencies: two stories")
        ca, cb = cluster_of(s, a), cluster_of(s, b)
        Check.true(ca is not None and ca == cb,
                   "one event: one cluster (%r, %r)" % (ca, cb))
        c = s.get("/api/v1/clusters/%d" % ca)
        Check.eq(c.status, 200, "cluster API")
        c = c.json()
        Check.eq(sorted(i["id"] for i in c["stories"]), sorted([a, b]),
                 "cluster members")
        Check.eq(sorted(c["sources"]), ["Alphawire", "Betawire"], "sources")
        Check.eq(c["representative"], a, "the earliest stands for it")
        t = s.get("/api/v1/ticker?collapse=event").json()
        Check.eq(len(t), 1, "collapse=event: one ticker line")
        Check.eq(sorted(t[0]["sources"]), ["Alphawire", "Betawire"],
                 "the line names both agencies")
        Check.eq(len(s.get("/api/v1/ticker").json()), 2,
                 "without collapse: a line per story")
        f = s.get("/api/v1/stories?cluster=%d" % ca).json()["items"]
        Check.eq(sorted(i["id"] for i in f), sorted([a, b]), "cluster filter")
        Check.eq(s.get("/api/v1/stories?cluster=x").status, 400, "bad cluster")
        Check.eq(s.get("/api/v1/clusters/999999").status, 404, "no cluster")
        doc = s.get("/api/v1/stories/%d" % b).json()
        alt = {x["role"]: x["value"] for x in doc["altids"]}
        Check.eq(alt.get("offwire:cluster"), str(ca), "cluster in ninjs")
        page = s.get("/stories/%d" % b).body.decode()
        Check.true("Also reported by" in page, "story page: also reported by")
        Check.true("/stories/%d" % a in page.split("Also reported by")[1],
                   "links the other agency's story")
        home = s.get("/").body.decode()
        Check.true("2 sources" in home, "the site's ticker is one line per "
                   "event and counts the agencies")


def test_shared_boilerplate_not_grouped(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        a = s.ingest(BOILER_1).json()["id"]
        b = s.ingest(BOILER_2).json()["id"]
        Check.true(cluster_of(s, a) != cluster_of(s, b),
                   "different events in the same boilerplate stay apart")
        Check.eq(len(s.get("/api/v1/ticker?collapse=event").json()), 2,
                 "two ticker lines")


def test_writethru_and_duplicates(opts):
    with TempDir() as d, Server(opts.binary, os.path.join(d, "w.db")) as s:
        first = s.ingest(QUAKE_A).json()
        lead = QUAKE_A.replace("urn:a:quake", "urn:a:quake-ld").replace(
            "Magnitude 6.1 quake", "1st LD Writethru: Magnitude 6.1 quake")
        lead = json.loads(lead)
        lead["evolvedfrom"] = "urn:a:quake"
        lead["body_text"] += "\n\nAftershocks were felt in Ormund."
        second = s.ingest(json.dumps(lead)).json()
        Check.eq(second["id"], first["id"], "the writethru is the same story")
        cid = cluster_of(s, first["id"])
        c = s.get("/api/v1/clusters/%d" % cid).json()
        Check.eq([i["id"] for i in c["stories"]], [first["id"]],
                 "one story in its cluster, not a cluster of two")
        again = s.ingest(QUAKE_A).json()
        Check.eq(again["items"][0]["duplicate"], True, "exact re-send")
        vs = s.get("/api/v1/stories/%d/versions" % first["id"]).json()
        Check.eq(len(vs["versions"]), 2, "not stored twice")


def test_kill_leaves_cluster_and_restart_keeps(opts):
    with TempDir() as d:
        db = os.path.join(d, "w.db")
        with Server(opts.binary, db) as s:
            a = s.ingest(QUAKE_A).json()["id"]
            b = s.ingest(QUAKE_B).json()["id"]
            cid = cluster_of(s, a)
        with Server(opts.binary, db) as s:
            Check.eq(cluster_of(s, b), cid, "clusters kept across a restart")
            third = ninjs(
                "urn:c:quake", "Gammawire",
                "Korvath earthquake injures 37, damages Tarnovo bridge",
                "TARNOVO (Gammawire) - Thirty-seven people were hurt when a "
                "magnitude 6.1 earthquake struck Korvath on Tuesday and "
                "damaged the Tarnovo bridge, civil protection said.")
            c = s.ingest(third).json()["id"]
            Check.eq(cluster_of(s, c), cid,
                     "after a restart a new report joins the event")
            s.ingest(json.dumps({"uri": "urn:b:quake", "pubstatus": "canceled",
                                 "infosources": [{"name": "Betawire"}],
                                 "ednote": "Withdrawn."}))
            members = [i["id"] for i in
                       s.get("/api/v1/clusters/%d" % cid).json()["stories"]]
            Check.eq(sorted(members), sorted([a, c]), "a kill leaves")


if __name__ == "__main__":
    main(globals())
