#!/usr/bin/env python3
"""Seconds per nightly run from one or more bench reports: one line per preset.

  bench/plot_nights.py build/bench/1m/report.json [build/bench/10m/report.json ...] \\
      [--output bench/nights.png]

The x axis is the night's position (1 = the first landed date), so presets with different dates
share it; nights with no impression landed are drawn hollow (their cost is the fixed cost of a
night). A preset is named by its report's directory (build/bench/<preset>/report.json).
"""
import argparse
import json
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # no display: write the file only
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("reports", nargs="+", help="report.json files written by bench/run.sh")
    p.add_argument("--output", default=str(pathlib.Path(__file__).resolve().parent / "nights.png"),
                   help="PNG to write (default bench/nights.png)")
    args = p.parse_args(argv)

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for path in args.reports:
        report = json.loads(pathlib.Path(path).read_text())
        nights = report["nights"]
        preset = pathlib.Path(path).resolve().parent.name
        x = list(range(1, len(nights) + 1))
        seconds = [n["seconds"] for n in nights]
        label = f"{preset}: {report['input_rows']['impressions']:,} impressions over {len(nights)} nights"
        (line,) = ax.plot(x, seconds, marker="o", label=label)
        empty = [(i, s) for i, s, n in zip(x, seconds, nights) if n.get("impressions_landed", 0) == 0]
        if empty:
            ax.plot(*zip(*empty), linestyle="none", marker="o", markerfacecolor="white", color=line.get_color())

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("night (landed date, 1 = first)")
    ax.set_ylabel("seconds")
    ax.set_ylim(bottom=0)
    ax.set_title("notepath nightly runs: seconds per night (hollow: no impressions landed)")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.output)
    print(f"plot: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
