#!/usr/bin/env python3
"""Checks that the DuckDB peer's note_paths equal notepath's, row for row and column for column.

  bench/check_peer.py --peer build/bench/1m/duckdb/note_paths.parquet \\
      --warehouse build/bench/1m/warehouse/note_paths

Rows are matched on note_id; every column of the peer (all of note_paths but as_of and
is_complete) must be equal, nulls included; timestamps are compared as epoch microseconds and
rates exactly (both sides divide the same two integers in double precision). Prints what differs
and exits 1 if anything does.
"""
import argparse
import sys

import duckdb

SAMPLES = 5


def sql_string(s):
    return "'" + str(s).replace("'", "''") + "'"


def compare(con, peer_file, warehouse_note_paths):
    """Prints the differences; returns a list of them (empty when the tables are equal)."""
    con.execute(f"CREATE OR REPLACE TEMP VIEW peer AS SELECT * FROM read_parquet({sql_string(peer_file)})")
    con.execute(f"""CREATE OR REPLACE TEMP VIEW job AS SELECT * FROM read_parquet(
        {sql_string(str(warehouse_note_paths) + '/*/*.parquet')}, hive_partitioning = true)""")
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE peer)").fetchall())
    job_columns = {r[0] for r in con.execute("DESCRIBE job").fetchall()}
    mismatches = [f"column {c} missing from notepath's note_paths" for c in types if c not in job_columns]
    columns = [c for c in types if c in job_columns and c != "note_id"]

    def value(side, c):
        # Spark writes INT96 or micros, DuckDB TIMESTAMPTZ: compare the instants.
        return f"epoch_us({side}.{c})" if "TIMESTAMP" in types[c] else f"{side}.{c}"

    counts = con.execute("SELECT (SELECT count(*) FROM peer), (SELECT count(*) FROM job)").fetchone()
    print(f"check: {counts[0]} peer rows, {counts[1]} notepath rows")
    only = con.execute("""
        SELECT count(*) FILTER (WHERE job.note_id IS NULL), count(*) FILTER (WHERE peer.note_id IS NULL)
        FROM peer FULL JOIN job USING (note_id)""").fetchone()
    if only[0] or only[1]:
        mismatches.append(f"{only[0]} notes only in the peer, {only[1]} only in notepath")
    differs = ", ".join(
        f"count(*) FILTER (WHERE {value('peer', c)} IS DISTINCT FROM {value('job', c)}) AS {c}" for c in columns)
    row = con.execute(f"SELECT {differs} FROM peer JOIN job USING (note_id)").fetchone()
    for c, n in zip(columns, row):
        if n:
            samples = con.execute(f"""
                SELECT note_id, peer.{c}, job.{c} FROM peer JOIN job USING (note_id)
                WHERE {value('peer', c)} IS DISTINCT FROM {value('job', c)} ORDER BY note_id LIMIT {SAMPLES}
            """).fetchall()
            mismatches.append(f"{c}: {n} notes differ, e.g. (note, peer, notepath) {samples}")

    for m in mismatches:
        print("check: MISMATCH " + m)
    if not mismatches:
        print(f"check: equal: {counts[0]} notes x {len(columns) + 1} columns")
    return mismatches


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--peer", required=True, help="the peer's note_paths Parquet file")
    p.add_argument("--warehouse", required=True, help="notepath's note_paths directory")
    args = p.parse_args(argv)
    return 1 if compare(duckdb.connect(), args.peer, args.warehouse) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
