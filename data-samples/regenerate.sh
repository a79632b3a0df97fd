#!/usr/bin/env bash
# Regenerates the bundled sample from data-samples/simulate.conf with the project's simulator:
#
#   data-samples/regenerate.sh        # then: ./bin/notepath run (must exit 0 on every date)
#
# 1. `bin/notepath simulate --config data-samples/simulate.conf` into a temporary directory;
# 2. each landing partition of the four tables becomes one part-00000.json.gz: the simulator's
#    lines unchanged, sorted bytewise and gzipped without name or time stamp, so the files do not
#    depend on Spark's task layout or part-file UUIDs;
# 3. the ground truth (ground_truth, ground_truth_faults; the users table is left out) is
#    rewritten as JSON Lines in a fixed row order, one part-00000.json each (StableGroundTruth.java:
#    the simulator's Parquet files differ in bytes from run to run);
# 4. the hand-written edge cases the simulator cannot make (data-samples/edge-cases/<table>/
#    dt=.../part-edge-cases.json) are copied into their landing partitions.
# Deterministic: the same settings give the same bytes; the script ends with a checksum of the
# sample to compare runs with.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
tables=(notes impressions interactions official_picks)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$root/bin/notepath" simulate --config "$here/simulate.conf" --output "$tmp/sim" \
  | tee "$tmp/summary.txt"

# A notes or official_picks day holds ~100 or ~5 rows: one rejected row would pass the job's 1 %
# reject ratio on no day for picks and only alone for notes. Both tables must come out clean
# (apart from duplicates and late picks, which are not rejects); change the seed if they don't.
for table in notes official_picks; do
  if ! grep -Eq "[{ ]$table=\{duplicate=[0-9]+, late=[0-9]+, malformed=0, unknown_note=0, before_publish=0\}" \
    "$tmp/summary.txt"; then
    echo "regenerate.sh: the simulation put rejected rows into $table; pick another seed" >&2
    exit 1
  fi
done

for table in "${tables[@]}"; do
  rm -rf "${here:?}/$table"
  for part in "$tmp/sim/$table"/dt=*; do
    dt="$(basename "$part")"
    mkdir -p "$here/$table/$dt"
    shopt -s nullglob
    files=("$part"/part-*)
    shopt -u nullglob
    if ((${#files[@]} > 0)); then
      cat "${files[@]}" | gzip -dc | LC_ALL=C sort | gzip -n -9 >"$here/$table/$dt/part-00000.json.gz"
    fi

    : >"$here/$table/$dt/_SUCCESS"
  done
done

# The ground truth as JSON Lines in a fixed row order (see StableGroundTruth.java).
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
module_opts="$(sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' "$root/pom.xml")"
# shellcheck disable=SC2086
java -Xmx1g $module_opts -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$root/jobs/target/notepath-jobs-$version.jar:$root/jobs/target/lib/*" \
  "$here/StableGroundTruth.java" "$tmp/sim/_ground_truth" "$tmp/stable"
rm -rf "${here:?}/_ground_truth"
for name in ground_truth ground_truth_faults; do
  mkdir -p "$here/_ground_truth/$name"
  cp "$tmp/stable/$name"/part-00000-*.json "$here/_ground_truth/$name/part-00000.json"
done

for file in "$here"/edge-cases/*/dt=*/part-edge-cases.json; do
  rel="${file#"$here/edge-cases/"}"
  if [[ ! -f "$here/$(dirname "$rel")/_SUCCESS" ]]; then
    echo "regenerate.sh: edge case for a day the simulation did not land: $rel" >&2
    exit 1
  fi

  cp "$file" "$here/$rel"
done

echo "sample checksum: $(cd "$here" && find "${tables[@]}" _ground_truth -type f | LC_ALL=C sort \
  | xargs sha256sum | sha256sum | cut -d' ' -f1)"
