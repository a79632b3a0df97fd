#!/usr/bin/env python3
"""A side-by-side peer of notepath: the note_paths table computed with DuckDB SQL on 2 threads.

It reads the same Parquet input root as the Java bench (the four tables under <table>/dt=*/),
applies the stage model of DESIGN §3 (explore ladder by window-function ranks, attribution by
impression_id then by a join on the same user within the attribution window, milestones,
counts, rates, seeding, author tier) and writes every note_paths column except as_of and
is_complete. It times itself from connecting to the written file, Parquet reading included.

The input must be clean (the bench's simulated input: no faults). Unlike notepath, the peer
neither validates nor de-duplicates, and reads all landed days at once instead of night by night:
it is the single-machine SQL answer to "how fast could note_paths be", not a second pipeline.

  bench/duckdb_peer.py --input build/bench/1m/input --output build/bench/1m/duckdb/note_paths.parquet \\
      [--until 2024-01-05] [--ladder 50,500,5000] [--window-days 2] [--seeding-min-interactions 3] \\
      [--check build/bench/1m/warehouse/note_paths] [--report build/bench/1m]

--check compares the result with notepath's note_paths row for row (bench/check_peer.py);
--report adds duckdb_seconds and notepath_over_duckdb (and the check's verdict) to report.json
and report.md in that directory.
"""
import argparse
import json
import pathlib
import sys
import time

import duckdb

# notepath.authors.tiers of reference.conf: (name, min followers), ascending.
AUTHOR_TIERS = [("<100", 0), ("100-999", 100), ("1k-9.9k", 1000), ("10k-99k", 10000), ("100k+", 100000)]
DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
# How long after publishing counts as early when the cold-start pool never filled (DESIGN §3).
EARLY_WITHOUT_COLD_START_US = 24 * HOUR_US

# DESIGN §2: ISO-8601 with offset, or epoch milliseconds (digits only).
TS_US = """CASE WHEN regexp_full_match({c}, '[0-9]{{1,15}}') THEN CAST({c} AS BIGINT) * 1000
                ELSE epoch_us(CAST({c} AS TIMESTAMPTZ)) END"""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True, help="input root (Parquet tables under <table>/dt=*/)")
    p.add_argument("--output", required=True, help="Parquet file to write note_paths to")
    p.add_argument("--until", help="last landing date to read (yyyy-mm-dd, inclusive); default all")
    p.add_argument("--ladder", default="50,500,5000", help="notepath.stages.pool-ladder")
    p.add_argument("--window-days", type=int, default=2, help="notepath.stages.window-days (the bench's 2)")
    p.add_argument("--attribution-window-hours", type=int, default=24, help="notepath.stages.attribution-window")
    p.add_argument("--seeding-min-interactions", type=int, default=3, help="notepath.seeding.min-interactions")
    p.add_argument("--threads", type=int, default=2, help="DuckDB threads (the bench's local[2])")
    p.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit (the bench's driver heap)")
    p.add_argument("--check", help="notepath's note_paths directory to compare with, row for row")
    p.add_argument("--report", help="bench report directory whose report.json/report.md get the peer's numbers")
    args = p.parse_args(argv)
    args.ladder = [int(x) for x in args.ladder.strip("[]").split(",")]
    if len(args.ladder) != 3 or not 0 < args.ladder[0] < args.ladder[1] < args.ladder[2]:
        p.error("--ladder: three ascending positive counts, e.g. 50,500,5000")
    return args


def sql_string(s):
    return "'" + str(s).replace("'", "''") + "'"


def source(args, table):
    """A landed table: its Parquet files with dt from the partition path, up to --until."""
    files = sql_string(f"{args.input}/{table}/dt=*/*.parquet")
    until = f" WHERE dt <= DATE {sql_string(args.until)}" if args.until else ""
    return f"(SELECT * FROM read_parquet({files}, hive_partitioning = true){until})"


def build_note_paths(con, args):
    """Creates the table note_paths from the input, step by step as temp tables."""
    l0, l1, l2 = args.ladder
    window_us = args.window_days * DAY_US
    attribution_us = args.attribution_window_hours * HOUR_US

    def in_path(ts):
        return f"{ts} BETWEEN published_us AND published_us + {window_us}"

    con.execute(f"""
        CREATE TEMP TABLE notes AS
        SELECT note_id, author_id, category, coalesce(nullif(note_type, ''), 'image') AS note_type,
               author_followers, {TS_US.format(c='published_at')} AS published_us
        FROM {source(args, 'notes')}""")

    # Impressions with class, path flag and explore level. The explore rank is the position by
    # ordering key (dt, ts, event_id) among the note's in-path explore impressions: ranking by the
    # partition (note, is that kind) ranks those rows among themselves in one sort.
    con.execute(f"""
        CREATE TEMP TABLE impressions AS
        WITH classified AS (
          SELECT i.event_id, i.note_id, i.viewer_id, i.dt, {TS_US.format(c='i.ts')} AS ts_us, i.surface,
                 coalesce(i.viewer_is_new, false) AS viewer_is_new,
                 CASE WHEN i.viewer_is_follower THEN 'fan'
                      WHEN i.surface IN ('home_feed', 'hot_feed') THEN 'explore'
                      WHEN i.surface = 'official' THEN 'official'
                      ELSE 'organic' END AS cls,
                 n.published_us
          FROM {source(args, 'impressions')} i JOIN notes n USING (note_id)
        ), pathed AS (
          SELECT * EXCLUDE (published_us), {in_path('ts_us')} AS in_path FROM classified
        ), ranked AS (
          SELECT *,
                 CASE WHEN cls = 'explore' AND in_path THEN
                   row_number() OVER (PARTITION BY note_id, cls = 'explore' AND in_path ORDER BY dt, ts_us, event_id)
                 END AS explore_rank
          FROM pathed
        )
        SELECT *,
               CASE WHEN cls <> 'explore' THEN 0
                    WHEN NOT in_path THEN NULL
                    WHEN explore_rank <= {l0} THEN 1
                    WHEN explore_rank <= {l1} THEN 2
                    WHEN explore_rank <= {l2} THEN 3
                    ELSE 4 END AS level
        FROM ranked""")

    # Per note: the ladder milestones (ts at ranks 1, l0, l0 + 1, l1 + 1, l2 + 1), the first
    # impression and hot_feed impression by ordering key, and the impression counts; in path only.
    con.execute(f"""
        CREATE TEMP TABLE impression_metrics AS
        SELECT note_id,
               max(ts_us) FILTER (WHERE explore_rank = 1) AS first_explore_us,
               max(ts_us) FILTER (WHERE explore_rank = {l0}) AS cold_start_completed_us,
               max(ts_us) FILTER (WHERE explore_rank = {l0 + 1}) AS promoted_us,
               max(ts_us) FILTER (WHERE explore_rank = {l1 + 1}) AS level3_us,
               max(ts_us) FILTER (WHERE explore_rank = {l2 + 1}) AS level4_us,
               arg_min(ts_us, (dt, ts_us, event_id)) AS first_impression_us,
               arg_min(ts_us, (dt, ts_us, event_id)) FILTER (WHERE surface = 'hot_feed') AS hot_feed_us,
               count(*) AS impressions,
               count(DISTINCT viewer_id) AS unique_viewers,
               count(*) FILTER (WHERE cls = 'fan') AS fan_impressions,
               count(*) FILTER (WHERE cls = 'explore') AS explore_impressions,
               count(*) FILTER (WHERE cls = 'official') AS official_impressions,
               count(*) FILTER (WHERE cls = 'organic') AS organic_impressions,
               count(*) FILTER (WHERE level = 1) AS level1_impressions,
               count(*) FILTER (WHERE level = 2) AS level2_impressions,
               count(*) FILTER (WHERE level = 3) AS level3_impressions,
               count(*) FILTER (WHERE level = 4) AS level4_impressions,
               count(*) FILTER (WHERE viewer_is_new) AS new_viewer_impressions
        FROM impressions WHERE in_path GROUP BY note_id""")

    # Attribution (DESIGN §3): (1) the impression named by impression_id, same note; else (2) the
    # latest impression by ordering key of the same note and user with ts in [ts - window, ts];
    # else unattributed. Every impression of the note is a candidate, in the path or not.
    con.execute(f"""
        CREATE TEMP TABLE interactions AS
        WITH x AS (
          SELECT x.event_id, x.note_id, x.user_id, x.action, nullif(x.impression_id, '') AS impression_id,
                 {TS_US.format(c='x.ts')} AS ts_us, n.published_us
          FROM {source(args, 'interactions')} x JOIN notes n USING (note_id)
        ), named AS (
          SELECT x.*, i.cls AS a_cls, i.level AS a_level
          FROM x LEFT JOIN impressions i ON i.note_id = x.note_id AND i.event_id = x.impression_id
        ), by_user AS (
          SELECT u.event_id, u.note_id, u.action, u.ts_us, u.published_us, i.cls AS a_cls, i.level AS a_level
          FROM named u LEFT JOIN impressions i
            ON i.note_id = u.note_id AND i.viewer_id = u.user_id
           AND i.ts_us BETWEEN u.ts_us - {attribution_us} AND u.ts_us
          WHERE u.a_cls IS NULL
          QUALIFY row_number() OVER (
            PARTITION BY u.event_id ORDER BY i.dt DESC NULLS LAST, i.ts_us DESC, i.event_id DESC) = 1
        ), attributed AS (
          SELECT event_id, note_id, action, ts_us, published_us, a_cls, a_level FROM named WHERE a_cls IS NOT NULL
          UNION ALL
          SELECT event_id, note_id, action, ts_us, published_us, coalesce(a_cls, 'unattributed'), a_level FROM by_user
        )
        SELECT * FROM attributed WHERE {in_path('ts_us')}""")

    actions = [("opens", "open"), ("likes", "like"), ("collects", "collect"), ("comments", "comment"),
               ("shares", "share"), ("follows", "follow_author")]
    interaction = "action IN ('like', 'collect', 'comment')"  # every *interactions count
    cold = "a_cls = 'explore' AND a_level = 1"
    # Early fan interactions: attributed to fan, organic or nothing, before the cold-start pool
    # filled (or before publish + 24 h if it never did).
    early = (f"a_cls IN ('fan', 'organic', 'unattributed') AND a.ts_us < "
             f"coalesce(m.cold_start_completed_us, a.published_us + {EARLY_WITHOUT_COLD_START_US})")
    counts = {c: f"action = '{a}'" for c, a in actions}
    counts |= {"unlikes": "action = 'unlike'", "uncollects": "action = 'uncollect'",
               "interactions": interaction,
               "unattributed_interactions": f"{interaction} AND a_cls = 'unattributed'"}
    counts |= {f"cold_start_{c}": f"{cold} AND action = '{a}'" for c, a in actions}
    counts |= {"cold_start_interactions": f"{cold} AND {interaction}",
               "early_fan_interactions": f"{interaction} AND {early}"}
    # count(*) FILTER, not count_if: DuckDB's count_if returns a DOUBLE, the counts are BIGINT.
    aggregates = ",\n               ".join(f"count(*) FILTER (WHERE {w}) AS {c}" for c, w in counts.items())
    con.execute(f"""
        CREATE TEMP TABLE interaction_metrics AS
        SELECT a.note_id,
               {aggregates}
        FROM interactions a LEFT JOIN impression_metrics m USING (note_id)
        GROUP BY a.note_id""")

    con.execute(f"""
        CREATE TEMP TABLE pick_metrics AS
        SELECT note_id, min(picked_us) AS official_pick_us
        FROM (SELECT p.note_id, {TS_US.format(c='p.picked_at')} AS picked_us, n.published_us
              FROM {source(args, 'official_picks')} p JOIN notes n USING (note_id))
        WHERE {in_path('picked_us')}
        GROUP BY note_id""")

    # Counts are 0, never null, for a note without events.
    zeroed = {c: f"coalesce({c}, 0)" for c in COUNT_COLUMNS}
    zeroed["cold_start_impressions"] = "coalesce(level1_impressions, 0)"
    tier = "CASE WHEN author_followers IS NULL THEN 'unknown'"
    for name, low in reversed(AUTHOR_TIERS):
        tier += f" WHEN author_followers >= {low} THEN {sql_string(name)}"
    tier += " ELSE 'unknown' END"
    ts = lambda us: f"CAST(make_timestamp({us}) AS TIMESTAMPTZ)"
    n_exp = "coalesce(explore_impressions, 0)"
    n_imp = "coalesce(impressions, 0)"
    exprs = {
        "published_at": ts("published_us"),
        **{f"{m}_at": ts(f"{m}_us") for m in ("first_impression", "first_explore", "cold_start_completed",
                                              "promoted", "level3", "level4", "hot_feed", "official_pick")},
        "author_tier": tier,
        "max_level": f"""CAST(CASE WHEN {n_exp} = 0 THEN 0 WHEN {n_exp} <= {l0} THEN 1
                          WHEN {n_exp} <= {l1} THEN 2 WHEN {n_exp} <= {l2} THEN 3 ELSE 4 END AS INTEGER)""",
        "furthest_stage": f"""CASE WHEN {n_imp} = 0 THEN 'unseen' WHEN {n_exp} = 0 THEN 'distributed'
                               WHEN {n_exp} < {l0} THEN 'cold_start' WHEN {n_exp} = {l0} THEN 'cold_start_completed'
                               WHEN {n_exp} <= {l1} THEN 'promoted_l2' WHEN {n_exp} <= {l2} THEN 'promoted_l3'
                               ELSE 'promoted_l4' END""",
        # Rates over a zero denominator are null, as Spark's try_divide.
        "ctr": "coalesce(opens, 0) / nullif(impressions, 0)",
        "interaction_rate": "coalesce(interactions, 0) / nullif(impressions, 0)",
        "interaction_rate_per_open": "coalesce(interactions, 0) / nullif(opens, 0)",
        "is_seeded": f"coalesce(early_fan_interactions, 0) >= {args.seeding_min_interactions}",
        "publish_date": "CAST(make_timestamp(published_us) AS DATE)",
        **zeroed,
    }
    select = ",\n               ".join(f"{exprs.get(c, c)} AS {c}" for c in NOTE_PATHS_COLUMNS)
    con.execute(f"""
        CREATE TEMP TABLE note_paths AS
        SELECT {select}
        FROM notes
        LEFT JOIN impression_metrics USING (note_id)
        LEFT JOIN interaction_metrics USING (note_id)
        LEFT JOIN pick_metrics USING (note_id)""")


# io.notepath.paths.NotePaths.NOTE_PATHS_COLUMNS without is_complete and as_of.
NOTE_PATHS_COLUMNS = [
    "note_id", "author_id", "category", "note_type", "author_tier", "published_at",
    "first_impression_at", "first_explore_at", "cold_start_completed_at", "promoted_at", "level3_at",
    "level4_at", "hot_feed_at", "official_pick_at", "max_level", "furthest_stage", "impressions",
    "unique_viewers", "fan_impressions", "explore_impressions", "official_impressions",
    "organic_impressions", "level1_impressions", "level2_impressions", "level3_impressions",
    "level4_impressions", "new_viewer_impressions", "opens", "likes", "collects", "comments", "shares",
    "follows", "unlikes", "uncollects", "interactions", "unattributed_interactions", "ctr",
    "interaction_rate", "interaction_rate_per_open", "cold_start_impressions", "cold_start_opens",
    "cold_start_likes", "cold_start_collects", "cold_start_comments", "cold_start_shares",
    "cold_start_follows", "cold_start_interactions", "early_fan_interactions", "is_seeded",
    "publish_date",
]


# io.notepath.paths.NotePaths.COUNT_COLUMNS.
COUNT_COLUMNS = [
    "impressions", "unique_viewers", "fan_impressions", "explore_impressions", "official_impressions",
    "organic_impressions", "level1_impressions", "level2_impressions", "level3_impressions",
    "level4_impressions", "new_viewer_impressions", "opens", "likes", "collects", "comments", "shares",
    "follows", "unlikes", "uncollects", "interactions", "unattributed_interactions", "cold_start_opens",
    "cold_start_likes", "cold_start_collects", "cold_start_comments", "cold_start_shares",
    "cold_start_follows", "cold_start_interactions", "early_fan_interactions",
]


def update_report(report_dir, peer):
    """Adds the peer's numbers to report.json and a section to report.md (replacing an earlier one)."""
    report_dir = pathlib.Path(report_dir)
    report = json.loads((report_dir / "report.json").read_text())
    report["duckdb_seconds"] = peer["seconds"]
    report["notepath_over_duckdb"] = round(report["pipeline_seconds"] / peer["seconds"], 3)
    if "note_paths_equal" in peer:
        report["duckdb_note_paths_equal"] = peer["note_paths_equal"]
    (report_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n")

    marker = "\n| DuckDB peer (bench/duckdb_peer.py) | value |"
    md = (report_dir / "report.md").read_text().split(marker)[0].rstrip("\n") + "\n"
    md += marker + "\n|---|---|\n"
    md += f"| duckdb_seconds | {report['duckdb_seconds']} |\n"
    md += f"| notepath_over_duckdb | {report['notepath_over_duckdb']} |\n"
    if "duckdb_note_paths_equal" in report:
        md += f"| duckdb_note_paths_equal | {str(report['duckdb_note_paths_equal']).lower()} ({peer['rows']} rows) |\n"
    (report_dir / "report.md").write_text(md)


def main(argv):
    args = parse_args(argv)
    out = pathlib.Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    con.execute(f"SET memory_limit = {sql_string(args.memory_limit)}")
    con.execute("SET TimeZone = 'UTC'")  # notepath.time-zone: publish_date is a UTC date
    build_note_paths(con, args)
    con.execute(f"COPY note_paths TO {sql_string(out)} (FORMAT parquet)")
    seconds = round(time.perf_counter() - started, 3)
    rows = con.execute("SELECT count(*) FROM note_paths").fetchone()[0]
    peer = {"seconds": seconds, "rows": rows, "input": args.input, "until": args.until,
            "ladder": args.ladder, "window_days": args.window_days,
            "seeding_min_interactions": args.seeding_min_interactions, "threads": args.threads}
    print(f"duckdb peer: {rows} note_paths rows in {seconds} s -> {out}")

    status = 0
    if args.check:
        import check_peer  # beside this script
        mismatches = check_peer.compare(con, out, args.check)
        peer["note_paths_equal"] = not mismatches
        status = 1 if mismatches else 0
    out.with_suffix(".json").write_text(json.dumps(peer, indent=2) + "\n")
    if args.report:
        update_report(args.report, peer)
    return status


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
