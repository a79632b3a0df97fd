"""Reading notepath's output tables independently of Spark (pyarrow), for comparing two runs."""
import pathlib

import pyarrow.dataset as ds

OUTPUT_TABLES = ["note_paths", "stage_funnel", "cold_start_outcomes", "reach_daily", "note_daily",
                 "_rejects"]


def parquet_files(warehouse):
    return sorted(pathlib.Path(warehouse).rglob("*.parquet"))


def sorted_rows(warehouse, table):
    """(column names, every row of the table as a tuple, sorted); partition columns included."""
    path = pathlib.Path(warehouse) / table
    if not path.exists():
        return [], []

    arrow = ds.dataset(str(path), format="parquet", partitioning="hive").to_table()
    names = sorted(arrow.column_names)
    columns = [arrow.column(n).to_pylist() for n in names]
    # repr() orders values of any type, None included, the same way for both sides.
    rows = sorted(zip(*columns), key=repr)
    return names, rows


def assert_same_tables(expected_warehouse, actual_warehouse, tables=OUTPUT_TABLES):
    """Every table holds the same multiset of rows, all columns compared exactly."""
    total = 0
    for table in tables:
        expected_names, expected = sorted_rows(expected_warehouse, table)
        actual_names, actual = sorted_rows(actual_warehouse, table)
        assert actual_names == expected_names, f"{table}: columns differ"
        if actual != expected:
            missing = [r for r in expected if r not in actual][:3]
            extra = [r for r in actual if r not in expected][:3]
            raise AssertionError(
                f"{table}: {len(expected)} rows expected, {len(actual)} found; "
                f"columns {expected_names}"
                f"\n  e.g. missing {missing}\n  e.g. unexpected {extra}")

        total += len(expected)

    assert total > 0, "both warehouses are empty: nothing was compared"
    return total
