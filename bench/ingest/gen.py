#!/usr/bin/env python3
"""Writes N generated wire stories (plain wire text, one per file) for the
ingest benchmark. Deterministic for a given seed; every story distinct, with
a few writethrus so linking does real work."""

import os
import random
import sys

PLACES = ["MIRAVAL", "PORT CALDER", "KELBY", "SELMAR", "ALTMOOR", "KESSA"]
SUBJECTS = ["harbour", "rail", "bank", "council", "orchestra", "quake",
            "bridge", "election", "museum", "satellite", "grain", "ferry"]
VERBS = ["approves", "delays", "rejects", "opens", "closes", "expands",
         "reviews", "cuts", "raises", "plans"]
WORDS = ("the of and to in a said on for with was that by at from as it "
         "officials ministry week percent year government people city port "
         "talks plan budget union workers prices market shares report "
         "minister agency region local national new first last two three").split()


def sentence(rng, n):
    w = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(w).capitalize() + "."


def main():
    out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    rng = random.Random(1312)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        place = rng.choice(PLACES)
        head = "%s %s %s plan %d" % (place.title(), rng.choice(SUBJECTS),
                                      rng.choice(VERBS), i)
        if i % 10 == 9:  # a writethru of the previous story
            head = "1st LD Writethru: " + prev
        prev = head if not head.startswith("1st LD") else prev
        day = 1 + i % 28
        paras = ["%s, March %d (Benchwire) -- %s" % (place, day,
                                                     sentence(rng, 30))]
        paras += [sentence(rng, rng.randint(15, 40)) for _ in range(4)]
        with open(os.path.join(out, "%06d.txt" % i), "w") as f:
            f.write("%s\nBenchwire, March %d, 2026\n\n%s\n\nEndit\n"
                    % (head, day, "\n\n".join(paras)))


if __name__ == "__main__":
    main()
