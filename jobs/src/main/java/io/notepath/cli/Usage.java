package io.notepath.cli;

/** The --help texts. */
final class Usage {
  private Usage() {}

  static final String COMMON =
      """
        --input DIR       input root (notepath.input.root): <DIR>/<table>/dt=YYYY-MM-DD/ with _SUCCESS
        --output DIR      output root (notepath.output.root) of the Parquet tables and _runs manifests
        --config FILE     a HOCON file layered over reference.conf (e.g. conf/cluster.conf)
        key=value         any HOCON override, e.g. notepath.stages.window-days=14
        -h, --help        this help

      Exit codes: 0 done, 1 failure, 2 bad arguments or config, 3 input for the date not landed,
      4 reject ratio above notepath.quality.max-reject-ratio (nothing written).
      """;

  static String of(String command) {
    return switch (command) {
      case "run" ->
          """
          Usage: notepath run [--date YYYY-MM-DD] [--input DIR] [--output DIR] [--config FILE] [key=value ...]

          Processes the landing partitions of one day: validates and de-duplicates the raw logs,
          rebuilds the paths of the notes whose cohort may still be open, and overwrites the
          partitions of note_paths, stage_funnel, reach_daily, note_daily, cold_start_outcomes and
          _rejects it touches. Reruns of a date give the same tables.
          Without --date, processes every date landed under the input root, oldest first.

          """
              + COMMON;
      case "backfill" ->
          """
          Usage: notepath backfill --from YYYY-MM-DD --to YYYY-MM-DD [--input DIR] [--output DIR] [--config FILE] [key=value ...]

          Runs each date of the range in order, exactly as the nightly runs would; stops at the
          first date that fails and exits with its code.

          """
              + COMMON;
      case "simulate" ->
          """
          Usage: notepath simulate --output DIR [--config FILE] [key=value ...]

          Writes simulated raw logs (notes, impressions, interactions, official_picks in the input
          contract, landing partitions with _SUCCESS) and a _ground_truth table under DIR.
          Scale, seed, rates and faults are notepath.simulate.* keys, e.g.
            notepath simulate --output /tmp/sim notepath.simulate.notes-per-day=1000 notepath.simulate.days=3

            --output DIR      where to write the simulated input root
            --config FILE     a HOCON file layered over reference.conf
            key=value         any HOCON override
            -h, --help        this help
          """;
      default ->
          """
          notepath: reconstructs each note's path through the platform's distribution mechanism
          (fan and explore distribution, cold-start pool, promotion ladder, hot feed, official
          picks) from impression and interaction logs, and writes funnel and reach tables.

          Usage: notepath <command> [options] [key=value ...]

          Commands:
            run        process one landing date (--date D), or every landed date when none is given
            backfill   process a range of dates in order (--from A --to B)
            simulate   write simulated raw logs with ground truth (for tests, demos and benchmarks)
            help       this help; `notepath <command> --help` for a command's options

          """
              + COMMON;
    };
  }
}
