#!/usr/bin/env python3
"""Writes the bundled sample of raw logs (deterministic: same seed, same bytes).

A hand-made stand-in until `bin/notepath simulate` regenerates the samples: 300 notes published
over three days, four landing days, every ladder level reached, fans, explore, hot feed, official
picks, new users, seeded notes, and the faults a real feed has (duplicates, late events, bad
lines), each kept under 1 % of its table and day so the default reject ratio passes.

    python3 data-samples/generate.py            # rewrites data-samples/{notes,impressions,...}
"""
import datetime as dt
import gzip
import json
import os
import random
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
SEED = 20261101
DAYS = [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(4)]
END = dt.datetime(2026, 11, 5, tzinfo=dt.timezone.utc)  # nothing happens after the last landing day
LADDER = [50, 500, 5000]
CATEGORIES = ["food", "travel", "beauty", "fashion", "fitness", "home"]
USERS = 6000
NEW_USER_SHARE = 0.1

rnd = random.Random(SEED)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+00:00"


def epoch_ms(t):
    return int(t.timestamp() * 1000)


class Log:
    """Collects the lines of one table per landing day."""

    def __init__(self, name, gz):
        self.name, self.gz = name, gz
        self.days = {d: [] for d in DAYS}

    def add(self, day, line):
        if day in self.days:
            self.days[day].append(line)

    def write(self):
        for day, lines in self.days.items():
            part = os.path.join(ROOT, self.name, f"dt={day}")
            os.makedirs(part, exist_ok=True)
            data = "".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape")
            if lines:
                if self.gz:
                    with gzip.GzipFile(os.path.join(part, "part-00000.json.gz"), "wb", mtime=0) as f:
                        f.write(data)
                else:
                    with open(os.path.join(part, "part-00000.json"), "wb") as f:
                        f.write(data)
            open(os.path.join(part, "_SUCCESS"), "w").close()


notes_log = Log("notes", gz=False)
imps_log = Log("impressions", gz=True)
acts_log = Log("interactions", gz=True)
picks_log = Log("official_picks", gz=False)
users_new = {f"u{i:05d}" for i in range(USERS) if rnd.random() < NEW_USER_SHARE}
event_seq = [0]


def next_id(prefix):
    event_seq[0] += 1
    return f"{prefix}{event_seq[0]:07d}"


def land(log, t, record, late=False):
    """Lands a record on the day of its time, or the next day when late."""
    day = t.date() + dt.timedelta(days=1 if late else 0)
    log.add(day, json.dumps(record, separators=(",", ":")))
    return day


def impression(note, viewer, t, surface, follower, late=False):
    rec = {"event_id": next_id("e"), "note_id": note["note_id"], "viewer_id": viewer,
           "ts": epoch_ms(t) if rnd.random() < 0.2 else iso(t), "surface": surface,
           "viewer_is_follower": follower}
    if viewer in users_new:
        rec["viewer_is_new"] = True
    if surface in ("home_feed", "hot_feed") and not follower and rnd.random() < 0.5:
        rec["rec_pool"] = note["pool"]
    land(imps_log, t, rec, late)
    return rec


def interact(note, user, t, action, impression_id=None, late=False):
    rec = {"event_id": next_id("x"), "note_id": note["note_id"], "user_id": user, "ts": iso(t),
           "action": action}
    if impression_id:
        rec["impression_id"] = impression_id
    if action == "open":
        rec["dwell_ms"] = rnd.randint(800, 90000)
    land(acts_log, t, rec, late)
    return rec


def react(note, imp, viewer, t):
    """A viewer's reaction to one impression: rates rise with the note's quality."""
    q = note["quality"]
    if rnd.random() > 0.06 + 0.14 * q:  # cover CTR 6-20 %
        return
    keep_id = rnd.random() < 0.85  # some clients drop impression_id: attributed by user + window
    iid = imp["event_id"] if keep_id else None
    t = t + dt.timedelta(seconds=rnd.randint(2, 30))
    interact(note, viewer, t, "open", iid)
    for action, p in (("like", 0.05 + 0.25 * q), ("collect", 0.02 + 0.12 * q),
                      ("comment", 0.01 + 0.05 * q), ("share", 0.01 + 0.04 * q),
                      ("follow_author", 0.005 + 0.02 * q)):
        if rnd.random() < p:
            t = t + dt.timedelta(seconds=rnd.randint(3, 60))
            rec = interact(note, viewer, t, action, iid)
            if action in ("like", "collect") and rnd.random() < 0.04:
                undo = "unlike" if action == "like" else "uncollect"
                interact(note, viewer, t + dt.timedelta(minutes=rnd.randint(1, 600)), undo, iid)
            note["pool_interactions"] += action in ("like", "collect", "comment")


def serve(note, start, count, surface_mix, spread_hours, follower=False, pool=0):
    """Serves `count` impressions in order after `start`; returns the time of the last one."""
    t = start
    step = spread_hours * 3600 / max(count, 1)
    note["pool"] = pool
    for _ in range(count):
        t = t + dt.timedelta(seconds=max(1, rnd.expovariate(1 / step)))
        if t >= END:
            return t
        viewer = f"u{rnd.randrange(USERS):05d}"
        surface = rnd.choices(*zip(*surface_mix))[0]
        late = rnd.random() < 0.004 and t.date() < DAYS[-1]
        imp = impression(note, viewer, t, surface, follower, late)
        react(note, imp, viewer, t)
    return t


def make_note(i, day):
    published = dt.datetime.combine(day, dt.time(), dt.timezone.utc) + dt.timedelta(
        seconds=rnd.randint(0, 20 * 3600))
    followers = int(min(2_000_000, 20 * (1 / (1 - rnd.random())) ** 1.3)) if rnd.random() > 0.05 else None
    note = {"note_id": f"n{i:04d}", "author_id": f"a{i % 170:03d}", "published_at": iso(published),
            "category": rnd.choice(CATEGORIES), "note_type": "video" if rnd.random() < 0.3 else "image",
            "quality": rnd.random(), "published": published, "pool": 0, "pool_interactions": 0}
    rec = {k: note[k] for k in ("note_id", "author_id", "published_at", "category")}
    if note["note_type"] == "video" or rnd.random() < 0.5:
        rec["note_type"] = note["note_type"]
    if followers is not None:
        rec["author_followers"] = followers
    notes_log.add(day, json.dumps(rec, separators=(",", ":")))
    note["followers"] = followers or 0
    return note


def distribute(note, forced_level=None):
    t0 = note["published"]
    q = note["quality"]
    # Seeding: friends interact early through the follow feed or a shared link.
    if rnd.random() < 0.12:
        for k in range(rnd.randint(3, 6)):
            friend = f"f{note['note_id']}_{k}"
            t = t0 + dt.timedelta(minutes=rnd.randint(1, 40))
            surface = rnd.choice(["follow_feed", "share_link"])
            imp = impression(note, friend, t, surface, surface == "follow_feed")
            interact(note, friend, t + dt.timedelta(seconds=20), "like", imp["event_id"])
    # Fan distribution: a share of the followers over the following hours.
    fans = min(int(note["followers"] * rnd.uniform(0.02, 0.1)), 80)
    serve(note, t0, fans, [("follow_feed", 0.6), ("home_feed", 0.4)], 10, follower=True)
    if rnd.random() < 0.06:  # never passes the recommender's first filter
        return
    # Explore: the cold-start pool, then promotion by the pool's interactions, with noise.
    level_sizes = [LADDER[0], LADDER[1] - LADDER[0], LADDER[2] - LADDER[1], 220]
    t = t0 + dt.timedelta(minutes=rnd.randint(5, 90))
    for level in range(1, 5):
        note["pool_interactions"] = 0
        size = level_sizes[level - 1]
        if level == 1 and rnd.random() < 0.15:
            size = rnd.randint(5, LADDER[0] - 1)  # cold start cut short by the window
        mix = [("home_feed", 1.0)] if level < 3 else [("home_feed", 0.7), ("hot_feed", 0.3)]
        t = serve(note, t, size, mix, 4 * level, pool=level)
        if forced_level is not None:
            promoted = level < forced_level
        else:
            rate = note["pool_interactions"] / max(size, 1)
            promoted = (rate + rnd.gauss(0, 0.01) > 0.06) or rnd.random() < 0.05 * q
            promoted = promoted and level < 2  # higher levels only for the chosen notes below
        if not promoted or t >= END:
            break
    note["reached"] = level
    # Official accounts pick some promoted notes; their reposts serve the official surface.
    if level >= 2 and rnd.random() < 0.3:
        picked = t + dt.timedelta(minutes=rnd.randint(10, 300))
        if picked < END:
            land(picks_log, picked, {"note_id": note["note_id"],
                                     "account_id": f"{note['category']}_official",
                                     "picked_at": iso(picked)})
            serve(note, picked, rnd.randint(20, 60), [("official", 1.0)], 6)
    # Organic traffic through the window: search, profile, nearby.
    serve(note, t0 + dt.timedelta(hours=1), rnd.randint(0, 12),
          [("search", 0.6), ("profile", 0.3), ("nearby", 0.1)], 40)


def faults():
    """Duplicates, bad lines, unknown notes and events before publish: few per table and day."""
    for log in (imps_log, acts_log):
        for i, day in enumerate(DAYS):
            lines = log.days[day]
            n = len(lines)
            for line in rnd.sample(lines, max(1, n // 400)):  # same-day redelivery
                lines.append(line)
            if i + 1 < len(DAYS):  # next-day redelivery
                for line in rnd.sample(lines, max(1, n // 500)):
                    log.days[DAYS[i + 1]].append(line)
    for day in DAYS:
        imps = imps_log.days[day]
        bad = max(1, len(imps) // 1000)
        imps.append('{"event_id":"broken-1","note_id":"n0001","viewer_id":')
        imps.append("\udcff\udcfe\x00\x01 binary garbage \udc80")
        imps.append("[" * 3000 + "]" * 3000)
        imps.append(json.dumps({"event_id": f"bad-surface-{day}", "note_id": "n0001", "viewer_id": "u1",
                                "ts": f"{day}T12:00:00Z", "surface": "billboard", "viewer_is_follower": False}))
        imps.append(json.dumps({"event_id": f"unknown-{day}", "note_id": "n9999", "viewer_id": "u1",
                                "ts": f"{day}T12:00:00Z", "surface": "home_feed", "viewer_is_follower": False}))
        imps.append(json.dumps({"event_id": f"early-{day}", "note_id": "n0000", "viewer_id": "u1",
                                "ts": "2026-10-31T12:00:00Z", "surface": "home_feed",
                                "viewer_is_follower": False}))
        imps.append(json.dumps({"event_id": f"no-viewer-{day}", "note_id": "n0001",
                                "ts": f"{day}T12:00:00Z", "surface": "home_feed",
                                "viewer_is_follower": False}))
        assert bad >= 1
        acts = acts_log.days[day]
        acts.append('{"event_id":"x-broken","note_id":"n0001","user_id":"u1","ts":"2026-11-01T12:00:00"}')
        acts.append(json.dumps({"event_id": f"bad-action-{day}", "note_id": "n0001", "user_id": "u1",
                                "ts": f"{day}T12:00:00Z", "action": "superlike"}))
    # Shuffle within a day: logs don't arrive sorted.
    for log in (imps_log, acts_log):
        for day in DAYS:
            rnd.shuffle(log.days[day])


def main():
    for table in ("notes", "impressions", "interactions", "official_picks"):
        shutil.rmtree(os.path.join(ROOT, table), ignore_errors=True)
    notes = []
    for d, day in enumerate(DAYS[:3]):
        for k in range(100):
            notes.append(make_note(d * 100 + k, day))
    forced = {"n0007": 4, "n0012": 3, "n0105": 3, "n0031": 2, "n0044": 2}
    for note in notes:
        distribute(note, forced.get(note["note_id"]))
    faults()
    for log in (notes_log, imps_log, acts_log, picks_log):
        log.write()
    counts = {log.name: {str(d): len(v) for d, v in log.days.items()}
              for log in (notes_log, imps_log, acts_log, picks_log)}
    print(json.dumps(counts, indent=1))


if __name__ == "__main__":
    main()
